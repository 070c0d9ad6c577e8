"""The phrase scores, vectorised over arrays of counts.

Both follow gensim's ``original_scorer`` and ``npmi_scorer`` operation by operation (in
float64), so the scores agree with gensim's to the last bit or two: NumPy's ``log`` may
differ from ``math.log`` in the last place.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = ["default_scores", "npmi_scores"]

Floats = npt.NDArray[np.float64]


def default_scores(
    count_a: npt.ArrayLike,
    count_b: npt.ArrayLike,
    count_ab: npt.ArrayLike,
    *,
    min_count: int,
    vocab_size: int,
) -> Floats:
    """word2phrase's score: ``(count_ab - min_count) / (count_a * count_b) * vocab_size``.

    ``vocab_size`` counts distinct unigrams and distinct bigram candidates together (see
    :class:`~firth.config.phrases.PhrasesConfig`). A zero ``count_a * count_b`` scores
    ``-inf`` (never a phrase).

    Examples
    --------
    >>> default_scores([3], [4], [3], min_count=1, vocab_size=12).tolist()
    [2.0]
    """
    a = np.asarray(count_a, dtype=np.float64)
    b = np.asarray(count_b, dtype=np.float64)
    ab = np.asarray(count_ab, dtype=np.int64)
    denominator = a * b  # exact products of exact floats: rounded once, as float(int * int)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = (ab - min_count) / denominator * float(vocab_size)
    scores[denominator == 0] = -np.inf
    return scores


def npmi_scores(
    count_a: npt.ArrayLike,
    count_b: npt.ArrayLike,
    count_ab: npt.ArrayLike,
    *,
    min_count: int,
    corpus_words: int,
) -> Floats:
    """Normalised PMI: ``ln(p_ab / (p_a * p_b)) / -ln(p_ab)``, each ``p = count / corpus_words``.

    Bigrams seen fewer than ``min_count`` times, and degenerate counts, score ``-inf``.

    Examples
    --------
    >>> npmi_scores([2, 5], [2, 5], [2, 1], min_count=2, corpus_words=10).round(6).tolist()
    [1.0, -inf]
    """
    words = float(corpus_words)
    p_a = np.asarray(count_a, dtype=np.float64) / words
    p_b = np.asarray(count_b, dtype=np.float64) / words
    counts = np.asarray(count_ab, dtype=np.int64)
    p_ab = counts / words
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.log(p_ab / (p_a * p_b)) / -np.log(p_ab)
    scores[(counts < min_count) | ~np.isfinite(scores)] = -np.inf
    return scores
