"""Corpora: read text or token lists, and encode them as int32 ids plus a vocabulary.

:class:`Corpus` says where the tokens come from (text files, compressed or not, folders,
in-memory token lists) and how to read them; :func:`encode_corpus` reads it once, builds
the :class:`~firth.vocab.Vocab` and returns an :class:`EncodedCorpus`: the ids of every
retained token, the sentence boundaries, the vocabulary and some statistics.

Examples
--------
>>> from firth.corpus import encode_corpus
>>> encoded = encode_corpus([["a", "rose", "is", "a", "rose"]], min_count=2)
>>> encoded.vocab.words, encoded.ids.tolist()
(['a', 'rose'], [0, 1, 0, 1])
"""

from __future__ import annotations

from firth.corpus._textio import EncodingErrors
from firth.corpus.encode import CorpusStats, EncodedCorpus, encode_corpus
from firth.corpus.readers import Corpus, CorpusSource
from firth.corpus.tokenize import Tokenizer

__all__ = [
    "Corpus",
    "CorpusSource",
    "CorpusStats",
    "EncodedCorpus",
    "EncodingErrors",
    "Tokenizer",
    "encode_corpus",
]
