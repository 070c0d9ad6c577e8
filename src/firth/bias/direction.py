"""Bias directions from defining pairs, projections on them, and direct bias.

A bias direction (Bolukbasi et al., 2016) is a unit vector that separates the two sides
of defining pairs such as ``("he", "she")`` or ``("man", "woman")``. Every word enters
through its unit vector, projections are cosines, and the direction points from the
second word of each pair to the first: ``"he"`` projects positively on the direction of
``[("he", "she")]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

from firth.bias._checks import check_pairs, check_word_set
from firth.errors import ConfigError
from firth.queries._checks import as_vector, check_choice, check_positive_float

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

__all__ = [
    "BiasDirection",
    "DirectionLike",
    "DirectionMethod",
    "bias_direction",
    "direct_bias",
    "project_words",
]

DirectionMethod = Literal["pca", "difference"]
_METHODS = ("pca", "difference")
#: How many leading principal components of the defining set are reported.
_COMPONENTS = 10


@dataclass(frozen=True, eq=False)
class BiasDirection:
    """A unit bias direction and how it was found (see :func:`bias_direction`).

    Attributes
    ----------
    vector
        The direction: a read-only float32 unit vector of length ``dim``, oriented from
        the second word of each pair towards the first.
    method
        ``"pca"`` or ``"difference"``.
    pairs
        The defining pairs.
    variance_ratio
        Share of the variance of the centred pair members (each word minus its pair's
        mean) that lies along ``vector``: near 1 when the pairs differ along one
        direction only. For ``"pca"`` it equals ``components_variance_ratio[0]``.
    components_variance_ratio
        Variance ratios of the leading principal components (at most 10) of the centred
        pair members, largest first: Bolukbasi et al.'s check that one component
        dominates.
    """

    vector: npt.NDArray[np.float32]
    method: DirectionMethod
    pairs: tuple[tuple[str, str], ...]
    variance_ratio: float
    components_variance_ratio: tuple[float, ...]

    @property
    def words(self) -> list[str]:
        """The defining words, in pair order, each once."""
        return list(dict.fromkeys(word for pair in self.pairs for word in pair))

    def to_dict(self, *, vector: bool = True) -> dict[str, Any]:
        """A JSON-ready dictionary; ``vector=False`` leaves out the direction's values."""
        result: dict[str, Any] = {
            "method": self.method,
            "pairs": [list(pair) for pair in self.pairs],
            "variance_ratio": self.variance_ratio,
            "components_variance_ratio": list(self.components_variance_ratio),
        }
        if vector:
            result["vector"] = [float(x) for x in self.vector]
        return result


#: A bias direction, or any non-zero vector of length ``dim`` used as one.
DirectionLike: TypeAlias = "BiasDirection | npt.ArrayLike"


def bias_direction(
    emb: Embeddings,
    pairs: Sequence[tuple[str, str]],
    *,
    method: DirectionMethod = "pca",
) -> BiasDirection:
    """The bias direction defined by word pairs, e.g. ``[("he", "she"), ("man", "woman")]``.

    With ``method="pca"`` (Bolukbasi et al., 2016) each pair's mean is subtracted from
    its two unit vectors and the direction is the first principal component of these
    centred vectors. With ``"difference"`` it is the mean of the pairs' normalised
    differences ``(u_a - u_b) / |u_a - u_b|``, scaled to length 1. A single pair gives
    the direction of ``u_a - u_b`` with both methods. Either way the result points from
    the second word of the pairs towards the first (on average over the pairs).

    Parameters
    ----------
    emb
        The embeddings.
    pairs
        One or more ``(a, b)`` pairs of different known words.
    method
        ``"pca"`` or ``"difference"``.

    Returns
    -------
    BiasDirection

    Raises
    ------
    UnknownWordError
        If words of the pairs are unknown (every one is listed).
    ConfigError
        If ``pairs`` is empty or malformed, ``method`` is unknown, or the pairs define
        no direction (each pair's words have the same vector, or the differences cancel).

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["he", "she", "man", "woman"]),
    ...                  [[1.0, 1.0], [1.0, -1.0], [2.0, 1.9], [2.0, -2.1]])
    >>> direction = bias_direction(emb, [("he", "she"), ("man", "woman")])
    >>> [round(float(x), 3) for x in direction.vector], round(direction.variance_ratio, 3)
    ([0.012, 1.0], 1.0)
    """
    method = check_choice("method", method, _METHODS)  # type: ignore[assignment]
    rows = check_pairs(pairs)
    indices = np.array(emb._indices([w for pair in rows for w in pair]), dtype=np.intp)
    unit = emb.unit_vectors[indices].astype(np.float64).reshape(len(rows), 2, emb.dim)
    first, second = unit[:, 0], unit[:, 1]
    half = (first - second) / 2
    centred = np.concatenate([half, -half])  # each member minus its pair's mean
    total = float(np.einsum("ij,ij->", centred, centred))
    if total == 0:
        raise ConfigError(
            f"the pairs define no direction: the two words of every pair have the same "
            f"direction; got pairs={rows!r}."
        )
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    ratios = tuple(float(x) for x in (singular[:_COMPONENTS] ** 2) / total)
    if method == "pca":
        vector = vt[0]
    else:
        lengths = np.linalg.norm(half, axis=1, keepdims=True)
        steps = np.divide(half, lengths, out=np.zeros_like(half), where=lengths > 0)
        vector = steps.mean(axis=0)
        length = float(np.linalg.norm(vector))
        if length < 1e-12:
            raise ConfigError(
                f"the pairs' differences cancel out (their mean is zero), so they define no "
                f"direction; check the order of the words in each pair; got pairs={rows!r}."
            )
        vector = vector / length
    if float((half @ vector).sum()) < 0:
        vector = -vector
    along = half @ vector
    variance_ratio = float(2 * np.dot(along, along) / total)
    result = vector.astype(np.float32)
    result /= np.float32(np.linalg.norm(result))
    result.flags.writeable = False
    return BiasDirection(
        vector=result,
        method="pca" if method == "pca" else "difference",
        pairs=tuple(rows),
        variance_ratio=min(variance_ratio, 1.0),
        components_variance_ratio=ratios,
    )


def unit_direction(emb: Embeddings, direction: DirectionLike) -> npt.NDArray[np.float64]:
    """``direction`` (a :class:`BiasDirection` or a vector) as a float64 unit vector."""
    if isinstance(direction, BiasDirection):
        vector = direction.vector
        if vector.shape != (emb.dim,):
            raise ConfigError(
                f"direction has length {vector.shape[0]} but the embeddings have dim "
                f"{emb.dim}; build it from these embeddings with bias_direction(emb, pairs)."
            )
    elif isinstance(direction, str):
        raise TypeError(
            f"direction must be a BiasDirection or a vector, not a word; got {direction!r} "
            f"(use bias_direction(emb, [({direction!r}, ...)]))."
        )
    else:
        vector = as_vector(direction, emb.dim, "direction")
    result = np.asarray(vector, dtype=np.float64)
    length = float(np.linalg.norm(result))
    if length == 0:
        raise ConfigError("direction has length 0, so it has no direction.")
    unit: npt.NDArray[np.float64] = result / length
    return unit


def defining_words(direction: DirectionLike) -> list[str]:
    """The defining words of a :class:`BiasDirection`; none for a plain vector."""
    return direction.words if isinstance(direction, BiasDirection) else []


def _projections(
    emb: Embeddings, words: list[str], direction: DirectionLike
) -> npt.NDArray[np.float64]:
    vector = unit_direction(emb, direction)
    indices = np.array(emb._indices(words), dtype=np.intp)
    result: npt.NDArray[np.float64] = emb.unit_vectors[indices].astype(np.float64) @ vector
    return result


def project_words(
    emb: Embeddings, words: Sequence[str], direction: DirectionLike
) -> list[tuple[str, float]]:
    """Each word's projection on a direction (a cosine), largest first.

    The projection of a word is ``cos(v_word, direction)``: positive on the side of the
    first words of the defining pairs (``"he"`` for ``[("he", "she")]``), negative on
    the other, 0 for a word the direction does not separate.

    Parameters
    ----------
    emb
        The embeddings.
    words
        Distinct known words.
    direction
        A :class:`BiasDirection` of these embeddings, or any non-zero vector of length
        ``dim``.

    Returns
    -------
    list of (str, float)
        ``(word, projection)`` sorted by decreasing projection (ties: input order).

    Raises
    ------
    UnknownWordError
        If words are unknown (every one is listed).
    ConfigError
        If ``words`` repeats a word, or ``direction`` is zero or of the wrong length.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["he", "she", "nurse", "table"]),
    ...                  [[1.0, 1.0], [1.0, -1.0], [1.0, -0.5], [1.0, 0.0]])
    >>> direction = bias_direction(emb, [("he", "she")])
    >>> [(w, round(p, 3)) for w, p in project_words(emb, ["nurse", "table"], direction)]
    [('table', 0.0), ('nurse', -0.447)]
    """
    items = check_word_set(words, "words", allow_empty=True)
    if not items:
        return []
    values = _projections(emb, items, direction)
    order = np.argsort(-values, kind="stable")
    return [(items[i], float(values[i])) for i in order]


def direct_bias(
    emb: Embeddings, words: Sequence[str], direction: DirectionLike, *, c: float = 1.0
) -> float:
    """Bolukbasi et al.'s DirectBias: the mean of ``|cos(w, direction)| ** c`` over words.

    0 when no word of ``words`` (meant to be gender-neutral: occupations, adjectives …)
    leans to either side; ``c`` sets how strictly small projections count (a large ``c``
    counts only strong leanings).

    Parameters
    ----------
    emb
        The embeddings.
    words
        One or more distinct known words.
    direction
        A :class:`BiasDirection` of these embeddings, or any non-zero vector of length
        ``dim``.
    c
        Strictness, a number > 0 (Bolukbasi et al. use 1).

    Returns
    -------
    float
        A value in ``[0, 1]``.

    Raises
    ------
    UnknownWordError
        If words are unknown (every one is listed).
    ConfigError
        If ``words`` is empty or repeats a word, ``c`` is not > 0, or ``direction`` is
        zero or of the wrong length.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["he", "she", "nurse", "table"]),
    ...                  [[1.0, 1.0], [1.0, -1.0], [1.0, -1.0], [1.0, 0.0]])
    >>> direction = bias_direction(emb, [("he", "she")])
    >>> round(direct_bias(emb, ["nurse", "table"], direction), 4)
    0.3536
    """
    items = check_word_set(words, "words")
    strictness = check_positive_float("c", c)
    values = np.abs(_projections(emb, items, direction))
    return float(np.mean(values**strictness))
