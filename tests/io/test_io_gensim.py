"""Conversion to and from gensim's KeyedVectors (skipped where gensim is not installed)."""

from __future__ import annotations

import importlib
from pathlib import Path

import numpy as np
import pytest

from firth.embeddings import Embeddings
from firth.errors import ConfigError
from firth.io import gensim as firth_gensim
from firth.io.gensim import from_gensim, to_gensim
from firth.io.registry import load_embeddings, save_embeddings
from firth.vocab import Vocab

gensim_models = pytest.importorskip("gensim.models")

WORDS = ["the", "café", "日本", "🙂", "a\u00a0b"]


def _embeddings(counts: list[int] | None = None) -> Embeddings:
    vectors = np.random.default_rng(5).normal(size=(len(WORDS), 4)).astype(np.float32)
    return Embeddings(Vocab(WORDS, counts), vectors)


def test_round_trip_keeps_words_vectors_and_counts() -> None:
    emb = _embeddings(counts=[50, 40, 30, 20, 10])
    kv = to_gensim(emb)
    assert isinstance(kv, gensim_models.KeyedVectors)
    assert kv.index_to_key == WORDS
    np.testing.assert_array_equal(kv.vectors, emb.vectors)
    assert [kv.get_vecattr(w, "count") for w in WORDS] == [50, 40, 30, 20, 10]
    assert kv.most_similar("the", topn=1)[0][0] == emb.most_similar("the", k=1)[0][0]
    back = from_gensim(kv)
    assert back.words == WORDS
    np.testing.assert_array_equal(back.vectors, emb.vectors)
    assert back.vocab.counts is not None
    assert back.vocab.counts.tolist() == [50, 40, 30, 20, 10]
    kv.vectors[0, 0] = 123.0  # the vectors were copied
    assert back.vectors[0, 0] != 123.0


def test_without_counts() -> None:
    kv = to_gensim(_embeddings())
    assert "count" not in kv.expandos
    assert from_gensim(kv).vocab.counts is None


def test_empty() -> None:
    emb = Embeddings(Vocab([]), np.zeros((0, 3), dtype=np.float32))
    kv = to_gensim(emb)
    assert len(kv) == 0
    assert kv.vector_size == 3


def test_files_written_by_one_read_by_the_other(tmp_path: Path) -> None:
    emb = _embeddings()
    save_embeddings(emb, tmp_path / "firth.bin", format="word2vec-binary")
    kv = gensim_models.KeyedVectors.load_word2vec_format(str(tmp_path / "firth.bin"), binary=True)
    assert kv.index_to_key == WORDS
    np.testing.assert_array_equal(kv.vectors, emb.vectors)
    kv.save_word2vec_format(str(tmp_path / "gensim.txt"), binary=False)
    back = load_embeddings(tmp_path / "gensim.txt")
    assert back.words == WORDS
    np.testing.assert_allclose(back.vectors, emb.vectors, atol=1e-6)
    # gensim invents descending counts when it reads a file; from_gensim keeps them
    assert from_gensim(kv).vocab.counts.tolist() == [5, 4, 3, 2, 1]  # type: ignore[union-attr]


def test_from_a_trained_model() -> None:
    sentences = [["the", "cat", "sat"], ["the", "dog", "sat"]] * 20
    model = gensim_models.Word2Vec(sentences, vector_size=8, min_count=1, workers=1, seed=1)
    with pytest.raises(TypeError, match=r"pass model\.wv"):
        from_gensim(model)
    emb = from_gensim(model.wv)
    assert emb.words == model.wv.index_to_key
    np.testing.assert_array_equal(emb.vectors, model.wv.vectors)
    assert emb.vocab.counts is not None
    assert emb.vocab.counts.tolist() == [model.wv.get_vecattr(w, "count") for w in emb.words]


def test_non_string_keys_are_refused() -> None:
    kv = gensim_models.KeyedVectors(vector_size=2)
    kv.add_vectors([0, 1], np.ones((2, 2), dtype=np.float32))
    with pytest.raises(ConfigError, match="key 0 of the KeyedVectors is a int"):
        from_gensim(kv)


def test_clear_error_without_gensim(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> object:
        if name.startswith("gensim"):
            raise ImportError("No module named 'gensim'")
        return real(name, package)

    monkeypatch.setattr(firth_gensim.importlib, "import_module", fake)
    with pytest.raises(ImportError, match="pip install gensim"):
        to_gensim(_embeddings())
