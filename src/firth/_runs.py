"""Sorted runs of (key, value) pairs, summed as they accumulate: the counting policy.

Co-occurrence counting and phrase counting both turn a stream into sorted runs of
distinct keys with summed values. Runs of similar size are merged as they come (a newer
run at least half the size of the one below it is merged into it), so the stack holds
``O(log n)`` runs and every pair is merged ``O(log n)`` times; at the end the runs are
merged smallest first. The merge itself (Numba, or NumPy) is the caller's.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

__all__ = ["merge_all", "push_run"]

Run = tuple[Any, Any]  # (sorted distinct keys, their values), two arrays of one length
Merge = Callable[[Run, Run], Run]


def push_run(stack: list[Run], run: Run, merge: Merge) -> None:
    """Add ``run`` on top of ``stack``; merge the top two while the newer is at least half
    the older's size."""
    stack.append(run)
    while len(stack) > 1 and 2 * len(stack[-1][0]) >= len(stack[-2][0]):
        newer = stack.pop()
        stack.append(merge(stack.pop(), newer))


def merge_all(runs: list[Run], merge: Merge, empty: Run) -> Run:
    """Merge ``runs`` into one, the two smallest first; ``empty`` when there are none.

    Examples
    --------
    >>> import numpy as np
    >>> def merge(a, b):
    ...     keys, inverse = np.unique(np.concatenate([a[0], b[0]]), return_inverse=True)
    ...     return keys, np.bincount(inverse, np.concatenate([a[1], b[1]]))
    >>> runs = [(np.array([1, 3]), np.array([1.0, 1.0])), (np.array([3]), np.array([2.0]))]
    >>> merge_all(runs, merge, (np.zeros(0), np.zeros(0)))
    (array([1, 3]), array([1., 3.]))
    """
    heap = [(len(run[0]), i, run) for i, run in enumerate(runs)]
    heapq.heapify(heap)
    made = len(heap)
    while len(heap) > 1:
        _, _, a = heapq.heappop(heap)
        _, _, b = heapq.heappop(heap)
        merged = merge(a, b)
        heapq.heappush(heap, (len(merged[0]), made, merged))
        made += 1
    return heap[0][2] if heap else empty
