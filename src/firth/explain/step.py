"""One real negative-sampling training step on a tiny model, shown number by number.

The arithmetic is that of firth's kernel :func:`firth._kernels.steps.ns_step` (itself
word2vec.c's), in NumPy and float32: every score ``input • output`` is computed first,
then for each output word in turn (the real one, target 1, then the noise words, target
0) ``error = target - sigmoid(score)``, the input's gradient gathers
``alpha * error * output_row`` (the row *before* its update) and the output row moves by
``alpha * error * input``; a noise word drawn twice is scored again after its first
update. Only after every output word does the input vector move by the gathered
gradient. The kernel reads the sigmoid from a table (within 2e-6 of the exact value used
here) and, like word2vec.c, treats scores beyond +-6 as a sigmoid of exactly 1 or 0.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from firth.explain.table import Table

__all__ = ["MAX_SCORE", "Prediction", "initial_vectors", "ns_update", "training_step"]

MAX_SCORE = 6.0
"""Scores beyond +-MAX_SCORE saturate the sigmoid (word2vec.c's ``MAX_EXP``)."""

Prediction = tuple[int, int, float, float, float]
"""One output word of a step: ``(row, target, score, sigmoid, error)``."""

F32 = npt.NDArray[np.float32]


def initial_vectors(vocab_size: int, dim: int, rng: np.random.Generator) -> tuple[F32, F32]:
    """The tiny model's embedding (input) and context (output) matrices.

    Both are uniform in ``[-0.5 / dim, 0.5 / dim)``, the embedding matrix drawn first:
    word2vec.c's (and firth's) initialisation of the input vectors. word2vec.c starts the
    context matrix at zero; here it starts small and random too, or every score of the
    first step would be 0, every sigmoid 0.5, and the input vector would not move at all
    (its gradient is a sum of context rows).

    Examples
    --------
    >>> embedding, context = initial_vectors(3, 4, np.random.default_rng(1))
    >>> embedding.shape, context.dtype, bool(abs(context).max() < 0.125)
    ((3, 4), dtype('float32'), True)
    """
    half, scale = np.float32(0.5), np.float32(dim)
    embedding = (rng.random((vocab_size, dim), dtype=np.float32) - half) / scale
    context = (rng.random((vocab_size, dim), dtype=np.float32) - half) / scale
    return embedding, context


def _sigmoid(score: float) -> float:
    if score > MAX_SCORE:
        return 1.0
    if score < -MAX_SCORE:
        return 0.0
    return 1.0 / (1.0 + math.exp(-score))


def ns_update(
    h: F32, context: F32, word: int, noise: Sequence[int], alpha: float
) -> tuple[list[Prediction], F32]:
    """One negative-sampling step: ``word`` (target 1), then ``noise`` (target 0).

    A NumPy twin of :func:`firth._kernels.steps.ns_step` (without NCE or the loss).
    ``context`` is updated in place; ``h`` is not (add the returned gradient to the input
    rows, as the caller's kernel does).

    Parameters
    ----------
    h
        The input vector: a word's embedding row (skip-gram) or the context mean (CBOW).
    context
        The context (output) matrix.
    word
        The row of the real output word.
    noise
        The rows of the noise words (never ``word``).
    alpha
        The learning rate.

    Returns
    -------
    predictions : list of (row, target, score, sigmoid, error)
        One per output word, in update order.
    neu1e : ndarray
        The change to apply to the input vector(s).

    Examples
    --------
    A 2-dimensional step with one noise word:

    >>> h = np.array([0.5, -1.0], dtype=np.float32)
    >>> context = np.array([[1.0, 0.5], [0.0, -0.5]], dtype=np.float32)
    >>> predictions, neu1e = ns_update(h, context, 0, [1], alpha=1.0)
    >>> [(row, target, score) for row, target, score, _, _ in predictions]
    [(0, 1, 0.0), (1, 0, 0.5)]
    >>> [round(error, 4) for *_, error in predictions]
    [0.5, -0.6225]
    >>> context.astype(float).round(4).tolist()
    [[1.25, 0.0], [-0.3112, 0.1225]]
    >>> neu1e.astype(float).round(4).tolist()
    [0.5, 0.5612]
    """
    targets = [int(word), *(int(t) for t in noise)]
    scores = [float(np.dot(h, context[t])) for t in targets]
    neu1e = np.zeros(h.shape[0], dtype=np.float32)
    predictions: list[Prediction] = []
    for d, target in enumerate(targets):
        score = scores[d]
        if target in targets[1:d]:  # updated since it was scored
            score = float(np.dot(h, context[target]))
        label = 1 if d == 0 else 0
        probability = _sigmoid(score)
        error = label - probability
        g = float(error * alpha)
        row = context[target].copy()
        neu1e += g * row
        context[target] = row + g * h
        predictions.append((target, label, score, probability, error))
    return predictions, neu1e


def training_step(
    inputs: Sequence[str | None],
    output: str,
    noise_ids: Sequence[int],
    *,
    words: Sequence[str],
    row_of: dict[str, int],
    embedding: F32,
    context: F32,
    alpha: float,
    architecture: Literal["skipgram", "cbow"],
) -> tuple[Table, Table]:
    """The step table and the updated-rows table of one sample (matrices updated in place).

    ``inputs`` is the sample's input word (skip-gram) or context words (CBOW, ``None``
    beyond the sentence); the CBOW input vector is the mean of the context rows and the
    whole gradient is added to each context word's row (once per occurrence), as in
    word2vec.c and firth's ``cbow_context="mean"``.
    """
    input_rows = [row_of[w] for w in inputs if w is not None]
    if architecture == "skipgram":
        h = embedding[input_rows[0]].copy()
        what = f"the embedding of {words[input_rows[0]]!r}"
    else:
        h = np.zeros(embedding.shape[1], dtype=np.float32)
        for r in input_rows:
            h += embedding[r]
        h *= np.float32(1.0) / np.float32(len(input_rows))
        what = "the mean of the context words' embeddings"
    embedding_before = {r: embedding[r].copy() for r in input_rows}
    context_before = {t: context[t].copy() for t in [row_of[output], *noise_ids]}
    predictions, neu1e = ns_update(h, context, row_of[output], noise_ids, alpha)
    for r in input_rows:
        embedding[r] += neu1e

    step = Table(
        title=f"Training step on sample 0: {' '.join(w for w in inputs if w)} → {output}",
        columns=("output", "target", "input • output", "sigmoid", "error"),
        rows=tuple(
            (words[row], target, score, probability, error)
            for row, target, score, probability, error in predictions
        ),
        note=f"input = {what}; alpha = {alpha:g}; error = target - sigmoid. Each output "
        "row moves by alpha × "
        "error × input; the input moves by the sum of alpha × error × output row (each row "
        "taken before its own update), after all output words: firth's ns_step.",
    )
    updates = Table(
        title="Rows changed by the step",
        columns=("matrix", "word", "before", "after"),
        rows=(
            *(
                ("embedding", words[r], _vector(before), _vector(embedding[r]))
                for r, before in embedding_before.items()
            ),
            *(
                ("context", words[t], _vector(before), _vector(context[t]))
                for t, before in context_before.items()
            ),
        ),
        note="embedding: the input vectors (word2vec.c's syn0, the vectors firth saves); "
        "context: the output vectors (syn1neg). Both start uniform in [-0.5/dim, 0.5/dim) "
        "from the seed; word2vec.c starts the context matrix at zero, which would make "
        "every first score 0 and leave the input unchanged.",
    )
    return step, updates


def _vector(row: F32) -> tuple[float, ...]:
    return tuple(float(x) for x in row)
