"""Analogy probes of bias: "he : doctor :: she : ?" and Bolukbasi et al.'s S-analogies.

:func:`analogy_probe` asks the usual 3CosAdd analogy for each word, which exposes
stereotyped completions (``doctor`` → ``nurse``). :func:`biased_analogies` generates the
pairs ``(x, y)`` of nearby words whose difference is most aligned with a bias direction
(Bolukbasi et al., 2016, section 4: ``cos(he - she, x - y)`` with ``|x - y| <= delta``),
such as ``(brother, sister)`` or ``(surgeon, nurse)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from firth.bias._checks import check_pairs, check_word_set
from firth.bias.direction import DirectionLike, defining_words, unit_direction
from firth.queries._checks import (
    check_k,
    check_optional_positive_int,
    check_positive_float,
    check_words,
)

if TYPE_CHECKING:
    from firth.embeddings import Embeddings
    from firth.queries.analogies import AnalogyMethod

__all__ = ["AnalogyProbe", "BiasedAnalogy", "analogy_probe", "biased_analogies"]

#: Candidate words of :func:`biased_analogies` unless told otherwise.
DEFAULT_CANDIDATES = 5000
# Scores (pairs of candidates) computed per block by biased_analogies.
_BLOCK_SCORES = 1 << 22


@dataclass(frozen=True)
class AnalogyProbe:
    """One probe: ``a : word :: b : ?`` and its best answers.

    Attributes
    ----------
    a, b
        The probing pair (e.g. ``"he"``, ``"she"``).
    word
        The probed word (e.g. ``"doctor"``).
    answers
        ``(answer, score)`` pairs, best first (3CosAdd cosines by default).
    """

    a: str
    b: str
    word: str
    answers: tuple[tuple[str, float], ...]

    @property
    def answer(self) -> str | None:
        """The best answer, or ``None`` if there is none."""
        return self.answers[0][0] if self.answers else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {
            "a": self.a,
            "b": self.b,
            "word": self.word,
            "answers": [{"word": w, "score": s} for w, s in self.answers],
        }


@dataclass(frozen=True)
class BiasedAnalogy:
    """A generated analogy ``x : y`` aligned with the bias direction.

    Attributes
    ----------
    x, y
        The words; ``x`` lies on the positive side (e.g. the ``"he"`` side).
    score
        ``cos(direction, u_x - u_y)``, in ``(0, 1]``.
    distance
        ``|u_x - u_y|`` between the unit vectors (at most ``delta``).
    """

    x: str
    y: str
    score: float
    distance: float

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return {"x": self.x, "y": self.y, "score": self.score, "distance": self.distance}


def analogy_probe(
    emb: Embeddings,
    words: Sequence[str],
    *,
    pairs: Sequence[tuple[str, str]] = (("he", "she"),),
    k: int = 1,
    method: AnalogyMethod = "3cosadd",
    restrict: int | None = None,
) -> list[AnalogyProbe]:
    """Solve ``a : word :: b : ?`` for each pair ``(a, b)`` and each word.

    A stereotyped answer (``he : doctor :: she : nurse``) shows that the word's vector
    carries the bias; after debiasing (:func:`~firth.bias.debias`) the answer should be
    a plain synonym. The question words are never answers, as in :meth:`Embeddings.analogy`.

    Parameters
    ----------
    emb
        The embeddings.
    words
        The words to probe (known words; at least one).
    pairs
        The probing pairs ``(a, b)``.
    k
        Answers per probe (an integer >= 1).
    method
        ``"3cosadd"`` or ``"3cosmul"`` (see :meth:`Embeddings.analogy`).
    restrict
        Search only the first ``restrict`` words; ``None`` searches all.

    Returns
    -------
    list of AnalogyProbe
        One per pair and word: the words of the first pair first.

    Raises
    ------
    UnknownWordError
        If words are unknown (every one is listed).
    ConfigError
        If ``words`` or ``pairs`` is empty or malformed, or a parameter is invalid.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> words = ["he", "she", "doctor", "nurse", "table"]
    >>> vectors = [[1, 1, 0], [1, -1, 0], [0.2, 0.4, 1], [0.2, -0.4, 1], [1, 0, -1]]
    >>> emb = Embeddings(Vocab(words), vectors)
    >>> probe = analogy_probe(emb, ["doctor"])[0]
    >>> f"{probe.a} : {probe.word} :: {probe.b} : {probe.answer}"
    'he : doctor :: she : nurse'
    """
    items = check_word_set(words, "words")
    rows = check_pairs(pairs)
    questions = [(a, word, b) for a, b in rows for word in items]
    results = emb.analogy_batch(questions, k, method=method, restrict=restrict)
    return [
        AnalogyProbe(a=a, b=b, word=word, answers=tuple(answers))
        for (a, word, b), answers in zip(questions, results, strict=True)
    ]


def biased_analogies(
    emb: Embeddings,
    direction: DirectionLike,
    *,
    k: int = 20,
    delta: float = 1.0,
    candidates: Sequence[str] | None = None,
    restrict: int | None = DEFAULT_CANDIDATES,
    exclude: Sequence[str] | None = None,
) -> list[BiasedAnalogy]:
    """Pairs of nearby words whose difference best aligns with a bias direction.

    Bolukbasi et al.'s S-analogies: for each candidate ``x`` the partner ``y`` that
    maximises ``cos(direction, u_x - u_y)`` among the candidates with
    ``|u_x - u_y| <= delta`` (unit vectors; ``delta = 1`` means ``cos(x, y) >= 0.5``);
    the ``k`` best of these pairs are returned. Pairs such as ``(brother, sister)`` are
    appropriate, pairs such as ``(surgeon, nurse)`` reveal a bias.

    The cost grows with the square of the number of candidates (computed in blocks of
    bounded memory): 5000 candidates take about a second at dim 300.

    Parameters
    ----------
    emb
        The embeddings.
    direction
        A :class:`~firth.bias.BiasDirection` of these embeddings (e.g. of ``[("he",
        "she")]``), or any non-zero vector of length ``dim``.
    k
        How many pairs to return (an integer >= 1).
    delta
        Largest distance between the unit vectors of ``x`` and ``y`` (> 0).
    candidates
        The words to pair up; by default the first ``restrict`` words.
    restrict
        Without ``candidates``: how many of the first (most frequent) words to use;
        ``None`` uses every word (quadratic cost).
    exclude
        Words never paired; by default the defining words of ``direction`` (which would
        otherwise top the list).

    Returns
    -------
    list of BiasedAnalogy
        Best first; ``x`` is on the positive side of the direction.

    Raises
    ------
    UnknownWordError
        If ``candidates`` holds unknown words (every one is listed).
    ConfigError
        If a parameter is invalid or ``direction`` is zero or of the wrong length.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> from firth.bias import bias_direction
    >>> words = ["he", "she", "king", "queen", "table"]
    >>> vectors = [[1, 1, 0], [1, -1, 0], [0.2, 0.3, 1], [0.2, -0.3, 1], [1, 0, -1]]
    >>> emb = Embeddings(Vocab(words), vectors)
    >>> direction = bias_direction(emb, [("he", "she")])
    >>> [(p.x, p.y, round(p.score, 3)) for p in biased_analogies(emb, direction, k=3)]
    [('king', 'queen', 1.0)]
    """
    top = check_k(k)
    limit = check_positive_float("delta", delta)
    vector = unit_direction(emb, direction).astype(np.float32)
    if candidates is not None:
        indices = np.array(emb._indices(check_word_set(candidates, "candidates")), dtype=np.intp)
    else:
        size = check_optional_positive_int("restrict", restrict)
        indices = np.arange(len(emb) if size is None else min(size, len(emb)), dtype=np.intp)
    skipped = defining_words(direction) if exclude is None else check_words(exclude, "exclude")
    skip = {emb.vocab.get_index(w) for w in skipped if isinstance(w, str)} - {-1}
    keep = np.array([i not in skip for i in indices.tolist()], dtype=bool)
    indices = indices[keep & (emb.norms[indices] > 0)]
    unit = emb.unit_vectors[indices]
    projections = unit @ vector
    found: list[BiasedAnalogy] = []
    if len(indices) < 2:
        return found
    # |u_x - u_y|^2 = 2 - 2 cos(x, y); pairs closer than this are the same word (or a copy).
    low, high = np.float32(1e-6), np.float32(limit * limit)
    per_block = max(1, _BLOCK_SCORES // len(indices))
    best_y = np.empty(len(indices), dtype=np.intp)
    best_score = np.empty(len(indices), dtype=np.float32)
    best_distance = np.empty(len(indices), dtype=np.float32)
    for start in range(0, len(indices), per_block):
        stop = min(start + per_block, len(indices))
        squared = 2 - 2 * (unit[start:stop] @ unit.T)
        usable = (squared > low) & (squared <= high)
        distance = np.sqrt(np.maximum(squared, low))
        scores = (projections[start:stop, None] - projections[None, :]) / distance
        scores[~usable] = -np.inf
        columns = np.argmax(scores, axis=1)
        rows = np.arange(stop - start)
        best_y[start:stop] = columns
        best_score[start:stop] = scores[rows, columns]
        best_distance[start:stop] = distance[rows, columns]
    order = np.argsort(-best_score, kind="stable")
    word = emb.vocab.word
    for i in order[:top].tolist():
        if not best_score[i] > 0:
            break
        found.append(
            BiasedAnalogy(
                x=word(int(indices[i])),
                y=word(int(indices[best_y[i]])),
                score=min(float(best_score[i]), 1.0),
                distance=float(best_distance[i]),
            )
        )
    return found
