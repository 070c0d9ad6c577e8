"""Aligned embedding spaces: :func:`align` solves a map, :class:`Alignment` applies it."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from firth.align.mapping import (
    METHODS,
    NORMALIZATIONS,
    Method,
    Normalization,
    normalize_rows,
    solve,
    space_mean,
)
from firth.align.retrieval import RETRIEVALS, Retrieval, mean_top_k, mutual_neighbours, search
from firth.embeddings import Embeddings
from firth.errors import ConfigError, FormatError
from firth.io.native import load_native, save_native
from firth.queries._checks import check_choice, check_positive_int, check_words

__all__ = ["Alignment", "align"]

logger = logging.getLogger(__name__)

#: Manifest ``kind`` of a saved alignment.
KIND = "alignment"
# Rows per chunk when a whole space is normalised or mapped (bounded temporary memory).
_CHUNK_VALUES = 1 << 22


def _check_embeddings(name: str, value: object) -> Embeddings:
    if not isinstance(value, Embeddings):
        raise TypeError(
            f"{name} must be firth.Embeddings; got {type(value).__name__} (load vectors with "
            "firth.load(path))."
        )
    return value


def _check_non_negative_int(name: str, value: object) -> int:
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value >= 0:
        return int(value)
    raise ConfigError(f"{name} must be an integer >= 0; got {value!r}.")


def _check_pairs(pairs: Iterable[tuple[str, str]], name: str) -> list[tuple[str, str]]:
    """``pairs`` as a list of distinct ``(str, str)`` tuples, in first-seen order."""
    if isinstance(pairs, (str, bytes)):
        raise TypeError(f"{name} must be a sequence of (source, target) word pairs; got a str.")
    checked: list[tuple[str, str]] = []
    for number, pair in enumerate(pairs):
        if (
            not isinstance(pair, (tuple, list))
            or len(pair) != 2
            or not all(isinstance(word, str) for word in pair)
        ):
            raise ConfigError(
                f"{name} must hold (source word, target word) pairs of two str; item "
                f"{number} is {pair!r} (read a dictionary file with read_dictionary)."
            )
        checked.append((pair[0], pair[1]))
    return list(dict.fromkeys(checked))


def _lookup_pairs(
    pairs: Sequence[tuple[str, str]], source: Embeddings, target: Embeddings
) -> tuple[list[tuple[int, int]], list[tuple[str, str]]]:
    """Row indices of the pairs whose two words are known, and the pairs that are not."""
    found: list[tuple[int, int]] = []
    missing: list[tuple[str, str]] = []
    source_index = source.vocab.get_index
    target_index = target.vocab.get_index
    for source_word, target_word in pairs:
        i, j = source_index(source_word), target_index(target_word)
        if i < 0 or j < 0:
            missing.append((source_word, target_word))
        else:
            found.append((i, j))
    return found, missing


def _describe_missing(
    missing: Sequence[tuple[str, str]], source: Embeddings, target: Embeddings
) -> str:
    shown = []
    for source_word, target_word in missing[:3]:
        where = []
        if source_word not in source:
            where.append(f"{source_word!r} not in the source")
        if target_word not in target:
            where.append(f"{target_word!r} not in the target")
        shown.append(" and ".join(where))
    more = ", ..." if len(missing) > 3 else ""
    return "; ".join(shown) + more


def _frequent_rows(embeddings: Embeddings, n: int) -> npt.NDArray[np.intp]:
    """The rows of the ``n`` most frequent words: by count if known, else the first rows."""
    counts = embeddings.vocab.counts
    if counts is None:
        return np.arange(min(n, len(embeddings)), dtype=np.intp)
    order = np.argsort(-counts, kind="stable")[:n]
    return np.sort(order).astype(np.intp)


def _chunk_rows(dim: int) -> int:
    return max(1, _CHUNK_VALUES // max(dim, 1))


def _unit_in_place(rows: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    norms = np.sqrt(np.einsum("ij,ij->i", rows, rows))[:, None]
    np.divide(rows, norms, out=rows, where=norms > 0)
    return rows


class Alignment:
    """A linear map from a source embedding space into a target space.

    Built by :func:`align` (or :meth:`load`). Both spaces are normalised the same way
    (``normalize``) before the map is applied: a source vector ``v`` maps to
    ``normalized(v) @ matrix``, comparable with the normalised target vectors.
    Translations are retrieved by cosine (``"nn"``) or CSLS (``"csls"``, see
    :mod:`firth.align.retrieval`) among *all* target words.

    Parameters
    ----------
    source, target
        The two spaces.
    matrix
        The map, shape ``(source.dim, target.dim)``.
    method
        How it was solved (``"procrustes"`` or ``"lstsq"``); informative.
    normalize
        ``"none"``, ``"unit"`` or ``"center+unit"`` (see :func:`align`).
    csls_k
        Neighbourhood size of CSLS.
    pairs_used, pairs_skipped
        Seed pairs used / skipped for an unknown word (informative).
    refined
        Size of the training dictionary of each refinement re-solve (informative).
    source_mean, target_mean
        For ``"center+unit"``: the mean unit vector of each space (computed from the
        spaces when not given).

    Raises
    ------
    ConfigError
        If the matrix does not have shape ``(source.dim, target.dim)`` or is not finite,
        or an option is invalid.

    Notes
    -----
    The normalised spaces, the mapped source space and the CSLS penalties ``r_S`` of the
    target words are computed on first use and kept (memory: about one copy of each
    space). CSLS needs ``r_S`` for every target word: one pass over all
    ``len(source) x len(target)`` similarities (in blocks), done once.
    """

    __slots__ = (
        "_csls_k",
        "_mapped",
        "_matrix",
        "_method",
        "_normalize",
        "_pairs_skipped",
        "_pairs_used",
        "_refined",
        "_source",
        "_source_mean",
        "_target",
        "_target_mean",
        "_target_r",
        "_target_unit",
    )

    def __init__(
        self,
        source: Embeddings,
        target: Embeddings,
        matrix: npt.ArrayLike,
        *,
        method: Method = "procrustes",
        normalize: Normalization = "unit",
        csls_k: int = 10,
        pairs_used: int = 0,
        pairs_skipped: int = 0,
        refined: Sequence[int] = (),
        source_mean: npt.ArrayLike | None = None,
        target_mean: npt.ArrayLike | None = None,
    ) -> None:
        self._source = _check_embeddings("source", source)
        self._target = _check_embeddings("target", target)
        self._method: Method = check_choice("method", method, METHODS)  # type: ignore[assignment]
        self._normalize: Normalization = check_choice(  # type: ignore[assignment]
            "normalize", normalize, NORMALIZATIONS
        )
        self._csls_k = check_positive_int("csls_k", csls_k)
        self._pairs_used = _check_non_negative_int("pairs_used", pairs_used)
        self._pairs_skipped = _check_non_negative_int("pairs_skipped", pairs_skipped)
        self._refined = tuple(_check_non_negative_int("refined", n) for n in refined)
        array = np.asarray(matrix)
        if array.dtype.kind not in "fiu":
            raise ConfigError(f"matrix must hold real numbers; got dtype {array.dtype}.")
        expected = (source.dim, target.dim)
        if array.shape != expected:
            raise ConfigError(
                f"matrix must have shape (source.dim, target.dim) = {expected}; got "
                f"{array.shape} (was it solved between other spaces?)."
            )
        if not np.isfinite(array).all():
            raise ConfigError("matrix must be finite; it holds NaN or infinity.")
        self._matrix = np.array(array, dtype=np.float32)
        self._matrix.flags.writeable = False
        self._source_mean = self._mean("source_mean", source_mean, source)
        self._target_mean = self._mean("target_mean", target_mean, target)
        self._mapped: npt.NDArray[np.float32] | None = None
        self._target_unit: npt.NDArray[np.float32] | None = None
        self._target_r: npt.NDArray[np.float32] | None = None

    def _mean(
        self, name: str, value: npt.ArrayLike | None, space: Embeddings
    ) -> npt.NDArray[np.float32] | None:
        if self._normalize != "center+unit":
            return None
        if value is None:
            return space_mean(space.unit_vectors)
        mean = np.array(value, dtype=np.float32)
        if mean.shape != (space.dim,) or not np.isfinite(mean).all():
            raise ConfigError(
                f"{name} must be a finite vector of length {space.dim}; got shape {mean.shape}."
            )
        mean.flags.writeable = False
        return mean

    # -- parts ---------------------------------------------------------------------------

    @property
    def source(self) -> Embeddings:
        """The source space."""
        return self._source

    @property
    def target(self) -> Embeddings:
        """The target space."""
        return self._target

    @property
    def matrix(self) -> npt.NDArray[np.float32]:
        """The map, ``(source.dim, target.dim)`` float32, read-only."""
        return self._matrix

    @property
    def method(self) -> Method:
        """``"procrustes"`` or ``"lstsq"``."""
        return self._method

    @property
    def normalize(self) -> Normalization:
        """How both spaces are normalised: ``"none"``, ``"unit"`` or ``"center+unit"``."""
        return self._normalize

    @property
    def csls_k(self) -> int:
        """Neighbourhood size of CSLS retrieval."""
        return self._csls_k

    @property
    def pairs_used(self) -> int:
        """Distinct seed pairs whose two words are in the spaces (used to solve the map)."""
        return self._pairs_used

    @property
    def pairs_skipped(self) -> int:
        """Distinct seed pairs skipped because a word is in neither space or only one."""
        return self._pairs_skipped

    @property
    def refined(self) -> tuple[int, ...]:
        """Training-dictionary size of each refinement iteration that re-solved the map.

        Empty without refinement; shorter than ``refine`` when the dictionary stopped
        changing (then the map is final).
        """
        return self._refined

    def __repr__(self) -> str:
        return (
            f"Alignment({self._method}, normalize={self._normalize!r}, "
            f"{self._source.dim} -> {self._target.dim} dims, pairs_used={self._pairs_used}, "
            f"pairs_skipped={self._pairs_skipped})"
        )

    # -- mapping -------------------------------------------------------------------------

    def transform(self, vectors: npt.ArrayLike) -> npt.NDArray[np.float32]:
        """Map source-space vectors into the target space.

        Parameters
        ----------
        vectors
            One vector (1-D, length ``source.dim``) or one per row (2-D); they are
            normalised as the source space is, then multiplied by :attr:`matrix`.

        Returns
        -------
        ndarray of float32
            Same number of dimensions as ``vectors``, ``target.dim`` long.

        Raises
        ------
        ConfigError
            If the vectors do not have ``source.dim`` components or are not finite.
        """
        array = np.asarray(vectors)
        if array.dtype.kind not in "fiu":
            raise ConfigError(f"vectors must hold real numbers; got dtype {array.dtype}.")
        dim = self._source.dim
        if array.ndim not in (1, 2) or array.shape[-1] != dim:
            raise ConfigError(
                f"vectors must have {dim} components (the source dim), as a vector or one "
                f"row per vector; got shape {array.shape}."
            )
        if not np.isfinite(array).all():
            raise ConfigError("vectors must be finite; got NaN or infinity.")
        rows = normalize_rows(array.reshape(-1, dim), self._normalize, self._source_mean)
        mapped = rows @ self._matrix
        return mapped[0] if array.ndim == 1 else mapped

    def _map_rows(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float32]:
        """The normalised source rows ``rows`` mapped (not re-normalised)."""
        normalized = normalize_rows(self._source.vectors[rows], self._normalize, self._source_mean)
        return normalized @ self._matrix

    def _mapped_all(self) -> npt.NDArray[np.float32]:
        """Every source vector, normalised and mapped (computed once)."""
        if self._mapped is None:
            n = len(self._source)
            mapped = np.empty((n, self._target.dim), dtype=np.float32)
            step = _chunk_rows(max(self._source.dim, self._target.dim))
            for start in range(0, n, step):
                rows = np.arange(start, min(start + step, n), dtype=np.intp)
                mapped[start : start + len(rows)] = self._map_rows(rows)
            mapped.flags.writeable = False
            self._mapped = mapped
        return self._mapped

    def _mapped_unit_rows(self, rows: npt.NDArray[np.intp]) -> npt.NDArray[np.float32]:
        return _unit_in_place(np.array(self._mapped_all()[rows], dtype=np.float32))

    def _target_unit_all(self) -> npt.NDArray[np.float32]:
        """Every target vector, normalised and of unit length (computed once)."""
        if self._target_unit is None:
            if self._normalize != "center+unit":
                self._target_unit = self._target.unit_vectors
            else:
                n, dim = len(self._target), self._target.dim
                unit = np.empty((n, dim), dtype=np.float32)
                step = _chunk_rows(dim)
                for start in range(0, n, step):
                    chunk = self._target.vectors[start : start + step]
                    unit[start : start + len(chunk)] = normalize_rows(
                        chunk, "center+unit", self._target_mean
                    )
                unit.flags.writeable = False
                self._target_unit = unit
        return self._target_unit

    def _target_penalties(self) -> npt.NDArray[np.float32]:
        """``r_S`` of every target word: mean cosine with its ``csls_k`` nearest mapped words."""
        if self._target_r is None:
            n = len(self._source)
            step = _chunk_rows(self._target.dim)
            mapped = np.empty((n, self._target.dim), dtype=np.float32)
            for start in range(0, n, step):
                rows = np.arange(start, min(start + step, n), dtype=np.intp)
                mapped[start : start + len(rows)] = self._mapped_unit_rows(rows)
            logger.debug("CSLS: r_S of %d target words over %d mapped words", len(self._target), n)
            self._target_r = mean_top_k(self._target_unit_all(), mapped, self._csls_k)
        return self._target_r

    def mapped(self) -> Embeddings:
        """The source vocabulary with its vectors mapped into the target space.

        The vectors are :meth:`transform` of the source vectors; the vocabulary (with its
        counts) is the source's, and the metadata is the source's plus an ``"alignment"``
        entry (method, normalisation, pairs used).

        Returns
        -------
        Embeddings
        """
        metadata = self._source.metadata
        metadata["alignment"] = {
            "method": self._method,
            "normalize": self._normalize,
            "pairs_used": self._pairs_used,
            "pairs_skipped": self._pairs_skipped,
            "refined": list(self._refined),
            "target_dim": self._target.dim,
        }
        return Embeddings(self._source.vocab, self._mapped_all(), metadata=metadata)

    # -- retrieval -----------------------------------------------------------------------

    def _search(
        self, rows: npt.NDArray[np.intp], k: int, retrieval: Retrieval
    ) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
        queries = self._mapped_unit_rows(rows)
        penalties = self._target_penalties() if retrieval == "csls" else None
        return search(
            queries,
            self._target_unit_all(),
            k,
            retrieval=retrieval,
            csls_k=self._csls_k,
            candidate_r=penalties,
        )

    def translate(
        self, words: Sequence[str], k: int = 5, *, retrieval: Retrieval = "csls"
    ) -> list[list[tuple[str, float]]]:
        """The ``k`` best target words for each source word, best first.

        Parameters
        ----------
        words
            Source words.
        k
            Translations per word.
        retrieval
            ``"csls"`` (default; scores are CSLS values, in ``[-4, 4]``) or ``"nn"``
            (cosine similarity).

        Returns
        -------
        list of list of (str, float)
            One list per word, in the order of ``words``.

        Raises
        ------
        UnknownWordError
            If source words are unknown (all of them are listed).
        ConfigError
            If ``k`` or ``retrieval`` is invalid.

        Examples
        --------
        See :func:`align`.
        """
        k = check_positive_int("k", k)
        check_choice("retrieval", retrieval, RETRIEVALS)
        rows = np.array(self._source._indices(check_words(words)), dtype=np.intp)
        indices, scores = self._search(rows, k, retrieval)
        word = self._target.vocab.word
        return [
            [(word(j), s) for j, s in zip(row, values, strict=True) if j >= 0]
            for row, values in zip(indices.tolist(), scores.tolist(), strict=True)
        ]

    def evaluate(
        self,
        test_pairs: Iterable[tuple[str, str]],
        *,
        ks: Sequence[int] = (1, 5, 10),
        retrieval: Retrieval = "csls",
    ) -> dict[str, Any]:
        """Precision@k of word translation on a held-out dictionary (MUSE's protocol).

        The pairs are grouped by source word: a source word is one query, answered
        correctly at ``k`` if *any* of its gold translations is among its ``k`` best
        target words. Pairs with a word missing from either space are skipped (and
        counted); a source word none of whose translations is in the target is not
        a query.

        Parameters
        ----------
        test_pairs
            ``(source word, target word)`` pairs (see :func:`read_dictionary`).
        ks
            The cut-offs.
        retrieval
            ``"csls"`` or ``"nn"``.

        Returns
        -------
        dict
            ``"precision@K"`` for each ``K`` in ``ks`` (a fraction of the queries), and
            the coverage: ``"pairs"`` (distinct pairs given), ``"pairs_found"`` (both
            words known), ``"pairs_skipped"``, ``"sources"`` (distinct source words
            given), ``"queries"`` (source words evaluated), ``"coverage"``
            (``queries / sources``), and ``"retrieval"``.

        Raises
        ------
        ConfigError
            If no pair has both words in the spaces, or an option is invalid.

        Examples
        --------
        See :func:`align`.
        """
        check_choice("retrieval", retrieval, RETRIEVALS)
        cutoffs = _check_ks(ks)
        pairs = _check_pairs(test_pairs, "test_pairs")
        if not pairs:
            raise ConfigError("test_pairs is empty; give at least one (source, target) pair.")
        found, missing = _lookup_pairs(pairs, self._source, self._target)
        if not found:
            raise ConfigError(
                f"none of the {len(pairs)} test pairs has both words in the spaces "
                f"({_describe_missing(missing, self._source, self._target)}); check the "
                "dictionary's direction (source word first) and the words' case."
            )
        gold: dict[int, set[int]] = {}
        for i, j in found:
            gold.setdefault(i, set()).add(j)
        rows = np.array(list(gold), dtype=np.intp)
        indices, _ = self._search(rows, max(cutoffs), retrieval)
        first_hit = np.full(len(rows), np.iinfo(np.intp).max, dtype=np.intp)
        for q, (row, answers) in enumerate(zip(rows.tolist(), indices.tolist(), strict=True)):
            hits = [rank for rank, j in enumerate(answers) if j in gold[row]]
            if hits:
                first_hit[q] = hits[0]
        sources = len({source_word for source_word, _ in pairs})
        report: dict[str, Any] = {
            "retrieval": retrieval,
            "pairs": len(pairs),
            "pairs_found": len(found),
            "pairs_skipped": len(missing),
            "sources": sources,
            "queries": len(rows),
            "coverage": len(rows) / sources,
        }
        for k in cutoffs:
            report[f"precision@{k}"] = float(np.mean(first_hit < k))
        logger.info(
            "evaluated %d queries (%d of %d pairs skipped): %s",
            len(rows),
            len(missing),
            len(pairs),
            ", ".join(f"P@{k}={report[f'precision@{k}']:.3f}" for k in cutoffs),
        )
        return report

    # -- persistence ---------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save the map in firth's native format (a directory; atomic, pickle-free).

        The matrix, the normalisation (and the means it needs) and the counts are saved,
        not the spaces: :meth:`load` takes them again.

        Raises
        ------
        FormatError
            If ``path`` is a file or a non-empty directory that is not a firth model.
        """
        arrays: dict[str, npt.ArrayLike] = {"matrix": self._matrix}
        if self._source_mean is not None and self._target_mean is not None:
            arrays["source_mean"] = self._source_mean
            arrays["target_mean"] = self._target_mean
        manifest: dict[str, Any] = {
            "kind": KIND,
            "method": self._method,
            "normalize": self._normalize,
            "csls_k": self._csls_k,
            "pairs_used": self._pairs_used,
            "pairs_skipped": self._pairs_skipped,
            "refined": list(self._refined),
            "source_dim": self._source.dim,
            "target_dim": self._target.dim,
        }
        save_native(path, arrays, manifest)

    @classmethod
    def load(
        cls, path: str | os.PathLike[str], source: Embeddings, target: Embeddings
    ) -> Alignment:
        """Load a map saved by :meth:`save`, between the spaces ``source`` and ``target``.

        Raises
        ------
        FormatError
            If the directory is not a saved alignment or is damaged.
        ConfigError
            If the spaces do not have the dimensions of the saved map.

        Examples
        --------
        >>> import os, tempfile
        >>> import numpy as np
        >>> from firth import Embeddings, Vocab
        >>> src = Embeddings(Vocab(["a", "b"]), [[1.0, 0.0], [0.0, 1.0]])
        >>> tgt = Embeddings(Vocab(["x", "y"]), [[0.0, 1.0], [1.0, 0.0]])
        >>> mapping = align(src, tgt, [("a", "x"), ("b", "y")])
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     mapping.save(os.path.join(tmp, "en-it"))
        ...     back = Alignment.load(os.path.join(tmp, "en-it"), src, tgt)
        >>> back.method, np.array_equal(back.matrix, mapping.matrix)
        ('procrustes', True)
        """
        where = os.fspath(path)
        manifest, arrays = load_native(path, mmap=False)
        if manifest.get("kind") != KIND:
            raise FormatError(
                f"{where} holds a firth {manifest.get('kind')!r}, not an alignment "
                f"(kind {KIND!r}); Alignment.load reads what Alignment.save wrote."
            )
        matrix = arrays.get("matrix")
        if matrix is None or matrix.ndim != 2 or matrix.dtype.kind != "f":
            raise FormatError(f"{where}: 'matrix' must be a 2-D float array.")
        options: dict[str, Any] = {}
        for key, check in (("method", METHODS), ("normalize", NORMALIZATIONS)):
            value = manifest.get(key)
            if value not in check:
                raise FormatError(
                    f"{where}: manifest {key!r} is {value!r}; expected one of {check}."
                )
            options[key] = value
        for key in ("csls_k", "pairs_used", "pairs_skipped"):
            value = manifest.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise FormatError(
                    f"{where}: manifest {key!r} must be an integer >= 0; got {value!r}."
                )
            options[key] = value
        refined = manifest.get("refined", [])
        if not isinstance(refined, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in refined
        ):
            raise FormatError(f"{where}: manifest 'refined' must be a list of integers >= 0.")
        _check_embeddings("source", source)
        _check_embeddings("target", target)
        if matrix.shape != (source.dim, target.dim):
            raise ConfigError(
                f"{where} maps {matrix.shape[0]} to {matrix.shape[1]} dimensions, but the "
                f"spaces given have {source.dim} (source) and {target.dim} (target); load it "
                "with the spaces it was solved between."
            )
        means = (arrays.get("source_mean"), arrays.get("target_mean"))
        if options["normalize"] == "center+unit" and (means[0] is None or means[1] is None):
            raise FormatError(f"{where}: center+unit normalisation but no saved means.")
        try:
            return cls(
                source,
                target,
                matrix,
                refined=refined,
                source_mean=means[0],
                target_mean=means[1],
                **options,
            )
        except ConfigError as exc:
            raise FormatError(f"{where}: {exc}") from exc


def _check_ks(ks: Sequence[int]) -> list[int]:
    if isinstance(ks, (int, str)) or not isinstance(ks, Iterable):
        raise ConfigError(f"ks must be a sequence of integers >= 1, e.g. (1, 5, 10); got {ks!r}.")
    cutoffs = sorted({check_positive_int("ks", k) for k in ks})
    if not cutoffs:
        raise ConfigError("ks must hold at least one cut-off, e.g. (1, 5, 10); got none.")
    return cutoffs


def align(
    source: Embeddings,
    target: Embeddings,
    pairs: Iterable[tuple[str, str]],
    *,
    method: Method = "procrustes",
    normalize: Normalization = "unit",
    refine: int = 0,
    refine_vocab: int = 20000,
    csls_k: int = 10,
) -> Alignment:
    """Map ``source`` onto ``target`` from a seed dictionary of translation pairs.

    The map ``W`` minimises ``‖X W − Y‖`` where the rows of ``X`` and ``Y`` are the
    normalised vectors of the source and target words of each pair (see
    :mod:`firth.align.mapping`).

    Parameters
    ----------
    source, target
        The two spaces (their dimensions may differ).
    pairs
        ``(source word, target word)`` pairs, e.g. from :func:`read_dictionary`. A word
        may have several translations; identical pairs count once. Pairs with a word
        missing from either space are skipped, counted (``pairs_skipped``) and logged.
    method
        ``"procrustes"`` (default): the best orthogonal map (semi-orthogonal when the
        dimensions differ); it keeps the geometry of the source space, and is the
        stronger choice for word translation (Xing et al. 2015; Conneau et al. 2018).
        ``"lstsq"``: unconstrained least squares (Mikolov et al. 2013; gensim's
        ``TranslationMatrix``).
    normalize
        How both spaces are normalised first. ``"unit"`` (default): every vector scaled
        to length 1, so that cosine similarity is what is aligned (and what gensim
        does). ``"center+unit"``: unit length, minus the space's mean unit vector, unit
        length again (Artetxe et al. 2018), often a little better for Procrustes.
        ``"none"``: the raw vectors.
    refine
        Iterations of self-learning (Artetxe et al. 2017; Conneau et al. 2018): map the
        ``refine_vocab`` most frequent source words, pair them with the ``refine_vocab``
        most frequent target words that are mutual CSLS nearest neighbours, add the seed
        pairs, and solve again. Stops early when the dictionary no longer changes.
    refine_vocab
        Words of each space taken into refinement: the most frequent by the
        vocabulary's counts, or the first rows when it has none (vector files are
        sorted by frequency).
    csls_k
        Neighbourhood size of CSLS (refinement and retrieval).

    Returns
    -------
    Alignment

    Raises
    ------
    ConfigError
        If fewer than 2 distinct pairs have both words in the spaces, or an option is
        invalid.
    TypeError
        If ``source`` or ``target`` is not :class:`~firth.Embeddings`.

    Examples
    --------
    >>> import numpy as np
    >>> from firth import Embeddings, Vocab
    >>> rng = np.random.default_rng(0)
    >>> italian = Embeddings(Vocab(["uno", "due", "tre", "quattro", "cinque"]),
    ...                      rng.normal(size=(5, 3)))
    >>> rotation, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    >>> english = Embeddings(Vocab(["one", "two", "three", "four", "five"]),
    ...                      italian.vectors @ rotation)
    >>> mapping = align(english, italian, [("one", "uno"), ("two", "due"), ("three", "tre"),
    ...                                    ("six", "sei")])
    >>> mapping.pairs_used, mapping.pairs_skipped, np.allclose(mapping.matrix, rotation.T,
    ...                                                        atol=1e-5)
    (3, 1, True)
    >>> [[(w, round(s, 3)) for w, s in found] for found in
    ...  mapping.translate(["four", "five"], k=1, retrieval="nn")]
    [[('quattro', 1.0)], [('cinque', 1.0)]]
    >>> mapping.evaluate([("four", "quattro"), ("five", "tre")], ks=(1,), retrieval="nn")[
    ...     "precision@1"]
    0.5
    """
    _check_embeddings("source", source)
    _check_embeddings("target", target)
    check_choice("method", method, METHODS)
    check_choice("normalize", normalize, NORMALIZATIONS)
    refine = _check_non_negative_int("refine", refine)
    refine_vocab = check_positive_int("refine_vocab", refine_vocab)
    csls_k = check_positive_int("csls_k", csls_k)
    distinct = _check_pairs(pairs, "pairs")
    found, missing = _lookup_pairs(distinct, source, target)
    if missing:
        logger.info(
            "skipped %d of %d seed pairs with a word missing from a space (%s)",
            len(missing),
            len(distinct),
            _describe_missing(missing, source, target),
        )
    if len(found) < 2:
        detail = f" ({_describe_missing(missing, source, target)})" if missing else ""
        raise ConfigError(
            f"align needs at least 2 distinct word pairs whose words are in both spaces; got "
            f"{len(found)} of {len(distinct)}{detail}. Check the dictionary's direction "
            "(source word first), the words' case, and that it belongs to these spaces."
        )
    source_mean = space_mean(source.unit_vectors) if normalize == "center+unit" else None
    target_mean = space_mean(target.unit_vectors) if normalize == "center+unit" else None

    def solve_pairs(index_pairs: Sequence[tuple[int, int]]) -> npt.NDArray[np.float32]:
        rows = np.array(index_pairs, dtype=np.intp).reshape(-1, 2)
        x = normalize_rows(source.vectors[rows[:, 0]], normalize, source_mean)
        y = normalize_rows(target.vectors[rows[:, 1]], normalize, target_mean)
        return solve(x, y, method)

    matrix = solve_pairs(found)
    refined: list[int] = []
    if refine:
        source_rows = _frequent_rows(source, refine_vocab)
        target_rows = _frequent_rows(target, refine_vocab)
        source_part = normalize_rows(source.vectors[source_rows], normalize, source_mean)
        target_part = _unit_in_place(
            normalize_rows(target.vectors[target_rows], normalize, target_mean)
        )
        seed = set(found)
        previous: set[tuple[int, int]] = seed
        for iteration in range(1, refine + 1):
            mapped = _unit_in_place(source_part @ matrix)
            i, j = mutual_neighbours(mapped, target_part, csls_k)
            induced = set(zip(source_rows[i].tolist(), target_rows[j].tolist(), strict=True))
            dictionary = induced | seed
            logger.info(
                "refinement %d: %d mutual CSLS neighbours, %d pairs with the seed",
                iteration,
                len(induced),
                len(dictionary),
            )
            if dictionary == previous:
                logger.info("refinement converged: the dictionary did not change")
                break
            matrix = solve_pairs(sorted(dictionary))
            refined.append(len(dictionary))
            previous = dictionary
    return Alignment(
        source,
        target,
        matrix,
        method=method,
        normalize=normalize,
        csls_k=csls_k,
        pairs_used=len(found),
        pairs_skipped=len(missing),
        refined=refined,
        source_mean=source_mean,
        target_mean=target_mean,
    )
