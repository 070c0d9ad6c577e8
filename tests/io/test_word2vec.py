"""Tests of firth.io.word2vec: word2vec.c's text and binary vector files."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import numpy as np
import pytest

from firth.errors import ConfigError, FormatError
from firth.io import _textparse, word2vec
from firth.io.word2vec import read_word2vec, write_word2vec

WORDS = ["the", "cat"]
VECTORS = np.array([[0.1, -0.2, 0.3], [1.0, 0.0, -0.000001]], dtype=np.float32)
GOLDEN_TEXT = b"2 3\nthe 0.100000 -0.200000 0.300000 \ncat 1.000000 0.000000 -0.000001 \n"
GOLDEN_BINARY = (
    b"2 3\n"
    + b"the "
    + struct.pack("<3f", 0.1, -0.2, 0.3)
    + b"\n"
    + b"cat "
    + struct.pack("<3f", 1.0, 0.0, -0.000001)
    + b"\n"
)
UNICODE_WORDS = ["café", "日本", "🙂", "naïve", "x\u3000y", "Ω"]


def _unicode_vectors() -> np.ndarray:
    rng = np.random.default_rng(7)
    return rng.normal(size=(len(UNICODE_WORDS), 5)).astype(np.float32)


def test_golden_text(tmp_path: Path) -> None:
    write_word2vec(tmp_path / "v.txt", WORDS, VECTORS)
    assert (tmp_path / "v.txt").read_bytes() == GOLDEN_TEXT


def test_golden_binary(tmp_path: Path) -> None:
    write_word2vec(tmp_path / "v.bin", WORDS, VECTORS, binary=True)
    assert (tmp_path / "v.bin").read_bytes() == GOLDEN_BINARY


def test_text_formatting_matches_c_lf(tmp_path: Path) -> None:
    values = np.array([[-0.0, 0.0078125, 123456.5, -1e-9, 0.5e-6, 2.0 / 3.0]], dtype=np.float32)
    write_word2vec(tmp_path / "v.txt", ["w"], values)
    expected = "".join(f"{float(v):f} " for v in values[0])  # C: printf("%lf ", (double)x)
    assert (tmp_path / "v.txt").read_bytes() == f"1 6\nw {expected}\n".encode()
    assert expected.startswith("-0.000000 0.007812 123456.500000 -0.000000 ")


def test_float64_input_is_written_as_float32(tmp_path: Path) -> None:
    write_word2vec(tmp_path / "v.bin", WORDS, VECTORS.astype(np.float64), binary=True)
    assert (tmp_path / "v.bin").read_bytes() == GOLDEN_BINARY


def test_read_golden_files(tmp_path: Path) -> None:
    (tmp_path / "v.txt").write_bytes(GOLDEN_TEXT)
    (tmp_path / "v.bin").write_bytes(GOLDEN_BINARY)
    for name, binary in [("v.txt", False), ("v.txt", None), ("v.bin", True), ("v.bin", None)]:
        words, vectors = read_word2vec(tmp_path / name, binary=binary)
        assert words == WORDS
        assert vectors.dtype == np.float32
        np.testing.assert_array_equal(vectors, VECTORS)


@pytest.mark.parametrize("binary", [False, True])
def test_round_trip_unicode(tmp_path: Path, binary: bool) -> None:
    vectors = _unicode_vectors()
    write_word2vec(tmp_path / "v", UNICODE_WORDS, vectors, binary=binary)
    words, back = read_word2vec(tmp_path / "v")
    assert words == UNICODE_WORDS
    if binary:
        np.testing.assert_array_equal(back, vectors)
    else:
        np.testing.assert_allclose(back, vectors, rtol=0, atol=1e-6)


@pytest.mark.parametrize("binary", [False, True])
def test_round_trip_many_rows_across_chunks_and_blocks(
    tmp_path: Path, binary: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_textparse, "ROWS_PER_CHUNK", 7)
    monkeypatch.setattr(word2vec, "_TEXT_BLOCK_BYTES", 50)
    monkeypatch.setattr(word2vec, "_BINARY_BLOCK_BYTES", 5)
    words = [f"w{i}" for i in range(40)] + ["日本語"]
    vectors = np.random.default_rng(0).normal(size=(len(words), 3)).astype(np.float32)
    write_word2vec(tmp_path / "v", words, vectors, binary=binary)
    back_words, back = read_word2vec(tmp_path / "v", binary=binary)
    assert back_words == words
    np.testing.assert_allclose(back, vectors, rtol=0, atol=0 if binary else 1e-6)


def test_empty_vocabulary(tmp_path: Path) -> None:
    write_word2vec(tmp_path / "v", [], np.zeros((0, 4)))
    assert (tmp_path / "v").read_bytes() == b"0 4\n"
    words, vectors = read_word2vec(tmp_path / "v")
    assert words == []
    assert vectors.shape == (0, 4)


# -- variants other writers produce ---------------------------------------------------------


def test_text_variants(tmp_path: Path) -> None:
    variants = [
        b"2 3\nthe 0.1 -0.2 0.3\ncat 1 0 -1e-6\n",  # no trailing space, short numbers
        b"2 3\r\nthe 0.1 -0.2 0.3 \r\ncat 1 0 -1e-6 \r\n",  # CRLF
        b"2 3\nthe 0.1 -0.2 0.3\ncat 1 0 -1e-6",  # no final newline
        b"2 3\nthe\t0.1\t-0.2\t0.3\ncat 1 0 -1e-6\n\n\n",  # tabs, trailing blank lines
    ]
    for i, content in enumerate(variants):
        (tmp_path / f"v{i}").write_bytes(content)
        words, vectors = read_word2vec(tmp_path / f"v{i}")
        assert words == WORDS, i
        np.testing.assert_array_equal(vectors, VECTORS)


def test_binary_without_newlines(tmp_path: Path) -> None:
    content = b"2 3\nthe " + GOLDEN_BINARY[8:20] + b"cat " + GOLDEN_BINARY[-13:-1]
    (tmp_path / "v.bin").write_bytes(content)
    for binary in (True, None):
        words, vectors = read_word2vec(tmp_path / "v.bin", binary=binary)
        assert words == WORDS
        np.testing.assert_array_equal(vectors, VECTORS)


def test_binary_with_newline_bytes_inside_vectors(tmp_path: Path) -> None:
    # The vector's raw bytes hold newlines, spaces and carriage returns: they are data.
    tricky = np.frombuffer(b"\n\n\n\n" + b"   A" + b"\x0a\x20\x0d\x41", dtype="<f4").reshape(1, 3)
    write_word2vec(tmp_path / "v.bin", ["w"], tricky, binary=True)
    words, vectors = read_word2vec(tmp_path / "v.bin")
    assert words == ["w"]
    assert vectors.tobytes() == tricky.tobytes()


# -- writer refusals -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "index"), [("a b", 1), ("tab\there", 1), ("line\n", 1), ("", 1), ("cr\r", 1)]
)
def test_write_refuses_words_that_cannot_round_trip(tmp_path: Path, word: str, index: int) -> None:
    target = tmp_path / "v.txt"
    target.write_bytes(b"previous")
    with pytest.raises(FormatError, match=re.escape(f"word {index} ({word!r})")):
        write_word2vec(target, ["ok", word], np.zeros((2, 2)))
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["v.txt"]


def test_write_refuses_wrong_shapes(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="one row per word"):
        write_word2vec(tmp_path / "v", ["a"], np.zeros((2, 2)))
    with pytest.raises(ConfigError, match="one row per word"):
        write_word2vec(tmp_path / "v", ["a"], np.zeros(2))
    with pytest.raises(ConfigError, match="real numbers"):
        write_word2vec(tmp_path / "v", ["a"], np.array([["x"]]))


# -- malformed files -----------------------------------------------------------------------

MALFORMED_TEXT = [
    (b"", None, "is empty"),
    (b"abc\nthe 1\n", None, r"line 1: bad header 'abc'"),
    (b"2\nthe 1\n", None, "line 1: bad header"),
    (b"2 0\n", None, "line 1: bad header"),
    (b"-1 3\n", None, "line 1: bad header"),
    (
        b"3 3\nthe 0.1 0.2 0.3\ncat 1 2 3\n",
        False,
        r"line 4: the file ends after 2 rows.*promises 3",
    ),
    (b"2 3\nthe 0.1 0.2 0.3\ncat 1 2\n", False, "line 3: expected a word and 3 values, found 2"),
    (
        b"2 3\nthe 0.1 0.2 0.3\ncat 1 2 3 4\n",
        False,
        "line 3: expected a word and 3 values, found 4",
    ),
    (b"2 3\nthe 0.1 0.2 0.3\n\ncat 1 2 3\n", False, r"line 3: .*found 0 values \(empty line\)"),
    (b"2 3\nthe 0.1 0.2 0.3\ncat 1 zwei 3\n", False, "line 3: b'zwei' is not a number"),
    (
        b"2 3\nthe 0.1 0.2 0.3\nthe 1 2 3\n",
        None,
        r"line 3: duplicate word 'the' \(first on line 2\)",
    ),
    (
        b"2 3\ncaf\xe9 0.1 0.2 0.3\nthe 1 2 3\n",
        False,
        "line 2: the word b'caf\\\\xe9' is not valid",
    ),
    (b"3 1\nthe 1\nthe 2\ncat x\n", False, "line 3: duplicate word 'the'"),  # first error wins
    (b"1 3\nthe 0.1 0.2 0.3\ncat 1 2 3\n", None, "line 3: the file has more rows than the 1"),
    (b"999999999 300\nthe 1\n", False, "line 2: expected a word and 300 values, found 1"),
    (b"999999999 1\nthe 1\n", False, "line 3: the file ends after 1 rows.*promises 999999999"),
]


@pytest.mark.parametrize(("content", "binary", "message"), MALFORMED_TEXT)
def test_malformed_text(tmp_path: Path, content: bytes, binary: bool | None, message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(FormatError, match=message) as info:
        read_word2vec(path, binary=binary)
    assert str(path) in str(info.value)


def test_malformed_text_line_numbers_across_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word2vec, "_TEXT_BLOCK_BYTES", 30)
    rows = [f"w{i} {i} {i}\n".encode() for i in range(20)]
    rows[13] = b"oops 1\n"
    (tmp_path / "v").write_bytes(b"20 2\n" + b"".join(rows))
    with pytest.raises(FormatError, match="line 15: expected a word and 2 values, found 1"):
        read_word2vec(tmp_path / "v", binary=False)


def _vec(*values: float) -> bytes:
    return struct.pack(f"<{len(values)}f", *values)


# Offsets: the header "2 2\n" is 4 bytes; each row "ab " + 8 bytes + "\n" is 12 bytes.
MALFORMED_BINARY = [
    (b"2 2\nab " + _vec(1, 2) + b"\n", "byte offset 16: the file ends after 1 rows"),
    (b"2 2\nab " + _vec(1, 2) + b"\ncd " + _vec(3)[:3], r"byte offset 19: the file ends inside"),
    (b"2 2\nab " + _vec(1, 2) + b"ab " + _vec(3, 4), "byte offset 15: duplicate word 'ab'"),
    (b"2 2\nab " + _vec(1, 2) + b"\nab " + _vec(3, 4) + b"\n", "byte offset 16: duplicate word"),
    (b"9999999999 300\nab " + _vec(1, 2), "byte offset 18: the file ends inside"),
    (b"1 2\n\xff\xfe " + _vec(1, 2) + b"\n", "byte offset 4: the word b'\\\\xff\\\\xfe' is not"),
    (b"1 2\nab " + _vec(1, 2) + b"\nextra", "byte offset 16: the file has more data"),
    (b"1 2\n " + _vec(1, 2) + b"\n", "byte offset 4: row 1 has an empty word"),
    (b"1 2\n" + b"x" * 70000, "byte offset 4: no space ends the word"),
    (b"1 2\n" + b"x" * 70000 + b" " + _vec(1, 2), "byte offset 4: no space ends the word"),
    (b"2 2\nab " + _vec(1, 2) + b"\ncd", "byte offset 16: the file ends after 1 rows"),
]


@pytest.mark.parametrize(("content", "message"), MALFORMED_BINARY)
def test_malformed_binary(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.bin"
    path.write_bytes(content)
    with pytest.raises(FormatError, match=message) as info:
        read_word2vec(path, binary=True)
    assert str(path) in str(info.value)


def test_guessed_binary_errors_suggest_text(tmp_path: Path) -> None:
    (tmp_path / "v").write_bytes(b"2 3\nthe 0.1 0.2\ncat 1 2 3\n")
    with pytest.raises(FormatError, match="pass binary=False"):
        read_word2vec(tmp_path / "v")
    with pytest.raises(FormatError, match="line 2: expected a word and 3 values, found 2"):
        read_word2vec(tmp_path / "v", binary=False)


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_word2vec(tmp_path / "nope")
