"""Every vector format through the registry: round trips, golden bytes, sniffing, options."""

from __future__ import annotations

import mmap
import re
import struct
from pathlib import Path

import numpy as np
import pytest

from firth.embeddings import Embeddings
from firth.errors import ConfigError, FormatError
from firth.io import _textparse, word2vec
from firth.io.fasttext import read_fasttext, write_fasttext
from firth.io.glove import read_glove, write_glove
from firth.io.registry import FORMATS, load_embeddings, save_embeddings, sniff_format
from firth.io.word2vec import read_word2vec, write_word2vec
from firth.vocab import Vocab

# Non-ASCII words, including Unicode whitespace that is part of a word (fastText keeps it).
WORDS = ["the", "café", "日本", "🙂", "naïve", "a\u00a0b", "x\u3000y", "thin\u2009space", "Ω"]
FILE_FORMATS = ["word2vec", "word2vec-binary", "glove", "fasttext"]
# The text formats round: 6 decimals (word2vec, GloVe), 5 significant digits (fastText).
TOLERANCE = {"word2vec": 1e-6, "glove": 1e-6, "fasttext": 1e-4, "word2vec-binary": 0.0}


def _vectors(n: int = len(WORDS), dim: int = 5, seed: int = 3) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, dim)).astype(np.float32)


def _embeddings(words: list[str] | None = None, dim: int = 5) -> Embeddings:
    words = WORDS if words is None else words
    return Embeddings(Vocab(words), _vectors(len(words), dim))


def _memory_mapped(array: np.ndarray) -> bool:
    base = array
    while base is not None:
        if isinstance(base, (np.memmap, mmap.mmap)):
            return True
        base = getattr(base, "base", None)
    return False


def _close(a: np.ndarray, b: np.ndarray, fmt: str) -> None:
    if fmt == "fasttext":
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-9)
    else:
        np.testing.assert_allclose(a, b, rtol=0, atol=TOLERANCE[fmt])


# -- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_round_trip_every_file_format(tmp_path: Path, fmt: str) -> None:
    emb = _embeddings()
    target = tmp_path / "vectors"
    save_embeddings(emb, target, format=fmt)
    for forced in (None, fmt):
        back = load_embeddings(target, format=forced)
        assert back.words == WORDS
        assert back.vectors.dtype == np.float32
        _close(back.vectors, emb.vectors, fmt)
        assert back.metadata == {}
        assert back.vocab.counts is None


def test_round_trip_native_keeps_counts_and_metadata(tmp_path: Path) -> None:
    emb = Embeddings(Vocab(WORDS, counts=range(9, 0, -1)), _vectors(), metadata={"corpus": "x"})
    save_embeddings(emb, tmp_path / "model", format="native")
    back = load_embeddings(tmp_path / "model")
    assert back.words == WORDS
    np.testing.assert_array_equal(back.vectors, emb.vectors)
    assert back.vocab.counts is not None
    assert back.vocab.counts.tolist() == list(range(9, 0, -1))
    assert back.metadata == {"corpus": "x"}
    assert _memory_mapped(back.vectors)  # opened, not read
    in_memory = load_embeddings(tmp_path / "model", format="native", mmap=False)
    assert not _memory_mapped(in_memory.vectors)
    sliced = load_embeddings(tmp_path / "model", limit=3, dtype="float16")
    assert sliced.words == WORDS[:3]
    assert sliced.vocab.counts is not None
    assert sliced.vocab.counts.tolist() == [9, 8, 7]
    assert sliced.vectors.dtype == np.float16
    np.testing.assert_array_equal(sliced.vectors, emb.vectors[:3].astype(np.float16))
    assert sliced.metadata == {"corpus": "x"}


def test_native_float16_overflow_is_a_format_error(tmp_path: Path) -> None:
    emb = Embeddings(Vocab(["a", "big"]), np.array([[1.0, 2.0], [1e6, 0.0]], dtype=np.float32))
    emb.save(tmp_path / "m")
    with pytest.raises(FormatError, match=r"'big' \(row 1\) does not fit in float16"):
        load_embeddings(tmp_path / "m", dtype="float16")


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_empty_vocabulary_round_trip(tmp_path: Path, fmt: str) -> None:
    emb = Embeddings(Vocab([]), np.zeros((0, 3), dtype=np.float32))
    if fmt == "glove":  # no header: an empty GloVe file cannot tell its dimension
        save_embeddings(emb, tmp_path / "v", format=fmt)
        assert (tmp_path / "v").read_bytes() == b""
        with pytest.raises(FormatError, match="is empty"):
            load_embeddings(tmp_path / "v", format="glove")
        return
    save_embeddings(emb, tmp_path / "v", format=fmt)
    back = load_embeddings(tmp_path / "v", format=fmt)
    assert back.words == []
    assert back.vectors.shape == (0, 3)


WRITERS = {
    "word2vec": lambda path, words, vectors: write_word2vec(path, words, vectors),
    "word2vec-binary": lambda path, words, vectors: write_word2vec(
        path, words, vectors, binary=True
    ),
    "glove": write_glove,
    "fasttext": write_fasttext,
}


@pytest.mark.parametrize("fmt", FILE_FORMATS)
@pytest.mark.parametrize("word", ["a b", "tab\there", "line\n", "", "cr\r", "vt\x0b", "ff\x0c"])
def test_writers_refuse_words_with_ascii_whitespace(tmp_path: Path, fmt: str, word: str) -> None:
    target = tmp_path / "v"
    target.write_bytes(b"previous")
    with pytest.raises(FormatError, match=re.escape(f"word 1 ({word!r}) cannot be written")):
        WRITERS[fmt](target, ["ok", word], np.zeros((2, 2)))
    if word:
        with pytest.raises(FormatError, match=re.escape(f"word 1 ({word!r})")):
            save_embeddings(_embeddings(["ok", word]), target, format=fmt)  # type: ignore[arg-type]
    assert target.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v"]


@pytest.mark.parametrize("fmt", ["glove", "fasttext"])
def test_writers_refuse_wrong_shapes(tmp_path: Path, fmt: str) -> None:
    with pytest.raises(ConfigError, match="one row per word"):
        WRITERS[fmt](tmp_path / "v", ["a"], np.zeros((2, 2)))
    with pytest.raises(ConfigError, match="real numbers"):
        WRITERS[fmt](tmp_path / "v", ["a"], np.array([["x"]]))


def test_save_embeddings_needs_a_known_format(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="format must be one of 'native', 'word2vec'"):
        save_embeddings(_embeddings(), tmp_path / "v", format="xml")  # type: ignore[arg-type]


# -- golden bytes --------------------------------------------------------------------------

GOLDEN_VALUES = np.array([[0.1, -0.2, 1e-5, 123456.0], [0.0, -0.0, 1.0, -2.5e-7]], dtype=np.float32)


def test_glove_golden_bytes(tmp_path: Path) -> None:
    write_glove(tmp_path / "g.txt", ["the", "日本"], GOLDEN_VALUES)
    assert (tmp_path / "g.txt").read_bytes() == (
        b"the 0.100000 -0.200000 0.000010 123456.000000\n"
        + "日本".encode()
        + b" 0.000000 -0.000000 1.000000 -0.000000\n"
    )


def test_fasttext_golden_bytes(tmp_path: Path) -> None:
    write_fasttext(tmp_path / "f.vec", ["the", "a\u00a0b"], GOLDEN_VALUES)
    # std::setprecision(5) on floats, each value followed by a space (FastText::saveVectors)
    assert (tmp_path / "f.vec").read_bytes() == (
        b"2 4\nthe 0.1 -0.2 1e-05 1.2346e+05 \na\xc2\xa0b 0 -0 1 -2.5e-07 \n"
    )


def test_word2vec_writer_is_unchanged(tmp_path: Path) -> None:
    write_word2vec(tmp_path / "w.txt", ["the"], GOLDEN_VALUES[:1])
    write_word2vec(tmp_path / "w.bin", ["the"], GOLDEN_VALUES[:1], binary=True)
    assert (tmp_path / "w.txt").read_bytes() == (
        b"1 4\nthe 0.100000 -0.200000 0.000010 123456.000000 \n"
    )
    assert (tmp_path / "w.bin").read_bytes() == (
        b"1 4\nthe " + struct.pack("<4f", *GOLDEN_VALUES[0].tolist()) + b"\n"
    )


def test_fasttext_words_keep_unicode_whitespace(tmp_path: Path) -> None:
    # A fastText .vec file as fastText writes it: words with non-breaking, thin and
    # ideographic spaces, separated from the values by a single ASCII space.
    content = "3 2\n\u00a0lead 0.5 1 \nmid\u2009dle -1 2 \ntrail\u3000 3 4 \n".encode()
    (tmp_path / "f.vec").write_bytes(content)
    words, vectors = read_fasttext(tmp_path / "f.vec")
    assert words == ["\u00a0lead", "mid\u2009dle", "trail\u3000"]
    assert vectors.tolist() == [[0.5, 1.0], [-1.0, 2.0], [3.0, 4.0]]
    assert load_embeddings(tmp_path / "f.vec", format="fasttext").words == words


# -- sniffing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("word2vec", "word2vec"),
        ("word2vec-binary", "word2vec-binary"),
        ("glove", "glove"),
        ("fasttext", "word2vec"),  # a .vec file is a word2vec text file
        ("native", "native"),
    ],
)
def test_sniff_every_format(tmp_path: Path, fmt: str, expected: str) -> None:
    save_embeddings(_embeddings(), tmp_path / "v", format=fmt)  # type: ignore[arg-type]
    assert sniff_format(tmp_path / "v") == expected


def test_format_names() -> None:
    assert FORMATS == ("native", "word2vec", "word2vec-binary", "glove", "fasttext")


def test_sniff_does_not_look_at_the_name(tmp_path: Path) -> None:
    save_embeddings(_embeddings(), tmp_path / "looks.bin", format="glove")
    save_embeddings(_embeddings(), tmp_path / "looks.txt", format="word2vec-binary")
    assert sniff_format(tmp_path / "looks.bin") == "glove"
    assert sniff_format(tmp_path / "looks.txt") == "word2vec-binary"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"hello world\n", r"cannot tell the format .* \('hello world'\)"),
        (b"just-a-word\n", "cannot tell the format"),
        (b"\n\n", "cannot tell the format"),
        (struct.pack("<i", 793712314) + b"\x0c\x00\x00\x00", "fastText .bin model"),
    ],
)
def test_sniff_failures(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "v").write_bytes(content)
    with pytest.raises(FormatError, match=message):
        sniff_format(tmp_path / "v")
    with pytest.raises(FormatError, match=message):
        load_embeddings(tmp_path / "v")


def test_sniff_a_foreign_folder(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("hi")
    with pytest.raises(FormatError, match="is a folder but not a firth model"):
        load_embeddings(tmp_path)


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_embeddings(tmp_path / "nope")


# -- limit and dtype -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_limit_reads_the_first_vectors(tmp_path: Path, fmt: str) -> None:
    emb = _embeddings()
    save_embeddings(emb, tmp_path / "v", format=fmt)
    for limit in (0, 1, 4, len(WORDS), len(WORDS) + 5):
        back = load_embeddings(tmp_path / "v", format=fmt, limit=limit)
        assert back.words == WORDS[:limit]
        assert back.vectors.shape == (min(limit, len(WORDS)), 5)
        _close(back.vectors, emb.vectors[:limit], fmt)


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_limit_does_not_parse_the_rest(tmp_path: Path, fmt: str) -> None:
    save_embeddings(_embeddings(), tmp_path / "v", format=fmt)
    with open(tmp_path / "v", "ab") as file:
        file.write(b"garbage \xff\xfe that would fail\n" * 3)
    with pytest.raises(FormatError):
        load_embeddings(tmp_path / "v", format=fmt)
    assert load_embeddings(tmp_path / "v", format=fmt, limit=3).words == WORDS[:3]


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_float16(tmp_path: Path, fmt: str) -> None:
    emb = _embeddings()
    save_embeddings(emb, tmp_path / "v", format=fmt)
    back = load_embeddings(tmp_path / "v", dtype="float16")
    assert back.vectors.dtype == np.float16
    np.testing.assert_allclose(back.vectors, emb.vectors, rtol=1e-3, atol=1e-3)
    words, vectors = {
        "word2vec": lambda: read_word2vec(tmp_path / "v", dtype="float16"),
        "word2vec-binary": lambda: read_word2vec(tmp_path / "v", dtype="float16"),
        "glove": lambda: read_glove(tmp_path / "v", dtype="float16"),
        "fasttext": lambda: read_fasttext(tmp_path / "v", dtype="float16"),
    }[fmt]()
    assert words == WORDS
    assert vectors.dtype == np.float16


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"format": "xml"}, "format must be one of"),
        ({"limit": -1}, "limit must be None or an integer >= 0"),
        ({"limit": True}, "limit must be None or an integer >= 0"),
        ({"limit": 2.0}, "limit must be None or an integer >= 0"),
        ({"dtype": "float64"}, "dtype must be 'float32' or 'float16'"),
        ({"dtype": np.int8}, "dtype must be 'float32' or 'float16'"),
        ({"errors": "ignore"}, "errors must be 'strict' or 'skip'"),
    ],
)
def test_bad_options(tmp_path: Path, kwargs: dict[str, object], message: str) -> None:
    save_embeddings(_embeddings(), tmp_path / "v", format="glove")
    with pytest.raises(ConfigError, match=message):
        load_embeddings(tmp_path / "v", **kwargs)  # type: ignore[arg-type]


def test_numpy_dtypes_are_accepted(tmp_path: Path) -> None:
    save_embeddings(_embeddings(), tmp_path / "v", format="glove")
    assert load_embeddings(tmp_path / "v", dtype=np.float16).vectors.dtype == np.float16  # type: ignore[arg-type]
    assert load_embeddings(tmp_path / "v", dtype=np.dtype("float32")).vectors.dtype == np.float32  # type: ignore[arg-type]


# -- many rows: block boundaries of the vectorised readers --------------------------------


@pytest.mark.parametrize("fmt", FILE_FORMATS)
def test_many_rows_across_small_blocks(
    tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_textparse, "_FIRST_BLOCK_BYTES", 7)
    monkeypatch.setattr(_textparse, "_TEXT_BLOCK_BYTES", 97)
    monkeypatch.setattr(word2vec, "_TEXT_BLOCK_BYTES", 97)
    monkeypatch.setattr(word2vec, "_BINARY_BLOCK_BYTES", 13)
    monkeypatch.setattr(word2vec, "_MAX_WORD_BYTES", 40)
    words = [f"w{i}" + "é" * (i % 5) for i in range(300)] + ["日本語"]
    emb = Embeddings(Vocab(words), _vectors(len(words), 3))
    save_embeddings(emb, tmp_path / "v", format=fmt)  # type: ignore[arg-type]
    back = load_embeddings(tmp_path / "v")
    assert back.words == words
    _close(back.vectors, emb.vectors, fmt)
    limited = load_embeddings(tmp_path / "v", limit=123)
    assert limited.words == words[:123]
    skipping = load_embeddings(tmp_path / "v", errors="skip")
    assert skipping.words == words
    assert skipping.metadata == {"skipped": {"count": 0, "by_problem": {}, "examples": []}}


def test_text_variants_in_glove(tmp_path: Path) -> None:
    variants = [
        b"the 0.1 -0.2\ncat 1 0\n",
        b"the 0.1 -0.2 \r\ncat 1 0 \r\n",  # CRLF and trailing spaces
        b"the 0.1 -0.2\ncat 1 0",  # no final newline
        b"the\t0.1\t-0.2\ncat  1   0\n\n\n",  # tabs, runs of spaces, trailing blank lines
        b"the 1e-1 -2E-1\ncat 1.0 +0\n",  # exponents, signs
    ]
    for i, content in enumerate(variants):
        (tmp_path / f"g{i}").write_bytes(content)
        words, vectors = read_glove(tmp_path / f"g{i}")
        assert words == ["the", "cat"], i
        np.testing.assert_array_equal(vectors, np.array([[0.1, -0.2], [1, 0]], np.float32))


def test_binary_variants(tmp_path: Path) -> None:
    vec = struct.pack("<2f", 1.0, 2.0)
    variants = [
        b"2 2\nab " + vec + b"\ncd " + vec + b"\n",
        b"2 2\nab " + vec + b"cd " + vec,  # no newlines after vectors
        b"2 2\nab " + vec + b"\r\ncd " + vec + b"\r\n",  # CRLF
        b"2 2\n\nab " + vec + b"\n\n\ncd " + vec + b"\n \n",  # extra line breaks
    ]
    for i, content in enumerate(variants):
        (tmp_path / f"b{i}").write_bytes(content)
        emb = load_embeddings(tmp_path / f"b{i}", format="word2vec-binary")
        assert emb.words == ["ab", "cd"], i
        assert emb.vectors.tolist() == [[1.0, 2.0], [1.0, 2.0]]


def test_binary_vectors_may_hold_any_bytes(tmp_path: Path) -> None:
    # Spaces, line breaks, tabs and invalid UTF-8 inside the vector bytes are data.
    raw = b" \n\t\r" + b"\xff\xfe \n" + b"\r\r\n " + b"\x00 \t\n"
    values = np.frombuffer(raw, dtype="<f4").reshape(1, 4)
    if not np.isfinite(values).all():  # pragma: no cover - the bytes above are finite
        pytest.skip("non-finite test pattern")
    write_word2vec(tmp_path / "v.bin", ["w", "x"], np.vstack([values, values]), binary=True)
    emb = load_embeddings(tmp_path / "v.bin")
    assert emb.words == ["w", "x"]
    assert emb.vectors.tobytes() == raw * 2
