"""Sessions of items (plays, clicks, purchases, playlists), the sentences of item2vec.

Item2vec treats every session as a sentence and every item as a word. This module reads
sessions from files and checks in-memory ones:

* :func:`read_sessions` reads one session per line (``"lines"``) or an event table
  (``"csv"``, ``"tsv"``) with a user, an item and optionally a timestamp column; events are
  grouped by user, ordered by time and cut into sessions at long pauses (``session_gap``);
* :func:`as_sessions` (or :meth:`Sessions.from_iterable`) checks sessions held in memory
  and turns integer item ids into strings.

Both give a :class:`Sessions`: a re-iterable of ``list[str]``.

Examples
--------
>>> from firth.items.sessions import as_sessions
>>> sessions = as_sessions([[101, 102, 103], ["song-a", "song-b"]])
>>> list(sessions)
[['101', '102', '103'], ['song-a', 'song-b']]
"""

from __future__ import annotations

import csv
import gzip
import io
import itertools
import logging
import lzma
import math
import numbers
import os
import re
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timezone
from typing import BinaryIO, Literal, TypeAlias, cast

from firth.corpus._textio import open_binary
from firth.errors import ConfigError, CorpusError, FormatError

__all__ = ["Column", "SessionFormat", "Sessions", "as_sessions", "read_sessions"]

logger = logging.getLogger(__name__)

SessionFormat: TypeAlias = Literal["auto", "lines", "csv", "tsv"]
"""How :func:`read_sessions` reads a file; ``"auto"`` decides by the file name."""

Column: TypeAlias = str | int
"""A table column: its name in the header row, or its 0-based position."""

PathLike: TypeAlias = str | os.PathLike[str]

_FORMATS = ("auto", "lines", "csv", "tsv")
_ENCODING_ERRORS = ("strict", "replace")
_COMPRESSED_SUFFIXES = (".gz", ".bz2", ".xz")
_READ_ERRORS = (EOFError, zlib.error, lzma.LZMAError, gzip.BadGzipFile, OSError)
_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")  # +0200 -> +02:00 (Python 3.10 needs the colon)
_FRACTION = re.compile(r"\.(\d+)")


class Sessions:
    """A re-iterable of sessions, each a ``list[str]`` of item ids in order.

    Do not call the constructor: use :func:`read_sessions` for files and
    :func:`as_sessions` (or :meth:`from_iterable`) for sessions held in memory. Every
    iteration yields fresh lists, so changing one does not change the next iteration.

    Attributes
    ----------
    path
        The file read, or ``None`` for sessions held in memory.
    format
        ``"lines"``, ``"csv"``, ``"tsv"``, or ``"memory"`` for sessions held in memory.

    Examples
    --------
    >>> sessions = Sessions.from_iterable([["a", "b"], [], ["c"]])
    >>> list(sessions), sessions.format, sessions.path
    ([['a', 'b'], ['c']], 'memory', None)
    >>> sessions
    Sessions(<in memory: 2 sessions, 3 events>)
    """

    __slots__ = ("_describe", "_reader", "format", "path")

    def __init__(
        self,
        reader: Callable[[], Iterator[list[str]]],
        *,
        path: str | None,
        format: Literal["lines", "csv", "tsv", "memory"],
        describe: str,
    ) -> None:
        self._reader = reader
        self._describe = describe
        self.path = path
        self.format = format

    @classmethod
    def from_iterable(cls, sessions: Iterable[Sequence[str | int]]) -> Sessions:
        """Sessions held in memory, checked and copied (integer ids become strings).

        Parameters
        ----------
        sessions
            An iterable of sessions, each a list or tuple (any iterable but a string) of
            items; an item is a ``str`` or an integer (Python or NumPy), which becomes its
            decimal string. The iterable is read once, here: a generator is fine. Empty
            sessions are dropped (they hold nothing to learn or to predict).

        Returns
        -------
        Sessions
            The sessions, re-iterable.

        Raises
        ------
        CorpusError
            A session is a string or not iterable, or an item is neither a ``str`` nor an
            integer (a float, ``bytes``, ``bool``, ``None``) or is the empty string; the
            message gives the session's and the item's positions.

        Examples
        --------
        >>> list(Sessions.from_iterable([(1, 2), ["x"]]))
        [['1', '2'], ['x']]
        >>> Sessions.from_iterable([[1.0, 2.0]])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        firth.errors.CorpusError: item 0 of session 0 is a float (1.0), but items must be ...
        """
        if isinstance(sessions, Sessions):
            return sessions
        if isinstance(sessions, (str, bytes, bytearray)) or not isinstance(sessions, Iterable):
            raise CorpusError(
                f"sessions must be an iterable of sessions (lists of item ids); got "
                f"{type(sessions).__name__} ({sessions!r:.60}). Pass e.g. [['a', 'b'], ['c']], "
                "or use read_sessions for a file."
            )
        checked: list[list[str]] = []
        events = 0
        for number, session in enumerate(sessions):
            items = check_session(session, number)
            if items:
                checked.append(items)
                events += len(items)

        def reader() -> Iterator[list[str]]:
            for items in checked:
                yield list(items)

        count = len(checked)
        describe = f"<in memory: {count} session{'s' * (count != 1)}, {events} events>"
        return cls(reader, path=None, format="memory", describe=describe)

    def __iter__(self) -> Iterator[list[str]]:
        return self._reader()

    def __repr__(self) -> str:
        return f"Sessions({self._describe})"


def as_sessions(obj: Sessions | Iterable[Sequence[str | int]]) -> Sessions:
    """``obj`` as :class:`Sessions`: returned as is when it already is one.

    Anything else is checked and copied by :meth:`Sessions.from_iterable`.

    Examples
    --------
    >>> sessions = as_sessions([[7, 8], [9]])
    >>> as_sessions(sessions) is sessions
    True
    >>> as_sessions([["ok", b"raw"]])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    firth.errors.CorpusError: item 1 of session 0 is a bytes (b'raw'), but items must be ...
    """
    return Sessions.from_iterable(obj)


def check_session(session: object, number: int) -> list[str]:
    """Session ``number`` as a list of item ids as strings (ints converted), checked."""
    if isinstance(session, str):
        raise CorpusError(
            f"session {number} is a str ({session!r:.60}), but each session must be a list "
            "of item ids; split it first, e.g. line.split()."
        )
    if isinstance(session, (bytes, bytearray)) or not isinstance(session, Iterable):
        raise CorpusError(
            f"session {number} is a {type(session).__name__} ({session!r:.60}), but each "
            "session must be a list of item ids (str or int)."
        )
    items: list[str] = []
    for position, item in enumerate(session):
        if isinstance(item, str):
            if not item:
                raise CorpusError(
                    f"item {position} of session {number} is the empty string; every item "
                    "id must be a non-empty str or an int."
                )
            items.append(str(item))  # a plain str, also for str subclasses (numpy.str_)
        elif isinstance(item, numbers.Integral) and not isinstance(item, bool):
            items.append(str(int(item)))
        else:
            if isinstance(item, (bytes, bytearray)):
                hint = "decode bytes first (e.g. item.decode('utf-8'))"
            elif isinstance(item, numbers.Real) and not isinstance(item, bool):
                hint = "convert ids to int or str first (a float id such as 3.0 is ambiguous)"
            else:
                hint = "convert them first"
            raise CorpusError(
                f"item {position} of session {number} is a {type(item).__name__} "
                f"({item!r:.60}), but items must be str or int; {hint}."
            )
    return items


def read_sessions(
    path: PathLike,
    *,
    format: SessionFormat = "auto",
    user: Column = "user",
    item: Column = "item",
    time: Column | None = "timestamp",
    session_gap: float | None = None,
    delimiter: str | None = None,
    encoding_errors: Literal["strict", "replace"] = "strict",
) -> Sessions:
    """Sessions from a file: one session per line, or a table of events.

    Files are UTF-8 (a byte-order mark is skipped); gzip, bzip2 and xz files are
    decompressed, recognised by their first bytes.

    * ``"lines"``: one session per line, items separated by whitespace (or by
      ``delimiter``, each item then stripped of surrounding whitespace; empty items are
      dropped); blank lines are skipped. The file is streamed: each iteration reads it
      again, so memory does not grow with its size.
    * ``"csv"`` / ``"tsv"``: a table of events with a header row, one event per row, read
      with Python's :mod:`csv` module (quoted fields allowed). The ``user``, ``item`` and
      ``time`` columns are chosen by name or 0-based position; other columns are ignored.
      Each user's events are ordered by time (a stable sort: events with equal times keep
      their file order; with ``time=None`` the file order is kept), then split into
      separate sessions wherever two consecutive events are more than ``session_gap``
      seconds apart. Users come in the order of their first event. The table is read
      here, once, and its sessions kept in memory.

    Parameters
    ----------
    path
        The file.
    format
        ``"lines"``, ``"csv"``, ``"tsv"``, or ``"auto"`` (default): ``"csv"`` for a name
        ending in ``.csv``, ``"tsv"`` for ``.tsv``, else ``"lines"``, looking at the name
        without a ``.gz``, ``.bz2`` or ``.xz`` suffix (``plays.csv.gz`` is a table).
    user, item, time
        Table columns: a header name (exact match) or a 0-based position. ``time=None``
        means there is no time column. Timestamps are numbers (seconds, e.g. Unix epoch
        seconds) or ISO-8601 date-times such as ``2024-05-01T12:30:00Z`` (without a zone,
        UTC is assumed); both kinds can be mixed. Ignored for ``"lines"``.
    session_gap
        Tables only: the longest pause, in seconds, inside one session; a longer pause
        starts a new session. ``None`` (default): one session per user. Needs ``time``.
    delimiter
        The item separator of ``"lines"`` (default: any whitespace), or the one-character
        field separator of a table (default ``","`` for ``"csv"``, a tab for ``"tsv"``).
    encoding_errors
        Bytes that are not valid UTF-8: ``"strict"`` (default) raises
        :class:`~firth.errors.CorpusError` naming the line; ``"replace"`` substitutes
        U+FFFD.

    Returns
    -------
    Sessions
        A re-iterable of sessions, each a ``list[str]`` of item ids.

    Raises
    ------
    ConfigError
        An option has an invalid value, or ``session_gap`` is set without a time column
        or for the ``"lines"`` format.
    CorpusError
        The file cannot be read, is corrupt, or is not valid UTF-8 under ``"strict"``.
    FormatError
        A table has no header row, lacks a requested column (the message lists the
        header), or a row has too few fields, an empty user or item, or a timestamp that is
        neither a number nor ISO-8601; the message gives the line number.

    Examples
    --------
    >>> import os, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "plays.csv")
    >>> with open(path, "w") as f:
    ...     _ = f.write("user,item,timestamp\\n"
    ...                 "ann,song1,2024-05-01T10:00:00Z\\n"
    ...                 "bob,song9,100\\n"
    ...                 "ann,song2,2024-05-01T10:03:00Z\\n"
    ...                 "ann,song3,2024-05-01T18:00:00Z\\n")
    >>> list(read_sessions(path))
    [['song1', 'song2', 'song3'], ['song9']]
    >>> list(read_sessions(path, session_gap=30 * 60))
    [['song1', 'song2'], ['song3'], ['song9']]
    """
    path = _fspath(path)
    _check_options(format, user, item, time, session_gap, delimiter, encoding_errors)
    chosen = _detect_format(path) if format == "auto" else format
    if chosen == "lines":
        if session_gap is not None:
            raise ConfigError(
                f"read_sessions: session_gap applies to csv/tsv event tables, but {path!r} is "
                f"read as one session per line; got session_gap={session_gap!r}. Drop it, or "
                "pass format='csv' or 'tsv' if the file is a table."
            )
        _probe(path)
        sep = delimiter

        def reader() -> Iterator[list[str]]:
            return _read_lines(path, sep, encoding_errors)

        return Sessions(reader, path=path, format="lines", describe=f"{path!r}, format='lines'")
    if time is None and session_gap is not None:
        raise ConfigError(
            f"read_sessions: session_gap={session_gap!r} needs timestamps, but time=None; "
            "name the time column (time='timestamp') or drop session_gap."
        )
    table_format: Literal["csv", "tsv"] = "csv" if chosen == "csv" else "tsv"
    sep = delimiter if delimiter is not None else ("," if table_format == "csv" else "\t")
    sessions = _read_table(path, sep, user, item, time, session_gap, encoding_errors)
    events = sum(len(s) for s in sessions)
    logger.info("read %d sessions (%d events) from %s", len(sessions), events, path)

    def table_reader() -> Iterator[list[str]]:
        for items in sessions:
            yield list(items)

    describe = (
        f"{path!r}, format={table_format!r}, user={user!r}, item={item!r}, time={time!r}, "
        f"session_gap={session_gap!r}: {len(sessions)} sessions, {events} events"
    )
    return Sessions(table_reader, path=path, format=table_format, describe=describe)


def _fspath(path: object) -> str:
    if isinstance(path, (str, os.PathLike)):
        result = os.fspath(path)
        if isinstance(result, str):
            return result
    raise ConfigError(
        f"read_sessions: path must be a str or os.PathLike naming a file; got "
        f"{type(path).__name__} ({path!r:.60}). For sessions held in memory use as_sessions."
    )


def _check_options(
    format: object,
    user: object,
    item: object,
    time: object,
    session_gap: object,
    delimiter: object,
    encoding_errors: object,
) -> None:
    if format not in _FORMATS:
        choices = ", ".join(repr(c) for c in _FORMATS)
        raise ConfigError(f"read_sessions: format must be one of {choices}; got {format!r}.")
    if encoding_errors not in _ENCODING_ERRORS:
        raise ConfigError(
            "read_sessions: encoding_errors must be 'strict' or 'replace'; "
            f"got {encoding_errors!r}."
        )
    for name, value in (("user", user), ("item", item), ("time", time)):
        if name == "time" and value is None:
            continue
        ok = isinstance(value, str) and value != ""
        ok = ok or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)
        if not ok:
            extra = " or None" if name == "time" else ""
            raise ConfigError(
                f"read_sessions: {name} must be a column name (a non-empty str) or a 0-based "
                f"column position (an int >= 0){extra}; got {value!r}."
            )
    if session_gap is not None and (
        isinstance(session_gap, bool)
        or not isinstance(session_gap, (int, float))
        or not math.isfinite(session_gap)
        or session_gap < 0
    ):
        raise ConfigError(
            "read_sessions: session_gap must be None or a finite number of seconds >= 0; "
            f"got {session_gap!r}."
        )
    if delimiter is not None and (not isinstance(delimiter, str) or not delimiter):
        raise ConfigError(
            f"read_sessions: delimiter must be None or a non-empty str; got {delimiter!r}."
        )
    if len({repr(c) for c in (user, item, time) if c is not None}) < sum(
        c is not None for c in (user, item, time)
    ):
        raise ConfigError(
            f"read_sessions: user, item and time must be different columns; got "
            f"user={user!r}, item={item!r}, time={time!r}."
        )


def _detect_format(path: str) -> Literal["lines", "csv", "tsv"]:
    name = os.path.basename(path).lower()
    for suffix in _COMPRESSED_SUFFIXES:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(".tsv"):
        return "tsv"
    return "lines"


def _probe(path: str) -> None:
    """Fail now, with a clear message, if ``path`` is not a readable file."""
    if os.path.isdir(path):
        raise CorpusError(f"sessions path {path!r} is a folder; pass a file.")
    if not os.path.exists(path):
        raise CorpusError(
            f"sessions file {path!r} does not exist (looked for {os.path.abspath(path)!r}); "
            "check the spelling and the working directory."
        )
    try:
        stream, _ = open_binary(path)
    except OSError as error:
        raise CorpusError(
            f"cannot read sessions file {path!r}: {error.strerror or error}."
        ) from None
    stream.close()


def _open_text(path: str, encoding_errors: str, newline: str) -> io.TextIOWrapper:
    _probe(path)
    try:
        stream, _ = open_binary(path)
    except OSError as error:  # pragma: no cover - a race with _probe
        raise CorpusError(
            f"cannot read sessions file {path!r}: {error.strerror or error}."
        ) from None
    errors = "strict" if encoding_errors == "strict" else "replace"
    return io.TextIOWrapper(
        cast(BinaryIO, stream), encoding="utf-8-sig", errors=errors, newline=newline
    )


def _read_failure(path: str, line: int, error: Exception) -> CorpusError:
    if isinstance(error, UnicodeDecodeError):
        return CorpusError(
            f"sessions file {path!r} is not valid UTF-8 at or after line {line}: {error.reason} "
            f"(byte 0x{error.object[error.start]:02x}). Fix or re-encode the file (e.g. iconv "
            "-f latin1 -t utf-8), or pass encoding_errors='replace' to substitute U+FFFD."
        )
    if isinstance(error, OSError) and not isinstance(error, gzip.BadGzipFile):
        return CorpusError(
            f"cannot read sessions file {path!r} near line {line}: {error.strerror or error}."
        )
    return CorpusError(
        f"sessions file {path!r} is a corrupt or truncated compressed file (near line {line} "
        f"of the decompressed text): {error}. Re-create or re-download it."
    )


def _read_lines(path: str, delimiter: str | None, encoding_errors: str) -> Iterator[list[str]]:
    number = 0
    with _open_text(path, encoding_errors, "\n") as text:  # only "\n" ends a line
        lines = iter(text.readline, "")
        while True:
            try:
                line = next(lines)
            except StopIteration:
                return
            except (UnicodeDecodeError, *_READ_ERRORS) as error:
                raise _read_failure(path, number + 1, error) from None
            number += 1
            if delimiter is None:
                items = line.split()
            else:
                items = [part.strip() for part in line.rstrip("\r\n").split(delimiter)]
                items = [part for part in items if part]
            if items:
                yield items


def _read_table(
    path: str,
    delimiter: str,
    user: Column,
    item: Column,
    time: Column | None,
    session_gap: float | None,
    encoding_errors: str,
) -> list[list[str]]:
    if len(delimiter) != 1:
        raise ConfigError(
            f"read_sessions: the delimiter of a csv/tsv table must be one character; got "
            f"{delimiter!r}."
        )
    events: dict[str, list[tuple[float, str]]] = {}
    # newline="" lets the csv module handle line breaks inside quoted fields.
    with _open_text(path, encoding_errors, "") as text:
        rows = csv.reader(text, delimiter=delimiter)
        try:
            header = _next_row(rows)
            if header is None:
                raise FormatError(
                    f"sessions table {path!r} is empty: it needs a header row naming its "
                    "columns (e.g. user,item,timestamp) and one row per event."
                )
            user_at = _column_index(path, header, user, "user")
            item_at = _column_index(path, header, item, "item")
            time_at = None if time is None else _column_index(path, header, time, "time")
            needed = max(i for i in (user_at, item_at, time_at) if i is not None) + 1
            order = 0.0
            while (row := _next_row(rows)) is not None:
                line = rows.line_num
                if len(row) < needed:
                    raise FormatError(
                        f"sessions table {path!r}, line {line}: {len(row)} field(s), but "
                        f"{needed} are needed (columns user={user!r}, item={item!r}, "
                        f"time={time!r}); got {row!r:.100}."
                    )
                who = row[user_at].strip()
                what = row[item_at].strip()
                if not who or not what:
                    column = "user" if not who else "item"
                    raise FormatError(
                        f"sessions table {path!r}, line {line}: the {column} field is empty; "
                        f"every event needs a user and an item. Got {row!r:.100}."
                    )
                if time_at is None:
                    when = order
                    order += 1.0
                else:
                    when = _parse_time(row[time_at], path, line)
                events.setdefault(who, []).append((when, what))
        except csv.Error as error:
            raise FormatError(
                f"sessions table {path!r}, line {rows.line_num}: {error}. Check the quoting "
                "and the delimiter."
            ) from None
        except (UnicodeDecodeError, *_READ_ERRORS) as error:
            raise _read_failure(path, rows.line_num + 1, error) from None
    sessions: list[list[str]] = []
    for history in events.values():
        history.sort(key=lambda event: event[0])  # stable: ties keep their file order
        current = [history[0][1]]
        for (before, _), (when, what) in itertools.pairwise(history):
            if session_gap is not None and when - before > session_gap:
                sessions.append(current)
                current = []
            current.append(what)
        sessions.append(current)
    return sessions


def _next_row(rows: Iterator[list[str]]) -> list[str] | None:
    """The next row that is not blank, or ``None`` at the end."""
    for row in rows:
        if row and any(field.strip() for field in row):
            return row
    return None


def _column_index(path: str, header: list[str], column: Column, role: str) -> int:
    names = [name.strip() for name in header]
    if isinstance(column, int):
        if column < len(names):
            return column
        raise FormatError(
            f"sessions table {path!r} has {len(names)} column(s), so {role} column {column} "
            f"(0-based) does not exist; the header is {names!r}."
        )
    if column in names:
        return names.index(column)
    raise FormatError(
        f"sessions table {path!r} has no {role} column {column!r}; the header is {names!r}. "
        f"Pass {role}= a column name from the header (or its 0-based position)"
        + (", or time=None if there are no timestamps." if role == "time" else ".")
    )


def _parse_time(raw: str, path: str, line: int) -> float:
    text = raw.strip()
    try:
        value = float(text)
    except ValueError:
        pass
    else:
        if math.isfinite(value):
            return value
        raise FormatError(
            f"sessions table {path!r}, line {line}: timestamp {raw!r} is not a finite number."
        )
    try:
        return _parse_iso(text).timestamp()
    except ValueError:
        raise FormatError(
            f"sessions table {path!r}, line {line}: cannot read timestamp {raw!r}; use numbers "
            "of seconds (e.g. Unix epoch 1714557600) or ISO-8601 (e.g. 2024-05-01T10:00:00Z)."
        ) from None


def _parse_iso(text: str) -> datetime:
    """An ISO-8601 date or date-time; naive ones are taken as UTC.

    ``datetime.fromisoformat`` of Python 3.10 reads only what ``isoformat`` writes, so a
    trailing ``Z``, an offset without a colon and fractions of other than 3 or 6 digits
    are normalised first.
    """
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    text = _OFFSET.sub(r"\1:\2", text) if len(text) > 10 else text
    text = _FRACTION.sub(lambda m: "." + (m.group(1) + "000000")[:6], text, count=1)
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed
