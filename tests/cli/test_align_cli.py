"""``firth align`` through the command line (typer's test runner)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from firth import Embeddings, Vocab
from firth.cli import app

runner = CliRunner()


def _app() -> typer.Typer:
    """The firth command line, where ``align`` is registered."""
    return app


@pytest.fixture
def paths(tmp_path: Path) -> dict[str, Path]:
    """English-like vectors = Italian-like vectors rotated; a seed and a test dictionary."""
    rng = np.random.default_rng(0)
    n, dim = 120, 8
    italian = rng.standard_normal((n, dim)).astype(np.float32)
    rotation, _ = np.linalg.qr(rng.standard_normal((dim, dim)))
    english = (italian @ rotation).astype(np.float32)
    order = rng.permutation(n)
    Embeddings(Vocab([f"en{i}" for i in order]), english[order]).save_word2vec(tmp_path / "en.txt")
    Embeddings(Vocab([f"it{i}" for i in range(n)]), italian).save(tmp_path / "it")
    seed = "".join(f"en{i} it{i}\n" for i in range(40)) + "unknown sconosciuto\n"
    (tmp_path / "seed.txt").write_text("# en it\n" + seed)
    (tmp_path / "test.txt").write_text("".join(f"en{i}\tit{i}\n" for i in range(40, n)))
    return {
        "en": tmp_path / "en.txt",
        "it": tmp_path / "it",
        "seed": tmp_path / "seed.txt",
        "test": tmp_path / "test.txt",
        "folder": tmp_path,
    }


def test_table_output(paths: dict[str, Path]) -> None:
    args = ["align", str(paths["en"]), str(paths["it"]), "--dict", str(paths["seed"])]
    result = runner.invoke(_app(), [*args, "--test", str(paths["test"])])
    assert result.exit_code == 0, result.output
    assert "40 used, 1 skipped" in result.stdout
    assert "procrustes, normalize=unit" in result.stdout
    for column in ("P@1", "P@5", "P@10"):
        assert column in result.stdout
    assert "1.000" in result.stdout
    assert "80 of 80" in result.stdout  # words evaluated
    assert "0 of 80" in result.stdout  # test pairs skipped
    plain = runner.invoke(_app(), args)  # without --test: the summary only
    assert plain.exit_code == 0, plain.output
    assert "P@1" not in plain.stdout


def test_json_output_and_mapped_embeddings(paths: dict[str, Path]) -> None:
    mapped = paths["folder"] / "en-in-it"
    result = runner.invoke(
        _app(),
        [
            "align",
            str(paths["en"]),
            str(paths["it"]),
            "-d",
            str(paths["seed"]),
            "-t",
            str(paths["test"]),
            "--method",
            "lstsq",
            "--retrieval",
            "nn",
            "--refine",
            "2",
            "-k",
            "5",
            "-o",
            str(mapped),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["method"] == "lstsq"
    assert (report["pairs_used"], report["pairs_skipped"]) == (40, 1)
    assert report["dims"] == [8, 8]
    assert report["test"]["retrieval"] == "nn"
    assert report["test"]["precision@1"] == 1.0
    assert report["test"]["queries"] == 80
    assert len(report["refined"]) <= 2
    assert report["output"] == str(mapped)
    back = Embeddings.load(mapped)
    assert len(back) == 120
    assert back.metadata["alignment"]["method"] == "lstsq"
    italian = Embeddings.load(paths["it"])
    assert italian.similar_by_vector(back["en77"], k=1)[0][0] == "it77"


def test_errors_exit_with_status_2(paths: dict[str, Path]) -> None:
    base = ["align", str(paths["en"]), str(paths["it"])]
    missing = runner.invoke(_app(), [*base, "--dict", str(paths["folder"] / "nowhere.txt")])
    assert missing.exit_code == 2
    no_dict = runner.invoke(_app(), base)
    assert no_dict.exit_code == 2
    bad = paths["folder"] / "bad.txt"
    bad.write_text("en1 it1\nen2\n")
    malformed = runner.invoke(_app(), [*base, "--dict", str(bad)])
    assert malformed.exit_code == 2
    assert "line 2" in malformed.output
    assert "Traceback" not in malformed.output
    reversed_dict = paths["folder"] / "reversed.txt"
    reversed_dict.write_text("it1 en1\nit2 en2\n")
    unusable = runner.invoke(_app(), [*base, "--dict", str(reversed_dict)])
    assert unusable.exit_code == 2
    assert "at least 2" in unusable.output
    wrong_method = runner.invoke(_app(), [*base, "-d", str(paths["seed"]), "--method", "svd"])
    assert wrong_method.exit_code == 2
    not_vectors = runner.invoke(
        _app(), ["align", str(paths["seed"]), str(paths["it"]), "-d", str(paths["seed"])]
    )
    assert not_vectors.exit_code == 2
    assert "error:" in not_vectors.output
