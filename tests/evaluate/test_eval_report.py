"""The evaluation suite and its report: JSON, Markdown and text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from firth import Embeddings
from firth.errors import ConfigError, FormatError
from firth.evaluate import evaluate, parse_word_pairs

PAIRS = "man\twoman\t8\nking\tqueen\t9\nman\tapple\t1\nking\tzebra\t3\n"


@pytest.fixture
def files(tmp_path: Path, toy_questions: str) -> dict[str, Path]:
    questions = tmp_path / "questions-words.txt"
    questions.write_text(toy_questions)
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(PAIRS)
    return {"questions": questions, "pairs": pairs}


def test_suite_runs_every_file_and_method(toy: Embeddings, files: dict[str, Path]) -> None:
    report = evaluate(
        toy, [files["questions"]], [files["pairs"]], methods=("3cosadd", "3cosmul", "3cosadd")
    )
    assert report.methods == ("3cosadd", "3cosmul")  # duplicates dropped, order kept
    assert [(r.dataset, r.method) for r in report.analogies] == [
        ("questions-words", "3cosadd"),
        ("questions-words", "3cosmul"),
    ]
    cosadd, cosmul = report.analogies
    # test_eval_analogy works these out: 3CosAdd 2/4; 3CosMul also 2/4 (apple, woman,
    # empress, king for the four attempted questions).
    assert (cosadd.total.correct, cosadd.total.attempted, cosadd.total.oov) == (2, 4, 1)
    assert (cosmul.total.correct, cosmul.total.attempted) == (2, 4)
    (pairs,) = report.similarity
    assert (pairs.dataset, pairs.pairs, pairs.oov) == ("pairs", 4, 1)
    assert (report.vocab_size, report.restrict, report.case_insensitive) == (7, None, True)


def test_to_dict_is_json(toy: Embeddings, files: dict[str, Path]) -> None:
    report = evaluate(toy, [files["questions"]], [files["pairs"]], restrict=4)
    data = json.loads(json.dumps(report.to_dict(), allow_nan=False))
    assert data["restrict"] == 4
    assert data["methods"] == ["3cosadd"]
    (analogies,) = data["analogies"]
    assert analogies["total"] == {
        "name": "total",
        "category": None,
        "questions": 5,
        "attempted": 3,
        "correct": 3,
        "oov": 2,
        "accuracy": 1.0,
    }
    assert [s["name"] for s in analogies["sections"]] == ["family", "gram1-plural"]
    assert analogies["semantic"]["attempted"] == 2
    assert analogies["syntactic"]["correct"] == 1
    assert analogies["vocab_size"] == 4
    (pairs,) = data["similarity"]
    # restrict=4 leaves man, woman, king, queen: two pairs kept, ranked alike.
    assert (pairs["used"], pairs["oov"], pairs["oov_ratio"]) == (2, 2, 0.5)
    assert pairs["spearman"] == pytest.approx(1.0)


def test_markdown_and_text(toy: Embeddings, files: dict[str, Path]) -> None:
    report = evaluate(toy, [files["questions"]], [files["pairs"]])
    markdown = report.to_markdown()
    assert markdown.startswith(
        "7 words; case-insensitive\n\n### questions-words: analogies, 3cosadd"
    )
    assert "| family | 1 | 3 | 0 | 33.33 |" in markdown
    assert "| gram1-plural | 1 | 1 | 1 | 100.00 |" in markdown
    assert "| [semantic] | 1 | 3 | 0 | 33.33 |" in markdown
    assert "| [total] | 2 | 4 | 1 | 50.00 |" in markdown
    assert "| pairs | 4 | 1 |" in markdown
    text = report.to_text()
    lines = text.splitlines()
    assert "section       correct  attempted  oov  accuracy %" in lines
    assert "[syntactic]         1          1    1      100.00" in lines
    assert "[total]             2          4    1       50.00" in lines
    restricted = evaluate(toy, similarity=[files["pairs"]], restrict=3)
    assert restricted.caption() == "7 words, restricted to the 3 most frequent; case-insensitive"
    # One pair left (man, woman): no correlation.
    assert restricted.tables()[0].rows == (("pairs", "4", "3", "-", "-"),)


def test_single_items_and_datasets(toy: Embeddings, files: dict[str, Path]) -> None:
    pairs = parse_word_pairs(PAIRS.splitlines(), name="mine")
    report = evaluate(toy, files["questions"], pairs, methods="3cosmul")  # type: ignore[arg-type]
    assert [r.method for r in report.analogies] == ["3cosmul"]
    assert report.similarity[0].dataset == "mine"


def test_suite_errors(toy: Embeddings, files: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nothing to evaluate"):
        evaluate(toy)
    with pytest.raises(ConfigError, match="at least one"):
        evaluate(toy, [files["questions"]], methods=[])
    with pytest.raises(ConfigError, match="method must be"):
        evaluate(toy, [files["questions"]], methods=["cosine"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="list of files"):
        evaluate(toy, 3)  # type: ignore[arg-type]
    bad = tmp_path / "bad.tsv"
    bad.write_text("a\tb\t1\nc\td\n")
    with pytest.raises(FormatError, match=r"bad\.tsv, line 2"):
        evaluate(toy, [files["questions"]], [files["pairs"], bad])
