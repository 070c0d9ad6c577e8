"""Every vector format by name: sniffing, :func:`load_embeddings` and :func:`save_embeddings`.

==================== =========================================================== ========
format               what                                                        module
==================== =========================================================== ========
``native``           firth's folder: JSON manifest + ``.npy`` (memory-mapped)    native
``word2vec``         word2vec.c text: ``V D`` header, ``word v1 ... vD`` lines   word2vec
``word2vec-binary``  word2vec.c binary: header, ``word`` + ``D`` float32 values   word2vec
``glove``            GloVe text: ``word v1 ... vD`` lines, no header             glove
``fasttext``         fastText ``.vec``: word2vec text with ``%.5g`` numbers       fasttext
==================== =========================================================== ========

Sniffing (``format=None``) decides from the content, never from the file name:

1. a folder is a native model (it must hold a firth manifest);
2. a file whose first line is two integers ``V D`` is word2vec: binary if its first row
   is not a text row of ``D`` numbers, text otherwise (fastText ``.vec`` files are
   word2vec text files and read as such);
3. a file whose first line is a word followed by numbers only is GloVe;
4. anything else is a :class:`~firth.errors.FormatError` that says what the first line
   holds and suggests ``format=``.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np

from firth.errors import ConfigError, FormatError
from firth.io._textparse import (
    DType,
    Errors,
    Parsed,
    check_dtype,
    check_errors,
    check_limit,
    parse_floats,
)
from firth.io.fasttext import FASTTEXT_BIN_MAGIC, parse_fasttext, write_fasttext
from firth.io.glove import parse_glove, write_glove
from firth.io.native import is_native
from firth.io.word2vec import (
    first_row_is_text,
    header_numbers,
    looks_like_header,
    parse_word2vec,
    write_word2vec,
)

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

__all__ = [
    "FORMATS",
    "FormatName",
    "check_format",
    "load_embeddings",
    "save_embeddings",
    "sniff_format",
]

logger = logging.getLogger(__name__)

#: The names of the formats firth reads and writes.
FormatName = Literal["native", "word2vec", "word2vec-binary", "glove", "fasttext"]
FORMATS: tuple[FormatName, ...] = get_args(FormatName)

_SNIFF_BYTES = 1 << 20


def check_format(format: object, *, allow_none: bool) -> FormatName | None:
    """Validate a ``format`` argument."""
    if format is None and allow_none:
        return None
    if isinstance(format, str) and format in FORMATS:
        return format
    choices = ", ".join(repr(name) for name in FORMATS)
    extra = " or None (sniff it)" if allow_none else ""
    raise ConfigError(f"format must be one of {choices}{extra}; got {format!r}.")


def sniff_format(path: str | os.PathLike[str]) -> FormatName:
    """The format of a vector file or folder, decided from its content.

    See the module documentation for the rules.

    Raises
    ------
    FormatError
        If the format cannot be told (an empty file, a folder that is not a firth model, a
        first line that is neither a header nor a row), naming the file and the reason.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     target = os.path.join(tmp, "glove.txt")
    ...     with open(target, "w") as f:
    ...         _ = f.write("the 0.1 0.2\\n")
    ...     sniff_format(target)
    'glove'
    """
    name = os.fspath(path)
    if os.path.isdir(name):
        if is_native(name):
            return "native"
        raise FormatError(
            f"{name} is a folder but not a firth model (it has no firth manifest.json); "
            "vector files in other formats are single files."
        )
    with open(name, "rb") as file:
        first = file.readline(_SNIFF_BYTES)
        if not first:
            raise FormatError(f"{name} is empty; it holds no vectors in any format.")
        if looks_like_header(first):
            header = header_numbers(first)
            if header is None:  # e.g. an absurd dimension: the reader says what is wrong
                return "word2vec"
            return "word2vec" if first_row_is_text(file, header[1]) else "word2vec-binary"
    if first.startswith(FASTTEXT_BIN_MAGIC):
        raise FormatError(
            f"{name} is a fastText .bin model, which firth does not read; export its "
            "vectors as a .vec file with fastText (e.g. `fasttext print-word-vectors` or "
            "the Python API's get_words/get_word_vector) and load that."
        )
    tokens = first.split()
    values = parse_floats(b" ".join(tokens[1:])) if len(tokens) >= 2 else None
    if (first.endswith(b"\n") or len(first) < _SNIFF_BYTES) and (
        values is not None and values.size == len(tokens) - 1
    ):
        return "glove"
    shown = first[:60].decode("utf-8", "replace").rstrip()
    raise FormatError(
        f"cannot tell the format of {name}: its first line ({shown!r}) is neither a "
        "word2vec header '<V> <D>' nor a GloVe row 'word v1 ... vD'; pass format= "
        f"(one of {', '.join(FORMATS)}) if you know it."
    )


def load_embeddings(
    path: str | os.PathLike[str],
    *,
    format: FormatName | None = None,
    limit: int | None = None,
    dtype: DType = "float32",
    errors: Errors = "strict",
    mmap: bool = True,
) -> Embeddings:
    """Load embeddings from a file or folder in any supported format.

    Parameters
    ----------
    path
        A firth model or embeddings folder, or a vector file.
    format
        ``None`` (default) to sniff the format from the content (see
        :func:`sniff_format`), or one of ``"native"``, ``"word2vec"`` (text),
        ``"word2vec-binary"``, ``"glove"``, ``"fasttext"`` to force it. A forced format
        that does not match the content is a :class:`~firth.errors.FormatError`.
    limit
        Keep only the first ``limit`` vectors (an integer >= 0; ``None``: all). Files are
        not read past them (and their header's row count is then not checked); a native
        model is sliced without reading the rest.
    dtype
        ``"float32"`` (default) or ``"float16"``: the dtype of the returned vectors. A
        native model stored in another dtype is converted (in memory, not
        memory-mapped); a value that does not fit in float16 is a FormatError.
    errors
        ``"strict"`` (default): any bad row is an error. ``"skip"``: text formats drop
        rows with the wrong number of values, a value that is not a finite number, a word
        that is not UTF-8 or a duplicate word (the first occurrence is kept), and blank
        lines between rows; binary word2vec files drop rows with an invalid or duplicate
        word or a non-finite vector (a damaged row structure cannot be skipped). The
        dropped rows are counted in a logged warning and in the metadata of the result
        under ``"skipped"`` (``count``, ``by_problem``, ``examples``). Broken file
        structure (truncated file, a header whose row count is wrong) stays an error. A
        native model is always read strictly.
    mmap
        Native format only: memory-map the vectors (read-only, opened in milliseconds,
        shared between processes) instead of reading them into memory.

    Returns
    -------
    Embeddings
        The words in file order. Counts and metadata come from a native model; other
        formats carry neither (metadata holds only ``"skipped"`` in skip mode).

    Raises
    ------
    FormatError
        If the file is malformed, naming the file and the line (text) or byte offset
        (binary) and the problem, or its format cannot be told.
    ConfigError
        If ``format``, ``limit``, ``dtype`` or ``errors`` is invalid.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> import os, tempfile
    >>> from firth.embeddings import Embeddings
    >>> from firth.vocab import Vocab
    >>> emb = Embeddings(Vocab(["king", "queen"]), [[1.0, 0.5], [0.9, 0.6]])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     save_embeddings(emb, os.path.join(tmp, "v.txt"), format="glove")
    ...     back = load_embeddings(os.path.join(tmp, "v.txt"), limit=1, dtype="float16")
    >>> back.words, back.vectors.dtype, back.vectors.tolist()
    (['king'], dtype('float16'), [[1.0, 0.5]])
    """
    chosen = check_format(format, allow_none=True)
    limit = check_limit(limit)
    resolved = check_dtype(dtype)
    errors = check_errors(errors)
    name = os.fspath(path)
    if not os.path.exists(name):
        raise FileNotFoundError(f"{name} does not exist.")
    if chosen is None:
        chosen = sniff_format(name)
    if chosen == "native":
        return _load_native(name, limit=limit, dtype=resolved, mmap=mmap)
    if os.path.isdir(name):
        raise FormatError(
            f"{name} is a folder; a {chosen} vector file is a single file (a firth model "
            "folder is format='native')."
        )
    dtype_name: DType = "float16" if resolved == np.float16 else "float32"
    parsed: Parsed
    if chosen == "glove":
        parsed = parse_glove(name, limit=limit, dtype=dtype_name, errors=errors)
    elif chosen == "fasttext":
        parsed = parse_fasttext(name, limit=limit, dtype=dtype_name, errors=errors)
    else:
        binary = chosen == "word2vec-binary"
        parsed = parse_word2vec(name, binary=binary, limit=limit, dtype=dtype_name, errors=errors)
    metadata = {"skipped": parsed.skipped.to_metadata()} if errors == "skip" else None
    # The binary reader rejects (or skips) non-finite rows itself; text readers do not.
    checked = chosen == "word2vec-binary"
    return _embeddings(name, parsed.vocab, parsed.vectors, metadata, checked=checked)


def _embeddings(
    where: str, vocab: Any, vectors: Any, metadata: Any, *, checked: bool = False
) -> Embeddings:
    from firth.embeddings import Embeddings

    try:
        if checked:
            return Embeddings._from_checked(vocab, vectors, metadata)
        return Embeddings(vocab, vectors, metadata=metadata)
    except ConfigError as exc:
        raise FormatError(f"{where}: {exc}") from exc


def _load_native(name: str, *, limit: int | None, dtype: np.dtype[Any], mmap: bool) -> Embeddings:
    from firth.embeddings import Embeddings

    embeddings = Embeddings.load(name, mmap=mmap)
    vectors = embeddings.vectors
    if (limit is None or limit >= len(embeddings)) and vectors.dtype == dtype:
        return embeddings
    vocab = embeddings.vocab
    if limit is not None and limit < len(embeddings):
        vocab = vocab.prefix(limit)
        vectors = vectors[:limit]
    if vectors.dtype != dtype:
        with np.errstate(over="ignore"):
            vectors = vectors.astype(dtype)
        finite = np.isfinite(vectors).all(axis=1)
        if not finite.all():
            row = int(np.argmin(finite))
            raise FormatError(
                f"{name}: the vector of {vocab.word(row)!r} (row {row}) does not fit in "
                f"{dtype}; load it as float32."
            )
    return _embeddings(name, vocab, vectors, embeddings.metadata)


def save_embeddings(
    embeddings: Embeddings,
    path: str | os.PathLike[str],
    *,
    format: FormatName,
) -> None:
    """Save embeddings in one of the supported formats, atomically.

    Parameters
    ----------
    embeddings
        The embeddings to save.
    path
        The folder (``"native"``) or file (the others) to create or replace.
    format
        ``"native"`` (a folder keeping counts and metadata), ``"word2vec"`` (text,
        byte-exact with word2vec.c), ``"word2vec-binary"``, ``"glove"`` (byte-exact
        with glove.c) or ``"fasttext"`` (``.vec``, byte-exact with fastText). The file
        formats store only words and vectors, as float32 (text formats round the values:
        6 decimals for word2vec and GloVe, 5 significant digits for fastText).

    Raises
    ------
    FormatError
        If a word cannot be stored in a file format (empty, or holding ASCII whitespace),
        or ``path`` cannot hold a native model.
    ConfigError
        If ``format`` is not one of the names above.

    Examples
    --------
    See :func:`load_embeddings`.
    """
    chosen = check_format(format, allow_none=False)
    if chosen == "native":
        embeddings.save(path)
        return
    words = embeddings.words
    vectors = embeddings.vectors
    if chosen == "glove":
        write_glove(path, words, vectors)
    elif chosen == "fasttext":
        write_fasttext(path, words, vectors)
    else:
        write_word2vec(path, words, vectors, binary=chosen == "word2vec-binary")
