"""Huffman tree for hierarchical softmax (word2vec.c's linear-time two-queue build)."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(nogil=True, cache=True)
def huffman_tree(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Codes and inner-node paths of every word, from counts sorted in descending order.

    Returns ``(codes, points, lengths)``: row ``w`` of ``codes`` (int8) holds the binary
    code of word ``w`` from the root down, row ``w`` of ``points`` (int32) the inner nodes
    (``0 .. V-2``, root ``V-2``) on that path, and ``lengths[w]`` how many are used.
    """
    v = counts.shape[0]
    lengths = np.zeros(v, dtype=np.int32)
    if v < 2:
        return np.zeros((v, 1), np.int8), np.zeros((v, 1), np.int32), lengths
    weight = np.empty(2 * v - 1, dtype=np.int64)
    weight[:v] = counts
    weight[v:] = np.iinfo(np.int64).max
    parent = np.zeros(2 * v - 1, dtype=np.int64)
    binary = np.zeros(2 * v - 1, dtype=np.int8)
    leaf = v - 1  # next unused leaf, scanned from the rarest word upward
    inner = v  # next unused inner node (inner nodes are created in increasing weight)
    for a in range(v - 1):
        picks = np.empty(2, dtype=np.int64)
        for p in range(2):
            if leaf >= 0 and weight[leaf] < weight[inner]:
                picks[p] = leaf
                leaf -= 1
            else:
                picks[p] = inner
                inner += 1
        weight[v + a] = weight[picks[0]] + weight[picks[1]]
        parent[picks[0]] = v + a
        parent[picks[1]] = v + a
        binary[picks[1]] = 1
    root = 2 * v - 2
    for w in range(v):
        depth = 0
        node = w
        while node != root:
            depth += 1
            node = parent[node]
        lengths[w] = depth
    width = lengths.max()
    codes = np.zeros((v, width), dtype=np.int8)
    points = np.zeros((v, width), dtype=np.int32)
    for w in range(v):
        depth = lengths[w]
        node = w
        d = depth - 1
        while node != root:
            codes[w, d] = binary[node]
            node = parent[node]
            points[w, d] = node - v
            d -= 1
    return codes, points, lengths
