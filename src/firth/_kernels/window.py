"""Skip-gram a whole window at a time: shared noise words and small dense products.

The per-pair kernel (:mod:`firth._kernels.skipgram`) trains every (context, centre) pair
on its own, with its own noise words, so it loads about ``2 * window * (negative + 1)``
scattered rows of the output layer per centre word: it waits on memory. Here every
context word of a centre shares one set of noise words (Ji et al. 2016, "Parallelizing
Word2Vec in Shared and Distributed Memory"; Intel's pWord2Vec). With the ``B`` context
vectors gathered into a ``B x dim`` block and the ``T`` output rows (the centre and its
noise words, or the inner nodes of its Huffman path) visited once each, the step is the
pair of small products ``G = f(inputs . outputs^T)``, ``d_inputs = G . outputs`` and
``d_outputs = G^T . inputs``, with every row loaded and stored once.

What changes against word2vec.c: the noise words are drawn once per centre word rather
than once per pair (so there are fewer distinct noise samples), and all the pairs of a
window are computed from the same snapshot of the rows before any of them is updated.
Hierarchical softmax has no sampling, so for it only the second point applies.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from firth._kernels.prefetch import prefetch_centre
from firth._kernels.steps import (
    MAX_EXP,
    ONE,
    ZERO,
    draw_sentence,
    learning_rate,
    merge_top,
    private_top,
    sigmoid,
    softplus,
    subsample,
)


@njit(nogil=True, fastmath=True, cache=True)
def window_step(
    inputs: np.ndarray,
    count: int,
    layer: np.ndarray,
    top: np.ndarray,
    hot: int,
    targets: np.ndarray,
    labels: np.ndarray,
    n_targets: int,
    alpha: float,
    hierarchical: bool,
    nce: bool,
    log_kq: np.ndarray,
    d_inputs: np.ndarray,
    g: np.ndarray,
    d_out: np.ndarray,
    row: np.ndarray,
    compute_loss: bool,
) -> float:
    """Train ``inputs[:count]`` against the rows ``targets[:n_targets]`` of ``layer``.

    ``labels[t]`` is 1 for the word to predict (or an inner node to go left at) and 0 for
    a noise word. Target ``v >= hot`` is row ``v - hot`` of ``top`` (a thread's private
    rows, see :func:`~firth._kernels.steps.private_top`), the others rows of ``layer``;
    each is read into the scratch ``row`` (a chosen array would cost reference counting
    shared between the threads). The input errors are added to ``d_inputs``; the output
    rows are updated in place, each once. Saturated scores (beyond +-``MAX_EXP``) give
    word2vec.c's gradient: the full error for negative sampling, none for hierarchical
    softmax. With ``nce``, the logit of target ``t`` is shifted by ``-log_kq[t]``
    (noise-contrastive estimation, see :func:`~firth._kernels.steps.ns_step`).
    Returns the loss.
    """
    dim = inputs.shape[1]
    loss = 0.0
    for t in range(n_targets):
        target = targets[t]
        if target >= hot:
            for k in range(dim):
                row[k] = top[target - hot, k]
        else:
            for k in range(dim):
                row[k] = layer[target, k]
        label = labels[t]
        shift = log_kq[target] if nce else ZERO
        likelihood = 1.0
        for b in range(count):
            f = -shift
            for k in range(dim):
                f += inputs[b, k] * row[k]
            if f > MAX_EXP or f < -MAX_EXP:
                if hierarchical:
                    g[b] = ZERO
                elif f > MAX_EXP:
                    g[b] = (label - ONE) * alpha
                else:
                    g[b] = label * alpha
                if compute_loss:
                    loss += softplus(-f) if label == ONE else softplus(f)
            else:
                p = sigmoid(f)
                g[b] = (label - p) * alpha
                if compute_loss:
                    likelihood *= p if label == ONE else ONE - p
        if compute_loss:
            loss -= math.log(likelihood)
        d_out[:] = ZERO
        for b in range(count):
            gb = g[b]
            for k in range(dim):
                d_inputs[b, k] += gb * row[k]
                d_out[k] += gb * inputs[b, k]
        if target >= hot:
            for k in range(dim):
                top[target - hot, k] += d_out[k]
        else:
            for k in range(dim):
                layer[target, k] += d_out[k]
    return loss


@njit(nogil=True, fastmath=True, cache=True)
def skipgram_window_job(
    ids: np.ndarray,
    sentence_ends: np.ndarray,
    s_begin: int,
    s_end: int,
    syn0: np.ndarray,
    syn1neg: np.ndarray,
    syn1: np.ndarray,
    keep: np.ndarray,
    cum: np.ndarray,
    buckets: np.ndarray,
    log_kq: np.ndarray,
    codes: np.ndarray,
    points: np.ndarray,
    code_lens: np.ndarray,
    n_hot: int,
    hot_sync: int,
    use_ns: bool,
    use_hs: bool,
    nce: bool,
    negative: int,
    window: int,
    shrink: bool,
    alpha0: float,
    min_alpha: float,
    epoch_offset: int,
    total_positions: int,
    seed: np.uint64,
    compute_loss: bool,
    max_sentence: int,
) -> tuple[int, float, int]:
    """Train sentences ``s_begin..s_end-1``; returns (effective words, loss, predictions).

    The same arguments as :func:`firth._kernels.skipgram.skipgram_job`.
    """
    dim = syn0.shape[1]
    width = 2 * window
    inputs = np.empty((width, dim), dtype=np.float32)
    d_inputs = np.empty((width, dim), dtype=np.float32)
    context = np.empty(width, dtype=np.int64)
    g = np.empty(width, dtype=np.float32)
    d_out = np.empty(dim, dtype=np.float32)
    scratch = np.empty(dim, dtype=np.float32)
    most = max(negative + 1, codes.shape[1])
    targets = np.empty(most, dtype=np.int64)
    labels = np.empty(most, dtype=np.float32)
    sentence = np.empty(max_sentence, dtype=np.int32)
    reduced = np.empty(max_sentence, dtype=np.int64)
    noise = np.empty((max_sentence, max(negative, 1)), dtype=np.int64)
    n_noise = np.empty(max_sentence, dtype=np.int64)
    top, base, hot = private_top(syn1, n_hot if use_hs else 0)
    since = 0  # centre words since the private top rows were merged
    state = seed
    effective = 0
    loss = 0.0
    predictions = 0
    start = 0 if s_begin == 0 else sentence_ends[s_begin - 1]
    for s in range(s_begin, s_end):
        end = sentence_ends[s]
        alpha = learning_rate(epoch_offset + start, total_positions, alpha0, min_alpha)
        state, n = subsample(ids, start, end, keep, sentence, state)
        effective += n
        state = draw_sentence(
            sentence, n, shrink, window, negative if use_ns else 0, cum, buckets,
            reduced, noise, n_noise, state,
        )  # fmt: skip
        for i in range(n):
            if since == hot_sync:
                merge_top(syn1, top, base, hot)
                since = 0
            since += 1
            prefetch_centre(
                i + 1, sentence, n, window, syn0, syn1neg, noise, n_noise, use_ns,
                syn1, points, code_lens, use_hs,
            )  # fmt: skip
            word = np.int64(sentence[i])
            count = 0
            for j in range(max(0, i - window + reduced[i]), min(n, i + window - reduced[i] + 1)):
                if j != i:
                    context[count] = sentence[j]
                    count += 1
            if count == 0:
                continue
            for b in range(count):
                row = context[b]
                for k in range(dim):
                    inputs[b, k] = syn0[row, k]
                    d_inputs[b, k] = ZERO
            if use_hs:
                length = code_lens[word]
                for t in range(length):
                    targets[t] = points[word, t]
                    labels[t] = ONE - np.float32(codes[word, t])
                loss += window_step(
                    inputs,
                    count,
                    syn1,
                    top,
                    hot,
                    targets,
                    labels,
                    length,
                    alpha,
                    True,
                    False,
                    log_kq,
                    d_inputs,
                    g,
                    d_out,
                    scratch,
                    compute_loss,
                )
                predictions += count * length
            if use_ns:
                targets[0] = word
                labels[0] = ONE
                made = 1 + n_noise[i]
                for t in range(1, made):
                    targets[t] = noise[i, t - 1]
                    labels[t] = ZERO
                loss += window_step(
                    inputs,
                    count,
                    syn1neg,
                    top,
                    syn1neg.shape[0],
                    targets,
                    labels,
                    made,
                    alpha,
                    False,
                    nce,
                    log_kq,
                    d_inputs,
                    g,
                    d_out,
                    scratch,
                    compute_loss,
                )
                predictions += count * made
            for b in range(count):
                row = context[b]
                for k in range(dim):
                    syn0[row, k] += d_inputs[b, k]
        start = end
    merge_top(syn1, top, base, hot)
    return effective, loss, predictions
