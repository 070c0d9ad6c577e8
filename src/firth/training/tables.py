"""Lookup tables the kernels read: subsampling, noise distribution, Huffman codes."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["BUCKET_SHIFT", "RAND_DOMAIN", "keep_thresholds", "noise_buckets", "noise_table"]

RAND_DOMAIN = 2**31  # kernels draw integers uniformly from [0, RAND_DOMAIN)
BUCKET_SHIFT = 15  # the noise table is indexed by 2**16 buckets of the random domain


def keep_thresholds(counts: npt.NDArray[np.int64], sample: float) -> npt.NDArray[np.int64]:
    """Probability of keeping each word under frequent-word subsampling, scaled to 2**31.

    word2vec.c's formula: with ``t = sample * total``, a word of count ``c`` is kept with
    probability ``(sqrt(c / t) + 1) * t / c`` (capped at 1); ``sample=0`` keeps everything.

    Examples
    --------
    >>> keep = keep_thresholds(np.array([1000, 10, 1]), 1e-2)
    >>> (keep / 2**31).round(3).tolist()
    [0.111, 1.0, 1.0]
    """
    if sample == 0:
        return np.full(counts.shape, RAND_DOMAIN, dtype=np.int64)
    threshold = sample * float(counts.sum())
    c = counts.astype(np.float64)
    probability = (np.sqrt(c / threshold) + 1.0) * threshold / c
    keep: npt.NDArray[np.int64] = np.round(np.minimum(probability, 1.0) * RAND_DOMAIN).astype(
        np.int64
    )
    return keep


def noise_table(counts: npt.NDArray[np.int64], exponent: float) -> npt.NDArray[np.int64]:
    """Cumulative noise distribution ``count**exponent``, scaled so the last entry is 2**31.

    A uniform integer ``r`` in ``[0, 2**31)`` selects the first word whose entry exceeds
    ``r`` (bisection in the kernel): a table of ``V`` entries that fits in cache, instead of
    word2vec.c's 1e8-entry table.

    Examples
    --------
    >>> (noise_table(np.array([3, 1]), 1.0) / 2**31).tolist()
    [0.75, 1.0]
    """
    weights = counts.astype(np.float64) ** exponent
    cumulative = np.cumsum(weights)
    table: npt.NDArray[np.int64] = np.round(cumulative / cumulative[-1] * RAND_DOMAIN).astype(
        np.int64
    )
    table[-1] = RAND_DOMAIN
    return table


def noise_buckets(table: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Index of the noise table: the first word of each of ``2**16`` equal buckets.

    ``buckets[b]`` is the first word whose cumulative entry exceeds ``b << BUCKET_SHIFT``;
    a draw ``r`` then only searches ``buckets[r >> BUCKET_SHIFT] ..`` the next bucket's
    start, which for frequent words is a single candidate.

    Examples
    --------
    >>> buckets = noise_buckets(noise_table(np.array([3, 1]), 1.0))
    >>> buckets[[0, 2**15, -1]].tolist()
    [0, 0, 2]
    """
    edges = np.arange((RAND_DOMAIN >> BUCKET_SHIFT) + 1, dtype=np.int64) << BUCKET_SHIFT
    buckets: npt.NDArray[np.int64] = np.searchsorted(table, edges, side="right").astype(np.int64)
    return buckets
