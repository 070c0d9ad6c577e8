"""Renumber encoded ids in place (the last step of encoding a corpus)."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(nogil=True, cache=True)
def remap_range(
    ids: np.ndarray,
    lookup: np.ndarray,
    start: int,
    stop: int,
    written: int,
    ends: np.ndarray,
    first: int,
    new_ends: np.ndarray,
    kept_ends: int,
) -> tuple[int, int, int]:
    """Map ``ids[start:stop]`` through ``lookup`` into ``ids[written:]``, dropping ids
    mapped to -1 (``written <= start``, so nothing unread is overwritten).

    The sentence ends ``ends[first:]`` up to ``stop`` become ends in the kept ids, written
    to ``new_ends[kept_ends:]``; a sentence left empty gets none. Returns the new
    ``(written, first, kept_ends)``. No temporary array: the ids may be a mapped file far
    larger than memory.
    """
    e = first
    for i in range(start, stop):
        word = lookup[ids[i]]
        if word >= 0:
            ids[written] = word
            written += 1
        while e < ends.shape[0] and ends[e] == i + 1:
            if written > (new_ends[kept_ends - 1] if kept_ends > 0 else 0):
                new_ends[kept_ends] = written
                kept_ends += 1
            e += 1
    return written, e, kept_ends
