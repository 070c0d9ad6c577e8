"""Random walks on a CSR graph: DeepWalk (first order) and node2vec (second order, p, q).

The graph is ``indptr`` / ``indices`` (neighbours sorted within each row) with optional
per-edge weights. A weighted neighbour is drawn in O(1) from per-row alias tables (Walker
1977); an unweighted one uniformly.

node2vec's second-order step from ``cur`` (having come from ``prev``) gives neighbour ``x``
the unnormalised probability ``w(cur, x) * b(x)`` with ``b = 1/p`` for ``x == prev``,
``1`` when ``prev -> x`` is an edge and ``1/q`` otherwise. Instead of normalising over the
neighbours at every step (O(degree)), it samples exactly by rejection against an envelope,
with the return edge as its own region (the "outlier folding" of KnightKing, Yang et al.
2019): with probability ``w(cur, prev) / p / Z`` return, else draw ``x != prev`` from the
first-order weights and accept it with ``b(x) / B``, ``B = max(1, 1/q)``, where
``Z = w(cur, prev) / p + (W - w(cur, prev)) B`` and ``W`` is the total weight of ``cur``.
An accepted ``x`` thus has probability ``w(cur, x) b(x) / Z`` per trial: exactly node2vec's
distribution, at O(log degree) per trial (the edge test is a binary search) and an
acceptance rate of at least ``min(1, 1/q) / max(1, 1/q)``.

Every walk draws from its own stream, a function of ``(seed, walk number)``, so a walk does
not depend on the thread or the batch that generated it.
"""

from __future__ import annotations

import numpy as np
from numba import njit

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 1.0 / 9007199254740992.0  # 2**-53


@njit(nogil=True, cache=True)
def _mix(z: np.uint64) -> np.uint64:
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    return z ^ (z >> np.uint64(31))


@njit(nogil=True, cache=True)
def walk_state(seed: np.uint64, walk: int) -> np.uint64:
    """The initial generator state of walk number ``walk``."""
    return _mix(_mix(seed + _GOLDEN) ^ np.uint64(walk))


@njit(nogil=True, cache=True)
def uniform(state: np.uint64) -> tuple[np.uint64, float]:
    """Advance a splitmix64 generator; returns the new state and a float in ``[0, 1)``."""
    state = np.uint64(state) + _GOLDEN  # a state coming back from Python is a plain int
    return state, float(_mix(state) >> np.uint64(11)) * _TO_UNIT


@njit(nogil=True, cache=True)
def alias_tables(indptr: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-row alias tables: ``(probability, alias)`` for every edge slot (O(edges))."""
    n = len(indptr) - 1
    prob = np.ones(len(weights), dtype=np.float64)
    alias = np.zeros(len(weights), dtype=np.int32)
    small = np.empty(len(weights), dtype=np.int64)
    large = np.empty(len(weights), dtype=np.int64)
    scaled = np.empty(len(weights), dtype=np.float64)
    for node in range(n):
        start, end = indptr[node], indptr[node + 1]
        deg = end - start
        if deg == 0:
            continue
        total = 0.0
        for j in range(start, end):
            total += weights[j]
        ns = 0
        nl = 0
        for j in range(deg):
            scaled[j] = weights[start + j] * deg / total
            alias[start + j] = j
            if scaled[j] < 1.0:
                small[ns] = j
                ns += 1
            else:
                large[nl] = j
                nl += 1
        while ns > 0 and nl > 0:
            ns -= 1
            s = small[ns]
            g = large[nl - 1]
            prob[start + s] = scaled[s]
            alias[start + s] = g
            scaled[g] = scaled[g] + scaled[s] - 1.0
            if scaled[g] < 1.0:
                nl -= 1
                small[ns] = g
                ns += 1
        # What remains is 1 up to rounding.
        for i in range(nl):
            prob[start + large[i]] = 1.0
        for i in range(ns):
            prob[start + small[i]] = 1.0
    return prob, alias


@njit(nogil=True, cache=True)
def draw_neighbour(
    indptr: np.ndarray,
    prob: np.ndarray,
    alias: np.ndarray,
    weighted: bool,
    node: int,
    state: np.uint64,
) -> tuple[np.uint64, int]:
    """An edge slot of ``node`` drawn by weight (alias method) or uniformly."""
    start = indptr[node]
    deg = indptr[node + 1] - start
    state, u = uniform(state)
    j = min(int(u * deg), deg - 1)
    if weighted:
        state, u = uniform(state)
        if u >= prob[start + j]:
            j = alias[start + j]
    return state, start + j


@njit(nogil=True, cache=True)
def edge_slot(indptr: np.ndarray, indices: np.ndarray, a: int, b: int) -> int:
    """The slot of edge ``a -> b`` (binary search in ``a``'s sorted row), or -1."""
    lo = indptr[a]
    hi = indptr[a + 1]
    while lo < hi:
        mid = (lo + hi) >> 1
        if indices[mid] < b:
            lo = mid + 1
        else:
            hi = mid
    if lo < indptr[a + 1] and indices[lo] == b:
        return lo
    return -1


@njit(nogil=True, cache=True)
def node2vec_step(
    indptr: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    wsum: np.ndarray,
    prob: np.ndarray,
    alias: np.ndarray,
    weighted: bool,
    prev: int,
    cur: int,
    inv_p: float,
    inv_q: float,
    state: np.uint64,
) -> tuple[np.uint64, int]:
    """The next node after ``prev -> cur`` under node2vec's biases (exact; see module)."""
    back = edge_slot(indptr, indices, cur, prev)
    w_back = 0.0
    if back >= 0:
        w_back = weights[back] if weighted else 1.0
    rest = wsum[cur] - w_back
    envelope = max(1.0, inv_q)
    returning = w_back * inv_p
    if rest <= 1e-12 * wsum[cur]:  # prev is the only way on
        return state, prev
    while True:
        state, u = uniform(state)
        if u * (returning + rest * envelope) < returning:
            return state, prev
        while True:
            state, slot = draw_neighbour(indptr, prob, alias, weighted, cur, state)
            x = indices[slot]
            if x != prev:
                break
        bias = 1.0 if edge_slot(indptr, indices, prev, x) >= 0 else inv_q
        state, u = uniform(state)
        if u * envelope < bias:
            return state, x


@njit(nogil=True, cache=True)
def one_walk(
    indptr: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    wsum: np.ndarray,
    prob: np.ndarray,
    alias: np.ndarray,
    weighted: bool,
    second_order: bool,
    inv_p: float,
    inv_q: float,
    start: int,
    length: int,
    state: np.uint64,
    out: np.ndarray,
    offset: int,
) -> int:
    """Write a walk of at most ``length`` nodes from ``start`` at ``out[offset:]``.

    Returns its length (shorter at a node without out-edges).
    """
    out[offset] = start
    prev = -1
    cur = start
    n = 1
    while n < length:
        if indptr[cur + 1] == indptr[cur]:
            break
        if second_order and prev >= 0:
            state, nxt = node2vec_step(
                indptr,
                indices,
                weights,
                wsum,
                prob,
                alias,
                weighted,
                prev,
                cur,
                inv_p,
                inv_q,
                state,
            )
        else:
            state, slot = draw_neighbour(indptr, prob, alias, weighted, cur, state)
            nxt = indices[slot]
        out[offset + n] = nxt
        n += 1
        prev = cur
        cur = nxt
    return n


@njit(nogil=True, cache=True)
def walk_batch(
    indptr: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    wsum: np.ndarray,
    prob: np.ndarray,
    alias: np.ndarray,
    weighted: bool,
    second_order: bool,
    inv_p: float,
    inv_q: float,
    starts: np.ndarray,
    walk_begin: int,
    walk_end: int,
    length: int,
    seed: np.uint64,
    remap: np.ndarray,
    out: np.ndarray,
    ends: np.ndarray,
) -> tuple[int, int]:
    """Walks ``walk_begin .. walk_end - 1`` as token ids, one sentence per walk.

    Walk ``w`` starts at ``starts[w]``. Each node is written as ``remap[node]``; nodes
    mapped to -1 are left out. Returns ``(walks written, tokens written)``; ``ends`` gets
    the end offset of each walk written (walks left empty are dropped).
    """
    written = 0
    count = 0
    for w in range(walk_begin, walk_end):
        n = one_walk(
            indptr,
            indices,
            weights,
            wsum,
            prob,
            alias,
            weighted,
            second_order,
            inv_p,
            inv_q,
            starts[w],
            length,
            walk_state(seed, w),
            out,
            written,
        )
        kept = 0
        for i in range(n):
            token = remap[out[written + i]]
            if token >= 0:
                out[written + kept] = token
                kept += 1
        if kept > 0:
            written += kept
            ends[count] = written
            count += 1
    return count, written


@njit(nogil=True, cache=True)
def count_visits(
    indptr: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    wsum: np.ndarray,
    prob: np.ndarray,
    alias: np.ndarray,
    weighted: bool,
    second_order: bool,
    inv_p: float,
    inv_q: float,
    starts: np.ndarray,
    walk_begin: int,
    walk_end: int,
    length: int,
    seed: np.uint64,
    counts: np.ndarray,
) -> int:
    """Add the visits of walks ``walk_begin .. walk_end - 1`` to ``counts``; returns tokens."""
    scratch = np.empty(length, dtype=np.int32)
    tokens = 0
    for w in range(walk_begin, walk_end):
        n = one_walk(
            indptr,
            indices,
            weights,
            wsum,
            prob,
            alias,
            weighted,
            second_order,
            inv_p,
            inv_q,
            starts[w],
            length,
            walk_state(seed, w),
            scratch,
            0,
        )
        for i in range(n):
            counts[scratch[i]] += 1
        tokens += n
    return tokens
