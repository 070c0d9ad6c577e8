"""Encode a corpus: tokens become int32 ids into a vocabulary built from their counts.

Words are split and numbered by a compiled word table over the text's UTF-8 bytes
(:mod:`firth.corpus._wordtable`), with no Python string per token. With no ``vocab`` and
no ``max_vocab_size`` the text is read once: each new word gets a provisional id as it is
first seen, the counts come from ``np.bincount``, and the
provisional ids are then mapped to the final, count-sorted vocabulary (dropping the words
below ``min_count``) in place, chunk by chunk. ``max_vocab_size`` costs a second pass: the
first counts with pruning (word2vec.c's ``ReduceVocab``), the second encodes and recounts
the kept words exactly. With a given ``vocab`` the text is read once, and out-of-vocabulary
tokens are dropped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from firth._memory import trim_heap
from firth.corpus._cache import CacheDir, MemorySink
from firth.corpus._passes import (
    MAX_WORDS,
    Sink,
    count_pruned,
    encode_pass,
    rank,
    remap,
    select,
)
from firth.corpus.readers import Corpus, CorpusSource
from firth.errors import ConfigError, CorpusError, EmptyCorpusError, FormatError
from firth.vocab import Vocab

if TYPE_CHECKING:
    from firth.corpus._wordtable import WordTable

__all__ = ["CorpusStats", "EncodedCorpus", "encode_corpus"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class CorpusStats:
    """What encoding a corpus found.

    Attributes
    ----------
    raw_tokens
        Every token read.
    retained_tokens
        Tokens whose word is in the final vocabulary (the length of ``ids``).
    sentences
        Non-empty sentences after filtering (the length of ``sentence_ends``).
    distinct_words
        Distinct words seen while counting, before ``min_count``; a lower bound when the
        vocabulary was pruned. With a given ``vocab``: the vocabulary words that occur.
    pruned
        Whether ``max_vocab_size`` pruning happened (rare words' counts are then
        approximate, and some words above ``min_count`` may be missing).
    replaced_bytes
        Invalid UTF-8 bytes replaced or ignored while reading.
    effective_min_count
        The count threshold applied: ``min_count``, or the smallest kept count when
        ``max_final_vocab`` cut the vocabulary further. With a given ``vocab``: its
        smallest count (0 when it has no counts).
    """

    raw_tokens: int
    retained_tokens: int
    sentences: int
    distinct_words: int
    pruned: bool
    replaced_bytes: int
    effective_min_count: int


@dataclass(frozen=True, eq=False)
class EncodedCorpus:
    """A corpus as int32 ids, sentence boundaries and the vocabulary the ids index.

    Attributes
    ----------
    ids
        Retained token ids, every sentence concatenated (read-only; memory-mapped from
        the folder when encoded with a ``cache_dir``).
    sentence_ends
        Exclusive end offset of each sentence in ``ids``: strictly increasing, the last
        equal to ``len(ids)``. Sentence ``i`` is ``ids[sentence_ends[i - 1]:sentence_ends[i]]``
        (starting at 0 for the first).
    vocab
        The vocabulary with counts, sorted by descending count, ties by word.
    stats
        What encoding found (:class:`CorpusStats`).
    """

    ids: npt.NDArray[np.int32]
    sentence_ends: npt.NDArray[np.int64]
    vocab: Vocab
    stats: CorpusStats

    def __repr__(self) -> str:
        return (
            f"EncodedCorpus({self.stats.retained_tokens} tokens, {self.stats.sentences} "
            f"sentences, vocab size {len(self.vocab)})"
        )


def encode_corpus(
    corpus: Corpus | CorpusSource,
    *,
    min_count: int = 5,
    max_vocab_size: int | None = None,
    max_final_vocab: int | None = None,
    vocab: Vocab | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> EncodedCorpus:
    """Read a corpus, build its vocabulary and encode every token as an int32 id.

    Parameters
    ----------
    corpus
        A :class:`Corpus`, or anything its constructor accepts (then read with the default
        options): a file, a folder, a list of paths, or an iterable of token lists. A
        generator is read exactly once.
    min_count
        Words seen fewer times are dropped (and so are their tokens).
    max_vocab_size
        Bound on the distinct words held while counting: when exceeded, the rarest words
        are pruned, as word2vec.c does (the bound can be overshot by the distinct words of
        one block of text). Costs a second pass over the corpus, which recounts the kept
        words exactly; not possible with a one-shot generator. ``None`` counts every word.
    max_final_vocab
        Keep at most this many words: the most frequent ones, ties broken by the word.
    vocab
        Encode with this vocabulary instead of building one: tokens not in it are dropped,
        and it is returned as is. Cannot be combined with ``max_vocab_size`` or
        ``max_final_vocab``; ``min_count`` is ignored.
    cache_dir
        A folder where the ids are written as they are encoded (for corpora larger than
        memory); ``ids`` is then a read-only memory-mapped array. When the folder already holds
        the encoding of the same files (same paths, sizes and modification times) with the
        same options, it is reused without reading the corpus. In-memory iterables are
        written there too but never reused. Do not share one folder between processes
        encoding at the same time.

    Returns
    -------
    EncodedCorpus
        The ids, sentence ends, vocabulary and statistics.

    Raises
    ------
    EmptyCorpusError
        If the corpus holds no token, or no word reaches ``min_count``, or (with ``vocab``)
        no token is in the vocabulary.
    CorpusError
        If the corpus cannot be read (see :class:`Corpus`).
    ConfigError
        If an option has an invalid value.

    Examples
    --------
    >>> sentences = [["the", "cat", "sat"], ["the", "dog", "sat"], ["a", "cat"]]
    >>> encoded = encode_corpus(sentences, min_count=2)
    >>> encoded.vocab.words
    ['cat', 'sat', 'the']
    >>> encoded.ids.tolist(), encoded.sentence_ends.tolist()
    ([2, 0, 1, 2, 1, 0], [3, 5, 6])
    >>> encoded.stats.raw_tokens, encoded.stats.distinct_words
    (8, 5)
    """
    if not isinstance(corpus, Corpus):
        corpus = Corpus(corpus)
    _check_options(min_count, max_vocab_size, max_final_vocab, vocab)
    if max_vocab_size is not None and not corpus.reiterable:
        raise CorpusError(
            f"max_vocab_size needs two passes over the corpus, but {corpus.describe()} can be "
            "read only once; pass a list of token lists or a file, or max_vocab_size=None."
        )
    options: dict[str, object] = {
        "min_count": min_count,
        "max_vocab_size": max_vocab_size,
        "max_final_vocab": max_final_vocab,
        "vocab_sha256": None if vocab is None else _vocab_digest(vocab),
    }
    cache = None if cache_dir is None else CacheDir(cache_dir)
    fingerprint = None if cache is None else corpus.fingerprint()
    if cache is not None and fingerprint is not None:
        cached = cache.load(fingerprint, options)
        if cached is not None:
            try:
                stats = CorpusStats(**cached.stats)
                found = vocab if vocab is not None else Vocab(cached.words, cached.counts)
            except (TypeError, ValueError) as error:
                logger.warning("ignoring damaged cache in %r (%s); rebuilding it", cache_dir, error)
            else:
                return EncodedCorpus(cached.ids, cached.sentence_ends, found, stats)
    if cache is not None:
        cache.invalidate()
    sink: Sink = MemorySink() if cache is None else cache.sink()
    started = time.perf_counter()
    try:
        encoded = _encode(corpus, sink, min_count, max_vocab_size, max_final_vocab, vocab)
    except BaseException:
        sink.abort()
        raise
    trim_heap()  # the blocks read are gone; their heap memory goes back to the system
    if cache is not None:
        cache.save(
            sentence_ends=encoded.sentence_ends,
            words=encoded.vocab.words,
            counts=encoded.vocab.counts,
            stats=asdict(encoded.stats),
            fingerprint=fingerprint,
            options=options,
        )
    stats = encoded.stats
    logger.info(
        "encoded %s: %d tokens (%d kept) in %d sentences, %d words in the vocabulary, %.1f s",
        corpus.describe(),
        stats.raw_tokens,
        stats.retained_tokens,
        stats.sentences,
        len(encoded.vocab),
        time.perf_counter() - started,
    )
    if stats.replaced_bytes:
        logger.warning(
            "%s: %d invalid UTF-8 bytes were %s",
            corpus.describe(),
            stats.replaced_bytes,
            "dropped" if corpus.encoding_errors == "ignore" else "replaced by U+FFFD",
        )
    return encoded


def _encode(
    corpus: Corpus,
    sink: Sink,
    min_count: int,
    max_vocab_size: int | None,
    max_final_vocab: int | None,
    vocab: Vocab | None,
) -> EncodedCorpus:
    from firth.corpus._wordtable import WordTable  # imports Numba: not at firth's import

    pruned = False
    if vocab is not None:
        result = encode_pass(corpus, WordTable.from_words(vocab.words), sink, grow=False)
        _check_not_empty(corpus, result.raw_tokens)
        if result.kept_tokens == 0:
            raise EmptyCorpusError(
                f"none of the {result.raw_tokens} tokens of corpus {corpus.describe()} is in "
                f"the given vocabulary ({vocab!r}); check that the vocabulary was built with "
                "the same tokenizer (case, punctuation)."
            )
        sink.buffer()
        ids = sink.result(result.kept_tokens)
        counts = vocab.counts
        effective = int(counts.min()) if counts is not None and counts.size else 0
        distinct = int(np.count_nonzero(result.counts))
        final_vocab = vocab
        ends = result.ends
    else:
        if max_vocab_size is None:
            table = WordTable()
            result = encode_pass(corpus, table, sink, grow=True)
            _check_not_empty(corpus, result.raw_tokens)
            distinct = len(table)
            order, effective, _ = select(
                result.counts, table.words, min_count, max_final_vocab, corpus, result.raw_tokens
            )
        else:
            approximate, raw, distinct, pruned = count_pruned(corpus, max_vocab_size)
            _check_not_empty(corpus, raw)
            first_words = list(approximate)
            first_counts = np.fromiter(approximate.values(), np.int64, len(approximate))
            del approximate
            chosen, effective, cut = select(
                first_counts,
                lambda ids: [first_words[i] for i in ids.tolist()],
                min_count,
                max_final_vocab,
                corpus,
                raw,
            )
            table = WordTable.from_words([first_words[i] for i in chosen.tolist()])
            del first_words, first_counts
            result = encode_pass(corpus, table, sink, grow=False)
            # Rank the kept words by their exact counts (words gone since pass 1 are dropped).
            order = rank(result.counts, np.flatnonzero(result.counts > 0), table.words)
            if cut and order.size:
                effective = max(min_count, int(result.counts[order[-1]]))
        lookup = np.full(len(table), -1, dtype=np.int32)
        lookup[order] = np.arange(order.size, dtype=np.int32)
        buffer = sink.buffer()
        kept, ends = remap(buffer, result.ends, lookup)
        del buffer
        ids = sink.result(kept)
        final_vocab = _packed_vocab(table, order, result.counts[order])
        if kept == 0:  # only if the files changed between the two passes
            raise EmptyCorpusError(
                f"corpus {corpus.describe()} changed while it was read: no token is left."
            )
    stats = CorpusStats(
        raw_tokens=result.raw_tokens,
        retained_tokens=int(ids.shape[0]),
        sentences=int(ends.shape[0]),
        distinct_words=distinct,
        pruned=pruned,
        replaced_bytes=corpus.replaced_bytes,
        effective_min_count=effective,
    )
    return EncodedCorpus(ids, ends, final_vocab, stats)


def _packed_vocab(
    table: WordTable, order: npt.NDArray[np.intp], counts: npt.NDArray[np.int64]
) -> Vocab:
    """The vocabulary of words ``order`` of ``table``, packed in two arrays (decoded when
    first needed), or as strings if a word is not valid UTF-8 (a lone surrogate from an
    iterable)."""
    try:
        return Vocab.from_utf8(*table.packed(order), counts)
    except FormatError:
        return Vocab(table.words(order), counts)


def _check_not_empty(corpus: Corpus, raw_tokens: int) -> None:
    if raw_tokens == 0:
        if corpus._paths is None:
            what = "every sentence is empty"
        elif not corpus._files():
            what = "no file found"
        else:
            what = "every file is empty or holds only whitespace"
        raise EmptyCorpusError(
            f"corpus {corpus.describe()} contains no tokens ({what}); check the path and "
            "the contents."
        )


def _check_options(
    min_count: object, max_vocab_size: object, max_final_vocab: object, vocab: object
) -> None:
    for name, value, optional in (
        ("min_count", min_count, False),
        ("max_vocab_size", max_vocab_size, True),
        ("max_final_vocab", max_final_vocab, True),
    ):
        if optional and value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            rule = "an integer >= 1" + (" or None" if optional else "")
            raise ConfigError(f"encode_corpus: {name} must be {rule}; got {value!r}.")
    if vocab is not None:
        if not isinstance(vocab, Vocab):
            raise ConfigError(
                f"encode_corpus: vocab must be a firth.Vocab or None; got {type(vocab).__name__}."
            )
        if len(vocab) > MAX_WORDS:
            raise ConfigError(f"encode_corpus: vocab has more than {MAX_WORDS} words.")
        if max_vocab_size is not None or max_final_vocab is not None:
            raise ConfigError(
                "encode_corpus: vocab cannot be combined with max_vocab_size or "
                "max_final_vocab (the given vocabulary is used as is)."
            )


def _vocab_digest(vocab: Vocab) -> str:
    digest = hashlib.sha256(json.dumps(vocab.words).encode("ascii"))
    counts = vocab.counts
    digest.update(b"no counts" if counts is None else counts.astype("<i8").tobytes())
    return digest.hexdigest()
