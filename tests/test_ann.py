"""Tests of the approximate nearest-neighbour index (firth.queries.ann, extra ``firth[ann]``)."""

from __future__ import annotations

import importlib
import subprocess
import sys
from typing import Any

import numpy as np
import pytest

from firth.embeddings import Embeddings
from firth.errors import ConfigError, FirthError, UnknownWordError
from firth.queries import AnnIndex, MissingExtraError
from firth.vocab import Vocab


def _random(n: int, dim: int, seed: int = 0) -> Embeddings:
    vectors = np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)
    return Embeddings(Vocab([f"w{i}" for i in range(n)]), vectors)


def _assert_same(got: list[tuple[str, float]], want: list[tuple[str, float]]) -> None:
    assert [w for w, _ in got] == [w for w, _ in want]
    np.testing.assert_allclose([s for _, s in got], [s for _, s in want], atol=1e-6)


def test_importing_firth_does_not_import_hnswlib() -> None:
    code = "import sys, firth, firth.queries; print('hnswlib' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_missing_library_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> Any:
        if name == "hnswlib":
            raise ModuleNotFoundError("No module named 'hnswlib'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(MissingExtraError, match=r"pip install 'firth\[ann\]'") as info:
        _random(10, 4).build_index()
    assert isinstance(info.value, ImportError)
    assert isinstance(info.value, FirthError)


@pytest.fixture(scope="module")
def emb() -> Embeddings:
    pytest.importorskip("hnswlib")
    return _random(2000, 32)


@pytest.fixture(scope="module")
def index(emb: Embeddings) -> AnnIndex:
    return emb.build_index(threads=1, seed=0)


def test_recall_on_random_vectors(index: AnnIndex) -> None:
    assert index.size == 2000
    recall = index.recall(k=10, sample=500)
    assert 0.9 <= recall <= 1.0
    assert index.recall(k=10, sample=500) == recall  # deterministic
    assert index.recall(k=10, sample=10**6) >= 0.9  # more than the index: every word


def test_recall_is_measured_against_exact_search(emb: Embeddings) -> None:
    # A deliberately poor graph: recall must drop well below 1, proving it is measured.
    poor = emb.build_index(m=2, ef_construction=4, ef=1, threads=1)
    assert poor.recall(k=10, sample=300) < 0.9


def test_answers_have_exact_scores_and_order(emb: Embeddings, index: AnnIndex) -> None:
    unit = np.asarray(emb.unit_vectors, dtype=np.float64)
    for word in ("w0", "w5", "w1999"):
        approx = index.most_similar(word, k=10)
        exact = emb.most_similar(word, k=10)
        assert len(approx) == 10
        assert word not in [w for w, _ in approx]
        i = emb.vocab.index(word)
        for answer, score in approx:
            assert score == pytest.approx(unit[emb.vocab.index(answer)] @ unit[i], abs=1e-5)
        scores = [s for _, s in approx]
        assert scores == sorted(scores, reverse=True)
        assert len({w for w, _ in approx} & {w for w, _ in exact}) >= 8


def test_query_kinds_and_exclusions(emb: Embeddings, index: AnnIndex) -> None:
    vector = emb["w3"]
    assert index.most_similar(vector, k=1)[0][0] == "w3"  # vector queries exclude nothing
    assert index.most_similar("w3", k=1, exclude_self=False)[0][0] == "w3"
    excluded = [w for w, _ in emb.most_similar("w3", k=5)]
    approx = index.most_similar("w3", k=5, exclude=excluded)
    assert not {w for w, _ in approx} & set(excluded)
    query = emb.w("w1") - emb.w("w2") + emb.w("w3")
    answers = [w for w, _ in index.most_similar(query, k=10)]
    assert not {"w1", "w2", "w3"} & set(answers)
    with pytest.raises(UnknownWordError, match="'nope'"):
        index.most_similar("nope")
    with pytest.raises(ConfigError, match="k must be an integer >= 1"):
        index.most_similar("w1", k=0)


def test_batch_equals_single_queries(index: AnnIndex) -> None:
    words = [f"w{i}" for i in range(0, 2000, 97)]
    batch = index.most_similar_batch(words, k=7, exclude=["w1"])
    assert batch.indices.shape == (len(words), 7)
    for word, answers in zip(words, batch, strict=True):
        assert answers == index.most_similar(word, k=7, exclude=["w1"])
    vectors = np.random.default_rng(1).normal(size=(5, 32))
    assert index.most_similar_batch(vectors, k=3).to_list() == [
        index.most_similar(v, k=3) for v in vectors
    ]


def test_restricted_small_index(emb: Embeddings) -> None:
    small = emb.build_index(restrict=50, threads=1)
    assert small.size == 50
    answers = small.most_similar("w10", k=100)
    assert len(answers) == 49  # every other indexed word, nothing beyond the first 50
    assert {w for w, _ in answers} == {f"w{i}" for i in range(50)} - {"w10"}
    _assert_same(answers, emb.most_similar("w10", k=100, restrict=50))
    # A query word outside the index is still a valid query.
    _assert_same(small.most_similar("w1500", k=3), emb.most_similar("w1500", k=3, restrict=50))
    assert small.recall(k=5) == 1.0


def test_build_is_reproducible_with_one_thread(emb: Embeddings, index: AnnIndex) -> None:
    again = emb.build_index(threads=1, seed=0)
    words = [f"w{i}" for i in range(40)]
    assert again.most_similar_batch(words).to_list() == index.most_similar_batch(words).to_list()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "annoy"}, "kind must be one of 'hnsw'"),
        ({"m": 0}, "m must be an integer >= 1"),
        ({"ef_construction": 1.5}, "ef_construction must be an integer >= 1"),
        ({"ef": -1}, "ef must be an integer >= 1"),
        ({"threads": 0}, "threads must be an integer >= 1 or None"),
        ({"seed": -1}, "seed must be an integer >= 0"),
        ({"restrict": 0}, "restrict must be an integer >= 1 or None"),
    ],
)
def test_build_parameters_are_validated(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        _random(10, 4).build_index(**kwargs)


def test_recall_parameters_are_validated(index: AnnIndex) -> None:
    with pytest.raises(ConfigError, match="sample must be an integer >= 1"):
        index.recall(sample=0)
    with pytest.raises(ConfigError, match="seed must be an integer >= 0"):
        index.recall(seed=-1)
    assert repr(index) == "AnnIndex(kind='hnsw', size=2000, ef=64)"
