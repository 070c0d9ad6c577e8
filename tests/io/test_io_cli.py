"""``firth convert`` and ``firth export`` through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from firth.cli.convert import convert_command, export_command
from firth.embeddings import Embeddings
from firth.io.native import load_native
from firth.io.registry import load_embeddings, save_embeddings, sniff_format
from firth.vocab import Vocab

runner = CliRunner()

# The commands on an app of their own, so that these tests do not depend on how the main
# app registers them (as `firth convert` and `firth export`).
app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
app.command("convert")(convert_command)
app.command("export")(export_command)

WORDS = ["the", "café", "日本", "🙂", "a\u00a0b"]


@pytest.fixture
def model(tmp_path: Path) -> Path:
    vectors = np.random.default_rng(9).normal(size=(len(WORDS), 4)).astype(np.float32)
    emb = Embeddings(Vocab(WORDS, counts=[9, 7, 5, 3, 1]), vectors)
    emb.save(tmp_path / "model")
    return tmp_path / "model"


def _flat(output: str) -> str:
    """The output with rich's line wrapping and box borders undone."""
    return " ".join(output.replace("│", " ").split())


def _ok(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_convert_between_every_format(model: Path, tmp_path: Path) -> None:
    original = load_embeddings(model)
    chain = [
        ("vectors.bin", None, "word2vec-binary"),  # from the suffix
        ("vectors.txt", None, "word2vec"),
        ("vectors.vec", None, "word2vec"),  # fastText .vec: word2vec text
        ("glove.txt", "glove", "glove"),
        ("back", None, "native"),
        ("forced.data", "word2vec-binary", "word2vec-binary"),
    ]
    source = model
    for name, to, sniffed in chain:
        target = tmp_path / name
        args = ["convert", str(source), str(target)] + (["--to", to] if to else [])
        output = _ok(*args)
        assert "wrote 5 words x 4 dimensions to" in _flat(output)
        assert sniff_format(target) == sniffed
        back = load_embeddings(target)
        assert back.words == WORDS
        np.testing.assert_allclose(back.vectors, original.vectors, rtol=1e-4, atol=1e-6)
        source = target


def test_convert_limit_from_and_dtype(model: Path, tmp_path: Path) -> None:
    save_embeddings(load_embeddings(model), tmp_path / "g.txt", format="glove")
    _ok(
        "convert",
        str(tmp_path / "g.txt"),
        str(tmp_path / "small"),
        "--from",
        "glove",
        "--limit",
        "2",
        "--dtype",
        "float16",
    )
    manifest, _ = load_native(tmp_path / "small")
    assert manifest["arrays"]["vectors"]["dtype"] == "<f2"
    small = load_embeddings(tmp_path / "small", dtype="float16")
    assert small.words == WORDS[:2]
    assert small.vectors.dtype == np.float16


def test_convert_skip_reports_dropped_rows(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"the 1 2\nbad 1\ncat 3 4\n")
    result = runner.invoke(
        app, ["convert", str(tmp_path / "bad.txt"), str(tmp_path / "out.txt"), "--errors", "skip"]
    )
    assert result.exit_code == 0, result.output
    assert "skipped 1 bad rows" in _flat(result.output)
    assert load_embeddings(tmp_path / "out.txt").words == ["the", "cat"]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"2 3\nthe 0.1 0.2 0.3\ncat 1 zwei 3\n", [], "line 3: b'zwei' is not a number"),
        (b"hello world\n", [], "cannot tell the format"),
        (b"the 1 2\n", ["--from", "word2vec"], "bad header"),
        (b"the 1 2\n", ["--to", "xml"], "Invalid value for '--to'"),
    ],
)
def test_convert_errors_are_messages(
    tmp_path: Path, content: bytes, args: list[str], message: str
) -> None:
    (tmp_path / "in").write_bytes(content)
    result = runner.invoke(app, ["convert", str(tmp_path / "in"), str(tmp_path / "out"), *args])
    assert result.exit_code == 2, result.output
    assert message in _flat(result.output)
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_convert_refuses_words_the_target_cannot_hold(tmp_path: Path) -> None:
    Embeddings(Vocab(["ok", "two words"]), np.ones((2, 2))).save(tmp_path / "m")
    result = runner.invoke(app, ["convert", str(tmp_path / "m"), str(tmp_path / "v.txt")])
    assert result.exit_code == 2
    assert "cannot be written" in _flat(result.output)


def test_convert_missing_input(tmp_path: Path) -> None:
    result = runner.invoke(app, ["convert", str(tmp_path / "nope"), str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "does not exist" in _flat(result.output)


def test_export(model: Path, tmp_path: Path) -> None:
    output = _ok("export", str(model), "--projector", str(tmp_path / "p"), "--limit", "3")
    assert "exported 3 words x 4 dimensions" in _flat(output)
    rows = (tmp_path / "p" / "metadata.tsv").read_text().splitlines()
    assert rows == ["word\tcount", "the\t9", "café\t7", "日本\t5"]
    config = json.loads((tmp_path / "p" / "config.json").read_text())
    assert config["embeddings"][0]["tensorShape"] == [3, 4]
    _ok("export", str(model), "--projector", str(tmp_path / "q"), "--no-counts")
    assert (tmp_path / "q" / "metadata.tsv").read_text().splitlines() == WORDS


def test_export_refuses_tokens_the_projector_misparses(tmp_path: Path) -> None:
    Embeddings(Vocab(["ok", "tab\there"]), np.ones((2, 2))).save(tmp_path / "m")
    result = runner.invoke(app, ["export", str(tmp_path / "m"), "--projector", str(tmp_path / "p")])
    assert result.exit_code == 2
    assert "'tab\\there'" in _flat(result.output)
    _ok("export", str(tmp_path / "m"), "--projector", str(tmp_path / "p"), "--limit", "1")
