"""The vector files of the original word2vec.c: text (``-binary 0``) and binary (``-binary 1``).

Both start with a header line ``"<V> <D>\\n"``. Then, per word:

* text: the word, a space, each value formatted like C's ``%lf`` followed by a space, and
  a newline (every row ends with ``" \\n"``);
* binary: the word, a space, ``D`` little-endian float32 values, and a newline.

:func:`write_word2vec` writes exactly the bytes word2vec.c writes. :func:`read_word2vec`
also reads the usual variants of other writers: rows without the trailing space, ``\\r\\n``
line ends, binary rows without the newline after the vector.

Words are UTF-8. A word cannot be empty or contain ASCII whitespace (space, tab, newline,
carriage return, vertical tab, form feed): such words would not read back, so writing one
is an error.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError, FormatError
from firth.io.atomic import atomic_write

__all__ = ["read_word2vec", "write_word2vec"]

logger = logging.getLogger(__name__)

_WHITESPACE = frozenset(" \t\n\r\v\f")
_ROWS_PER_CHUNK = 4096
_TEXT_BLOCK_BYTES = 8 << 20
_BINARY_BLOCK_BYTES = 8 << 20
_MAX_WORD_BYTES = 1 << 16
_HEADER_MAX_BYTES = 1024


def _check_words(words: Sequence[str]) -> list[bytes]:
    encoded: list[bytes] = []
    for i, word in enumerate(words):
        if not isinstance(word, str):
            raise FormatError(f"word {i} must be a str; got {type(word).__name__}.")
        if not word or not _WHITESPACE.isdisjoint(word):
            raise FormatError(
                f"word {i} ({word!r}) cannot be written to a word2vec file: words must be "
                "non-empty and contain no spaces, tabs or line breaks, or they would not "
                "read back."
            )
        try:
            encoded.append(word.encode("utf-8"))
        except UnicodeEncodeError as exc:
            raise FormatError(f"word {i} ({word!r}) cannot be encoded as UTF-8: {exc}") from exc
    return encoded


def write_word2vec(
    path: str | os.PathLike[str],
    words: Sequence[str],
    vectors: npt.ArrayLike,
    *,
    binary: bool = False,
) -> None:
    """Write vectors in word2vec.c's text or binary format, atomically.

    The output is byte-for-byte what word2vec.c writes. Values are converted to float32
    first (word2vec.c's ``real``), so the text and binary files hold the same numbers;
    the text format keeps 6 decimals (``%lf``).

    Parameters
    ----------
    path
        The file to create or replace (atomically: a crash leaves the old file).
    words
        One word per row of ``vectors``.
    vectors
        A 2-D array of shape ``(len(words), D)``.
    binary
        Write the binary format instead of the text format.

    Raises
    ------
    FormatError
        If a word is empty or contains whitespace (it could not be read back).
    ConfigError
        If ``vectors`` is not a 2-D real array with one row per word.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = os.path.join(tmp, "vectors.txt")
    ...     write_word2vec(target, ["the", "cat"], [[0.1, -0.2], [1.0, 0.0]])
    ...     with open(target, "rb") as f:
    ...         f.read().splitlines(keepends=True)
    [b'2 2\\n', b'the 0.100000 -0.200000 \\n', b'cat 1.000000 0.000000 \\n']
    """
    array = np.asarray(vectors)
    if array.ndim != 2 or array.shape[0] != len(words):
        raise ConfigError(
            f"vectors must be a 2-D array with one row per word ({len(words)} words); "
            f"got shape {array.shape}."
        )
    if array.dtype.kind not in "iuf":
        raise ConfigError(f"vectors must hold real numbers; got dtype {array.dtype}.")
    encoded = _check_words(words)
    n_rows, dim = array.shape
    with atomic_write(path) as file:
        file.write(b"%d %d\n" % (n_rows, dim))
        for start in range(0, n_rows, _ROWS_PER_CHUNK):
            stop = min(start + _ROWS_PER_CHUNK, n_rows)
            chunk = np.ascontiguousarray(array[start:stop], dtype="<f4")
            if binary:
                _write_binary_rows(file, encoded[start:stop], chunk)
            else:
                _write_text_rows(file, encoded[start:stop], chunk)
    logger.debug("wrote %d x %d word2vec %s file %s", n_rows, dim, "binary" * binary, path)


def _write_text_rows(file: BinaryIO, words: list[bytes], chunk: npt.NDArray[np.float32]) -> None:
    # One %-formatting call per row over float64 copies (C's float -> double promotion):
    # Python's %f and C's %lf both round correctly, so the digits are identical.
    row_format = "%f " * chunk.shape[1] + "\n"
    values = chunk.astype(np.float64).tolist()
    parts = [
        word + b" " + (row_format % tuple(row)).encode("ascii")
        for word, row in zip(words, values, strict=True)
    ]
    file.write(b"".join(parts))


def _write_binary_rows(file: BinaryIO, words: list[bytes], chunk: npt.NDArray[np.float32]) -> None:
    raw = chunk.tobytes()
    width = 4 * chunk.shape[1]
    parts = [word + b" " + raw[i * width : (i + 1) * width] + b"\n" for i, word in enumerate(words)]
    file.write(b"".join(parts))


class _Source:
    """The file being read, for error messages."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.guessed_binary = False

    def error(self, where: str, problem: str) -> FormatError:
        message = f"{self.path}, {where}: {problem}"
        if self.guessed_binary:
            message += (
                " (the file was read as binary because its first row is not a text row; "
                "pass binary=False to read it as text)"
            )
        return FormatError(message)


def _parse_header(line: bytes, source: _Source) -> tuple[int, int]:
    if not line:
        raise FormatError(f"{source.path} is empty; a word2vec file starts with '<V> <D>'.")
    if not line.endswith(b"\n") and len(line) >= _HEADER_MAX_BYTES:
        raise FormatError(
            f"{source.path}, line 1: the header line is longer than {_HEADER_MAX_BYTES} "
            "bytes; this is not a word2vec file."
        )
    fields = line.split()
    try:
        n_rows, dim = (int(field) for field in fields) if len(fields) == 2 else (-1, -1)
    except ValueError:
        n_rows, dim = -1, -1
    if n_rows < 0 or dim < 1:
        shown = line[:80].decode("utf-8", "replace").rstrip()
        raise FormatError(
            f"{source.path}, line 1: bad header {shown!r}; expected two integers "
            "'<number of words> <dimensions>' with dimensions >= 1."
        )
    return n_rows, dim


def _parse_text_row(tokens: list[bytes], dim: int) -> npt.NDArray[np.float32] | None:
    """The values of one text row, or ``None`` if it is not a well-formed row."""
    if len(tokens) != dim + 1:
        return None
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            return np.array(tokens[1:]).astype(np.float32)
    except ValueError:
        return None


def _looks_like_text(file: BinaryIO, dim: int) -> bool:
    """Whether the first data row after the header is a text row with ``dim`` values."""
    start = file.tell()
    limit = 64 * dim + 4096
    line = file.readline(limit)
    file.seek(start)
    if not line:
        return True  # no rows at all: either reading gives the same empty result
    if not line.endswith(b"\n") and len(line) >= limit:
        return False
    tokens = line.split()
    if not tokens:
        return False
    try:
        tokens[0].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _parse_text_row(tokens, dim) is not None


def read_word2vec(
    path: str | os.PathLike[str], *, binary: bool | None = None
) -> tuple[list[str], npt.NDArray[np.float32]]:
    """Read a word2vec.c text or binary vector file.

    Parameters
    ----------
    path
        The file.
    binary
        ``True`` for the binary format, ``False`` for text, ``None`` (default) to guess
        from the first row after the header.

    Returns
    -------
    words : list of str
        The words, in file order.
    vectors : ndarray of float32
        Shape ``(len(words), D)``.

    Raises
    ------
    FormatError
        Naming the file and the line (text) or byte offset (binary): empty file, bad
        header, fewer rows than the header says (truncated file), more data than it says,
        a row with the wrong number of values, a value that is not a number, a duplicate
        word, a word that is not valid UTF-8.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = os.path.join(tmp, "vectors.bin")
    ...     write_word2vec(target, ["日本", "café"], [[1.5, 2], [-3, 0.25]], binary=True)
    ...     words, vectors = read_word2vec(target)
    >>> words, vectors.tolist()
    (['日本', 'café'], [[1.5, 2.0], [-3.0, 0.25]])
    """
    name = os.fspath(path)
    source = _Source(str(name))
    with open(name, "rb") as file:
        n_rows, dim = _parse_header(file.readline(_HEADER_MAX_BYTES), source)
        data_start = file.tell()
        size = os.fstat(file.fileno()).st_size
        if binary is None:
            binary = source.guessed_binary = not _looks_like_text(file, dim)
        # A lying header must not make us allocate terabytes. Every row takes at least
        # 2 + 4 * dim bytes (binary: a one-byte word, a space, the values) or 2 + 2 * dim
        # (text: a one-byte word, " 0" per value, a newline but for the last row), so no
        # more rows than that can be read; the parser reports the truncation itself.
        available = size - data_start
        min_row = 2 + 4 * dim if binary else 2 + 2 * dim
        capacity = min(n_rows, (available + 1) // min_row + 1)
        if binary:
            words, vectors = _read_binary_rows(file, n_rows, dim, capacity, source)
        else:
            words, vectors = _read_text_rows(file, n_rows, dim, capacity, source)
    logger.debug("read %d x %d word2vec file %s", n_rows, dim, name)
    return words, vectors


def _decode_word(word: bytes, where: str, source: _Source) -> str:
    try:
        return word.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise source.error(where, f"the word {word[:40]!r} is not valid UTF-8 ({exc}).") from None


def _read_text_rows(
    file: BinaryIO, n_rows: int, dim: int, capacity: int, source: _Source
) -> tuple[list[str], npt.NDArray[np.float32]]:
    vectors = np.empty((capacity, dim), dtype=np.float32)
    words: list[str] = []
    first_line: dict[str, int] = {}
    line_number = 1  # the header
    while len(words) < n_rows:
        lines = file.readlines(_TEXT_BLOCK_BYTES)
        if not lines:
            raise source.error(
                f"line {line_number + 1}",
                f"the file ends after {len(words)} rows, but the header promises {n_rows}; "
                "the file is truncated or the header is wrong.",
            )
        extra: list[bytes] = []
        if len(words) + len(lines) > n_rows:
            keep = n_rows - len(words)
            lines, extra = lines[:keep], lines[keep:]
        split = [line.split() for line in lines]
        block_start = len(words)
        values: npt.NDArray[np.float32] | None = None
        if all(len(tokens) == dim + 1 for tokens in split):
            try:
                with np.errstate(over="ignore", invalid="ignore"):
                    values = np.array([tokens[1:] for tokens in split]).astype(np.float32)
            except ValueError:
                values = None  # a bad number: the row-by-row checks below locate it
        for offset, tokens in enumerate(split):
            where = f"line {line_number + 1 + offset}"
            if values is None:
                _check_text_row(tokens, dim, where, source)
            word = _decode_word(tokens[0], where, source)
            if word in first_line:
                raise source.error(
                    where, f"duplicate word {word!r} (first on line {first_line[word]})."
                )
            first_line[word] = line_number + 1 + offset
            words.append(word)
        if values is None:  # pragma: no cover - the row checks raise first
            raise AssertionError("a block of rows failed to parse, but every row is valid")
        vectors[block_start : block_start + len(lines)] = values
        line_number += len(lines)
        if len(words) == n_rows:
            _check_text_tail(file, extra, line_number, n_rows, source)
    if n_rows == 0:
        _check_text_tail(file, [], line_number, n_rows, source)
    return words, vectors


def _check_text_row(tokens: list[bytes], dim: int, where: str, source: _Source) -> None:
    """Raise the error that describes a malformed text row (slow path, errors only)."""
    if len(tokens) != dim + 1:
        found = max(len(tokens) - 1, 0)
        empty = " (empty line)" if not tokens else ""
        raise source.error(where, f"expected a word and {dim} values, found {found} values{empty}.")
    for token in tokens[1:]:
        if _parse_text_row([b"", token], 1) is None:
            raise source.error(where, f"{token[:40]!r} is not a number.")


def _check_text_tail(
    file: BinaryIO, extra: list[bytes], line_number: int, n_rows: int, source: _Source
) -> None:
    """Everything after the promised rows must be blank."""
    for offset, line in enumerate(extra):
        if line.strip():
            raise source.error(
                f"line {line_number + 1 + offset}",
                f"the file has more rows than the {n_rows} its header promises.",
            )
    line_number += len(extra)
    while True:
        line = file.readline(_TEXT_BLOCK_BYTES)
        if not line:
            return
        line_number += 1
        if line.strip():
            raise source.error(
                f"line {line_number}",
                f"the file has more rows than the {n_rows} its header promises.",
            )


def _read_binary_rows(
    file: BinaryIO, n_rows: int, dim: int, capacity: int, source: _Source
) -> tuple[list[str], npt.NDArray[np.float32]]:
    vectors = np.empty((capacity, dim), dtype=np.float32)
    words: list[str] = []
    first_offset: dict[str, int] = {}
    width = 4 * dim
    buffer = b""
    base = file.tell()  # file offset of buffer[0]
    pos = 0
    at_eof = False

    def fill(needed: int) -> bool:
        """Make ``buffer[pos:]`` hold at least ``needed`` bytes; False at end of file."""
        nonlocal buffer, base, pos, at_eof
        while len(buffer) - pos < needed and not at_eof:
            more = file.read(max(_BINARY_BLOCK_BYTES, needed))
            if not more:
                at_eof = True
                break
            buffer = buffer[pos:] + more
            base += pos
            pos = 0
        return len(buffer) - pos >= needed

    for row in range(n_rows):
        # Skip the newline that ends the previous row (absent in some writers).
        while True:
            fill(1)
            if pos < len(buffer) and buffer[pos] in b"\r\n":
                pos += 1
            else:
                break
        word_offset = base + pos
        space = buffer.find(b" ", pos, pos + _MAX_WORD_BYTES + 1)
        while space < 0 and len(buffer) - pos <= _MAX_WORD_BYTES and not at_eof:
            fill(len(buffer) - pos + 1)
            space = buffer.find(b" ", pos, pos + _MAX_WORD_BYTES + 1)
        if space < 0:
            if len(buffer) - pos <= _MAX_WORD_BYTES:  # at the end of the file
                raise source.error(
                    f"byte offset {word_offset}",
                    f"the file ends after {row} rows, but the header promises {n_rows}; "
                    "the file is truncated or the header is wrong.",
                )
            raise source.error(
                f"byte offset {word_offset}",
                f"no space ends the word of row {row + 1} within {_MAX_WORD_BYTES} bytes; "
                "this is not a word2vec binary file (or the header lies about the dimension).",
            )
        raw_word = buffer[pos:space]
        where = f"byte offset {word_offset}"
        if not raw_word:
            raise source.error(where, f"row {row + 1} has an empty word.")
        word = _decode_word(raw_word, where, source)
        if word in first_offset:
            raise source.error(
                where,
                f"duplicate word {word!r} (first at byte offset {first_offset[word]}).",
            )
        pos = space + 1
        if not fill(width):
            raise source.error(
                f"byte offset {base + pos}",
                f"the file ends inside the vector of row {row + 1} ({word!r}): expected "
                f"{width} bytes ({dim} float32 values), found {len(buffer) - pos}; the file "
                "is truncated.",
            )
        vectors[row] = np.frombuffer(buffer, dtype="<f4", count=dim, offset=pos)
        pos += width
        first_offset[word] = word_offset
        words.append(word)

    while True:  # the tail may only hold whitespace
        if not fill(1):
            break
        rest = buffer[pos:]
        stripped = rest.lstrip()
        if stripped:
            raise source.error(
                f"byte offset {base + pos + len(rest) - len(stripped)}",
                f"the file has more data than the {n_rows} rows its header promises.",
            )
        pos = len(buffer)
    return words, vectors
