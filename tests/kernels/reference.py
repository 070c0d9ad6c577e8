"""Plain NumPy twins of the Numba kernels: slow, obvious, and drawing the same randoms.

They follow word2vec.c's update order step by step so the tests can compare the kernels
against them on tiny inputs.
"""

from __future__ import annotations

import math

import numpy as np

MASK64 = (1 << 64) - 1
MAX_EXP = 6.0


def next_state(state: int) -> int:
    return (state * 25214903917 + 11) & MASK64


def rand31(state: int) -> int:
    return state >> 33


def softplus(x: float) -> float:
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


def draw_noise(cum: np.ndarray, r: int) -> int:
    return int(np.searchsorted(cum, r, side="right"))


def ns_step(h, word, syn1neg, cum, negative, alpha, neu1e, state, log_kq=None):
    """Negative sampling, or NCE when ``log_kq`` (``log(k q(w))``) shifts the logits."""
    loss, made = 0.0, 0
    for d in range(negative + 1):
        if d == 0:
            target, label = word, 1.0
        else:
            state = next_state(state)
            target = draw_noise(cum, rand31(state))
            if target == word:
                continue
            label = 0.0
        f = float(np.dot(h, syn1neg[target]))
        if log_kq is not None:
            f -= float(log_kq[target])
        made += 1
        loss += softplus(-f) if label == 1.0 else softplus(f)
        if f > MAX_EXP:
            g = (label - 1.0) * alpha
        elif f < -MAX_EXP:
            g = label * alpha
        else:
            g = (label - 1.0 / (1.0 + math.exp(-f))) * alpha
        neu1e += g * syn1neg[target]
        syn1neg[target] += g * h
    return state, loss, made


def hs_step(h, word, syn1, codes, points, code_lens, alpha, neu1e):
    loss = 0.0
    for d in range(code_lens[word]):
        node = points[word, d]
        f = float(np.dot(h, syn1[node]))
        code = float(codes[word, d])
        loss += softplus(f) if code == 1.0 else softplus(-f)
        if f <= -MAX_EXP or f >= MAX_EXP:
            continue
        g = (1.0 - code - 1.0 / (1.0 + math.exp(-f))) * alpha
        neu1e += g * syn1[node]
        syn1[node] += g * h
    return loss, int(code_lens[word])


def window_step(inputs, layer, targets, labels, alpha, hierarchical, d_inputs, log_kq=None):
    """The pairs of a whole window against each output row in turn, as matrix products."""
    loss = 0.0
    for target, label in zip(targets, labels, strict=True):
        out = layer[target].copy()
        f = inputs.astype(np.float64) @ out
        if log_kq is not None:
            f -= float(log_kq[target])
        loss += sum(softplus(-x) if label == 1.0 else softplus(x) for x in f)
        g = (label - 1.0 / (1.0 + np.exp(-f))) * alpha
        saturated = np.abs(f) > MAX_EXP
        if hierarchical:
            g[saturated] = 0.0
        else:
            g[f > MAX_EXP] = (label - 1.0) * alpha
            g[f < -MAX_EXP] = label * alpha
        d_inputs += np.outer(g, out)
        layer[target] += g @ inputs
    return loss


def reference_job(
    architecture,
    ids,
    ends,
    s_begin,
    s_end,
    syn0,
    syn1neg,
    syn1,
    keep,
    cum,
    codes,
    points,
    code_lens,
    use_ns,
    use_hs,
    negative,
    window,
    shrink,
    alpha0,
    min_alpha,
    epoch_offset,
    total,
    seed,
    mean=True,
    log_kq=None,
):
    """Train one job in place; returns (effective words, loss, predictions)."""
    state = seed
    effective, loss, predictions = 0, 0.0, 0
    start = 0 if s_begin == 0 else int(ends[s_begin - 1])
    for s in range(s_begin, s_end):
        end = int(ends[s])
        alpha = max(alpha0 - (alpha0 - min_alpha) * (epoch_offset + start) / total, min_alpha)
        sentence = []
        for i in range(start, end):
            state = next_state(state)
            if rand31(state) < keep[ids[i]]:
                sentence.append(int(ids[i]))
        effective += len(sentence)
        n = len(sentence)
        for i, word in enumerate(sentence):
            reduced = 0
            if shrink:
                state = next_state(state)
                reduced = rand31(state) % window
            context = [
                j
                for j in range(max(0, i - window + reduced), min(n, i + window - reduced + 1))
                if j != i
            ]
            if architecture == "skipgram-window":
                if not context:
                    continue
                rows = [sentence[j] for j in context]
                inputs = syn0[rows].copy()
                d_inputs = np.zeros_like(inputs)
                if use_hs:
                    length = int(code_lens[word])
                    nodes = points[word, :length]
                    labels = 1.0 - codes[word, :length].astype(np.float64)
                    loss += window_step(inputs, syn1, nodes, labels, alpha, True, d_inputs)
                    predictions += len(rows) * length
                if use_ns:
                    targets = [word]
                    for _ in range(negative):
                        state = next_state(state)
                        target = draw_noise(cum, rand31(state))
                        if target != word:
                            targets.append(target)
                    labels = np.array([1.0] + [0.0] * (len(targets) - 1))
                    loss += window_step(
                        inputs, syn1neg, targets, labels, alpha, False, d_inputs, log_kq
                    )
                    predictions += len(rows) * len(targets)
                np.add.at(syn0, rows, d_inputs)
            elif architecture == "skipgram":
                for j in context:
                    h = syn0[sentence[j]]
                    neu1e = np.zeros_like(h)
                    if use_hs:
                        part, made = hs_step(h, word, syn1, codes, points, code_lens, alpha, neu1e)
                        loss, predictions = loss + part, predictions + made
                    if use_ns:
                        state, part, made = ns_step(
                            h, word, syn1neg, cum, negative, alpha, neu1e, state, log_kq
                        )
                        loss, predictions = loss + part, predictions + made
                    h += neu1e
            else:
                if not context:
                    continue
                h = syn0[[sentence[j] for j in context]].sum(axis=0)
                if mean:
                    h /= len(context)
                neu1e = np.zeros_like(h)
                if use_hs:
                    part, made = hs_step(h, word, syn1, codes, points, code_lens, alpha, neu1e)
                    loss, predictions = loss + part, predictions + made
                if use_ns:
                    state, part, made = ns_step(
                        h, word, syn1neg, cum, negative, alpha, neu1e, state, log_kq
                    )
                    loss, predictions = loss + part, predictions + made
                for j in context:
                    syn0[sentence[j]] += neu1e
        start = end
    return effective, loss, predictions
