"""Word-similarity scores worked out by hand on four 2-D vectors."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from firth import Embeddings, Vocab
from firth.evaluate import WordPairDataset, evaluate_similarity, parse_word_pairs

# a = (1, 0), b = (1, 1), c = (0, 1), d = (-1, 0): cos(a, a) = 1, cos(a, b) = .7071,
# cos(a, c) = 0, cos(a, d) = -1.
PAIRS = """\
# word1\tword2\tscore
a\ta\t10
a\tb\t8
A\tc\t8.5
a\td\t1
a\tzebra\t5
"""


@pytest.fixture
def square() -> Embeddings:
    return Embeddings(Vocab(["a", "b", "c", "d"]), [[1, 0], [1, 1], [0, 1], [-1, 0]])


def test_hand_computed_correlations(square: Embeddings, tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(PAIRS)
    result = evaluate_similarity(square, path)
    assert (result.pairs, result.used, result.oov) == (5, 4, 1)
    assert result.oov_ratio == 0.2
    # Spearman: human ranks (4, 2, 3, 1), model ranks (4, 3, 2, 1): sum of d^2 = 2, so
    # rho = 1 - 6 * 2 / (4 * (16 - 1)) = 0.8.
    assert result.spearman == pytest.approx(0.8)
    # Pearson, by its definition.
    x = np.array([1.0, math.sqrt(0.5), 0.0, -1.0])
    y = np.array([10.0, 8.0, 8.5, 1.0])
    dx, dy = x - x.mean(), y - y.mean()
    expected = (dx @ dy) / math.sqrt((dx @ dx) * (dy @ dy))
    assert result.pearson == pytest.approx(expected, abs=1e-6)
    assert result.pearson == pytest.approx(0.91564, abs=1e-5)  # by hand: 9.7955 / 10.6979
    assert (result.dataset, result.source, result.score_column) == ("pairs", str(path), 2)


def test_case_sensitive_counts_the_capitalised_word_as_unknown(square: Embeddings) -> None:
    data = parse_word_pairs(PAIRS.splitlines())
    result = evaluate_similarity(square, data, case_insensitive=False)
    assert (result.used, result.oov) == (3, 2)
    # x = (1, .7071, -1), y = (10, 8, 1): same order, rho = 1.
    assert result.spearman == pytest.approx(1.0)


def test_restrict(square: Embeddings) -> None:
    data = parse_word_pairs(PAIRS.splitlines())
    result = evaluate_similarity(square, data, restrict=2)
    # Only a and b: two pairs kept, (a, a) and (a, b), in the same order on both sides.
    assert (result.used, result.oov, result.vocab_size) == (2, 3, 2)
    assert result.pearson == pytest.approx(1.0)
    assert result.spearman == pytest.approx(1.0)


def test_undefined_correlations_are_none(square: Embeddings) -> None:
    one = WordPairDataset("one", [("a", "b"), ("a", "zebra")], [3.0, 4.0])
    result = evaluate_similarity(square, one)
    assert (result.pearson, result.spearman, result.used) == (None, None, 1)
    flat = WordPairDataset("flat", [("a", "b"), ("a", "c"), ("a", "d")], [5.0, 5.0, 5.0])
    assert evaluate_similarity(square, flat).pearson is None
    unknown = WordPairDataset("unknown", [("x", "y")], [1.0])
    result = evaluate_similarity(square, unknown)
    assert (result.oov, result.oov_ratio, result.spearman) == (1, 1.0, None)
    assert result.to_dict()["pearson"] is None


def test_pairs_use_the_most_frequent_spelling() -> None:
    # "Cat" comes first: its vector is used for "cat" (and "CAT").
    emb = Embeddings(Vocab(["Cat", "dog", "cat", "car"]), [[1, 0.1], [1, 0.3], [-1, 0], [0.2, 1]])
    data = WordPairDataset("d", [("cat", "dog"), ("CAT", "car"), ("dog", "car")], [9, 2, 3])
    result = evaluate_similarity(emb, data)
    cat, dog, car = (np.array(v) / np.linalg.norm(v) for v in ([1, 0.1], [1, 0.3], [0.2, 1]))
    model = [cat @ dog, cat @ car, dog @ car]
    assert np.argsort(model).tolist() == [1, 2, 0]  # same order as the human scores
    assert result.spearman == pytest.approx(1.0)
    assert result.oov == 0
