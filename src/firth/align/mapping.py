"""Normalisation of the two spaces and the linear maps between them.

Both solvers take ``X`` (one source row per dictionary pair) and ``Y`` (the matching
target rows) and return ``W`` of shape ``(dim_src, dim_tgt)`` with ``X @ W ≈ Y``:

* ``"procrustes"``: ``W = U Vᵀ`` from the thin SVD ``Xᵀ Y = U Σ Vᵀ``, the orthogonal
  matrix closest to mapping ``X`` onto ``Y`` (Schönemann 1966; Xing et al. 2015;
  Conneau et al. 2018). With unequal dimensions it is the *semi-orthogonal* solution of
  the same problem: orthonormal columns (``WᵀW = I``) when ``dim_src >= dim_tgt``,
  orthonormal rows (``WWᵀ = I``, so norms and cosines are kept) when
  ``dim_src <= dim_tgt``.
* ``"lstsq"``: the minimum-norm least-squares solution of ``X W = Y`` (Mikolov, Le and
  Sutskever 2013, as gensim's ``TranslationMatrix``); unconstrained, so it can shrink
  and skew the space, and it is underdetermined with fewer pairs than dimensions.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

__all__ = ["Method", "Normalization", "normalize_rows", "solve", "space_mean"]

Method = Literal["procrustes", "lstsq"]
"""How the map is solved: orthogonal Procrustes or unconstrained least squares."""

Normalization = Literal["none", "unit", "center+unit"]
"""How both spaces are normalised before the map is solved and applied."""

METHODS: tuple[Method, ...] = ("procrustes", "lstsq")
NORMALIZATIONS: tuple[Normalization, ...] = ("none", "unit", "center+unit")

# Rows per chunk when a whole space is scanned (bounded temporary memory).
_CHUNK_VALUES = 1 << 22


def _unit(rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """``rows`` scaled in place to unit length; zero rows stay zero."""
    norms = np.sqrt(np.einsum("ij,ij->i", rows, rows))[:, None]
    np.divide(rows, norms, out=rows, where=norms > 0)
    return rows


def space_mean(unit_vectors: npt.NDArray[np.floating[Any]]) -> npt.NDArray[np.float32]:
    """The mean of a space's unit vectors (float64 accumulation, in chunks), as float32."""
    total = np.zeros(unit_vectors.shape[1], dtype=np.float64)
    step = max(1, _CHUNK_VALUES // max(unit_vectors.shape[1], 1))
    for start in range(0, len(unit_vectors), step):
        total += unit_vectors[start : start + step].sum(axis=0, dtype=np.float64)
    mean: npt.NDArray[np.float32] = (total / max(len(unit_vectors), 1)).astype(np.float32)
    return mean


def normalize_rows(
    rows: npt.ArrayLike,
    normalize: Normalization,
    mean: npt.NDArray[np.float32] | None,
) -> npt.NDArray[np.float32]:
    """Rows normalised as a space is (a new float32 array).

    ``"unit"`` scales each row to length 1; ``"center+unit"`` does that, subtracts the
    space's ``mean`` unit vector and scales to length 1 again (Artetxe et al. 2018);
    ``"none"`` only converts to float32.

    Examples
    --------
    >>> normalize_rows([[3.0, 4.0]], "unit", None).tolist()
    [[0.6000000238418579, 0.800000011920929]]
    >>> normalize_rows([[1.0, 0.0]], "center+unit", np.array([0.5, -0.5], np.float32)).round(3)
    array([[0.707, 0.707]], dtype=float32)
    """
    array = np.array(rows, dtype=np.float32, copy=True, ndmin=2)
    if normalize == "none":
        return array
    _unit(array)
    if normalize == "center+unit":
        if mean is None:
            raise ValueError("center+unit normalisation needs the space's mean unit vector.")
        array -= mean
        _unit(array)
    return array


def solve(
    x: npt.NDArray[np.float32], y: npt.NDArray[np.float32], method: Method
) -> npt.NDArray[np.float32]:
    """``W`` of shape ``(x.shape[1], y.shape[1])`` with ``x @ W ≈ y`` (see the module docs).

    Examples
    --------
    >>> rotation = np.array([[0.0, 1.0], [-1.0, 0.0]], dtype=np.float32)
    >>> x = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=np.float32)
    >>> solve(x, x @ rotation, "procrustes").round(6) + 0.0
    array([[ 0.,  1.],
           [-1.,  0.]], dtype=float32)
    """
    x64 = x.astype(np.float64)
    y64 = y.astype(np.float64)
    if method == "procrustes":
        u, _, vt = np.linalg.svd(x64.T @ y64, full_matrices=False)
        w = u @ vt
    else:
        w = np.linalg.lstsq(x64, y64, rcond=None)[0]
    return np.ascontiguousarray(w, dtype=np.float32)
