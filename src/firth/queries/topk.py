"""Top-k selection over score matrices, in blocks of queries, and its result type.

Every search in firth (one query or many, exact or re-ranked approximate results) ends
in :func:`top_k_rows`, so all of them order their answers the same way: by decreasing
score, ties broken by the lower word index.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable, Iterator

import numpy as np
import numpy.typing as npt

from firth.vocab import Vocab

__all__ = ["Neighbours", "mask_excluded", "search_blocks", "top_k_rows"]

logger = logging.getLogger(__name__)

#: Temporary memory a block of queries may use (scores and the selection's temporaries).
BLOCK_BYTES = 256 * 2**20
# Per score: the float32 scores, the float32 copy np.partition makes, a bool mask.
_BYTES_PER_SCORE = 9
# Columns per chunk of the two-level selection used for long rows.
_CHUNK = 256

ScoreFill = Callable[[int, int, npt.NDArray[np.float32]], None]


def top_k_rows(
    scores: npt.NDArray[np.float32], k: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
    """The ``k`` largest scores of each row, best first; ties go to the lower column.

    Parameters
    ----------
    scores
        A 2-D float32 array; ``-inf`` marks excluded entries. It is not modified.
    k
        How many entries to keep per row (an integer >= 1).

    Returns
    -------
    indices, values
        Two ``(rows, min(k, columns))`` arrays. Where a row has fewer than ``k`` entries
        above ``-inf``, the remaining places hold index ``-1`` and value ``-inf``.

    Examples
    --------
    >>> import numpy as np
    >>> scores = np.array([[0.25, 0.75, 0.5, 0.75], [1.0, -np.inf, -np.inf, -np.inf]],
    ...                   dtype=np.float32)
    >>> indices, values = top_k_rows(scores, 2)
    >>> indices.tolist(), values.tolist()
    ([[1, 3], [0, -1]], [[0.75, 0.75], [1.0, -inf]])
    """
    rows, columns = scores.shape
    width = min(k, columns)
    if width == 0 or rows == 0:
        return np.empty((rows, width), dtype=np.intp), np.empty((rows, width), dtype=np.float32)
    if width * _CHUNK * 4 <= columns:
        return _top_k_by_chunks(scores, width)
    return _top_k_direct(scores, width)


def _top_k_by_chunks(
    scores: npt.NDArray[np.float32], width: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
    """Two-level selection: the ``width`` chunks with the largest maxima hold the answer.

    If exactly ``width`` chunks of a row have a maximum >= the ``width``-th largest chunk
    maximum ``t``, every entry >= ``t`` lies in them, and the ``width``-th largest entry
    is >= ``t``: so the exact answer (ties included) is found among ``width * _CHUNK``
    entries instead of the whole row. Other rows (ties of chunk maxima, ``-inf``) take
    the direct path.
    """
    rows, columns = scores.shape
    full = columns // _CHUNK
    n_chunks = full + (columns % _CHUNK > 0)
    maxima = np.empty((rows, n_chunks), dtype=np.float32)
    np.max(scores[:, : full * _CHUNK].reshape(rows, full, _CHUNK), axis=2, out=maxima[:, :full])
    if n_chunks > full:
        np.max(scores[:, full * _CHUNK :], axis=1, out=maxima[:, full])
    chunks = np.sort(np.argpartition(maxima, n_chunks - width, axis=1)[:, n_chunks - width :])
    threshold = np.take_along_axis(maxima, chunks, axis=1).min(axis=1)
    exact = (np.count_nonzero(maxima >= threshold[:, None], axis=1) == width) & (
        threshold > -np.inf
    )
    # Ascending chunks give candidate columns in increasing order, so ties still go to
    # the lower column.
    columns_of = (chunks[:, :, None] * _CHUNK + np.arange(_CHUNK)).reshape(rows, -1)
    outside = columns_of >= columns
    np.minimum(columns_of, columns - 1, out=columns_of)
    candidates = np.take_along_axis(scores, columns_of, axis=1)
    candidates[outside] = -np.inf
    position, values = _top_k_direct(candidates, width)
    indices = np.take_along_axis(columns_of, np.maximum(position, 0), axis=1)
    if not exact.all():
        others = np.flatnonzero(~exact)
        indices[others], values[others] = _top_k_direct(scores[others], width)
    return indices, values


def _top_k_direct(
    scores: npt.NDArray[np.float32], width: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
    """:func:`top_k_rows` by selecting over whole rows (``width <= columns``)."""
    rows, columns = scores.shape
    if width < columns:
        # The width-th largest value of each row, then every entry at least that large:
        # cheaper than np.argpartition (no index array per score).
        kth = np.partition(scores, columns - width, axis=1)[:, columns - width]
        row, col = np.nonzero(scores >= kth[:, None])
        counts = np.bincount(row, minlength=rows)
        if (counts > width).any():
            # Ties at the boundary: keep every entry above it, then the lowest columns
            # among those equal to it.
            tied = scores[row, col] == kth[row]
            above = counts - np.bincount(row, weights=tied, minlength=rows).astype(np.intp)
            tied_before = np.cumsum(tied) - tied
            starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
            rank = tied_before - tied_before[starts[row]]
            keep = ~tied | (rank < width - above[row])
            col = col[keep]
        indices = col.reshape(rows, width)
    else:
        indices = np.broadcast_to(np.arange(columns, dtype=np.intp), (rows, columns))
    values = np.take_along_axis(scores, indices, axis=1)
    order = np.lexsort((indices, -values), axis=1)
    indices = np.take_along_axis(indices, order, axis=1)
    values = np.take_along_axis(values, order, axis=1)
    indices[values == -np.inf] = -1
    return indices, values


def block_rows(columns: int, batch_size: int | None, *, extra_bytes: int = 0) -> int:
    """Queries per block: ``batch_size``, or as many as fit :data:`BLOCK_BYTES`."""
    if batch_size is not None:
        return batch_size
    per_query = max(columns, 1) * (_BYTES_PER_SCORE + extra_bytes)
    return max(1, BLOCK_BYTES // per_query)


def search_blocks(
    n_queries: int,
    k: int,
    columns: int,
    fill: ScoreFill,
    *,
    batch_size: int | None,
    extra_bytes: int = 0,
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
    """Top-k of ``n_queries`` score rows computed block by block.

    ``fill(start, stop, out)`` writes the scores of queries ``start:stop`` into ``out``
    (shape ``(stop - start, columns)``), with ``-inf`` for excluded entries. Only one
    block of scores exists at a time; ``extra_bytes`` is what ``fill`` itself allocates
    per score, counted in the automatic block size.
    """
    rows = block_rows(columns, batch_size, extra_bytes=extra_bytes)
    width = min(k, columns)
    indices = np.full((n_queries, width), -1, dtype=np.intp)
    values = np.full((n_queries, width), -np.inf, dtype=np.float32)
    if n_queries == 0 or width == 0:
        return indices, values
    buffer = np.empty((min(rows, n_queries), columns), dtype=np.float32)
    logger.debug("top-%d of %d queries x %d words, %d per block", k, n_queries, columns, rows)
    for start in range(0, n_queries, rows):
        stop = min(start + rows, n_queries)
        block = buffer[: stop - start]
        fill(start, stop, block)
        indices[start:stop], values[start:stop] = top_k_rows(block, k)
    return indices, values


def mask_excluded(
    out: npt.NDArray[np.float32],
    row_excluded: npt.NDArray[np.intp] | None,
    excluded: npt.NDArray[np.intp] | None,
) -> None:
    """Set excluded scores of a block to ``-inf``.

    ``row_excluded`` holds, per row of ``out``, columns to exclude from that row only
    (``-1`` or a column ``>= out.shape[1]`` means none); ``excluded`` holds columns to
    exclude from every row (all must be valid).
    """
    if excluded is not None and excluded.size:
        out[:, excluded] = -np.inf
    if row_excluded is not None and row_excluded.size:
        valid = (row_excluded >= 0) & (row_excluded < out.shape[1])
        rows, slots = np.nonzero(valid)
        out[rows, row_excluded[rows, slots]] = -np.inf


class Neighbours:
    """The answers to several queries: word indices and scores, best first per query.

    Returned by ``most_similar_batch`` and ``analogy_batch``. It behaves as a read-only
    sequence with one ``list[(word, score)]`` per query (exactly what the single-query
    method returns), and exposes the underlying arrays for fast processing.

    Parameters
    ----------
    vocab
        The vocabulary the indices refer to.
    indices
        ``(n_queries, width)`` word indices, ``-1`` where a query has fewer answers.
    scores
        ``(n_queries, width)`` float32 scores, ``-inf`` where ``indices`` is ``-1``.

    Examples
    --------
    >>> import numpy as np
    >>> from firth.vocab import Vocab
    >>> result = Neighbours(Vocab(["a", "b", "c"]), np.array([[2, 0], [1, -1]]),
    ...                     np.array([[0.5, 0.25], [1.0, -np.inf]], dtype=np.float32))
    >>> len(result), result[0], result[1]
    (2, [('c', 0.5), ('a', 0.25)], [('b', 1.0)])
    >>> result.words
    [['c', 'a'], ['b']]
    """

    __slots__ = ("_indices", "_scores", "_vocab")

    def __init__(self, vocab: Vocab, indices: npt.ArrayLike, scores: npt.ArrayLike) -> None:
        index_array = np.array(indices, dtype=np.intp)
        score_array = np.array(scores, dtype=np.float32)
        if index_array.ndim != 2 or index_array.shape != score_array.shape:
            raise ValueError(
                "indices and scores must be 2-D arrays of the same shape; got "
                f"{index_array.shape} and {score_array.shape}."
            )
        index_array.flags.writeable = False
        score_array.flags.writeable = False
        self._vocab = vocab
        self._indices = index_array
        self._scores = score_array

    @property
    def indices(self) -> npt.NDArray[np.intp]:
        """Word indices, shape ``(n_queries, width)``, read-only; ``-1`` pads short rows."""
        return self._indices

    @property
    def scores(self) -> npt.NDArray[np.float32]:
        """Scores, shape ``(n_queries, width)``, read-only; ``-inf`` pads short rows."""
        return self._scores

    @property
    def words(self) -> list[list[str]]:
        """The answer words of each query, best first (padding dropped)."""
        word = self._vocab.word
        return [[word(i) for i in row if i >= 0] for row in self._indices.tolist()]

    def to_list(self) -> list[list[tuple[str, float]]]:
        """One ``[(word, score), ...]`` list per query, as the single-query methods return."""
        return list(self)

    def __len__(self) -> int:
        return len(self._indices)

    def __getitem__(self, query: int) -> list[tuple[str, float]]:
        row = operator.index(query)
        word = self._vocab.word
        pairs = zip(self._indices[row].tolist(), self._scores[row].tolist(), strict=True)
        return [(word(i), s) for i, s in pairs if i >= 0]

    def __iter__(self) -> Iterator[list[tuple[str, float]]]:
        for row in range(len(self)):
            yield self[row]

    def __repr__(self) -> str:
        return f"Neighbours({len(self)} queries, up to {self._indices.shape[1]} answers each)"
