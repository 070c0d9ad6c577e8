"""``firth evaluate`` through the command line (typer's test runner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from firth import Embeddings
from firth.cli.evaluate import evaluate_command

runner = CliRunner()

PAIRS = "# w1\tw2\tscore\nman\twoman\t8\nking\tqueen\t9\nman\tapple\t1\nking\tzebra\t3\n"


def _app() -> typer.Typer:
    """An app with the command under its documented name (as firth.cli registers it)."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command("evaluate")(evaluate_command)

    @app.callback()
    def main() -> None:
        """firth (test)."""

    return app


@pytest.fixture
def paths(tmp_path: Path, toy: Embeddings, toy_questions: str) -> dict[str, Path]:
    toy.save(tmp_path / "model")
    toy.save_word2vec(tmp_path / "vectors.txt")
    (tmp_path / "questions-words.txt").write_text(toy_questions)
    (tmp_path / "pairs.tsv").write_text(PAIRS)
    (tmp_path / "msr.txt").write_text("king queen man woman\nwoman man queen : king\n")
    return {
        "model": tmp_path / "model",
        "w2v": tmp_path / "vectors.txt",
        "questions": tmp_path / "questions-words.txt",
        "pairs": tmp_path / "pairs.tsv",
        "msr": tmp_path / "msr.txt",
        "folder": tmp_path,
    }


def test_json_report(paths: dict[str, Path]) -> None:
    result = runner.invoke(
        _app(),
        [
            "evaluate",
            str(paths["model"]),
            "--analogies",
            str(paths["questions"]),
            "-a",
            str(paths["msr"]),
            "--similarity",
            str(paths["pairs"]),
            "--method",
            "3cosadd",
            "--method",
            "3cosmul",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["methods"] == ["3cosadd", "3cosmul"]
    summary = [
        (r["dataset"], r["method"], r["total"]["correct"], r["total"]["attempted"])
        for r in report["analogies"]
    ]
    assert summary == [
        ("questions-words", "3cosadd", 2, 4),
        ("questions-words", "3cosmul", 2, 4),
        ("msr", "3cosadd", 2, 2),
        ("msr", "3cosmul", 2, 2),
    ]
    first = report["analogies"][0]
    assert [(s["name"], s["oov"]) for s in first["sections"]] == [
        ("family", 0),
        ("gram1-plural", 1),
    ]
    assert first["semantic"]["accuracy"] == pytest.approx(1 / 3)
    (pairs,) = report["similarity"]
    assert (pairs["pairs"], pairs["oov"]) == (4, 1)
    # man-woman .7071 (8), king-queen .8165 (9), man-apple -1 (1): same order.
    assert pairs["spearman"] == pytest.approx(1.0)


def test_table_output_and_word2vec_model(paths: dict[str, Path]) -> None:
    result = runner.invoke(
        _app(),
        [
            "evaluate",
            str(paths["w2v"]),
            "-a",
            str(paths["questions"]),
            "-s",
            str(paths["pairs"]),
            "--restrict",
            "4",
        ],
    )
    assert result.exit_code == 0, result.output
    output = result.stdout
    assert "7 words, restricted to the 4 most frequent; case-insensitive" in output
    assert "questions-words: analogies, 3cosadd" in output
    assert "gram1-plural" in output
    assert "100.00" in output
    assert "[total]" in output  # summary rows are not taken for rich markup
    assert "[semantic]" in output
    assert "word similarity" in output


def test_case_sensitive_option(paths: dict[str, Path]) -> None:
    (paths["folder"] / "upper.txt").write_text(": s\nMAN WOMAN KING QUEEN\nman woman king queen\n")
    args = ["evaluate", str(paths["model"]), "-a", str(paths["folder"] / "upper.txt"), "--json"]
    insensitive = json.loads(runner.invoke(_app(), args).stdout)
    sensitive = json.loads(runner.invoke(_app(), [*args, "--case-sensitive"]).stdout)
    assert insensitive["analogies"][0]["total"]["attempted"] == 2
    assert sensitive["analogies"][0]["total"]["attempted"] == 1
    assert sensitive["case_insensitive"] is False


def test_reading_options(paths: dict[str, Path]) -> None:
    lemma = paths["folder"] / "men.txt"
    lemma.write_text("man-n woman-n 8\nking-n queen-n 9\nman-n apple-n 1\nbad line\n")
    args = ["evaluate", str(paths["model"]), "-s", str(lemma), "--json"]
    failed = runner.invoke(_app(), args)
    assert failed.exit_code == 2
    assert "line 4" in failed.output
    result = runner.invoke(_app(), [*args, "--strip-pos", "--skip-malformed"])
    assert result.exit_code == 0, result.output
    (pairs,) = json.loads(result.stdout)["similarity"]
    assert (pairs["pairs"], pairs["oov"], pairs["malformed"]) == (3, 0, 1)


def test_errors_exit_with_status_2(paths: dict[str, Path]) -> None:
    nothing = runner.invoke(_app(), ["evaluate", str(paths["model"])])
    assert nothing.exit_code == 2
    assert "nothing to evaluate" in nothing.output
    bad = paths["folder"] / "bad.txt"
    bad.write_text(": s\nman woman king\n")
    malformed = runner.invoke(_app(), ["evaluate", str(paths["model"]), "-a", str(bad)])
    assert malformed.exit_code == 2
    assert "line 2" in malformed.output
    assert "Traceback" not in malformed.output
    missing = runner.invoke(_app(), ["evaluate", str(paths["model"]), "-a", "nowhere.txt"])
    assert missing.exit_code == 2
    wrong_method = runner.invoke(
        _app(), ["evaluate", str(paths["model"]), "-a", str(bad), "--method", "cos"]
    )
    assert wrong_method.exit_code == 2
    not_a_model = runner.invoke(
        _app(), ["evaluate", str(paths["pairs"]), "-s", str(paths["pairs"])]
    )
    assert not_a_model.exit_code == 2
    assert "error:" in not_a_model.output
