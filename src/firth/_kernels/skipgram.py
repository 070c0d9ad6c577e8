"""Skip-gram over one job (a range of sentences): each context word predicts the centre.

As in word2vec.c and gensim, the *context* word's input vector is the one trained to
predict the centre word through the output layer(s).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from firth._kernels.steps import (
    draw_negatives,
    hs_step,
    learning_rate,
    merge_top,
    next_state,
    ns_step,
    private_top,
    rand31,
    subsample,
)


@njit(nogil=True, fastmath=True, cache=True)
def skipgram_job(
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
    """Train sentences ``s_begin..s_end-1``; returns (effective words, loss, predictions)."""
    dim = syn0.shape[1]
    neu1e = np.empty(dim, dtype=np.float32)
    sentence = np.empty(max_sentence, dtype=np.int32)
    scores = np.empty(max(codes.shape[1], negative + 1), dtype=np.float32)
    noise = np.empty(max(negative, 1), dtype=np.int64)
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
        for i in range(n):
            if since == hot_sync:
                merge_top(syn1, top, base, hot)
                since = 0
            since += 1
            word = np.int64(sentence[i])
            reduced = 0
            if shrink:
                state = next_state(state)
                reduced = rand31(state) % window
            lo = max(0, i - window + reduced)
            hi = min(n, i + window - reduced + 1)
            for j in range(lo, hi):
                if j == i:
                    continue
                context = sentence[j]
                h = syn0[context]
                neu1e[:] = 0.0
                if use_hs:
                    part, made = hs_step(
                        h, word, syn1, top, hot, codes, points, code_lens, alpha, neu1e, scores,
                        compute_loss,
                    )  # fmt: skip
                    loss += part
                    predictions += made
                if use_ns:
                    state, n_noise = draw_negatives(word, cum, buckets, negative, noise, state)
                    part, made = ns_step(
                        h, word, noise, n_noise, syn1neg, nce, log_kq, alpha, neu1e, scores,
                        compute_loss,
                    )  # fmt: skip
                    loss += part
                    predictions += made
                for k in range(dim):
                    h[k] += neu1e[k]
        start = end
    merge_top(syn1, top, base, hot)
    return effective, loss, predictions
