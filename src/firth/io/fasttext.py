"""fastText's ``.vec`` text files: the word2vec text format, with fastText's number format.

fastText's ``save-vectors`` (``FastText::saveVectors``) writes a header ``"<V> <D>\\n"``,
then per word: the word, a space, each value printed by a C++ stream with
``std::setprecision(5)`` (like C's ``%.5g``) followed by a space, and a newline. Reading is
word2vec's text reader (:func:`firth.io.word2vec.read_word2vec` with ``binary=False``).

fastText splits its training text on ASCII whitespace only, so its words may hold
non-breaking spaces (U+00A0), ideographic spaces (U+3000) and other Unicode whitespace:
firth reads a word up to the first ASCII whitespace of its line and keeps every other
character, exactly. fastText's binary ``.bin`` model files are a different format, which
firth does not read.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from typing import Any

import numpy.typing as npt

from firth.io._textparse import (
    DType,
    Errors,
    Parsed,
    text_rows,
    write_vector_file,
)
from firth.io.word2vec import parse_word2vec

__all__ = ["FASTTEXT_BIN_MAGIC", "parse_fasttext", "read_fasttext", "write_fasttext"]

logger = logging.getLogger(__name__)

#: The first four bytes of a fastText ``.bin`` model file (not a vector file).
FASTTEXT_BIN_MAGIC = (793712314).to_bytes(4, "little")

#: fastText's rows: the word and a space, then "%.5g " per value.
_ROWS = text_rows("%.5g ", after_word=" ")


def write_fasttext(
    path: str | os.PathLike[str], words: Sequence[str], vectors: npt.ArrayLike
) -> None:
    """Write vectors as a fastText ``.vec`` file, atomically, byte for byte like fastText.

    Values are converted to float32 (fastText's ``real``) and printed with 5 significant
    digits (``%.5g``), each followed by a space.

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
    ...     target = os.path.join(tmp, "vectors.vec")
    ...     write_fasttext(target, ["the", "a\\u00a0b"], [[0.1, -1e-5], [123456.0, 0.0]])
    ...     with open(target, "rb") as f:
    ...         f.read().splitlines(keepends=True)
    [b'2 2\\n', b'the 0.1 -1e-05 \\n', b'a\\xc2\\xa0b 1.2346e+05 0 \\n']
    """
    n_rows, dim = write_vector_file(
        path, words, vectors, what="a fastText .vec file", header=True, rows=_ROWS
    )
    logger.debug("wrote %d x %d fastText file %s", n_rows, dim, path)


def read_fasttext(
    path: str | os.PathLike[str],
    *,
    limit: int | None = None,
    dtype: DType = "float32",
    errors: Errors = "strict",
) -> tuple[list[str], npt.NDArray[Any]]:
    """Read a fastText ``.vec`` file (word2vec text format).

    Parameters and errors as :func:`firth.io.word2vec.read_word2vec` with
    ``binary=False``.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = os.path.join(tmp, "vectors.vec")
    ...     write_fasttext(target, ["x\\u3000y"], [[0.5, 2.0]])
    ...     read_fasttext(target)[0]
    ['x\\u3000y']
    """
    parsed = parse_fasttext(path, limit=limit, dtype=dtype, errors=errors)
    return parsed.vocab.words, parsed.vectors


def parse_fasttext(
    path: str | os.PathLike[str],
    *,
    limit: int | None = None,
    dtype: DType = "float32",
    errors: Errors = "strict",
) -> Parsed:
    """Like :func:`read_fasttext`, returning the vocabulary and the skip report too."""
    return parse_word2vec(path, binary=False, limit=limit, dtype=dtype, errors=errors)
