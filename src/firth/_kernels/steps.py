"""One gradient step of each output layer, shared by skip-gram and CBOW.

The input vector ``h`` (a word vector for skip-gram, the context mean or sum for CBOW)
predicts ``word``; the error with respect to ``h`` is accumulated into ``neu1e`` and the
output rows are updated in place, exactly as word2vec.c does (sigmoid arguments beyond
+-``MAX_EXP`` saturate).

Random numbers come from word2vec.c's linear congruential generator; the state is passed
in and returned so that each job owns its stream (reproducible with one thread).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from firth.training.tables import BUCKET_SHIFT

LCG_MUL = np.uint64(25214903917)
LCG_ADD = np.uint64(11)
RAND_SHIFT = np.uint64(33)  # the top 31 bits of the state are the best ones
MAX_EXP = np.float32(6.0)
ONE = np.float32(1.0)
ZERO = np.float32(0.0)


#: Points of the sigmoid table on [-MAX_EXP, MAX_EXP].
SIGMOID_STEPS = 1024
_SIGMOID_SCALE = np.float32(SIGMOID_STEPS / (2.0 * float(MAX_EXP)))
# The logistic function at SIGMOID_STEPS + 1 even points, and a guard entry for f = MAX_EXP.
_GRID = np.linspace(-float(MAX_EXP), float(MAX_EXP), SIGMOID_STEPS + 1)
SIGMOID_TABLE = np.append(1.0 / (1.0 + np.exp(-_GRID)), 1.0 / (1.0 + math.exp(-MAX_EXP)))
SIGMOID_TABLE = SIGMOID_TABLE.astype(np.float32)


@njit(nogil=True, fastmath=True, cache=True)
def sigmoid(f: float) -> float:
    """The logistic function of ``f`` in ``[-MAX_EXP, MAX_EXP]``, from a table.

    Linear interpolation between 1025 points is within 2e-6 of the exact value (word2vec.c
    rounds to the nearest of 1000 points, within 3e-3) and several times faster than
    ``exp``. Out-of-range and NaN arguments are clamped to the table's ends.
    """
    x = (f + MAX_EXP) * _SIGMOID_SCALE
    i = min(max(np.int64(x), 0), SIGMOID_STEPS)
    low = SIGMOID_TABLE[i]
    return low + (x - np.float32(i)) * (SIGMOID_TABLE[i + 1] - low)


@njit(nogil=True, fastmath=True, cache=True)
def next_state(state: np.uint64) -> np.uint64:
    """Advance the generator."""
    return state * LCG_MUL + LCG_ADD


@njit(nogil=True, fastmath=True, cache=True)
def rand31(state: np.uint64) -> int:
    """A uniform integer in ``[0, 2**31)`` read from a state."""
    return np.int64(state >> RAND_SHIFT)


@njit(nogil=True, fastmath=True, cache=True)
def softplus(x: float) -> float:
    """``log(1 + exp(x))`` without overflow (the loss of one logistic prediction)."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


@njit(nogil=True, fastmath=True, cache=True)
def draw_noise(cum: np.ndarray, buckets: np.ndarray, r: int) -> int:
    """The noise word whose cumulative-probability interval holds ``r``.

    ``buckets[b]`` is the first word whose interval ends after ``b << BUCKET_SHIFT``, so
    the answer lies in ``buckets[b] .. buckets[b + 1]``: frequent words are found with no
    search at all and rare ones after a few bisection steps over a short range.
    """
    b = r >> BUCKET_SHIFT
    lo = buckets[b]
    hi = min(buckets[b + 1], cum.shape[0] - 1)
    while lo < hi:
        mid = (lo + hi) >> 1
        if cum[mid] > r:
            hi = mid
        else:
            lo = mid + 1
    return lo


@njit(nogil=True, fastmath=True, cache=True)
def draw_negatives(
    word: int,
    cum: np.ndarray,
    buckets: np.ndarray,
    negative: int,
    out: np.ndarray,
    state: np.uint64,
) -> tuple[np.uint64, int]:
    """Draw ``negative`` noise words into ``out``; a draw of ``word`` itself is dropped.

    The same draws, in the same order, as word2vec.c. Returns the new state and the number
    of noise words kept.
    """
    made = 0
    for _ in range(negative):
        state = next_state(state)
        target = draw_noise(cum, buckets, rand31(state))
        if target != word:
            out[made] = target
            made += 1
    return state, made


@njit(nogil=True, fastmath=True, cache=True)
def draw_sentence(
    sentence: np.ndarray,
    n: int,
    shrink: bool,
    window: int,
    negative: int,
    cum: np.ndarray,
    buckets: np.ndarray,
    reduced: np.ndarray,
    noise: np.ndarray,
    n_noise: np.ndarray,
    state: np.uint64,
) -> np.uint64:
    """Every random choice for the centre words of a sentence, made before training it.

    For each centre word in turn, as the one-centre-at-a-time loop would: its window
    reduction (when ``shrink``), then its noise words (``negative`` of them; pass 0
    without negative sampling). A one-word sentence has no context, so it gets no noise
    words. Drawing ahead lets a kernel prefetch the rows of the next centre word.
    """
    for i in range(n):
        reduced[i] = 0
        if shrink:
            state = next_state(state)
            reduced[i] = rand31(state) % window
        n_noise[i] = 0
        if negative > 0 and n > 1:
            state, n_noise[i] = draw_negatives(
                np.int64(sentence[i]), cum, buckets, negative, noise[i], state
            )
    return state


@njit(nogil=True, fastmath=True, cache=True)
def ns_step(
    h: np.ndarray,
    word: int,
    noise: np.ndarray,
    n_noise: int,
    syn1neg: np.ndarray,
    nce: bool,
    log_kq: np.ndarray,
    alpha: float,
    neu1e: np.ndarray,
    scores: np.ndarray,
    compute_loss: bool,
) -> tuple[float, int]:
    """Negative sampling: ``word`` (label 1), then ``noise[:n_noise]`` (label 0).

    With ``nce``, noise-contrastive estimation instead: the logit of each target ``t`` is
    ``h . out[t] - log_kq[t]``, where ``log_kq[t] = log(k q(t))`` for ``k`` noise words
    drawn from ``q``, so the model learns ``P(data | h, t)`` against the noise
    distribution (Gutmann & Hyvärinen 2010; Mnih & Teh 2012) rather than negative
    sampling's simplification that drops ``log(k q)``.

    The scores are computed first (independent dot products the CPU overlaps), then the
    updates in word2vec.c's order; a noise word drawn twice is scored again after its
    first update, so the result is word2vec.c's. ``scores`` is scratch space for
    ``n_noise + 1`` values. Returns the loss and the number of predictions made.
    """
    dim = h.shape[0]
    for d in range(n_noise + 1):
        target = word if d == 0 else noise[d - 1]
        f = ZERO
        for k in range(dim):
            f += h[k] * syn1neg[target, k]
        scores[d] = f - log_kq[target] if nce else f
    loss = 0.0
    likelihood = 1.0  # product of the predicted probabilities of the right labels
    for d in range(n_noise + 1):
        target = word if d == 0 else noise[d - 1]
        label = ONE if d == 0 else ZERO
        f = scores[d]
        for e in range(1, d):  # word itself is never among the noise words
            if noise[e - 1] == target:  # updated since it was scored
                f = ZERO
                for k in range(dim):
                    f += h[k] * syn1neg[target, k]
                if nce:
                    f -= log_kq[target]
                break
        if f > MAX_EXP:
            g = (label - ONE) * alpha
            if compute_loss:
                loss += softplus(-f) if d == 0 else softplus(f)
        elif f < -MAX_EXP:
            g = label * alpha
            if compute_loss:
                loss += softplus(-f) if d == 0 else softplus(f)
        else:
            p = sigmoid(f)
            g = (label - p) * alpha
            if compute_loss:
                likelihood *= p if d == 0 else ONE - p
        for k in range(dim):
            out = syn1neg[target, k]
            neu1e[k] += g * out
            syn1neg[target, k] = out + g * h[k]
    if compute_loss:
        loss -= math.log(likelihood)
    return loss, n_noise + 1


@njit(nogil=True, fastmath=True, cache=True)
def hs_step(
    h: np.ndarray,
    word: int,
    syn1: np.ndarray,
    top: np.ndarray,
    hot: int,
    codes: np.ndarray,
    points: np.ndarray,
    code_lens: np.ndarray,
    alpha: float,
    neu1e: np.ndarray,
    scores: np.ndarray,
    compute_loss: bool,
) -> tuple[float, int]:
    """Hierarchical softmax: one logistic decision per inner node on the word's path.

    The nodes of a path are distinct rows and ``h`` does not change during the step, so
    all the scores are computed first (independent dot products that the CPU overlaps),
    then the updates: the same result as word2vec.c's node-by-node loop. Node ``v >= hot``
    is row ``v - hot`` of the thread's private ``top`` rows (see :func:`private_top`), the
    others rows of ``syn1``. ``scores`` is scratch space with room for the longest path.
    Returns the loss and the number of predictions made.
    """
    dim = h.shape[0]
    length = code_lens[word]
    # A parent outweighs its children and the tree numbers inner nodes by weight, so node
    # ids fall along a path: its private nodes are a prefix. Two loops over fixed arrays,
    # not one loop choosing an array per node: a chosen array costs reference counting,
    # atomic and shared between the threads.
    split = 0
    while split < length and points[word, split] >= hot:
        split += 1
    for d in range(split):
        node = points[word, d] - hot
        f = ZERO
        for k in range(dim):
            f += h[k] * top[node, k]
        scores[d] = f
    for d in range(split, length):
        node = points[word, d]
        f = ZERO
        for k in range(dim):
            f += h[k] * syn1[node, k]
        scores[d] = f
    loss = 0.0
    likelihood = 1.0
    for d in range(length):
        f = scores[d]
        code = np.float32(codes[word, d])
        # word2vec.c's convention: the target of node d is 1 - code.
        if f <= -MAX_EXP or f >= MAX_EXP:
            if compute_loss:
                loss += softplus(f) if code == ONE else softplus(-f)
            continue
        p = sigmoid(f)
        if compute_loss:
            likelihood *= ONE - p if code == ONE else p
        g = (ONE - code - p) * alpha
        node = points[word, d]
        if d < split:
            node -= hot
            for k in range(dim):
                out = top[node, k]
                neu1e[k] += g * out
                top[node, k] = out + g * h[k]
        else:
            for k in range(dim):
                out = syn1[node, k]
                neu1e[k] += g * out
                syn1[node, k] = out + g * h[k]
    if compute_loss:
        loss -= math.log(likelihood)
    return loss, length


@njit(nogil=True, fastmath=True, cache=True)
def private_top(syn1: np.ndarray, n_hot: int) -> tuple[np.ndarray, np.ndarray, int]:
    """A thread's private copy of the top ``n_hot`` inner nodes of the Huffman tree.

    The tree numbers inner nodes by increasing weight, so the last rows of ``syn1`` are
    the root and the nodes just below it, on the path of nearly every word. With several
    threads, updating them in place makes the threads fight over the same cache lines
    (runs at half speed were measured); each thread updates its own copy instead, and
    :func:`merge_top` adds its changes to the shared rows every few hundred words.
    Returns ``(top, base, hot)``: the copy, the values it started from, and the first
    node it holds. ``n_hot = 0`` gives empty copies (every node is shared).
    """
    hot = syn1.shape[0] - min(n_hot, syn1.shape[0])
    top = syn1[hot:].copy()
    return top, top.copy(), hot


@njit(nogil=True, fastmath=True, cache=True)
def merge_top(syn1: np.ndarray, top: np.ndarray, base: np.ndarray, hot: int) -> None:
    """Add this thread's changes to its private rows (``top - base``) to the shared
    rows, and start again from the shared values (other threads' changes included)."""
    for r in range(top.shape[0]):
        for k in range(top.shape[1]):
            merged = syn1[hot + r, k] + (top[r, k] - base[r, k])
            syn1[hot + r, k] = merged
            top[r, k] = merged
            base[r, k] = merged


@njit(nogil=True, fastmath=True, cache=True)
def subsample(
    ids: np.ndarray,
    start: int,
    end: int,
    keep: np.ndarray,
    out: np.ndarray,
    state: np.uint64,
) -> tuple[np.uint64, int]:
    """Copy ``ids[start:end]`` into ``out``, dropping each word with its subsampling chance.

    ``keep[w]`` is the probability of keeping ``w`` scaled to ``[0, 2**31]``.
    Returns the new state and the number of words kept.
    """
    n = 0
    for i in range(start, end):
        w = ids[i]
        state = next_state(state)
        if rand31(state) < keep[w]:
            out[n] = w
            n += 1
    return state, n


@njit(nogil=True, fastmath=True, cache=True)
def learning_rate(position: int, total: int, alpha0: float, min_alpha: float) -> float:
    """Linear decay from ``alpha0`` to ``min_alpha`` over ``total`` token positions."""
    alpha = alpha0 - (alpha0 - min_alpha) * np.float32(position / total)
    return max(alpha, min_alpha)
