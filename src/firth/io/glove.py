"""GloVe's text vector files: one ``word v1 v2 ... vD`` line per word, no header.

This is what the reference implementation (``glove.c``, ``save_params`` with the default
``-write-header 0``) writes: the word, then each value as ``" %lf"``, then a newline. The
dimension is not stored: it is the number of values on the first line. (GloVe's
``-write-header 1`` adds a ``"<V> <D>"`` line, which makes the file a word2vec text file;
:func:`firth.io.registry.load_embeddings` recognises it as such.)

Words are UTF-8 and end at the first ASCII whitespace of their line; writing a word that
is empty or contains ASCII whitespace is an error. Some published GloVe files (the
Common Crawl ``glove.840B``) hold a few lines whose "word" contains spaces: such a line
has too many values, so it is an error in strict mode and is skipped with
``errors="skip"``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy.typing as npt

from firth.errors import FormatError
from firth.io._textparse import (
    DType,
    Errors,
    Parsed,
    Source,
    check_dtype,
    check_errors,
    check_limit,
    parse_floats,
    read_text_rows,
    text_rows,
    write_vector_file,
)
from firth.io.word2vec import looks_like_header

__all__ = ["parse_glove", "read_glove", "write_glove"]

logger = logging.getLogger(__name__)

#: GloVe's rows: the word, then " %f" per value (no trailing space).
_ROWS = text_rows(" %f", after_word="")
#: The first line (which sets the dimension) may be at most this long.
_FIRST_LINE_MAX_BYTES = 4 << 20


def write_glove(path: str | os.PathLike[str], words: Sequence[str], vectors: npt.ArrayLike) -> None:
    """Write vectors as a GloVe text file, atomically, byte for byte like ``glove.c``.

    Each line is the word followed by ``" %lf"`` per value (6 decimals) and a newline;
    there is no header. Values are converted to float32 first, as firth stores them.

    Parameters
    ----------
    path
        The file to create or replace (atomically: a crash leaves the old file).
    words
        One word per row of ``vectors``.
    vectors
        A 2-D array of shape ``(len(words), D)``.

    Raises
    ------
    FormatError
        If a word is empty or contains ASCII whitespace (it could not be read back).
    ConfigError
        If ``vectors`` is not a 2-D real array with one row per word.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = os.path.join(tmp, "glove.txt")
    ...     write_glove(target, ["the", "café"], [[0.1, -0.2], [1.0, 0.0]])
    ...     with open(target, "rb") as f:
    ...         f.read().splitlines(keepends=True)
    [b'the 0.100000 -0.200000\\n', b'caf\\xc3\\xa9 1.000000 0.000000\\n']
    """
    n_rows, dim = write_vector_file(
        path, words, vectors, what="a GloVe file", header=False, rows=_ROWS
    )
    logger.debug("wrote %d x %d GloVe file %s", n_rows, dim, path)


def read_glove(
    path: str | os.PathLike[str],
    *,
    limit: int | None = None,
    dtype: DType = "float32",
    errors: Errors = "strict",
) -> tuple[list[str], npt.NDArray[Any]]:
    """Read a GloVe text file (``word v1 ... vD`` per line; the first line sets ``D``).

    Parameters
    ----------
    path
        The file.
    limit
        Read only the first ``limit`` vectors; the rest of the file is not read.
    dtype
        ``"float32"`` (default) or ``"float16"``.
    errors
        ``"strict"`` (default): any bad line is an error. ``"skip"``: drop lines with the
        wrong number of values, a value that is not a finite number, a word that is not
        UTF-8, a duplicate word (the first is kept) or blank lines in the middle of the
        file, and log a warning with their count. The first line, which sets the
        dimension, must be a valid row in both modes.

    Returns
    -------
    words : list of str
    vectors : ndarray of shape (len(words), D)

    Raises
    ------
    FormatError
        Naming the file, the line and the problem.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = os.path.join(tmp, "glove.txt")
    ...     with open(target, "w", encoding="utf-8") as f:
    ...         _ = f.write("the 0.5 1\\n日本 -2 0.25\\n")
    ...     words, vectors = read_glove(target)
    >>> words, vectors.tolist()
    (['the', '日本'], [[0.5, 1.0], [-2.0, 0.25]])
    """
    parsed = parse_glove(path, limit=limit, dtype=dtype, errors=errors)
    return parsed.vocab.words, parsed.vectors


def parse_glove(
    path: str | os.PathLike[str],
    *,
    limit: int | None = None,
    dtype: DType = "float32",
    errors: Errors = "strict",
) -> Parsed:
    """Like :func:`read_glove`, returning the vocabulary and the skip report too."""
    limit = check_limit(limit)
    resolved = check_dtype(dtype)
    errors = check_errors(errors)
    name = os.fspath(path)
    source = Source(str(name))
    with open(name, "rb") as file:
        size = os.fstat(file.fileno()).st_size
        first = file.readline(_FIRST_LINE_MAX_BYTES + 1)
        dim = _first_line_dim(first, source)
        if looks_like_header(first):
            source.hint = (
                "its first line looks like a word2vec header '<V> <D>'; read the file with "
                "format='word2vec'"
            )
        file.seek(0)
        parsed = read_text_rows(
            file,
            source=source,
            dim=dim,
            first_line=1,
            expected_rows=None,
            limit=limit,
            dtype=resolved,
            errors=errors,
            size_hint=size,
        )
    logger.debug("read %d x %d GloVe file %s", len(parsed.vocab), dim, name)
    return parsed


def _first_line_dim(line: bytes, source: Source) -> int:
    if not line:
        raise FormatError(
            f"{source.path} is empty; a GloVe file has one 'word v1 ... vD' line per word."
        )
    if not line.endswith(b"\n") and len(line) > _FIRST_LINE_MAX_BYTES:
        raise FormatError(
            f"{source.path}, line 1: the line is longer than {_FIRST_LINE_MAX_BYTES} bytes; "
            "this is not a GloVe file."
        )
    tokens = line.split()
    if not tokens:
        raise FormatError(
            f"{source.path}, line 1: the first line is blank; a GloVe file starts with a "
            "'word v1 ... vD' line, which sets the dimension."
        )
    values = parse_floats(b" ".join(tokens[1:]))
    if len(tokens) < 2 or values is None or values.size != len(tokens) - 1:
        shown = line[:80].decode("utf-8", "replace").rstrip()
        raise FormatError(
            f"{source.path}, line 1: {shown!r} is not 'word v1 ... vD' (a word, then "
            "numbers); this is not a GloVe file."
        )
    return len(tokens) - 1
