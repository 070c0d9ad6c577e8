"""Export for the TensorBoard Embedding Projector (and the standalone projector.tensorflow.org).

:func:`export_projector` writes a folder with

* ``tensors.tsv``: one row per word, the values separated by tabs;
* ``metadata.tsv``: the words, one per line, without a header when they are the only
  column (as the projector requires); with extra columns, a header row (``word`` and the
  column names) and tab-separated values;
* ``projector_config.pbtxt``: TensorBoard's projector plugin configuration;
* ``config.json``: the standalone projector's configuration
  (``{"embeddings": [{"tensorName", "tensorShape", "tensorPath", "metadataPath"}]}``).

The projector splits ``metadata.tsv`` on tabs and line breaks and cannot show an empty
label, so a word (or a metadata value) that is empty or contains a tab, a line feed or a
carriage return cannot be exported: :func:`export_projector` raises a
:class:`~firth.errors.FormatError` that names them, rather than writing a file that the
projector would misalign. Leave such words out with ``words=``.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from firth.errors import ConfigError, FormatError, UnknownWordError
from firth.io._textparse import check_limit
from firth.io.atomic import atomic_write, atomic_write_text

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

__all__ = ["export_projector"]

logger = logging.getLogger(__name__)

TENSORS_NAME = "tensors.tsv"
METADATA_NAME = "metadata.tsv"
PBTXT_NAME = "projector_config.pbtxt"
CONFIG_NAME = "config.json"

_FORBIDDEN = ("\t", "\n", "\r")
_ROWS_PER_CHUNK = 4096


def _check_labels(labels: Sequence[str], what: str) -> None:
    bad = [label for label in labels if not label or any(c in label for c in _FORBIDDEN)]
    if bad:
        shown = ", ".join(repr(label) for label in bad[:5]) + (", ..." if len(bad) > 5 else "")
        raise FormatError(
            f"{len(bad)} {what} cannot be shown by the embedding projector (empty, or "
            f"holding a tab or a line break): {shown}; leave them out (words=...)."
        )


def export_projector(
    embeddings: Embeddings,
    folder: str | os.PathLike[str],
    *,
    words: Sequence[str] | None = None,
    limit: int | None = None,
    metadata_columns: Mapping[str, Sequence[Any]] | None = None,
    name: str = "firth",
) -> None:
    """Write embeddings for the TensorBoard Embedding Projector (see the module docs).

    Every file is written atomically; the folder is created if needed and files of a
    previous export in it are replaced.

    Parameters
    ----------
    embeddings
        The embeddings to export.
    folder
        The output folder.
    words
        Export these words, in this order (each must be in the vocabulary).
    limit
        Export the first ``limit`` words of the vocabulary (usually the most frequent).
        At most one of ``words`` and ``limit``; with neither, every word is exported.
    metadata_columns
        Extra label columns by name, each with one value per *vocabulary* word (in
        vocabulary order, like ``embeddings.words``); the exported rows pick their values.
        Values are written with ``str()``.
    name
        The tensor's name in the configuration files.

    Raises
    ------
    FormatError
        If an exported word or metadata value is empty or holds a tab or line break, or a
        column name is invalid.
    ConfigError
        If both ``words`` and ``limit`` are given, ``limit`` is invalid, or a column has
        the wrong length.
    UnknownWordError
        If a word of ``words`` is not in the vocabulary.

    Examples
    --------
    >>> import os, tempfile
    >>> from firth.embeddings import Embeddings
    >>> from firth.vocab import Vocab
    >>> emb = Embeddings(Vocab(["a", "b", "c"]), [[0.5, 1.0], [0.25, -2.0], [0.0, 1.0]])
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     export_projector(emb, tmp, limit=2, metadata_columns={"len": [1, 1, 1]})
    ...     tensors = open(os.path.join(tmp, "tensors.tsv")).read()
    ...     metadata = open(os.path.join(tmp, "metadata.tsv")).read()
    >>> tensors
    '0.5\\t1\\n0.25\\t-2\\n'
    >>> metadata
    'word\\tlen\\na\\t1\\nb\\t1\\n'
    """
    if words is not None and limit is not None:
        raise ConfigError("pass words= or limit=, not both.")
    limit = check_limit(limit)
    vocab = embeddings.vocab
    if words is not None:
        if isinstance(words, str):
            raise ConfigError("words must be a sequence of words, not one str.")
        labels = list(words)
        missing = {w: vocab.suggest(w) for w in labels if w not in vocab}
        if missing:
            first = next(iter(missing))
            raise UnknownWordError(first, missing[first], missing=missing)
        rows = np.array([vocab.index(w) for w in labels], dtype=np.int64)
    else:
        n = len(vocab) if limit is None else min(limit, len(vocab))
        labels = vocab.words[:n]
        rows = np.arange(n, dtype=np.int64)
    _check_labels(labels, "words")
    columns: dict[str, list[str]] = {}
    for column, values in (metadata_columns or {}).items():
        if not isinstance(column, str) or column == "word":
            raise FormatError(
                f"metadata column name {column!r} is invalid: use a str other than 'word' "
                "(the first column holds the words)."
            )
        _check_labels([column], "column names")
        values = list(values)
        if len(values) != len(vocab):
            raise ConfigError(
                f"metadata column {column!r} must have one value per vocabulary word "
                f"({len(vocab)}); got {len(values)}."
            )
        picked = [str(values[i]) for i in rows.tolist()]
        _check_labels(picked, f"values of column {column!r}")
        columns[column] = picked
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    vectors = embeddings.vectors
    with atomic_write(target / TENSORS_NAME) as file:
        dim = vectors.shape[1]
        row_format = "\t".join(["%.9g"] * dim) + "\n"
        for start in range(0, len(rows), _ROWS_PER_CHUNK):
            chunk = np.asarray(vectors[rows[start : start + _ROWS_PER_CHUNK]], dtype=np.float32)
            file.write(
                "".join(
                    row_format % tuple(row) for row in chunk.astype(np.float64).tolist()
                ).encode("ascii")
            )
    if columns:
        header = "\t".join(["word", *columns]) + "\n"
        lines = (
            "\t".join([label, *(column[i] for column in columns.values())]) + "\n"
            for i, label in enumerate(labels)
        )
        atomic_write_text(target / METADATA_NAME, header + "".join(lines))
    else:
        atomic_write_text(target / METADATA_NAME, "".join(label + "\n" for label in labels))
    shape = [len(labels), int(vectors.shape[1])]
    config = {
        "embeddings": [
            {
                "tensorName": name,
                "tensorShape": shape,
                "tensorPath": TENSORS_NAME,
                "metadataPath": METADATA_NAME,
            }
        ]
    }
    atomic_write_text(target / CONFIG_NAME, json.dumps(config, indent=2) + "\n")
    atomic_write_text(
        target / PBTXT_NAME,
        "embeddings {\n"
        f"  tensor_name: {json.dumps(name, ensure_ascii=False)}\n"
        f'  tensor_path: "{TENSORS_NAME}"\n'
        f'  metadata_path: "{METADATA_NAME}"\n'
        "}\n",
    )
    logger.debug("exported %d x %d vectors for the projector to %s", *shape, target)
