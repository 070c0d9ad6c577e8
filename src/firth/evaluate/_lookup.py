"""The searchable part of a vocabulary: ``restrict`` and case folding, as gensim does them.

Benchmark words are mapped to *positions*: rows of :attr:`VocabView.unit`, the unit vectors
of the words that questions and answers may use. With ``case_insensitive=True`` words are
compared through ``str.upper()`` (what gensim's ``evaluate_word_analogies`` and
``evaluate_word_pairs`` do) and every spelling of a word maps to the position of its most
frequent spelling, whose vector is used; the other spellings stay in the matrix (they may
be predicted, and then count as that word).
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from firth.embeddings import Embeddings
from firth.errors import ConfigError

__all__ = ["VocabView", "check_restrict"]


def check_restrict(restrict: object) -> int | None:
    """Validate ``restrict``: ``None`` or an integer >= 1."""
    if restrict is None:
        return None
    if isinstance(restrict, (int, np.integer)) and not isinstance(restrict, bool) and restrict >= 1:
        return operator.index(restrict)
    raise ConfigError(f"restrict must be None or an integer >= 1; got {restrict!r}.")


def check_case(case_insensitive: object) -> bool:
    """Validate ``case_insensitive`` (a real bool, never 0/1)."""
    if not isinstance(case_insensitive, bool):
        raise ConfigError(f"case_insensitive must be True or False; got {case_insensitive!r}.")
    return case_insensitive


class VocabView:
    """The ``restrict`` most frequent words of ``emb``, with case folding.

    Frequency order is decreasing count when the vocabulary has counts (ties in vocabulary
    order) and vocabulary order otherwise. firth's vocabularies and word2vec files are
    sorted by frequency, so both are the first ``restrict`` words, as in gensim.
    """

    def __init__(self, emb: Embeddings, restrict: int | None, case_insensitive: bool) -> None:
        if not isinstance(emb, Embeddings):
            raise TypeError(f"expected firth.Embeddings; got {type(emb).__name__}.")
        self.restrict = check_restrict(restrict)
        self.case_insensitive = check_case(case_insensitive)
        vocab = emb.vocab
        n = len(vocab)
        size = n if self.restrict is None else min(self.restrict, n)
        counts = vocab.counts
        unit = emb.unit_vectors
        # ``ranked``: the kept rows in frequency order; ``position``: row -> position.
        self._position: npt.NDArray[np.intp] | None = None
        ranked: npt.NDArray[np.intp]
        if counts is not None and n > 1 and bool(np.any(counts[1:] > counts[:-1])):
            ranked = np.argsort(-counts, kind="stable")[:size].astype(np.intp)
            rows = np.sort(ranked)
            position = np.full(n, -1, dtype=np.intp)
            position[rows] = np.arange(size, dtype=np.intp)
            self._position = position
            self.unit: npt.NDArray[np.float32] = unit[rows]
            ranked_positions = position[ranked]
        else:
            ranked = np.arange(size, dtype=np.intp)
            self.unit = unit[:size]
            ranked_positions = ranked
        self.size = size
        self._vocab = vocab
        self._classes: dict[str, int] = {}
        class_of = np.arange(size, dtype=np.intp)
        if self.case_insensitive:
            words = vocab.words
            classes = self._classes
            for row, pos in zip(ranked.tolist(), ranked_positions.tolist(), strict=True):
                class_of[pos] = classes.setdefault(words[row].upper(), pos)
        #: position -> position of the most frequent spelling (itself when case-sensitive).
        self.class_of = class_of
        self.has_variants = self.case_insensitive and len(self._classes) < size
        if self.has_variants:
            self._members = np.argsort(class_of, kind="stable").astype(np.intp)
            self._member_count = np.bincount(class_of, minlength=size).astype(np.intp)
            self._member_start = np.cumsum(self._member_count) - self._member_count

    def lookup(self, words: Sequence[str]) -> npt.NDArray[np.intp]:
        """The position of each word's (most frequent spelling's) vector, or -1 if unknown."""
        out = np.full(len(words), -1, dtype=np.intp)
        if self.case_insensitive:
            classes = self._classes
            for i, word in enumerate(words):
                out[i] = classes.get(word.upper(), -1)
            return out
        for i, word in enumerate(words):
            row = self._vocab.get_index(word)
            if row < 0:
                continue
            if self._position is not None:
                out[i] = self._position[row]
            elif row < self.size:
                out[i] = row
        return out

    def excluded(
        self, inputs: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """(query, position) pairs to exclude: every spelling of each query's inputs.

        ``inputs`` has shape ``(queries, k)`` and holds positions as :meth:`lookup` gives.
        """
        queries = np.repeat(np.arange(len(inputs), dtype=np.intp), inputs.shape[1])
        flat = inputs.reshape(-1)
        if not self.has_variants:
            return queries, flat
        counts = self._member_count[flat]
        total = int(counts.sum())
        offsets = np.arange(total, dtype=np.intp) - np.repeat(np.cumsum(counts) - counts, counts)
        members = self._members[np.repeat(self._member_start[flat], counts) + offsets]
        return np.repeat(queries, counts), members
