"""GloVe (Pennington et al. 2014): AdaGrad over a slice of the non-zero co-occurrences.

One call trains the entries ``order[begin:end]`` of a co-occurrence matrix given as
parallel ``rows``, ``cols`` and ``values`` arrays, updating the word vectors ``w``, the
context vectors ``c``, their biases and the four AdaGrad accumulators in place. Threads
running disjoint slices of one permutation share every array without locks (Hogwild, as
glove.c's threads do).

The update is glove.c's (version 1.2), step for step. For an entry ``x = X[i, j]``::

    diff  = w[i] . c[j] + bw[i] + bc[j] - log(x)
    fdiff = f(x) * diff,       f(x) = 1 if x > x_max else (x / x_max) ** alpha
    cost += 0.5 * fdiff * diff
    g     = learning_rate * fdiff
    w[i] -= g * c[j] / sqrt(gw[i]);   gw[i] += (g * c[j]) ** 2     (old c[j], old gw[i])
    c[j] -= g * w[i] / sqrt(gc[j]);   gc[j] += (g * w[i]) ** 2     (old w[i], old gc[j])
    bw[i] -= g / sqrt(gbw[i]);        gbw[i] += g ** 2   (and likewise bc[j], gbc[j])

As in glove.c, the accumulators start at 1 and sum the squares of the gradients already
scaled by the learning rate; each step divides by the accumulator from *before* it; an
entry whose ``diff`` is not finite (a zero or negative count) is skipped, and a vector
or bias update that is not finite is dropped. The latest glove.c also clips every
gradient component to +-100; firth does not (as glove.c 1.2 and the paper).

Vectors are float32; the scalar part (``log``, the weight, ``diff``, the cost) is
computed in float64, like glove.c's ``real``. The loops vectorise: fast-math allows
reassociation and approximate reciprocal square roots, but not "no NaN / no infinity",
which would delete the finiteness checks; ``error_model="numpy"`` drops the
division-by-zero test that stops a loop with a division from vectorising (the
accumulators are at least 1, and a non-finite step is dropped anyway).

Training waits on memory: every entry reads four rows scattered over the matrices, and
in shuffled order its own row, column and value are scattered too. The kernel prefetches
the entry ``AHEAD_ENTRIES`` ahead and the four rows of the entry ``AHEAD`` ahead, which
makes it about four times faster on a large vocabulary.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from firth._kernels.prefetch import prefetch_row

#: Entries ahead whose rows are prefetched while the current one trains.
AHEAD = 8
#: Entries ahead whose (row, column, value) are prefetched.
AHEAD_ENTRIES = 32

#: LLVM fast-math flags: every flag of ``fastmath=True`` except ``nnan`` and ``ninf``.
FASTMATH = {"nsz", "arcp", "contract", "afn", "reassoc"}


@njit(nogil=True, fastmath=FASTMATH, error_model="numpy", cache=True)
def adagrad(step: np.ndarray, gradsq: np.ndarray) -> float:
    """Turn the gradients ``step`` into AdaGrad steps in place; returns their sum.

    Each step is divided by the square root of the accumulator from before it, then the
    accumulator adds the squared gradient (glove.c's order).
    """
    total = np.float32(0.0)
    for d in range(step.shape[0]):
        grad = step[d]
        old = gradsq[d]
        gradsq[d] = old + grad * grad
        step[d] = grad / np.sqrt(old)
        total += step[d]
    return total


@njit(nogil=True, fastmath=FASTMATH, error_model="numpy", cache=True)
def glove_slice(
    rows: np.ndarray,
    cols: np.ndarray,
    values: np.ndarray,
    order: np.ndarray,
    begin: int,
    end: int,
    w: np.ndarray,
    c: np.ndarray,
    bw: np.ndarray,
    bc: np.ndarray,
    gw: np.ndarray,
    gc: np.ndarray,
    gbw: np.ndarray,
    gbc: np.ndarray,
    x_max: float,
    alpha: float,
    learning_rate: float,
) -> float:
    """Train entries ``order[begin:end]``; returns their summed ``0.5 * f(x) * diff**2``."""
    dim = w.shape[1]
    update_w = np.empty(dim, dtype=np.float32)
    update_c = np.empty(dim, dtype=np.float32)
    cost = 0.0
    # (n, 1) views of the entries, for prefetch_row
    rows_2d = rows.reshape((rows.shape[0], 1))
    cols_2d = cols.reshape((cols.shape[0], 1))
    values_2d = values.reshape((values.shape[0], 1))
    for e in range(begin, end):
        if e + AHEAD_ENTRIES < end:
            later = order[e + AHEAD_ENTRIES]
            prefetch_row(rows_2d, later)
            prefetch_row(cols_2d, later)
            prefetch_row(values_2d, later)
        if e + AHEAD < end:
            ahead = order[e + AHEAD]
            prefetch_row(w, rows[ahead])
            prefetch_row(gw, rows[ahead])
            prefetch_row(c, cols[ahead])
            prefetch_row(gc, cols[ahead])
        k = order[e]
        i = rows[k]
        j = cols[k]
        x = np.float64(values[k])
        dot = np.float32(0.0)
        for d in range(dim):
            dot += w[i, d] * c[j, d]
        diff = np.float64(dot) + np.float64(bw[i]) + np.float64(bc[j]) - math.log(x)
        fdiff = diff if x > x_max else (x / x_max) ** alpha * diff
        if not (math.isfinite(diff) and math.isfinite(fdiff)):
            continue
        cost += 0.5 * fdiff * diff
        g = np.float32(learning_rate * fdiff)
        # Short loops over few arrays, so that LLVM can check their overlap and vectorise.
        for d in range(dim):
            update_w[d] = g * c[j, d]
            update_c[d] = g * w[i, d]
        sum_w = adagrad(update_w, gw[i])
        sum_c = adagrad(update_c, gc[j])
        if math.isfinite(sum_w) and math.isfinite(sum_c):
            for d in range(dim):
                w[i, d] -= update_w[d]
            for d in range(dim):
                c[j, d] -= update_c[d]
        step = g / np.sqrt(gbw[i])
        if math.isfinite(step):
            bw[i] -= step
        step = g / np.sqrt(gbc[j])
        if math.isfinite(step):
            bc[j] -= step
        gbw[i] += g * g
        gbc[j] += g * g
    return cost
