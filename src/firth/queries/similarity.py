"""Cosine-similarity queries: nearest neighbours (one query or many), ranks, odd one out."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError
from firth.queries._checks import (
    as_matrix,
    as_vector,
    check_k,
    check_optional_positive_int,
    check_restrict,
    check_words,
    unit_rows,
)
from firth.queries._store import VectorStore
from firth.queries.expression import WordVector
from firth.queries.geometry import weighted_mean
from firth.queries.topk import Neighbours, mask_excluded, search_blocks

__all__ = ["Query", "SimilarityQueries"]

#: What ``most_similar`` accepts as a query: a word, a vector, or word arithmetic.
Query: TypeAlias = "str | WordVector | npt.NDArray[Any] | Sequence[float]"


def excluded_indices(store: VectorStore, exclude: Sequence[str]) -> npt.NDArray[np.intp]:
    """The indices of the words in ``exclude`` (every unknown word is reported)."""
    return np.array(store._indices(check_words(exclude, "exclude")), dtype=np.intp)


def resolve_query(
    store: VectorStore, query: Query, *, exclude_self: bool
) -> tuple[npt.NDArray[np.float32], list[int]]:
    """A query as a unit float32 vector, and the word indices it excludes by default."""
    if isinstance(query, str):
        index = store._index(query)
        return store.unit_vectors[index].copy(), [index] if exclude_self else []
    if isinstance(query, WordVector):
        if query.embeddings is not store:
            raise ConfigError(
                "query is a WordVector of other embeddings; build it with these embeddings' w()."
            )
        return unit_rows(query.vector), query.word_indices if exclude_self else []
    return unit_rows(as_vector(query, store.dim, "query")), []


def resolve_queries(
    store: VectorStore, queries: Sequence[str] | npt.ArrayLike, *, exclude_self: bool
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.intp] | None]:
    """Several queries as unit float32 rows, and per row the word index it excludes."""
    if isinstance(queries, str):
        raise TypeError(
            f"queries must be a sequence of words or a 2-D array, not a single str; got "
            f"{queries!r} (use most_similar for one query, or [{queries!r}])."
        )
    items: Any = queries
    if not isinstance(queries, np.ndarray):
        items = list(queries)  # type: ignore[arg-type]
        if all(isinstance(item, str) for item in items):
            indices = np.array(store._indices(items), dtype=np.intp)
            targets = store.unit_vectors[indices]
            return targets, indices[:, None] if exclude_self else None
    return unit_rows(as_matrix(items, store.dim, "queries")), None


def search(
    store: VectorStore,
    targets: npt.NDArray[np.float32],
    k: int,
    *,
    row_excluded: npt.NDArray[np.intp] | None,
    excluded: npt.NDArray[np.intp],
    restrict: int | None,
    batch_size: int | None,
) -> Neighbours:
    """Exact cosine search of unit ``targets`` (one per row) among the first words."""
    columns = check_restrict(restrict, len(store))
    candidates = store.unit_vectors[:columns]
    excluded = excluded[excluded < columns]

    def fill(start: int, stop: int, out: npt.NDArray[np.float32]) -> None:
        np.matmul(targets[start:stop], candidates.T, out=out)
        mask_excluded(out, None if row_excluded is None else row_excluded[start:stop], excluded)

    indices, scores = search_blocks(len(targets), k, columns, fill, batch_size=batch_size)
    return Neighbours(store.vocab, indices, scores)


class SimilarityQueries:
    """Cosine-similarity queries (mixed into ``Embeddings``)."""

    __slots__ = ()

    def similarity(self: VectorStore, w1: str, w2: str) -> float:
        """Cosine similarity of two words (0.0 if either vector is zero).

        Raises
        ------
        UnknownWordError
            If a word is unknown (both are reported).

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["a", "b"]), [[1.0, 0.0], [1.0, 1.0]])
        >>> round(emb.similarity("a", "b"), 4)
        0.7071
        """
        i, j = self._indices([w1, w2])
        unit = self.unit_vectors
        return float(np.dot(unit[i], unit[j]))

    def most_similar(
        self: VectorStore,
        query: Query,
        k: int = 10,
        *,
        exclude: Sequence[str] = (),
        exclude_self: bool = True,
        restrict: int | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` words closest to a word or a vector by cosine similarity, best first.

        Parameters
        ----------
        query
            A word; a 1-D vector of length ``dim`` (any non-zero length; a zero vector
            scores 0 against every word); or a :class:`~firth.queries.WordVector` such as
            ``emb.w("king") - emb.w("man") + emb.w("woman")``.
        k
            How many neighbours to return (an integer >= 1). Fewer are returned when
            fewer words are searched.
        exclude
            Words never returned.
        exclude_self
            Leave out the query's own word(s): the word of a word query, the words of a
            ``WordVector``. A plain vector has no words, so nothing is left out.
        restrict
            Search only the first ``restrict`` words (the most frequent ones when the
            vocabulary is sorted by count, as a trained one is); ``None`` searches all.

        Returns
        -------
        list of (str, float)
            Words and their cosine similarity with the query, in decreasing order; ties
            go to the earlier word.

        Raises
        ------
        UnknownWordError
            If the query word or a word of ``exclude`` is unknown (with suggestions).
        ConfigError
            If ``k`` or ``restrict`` is not an integer >= 1, or a vector query has the
            wrong length or holds NaN or infinity.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["x", "y", "z"]), [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        >>> [(w, round(s, 4)) for w, s in emb.most_similar("x")]
        [('z', 0.7071), ('y', 0.0)]
        >>> emb.most_similar([0.0, 2.0], k=1)
        [('y', 1.0)]
        >>> emb.most_similar("x", exclude=["z"], restrict=2)
        [('y', 0.0)]
        """
        k = check_k(k)
        target, own = resolve_query(self, query, exclude_self=exclude_self)
        excluded = np.concatenate([excluded_indices(self, exclude), np.array(own, dtype=np.intp)])
        return search(
            self,
            target[None, :],
            k,
            row_excluded=None,
            excluded=excluded,
            restrict=restrict,
            batch_size=1,
        )[0]

    def similar_by_vector(
        self: VectorStore,
        vector: npt.ArrayLike,
        k: int = 10,
        *,
        exclude: Sequence[str] = (),
        restrict: int | None = None,
    ) -> list[tuple[str, float]]:
        """The ``k`` words closest to a vector: :meth:`most_similar` for a vector query.

        Parameters
        ----------
        vector
            A finite 1-D vector of length ``dim``; only its direction matters.
        k, exclude, restrict
            As :meth:`most_similar`.

        Returns
        -------
        list of (str, float)
            Words and their cosine similarity with ``vector``, best first.

        Raises
        ------
        ConfigError
            If ``vector`` has the wrong length or is not finite, or ``k`` or
            ``restrict`` is invalid.
        UnknownWordError
            If a word of ``exclude`` is unknown.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["x", "y"]), [[1.0, 0.0], [0.0, 1.0]])
        >>> emb.similar_by_vector([3.0, 0.0], k=1)
        [('x', 1.0)]
        """
        k = check_k(k)
        target = unit_rows(as_vector(vector, self.dim, "vector"))
        return search(
            self,
            target[None, :],
            k,
            row_excluded=None,
            excluded=excluded_indices(self, exclude),
            restrict=restrict,
            batch_size=1,
        )[0]

    def most_similar_batch(
        self: VectorStore,
        queries: Sequence[str] | npt.ArrayLike,
        k: int = 10,
        *,
        exclude: Sequence[str] = (),
        exclude_self: bool = True,
        restrict: int | None = None,
        batch_size: int | None = None,
    ) -> Neighbours:
        """Nearest neighbours of many queries at once, with matrix products in blocks.

        Gives the same answers as calling :meth:`most_similar` for each query, much
        faster: each block of queries is scored against the vocabulary with one BLAS
        matrix product and the top ``k`` of the whole block is selected at once. Only
        one block of scores exists at a time, so memory stays bounded.

        Parameters
        ----------
        queries
            A sequence of words, or a 2-D array with one query vector of length ``dim``
            per row.
        k
            How many neighbours per query (an integer >= 1).
        exclude
            Words never returned.
        exclude_self
            Leave each query word out of its own answers (word queries only).
        restrict
            Search only the first ``restrict`` words; ``None`` searches all.
        batch_size
            Queries per block. By default as many as keep the block's scores and
            temporaries within about 256 MiB (9 bytes per query and searched word).

        Returns
        -------
        Neighbours
            One answer list per query, in query order: ``result[i]`` is the
            ``[(word, score), ...]`` list of query ``i``; ``result.indices`` and
            ``result.scores`` are ``(n_queries, min(k, searched words))`` arrays.

        Raises
        ------
        UnknownWordError
            If query words or excluded words are unknown (all of them are listed).
        ConfigError
            If ``k``, ``restrict`` or ``batch_size`` is not an integer >= 1, or the
            query array has the wrong shape or non-finite values.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["x", "y", "z"]), [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        >>> result = emb.most_similar_batch(["x", "y"], k=1)
        >>> result.words, result.indices.tolist()
        ([['z'], ['z']], [[2], [2]])
        >>> emb.most_similar_batch([[0.0, 1.0]], k=2).to_list()
        [[('y', 1.0), ('z', 0.7071067690849304)]]
        """
        k = check_k(k)
        batch_size = check_optional_positive_int("batch_size", batch_size)
        targets, row_excluded = resolve_queries(self, queries, exclude_self=exclude_self)
        return search(
            self,
            targets,
            k,
            row_excluded=row_excluded,
            excluded=excluded_indices(self, exclude),
            restrict=restrict,
            batch_size=batch_size,
        )

    def rank(self: VectorStore, w1: str, w2: str) -> int:
        """The rank of ``w2`` among the neighbours of ``w1`` (1 = nearest), as gensim.

        One plus the number of words other than ``w1`` strictly more similar to ``w1``
        than ``w2`` is; words exactly as similar as ``w2`` share its rank.

        Raises
        ------
        UnknownWordError
            If a word is unknown (both are reported).

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["x", "y", "z"]), [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
        >>> emb.rank("x", "z"), emb.rank("x", "y")
        (1, 2)
        """
        i, j = self._indices([w1, w2])
        unit = self.unit_vectors
        scores = unit @ unit[i]
        closer = scores > scores[j]
        closer[i] = False
        return int(np.count_nonzero(closer)) + 1

    def doesnt_match(self: VectorStore, words: Sequence[str]) -> str:
        """The word that fits least with the others, as gensim's ``doesnt_match``.

        The words' unit vectors are averaged; the answer is the word whose unit vector
        has the lowest cosine similarity with that mean (ties: the first such word).

        Raises
        ------
        UnknownWordError
            If words are unknown (all of them are listed).
        ConfigError
            If fewer than two words are given.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["cat", "dog", "car"]), [[1.0, 0.1], [1.0, 0.0], [0, 1]])
        >>> emb.doesnt_match(["cat", "dog", "car"])
        'car'
        """
        words = check_words(words)
        if len(words) < 2:
            raise ConfigError(f"doesnt_match needs at least two words; got {words!r}.")
        unit = self.unit_vectors[self._indices(words)]
        mean = weighted_mean(self, words, None, normalize=True)
        return words[int(np.argmin(unit @ mean))]

    def n_similarity(self: VectorStore, words1: Sequence[str], words2: Sequence[str]) -> float:
        """Cosine similarity of two word sets: the cosine of their mean unit vectors.

        gensim's ``n_similarity`` averages the original vectors instead of the unit
        ones; the two agree when all vectors have the same length.

        Raises
        ------
        UnknownWordError
            If words are unknown (all of them, from both sets, are listed).
        ConfigError
            If a set is empty.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> emb = Embeddings(Vocab(["a", "b", "c"]), [[1.0, 0.0], [0.0, 5.0], [2.0, 2.0]])
        >>> round(emb.n_similarity(["a", "b"], ["c"]), 4)
        1.0
        """
        first = check_words(words1, "words1")
        second = check_words(words2, "words2")
        self._indices(first + second)  # report every unknown word at once
        mean1 = weighted_mean(self, first, None, normalize=True, name="words1")
        mean2 = weighted_mean(self, second, None, normalize=True, name="words2")
        return float(np.dot(mean1, mean2))
