"""The vector files of the original word2vec.c: text (``-binary 0``) and binary (``-binary 1``).

Both start with a header line ``"<V> <D>\\n"``. Then, per word:

* text: the word, a space, each value formatted like C's ``%lf`` followed by a space, and
  a newline (every row ends with ``" \\n"``);
* binary: the word, a space, ``D`` little-endian float32 values, and a newline.

:func:`write_word2vec` writes exactly the bytes word2vec.c writes. :func:`read_word2vec`
also reads the usual variants of other writers: rows without the trailing space, ``\\r\\n``
line ends, tabs between values, binary rows without the newline after the vector, and
fastText's ``.vec`` files (the same text format).

Words are UTF-8. A word cannot be empty or contain ASCII whitespace (space, tab, newline,
carriage return, vertical tab, form feed): such words would not read back, so writing one
is an error. Any other character, including non-breaking and other Unicode spaces, is part
of the word; in a text file the word ends at the first ASCII whitespace of its line, in a
binary file at the first space.

Reading is vectorised. Text rows are converted a block of lines at a time by NumPy's C
parser (see :mod:`firth.io._textparse`). In a binary file a C-level regular expression
finds the words (each vector is exactly ``4 * D`` bytes, whatever bytes it holds), and the
vectors of a block are gathered with one fancy-indexing copy from a sliding-window view of
the bytes; no Python code runs per number.
"""

from __future__ import annotations

import contextlib
import io
import logging
import mmap
import os
import re
from collections.abc import Sequence
from typing import Any, BinaryIO, NoReturn

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from firth._memory import drop_file_pages
from firth.errors import FormatError
from firth.io._textparse import (
    NOT_WHITESPACE,
    DType,
    Errors,
    Parsed,
    Rows,
    SkipReport,
    Source,
    check_dtype,
    check_errors,
    check_limit,
    parse_floats,
    read_text_rows,
    text_rows,
    write_vector_file,
)

__all__ = [
    "MAX_DIM",
    "first_row_is_text",
    "header_numbers",
    "looks_like_header",
    "parse_header",
    "parse_word2vec",
    "read_word2vec",
    "write_word2vec",
]

logger = logging.getLogger(__name__)

#: Largest block of a text file parsed at once.
_TEXT_BLOCK_BYTES = 16 << 20
#: Bytes of a binary file scanned at once (plus room for one row of the longest word).
_BINARY_BLOCK_BYTES = 2 << 20
#: Longest word of a binary file.
_MAX_WORD_BYTES = 1 << 16
_HEADER_MAX_BYTES = 1024
#: The largest dimension a header may declare (a guard against absurd allocations).
MAX_DIM = 1 << 24
_WORD_BREAKERS = re.compile(rb"[\t\n\r\x0b\x0c]")
#: Control bytes that text never holds but float32 values usually do.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1f\x7f]")


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
    formatter = _binary_rows if binary else _TEXT_ROWS
    n_rows, dim = write_vector_file(
        path, words, vectors, what="a word2vec file", header=True, rows=formatter
    )
    logger.debug("wrote %d x %d word2vec %s file %s", n_rows, dim, "binary" * binary, path)


#: word2vec.c's text rows: the word and a space, then ``"%lf "`` per value.
_TEXT_ROWS = text_rows("%f ", after_word=" ")


def _binary_rows(words: list[bytes], chunk: npt.NDArray[np.float32]) -> bytes:
    raw = chunk.tobytes()
    width = 4 * chunk.shape[1]
    return b"".join(
        word + b" " + raw[i * width : (i + 1) * width] + b"\n" for i, word in enumerate(words)
    )


# --------------------------------------------------------------------------- header


def parse_header(line: bytes, source: Source) -> tuple[int, int]:
    """``(rows, dim)`` from a header line ``"<V> <D>"``; FormatError if it is not one."""
    if not line:
        raise FormatError(f"{source.path} is empty; a word2vec file starts with '<V> <D>'.")
    if not line.endswith(b"\n") and len(line) >= _HEADER_MAX_BYTES:
        raise FormatError(
            f"{source.path}, line 1: the header line is longer than {_HEADER_MAX_BYTES} "
            "bytes; this is not a word2vec file."
        )
    header = header_numbers(line)
    if header is None:
        shown = line[:80].decode("utf-8", "replace").rstrip()
        raise FormatError(
            f"{source.path}, line 1: bad header {shown!r}; expected two integers "
            f"'<number of words> <dimensions>' with 1 <= dimensions <= {MAX_DIM}."
        )
    return header


def looks_like_header(line: bytes) -> bool:
    """Whether ``line`` is two non-negative integers (a header, valid or not)."""
    fields = line.split()
    return len(fields) == 2 and all(field.isdigit() for field in fields)


def header_numbers(line: bytes) -> tuple[int, int] | None:
    """``(rows, dim)`` if ``line`` is a word2vec header: two integers, ``1 <= dim <= 2**24``."""
    fields = line.split()
    if len(fields) != 2 or not all(f.isdigit() and len(f) <= 18 for f in fields):
        return None
    n_rows, dim = int(fields[0]), int(fields[1])
    return (n_rows, dim) if 1 <= dim <= MAX_DIM else None


def first_row_is_text(file: BinaryIO, dim: int) -> bool:
    """Whether the first row after the header is a text row with ``dim`` values.

    The file position is restored. A file without rows counts as text.
    """
    start = file.tell()
    limit = 64 * dim + 4096
    line = file.readline(limit)
    file.seek(start)
    if not line:
        return True  # no rows at all: either reading gives the same empty result
    if not line.endswith(b"\n") and len(line) >= limit:
        return False
    tokens = line.split()
    if len(tokens) != dim + 1:
        return False
    try:
        tokens[0].decode("utf-8")
    except UnicodeDecodeError:
        return False
    values = parse_floats(b" ".join(tokens[1:]))
    return values is not None and values.size == dim


def _looks_binary(file: BinaryIO) -> bool:
    """Whether the bytes after the header hold control bytes (float32 data usually do)."""
    start = file.tell()
    head = file.read(4096)
    file.seek(start)
    return bool(_CONTROL_BYTES.search(head))


# --------------------------------------------------------------------------- reading


def read_word2vec(
    path: str | os.PathLike[str],
    *,
    binary: bool | None = None,
    limit: int | None = None,
    dtype: DType = "float32",
    errors: Errors = "strict",
) -> tuple[list[str], npt.NDArray[Any]]:
    """Read a word2vec.c text or binary vector file (or a fastText ``.vec`` file).

    Parameters
    ----------
    path
        The file.
    binary
        ``True`` for the binary format, ``False`` for text, ``None`` (default) to guess
        from the first row after the header.
    limit
        Read only the first ``limit`` vectors; the rest of the file is not read.
    dtype
        ``"float32"`` (default) or ``"float16"``.
    errors
        ``"strict"`` (default): any bad row is an error. ``"skip"``: drop bad rows and
        log a warning with their count; in text files a row with the wrong number of
        values, a value that is not a finite number, a word that is not UTF-8 and a
        duplicate word (the first is kept) are dropped; in binary files, whose row
        structure cannot be re-synchronised, only the last three. A broken header
        promise (too few or too many rows) is an error in both modes.

    Returns
    -------
    words : list of str
        The words, in file order.
    vectors : ndarray
        Shape ``(len(words), D)``, of the requested dtype.

    Raises
    ------
    FormatError
        Naming the file and the line (text) or byte offset (binary): empty file, bad
        header, fewer rows than the header says (truncated file), more data than it says,
        a row with the wrong number of values, a value that is not a finite number (or
        does not fit in float16), a duplicate word, a word that is not valid UTF-8, a
        text file read as binary.
    ConfigError
        If ``limit``, ``dtype`` or ``errors`` is invalid.

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
    parsed = parse_word2vec(path, binary=binary, limit=limit, dtype=dtype, errors=errors)
    return parsed.vocab.words, parsed.vectors


def parse_word2vec(
    path: str | os.PathLike[str],
    *,
    binary: bool | None,
    limit: int | None = None,
    dtype: DType = "float32",
    errors: Errors = "strict",
) -> Parsed:
    """Like :func:`read_word2vec`, returning the vocabulary and the skip report too."""
    limit = check_limit(limit)
    resolved = check_dtype(dtype)
    errors = check_errors(errors)
    name = os.fspath(path)
    source = Source(str(name))
    with open(name, "rb") as file:
        n_rows, dim = parse_header(file.readline(_HEADER_MAX_BYTES), source)
        data_start = file.tell()
        size = os.fstat(file.fileno()).st_size
        if binary is None:
            binary = not first_row_is_text(file, dim)
            if binary:
                source.hint = (
                    "the file was read as binary because its first row is not a text row; "
                    "to read it as text pass binary=False (format='word2vec')"
                )
        elif binary and n_rows and first_row_is_text(file, dim):
            raise FormatError(
                f"{source.path}: this is a word2vec text file (its first row is a word and "
                f"{dim} numbers), not a binary one; read it as text (binary=False, "
                "format='word2vec')."
            )
        elif not binary and n_rows and _looks_binary(file):
            source.hint = (
                "the data after the header are not text; if this is a binary word2vec "
                "file, read it with binary=True (format='word2vec-binary')"
            )
        if binary:
            parsed = _BinaryReader(
                file,
                source=source,
                n_rows=n_rows,
                dim=dim,
                limit=limit,
                dtype=resolved,
                errors=errors,
                size_hint=size - data_start,
            ).run()
        else:
            parsed = read_text_rows(
                file,
                source=source,
                dim=dim,
                first_line=2,
                expected_rows=n_rows,
                limit=limit,
                dtype=resolved,
                errors=errors,
                size_hint=size - data_start,
                block_bytes=_TEXT_BLOCK_BYTES,
            )
    logger.debug("read %d x %d word2vec file %s", len(parsed.vocab), dim, name)
    return parsed


# --------------------------------------------------------------------------- binary


def _map_file(file: io.BufferedReader) -> mmap.mmap | bytes:
    """The whole file, memory-mapped read-only, or read into memory if it cannot be mapped.

    Either way the bytes are indexed by file offset; the file position is left as it was.
    """
    try:
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # a file system or file that cannot be mapped
        position = file.tell()
        file.seek(0)
        whole = file.read()
        file.seek(position)
        return whole


def _piece_lengths(joined: bytes, count: int) -> npt.NDArray[np.int64]:
    """Lengths of the ``count`` pieces that ``b" ".join`` made ``joined`` of."""
    bounds = np.empty(count + 1, dtype=np.int64)
    bounds[0] = -1
    bounds[1:-1] = np.flatnonzero(np.frombuffer(joined, dtype=np.uint8) == 32)
    bounds[-1] = len(joined)
    return np.diff(bounds) - 1


class _BinaryReader:
    """Reads the rows of a binary word2vec file through a memory map, a window at a time.

    The file is mapped rather than read: copying a gigabyte from the page cache into a
    buffer costs more than the whole parse. Pages behind the window are released as it
    moves on, so the mapping adds only about a window to the resident memory. Where the
    file cannot be mapped (on some network or FUSE file systems) it is read into memory.
    """

    def __init__(
        self,
        file: io.BufferedReader,
        *,
        source: Source,
        n_rows: int,
        dim: int,
        limit: int | None,
        dtype: np.dtype[Any],
        errors: Errors,
        size_hint: int,
    ) -> None:
        self.source = source
        self.n_rows = n_rows
        self.dim = dim
        self.width = 4 * dim
        self.limit = limit
        self.dtype = dtype
        self.strict = errors == "strict"
        # A lying header must not make us reserve terabytes: every row takes at least
        # 2 + 4 * dim bytes (a one-byte word, a space, the values).
        capacity = min(n_rows, size_hint // (2 + self.width))
        if limit is not None:
            capacity = min(capacity, limit)
        self.rows = Rows(dim, dtype, capacity)
        self.file_rows = 0
        self.skipped = SkipReport()
        self.seen: dict[str, int] | None = None if self.strict else {}
        self.max_word = _MAX_WORD_BYTES
        # One regular expression finds a whole row: optional line breaks, the word (no
        # ASCII whitespace), a space, exactly `width` bytes of any value; its one group is
        # the line breaks and the word. The last alternative swallows the rest of the
        # window (with an empty group) at the first place where no row starts, so that
        # findall never skips ahead to a false row inside vector bytes.
        self.pattern = re.compile(
            rb"([\r\n]*[^ \t\n\r\x0b\x0c][^ \t\n\r\x0b\x0c]{0,%d}) .{%d}|.+"
            % (self.max_word - 1, self.width),
            re.DOTALL,
        )
        # Room for a block and at least one whole row of the longest word.
        self.window = _BINARY_BLOCK_BYTES + self.max_word + self.width + 2
        self.pos = file.tell()  # the first byte not consumed yet
        self.data: mmap.mmap | bytes = _map_file(file)
        self.size = len(self.data)
        self.released = self.pos - self.pos % mmap.ALLOCATIONGRANULARITY
        self.stop = 0  # the end of the current window
        self.bytes = np.frombuffer(self.data, dtype=np.uint8)

    @property
    def at_end(self) -> bool:
        """Whether the current window reaches the end of the file."""
        return self.stop == self.size

    def where(self, offset: int) -> str:
        return f"byte offset {offset}"

    def wanted(self) -> int:
        wants = self.n_rows - self.file_rows
        if self.limit is not None:
            wants = min(wants, self.limit - len(self.rows))
        return wants

    def _advance(self) -> None:
        self.stop = min(self.size, self.pos + self.window)

    def _consume(self, count: int) -> None:
        self.pos += count
        page = mmap.ALLOCATIONGRANULARITY
        behind = self.pos - self.pos % page
        if isinstance(self.data, mmap.mmap) and behind - self.released >= _BINARY_BLOCK_BYTES:
            drop_file_pages(self.data, self.released, behind)  # pages already parsed
            self.released = behind

    def close(self) -> None:
        """Unmap the file (left to the garbage collector while an error still holds a view)."""
        del self.bytes
        if isinstance(self.data, mmap.mmap):
            with contextlib.suppress(BufferError):
                self.data.close()

    def run(self) -> Parsed:
        try:
            while self.wanted() > 0:
                self._advance()
                matches: list[bytes] = self.pattern.findall(self.data, self.pos, self.stop)
                if matches and not matches[-1]:
                    matches.pop()
                del matches[self.wanted() :]
                if matches:
                    self._consume(self._take(matches))
                else:
                    self._consume(self._one_row())
            if self.limit is None or len(self.rows) < self.limit:
                self._check_tail()
        finally:
            self.close()
        if not self.strict:
            self.skipped.log(self.source.path)
        return self.rows.finish(self.source, self.where, self.skipped)

    def _check_tail(self) -> None:
        """After the promised rows only whitespace may follow."""
        found = NOT_WHITESPACE.search(self.data, self.pos)
        if found:
            self._fail(
                found.start(),
                f"the file has more data than the {self.n_rows} rows its header promises.",
            )

    def _take(self, matches: list[bytes], *, checked: bool = True) -> int:
        """Keep the rows whose line breaks and words are ``matches`` (the first starts at
        ``self.pos``); return the number of bytes they take.

        ``checked``: the words hold no ASCII whitespace (the row pattern matched them).
        """
        count = len(matches)
        width = self.width
        joined = b" ".join(matches)
        lengths = _piece_lengths(joined, count) if checked else np.array([len(matches[0])])
        ends = np.cumsum(lengths + (1 + width))
        starts = self.pos + ends - width  # where each vector starts in the file
        values = sliding_window_view(self.bytes, width)[starts].view("<f4")
        words: list[str] | None = None
        if checked:
            clean = joined.replace(b"\n", b"").replace(b"\r", b"")
            try:
                words = clean.decode("utf-8").split(" ")
            except UnicodeDecodeError:
                words = None
            word_lengths = _piece_lengths(clean, count) if len(clean) < len(joined) else lengths
        else:
            word_lengths = np.array([len(m.lstrip(b"\r\n")) for m in matches], dtype=np.int64)
        offsets = starts - 1 - word_lengths  # where each word starts
        if self.dtype == np.float32:
            converted = values
        else:
            with np.errstate(over="ignore"):
                converted = values.astype(self.dtype)
        if words is not None and self.seen is None and np.isfinite(converted).all():
            self.rows.extend(words, converted, offsets)
        else:
            finite = np.isfinite(values).all(axis=1)
            fits = np.isfinite(converted).all(axis=1)
            raw_words = [m.lstrip(b"\r\n") for m in matches]
            self._row_by_row(raw_words, words, converted, finite, fits, offsets)
        self.file_rows += count
        return int(ends[-1])

    def _row_by_row(
        self,
        raw_words: list[bytes],
        words: list[str] | None,
        values: npt.NDArray[Any],
        finite: npt.NDArray[np.bool_],
        fits: npt.NDArray[np.bool_],
        offsets: npt.NDArray[np.int64],
    ) -> None:
        """The rows of a block one by one: the exact problem of each bad row."""
        keep: list[int] = []
        kept_words: list[str] = []
        for i, raw in enumerate(raw_words):
            offset = int(offsets[i])
            row = self.file_rows + i + 1
            word = words[i] if words is not None else None
            problem: tuple[str, str] | None = None
            if word is None:
                bad = _WORD_BREAKERS.search(raw)
                if bad:
                    problem = (
                        "invalid_word",
                        f"the word {raw[:40]!r} of row {row} contains a tab or line break; "
                        "this is not a word2vec binary file (or the header lies about the "
                        "dimension).",
                    )
                else:
                    try:
                        word = raw.decode("utf-8")
                    except UnicodeDecodeError as exc:
                        problem = (
                            "invalid_word",
                            f"the word {raw[:40]!r} is not valid UTF-8 ({exc}).",
                        )
            if problem is None and not finite[i]:
                problem = (
                    "not_finite",
                    f"the vector of row {row} ({word!r}) holds NaN or infinity.",
                )
            elif problem is None and not fits[i]:
                problem = (
                    "not_finite",
                    f"the vector of row {row} ({word!r}) does not fit in {self.dtype}.",
                )
            if problem is not None:
                if self.strict:  # an earlier duplicate word wins: let _fail see the rows
                    self.rows.extend(kept_words, values[keep], offsets[keep])
                    self._fail(offset, problem[1])
                self.skipped.add(problem[0], self.where(offset), problem[1])
                continue
            assert word is not None
            if self.seen is not None:
                if word in self.seen:
                    self.skipped.add(
                        "duplicate",
                        self.where(offset),
                        f"duplicate word {word!r} (first at byte offset {self.seen[word]}); "
                        "kept the first.",
                    )
                    continue
                self.seen[word] = offset
            keep.append(i)
            kept_words.append(word)
        self.rows.extend(kept_words, values[keep], offsets[keep])

    def _one_row(self) -> int:
        """No row starts at ``self.pos``: find out why (raise), or take an unusual row."""
        data, start, stop = self.data, self.pos, self.stop
        row = self.file_rows + 1
        pos = start
        while pos < stop and data[pos] in b"\r\n":
            pos += 1
        if pos == stop:
            if self.at_end:
                self._truncated(pos)
            return pos - start  # a long run of line breaks: drop it and read on
        space = data.find(b" ", pos, min(pos + self.max_word + 1, stop))
        if space < 0:
            if self.at_end and stop - pos <= self.max_word:
                self._truncated(pos)
            if pos > start and not self.at_end:
                return pos - start
            self._fail(
                pos,
                f"no space ends the word of row {row} within {self.max_word} bytes; this is "
                "not a word2vec binary file (or the header lies about the dimension).",
            )
        raw_word = data[pos:space]
        if not raw_word:
            self._fail(pos, f"row {row} has an empty word.")
        found = stop - (space + 1)
        if found < self.width:
            if pos > start and not self.at_end:
                return pos - start
            shown = raw_word[:40].decode("utf-8", "replace")
            self._fail(
                space + 1,
                f"the file ends inside the vector of row {row} ({shown!r}): expected "
                f"{self.width} bytes ({self.dim} float32 values), found {found}; the file "
                "is truncated.",
            )
        # A word with a tab or a line break inside: the row pattern refused it.
        return self._take([data[start:space]], checked=False)

    def _truncated(self, offset: int) -> NoReturn:
        self._fail(
            offset,
            f"the file ends after {self.file_rows} rows, but the header promises "
            f"{self.n_rows}; the file is truncated or the header is wrong.",
        )

    def _fail(self, offset: int, message: str) -> NoReturn:
        """Raise ``message``, unless a duplicate word comes earlier in the file."""
        if self.strict:
            self.rows.raise_earlier_duplicate(self.source, self.where, offset)
        raise self.source.error(self.where(offset), message)
