"""Reading and writing embeddings: one module per file format, and a registry.

* :mod:`firth.io.registry` — :func:`load_embeddings` / :func:`save_embeddings` for every
  format by name, and :func:`sniff_format`.
* :mod:`firth.io.native` — firth's own format: a directory with a JSON manifest and
  ``.npy`` arrays; pickle-free, memory-mappable, crash-safe.
* :mod:`firth.io.word2vec` — the text and binary files of the original word2vec.c.
* :mod:`firth.io.glove` — GloVe's text files (no header).
* :mod:`firth.io.fasttext` — fastText's ``.vec`` files.
* :mod:`firth.io.gensim` — conversion to and from gensim's ``KeyedVectors``.
* :mod:`firth.io.projector` — export for the TensorBoard Embedding Projector.
* :mod:`firth.io.atomic` — atomic file writes used by every writer.
"""

from __future__ import annotations

from firth.io.atomic import atomic_write, atomic_write_text
from firth.io.fasttext import read_fasttext, write_fasttext
from firth.io.gensim import from_gensim, to_gensim
from firth.io.glove import read_glove, write_glove
from firth.io.native import decode_words, encode_words, is_native, load_native, save_native
from firth.io.projector import export_projector
from firth.io.registry import FORMATS, load_embeddings, save_embeddings, sniff_format
from firth.io.word2vec import read_word2vec, write_word2vec

__all__ = [
    "FORMATS",
    "atomic_write",
    "atomic_write_text",
    "decode_words",
    "encode_words",
    "export_projector",
    "from_gensim",
    "is_native",
    "load_embeddings",
    "load_native",
    "read_fasttext",
    "read_glove",
    "read_word2vec",
    "save_embeddings",
    "save_native",
    "sniff_format",
    "to_gensim",
    "write_fasttext",
    "write_glove",
    "write_word2vec",
]
