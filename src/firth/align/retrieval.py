"""Nearest-neighbour and CSLS retrieval between two sets of unit vectors, in blocks.

CSLS, the cross-domain similarity local scaling of Conneau et al. (2018, "Word translation
without parallel data"), corrects the *hubness* of nearest-neighbour retrieval (a few
target vectors that are the nearest neighbour of very many queries)::

    csls(x, y) = 2 cos(x, y) - r_T(x) - r_S(y)

where ``r_T(x)`` is the mean cosine of the mapped source vector ``x`` with its ``k``
nearest target vectors, and ``r_S(y)`` the mean cosine of the target vector ``y`` with its
``k`` nearest mapped source vectors. A hub has a large ``r_S`` and is penalised.

Every function here computes similarities a block of rows at a time, so temporary memory
is bounded (about :data:`firth.queries.topk.BLOCK_BYTES`) whatever the vocabulary sizes;
no ``|S| x |T|`` matrix is ever built.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from firth.queries.topk import block_rows, search_blocks

__all__ = ["Retrieval", "mean_top_k", "mutual_neighbours", "search"]

Retrieval = Literal["nn", "csls"]
"""How translations are retrieved: plain cosine nearest neighbours, or CSLS."""

RETRIEVALS: tuple[Retrieval, ...] = ("nn", "csls")


def mean_top_k(
    queries: npt.NDArray[np.float32], candidates: npt.NDArray[np.float32], k: int
) -> npt.NDArray[np.float32]:
    """Mean cosine of each query with its ``k`` most similar candidates (unit rows).

    With fewer than ``k`` candidates, the mean is over all of them.

    Examples
    --------
    >>> q = np.array([[1.0, 0.0]], dtype=np.float32)
    >>> c = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.8]], dtype=np.float32)
    >>> mean_top_k(q, c, 2).astype(float).round(3).tolist()
    [0.8]
    """
    n = len(candidates)
    out = np.zeros(len(queries), dtype=np.float32)
    if n == 0:
        return out
    k = min(k, n)
    rows = block_rows(n, None)
    for start in range(0, len(queries), rows):
        stop = min(start + rows, len(queries))
        scores = queries[start:stop] @ candidates.T
        if k < n:
            scores = np.partition(scores, n - k, axis=1)[:, n - k :]
        out[start:stop] = scores.mean(axis=1, dtype=np.float64)
    return out


def search(
    queries: npt.NDArray[np.float32],
    candidates: npt.NDArray[np.float32],
    k: int,
    *,
    retrieval: Retrieval,
    csls_k: int,
    candidate_r: npt.NDArray[np.float32] | None = None,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
    """The ``k`` best candidates of each query: by cosine (``"nn"``) or by CSLS.

    ``candidate_r`` is ``r_S`` of every candidate (:func:`mean_top_k` of the candidates
    against *all* mapped source vectors, not only these queries); it is required for CSLS.

    Returns
    -------
    indices, scores
        ``(len(queries), min(k, len(candidates)))`` arrays, best first; ties go to the
        lower candidate index. Scores are cosines or CSLS values.

    Examples
    --------
    >>> q = np.array([[1.0, 0.0]], dtype=np.float32)
    >>> c = np.array([[0.0, 1.0], [0.6, 0.8]], dtype=np.float32)
    >>> idx, val = search(q, c, 1, retrieval="nn", csls_k=1)
    >>> idx.tolist(), val.astype(float).round(3).tolist()
    ([[1]], [[0.6]])
    """
    query_r: npt.NDArray[np.float32] | None = None
    if retrieval == "csls":
        if candidate_r is None:
            raise ValueError("CSLS retrieval needs candidate_r, the r_S of every candidate.")
        query_r = mean_top_k(queries, candidates, csls_k)
    candidate_penalty = candidate_r

    def fill(start: int, stop: int, out: npt.NDArray[np.float32]) -> None:
        np.matmul(queries[start:stop], candidates.T, out=out)
        if query_r is not None and candidate_penalty is not None:
            out *= 2.0
            out -= query_r[start:stop, None]
            out -= candidate_penalty[None, :]

    return search_blocks(len(queries), k, len(candidates), fill, batch_size=None)


def mutual_neighbours(
    source: npt.NDArray[np.float32], target: npt.NDArray[np.float32], csls_k: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Pairs ``(i, j)`` where ``target[j]`` is the CSLS-best match of ``source[i]`` and back.

    Both arguments are unit rows (``source`` already mapped into the target space). The
    CSLS neighbourhoods are taken within these two sets. Ties go to the lower index.

    Returns
    -------
    source_rows, target_rows
        The matched rows, in increasing source row.

    Examples
    --------
    >>> s = np.array([[1.0, 0.0], [0.0, 1.0], [0.8, 0.6]], dtype=np.float32)
    >>> t = np.array([[0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    >>> i, j = mutual_neighbours(s, t, csls_k=1)
    >>> i.tolist(), j.tolist()
    ([0, 1], [1, 0])
    """
    n_source, n_target = len(source), len(target)
    if n_source == 0 or n_target == 0:
        empty = np.empty(0, dtype=np.intp)
        return empty, empty.copy()
    source_r = mean_top_k(source, target, csls_k)
    target_r = mean_top_k(target, source, csls_k)
    best_target = np.empty(n_source, dtype=np.intp)
    best_source = np.full(n_target, -1, dtype=np.intp)
    best_source_score = np.full(n_target, -np.inf, dtype=np.float32)
    rows = block_rows(n_target, None)
    columns = np.arange(n_target)
    for start in range(0, n_source, rows):
        stop = min(start + rows, n_source)
        scores = source[start:stop] @ target.T
        scores *= 2.0
        scores -= source_r[start:stop, None]
        scores -= target_r[None, :]
        best_target[start:stop] = np.argmax(scores, axis=1)
        block_best = np.argmax(scores, axis=0)
        block_score = scores[block_best, columns]
        better = block_score > best_source_score  # strict: ties keep the earlier row
        best_source[better] = block_best[better] + start
        best_source_score[better] = block_score[better]
    source_rows = np.flatnonzero(best_source[best_target] == np.arange(n_source))
    return source_rows.astype(np.intp), best_target[source_rows]
