"""Tests of firth.embeddings.Embeddings: construction, lookups, queries, persistence."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from firth.embeddings import Embeddings
from firth.errors import ConfigError, FormatError, UnknownWordError
from firth.io.native import encode_words, load_native, save_native
from firth.vocab import Vocab
from toy import VECTORS, WORDS, toy_embeddings


@pytest.fixture
def emb() -> Embeddings:
    return toy_embeddings()


def _unit() -> np.ndarray:
    norms = np.linalg.norm(VECTORS.astype(np.float64), axis=1, keepdims=True)
    unit = np.zeros(VECTORS.shape, dtype=np.float64)
    np.divide(VECTORS, norms, out=unit, where=norms > 0)
    return unit


def _expected_ranking(scores: np.ndarray, exclude: list[int]) -> list[tuple[str, float]]:
    pairs = [(WORDS[i], float(s)) for i, s in enumerate(scores) if i not in exclude]
    return sorted(pairs, key=lambda pair: -pair[1])


# -- construction --------------------------------------------------------------------------


def test_basic_properties(emb: Embeddings) -> None:
    assert len(emb) == 7
    assert emb.dim == 4
    assert emb.words == WORDS
    assert list(emb) == WORDS
    assert "queen" in emb
    assert "Queen" not in emb
    assert 3 not in emb
    assert emb.vocab.counts is not None
    assert emb.vectors.dtype == np.float32
    np.testing.assert_array_equal(emb["king"], VECTORS[2])
    assert repr(emb) == (
        "Embeddings(7 words, dim=4, dtype=float32: 'man', 'woman', 'king', 'queen', 'apple', ...)"
    )
    assert (
        repr(Embeddings(Vocab([]), np.zeros((0, 2)))) == "Embeddings(0 words, dim=2, dtype=float64)"
    )


def test_vectors_are_not_copied_nor_mutated() -> None:
    array = VECTORS.copy()
    emb = Embeddings(Vocab(WORDS), array)
    assert np.shares_memory(emb.vectors, array)
    assert array.flags.writeable  # the caller's array keeps its flags
    emb.most_similar("king")
    emb.analogy("man", "woman", "king")
    _ = emb.unit_vectors, emb.norms
    np.testing.assert_array_equal(array, VECTORS)


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_float_dtypes_are_kept(dtype: type) -> None:
    array: np.ndarray = VECTORS.astype(dtype)
    emb = Embeddings(Vocab(WORDS), array)
    assert emb.vectors.dtype == dtype
    assert np.shares_memory(emb.vectors, array)
    assert emb.unit_vectors.dtype == np.float32
    assert emb.norms.dtype == np.float32


def test_conversions() -> None:
    ints = Embeddings(Vocab(["a", "b"]), [[1, 2], [3, 4]])
    assert ints.vectors.dtype == np.float32
    strided = np.zeros((2, 6), dtype=np.float32)[:, ::2]
    emb = Embeddings(Vocab(["a", "b"]), strided)
    assert emb.vectors.flags.c_contiguous


def test_read_only_arrays(emb: Embeddings) -> None:
    arrays = (
        emb.vectors,
        emb["queen"],
        emb.get("queen"),
        emb.vectors_of(["queen", "man"]),
        emb.unit_vectors,
        emb.norms,
    )
    for array in arrays:
        assert array is not None
        assert not array.flags.writeable
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 1.0


@pytest.mark.parametrize(
    ("vectors", "message"),
    [
        (np.zeros(7), r"2-D array.*got shape \(7,\)"),
        (np.zeros((6, 4)), r"\(7, dim\).*got shape \(6, 4\)"),
        (np.zeros((7, 0)), "dim >= 1"),
        (np.zeros((7, 2), dtype=complex), "real numbers"),
        (np.array([["a"] * 2] * 7), "real numbers"),
    ],
)
def test_constructor_validates_vectors(vectors: np.ndarray, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Embeddings(Vocab(WORDS), vectors)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_constructor_names_first_non_finite_row(bad: float) -> None:
    vectors = VECTORS.copy()
    vectors[4, 1] = bad
    vectors[6, 0] = bad
    with pytest.raises(ConfigError, match=r"'apple' \(row 4\)"):
        Embeddings(Vocab(WORDS), vectors)


def test_constructor_type_checks() -> None:
    with pytest.raises(TypeError, match="Vocab"):
        Embeddings(WORDS, VECTORS)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="metadata"):
        Embeddings(Vocab(WORDS), VECTORS, metadata=[1])  # type: ignore[arg-type]


def test_metadata_is_a_copy() -> None:
    emb = Embeddings(Vocab(WORDS), VECTORS, metadata={"corpus": {"name": "x"}})
    emb.metadata["corpus"]["name"] = "changed"
    assert emb.metadata == {"corpus": {"name": "x"}}
    assert Embeddings(Vocab(WORDS), VECTORS).metadata == {}


# -- lookups and norms ---------------------------------------------------------------------


def test_unknown_word_suggests(emb: Embeddings) -> None:
    with pytest.raises(UnknownWordError) as info:
        emb["Paris"]
    assert info.value.word == "Paris"
    assert info.value.suggestions == ["paris"]
    assert "did you mean 'paris'" in str(info.value)
    with pytest.raises(KeyError):
        emb["quen"]
    with pytest.raises(TypeError, match="str"):
        emb[3]  # type: ignore[index]


def test_norms_and_unit_vectors(emb: Embeddings) -> None:
    np.testing.assert_allclose(emb.norms, np.linalg.norm(VECTORS, axis=1), rtol=1e-6)
    np.testing.assert_allclose(emb.unit_vectors, _unit(), rtol=1e-6, atol=1e-7)
    assert not emb.unit_vectors[5].any()  # the zero vector stays zero
    assert emb.unit_vectors is emb.unit_vectors  # cached


def test_get(emb: Embeddings) -> None:
    vector = emb.get("king")
    assert vector is not None
    np.testing.assert_array_equal(vector, VECTORS[2])
    assert emb.get("King") is None
    assert emb.get("King", "missing") == "missing"
    default = np.zeros(4)
    assert emb.get("nope", default) is default
    with pytest.raises(TypeError, match="str"):
        emb.get(3)  # type: ignore[call-overload]


def test_vectors_of(emb: Embeddings) -> None:
    rows = emb.vectors_of(["paris", "man", "paris"])
    np.testing.assert_array_equal(rows, VECTORS[[6, 0, 6]])
    assert rows.dtype == np.float32
    assert not np.shares_memory(rows, emb.vectors)
    assert emb.vectors_of([]).shape == (0, 4)
    assert emb.vectors_of(iter(["man"])).shape == (1, 4)  # type: ignore[arg-type]
    with pytest.raises(UnknownWordError) as info:
        emb.vectors_of(["Paris", "man", "kingg", "xyzzy"])
    assert info.value.words == ["Paris", "kingg", "xyzzy"]
    assert info.value.word == "Paris"
    assert info.value.missing["kingg"] == ["king"]
    assert "3 words are not in the vocabulary" in str(info.value)
    with pytest.raises(TypeError, match="not a single str"):
        emb.vectors_of("man")


def test_vectors_stay_the_original_data(emb: Embeddings) -> None:
    # Unit vectors and norms are kept alongside; the vectors themselves are not normalised.
    np.testing.assert_array_equal(emb.vectors, VECTORS)
    emb.most_similar("king")
    np.testing.assert_array_equal(emb.vectors, VECTORS)
    np.testing.assert_allclose(emb.unit_vectors * emb.norms[:, None], VECTORS, atol=1e-6)


def test_top_k_helper(emb: Embeddings) -> None:
    scores = np.array([0.5, 0.9, 0.1, 0.9, -1.0, 0.0, 0.2], dtype=np.float32)
    assert emb._top_k(scores, 3, [1]) == [
        ("queen", 0.8999999761581421),
        ("man", 0.5),
        ("paris", 0.20000000298023224),
    ]
    assert len(emb._top_k(scores, 10, [0, 0, 2])) == 5
    assert scores[1] == np.float32(0.9)  # the caller's array is not modified


def test_norms_and_units_are_lazy() -> None:
    emb = Embeddings(Vocab(WORDS), VECTORS)
    assert emb._unit is None
    assert emb._norms is None


# -- queries -------------------------------------------------------------------------------


def test_similarity(emb: Embeddings) -> None:
    unit = _unit()
    assert emb.similarity("king", "queen") == pytest.approx(float(unit[2] @ unit[3]), abs=1e-6)
    assert emb.similarity("king", "king") == pytest.approx(1.0, abs=1e-6)
    assert emb.similarity("zero", "king") == 0.0
    assert emb.similarity("king", "queen") == pytest.approx(emb.similarity("queen", "king"))
    with pytest.raises(UnknownWordError, match="'nope'"):
        emb.similarity("king", "nope")


def test_most_similar_matches_hand_computation(emb: Embeddings) -> None:
    unit = _unit()
    expected = _expected_ranking(unit @ unit[2], exclude=[2])
    result = emb.most_similar("king", k=4)
    assert [w for w, _ in result] == [w for w, _ in expected[:4]]
    assert [w for w, _ in result][:2] == ["queen", "man"]
    for (_, got), (_, want) in zip(result, expected, strict=False):
        assert got == pytest.approx(want, abs=1e-6)
    assert all(isinstance(s, float) for _, s in result)


def test_most_similar_k_larger_than_vocabulary(emb: Embeddings) -> None:
    result = emb.most_similar("queen", k=100)
    assert len(result) == len(WORDS) - 1
    assert "queen" not in [w for w, _ in result]
    scores = [s for _, s in result]
    assert scores == sorted(scores, reverse=True)
    assert [w for w, _ in emb.most_similar("queen")] == [w for w, _ in result]
    assert Embeddings(Vocab(["solo"]), [[1.0]]).most_similar("solo") == []


def test_most_similar_ties_are_deterministic() -> None:
    emb = Embeddings(Vocab(["q", "b", "a", "c"]), [[1.0, 0.0], [2.0, 0.0], [3.0, 0.0], [0.0, 1.0]])
    assert [w for w, _ in emb.most_similar("q", k=2)] == ["b", "a"]


@pytest.mark.parametrize("k", [0, -1, 1.5, True, "3", None])
def test_k_is_validated(emb: Embeddings, k: Any) -> None:
    with pytest.raises(ConfigError, match=r"k must be an integer >= 1"):
        emb.most_similar("king", k=k)
    with pytest.raises(ConfigError, match=r"k must be an integer >= 1"):
        emb.analogy("man", "woman", "king", k=k)


def test_k_accepts_numpy_integers(emb: Embeddings) -> None:
    assert len(emb.most_similar("king", k=np.int64(2))) == 2


def test_most_similar_unknown_word(emb: Embeddings) -> None:
    with pytest.raises(UnknownWordError, match=r"'kingg'.*did you mean 'king'"):
        emb.most_similar("kingg")


def test_analogy(emb: Embeddings) -> None:
    unit = _unit()
    target = unit[1] - unit[0] + unit[2]  # woman - man + king
    target /= np.linalg.norm(target)
    expected = _expected_ranking(unit @ target, exclude=[0, 1, 2])
    result = emb.analogy("man", "woman", "king", k=3)
    assert result[0][0] == "queen"
    assert [w for w, _ in result] == [w for w, _ in expected[:3]]
    for (_, got), (_, want) in zip(result, expected, strict=False):
        assert got == pytest.approx(want, abs=1e-6)
    assert emb.analogy("man", "woman", "king") == result[:1]
    assert {w for w, _ in emb.analogy("man", "woman", "king", k=10)}.isdisjoint(
        {"man", "woman", "king"}
    )


def test_analogy_lists_every_missing_word(emb: Embeddings) -> None:
    with pytest.raises(UnknownWordError) as info:
        emb.analogy("Man", "king", "quene")
    message = str(info.value)
    assert "2 words are not in the vocabulary" in message
    assert "'Man' (did you mean 'man'?)" in message
    assert "'quene'" in message
    assert info.value.word == "Man"
    assert getattr(info.value, "words", None) == ["Man", "quene"]
    assert isinstance(info.value, KeyError)
    with pytest.raises(UnknownWordError, match="'xyzzy' is not in the vocabulary"):
        emb.analogy("man", "xyzzy", "king")


# -- persistence ---------------------------------------------------------------------------


def _unicode_embeddings() -> Embeddings:
    words = ["café", "日本", "🙂", "the"]
    vectors = np.arange(12, dtype=np.float32).reshape(4, 3) / 3
    return Embeddings(Vocab(words, counts=[4, 3, 2, 1]), vectors, metadata={"lang": "多"})


@pytest.mark.parametrize("mmap", [True, False])
def test_native_round_trip(tmp_path: Path, mmap: bool) -> None:
    emb = _unicode_embeddings()
    emb.save(tmp_path / "model")
    back = Embeddings.load(tmp_path / "model", mmap=mmap)
    assert back.words == emb.words
    assert back.vocab == emb.vocab
    np.testing.assert_array_equal(back.vectors, emb.vectors)
    assert back.vectors.dtype == np.float32
    assert back.metadata == {"lang": "多"}
    assert not back.vectors.flags.writeable
    assert back.most_similar("café", k=2) == emb.most_similar("café", k=2)
    manifest = json.loads((tmp_path / "model" / "manifest.json").read_text())
    assert manifest["kind"] == "embeddings"
    assert set(manifest["arrays"]) == {"vectors", "words_utf8", "word_offsets", "counts"}


def test_native_round_trip_without_counts_and_float16(tmp_path: Path) -> None:
    emb = Embeddings(Vocab(["a", "b"]), np.array([[1, 2], [3, 4]], dtype=np.float16))
    emb.save(tmp_path)
    back = Embeddings.load(tmp_path)
    assert back.vocab.counts is None
    assert back.vectors.dtype == np.float16
    assert "counts" not in load_native(tmp_path)[1]


def test_resave_memory_mapped_embeddings_into_the_same_directory(tmp_path: Path) -> None:
    _unicode_embeddings().save(tmp_path)
    loaded = Embeddings.load(tmp_path, mmap=True)
    loaded.save(tmp_path)
    again = Embeddings.load(tmp_path)
    np.testing.assert_array_equal(again.vectors, _unicode_embeddings().vectors)
    assert len(os.listdir(tmp_path)) == 5  # manifest + 4 arrays, old files removed


def test_load_word2vec_model_kind(tmp_path: Path) -> None:
    data, offsets = encode_words(["x", "y"])
    arrays: dict[str, np.ndarray] = {
        "vectors": np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32),
        "words_utf8": data,
        "word_offsets": offsets,
        "counts": np.array([7, 3]),
        "output_vectors": np.zeros((2, 2), dtype=np.float32),
    }
    save_native(tmp_path, arrays, {"kind": "word2vec-model", "metadata": {"epochs": 5}})
    emb = Embeddings.load(tmp_path)
    assert emb.words == ["x", "y"]
    assert emb.vocab.counts is not None
    assert emb.vocab.counts.tolist() == [7, 3]
    assert emb.metadata == {"epochs": 5}


def test_load_refuses_other_kinds_and_bad_contents(tmp_path: Path) -> None:
    save_native(tmp_path / "a", {"vectors": np.zeros((1, 1))}, {"kind": "glove-cooccurrence"})
    with pytest.raises(FormatError, match="'glove-cooccurrence', not embeddings"):
        Embeddings.load(tmp_path / "a")
    save_native(tmp_path / "b", {"vectors": np.zeros((1, 1))}, {"kind": "embeddings"})
    with pytest.raises(FormatError, match="no array"):
        Embeddings.load(tmp_path / "b")
    data, offsets = encode_words(["a", "a"])
    save_native(
        tmp_path / "c",
        {"vectors": np.zeros((2, 1)), "words_utf8": data, "word_offsets": offsets},
        {"kind": "embeddings"},
    )
    with pytest.raises(FormatError, match="duplicate words \\['a'\\]"):
        Embeddings.load(tmp_path / "c", mmap=False)
    opened = Embeddings.load(tmp_path / "c")  # memory-mapped: checked at the first lookup
    with pytest.raises(FormatError, match=r"duplicate words.*re-save"):
        opened["a"]
    with pytest.raises(FormatError, match="duplicate words"):
        opened.vocab.build_index()
    data, offsets = encode_words(["a", "b"])
    save_native(
        tmp_path / "d",
        {"vectors": np.zeros((3, 1)), "words_utf8": data, "word_offsets": offsets},
        {"kind": "embeddings"},
    )
    with pytest.raises(FormatError, match="one row per word"):
        Embeddings.load(tmp_path / "d")
    save_native(
        tmp_path / "e",
        {"vectors": np.array([[np.nan], [0.0]]), "words_utf8": data, "word_offsets": offsets},
        {"kind": "embeddings"},
    )
    with pytest.raises(FormatError, match="'a' \\(row 0\\)"):
        Embeddings.load(tmp_path / "e", mmap=False)


def test_save_refuses_foreign_directory(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine")
    with pytest.raises(FormatError, match="not empty"):
        _unicode_embeddings().save(tmp_path)
    assert os.listdir(tmp_path) == ["keep.txt"]


@pytest.mark.parametrize("binary", [False, True])
def test_word2vec_round_trip(tmp_path: Path, binary: bool) -> None:
    emb = _unicode_embeddings()
    emb.save_word2vec(tmp_path / "v", binary=binary)
    back = Embeddings.load_word2vec(tmp_path / "v")
    assert back.words == emb.words
    assert back.vocab.counts is None
    np.testing.assert_allclose(back.vectors, emb.vectors, rtol=0, atol=0 if binary else 1e-6)


def test_word2vec_refuses_words_with_spaces(tmp_path: Path) -> None:
    emb = Embeddings(Vocab(["new york", "b"]), [[1.0], [2.0]])
    with pytest.raises(FormatError, match="word 0 \\('new york'\\)"):
        emb.save_word2vec(tmp_path / "v")
    assert not (tmp_path / "v").exists()
