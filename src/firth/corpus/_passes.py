"""The passes over a corpus behind :func:`firth.corpus.encode_corpus`.

Everything here works block by block: the word table (compiled) turns text into ids,
NumPy counts and remaps them, so the Python interpreter never loops over tokens one by one.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import numpy.typing as npt

from firth.corpus._cache import FileSink, MemorySink
from firth.corpus._mapped import release
from firth.corpus.readers import Corpus
from firth.errors import CorpusError, EmptyCorpusError

if TYPE_CHECKING:
    from firth.corpus._wordtable import WordTable

__all__ = ["MAX_WORDS", "Pass", "Sink", "count_pruned", "encode_pass", "rank", "remap", "select"]

logger = logging.getLogger(__name__)

MAX_WORDS = 2**31 - 1  # ids are int32

REMAP_CHUNK = 1 << 20  # ids remapped at a time (4 MiB of int32) before their pages are released

Sink: TypeAlias = MemorySink | FileSink
Names: TypeAlias = Callable[[npt.NDArray[np.intp]], list[str]]  # the words of some ids


@dataclass
class Pass:
    """What one encoding pass over the corpus produced."""

    counts: npt.NDArray[np.int64]  # occurrences of each provisional id
    raw_tokens: int
    kept_tokens: int
    ends: npt.NDArray[np.int64]  # sentence ends in kept-token offsets, empty ones removed


def encode_pass(corpus: Corpus, table: WordTable, sink: Sink, *, grow: bool) -> Pass:
    """Encode every token with its id in ``table``; with ``grow``, new words get new ids
    (in order of first occurrence), else their tokens are dropped."""
    counts = np.zeros(max(len(table), 1 << 16), dtype=np.int64)
    raw = kept = 0
    parts: list[npt.NDArray[np.int64]] = []
    too_many = CorpusError(
        f"corpus {corpus.describe()} holds more than {MAX_WORDS} distinct words, more than "
        "int32 ids can index; pass max_vocab_size to prune rare words while counting."
    )
    try:
        for ids, ends in corpus._id_blocks(table, grow=grow):
            if len(table) > MAX_WORDS:
                raise too_many
            size = ids.size
            if grow:
                parts.append(ends)
            else:
                keep = ids >= 0
                retained = np.zeros(size + 1, dtype=np.int64)
                np.cumsum(keep, out=retained[1:])
                parts.append(kept + retained[ends - raw])
                ids = ids[keep]
            if ids.size:
                if len(table) > counts.size:
                    more = np.zeros(max(counts.size, len(table)), np.int64)
                    counts = np.concatenate([counts, more])
                found = np.bincount(ids)
                counts[: found.size] += found
                sink.write(ids)
            raw += size
            kept += int(ids.size)
    except OverflowError:  # the table cannot number more words
        raise too_many from None
    ends = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    if not grow:
        ends = ends[np.diff(ends, prepend=0) > 0]  # sentences that lost every token
    return Pass(counts[: len(table)], raw, kept, ends)


def count_pruned(corpus: Corpus, max_vocab_size: int) -> tuple[dict[str, int], int, int, bool]:
    """Count words, pruning the rarest whenever more than ``max_vocab_size`` are held.

    Returns the (approximate) counts, the number of tokens, a lower bound on the distinct
    words (the most held at once) and whether pruning happened.
    """
    counts: dict[str, int] = {}
    raw = peak = 0
    min_reduce = 1
    for tokens, _ in corpus._blocks():
        raw += len(tokens)
        get = counts.get
        for word, count in Counter(tokens).items():
            counts[word] = get(word, 0) + count
        peak = max(peak, len(counts))
        while len(counts) > max_vocab_size:
            # word2vec.c's ReduceVocab: drop words seen at most min_reduce times.
            counts = {word: count for word, count in counts.items() if count > min_reduce}
            logger.debug(
                "pruned the vocabulary to %d words (min_reduce=%d)", len(counts), min_reduce
            )
            min_reduce += 1
    pruned = min_reduce > 1
    if pruned:
        logger.info(
            "vocabulary pruned while counting (max_vocab_size=%d); words seen at most %d "
            "times may be missing",
            max_vocab_size,
            min_reduce - 1,
        )
    return counts, raw, peak, pruned


def select(
    counts: npt.NDArray[np.int64],
    names: Names,
    min_count: int,
    max_final_vocab: int | None,
    corpus: Corpus,
    raw_tokens: int,
) -> tuple[npt.NDArray[np.intp], int, bool]:
    """The ids of the words to keep in final order, the effective ``min_count``, and
    whether ``max_final_vocab`` cut the vocabulary. ``names(ids)`` are the words ``ids``."""
    keep = np.flatnonzero(counts >= min_count)
    if keep.size == 0:
        top = int(counts.max())
        name = min(names(np.flatnonzero(counts == top)))
        raise EmptyCorpusError(
            f"no word of corpus {corpus.describe()} occurs at least min_count={min_count} "
            f"times ({raw_tokens} tokens, {counts.size} distinct words); the most frequent "
            f"word, {name!r}, occurs {top} time{'s' if top != 1 else ''}. Lower min_count "
            f"(e.g. min_count={top}) or use a larger corpus."
        )
    order = rank(counts, keep, names)
    if max_final_vocab is not None and order.size > max_final_vocab:
        order = order[:max_final_vocab]
        return order, max(min_count, int(counts[order[-1]])), True
    return order, min_count, False


def rank(
    counts: npt.NDArray[np.int64], ids: npt.NDArray[np.intp], names: Names
) -> npt.NDArray[np.intp]:
    """``ids`` sorted by descending count, ties by word (as :meth:`Vocab.from_counts`)."""
    words = names(ids)
    by_word = ids[np.array(sorted(range(len(words)), key=words.__getitem__), dtype=np.intp)]
    return by_word[np.argsort(-counts[by_word], kind="stable")]


def remap(
    ids: npt.NDArray[np.int32], ends: npt.NDArray[np.int64], lookup: npt.NDArray[np.int32]
) -> tuple[int, npt.NDArray[np.int64]]:
    """Map ``ids`` through ``lookup`` in place, dropping ids mapped to -1.

    Works chunk by chunk in compiled code (the write position never passes the read
    position), so a memory-mapped file needs no second copy and no temporary array, and
    hands each chunk's pages back once done, so its resident memory stays bounded.
    Returns the number of ids kept and the new sentence ends, sentences left empty removed.
    """
    from firth._kernels.remap import remap_range  # imports Numba: not at firth's import

    new_ends = np.empty(ends.shape[0], dtype=np.int64)
    written = first = kept = 0
    for start in range(0, ids.shape[0], REMAP_CHUNK):
        stop = min(start + REMAP_CHUNK, ids.shape[0])
        begun = written
        written, first, kept = remap_range(
            ids, lookup, start, stop, written, ends, first, new_ends, kept
        )
        release(ids, min(begun, start), stop)  # a mapped file's pages leave our memory
    return written, new_ends[:kept].copy()
