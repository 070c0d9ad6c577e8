"""Bilingual dictionary files: one ``source target`` word pair per line.

The layout is the one of the MUSE dictionaries (``en-it.0-5000.txt``) and of gensim's
``OPUS_en_it_europarl_train_*.txt``: a source word and its translation per line. A line
holding a tab is split on tabs (so a word may contain spaces), any other line on runs of
whitespace; either way it must hold exactly two non-empty words. Blank lines and lines
whose first non-blank character is ``#`` are skipped. The file is UTF-8 (a byte-order mark
is ignored), possibly gzip, bzip2 or xz compressed (recognised by its magic bytes).

A word may have several translations (one line each, as in MUSE): the pairs are returned
as they are, in file order, duplicates included; :func:`firth.align.align` counts an
identical pair once and ``Alignment.evaluate`` groups the translations of a source word.
"""

from __future__ import annotations

import lzma
import os
import zlib
from collections.abc import Iterable

from firth.corpus._textio import open_binary
from firth.errors import FormatError

__all__ = ["parse_dictionary", "read_dictionary"]

#: Lines longer than this many bytes mean the file is not a dictionary.
MAX_LINE_BYTES = 1 << 16


def read_dictionary(path: str | os.PathLike[str]) -> list[tuple[str, str]]:
    """Read the word pairs of a bilingual dictionary file (see the module documentation).

    Parameters
    ----------
    path
        The file: one ``source target`` pair per line.

    Returns
    -------
    list of (str, str)
        The pairs in file order.

    Raises
    ------
    FormatError
        If the file cannot be read, is not valid UTF-8, holds a line that is not two
        words, or holds no pair at all; the message names the file and the line.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "en-it.txt")
    ...     with open(path, "w", encoding="utf-8") as f:
    ...         _ = f.write("# en it\\none uno\\ntwo\\tdue\\n\\ncity città\\n")
    ...     read_dictionary(path)
    [('one', 'uno'), ('two', 'due'), ('city', 'città')]
    """
    name = os.fspath(path)
    lines: list[str] = []
    try:
        stream, _ = open_binary(name)
        with stream:
            while True:
                raw = stream.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    break
                line_no = len(lines) + 1
                if len(raw) > MAX_LINE_BYTES:
                    raise FormatError(
                        f"{name}, line {line_no}: longer than {MAX_LINE_BYTES} bytes; this is "
                        "not a dictionary file (one 'source target' word pair per line)."
                    )
                try:
                    lines.append(raw.decode("utf-8"))
                except UnicodeDecodeError as exc:
                    raise FormatError(
                        f"{name}, line {line_no}: not valid UTF-8 ({raw[:40]!r}: {exc.reason} "
                        f"at byte {exc.start}); convert the file to UTF-8 (e.g. with iconv)."
                    ) from None
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else error
        raise FormatError(f"cannot read dictionary {name}: {detail}.") from None
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    return parse_dictionary(lines, source=name)


def parse_dictionary(lines: Iterable[str], *, source: str | None = None) -> list[tuple[str, str]]:
    """Parse word pairs from lines of text (see the module documentation).

    Parameters
    ----------
    lines
        The lines (line ends are allowed).
    source
        Where the lines came from (a path), for error messages.

    Returns
    -------
    list of (str, str)
        The pairs in order.

    Raises
    ------
    FormatError
        If a line is not two words, or there is no pair at all.

    Examples
    --------
    >>> parse_dictionary(["dog cane", "# comment", "", "cat\\tgatto"])
    [('dog', 'cane'), ('cat', 'gatto')]
    >>> parse_dictionary(["dog cane", "cat"])
    Traceback (most recent call last):
    ...
    firth.errors.FormatError: line 2: expected two words (source and target), got 1 field: ...
    """
    where = f"{source}, " if source else ""
    pairs: list[tuple[str, str]] = []
    for line_no, raw in enumerate(lines, start=1):
        if not isinstance(raw, str):
            raise TypeError(f"lines must be str; got {type(raw).__name__} at line {line_no}.")
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        fields = [f.strip() for f in stripped.split("\t")] if "\t" in stripped else line.split()
        if len(fields) != 2 or not all(fields):
            shown = stripped if len(stripped) <= 80 else stripped[:77] + "..."
            got = f"{len(fields)} field" + ("" if len(fields) == 1 else "s")
            raise FormatError(
                f"{where}line {line_no}: expected two words (source and target), got {got}: "
                f"{shown!r}; write one 'source target' pair per line (tab-separated if a "
                "word holds spaces)."
            )
        pairs.append((fields[0], fields[1]))
    if not pairs:
        raise FormatError(
            f"{source or 'the dictionary'} holds no word pair: every line is blank or a "
            "'#' comment."
        )
    return pairs
