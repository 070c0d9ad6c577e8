"""CBOW over one job (a range of sentences): the context mean (or sum) predicts the centre.

As in word2vec.c and gensim, the error with respect to the combined context vector is
added whole to every context word, for the mean as for the sum.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from firth._kernels.prefetch import prefetch_centre
from firth._kernels.steps import (
    draw_sentence,
    hs_step,
    learning_rate,
    merge_top,
    ns_step,
    private_top,
    subsample,
)


@njit(nogil=True, fastmath=True, cache=True)
def cbow_job(
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
    mean: bool,
) -> tuple[int, float, int]:
    """Train sentences ``s_begin..s_end-1``; returns (effective words, loss, predictions)."""
    dim = syn0.shape[1]
    neu1 = np.empty(dim, dtype=np.float32)
    neu1e = np.empty(dim, dtype=np.float32)
    sentence = np.empty(max_sentence, dtype=np.int32)
    scores = np.empty(max(codes.shape[1], negative + 1), dtype=np.float32)
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
            lo = max(0, i - window + reduced[i])
            hi = min(n, i + window - reduced[i] + 1)
            if hi - lo <= 1:
                continue
            neu1[:] = 0.0
            for j in range(lo, hi):
                if j != i:
                    row = syn0[sentence[j]]
                    for k in range(dim):
                        neu1[k] += row[k]
            if mean:
                scale = np.float32(1.0) / np.float32(hi - lo - 1)
                for k in range(dim):
                    neu1[k] *= scale
            neu1e[:] = 0.0
            if use_hs:
                part, made = hs_step(
                    neu1, word, syn1, top, hot, codes, points, code_lens, alpha, neu1e, scores,
                    compute_loss,
                )  # fmt: skip
                loss += part
                predictions += made
            if use_ns:
                part, made = ns_step(
                    neu1, word, noise[i], n_noise[i], syn1neg, nce, log_kq, alpha, neu1e, scores,
                    compute_loss,
                )  # fmt: skip
                loss += part
                predictions += made
            for j in range(lo, hi):
                if j != i:
                    row = syn0[sentence[j]]
                    for k in range(dim):
                        row[k] += neu1e[k]
        start = end
    merge_top(syn1, top, base, hot)
    return effective, loss, predictions
