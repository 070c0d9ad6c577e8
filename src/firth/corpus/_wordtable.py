"""The word table that numbers a corpus's words (the driver of :mod:`firth._kernels.wordtable`).

Words live as UTF-8 bytes in a few arrays, never as one ``str`` object per token, so
encoding a corpus is a compiled loop over its bytes and leaves no scattered Python heap
behind. Strings are made only for the words asked for (:meth:`WordTable.words`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from firth._kernels.wordtable import add_spans, gather, rehash, scan_text
from firth.corpus._passes import MAX_WORDS

__all__ = ["WordTable"]


class WordTable:
    """Distinct words numbered 0, 1, 2 ... in order of first sight.

    Examples
    --------
    >>> table = WordTable()
    >>> ids, breaks = table.scan("the cat\\nthe dog".encode(), grow=True)
    >>> ids.tolist(), breaks.tolist(), len(table)
    ([0, 1, 0, 2], [2], 3)
    >>> table.add(["dog", "bird"], grow=False).tolist(), table.words([2, 1])
    ([2, -1], ['dog', 'cat'])
    """

    def __init__(self, capacity: int = 1 << 15) -> None:
        self._slots = _empty_slots(capacity)
        self._hashes = np.zeros(capacity, dtype=np.uint64)
        self._starts = np.zeros(capacity + 1, dtype=np.int64)
        self._arena = np.zeros(16 * capacity, dtype=np.uint8)
        self._sizes = np.zeros(2, dtype=np.int64)  # words, arena bytes

    @classmethod
    def from_words(cls, words: Sequence[str]) -> WordTable:
        """A table numbering ``words`` (distinct) in their order."""
        table = cls(max(1 << 10, len(words)))
        table.add(list(words), grow=True)
        return table

    def __len__(self) -> int:
        return int(self._sizes[0])

    def scan(
        self, text: bytes, *, grow: bool
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
        """Split valid UTF-8 ``text`` at whitespace (as ``str.split()``) into token ids.

        Returns the ids (-1 for words not in the table unless ``grow``) and, for each
        ``"\\n"``, the number of tokens before it.
        """
        buf = np.frombuffer(text, dtype=np.uint8)
        ids = np.empty(buf.shape[0] // 2 + 1, dtype=np.int32)
        breaks = np.empty(text.count(b"\n"), dtype=np.int64)
        state = np.zeros(3, dtype=np.int64)
        while not scan_text(buf, state, ids, breaks, *self._arrays(), grow):
            self._grow(buf.shape[0])
        return ids[: state[1]], breaks

    def add(self, tokens: list[str], *, grow: bool) -> npt.NDArray[np.int32]:
        """The ids of ``tokens`` (any strings; -1 for words not in the table unless ``grow``)."""
        joined = "".join(tokens)
        if joined.isascii():
            buf = np.frombuffer(joined.encode("ascii"), dtype=np.uint8)
            lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        else:
            encoded = [token.encode("utf-8", "surrogatepass") for token in tokens]
            buf = np.frombuffer(b"".join(encoded), dtype=np.uint8)
            lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(tokens))
        bounds = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.cumsum(lengths, out=bounds[1:])
        ids = np.empty(len(tokens), dtype=np.int32)
        state = np.zeros(1, dtype=np.int64)
        while not add_spans(buf, bounds, state, ids, *self._arrays(), grow):
            self._grow(buf.shape[0])
        return ids

    def packed(
        self, ids: npt.NDArray[np.intp]
    ) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]]:
        """The bytes of words ``ids`` back to back, and their offsets (as ``encode_words``)."""
        data, offsets = gather(self._arena, self._starts, np.asarray(ids, dtype=np.int64))
        return data, offsets

    def words(self, ids: Sequence[int] | npt.NDArray[np.intp]) -> list[str]:
        """Words ``ids`` as strings."""
        data, offsets = self.packed(np.asarray(ids, dtype=np.intp))
        raw = data.tobytes()
        bounds = offsets.tolist()
        return [raw[a:b].decode("utf-8", "surrogatepass") for a, b in itertools.pairwise(bounds)]

    def _arrays(
        self,
    ) -> tuple[
        npt.NDArray[np.int32],
        npt.NDArray[np.uint64],
        npt.NDArray[np.int64],
        npt.NDArray[np.uint8],
        npt.NDArray[np.int64],
    ]:
        return self._slots, self._hashes, self._starts, self._arena, self._sizes

    def _grow(self, incoming: int) -> None:
        """Make room for more words and for ``incoming`` more bytes."""
        count, used = (int(x) for x in self._sizes)
        if count >= self._hashes.shape[0]:
            if count >= MAX_WORDS:
                raise OverflowError(f"more than {MAX_WORDS} distinct words")
            capacity = min(2 * count, MAX_WORDS)
            self._hashes = _resized(self._hashes, capacity)
            self._starts = _resized(self._starts, capacity + 1)
            self._slots = _empty_slots(capacity)
            rehash(self._slots, self._hashes, count)
        if used + incoming > self._arena.shape[0]:
            self._arena = _resized(self._arena, max(2 * self._arena.shape[0], used + incoming))


def _empty_slots(capacity: int) -> npt.NDArray[np.int32]:
    """Empty hash slots for ``capacity`` words: a power of two, at least twice as many."""
    return np.full(1 << (2 * capacity - 1).bit_length(), -1, dtype=np.int32)


Grown = TypeVar("Grown", bound=np.generic)


def _resized(array: npt.NDArray[Grown], size: int) -> npt.NDArray[Grown]:
    grown = np.zeros(size, dtype=array.dtype)
    grown[: array.shape[0]] = array
    return grown
