"""Count the unigrams and bigram candidates of a token stream (one pass of phrase learning).

A *candidate* is a pair of non-connector words of one sentence with only connector words
(possibly none) between them: ``new york`` or ``bank of america``. Connector words never
start or end a candidate and are not counted as unigrams of the vocabulary, as in gensim.

Tokens are numbered by a dictionary as they stream in, a block of sentences at a time.
Adjacent pairs (the vast majority) become int64 keys ``first << 32 | second``, counted
per block with ``np.unique`` into a sorted run; runs of similar size are merged as they
accumulate, so the work is ``O(n log n)`` and nothing per token is held. Candidates with
connector words inside are counted in a dictionary keyed by their id tuples.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from firth._runs import merge_all, push_run
from firth.errors import CorpusError

__all__ = ["BLOCK_TOKENS", "BigramCounter", "Counts", "blocks"]

#: Tokens gathered (whole sentences) before a block is counted.
BLOCK_TOKENS = 1 << 20

_SHIFT = 32
_LOW = (1 << _SHIFT) - 1
_MAX_IDS = 1 << 31  # ids must fit in the 31 bits below the sign of a key's high half

Int64s = npt.NDArray[np.int64]
_Run = tuple[Int64s, Int64s]  # sorted distinct keys, their counts


@dataclass(frozen=True)
class Counts:
    """What one pass over a corpus counted.

    Attributes
    ----------
    words
        Word of each id.
    unigrams
        Count of each id (connector words included, though they are not part of the
        vocabulary).
    first, last, counts
        First word, last word and count of each distinct candidate: the adjacent pairs,
        then the candidates with connector words inside.
    inner
        Connector ids inside each candidate with any (aligned with the end of ``first``).
    corpus_words
        Every token read, connector words included.
    vocab_size
        Distinct non-connector words seen plus distinct candidates: gensim's
        ``len_vocab`` of the default scorer.
    pruned
        Whether ``max_vocab_size`` pruning happened (rare counts are then approximate).
    """

    words: list[str]
    unigrams: Int64s
    first: Int64s
    last: Int64s
    counts: Int64s
    inner: list[tuple[int, ...]]
    corpus_words: int
    vocab_size: int
    pruned: bool

    def candidate_ids(self, i: int) -> tuple[int, ...]:
        """The ids of candidate ``i``'s words, connector words included."""
        plain = len(self.first) - len(self.inner)
        middle = self.inner[i - plain] if i >= plain else ()
        return (int(self.first[i]), *middle, int(self.last[i]))


class BigramCounter:
    """Accumulate :class:`Counts` block by block.

    Parameters
    ----------
    connectors
        The connector words.
    max_vocab_size
        Bound on the distinct non-connector words plus distinct candidates, enforced
        after every block: while it is exceeded, entries seen fewer than a floor are
        dropped, and the floor (starting at 1) rises by one, as in gensim. Within a block
        the bound can be overshot by the block's new entries.

    Examples
    --------
    >>> counter = BigramCounter(frozenset({"of"}), max_vocab_size=None)
    >>> counter.add([["bank", "of", "america"], ["bank", "of", "america", "rocks"]])
    >>> counts = counter.result()
    >>> [counts.words[i] for i in counts.candidate_ids(1)], counts.counts.tolist()
    (['bank', 'of', 'america'], [1, 2])
    >>> counts.corpus_words, counts.vocab_size
    (7, 5)
    """

    def __init__(self, connectors: frozenset[str], *, max_vocab_size: int | None) -> None:
        # Connector words get ids 0..K-1; every other word the next id when first seen.
        self._connectors = len(connectors)
        self._index: defaultdict[str, int] = defaultdict(itertools.count(len(connectors)).__next__)
        self._index.update(zip(sorted(connectors), itertools.count()))
        self._unigrams = np.zeros(max(1024, self._connectors), dtype=np.int64)
        self._runs: list[_Run] = []
        self._bridged: dict[tuple[int, ...], int] = {}
        self._words = 0
        self._max_vocab_size = max_vocab_size
        self._min_reduce = 1
        self._pruned = False

    def add(self, sentences: Sequence[Sequence[str]]) -> None:
        """Count a block of sentences (each a sequence of tokens)."""
        lengths = np.fromiter(map(len, sentences), dtype=np.int64, count=len(sentences))
        total = int(lengths.sum())
        tokens = itertools.chain.from_iterable(sentences)
        ids = np.fromiter(map(self._index.__getitem__, tokens), dtype=np.int64, count=total)
        self._words += total
        self._count_unigrams(ids)
        content = np.flatnonzero(ids >= self._connectors) if self._connectors else None
        if content is None:
            content = np.arange(total, dtype=np.int64)
        sentence = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        before, after = content[:-1], content[1:]
        same = sentence[before] == sentence[after]
        adjacent = same & (after == before + 1)
        keys = (ids[before[adjacent]] << _SHIFT) | ids[after[adjacent]]
        if keys.size:
            self._push(np.unique(keys, return_counts=True))
        bridged = np.flatnonzero(same & (after > before + 1))
        if bridged.size:
            flat = ids.tolist()
            table = self._bridged
            for i, j in zip(before[bridged].tolist(), after[bridged].tolist(), strict=True):
                key = tuple(flat[i : j + 1])
                table[key] = table.get(key, 0) + 1
        if self._max_vocab_size is not None:
            self._bound(self._max_vocab_size)

    def result(self) -> Counts:
        """Everything counted so far."""
        keys, counts = self._merged()
        size = len(self._index)
        unigrams = self._unigrams[:size].copy()
        bridged = self._bridged
        first = np.concatenate(
            [keys >> _SHIFT, np.fromiter((k[0] for k in bridged), np.int64, len(bridged))]
        )
        last = np.concatenate(
            [keys & _LOW, np.fromiter((k[-1] for k in bridged), np.int64, len(bridged))]
        )
        all_counts = np.concatenate([counts, np.fromiter(bridged.values(), np.int64, len(bridged))])
        return Counts(
            words=list(self._index),
            unigrams=unigrams,
            first=first.astype(np.int64, copy=False),
            last=last.astype(np.int64, copy=False),
            counts=all_counts.astype(np.int64, copy=False),
            inner=[k[1:-1] for k in bridged],
            corpus_words=self._words,
            vocab_size=self._distinct_words() + len(first),
            pruned=self._pruned,
        )

    # -- internals --------------------------------------------------------------------

    def _count_unigrams(self, ids: Int64s) -> None:
        size = len(self._index)
        if size > _MAX_IDS:
            raise CorpusError(
                f"more than {_MAX_IDS} distinct words; set PhrasesConfig.max_vocab_size to "
                "bound the words held while counting."
            )
        if size > self._unigrams.shape[0]:
            grown = np.zeros(max(size, 2 * self._unigrams.shape[0]), dtype=np.int64)
            grown[: self._unigrams.shape[0]] = self._unigrams
            self._unigrams = grown
        self._unigrams[:size] += np.bincount(ids, minlength=size)

    def _distinct_words(self) -> int:
        return int(np.count_nonzero(self._unigrams[self._connectors : len(self._index)]))

    def _push(self, run: _Run) -> None:
        push_run(self._runs, run, _merge)

    def _merged(self) -> _Run:
        empty = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
        self._runs = [merge_all(self._runs, _merge, empty)]
        return self._runs[0]

    def _bound(self, limit: int) -> None:
        held = sum(len(keys) for keys, _ in self._runs) + len(self._bridged)
        if self._distinct_words() + held <= limit:
            return
        keys, counts = self._merged()
        size = len(self._index)
        words = self._unigrams[self._connectors : size]
        bridged = np.fromiter(self._bridged.values(), np.int64, len(self._bridged))
        every = np.concatenate([words[words > 0], counts, bridged])
        if every.size > limit:
            # Pruning with a floor rising by one until the bound holds stops at the first
            # floor above the (limit + 1)-th largest count: jump there at once.
            cut = every.size - limit - 1
            floor = max(self._min_reduce, int(np.partition(every, cut)[cut]) + 1)
            self._prune(keys, counts, floor)

    def _prune(self, keys: Int64s, counts: Int64s, floor: int) -> None:
        """Drop every entry seen fewer than ``floor`` times; renumber the words."""
        self._min_reduce = floor + 1
        self._pruned = True
        size = len(self._index)
        alive = self._unigrams[:size] >= floor
        alive[: self._connectors] = True
        new_id = np.cumsum(alive, dtype=np.int64) - 1
        new_id[~alive] = -1
        kept = counts >= floor
        first, last = new_id[keys[kept] >> _SHIFT], new_id[keys[kept] & _LOW]
        valid = (first >= 0) & (last >= 0)  # a candidate is never more frequent than its words
        # Renumbering keeps the order of the surviving ids, so the keys stay sorted.
        self._runs = [((first[valid] << _SHIFT) | last[valid], counts[kept][valid])]
        remap = new_id.tolist()
        bridged: dict[tuple[int, ...], int] = {}
        for key, count in self._bridged.items():
            if count >= floor and remap[key[0]] >= 0 and remap[key[-1]] >= 0:
                renumbered = (remap[key[0]], *key[1:-1], remap[key[-1]])
                bridged[renumbered] = count
        self._bridged = bridged
        survivors = np.flatnonzero(alive)
        self._unigrams = self._unigrams[survivors].copy()
        words = list(self._index)
        index: defaultdict[str, int] = defaultdict(itertools.count(len(survivors)).__next__)
        index.update(zip((words[i] for i in survivors.tolist()), itertools.count()))
        self._index = index


def _merge(older: _Run, newer: _Run) -> _Run:
    """Sum two runs into one (a stable sort of two sorted runs is a linear merge)."""
    keys = np.concatenate([older[0], newer[0]])
    counts = np.concatenate([older[1], newer[1]])
    if not keys.size:
        return keys, counts
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    return keys[starts], np.add.reduceat(counts, starts)


def blocks(sentences: Iterable[list[str]], size: int = BLOCK_TOKENS) -> Iterator[list[list[str]]]:
    """Group sentences into blocks of about ``size`` tokens (whole sentences)."""
    block: list[list[str]] = []
    held = 0
    for sentence in sentences:
        block.append(sentence)
        held += len(sentence)
        if held >= size:
            yield block
            block, held = [], 0
    if block:
        yield block
