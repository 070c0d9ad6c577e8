"""Truncated SVD of a sparse matrix by a well-kept solver (scipy or scikit-learn)."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from firth.config.counting import SVDSolver
from firth.errors import ConfigError

__all__ = ["scaled_factors", "truncated_svd"]

_Factors = tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]


def truncated_svd(matrix: Any, dim: int, *, solver: SVDSolver, seed: int) -> _Factors:
    """The ``dim`` largest singular triplets ``(U, s, Vt)``, largest first.

    Signs are fixed so that the largest-magnitude entry of each column of ``U`` is
    positive, which makes the result independent of the solver's sign choice.

    Raises
    ------
    ConfigError
        ``dim`` is not below both sides of the matrix, or scikit-learn is missing for
        ``solver="randomized"``.
    """
    rows, cols = matrix.shape
    if dim >= min(rows, cols):
        raise ConfigError(
            f"dim={dim} must be smaller than both sides of the {rows} x {cols} matrix to "
            "factorise; lower dim (or lower min_count to keep more words)."
        )
    if solver == "randomized":
        try:
            from sklearn.utils.extmath import randomized_svd
        except ImportError:
            raise ConfigError(
                "solver='randomized' needs scikit-learn: pip install 'firth[sklearn]', or "
                "use solver='arpack'."
            ) from None
        u, s, vt = randomized_svd(matrix, dim, random_state=seed)
    else:
        from scipy.sparse.linalg import svds

        u, s, vt = svds(matrix, k=dim, solver=solver, random_state=seed)
        order = np.argsort(-s)
        u, s, vt = u[:, order], s[order], vt[order]
    flip = np.sign(u[np.abs(u).argmax(axis=0), np.arange(u.shape[1])])
    flip[flip == 0] = 1.0
    return u * flip, np.asarray(s, dtype=np.float64), vt * flip[:, None]


def scaled_factors(
    left: npt.NDArray[np.float64], s: npt.NDArray[np.float64], eig: float
) -> npt.NDArray[np.float32]:
    """``left * s**eig`` as float32 (eigenvalue weighting ``p`` of Levy et al. 2015)."""
    return np.ascontiguousarray(left * s**eig, dtype=np.float32)
