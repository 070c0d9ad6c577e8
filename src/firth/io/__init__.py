"""Reading and writing embeddings: one module per file format.

* :mod:`firth.io.native` — firth's own format: a directory with a JSON manifest and
  ``.npy`` arrays; pickle-free, memory-mappable, crash-safe.
* :mod:`firth.io.word2vec` — the text and binary files of the original word2vec.c.
* :mod:`firth.io.atomic` — atomic file writes used by every writer.
"""

from __future__ import annotations

from firth.io.atomic import atomic_write, atomic_write_text
from firth.io.native import decode_words, encode_words, is_native, load_native, save_native
from firth.io.word2vec import read_word2vec, write_word2vec

__all__ = [
    "atomic_write",
    "atomic_write_text",
    "decode_words",
    "encode_words",
    "is_native",
    "load_native",
    "read_word2vec",
    "save_native",
    "write_word2vec",
]
