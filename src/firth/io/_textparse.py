"""Shared machinery of the vector-file readers: vectorised text rows, skip reports, options.

Every text format firth reads (word2vec.c text, fastText ``.vec``, GloVe) is a sequence of
lines ``word v1 v2 ... vD``. :func:`read_text_rows` reads them in blocks of lines and
converts all the numbers of a block with one call of NumPy's C parser: the words are cut
off at the first ASCII space, the remaining text of the lines is joined with a ``nan``
sentinel between lines, and the sentinels must land exactly in column ``D`` of the parsed
``(lines, D + 1)`` matrix, which proves that every line held exactly ``D`` numbers. A
block that fails any check is re-read line by line, which finds the exact line and problem
(strict mode) or drops the bad lines (``errors="skip"``). The two paths accept exactly the
same lines, so the fast path is only an optimisation.

Words are everything before the first ASCII whitespace of a line (space, tab, line feed,
carriage return, vertical tab, form feed); every other character, including non-breaking
and other Unicode spaces, belongs to the word.
"""

from __future__ import annotations

import logging
import operator
import os
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Literal, NoReturn

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError, FormatError, VocabularyError
from firth.io.atomic import atomic_write
from firth.vocab import Vocab

__all__ = [
    "DType",
    "Errors",
    "Parsed",
    "Rows",
    "SkipReport",
    "Source",
    "check_dtype",
    "check_errors",
    "check_limit",
    "check_vectors",
    "check_words",
    "parse_floats",
    "read_text_rows",
]

logger = logging.getLogger(__name__)

#: The vector dtypes the readers produce.
DType = Literal["float32", "float16"]
#: What a reader does with a bad row: raise (``"strict"``) or drop it (``"skip"``).
Errors = Literal["strict", "skip"]

_DTYPES: dict[str, np.dtype[Any]] = {
    "float32": np.dtype(np.float32),
    "float16": np.dtype(np.float16),
}
#: ASCII whitespace other than the space: never part of a word.
_WORD_BREAKERS = re.compile(rb"[\t\n\r\x0b\x0c]")
_WHITESPACE = frozenset(" \t\n\r\v\f")
NOT_WHITESPACE = re.compile(rb"[^ \t\n\r\x0b\x0c]")  # shared with the binary reader
#: How many example problems a skip report keeps.
_EXAMPLES = 10
#: Sizes of the blocks read from a text file: the first ones are small (cheap sniffing,
#: cheap small ``limit``), then they double up to the maximum.
_FIRST_BLOCK_BYTES = 1 << 16
_TEXT_BLOCK_BYTES = 16 << 20


# --------------------------------------------------------------------------- options
def check_dtype(dtype: object) -> np.dtype[Any]:
    """The NumPy dtype for a ``dtype`` argument: ``"float32"`` or ``"float16"``.

    Examples
    --------
    >>> check_dtype("float16")
    dtype('float16')
    >>> check_dtype("int8")
    Traceback (most recent call last):
    ...
    firth.errors.ConfigError: dtype must be 'float32' or 'float16'; got 'int8'.
    """
    if isinstance(dtype, str):
        if dtype in _DTYPES:
            return _DTYPES[dtype]
    elif dtype is not None:
        try:
            resolved = np.dtype(dtype)  # type: ignore[call-overload]
        except TypeError:
            resolved = None
        if resolved is not None and resolved.name in _DTYPES:
            return _DTYPES[resolved.name]
    raise ConfigError(f"dtype must be 'float32' or 'float16'; got {dtype!r}.")


def check_errors(errors: object) -> Errors:
    """Validate an ``errors`` argument (``"strict"`` or ``"skip"``)."""
    if errors == "strict" or errors == "skip":
        return errors
    raise ConfigError(f"errors must be 'strict' or 'skip'; got {errors!r}.")


def check_limit(limit: object) -> int | None:
    """Validate a ``limit`` argument: ``None`` or an integer >= 0."""
    if limit is None:
        return None
    if isinstance(limit, (int, np.integer)) and not isinstance(limit, bool) and limit >= 0:
        return operator.index(limit)
    raise ConfigError(f"limit must be None or an integer >= 0; got {limit!r}.")


def check_vectors(words: Sequence[str], vectors: npt.ArrayLike) -> npt.NDArray[Any]:
    """``vectors`` as a 2-D real array with one row per word (ConfigError otherwise)."""
    array = np.asarray(vectors)
    if array.ndim != 2 or array.shape[0] != len(words):
        raise ConfigError(
            f"vectors must be a 2-D array with one row per word ({len(words)} words); "
            f"got shape {array.shape}."
        )
    if array.dtype.kind not in "iuf":
        raise ConfigError(f"vectors must hold real numbers; got dtype {array.dtype}.")
    return array


def check_words(words: Sequence[str], what: str) -> list[bytes]:
    """UTF-8 encodings of ``words``, refusing words a whitespace-separated format cannot hold.

    Raises
    ------
    FormatError
        If a word is not a ``str``, is empty, contains ASCII whitespace or cannot be encoded.
    """
    encoded: list[bytes] = []
    for i, word in enumerate(words):
        if not isinstance(word, str):
            raise FormatError(f"word {i} must be a str; got {type(word).__name__}.")
        if not word or not _WHITESPACE.isdisjoint(word):
            raise FormatError(
                f"word {i} ({word!r}) cannot be written to {what}: words must be "
                "non-empty and contain no spaces, tabs or line breaks, or they would not "
                "read back."
            )
        try:
            encoded.append(word.encode("utf-8"))
        except UnicodeEncodeError as exc:
            raise FormatError(f"word {i} ({word!r}) cannot be encoded as UTF-8: {exc}") from exc
    return encoded


#: Rows converted and written at once by :func:`write_vector_file`.
ROWS_PER_CHUNK = 4096

#: Turns the UTF-8 words of a chunk and their float32 vectors into the bytes of its rows.
RowFormatter = Callable[[list[bytes], npt.NDArray[np.float32]], bytes]


def write_vector_file(
    path: str | os.PathLike[str],
    words: Sequence[str],
    vectors: npt.ArrayLike,
    *,
    what: str,
    header: bool,
    rows: RowFormatter,
) -> tuple[int, int]:
    """Write a vector file atomically: an optional ``"<V> <D>"`` header, then the rows.

    The words are checked (:func:`check_words`, naming the format ``what``) and the
    vectors converted to float32 a chunk at a time. Returns ``(V, D)``.
    """
    array = check_vectors(words, vectors)
    encoded = check_words(words, what)
    n_rows, dim = array.shape
    with atomic_write(path) as file:
        if header:
            file.write(b"%d %d\n" % (n_rows, dim))
        for start in range(0, n_rows, ROWS_PER_CHUNK):
            stop = min(start + ROWS_PER_CHUNK, n_rows)
            chunk = np.ascontiguousarray(array[start:stop], dtype="<f4")
            file.write(rows(encoded[start:stop], chunk))
    return n_rows, dim


def text_rows(value_format: str, *, after_word: str) -> RowFormatter:
    """Rows ``word + after_word + value_format % v1 + ... + "\\n"``.

    One %-formatting call per row over float64 copies (C's float -> double promotion):
    Python's ``%f``/``%g`` and C's round the same way, so the digits are the C writers'.
    """

    def rows(words: list[bytes], chunk: npt.NDArray[np.float32]) -> bytes:
        row_format = after_word + value_format * chunk.shape[1] + "\n"
        values = chunk.astype(np.float64).tolist()
        return b"".join(
            word + (row_format % tuple(row)).encode("ascii")
            for word, row in zip(words, values, strict=True)
        )

    return rows


# --------------------------------------------------------------------------- reports
class Source:
    """The file being read, for error messages: ``"<path>, <where>: <problem>"``."""

    def __init__(self, path: str) -> None:
        self.path = path
        #: Appended to every error message (e.g. how the format was guessed).
        self.hint: str | None = None

    def error(self, where: str, problem: str) -> FormatError:
        message = f"{self.path}, {where}: {problem}"
        if self.hint:
            message = f"{message.rstrip('.')} ({self.hint})."
        return FormatError(message)


@dataclass
class SkipReport:
    """The rows a lenient (``errors="skip"``) read dropped."""

    #: How many rows (or lines) were dropped.
    count: int = 0
    #: Counts by kind of problem: ``wrong_length``, ``not_a_number``, ``not_finite``,
    #: ``invalid_word``, ``duplicate``, ``empty_line``.
    by_problem: Counter[str] = field(default_factory=Counter)
    #: The first few problems, as ``"line 7: ..."`` / ``"byte offset 9: ..."``.
    examples: list[str] = field(default_factory=list)

    def add(self, kind: str, where: str, problem: str) -> None:
        self.count += 1
        self.by_problem[kind] += 1
        if len(self.examples) < _EXAMPLES:
            self.examples.append(f"{where}: {problem}")

    def to_metadata(self) -> dict[str, Any]:
        """A JSON-able summary (stored under ``metadata["skipped"]``)."""
        return {
            "count": self.count,
            "by_problem": dict(sorted(self.by_problem.items())),
            "examples": list(self.examples),
        }

    def log(self, path: str) -> None:
        if self.count:
            kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(self.by_problem.items()))
            logger.warning(
                "%s: skipped %d bad rows (%s); first: %s",
                path,
                self.count,
                kinds,
                self.examples[0],
            )


@dataclass
class Parsed:
    """What a reader found: the rows it kept and the ones it skipped."""

    vocab: Vocab
    vectors: npt.NDArray[np.floating[Any]]
    skipped: SkipReport


class Rows:
    """Words and vectors as they are read, with their positions, in a growing array."""

    def __init__(self, dim: int, dtype: np.dtype[Any], capacity: int) -> None:
        self.dim = dim
        self.dtype = dtype
        self.vectors: npt.NDArray[Any] = np.empty((max(capacity, 0), dim), dtype=dtype)
        self.positions: npt.NDArray[np.int64] = np.empty(max(capacity, 0), dtype=np.int64)
        self.words: list[str] = []

    def __len__(self) -> int:
        return len(self.words)

    def _reserve(self, extra: int) -> None:
        needed = len(self.words) + extra
        if needed <= len(self.vectors):
            return
        step = max(len(self.vectors) // 4, (1 << 20) // (self.dim * self.dtype.itemsize), 1)
        capacity = max(needed, len(self.vectors) + step)
        vectors = np.empty((capacity, self.dim), dtype=self.dtype)
        vectors[: len(self.words)] = self.vectors[: len(self.words)]
        positions = np.empty(capacity, dtype=np.int64)
        positions[: len(self.words)] = self.positions[: len(self.words)]
        self.vectors, self.positions = vectors, positions

    def extend(self, words: list[str], vectors: npt.NDArray[Any], positions: npt.ArrayLike) -> None:
        self._reserve(len(words))
        start = len(self.words)
        self.vectors[start : start + len(words)] = vectors
        self.positions[start : start + len(words)] = positions
        self.words.extend(words)

    def finish(self, source: Source, where: Callable[[int], str], skipped: SkipReport) -> Parsed:
        """The rows as a :class:`Parsed`; a duplicate word (strict mode) is an error here."""
        n = len(self.words)
        try:
            vocab = Vocab(self.words)
        except VocabularyError:
            raise self._duplicate_error(source, where, *first_duplicate(self.words)) from None
        return Parsed(vocab, self.vectors[:n], skipped)

    def raise_earlier_duplicate(
        self, source: Source, where: Callable[[int], str], position: int
    ) -> None:
        """Raise the duplicate-word error if a word repeats before ``position``.

        Strict readers find duplicates only at the end; a problem found at ``position``
        must not hide a repeated word earlier in the file.
        """
        if len(set(self.words)) == len(self.words):
            return
        first, again = first_duplicate(self.words)
        if int(self.positions[again]) < position:
            raise self._duplicate_error(source, where, first, again)

    def _duplicate_error(
        self, source: Source, where: Callable[[int], str], first: int, again: int
    ) -> FormatError:
        """The error naming the word repeated at row ``again`` and its first use."""
        earlier = where(int(self.positions[first]))
        preposition = "on" if earlier.startswith("line") else "at"
        return source.error(
            where(int(self.positions[again])),
            f"duplicate word {self.words[again]!r} (first {preposition} {earlier}).",
        )


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def first_duplicate(words: list[str]) -> tuple[int, int]:
    """Indices ``(first, again)`` of the earliest repeated word (which must exist)."""
    seen: dict[str, int] = {}
    for i, word in enumerate(words):
        if word in seen:
            return seen[word], i
        seen[word] = i
    raise AssertionError("no duplicate word")  # pragma: no cover - callers check first


def parse_floats(data: bytes) -> npt.NDArray[np.float32] | None:
    """All whitespace-separated numbers of ``data`` as float32, or ``None`` if one is not."""
    if not data or data.isspace():  # NumPy parses a blank string as [-1.0]
        return np.empty(0, dtype=np.float32)
    try:
        return np.fromstring(data, dtype=np.float32, sep=" ")
    except ValueError:
        return None


# --------------------------------------------------------------------------- text rows
class _LineProblem(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


class _TextReader:
    """Reads ``word v1 ... vD`` lines from a binary file, block by block."""

    def __init__(
        self,
        file: BinaryIO,
        *,
        source: Source,
        dim: int,
        first_line: int,
        expected_rows: int | None,
        limit: int | None,
        dtype: np.dtype[Any],
        errors: Errors,
        capacity: int,
        max_line_bytes: int,
        block_bytes: int,
    ) -> None:
        self.file = file
        self.source = source
        self.dim = dim
        self.line = first_line  # number of the next line to read
        self.expected = expected_rows
        self.limit = limit
        self.dtype = dtype
        self.strict = errors == "strict"
        self.max_line_bytes = max_line_bytes
        self.block_bytes = block_bytes
        self.rows = Rows(dim, dtype, capacity)
        self.file_rows = 0  # non-blank lines taken as rows, kept or skipped
        self.pending_blank: list[int] = []  # blank lines not yet known to be trailing
        self.skipped = SkipReport()
        self.seen: dict[str, int] | None = None if self.strict else {}
        self.unterminated_line = -1  # the last line, when it has no line break

    # -- how many more rows -------------------------------------------------------------
    def wanted(self) -> int:
        """How many more rows to take (``-1``: no limit, read to the end of the file)."""
        wants = -1
        if self.expected is not None:
            wants = self.expected - self.file_rows
        if self.limit is not None:
            more = self.limit - len(self.rows)
            wants = more if wants < 0 else min(wants, more)
        return wants

    def where(self, line: int) -> str:
        return f"line {line}"

    # -- the loop -----------------------------------------------------------------------
    def run(self) -> Parsed:
        carry = b""
        block = min(_FIRST_BLOCK_BYTES, self.block_bytes)
        eof = False
        while not eof and self.wanted() != 0:
            chunk = self.file.read(block)
            block = min(block * 2, self.block_bytes)
            eof = not chunk
            data = carry + chunk if carry else chunk
            if not data:
                break
            lines = data.split(b"\n")
            if eof:
                carry = b""
                if lines[-1]:
                    self.unterminated_line = self.line + len(lines) - 1
                else:
                    lines.pop()
            else:
                carry = lines.pop()  # the line continues in the next block
                self._check_line_length(carry, len(lines))
                if not lines:
                    continue
            used = self.feed(lines)
            if used < len(lines):  # every wanted row is read
                self._after_rows(lines[used:], carry, eof)
                return self._finish()
        if self.wanted() == 0:
            self._after_rows([], carry, eof)
        else:
            self._at_end()
        return self._finish()

    def _check_line_length(self, partial: bytes, offset: int = 0) -> None:
        if len(partial) > self.max_line_bytes:
            self._fail(
                self.line + offset,
                f"the line is longer than {self.max_line_bytes} bytes, far more than a "
                f"word and {self.dim} numbers take; this is not a text vector file of "
                "this dimension (is it a binary file?).",
            )

    def _finish(self) -> Parsed:
        if not self.strict:
            self.skipped.log(self.source.path)
        return self.rows.finish(self.source, self.where, self.skipped)

    # -- after the rows -----------------------------------------------------------------
    def _after_rows(self, rest: list[bytes], carry: bytes, eof: bool) -> None:
        """The wanted rows are read: check that nothing but blank lines follows them."""
        if self.expected is None or (self.limit is not None and len(self.rows) == self.limit):
            return  # a limit stops early on purpose; GloVe files have no promised count
        line = self.line
        for offset, text in enumerate(rest):
            if text.strip():
                self._more_rows(line + offset)
        line += len(rest)
        chunk = carry
        while chunk:
            found = NOT_WHITESPACE.search(chunk)
            if found:
                self._more_rows(line + chunk.count(b"\n", 0, found.start()))
            line += chunk.count(b"\n")
            chunk = b"" if eof else self.file.read(_TEXT_BLOCK_BYTES)

    def _more_rows(self, line: int) -> None:
        self._fail(line, f"the file has more rows than the {self.expected} its header promises.")

    def _at_end(self) -> None:
        """End of file before the wanted rows: fine for GloVe, truncation with a header."""
        if self.expected is None:
            return
        line = self.pending_blank[0] if self.pending_blank else self.line
        self._fail(
            line,
            f"the file ends after {self.file_rows} rows, but the header promises "
            f"{self.expected}; the file is truncated or the header is wrong.",
        )

    # -- a block of lines ----------------------------------------------------------------
    def feed(self, lines: list[bytes]) -> int:
        """Take rows from ``lines`` (complete lines, no line breaks); return lines used."""
        wanted = self.wanted()
        end = len(lines) if wanted < 0 else min(wanted, len(lines))
        while end and not lines[end - 1].strip():  # trailing blank lines: maybe the end
            end -= 1
        used = 0
        if end and self._fast(lines[:end]):
            self.line += end
            self.file_rows += end
            used = end
        return used + self._slow(lines[used:])

    def _fast(self, lines: list[bytes]) -> bool:
        """Parse a block of rows at once; ``False`` if any check fails (nothing is kept)."""
        if self.pending_blank:
            return False  # blank lines in the middle: the slow path reports them
        dim = self.dim
        parts = [line.partition(b" ") for line in lines]
        raw_words = [part[0] for part in parts]
        if not all(raw_words):
            return False
        joined = b" ".join(raw_words)  # the words hold no spaces
        if _WORD_BREAKERS.search(joined):
            return False
        try:
            words = joined.decode("utf-8").split(" ")
        except UnicodeDecodeError:
            return False
        parts.append((b"", b"", b""))
        numbers = parse_floats(b" nan ".join([part[2] for part in parts]))
        if numbers is None or numbers.size != len(lines) * (dim + 1):
            return False
        values = numbers.reshape(len(lines), dim + 1)[:, :dim]
        # Every line holds exactly `dim` numbers iff each sentinel sits in column `dim`:
        # a misplaced one would be a NaN among the values.
        if not np.isfinite(values).all():
            return False
        if self.dtype != np.float32:
            with np.errstate(over="ignore"):
                values = values.astype(self.dtype)
            if not np.isfinite(values).all():
                return False
        first = self.line
        positions = np.arange(first, first + len(lines), dtype=np.int64)
        if self.seen is not None:
            keep = self._dedupe(words, positions)
            if len(keep) < len(words):
                words = [words[i] for i in keep]
                values, positions = values[keep], positions[keep]
        self.rows.extend(words, values, positions)
        return True

    def _dedupe(self, words: list[str], positions: npt.NDArray[np.int64]) -> list[int]:
        assert self.seen is not None
        seen = self.seen
        keep: list[int] = []
        for i, word in enumerate(words):
            line = int(positions[i])
            if word in seen:
                self.skipped.add(
                    "duplicate",
                    self.where(line),
                    f"duplicate word {word!r} (first on line {seen[word]}); kept the first.",
                )
            else:
                seen[word] = line
                keep.append(i)
        return keep

    def _slow(self, lines: list[bytes]) -> int:
        """Line by line: the exact problem of each bad line (raise, or skip and count)."""
        used = 0
        for text in lines:
            if self.wanted() == 0:
                break
            self._one_line(text)
            self.line += 1
            used += 1
        return used

    def _one_line(self, text: bytes) -> None:
        line = self.line
        tokens = text.split()
        if not tokens:
            self.pending_blank.append(line)
            return
        if self.pending_blank:
            blanks, self.pending_blank = self.pending_blank, []
            for blank in blanks:
                self._problem(
                    "empty_line",
                    blank,
                    f"expected a word and {self.dim} values, found 0 values (empty line).",
                )
        self.file_rows += 1
        try:
            word, values = self._parse_tokens(tokens, line)
        except _LineProblem as problem:
            self._problem(problem.kind, line, problem.message)
            return
        if self.seen is not None:
            if word in self.seen:
                self.skipped.add(
                    "duplicate",
                    self.where(line),
                    f"duplicate word {word!r} (first on line {self.seen[word]}); kept the first.",
                )
                return
            self.seen[word] = line
        self.rows.extend([word], values[None, :], [line])

    def _parse_tokens(self, tokens: list[bytes], line: int) -> tuple[str, npt.NDArray[Any]]:
        dim = self.dim
        if len(tokens) != dim + 1:
            found = len(tokens) - 1
            problem = f"expected a word and {dim} values, found {found} value{_s(found)}"
            if line == self.unterminated_line:
                problem += " (the last line has no line break: the file may be truncated)"
            raise _LineProblem("wrong_length", problem + ".")
        values = parse_floats(b" ".join(tokens[1:]))
        if values is None or values.size != dim:
            bad = next(t for t in tokens[1:] if (v := parse_floats(t)) is None or v.size != 1)
            raise _LineProblem("not_a_number", f"{bad[:40]!r} is not a number.")
        if not np.isfinite(values).all():
            bad = tokens[1 + int(np.argmin(np.isfinite(values)))]
            raise _LineProblem("not_finite", f"{bad[:40]!r} is not a finite float32 number.")
        with np.errstate(over="ignore"):
            converted = values.astype(self.dtype)
        if not np.isfinite(converted).all():
            bad = tokens[1 + int(np.argmin(np.isfinite(converted)))]
            raise _LineProblem("not_finite", f"{bad[:40]!r} does not fit in {self.dtype}.")
        try:
            word = tokens[0].decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _LineProblem(
                "invalid_word", f"the word {tokens[0][:40]!r} is not valid UTF-8 ({exc})."
            ) from None
        return word, converted

    def _problem(self, kind: str, line: int, message: str) -> None:
        if self.strict:
            self._fail(line, message)
        self.skipped.add(kind, self.where(line), message)

    def _fail(self, line: int, message: str) -> NoReturn:
        self.rows.raise_earlier_duplicate(self.source, self.where, line)
        raise self.source.error(self.where(line), message)


def read_text_rows(
    file: BinaryIO,
    *,
    source: Source,
    dim: int,
    first_line: int,
    expected_rows: int | None,
    limit: int | None,
    dtype: np.dtype[Any],
    errors: Errors,
    size_hint: int,
    block_bytes: int | None = None,
) -> Parsed:
    """Read ``word v1 ... vD`` lines from ``file`` (positioned at the first row).

    Parameters
    ----------
    file
        A binary file positioned at the first row (after any header).
    source
        The file, for error messages.
    dim
        The number of values per row.
    first_line
        The line number of the first row (for messages).
    expected_rows
        The number of rows the header promises (the file must hold exactly that many,
        then only blank lines), or ``None`` to read to the end of the file (GloVe).
    limit
        Stop after this many rows are kept (``None``: no limit).
    dtype
        float32 or float16.
    errors
        ``"strict"``: the first bad line raises; ``"skip"``: bad lines are dropped and
        counted (wrong number of values, a value that is not a finite number, a word
        that is not UTF-8, a duplicate word — the first occurrence is kept, blank lines
        in the middle of the file).
    size_hint
        The number of bytes from here to the end of the file (bounds the memory reserved).
    block_bytes
        The largest block of lines parsed at once (default: 16 MiB).

    Returns
    -------
    Parsed

    Raises
    ------
    FormatError
        In strict mode, naming the file, the line and the problem; in both modes when the
        header's promise is broken (fewer or more rows) or a line is absurdly long.
    """
    # Every row takes at least 2 * dim + 1 bytes ("w" and " 0" per value, no newline for the
    # last): a lying header cannot make us reserve more rows than the file can hold.
    capacity = size_hint // (2 * dim + 1)
    if expected_rows is None:  # no promise: guess from the size, grow if needed
        capacity = min(capacity, _initial_rows(size_hint, dim))
    for bound in (expected_rows, limit):
        if bound is not None:
            capacity = min(capacity, bound)
    reader = _TextReader(
        file,
        source=source,
        dim=dim,
        first_line=first_line,
        expected_rows=expected_rows,
        limit=limit,
        dtype=dtype,
        errors=errors,
        capacity=capacity,
        max_line_bytes=(1 << 16) + 64 * dim + 4096,
        block_bytes=_TEXT_BLOCK_BYTES if block_bytes is None else block_bytes,
    )
    return reader.run()


def _initial_rows(size_hint: int, dim: int) -> int:
    """Rows to reserve up front: about what ``%f``-style numbers (~9 bytes each) give."""
    return size_hint // (9 * dim + 8) + 64
