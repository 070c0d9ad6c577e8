"""Vocab: eager and packed (lazily decoded) vocabularies behave the same."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import firth
from firth.embeddings import Embeddings
from firth.errors import FormatError, UnknownWordError, VocabularyError
from firth.io.native import encode_words
from firth.vocab import Vocab

WORDS = ["the", "café", "日本", "", "a\u00a0b", "🙂"]


def _packed(words: list[str], counts: list[int] | None = None) -> Vocab:
    return Vocab.from_utf8(*encode_words(words), counts, source="src")


def test_packed_and_eager_agree() -> None:
    counts = [9, 5, 4, 3, 2, 1]
    eager, packed = Vocab(WORDS, counts), _packed(WORDS, counts)
    assert len(packed) == len(WORDS)
    assert [packed.word(i) for i in range(-len(WORDS), len(WORDS))] == WORDS + WORDS
    assert repr(packed) == repr(eager)
    assert packed == eager
    assert packed.words == WORDS
    assert list(packed) == WORDS
    assert [packed.index(w) for w in WORDS] == list(range(len(WORDS)))
    assert "日本" in packed
    assert "japan" not in packed
    assert packed.get_index("japan") == -1
    assert packed.counts is not None
    assert packed.counts.tolist() == counts
    assert packed.total == eager.total == sum(counts)
    with pytest.raises(IndexError):
        packed.word(len(WORDS))
    with pytest.raises(UnknownWordError):
        packed.index("Café")


def test_single_words_are_decoded_without_the_rest() -> None:
    # A lookup by position does not build the index, so a duplicate word (which only a
    # damaged file can hold) is reported at the first lookup by word.
    packed = _packed(["x", "y", "x"])
    assert packed.word(1) == "y"
    assert len(packed) == 3
    with pytest.raises(FormatError, match=r"src: duplicate words \['x'\]"):
        packed.index("y")
    with pytest.raises(FormatError, match="duplicate"):
        _ = "y" in packed


def test_packed_arrays_are_validated_at_once() -> None:
    data, offsets = encode_words(["ok", "fine"])
    data[0] = 0xFF
    with pytest.raises(FormatError, match="src: word 0 is not valid UTF-8"):
        Vocab.from_utf8(data, offsets, source="src")
    data, offsets = encode_words(["é"])
    with pytest.raises(FormatError, match="word 0 is not valid UTF-8"):
        Vocab.from_utf8(data, np.array([0, 1, 2]))  # a character split between two words
    with pytest.raises(FormatError, match="src: invalid counts"):
        _packed(["a", "b"], [1])
    with pytest.raises(FormatError, match="start at 0"):
        Vocab.from_utf8(data, np.array([1, 2]))


@pytest.mark.parametrize("lazy", [True, False])
def test_prefix(lazy: bool) -> None:
    counts = [6, 5, 4, 3, 2, 1]
    vocab = _packed(WORDS, counts) if lazy else Vocab(WORDS, counts)
    for n in (0, 2, len(WORDS), 99):
        head = vocab.prefix(n)
        assert head.words == WORDS[:n]
        assert head.counts is not None
        assert head.counts.tolist() == counts[:n]
        assert all(head.index(w) == i for i, w in enumerate(WORDS[:n]))


def test_eager_vocab_checks_at_construction() -> None:
    with pytest.raises(VocabularyError, match=r"duplicate words in vocabulary: \['a'\]"):
        Vocab(["a", "b", "a"])
    counts = np.array([3, 1], dtype=np.int64)
    vocab = Vocab(["a", "b"], counts)
    assert counts.flags.writeable  # the caller's array keeps its flags
    assert vocab.counts is not None
    assert not vocab.counts.flags.writeable


def test_memory_mapped_open_leaves_words_packed(tmp_path: Path) -> None:
    words = [f"w{i}" for i in range(1000)]
    vectors = np.random.default_rng(0).normal(size=(1000, 4)).astype(np.float32)
    Embeddings(Vocab(words), vectors).save(tmp_path / "m")
    opened = firth.load(tmp_path / "m")
    assert opened.vocab.word(999) == "w999"
    assert opened.most_similar("w3", k=1)[0][0] in words
    assert firth.load(tmp_path / "m", limit=10).words == words[:10]
    np.testing.assert_array_equal(opened["w500"], vectors[500])
