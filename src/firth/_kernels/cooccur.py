"""Co-occurrence counting: window pairs as int64 keys, sorted and summed into runs.

A pair (word ``w``, context ``c``) at distance ``d`` is the key ``(w * V + c) * D + d - 1``
where ``D`` is the window when the weight depends on the distance and 1 otherwise. A full
buffer of keys is sorted in place and summed into a *run*: distinct pairs ``w * V + c`` in
increasing order with their float32 weights (summed in float64 within a buffer). Runs are
merged two at a time.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from firth._kernels.steps import next_state, rand31, subsample


@njit(nogil=True, cache=True)
def window_keys(
    ids: np.ndarray,
    sentence_ends: np.ndarray,
    s_begin: int,
    s_end: int,
    keep: np.ndarray,
    window: int,
    shrink: bool,
    distances: int,
    state: np.uint64,
    sentence: np.ndarray,
    keys: np.ndarray,
) -> tuple[int, int, np.uint64]:
    """Write the keys of sentences ``s_begin..`` into ``keys`` until it might overflow.

    Words are subsampled first (``keep``, as word2vec), then every kept word pairs with
    the kept words up to ``window`` (or a window drawn from ``1..window`` when ``shrink``)
    positions away on both sides. ``distances`` is ``window`` to encode the distance in
    the key, 1 not to. ``sentence`` is scratch space for the longest sentence.
    Returns the number of keys written, the first sentence not done and the new state.
    """
    vocab_size = keep.shape[0]
    capacity = keys.shape[0]
    n = 0
    start = 0 if s_begin == 0 else sentence_ends[s_begin - 1]
    for s in range(s_begin, s_end):
        end = sentence_ends[s]
        if n + 2 * window * (end - start) > capacity:
            return n, s, state
        state, m = subsample(ids, start, end, keep, sentence, state)
        for i in range(m):
            reach = window
            if shrink:
                state = next_state(state)
                reach = window - rand31(state) % window
            base = np.int64(sentence[i]) * vocab_size
            for j in range(max(0, i - reach), min(m, i + reach + 1)):
                if j == i:
                    continue
                d = i - j if i > j else j - i
                offset = d - 1 if distances > 1 else 0
                keys[n] = (base + sentence[j]) * distances + offset
                n += 1
        start = end
    return n, s_end, state


@njit(nogil=True, cache=True)
def sum_keys(
    keys: np.ndarray, n: int, distances: int, weights: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sort ``keys[:n]`` in place and sum it into a run (pairs, float32 weights).

    ``weights[d - 1]`` is what a co-occurrence at distance ``d`` adds (``weights[0]`` for
    every key when ``distances`` is 1).
    """
    block = keys[:n]
    block.sort()
    m = 0
    for i in range(n):
        if i == 0 or block[i] // distances != block[i - 1] // distances:
            m += 1
    pairs = np.empty(m, dtype=np.int64)
    values = np.empty(m, dtype=np.float32)
    m = -1
    last = np.int64(-1)
    total = 0.0
    for i in range(n):
        key = block[i]
        pair = key // distances
        if pair != last:
            if m >= 0:
                values[m] = total
            m += 1
            pairs[m] = pair
            total = 0.0
            last = pair
        total += weights[key - pair * distances]
    if m >= 0:
        values[m] = total
    return pairs, values


@njit(nogil=True, cache=True)
def merge_runs(
    pairs_a: np.ndarray, values_a: np.ndarray, pairs_b: np.ndarray, values_b: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Merge two runs into one, summing the weights of a pair present in both."""
    na, nb = pairs_a.shape[0], pairs_b.shape[0]
    i = j = m = 0
    while i < na and j < nb:  # count first, to allocate the result exactly
        a, b = pairs_a[i], pairs_b[j]
        i += a <= b
        j += b <= a
        m += 1
    m += (na - i) + (nb - j)
    pairs = np.empty(m, dtype=np.int64)
    values = np.empty(m, dtype=np.float32)
    i = j = m = 0
    while i < na and j < nb:
        a, b = pairs_a[i], pairs_b[j]
        if a < b:
            pairs[m], values[m] = a, values_a[i]
            i += 1
        elif b < a:
            pairs[m], values[m] = b, values_b[j]
            j += 1
        else:
            pairs[m], values[m] = a, values_a[i] + values_b[j]
            i += 1
            j += 1
        m += 1
    while i < na:
        pairs[m], values[m] = pairs_a[i], values_a[i]
        i += 1
        m += 1
    while j < nb:
        pairs[m], values[m] = pairs_b[j], values_b[j]
        j += 1
        m += 1
    return pairs, values


@njit(nogil=True, cache=True)
def split_pairs(
    pairs: np.ndarray, vocab_size: int, indices: np.ndarray, indptr: np.ndarray
) -> None:
    """CSR structure of a run: column ``indices`` and row pointers ``indptr``."""
    indptr[:] = 0
    for i in range(pairs.shape[0]):
        row = pairs[i] // vocab_size
        indices[i] = pairs[i] - row * vocab_size
        indptr[row + 1] += 1
    for r in range(vocab_size):
        indptr[r + 1] += indptr[r]
