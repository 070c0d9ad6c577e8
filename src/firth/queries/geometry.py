"""Mean vectors, semantic axes, projections and direction removal (as in Word2viz).

Conventions: every word enters through its unit vector (so frequent words with long
vectors do not dominate), axes are unit vectors, and a projection is a cosine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError
from firth.queries._checks import as_real_array, as_vector, check_words, unit_rows
from firth.queries._store import VectorStore
from firth.queries.expression import WordVector

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

__all__ = ["GeometryQueries", "reject_vector"]

#: Directions shorter than this (relative to the longest) are dropped as dependent.
_RANK_TOLERANCE = 1e-6
# Rows of vectors processed at once by Embeddings.reject.
_REJECT_ROWS = 1 << 14


def query_vector(store: VectorStore, value: object, name: str) -> npt.NDArray[np.float32]:
    """A vector given as an array or a :class:`WordVector` of ``store``, as float32."""
    if isinstance(value, WordVector):
        if value.embeddings is not store:
            raise ConfigError(f"{name} is a WordVector of other embeddings; build it with these.")
        return value.vector
    if isinstance(value, str):
        raise TypeError(
            f"{name} must be a vector, not a word; got {value!r} "
            f"(use emb.axis({value!r}) or emb.w({value!r}))."
        )
    return as_vector(value, store.dim, name)


def unit_query_vector(store: VectorStore, value: object, name: str) -> npt.NDArray[np.float32]:
    """Like :func:`query_vector`, scaled to length 1; a zero vector is refused."""
    vector = query_vector(store, value, name)
    length = float(np.linalg.norm(vector))
    if length == 0:
        raise ConfigError(f"{name} has length 0, so it has no direction.")
    unit: npt.NDArray[np.float32] = vector / np.float32(length)
    return unit


def weighted_mean(
    store: VectorStore,
    words: Sequence[str],
    weights: npt.ArrayLike | None,
    *,
    normalize: bool,
    name: str = "words",
) -> npt.NDArray[np.float32]:
    """``sum(w_i * unit_i) / sum(|w_i|)`` over ``words``, optionally scaled to length 1."""
    words = check_words(words, name)
    if not words:
        raise ConfigError(f"{name} must hold at least one word; got an empty sequence.")
    indices = store._indices(words)
    unit = store.unit_vectors[indices]
    if weights is None:
        mean = unit.mean(axis=0, dtype=np.float64)
    else:
        w = as_real_array(weights, "weights").astype(np.float64)
        if w.shape != (len(words),):
            raise ConfigError(
                f"weights must be a 1-D sequence with one weight per word ({len(words)}); "
                f"got shape {w.shape}."
            )
        total = float(np.abs(w).sum())
        if not np.isfinite(w).all() or total == 0:
            raise ConfigError(f"weights must be finite and not all zero; got {w.tolist()!r}.")
        mean = (w @ unit.astype(np.float64)) / total
    result = mean.astype(np.float32)
    return unit_rows(result) if normalize else result


def _orthonormal_basis(directions: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """An orthonormal basis ``(dim, r)`` of the span of the rows of ``directions``."""
    q, r = np.linalg.qr(directions.T)
    diagonal = np.abs(np.diag(r))
    if diagonal.size == 0 or diagonal.max() == 0:
        raise ConfigError("direction has length 0, so there is nothing to remove.")
    basis: npt.NDArray[np.float64] = q[:, diagonal > _RANK_TOLERANCE * diagonal.max()]
    return basis


def _directions(value: object, dim: int, name: str) -> npt.NDArray[np.float64]:
    array = as_real_array(value, name)
    if array.ndim == 1:
        array = array[None, :]
    if array.ndim != 2 or array.shape[1] != dim or array.shape[0] == 0:
        raise ConfigError(
            f"{name} must be a vector of length {dim} or a 2-D array of such rows; "
            f"got shape {np.asarray(value).shape}."
        )
    if not np.isfinite(array).all():
        raise ConfigError(f"{name} must be finite; got NaN or infinity.")
    return array.astype(np.float64)


def reject_vector(vector: npt.ArrayLike, direction: npt.ArrayLike) -> npt.NDArray[np.floating[Any]]:
    """Remove a direction from vectors: the orthogonal rejection ``v - (v·d̂) d̂``.

    Parameters
    ----------
    vector
        One vector, or an array of vectors along its last axis.
    direction
        The direction to remove (any non-zero length), or a 2-D array whose rows span
        the subspace to remove.

    Returns
    -------
    numpy.ndarray
        A new array of the shape of ``vector`` (float64 for float64 input, else
        float32), orthogonal to every removed direction.

    Raises
    ------
    ConfigError
        If the shapes do not match, a value is not finite, or ``direction`` is zero.

    Examples
    --------
    >>> reject_vector([3.0, 4.0], [1.0, 0.0]).tolist()
    [0.0, 4.0]
    >>> reject_vector([1.0, 2.0, 3.0], [[1.0, 0.0, 0.0], [0.0, 2.0, 0.0]]).tolist()
    [0.0, 0.0, 3.0]
    """
    array = as_real_array(vector, "vector")
    if array.ndim == 0 or not np.isfinite(array).all():
        raise ConfigError(f"vector must be a finite array of vectors; got shape {array.shape}.")
    basis = _orthonormal_basis(_directions(direction, array.shape[-1], "direction"))
    dtype = np.float64 if array.dtype == np.float64 else np.float32
    values = array.astype(np.float64)
    result: npt.NDArray[np.floating[Any]] = (values - (values @ basis) @ basis.T).astype(dtype)
    return result


class GeometryQueries:
    """Mean vectors, axes, projections and direction removal (mixed into ``Embeddings``)."""

    __slots__ = ()

    def mean_vector(
        self: VectorStore,
        words: Sequence[str],
        *,
        weights: npt.ArrayLike | None = None,
        normalize: bool = True,
    ) -> npt.NDArray[np.float32]:
        """The (weighted) mean of the words' unit vectors.

        Computes ``sum(w_i * u_i) / sum(|w_i|)`` where ``u_i`` is the unit vector of
        ``words[i]`` and ``w_i`` its weight (1 by default), as gensim's
        ``get_mean_vector(pre_normalize=True)``.

        Parameters
        ----------
        words
            One or more known words (a word may repeat).
        weights
            One finite weight per word, not all zero; negative weights subtract.
        normalize
            Scale the result to length 1 (a zero result stays zero).

        Returns
        -------
        numpy.ndarray
            A new float32 vector of length ``dim``.

        Raises
        ------
        UnknownWordError
            If words are unknown (all of them are listed).
        ConfigError
            If ``words`` is empty or ``weights`` is malformed.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["x", "y"]), [[2.0, 0.0], [0.0, 5.0]])
        >>> emb.mean_vector(["x", "y"], normalize=False).tolist()
        [0.5, 0.5]
        >>> emb.mean_vector(["x", "y"], weights=[3, 1], normalize=False).tolist()
        [0.75, 0.25]
        """
        return weighted_mean(self, words, weights, normalize=normalize)

    def axis(
        self: VectorStore,
        positive: str | Sequence[str],
        negative: str | Sequence[str] | None = None,
    ) -> npt.NDArray[np.float32]:
        """A semantic axis: the unit vector from the ``negative`` pole to the ``positive``.

        The axis is ``mean(u_p) - mean(u_n)`` over the unit vectors of the words of each
        pole, scaled to length 1; without ``negative`` it is the direction of
        ``mean(u_p)``. For example ``axis("he", "she")`` is a gender direction and
        ``axis(["rich", "wealthy"], ["poor", "impoverished"])`` a wealth axis.

        Parameters
        ----------
        positive
            A word or a sequence of words.
        negative
            A word, a sequence of words, or ``None``.

        Returns
        -------
        numpy.ndarray
            A new float32 vector of length 1.

        Raises
        ------
        UnknownWordError
            If words are unknown (all of them are listed).
        ConfigError
            If a pole is empty or the two poles have the same mean (no direction).

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["he", "she", "king"]), [[1.0, 1.0], [1.0, -1.0], [3, 1]])
        >>> emb.axis("he", "she").tolist()
        [0.0, 1.0]
        """
        poles = [positive] if negative is None else [positive, negative]
        names = ("positive", "negative")
        groups = [
            [pole] if isinstance(pole, str) else check_words(pole, name)
            for pole, name in zip(poles, names, strict=False)
        ]
        self._indices([word for group in groups for word in group])  # report all unknowns
        means = [
            weighted_mean(self, group, None, normalize=False, name=name)
            for group, name in zip(groups, names, strict=False)
        ]
        direction = means[0] - means[1] if len(means) == 2 else means[0]
        if float(np.linalg.norm(direction)) == 0:
            what = "the mean of" if negative is None else "the difference of the means of"
            raise ConfigError(
                f"the axis has length 0 ({what} the poles' unit vectors is zero), so it has "
                f"no direction; got positive={positive!r}, negative={negative!r}."
            )
        return unit_rows(direction)

    def project(
        self: VectorStore, words: Sequence[str], axis: npt.ArrayLike | WordVector
    ) -> npt.NDArray[np.float32]:
        """Scalar projection of each word on an axis: ``cos(v_word, axis)``.

        The projection of a word is ``u · â``, the dot product of its unit vector with
        the unit axis, i.e. the cosine similarity, in ``[-1, 1]`` (0 for a zero vector).

        Parameters
        ----------
        words
            The words to place.
        axis
            Any non-zero vector of length ``dim`` (see :meth:`axis`) or a
            :class:`~firth.queries.WordVector`; only its direction matters.

        Returns
        -------
        numpy.ndarray
            A new float32 array with one value per word.

        Raises
        ------
        UnknownWordError
            If words are unknown (all of them are listed).
        ConfigError
            If ``axis`` has the wrong length, is not finite, or is zero.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["a", "b", "c"]), [[2.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
        >>> [round(float(x), 4) for x in emb.project(["a", "b", "c"], [10.0, 0.0])]
        [1.0, 0.0, 0.7071]
        """
        direction = unit_query_vector(self, axis, "axis")
        indices = self._indices(check_words(words))
        result: npt.NDArray[np.float32] = self.unit_vectors[indices] @ direction
        return result

    def project_plane(
        self: VectorStore,
        words: Sequence[str],
        x_axis: npt.ArrayLike | WordVector,
        y_axis: npt.ArrayLike | WordVector,
    ) -> npt.NDArray[np.float32]:
        """Coordinates of words on two axes (a Word2viz plot): ``(n, 2)`` cosines.

        Column 0 is :meth:`project` on ``x_axis``, column 1 on ``y_axis``. The axes are
        used as given; they need not be orthogonal.

        Returns
        -------
        numpy.ndarray
            A new float32 array of shape ``(len(words), 2)``.

        Raises
        ------
        UnknownWordError, ConfigError
            As :meth:`project`.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["a", "b"]), [[2.0, 0.0], [0.0, 3.0]])
        >>> emb.project_plane(["a", "b"], [1.0, 0.0], [0.0, -1.0]).tolist()
        [[1.0, 0.0], [0.0, -1.0]]
        """
        axes = np.stack(
            [unit_query_vector(self, x_axis, "x_axis"), unit_query_vector(self, y_axis, "y_axis")],
            axis=1,
        )
        indices = self._indices(check_words(words))
        result: npt.NDArray[np.float32] = self.unit_vectors[indices] @ axes
        return result

    def reject(self: VectorStore, direction: npt.ArrayLike | WordVector) -> Embeddings:
        """New embeddings with a direction removed from every vector (orthogonal rejection).

        Each vector ``v`` becomes ``v - (v·d̂) d̂``, so every word's projection on the
        direction becomes 0 while its other components are kept, as in the "neutralise"
        step of bias removal (Bolukbasi et al., 2016). The original vectors (not the unit
        ones) are transformed; the dtype, vocabulary and metadata are kept. These
        embeddings are not changed.

        Parameters
        ----------
        direction
            The direction to remove: a non-zero vector of length ``dim`` (e.g.
            ``emb.axis("he", "she")``), a :class:`~firth.queries.WordVector`, or a 2-D
            array whose rows span a subspace to remove.

        Returns
        -------
        Embeddings
            New embeddings holding a new array (as much memory as these vectors).

        Raises
        ------
        ConfigError
            If ``direction`` has the wrong length, is not finite, or is zero.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["he", "she", "doctor"]), [[1.0, 1.0], [1.0, -1.0], [2, 1]])
        >>> neutral = emb.reject(emb.axis("he", "she"))
        >>> neutral["doctor"].tolist(), emb["doctor"].tolist()
        ([2.0, 0.0], [2.0, 1.0])
        """
        from firth.embeddings import Embeddings

        if isinstance(direction, WordVector):
            direction = query_vector(self, direction, "direction")
        basis = _orthonormal_basis(_directions(direction, self.dim, "direction"))
        source = self.vectors
        compute = np.float64 if source.dtype == np.float64 else np.float32
        basis_c = basis.astype(compute)
        result = np.empty_like(source)
        for start in range(0, len(source), _REJECT_ROWS):
            chunk = source[start : start + _REJECT_ROWS].astype(compute)
            result[start : start + _REJECT_ROWS] = chunk - (chunk @ basis_c) @ basis_c.T
        return Embeddings(self.vocab, result, metadata=self.metadata)
