"""Bad input through the registry: a FormatError naming the file, where, and the problem."""

from __future__ import annotations

import logging
import struct
import time
from pathlib import Path

import numpy as np
import pytest

from firth.errors import FormatError
from firth.io.registry import load_embeddings
from firth.io.word2vec import read_word2vec


def _vec(*values: float) -> bytes:
    return struct.pack(f"<{len(values)}f", *values)


def _load(tmp_path: Path, content: bytes, fmt: str | None, **kwargs: object) -> object:
    path = tmp_path / "bad"
    path.write_bytes(content)
    return load_embeddings(path, format=fmt, **kwargs)  # type: ignore[arg-type]


def _fails(tmp_path: Path, content: bytes, fmt: str | None, message: str, **kw: object) -> str:
    with pytest.raises(FormatError, match=message) as info:
        _load(tmp_path, content, fmt, **kw)
    assert str(tmp_path / "bad") in str(info.value)
    return str(info.value)


# -- text formats --------------------------------------------------------------------------

TEXT_CASES = [
    # (content, format, message)
    (b"", None, "is empty"),
    (b"", "word2vec", "is empty; a word2vec file starts with"),
    (b"", "glove", "is empty; a GloVe file"),
    (b"", "fasttext", "is empty"),
    (b"2 3\nthe 0.1 0.2 0.3\n", None, r"line 3: the file ends after 1 rows.*promises 2"),
    (
        b"2 3\nthe 0.1 0.2 0.3\ncat 1 2 3\ndog 4 5 6\n",
        None,
        "line 4: the file has more rows than the 2 its header promises",
    ),
    (b"2 4\nthe 0.1 0.2 0.3\ncat 1 2 3\n", "word2vec", "line 2: expected a word and 4 values"),
    (b"2 2\nthe 0.1 0.2 0.3\ncat 1 2 3\n", "word2vec", "line 2: .*found 3 values"),
    (b"2 3\nthe 0.1 0.2 0.3\ncat 1 zwei 3\n", None, "line 3: b'zwei' is not a number"),
    (b"2 3\nthe 0.1 0.2 0.3\ncat 1 0x10 3\n", None, "line 3: b'0x10' is not a number"),
    (b"2 3\nthe 0.1 0.2 0.3\ncat 1 nan 3\n", None, "line 3: b'nan' is not a finite"),
    (b"2 3\nthe 0.1 0.2 0.3\ncat 1 1e39 3\n", None, "line 3: b'1e39' is not a finite"),
    (b"2 3\nthe 0.1 0.2 0.3\nthe 1 2 3\n", None, r"line 3: duplicate word 'the' \(first on line 2"),
    (
        b"2 3\nthe 0.1 0.2 0.3\nc\xe9 1 2 3\n",
        None,
        r"line 3: the word b'c\\xe9' is not valid UTF-8",
    ),
    (b"2 3\nthe 0.1 0.2 0.3\n\ncat 1 2 3\n", None, r"line 3: .*found 0 values \(empty line\)"),
    (
        b"2 3\nthe 0.1 0.2 0.3\ncat 1 2",
        None,
        "line 3: expected a word and 3 values, found 2 values .the last line has no line "
        "break: the file may be truncated",
    ),
    (b"3 1\nthe 1\nthe 2\ncat x\n", "word2vec", "line 3: duplicate word 'the'"),  # first wins
    (b"the 1 2\ncat 3\n", None, "line 2: expected a word and 2 values, found 1 value"),
    (b"the 1 2\ncat 3 x\n", None, "line 2: b'x' is not a number"),
    (b"the 1 2\nthe 3 4\n", None, r"line 2: duplicate word 'the' \(first on line 1\)"),
    (b"the 1 2\n\ncat 3 4\n", None, r"line 2: .*\(empty line\)"),
    (b"the 1 2\n\xff\xfe 3 4\n", None, "line 2: the word b'\\\\xff\\\\xfe' is not valid UTF-8"),
    (b"the 1 x\n", "glove", "line 1: 'the 1 x' is not 'word v1 ... vD'"),
    (b"\nthe 1 2\n", "glove", "line 1: the first line is blank"),
    (b"the\n", "glove", "line 1: 'the' is not 'word v1 ... vD'"),
    (b"2 2\nthe 1 2\n", "glove", "line 2: .*looks like a word2vec header"),
    (b"the 1 2\n" + b"x" * 200_000, "glove", "line 2: the line is longer than"),
    (b"1 3\n" + b"7" * 5_000_000, "word2vec", "line 2: the line is longer than"),
    (b"x" * 5_000_000, "glove", "line 1: the line is longer than"),
    (b"1 99999999\nab 1\n", None, "line 1: bad header '1 99999999'.*<= 16777216"),
    (b"0" * 5000 + b"1 2\nab 1 2\n", None, "line 1: the header line is longer than 1024"),
    (b"1 300\n", None, "line 2: the file ends after 0 rows, but the header promises 1"),
]


@pytest.mark.parametrize(("content", "fmt", "message"), TEXT_CASES)
def test_malformed_text(tmp_path: Path, content: bytes, fmt: str | None, message: str) -> None:
    _fails(tmp_path, content, fmt, message)


def test_huge_header_count_allocates_nothing_absurd(tmp_path: Path) -> None:
    started = time.perf_counter()
    row = b"ab " + b"1 " * 300 + b"\n"
    _fails(tmp_path, b"999999999999999 300\n" + row, None, "line 3: the file ends after 1 rows")
    binary = b"999999999999999 300\nab " + _vec(*range(300)) + b"\n"
    _fails(tmp_path, binary, None, "byte offset .*: the file ends after 1 rows")
    assert time.perf_counter() - started < 5


def test_binary_file_read_as_text(tmp_path: Path) -> None:
    content = b"2 2\nab " + _vec(1, 2) + b"\ncd " + _vec(3, 4) + b"\n"
    message = _fails(tmp_path, content, "word2vec", "line 2")
    assert "format='word2vec-binary'" in message
    _fails(tmp_path, content, "fasttext", "format='word2vec-binary'")
    _fails(tmp_path, content, "glove", "line 2: .*looks like a word2vec header")


def test_text_file_read_as_binary(tmp_path: Path) -> None:
    content = b"2 3\nthe 0.1 0.2 0.3\ncat 1 2 3\n"
    _fails(tmp_path, content, "word2vec-binary", "this is a word2vec text file .* not a binary")
    with pytest.raises(FormatError, match="read it as text"):
        read_word2vec(tmp_path / "bad", binary=True)


def test_folder_read_as_a_file_and_file_as_native(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    with pytest.raises(FormatError, match="is a folder; a glove vector file is a single file"):
        load_embeddings(tmp_path / "dir", format="glove")
    (tmp_path / "file").write_bytes(b"the 1 2\n")
    with pytest.raises(FormatError, match="is not a directory"):
        load_embeddings(tmp_path / "file", format="native")


# -- binary --------------------------------------------------------------------------------

# The header "2 2\n" is 4 bytes; each row "ab " + 8 bytes + "\n" is 12 bytes.
BINARY_CASES = [
    (b"2 2\nab " + _vec(1, 2) + b"\n", "byte offset 16: the file ends after 1 rows"),
    (b"2 2\nab " + _vec(1, 2) + b"\ncd " + _vec(3)[:3], "byte offset 19: the file ends inside"),
    (b"1 2\nab " + _vec(1, 2) + b"\ncd " + _vec(3, 4), "byte offset 16: the file has more data"),
    (b"2 2\nab " + _vec(1, 2) + b"\nab " + _vec(3, 4), r"byte offset 16: duplicate word 'ab'"),
    (b"2 2\nab " + _vec(1, 2) + b"\n\xff " + _vec(3, 4), "byte offset 16: the word b'\\\\xff'"),
    (b"2 2\nab " + _vec(1, 2) + b"\nc\td " + _vec(3, 4), "byte offset 16: .* contains a tab"),
    (b"2 2\nab " + _vec(1, 2) + b"\ncd " + _vec(np.inf, 4), "byte offset 16: .*NaN or infinity"),
    (b"1 2\n " + _vec(1, 2), "byte offset 4: row 1 has an empty word"),
    (b"1 2\n" + b"x" * 70_000 + b" " + _vec(1, 2), "byte offset 4: no space ends the word"),
    # a lying dimension: too small, then too large
    (b"2 2\nab " + _vec(1, 2, 3) + b"\ncd " + _vec(4, 5, 6) + b"\n", "byte offset 15: "),
    (b"2 4\nab " + _vec(1, 2, 3) + b"\ncd " + _vec(4, 5, 6) + b"\n", "byte offset 23: .*ends"),
    # an absurd (but allowed) dimension: nothing huge is allocated before the check
    (b"1 16777216\nab " + _vec(1, 2), r"byte offset 14: .*expected 67108864 bytes"),
]


@pytest.mark.parametrize(("content", "message"), BINARY_CASES)
def test_malformed_binary(tmp_path: Path, content: bytes, message: str) -> None:
    _fails(tmp_path, content, "word2vec-binary", message)


def test_binary_first_error_in_file_order_wins(tmp_path: Path) -> None:
    content = b"3 2\nab " + _vec(1, 2) + b"\nab " + _vec(3, 4) + b"\ncd " + _vec(np.nan, 1)
    _fails(tmp_path, content, "word2vec-binary", "byte offset 16: duplicate word 'ab'")


def test_float16_overflow(tmp_path: Path) -> None:
    _fails(
        tmp_path,
        b"1 2\nab 1 70000\n",
        None,
        "line 2: b'70000' does not fit in float16",
        dtype="float16",
    )
    binary = b"1 2\nab " + _vec(1, 70000) + b"\n"
    _fails(tmp_path, binary, None, "byte offset 4: .*does not fit in float16", dtype="float16")
    assert _load(tmp_path, binary, None).vectors.tolist() == [[1.0, 70000.0]]  # type: ignore[attr-defined]


# -- lenient mode --------------------------------------------------------------------------


def test_skip_mode_counts_and_reports(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    content = (
        b"the 1 2\n"
        b"short 3\n"  # wrong length
        b"nan 1 nan\n"  # not finite
        b"cat 1 x\n"  # not a number
        b"the 5 6\n"  # duplicate: the first is kept
        b"\n"  # blank line in the middle
        b"caf\xe9 1 2\n"  # not UTF-8
        b"dog 3 4\n"
        b"big 1 1e39\n"  # float32 overflow
        b"\n\n"  # trailing blank lines are not a problem
    )
    with caplog.at_level(logging.WARNING, logger="firth"):
        emb = _load(tmp_path, content, "glove", errors="skip")
    assert emb.words == ["the", "dog"]  # type: ignore[attr-defined]
    assert emb.vectors.tolist() == [[1.0, 2.0], [3.0, 4.0]]  # type: ignore[attr-defined]
    skipped = emb.metadata["skipped"]  # type: ignore[attr-defined]
    assert skipped["count"] == 7
    assert skipped["by_problem"] == {
        "duplicate": 1,
        "empty_line": 1,
        "invalid_word": 1,
        "not_a_number": 1,
        "not_finite": 2,
        "wrong_length": 1,
    }
    assert skipped["examples"][0] == "line 2: expected a word and 2 values, found 1 value."
    assert len(skipped["examples"]) == 7
    assert "skipped 7 bad rows" in caplog.text


def test_skip_mode_in_word2vec_text_counts_bad_rows_against_the_header(tmp_path: Path) -> None:
    content = b"4 2\nthe 1 2\nbad 1\nthe 3 4\ncat 5 6\n"
    emb = _load(tmp_path, content, None, errors="skip")
    assert emb.words == ["the", "cat"]  # type: ignore[attr-defined]
    assert emb.metadata["skipped"]["by_problem"] == {"duplicate": 1, "wrong_length": 1}  # type: ignore[attr-defined]
    # the structure is still checked: a truncated file stays an error
    _fails(tmp_path, b"5 2\nthe 1 2\nbad 1\n", None, "ends after 2 rows", errors="skip")


def test_skip_mode_with_limit_counts_kept_rows(tmp_path: Path) -> None:
    content = b"the 1 2\nbad\nthe 3 4\ncat 5 6\ndog 7 8\n"
    emb = _load(tmp_path, content, None, errors="skip", limit=2)
    assert emb.words == ["the", "cat"]  # type: ignore[attr-defined]


def test_skip_mode_in_binary(tmp_path: Path) -> None:
    content = (
        b"5 2\n"
        + b"ab "
        + _vec(1, 2)
        + b"\nab "  # duplicate
        + _vec(3, 4)
        + b"\nc\td "  # whitespace in the word
        + _vec(3, 4)
        + b"\n\xff "  # not UTF-8
        + _vec(5, 6)
        + b"\ncd "
        + _vec(np.nan, 6)  # not finite
        + b"\n"
    )
    emb = _load(tmp_path, content, None, errors="skip")
    assert emb.words == ["ab"]  # type: ignore[attr-defined]
    assert emb.metadata["skipped"]["by_problem"] == {  # type: ignore[attr-defined]
        "duplicate": 1,
        "invalid_word": 2,
        "not_finite": 1,
    }
    # a broken row structure cannot be skipped
    _fails(tmp_path, content[:-5], None, "the file ends inside", errors="skip")


def test_strict_mode_has_no_skip_metadata(tmp_path: Path) -> None:
    emb = _load(tmp_path, b"the 1 2\n", None)
    assert emb.metadata == {}  # type: ignore[attr-defined]
