"""Approximate nearest-neighbour search with an HNSW graph (the optional ``ann`` extra).

The index is built by `hnswlib <https://github.com/nmslib/hnswlib>`_ over the unit
vectors; it only proposes candidates, whose cosine similarity is then computed exactly,
so scores equal those of the exact search and only the membership of the answer lists is
approximate. hnswlib is imported when an index is built, never when firth is imported.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from firth.errors import FirthError, MissingExtraError
from firth.queries._checks import (
    check_choice,
    check_k,
    check_optional_positive_int,
    check_positive_int,
    check_restrict,
    check_seed,
)
from firth.queries._store import VectorStore
from firth.queries.similarity import (
    Query,
    excluded_indices,
    resolve_queries,
    resolve_query,
    search,
)
from firth.queries.topk import Neighbours, top_k_rows

__all__ = ["AnnIndex", "AnnQueries", "MissingExtraError"]

logger = logging.getLogger(__name__)

# Queries re-ranked at once (bounds the gathered candidate vectors).
_RERANK_ROWS = 1024


def _import_hnswlib() -> Any:
    try:
        return importlib.import_module("hnswlib")
    except ImportError as exc:
        raise MissingExtraError(
            "approximate search needs the optional package hnswlib, which is not installed; "
            "install it with: pip install 'firth[ann]'"
        ) from exc


class AnnIndex:
    """An approximate (HNSW) nearest-neighbour index over embeddings' unit vectors.

    Build one with :meth:`Embeddings.build_index <firth.queries.ann.AnnQueries.build_index>`.
    It answers :meth:`most_similar` and :meth:`most_similar_batch` like the exact
    methods of ``Embeddings`` (same arguments, same result types, exact scores), much
    faster on large vocabularies, at the price of occasionally missing a true neighbour;
    :meth:`recall` measures how often.

    Parameters
    ----------
    embeddings
        The embeddings that were indexed.
    index
        The hnswlib index holding rows ``0 .. size - 1`` of ``embeddings.unit_vectors``.
    ef
        The search breadth (larger is slower and more accurate); at least ``k`` plus
        the number of excluded words is always used.
    threads
        Threads for batch queries.
    """

    __slots__ = ("_ef", "_embeddings", "_index", "_size", "_threads")

    def __init__(self, embeddings: VectorStore, index: Any, *, ef: int, threads: int) -> None:
        self._embeddings = embeddings
        self._index = index
        self._size = int(index.get_current_count())
        self._ef = ef
        self._threads = threads

    @property
    def embeddings(self) -> VectorStore:
        """The indexed embeddings."""
        return self._embeddings

    @property
    def size(self) -> int:
        """How many words are indexed (the first ``size`` words of the embeddings)."""
        return self._size

    @property
    def ef(self) -> int:
        """The default search breadth."""
        return self._ef

    def __repr__(self) -> str:
        return f"AnnIndex(kind='hnsw', size={self._size}, ef={self._ef})"

    def _candidates(self, targets: npt.NDArray[np.float32], wanted: int) -> npt.NDArray[np.intp]:
        wanted = min(wanted, self._size)
        self._index.set_ef(max(self._ef, wanted))
        try:
            labels, _ = self._index.knn_query(targets, k=wanted, num_threads=self._threads)
        except RuntimeError as exc:  # hnswlib found fewer than `wanted` neighbours
            raise FirthError(
                f"the HNSW index could not return {wanted} neighbours ({exc}); build it "
                "with a larger m or ef_construction, or ask for fewer."
            ) from exc
        return np.asarray(labels, dtype=np.intp)

    def _search(
        self,
        targets: npt.NDArray[np.float32],
        k: int,
        row_excluded: npt.NDArray[np.intp] | None,
        excluded: npt.NDArray[np.intp],
    ) -> Neighbours:
        excluded = excluded[excluded < self._size]
        per_row = 0 if row_excluded is None else row_excluded.shape[1]
        labels = self._candidates(targets, k + len(excluded) + per_row)
        unit = self._embeddings.unit_vectors
        width = min(k, labels.shape[1])
        indices = np.full((len(targets), width), -1, dtype=np.intp)
        scores = np.full((len(targets), width), -np.inf, dtype=np.float32)
        for start in range(0, len(targets), _RERANK_ROWS):
            block = labels[start : start + _RERANK_ROWS]
            exact = np.einsum("qcd,qd->qc", unit[block], targets[start : start + _RERANK_ROWS])
            drop = np.isin(block, excluded)
            if row_excluded is not None:
                own = row_excluded[start : start + _RERANK_ROWS]
                drop |= (block[:, :, None] == own[:, None, :]).any(axis=2)
            exact[drop] = -np.inf
            # Re-rank by (score, word index), as the exact search orders its answers.
            order = np.argsort(block, axis=1, kind="stable")
            sorted_labels = np.take_along_axis(block, order, axis=1)
            position, value = top_k_rows(np.take_along_axis(exact, order, axis=1), k)
            found = np.take_along_axis(sorted_labels, np.maximum(position, 0), axis=1)
            indices[start : start + len(block)] = np.where(position >= 0, found, -1)
            scores[start : start + len(block)] = value
        return Neighbours(self._embeddings.vocab, indices, scores)

    def most_similar(
        self,
        query: Query,
        k: int = 10,
        *,
        exclude: Sequence[str] = (),
        exclude_self: bool = True,
    ) -> list[tuple[str, float]]:
        """Approximate :meth:`Embeddings.most_similar` among the indexed words.

        Parameters
        ----------
        query
            A word (indexed or not), a 1-D vector of length ``dim``, or a
            :class:`~firth.queries.WordVector` of the indexed embeddings.
        k, exclude, exclude_self
            As :meth:`Embeddings.most_similar`.

        Returns
        -------
        list of (str, float)
            Words and their exact cosine similarity with the query, best first.

        Raises
        ------
        UnknownWordError, ConfigError
            As :meth:`Embeddings.most_similar`.
        FirthError
            If the graph cannot return enough neighbours (rebuild with a larger ``m``).

        Examples
        --------
        See :meth:`AnnQueries.build_index`.
        """
        k = check_k(k)
        store = self._embeddings
        target, own = resolve_query(store, query, exclude_self=exclude_self)
        excluded = np.concatenate([excluded_indices(store, exclude), np.array(own, dtype=np.intp)])
        return self._search(target[None, :], k, None, excluded)[0]

    def most_similar_batch(
        self,
        queries: Sequence[str] | npt.ArrayLike,
        k: int = 10,
        *,
        exclude: Sequence[str] = (),
        exclude_self: bool = True,
    ) -> Neighbours:
        """Approximate :meth:`Embeddings.most_similar_batch` among the indexed words.

        The queries are searched by hnswlib in parallel (``threads`` of
        :meth:`AnnQueries.build_index`), then re-ranked by exact cosine similarity.

        Parameters
        ----------
        queries
            A sequence of words, or a 2-D array with one query vector per row.
        k, exclude, exclude_self
            As :meth:`Embeddings.most_similar_batch`.

        Returns
        -------
        Neighbours
            ``result[i]`` is the answer list of query ``i``.

        Raises
        ------
        UnknownWordError, ConfigError
            As :meth:`Embeddings.most_similar_batch`.
        """
        k = check_k(k)
        store = self._embeddings
        targets, row_excluded = resolve_queries(store, queries, exclude_self=exclude_self)
        return self._search(targets, k, row_excluded, excluded_indices(store, exclude))

    def recall(self, k: int = 10, sample: int = 1000, *, seed: int = 0) -> float:
        """The fraction of true top-``k`` neighbours that the index finds.

        ``sample`` indexed words (all of them if fewer), drawn with ``seed``, are
        queried both exactly and approximately (each word excluded from its own
        answers); the result is the number of exact neighbours also found divided by
        the number of exact neighbours. Deterministic for a given index and ``seed``.

        Raises
        ------
        ConfigError
            If ``k`` or ``sample`` is not an integer >= 1.
        """
        k = check_k(k)
        sample = check_positive_int("sample", sample)
        rng = np.random.default_rng(check_seed(seed))
        rows = np.sort(rng.choice(self._size, size=min(sample, self._size), replace=False))
        store = self._embeddings
        targets = store.unit_vectors[rows]
        own = rows[:, None].astype(np.intp)
        none = np.empty(0, dtype=np.intp)
        exact = search(
            store, targets, k, row_excluded=own, excluded=none, restrict=self._size, batch_size=None
        ).indices
        approx = self._search(targets, k, own, none).indices
        wanted = exact >= 0
        if not wanted.any():
            return 1.0
        found = (exact[:, :, None] == approx[:, None, :]).any(axis=2) & wanted
        return float(found.sum() / wanted.sum())


class AnnQueries:
    """Building an approximate index (mixed into ``Embeddings``)."""

    __slots__ = ()

    def build_index(
        self: VectorStore,
        kind: Literal["hnsw"] = "hnsw",
        *,
        restrict: int | None = None,
        m: int = 16,
        ef_construction: int = 200,
        ef: int = 64,
        threads: int | None = None,
        seed: int = 0,
    ) -> AnnIndex:
        """Build an approximate nearest-neighbour index (needs ``pip install 'firth[ann]'``).

        Parameters
        ----------
        kind
            The index type; ``"hnsw"`` (hnswlib's hierarchical navigable small-world
            graph on inner products of unit vectors) is the only one so far.
        restrict
            Index only the first ``restrict`` words (the most frequent ones in a
            trained vocabulary); ``None`` indexes all.
        m
            Graph degree: larger is more accurate, slower and bigger (16 is typical).
        ef_construction
            Search breadth while building: larger is more accurate and slower.
        ef
            Default search breadth of queries (at least ``k`` is always used).
        threads
            Threads for building and batch queries; ``None`` uses every CPU.
        seed
            Seed of the graph's random levels. The index (and so every answer) is
            reproducible for a given seed when built with ``threads=1``.

        Returns
        -------
        AnnIndex

        Raises
        ------
        MissingExtraError
            If hnswlib is not installed (an ``ImportError``).
        ConfigError
            If a parameter is invalid.

        Examples
        --------
        >>> import numpy as np
        >>> from firth import Embeddings, Vocab
        >>> vectors = np.random.default_rng(0).normal(size=(200, 8))
        >>> emb = Embeddings(Vocab([f"w{i}" for i in range(200)]), vectors)
        >>> index = emb.build_index(threads=1)  # doctest: +SKIP
        >>> index.most_similar("w0", k=3) == emb.most_similar("w0", k=3)  # doctest: +SKIP
        True
        """
        check_choice("kind", kind, ("hnsw",))
        size = check_restrict(restrict, len(self))
        m = check_positive_int("m", m)
        ef_construction = check_positive_int("ef_construction", ef_construction)
        ef = check_positive_int("ef", ef)
        workers = check_optional_positive_int("threads", threads)
        workers = workers if workers is not None else (os.cpu_count() or 1)
        seed = check_seed(seed)
        hnswlib = _import_hnswlib()
        index = hnswlib.Index(space="ip", dim=self.dim)
        index.init_index(
            max_elements=max(size, 1),
            ef_construction=ef_construction,
            M=m,
            random_seed=seed,
        )
        if size:
            data = np.ascontiguousarray(self.unit_vectors[:size])
            index.add_items(data, np.arange(size), num_threads=workers)
        logger.debug("built an HNSW index of %d words (m=%d, ef=%d)", size, m, ef_construction)
        return AnnIndex(self, index, ef=ef, threads=workers)
