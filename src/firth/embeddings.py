"""Embeddings: a vocabulary plus one vector per word, with lookups and queries.

An :class:`Embeddings` is a composition of small parts: a :class:`~firth.vocab.Vocab`, a
2-D array of vectors (possibly memory-mapped), lazily computed norms and unit vectors, and
a JSON-able metadata dict. It never modifies the arrays it is given.

This module holds construction, lookups and persistence; the queries (neighbours,
analogies, word arithmetic, axes, approximate search) are defined in :mod:`firth.queries`
and mixed into the class.
"""

from __future__ import annotations

import copy
import logging
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, overload

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError, FormatError, UnknownWordError
from firth.io.native import encode_words, load_native, save_native
from firth.io.word2vec import read_word2vec, write_word2vec
from firth.queries._checks import check_words
from firth.queries.analogies import AnalogyQueries
from firth.queries.ann import AnnQueries
from firth.queries.expression import WordVector
from firth.queries.geometry import GeometryQueries
from firth.queries.similarity import SimilarityQueries
from firth.queries.topk import top_k_rows
from firth.vocab import Vocab

if TYPE_CHECKING:
    from firth.io._textparse import DType, Errors
    from firth.io.registry import FormatName

__all__ = ["Embeddings"]

logger = logging.getLogger(__name__)

_T = TypeVar("_T")

#: Manifest ``kind`` values that :meth:`Embeddings.load` accepts.
_LOADABLE_KINDS = ("embeddings", "word2vec-model")
_KEPT_DTYPES = (np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64))
# Rows are processed in chunks of about this many values to bound temporary memory.
_CHUNK_VALUES = 1 << 22


def _chunk_rows(dim: int) -> int:
    return max(1, _CHUNK_VALUES // max(dim, 1))


class Embeddings(SimilarityQueries, AnalogyQueries, GeometryQueries, AnnQueries):
    """Word vectors: a vocabulary and a ``(len(vocab), dim)`` array.

    Parameters
    ----------
    vocab
        The words; row ``i`` of ``vectors`` belongs to ``vocab.word(i)``.
    vectors
        A 2-D array of finite real numbers with one row per word. A C-contiguous
        float16, float32 or float64 array is used as is (not copied; do not modify it
        afterwards); anything else is converted (integers to float32).
    metadata
        JSON-able information about the vectors (training parameters, corpus, …); it is
        saved with them.

    Raises
    ------
    ConfigError
        If ``vectors`` is not 2-D, has the wrong number of rows, no columns, a non-real
        dtype, or a non-finite value (the message names the first bad row's word).

    Notes
    -----
    ``vectors`` stays the original data (a lossless export); cosine queries use the
    cached :attr:`unit_vectors` and :attr:`norms`. Lookups: ``emb[word]``, :meth:`get`,
    :meth:`vectors_of`, :meth:`w` (word arithmetic). Queries, from :mod:`firth.queries`:
    ``similarity``, ``most_similar``, ``similar_by_vector``, ``most_similar_batch``,
    ``rank``, ``doesnt_match``, ``n_similarity``, ``analogy``, ``analogy_batch``,
    ``mean_vector``, ``axis``, ``project``, ``project_plane``, ``reject`` and
    ``build_index`` (approximate search, extra ``firth[ann]``).

    Examples
    --------
    >>> import numpy as np
    >>> from firth.vocab import Vocab
    >>> emb = Embeddings(Vocab(["king", "queen", "apple"]),
    ...                  np.array([[1, 0.1], [0.9, 0.2], [0, 1]], dtype=np.float32))
    >>> emb
    Embeddings(3 words, dim=2, dtype=float32: 'king', 'queen', 'apple')
    >>> emb["queen"]
    array([0.9, 0.2], dtype=float32)
    >>> [(w, round(s, 3)) for w, s in emb.most_similar("king", k=2)]
    [('queen', 0.993), ('apple', 0.1)]
    """

    __slots__ = ("_metadata", "_norms", "_unit", "_vectors", "_vocab")

    def __init__(
        self,
        vocab: Vocab,
        vectors: npt.ArrayLike,
        *,
        metadata: Mapping[str, Any] | None = None,
    ) -> None:
        self._setup(vocab, vectors, metadata, check_finite=True)

    @classmethod
    def _from_checked(
        cls, vocab: Vocab, vectors: npt.ArrayLike, metadata: Mapping[str, Any] | None
    ) -> Embeddings:
        """Embeddings over vectors a reader has already checked to be finite.

        Skips the second full scan for NaN and infinity (a gigabyte for a large model).
        """
        embeddings = cls.__new__(cls)
        embeddings._setup(vocab, vectors, metadata, check_finite=False)
        return embeddings

    def _setup(
        self,
        vocab: Vocab,
        vectors: npt.ArrayLike,
        metadata: Mapping[str, Any] | None,
        *,
        check_finite: bool,
    ) -> None:
        if not isinstance(vocab, Vocab):
            raise TypeError(
                f"vocab must be a firth.Vocab; got {type(vocab).__name__} "
                "(wrap a list of words with Vocab(words))."
            )
        if metadata is not None and not isinstance(metadata, Mapping):
            raise ConfigError(f"metadata must be a mapping or None; got {type(metadata)}.")
        array = np.asarray(vectors)
        if array.dtype.kind in "iu":
            array = array.astype(np.float32)
        elif array.dtype.kind != "f":
            raise ConfigError(f"vectors must hold real numbers; got dtype {array.dtype}.")
        elif array.dtype not in _KEPT_DTYPES:
            array = array.astype(np.float64)
        if array.ndim != 2 or array.shape[0] != len(vocab) or array.shape[1] < 1:
            raise ConfigError(
                f"vectors must be a 2-D array of shape (len(vocab), dim) = ({len(vocab)}, dim)"
                f" with dim >= 1; got shape {array.shape}."
            )
        array = np.ascontiguousarray(array)
        view = array.view()  # our own read-only view: the caller's flags stay as they are
        view.flags.writeable = False
        if check_finite:
            step = _chunk_rows(view.shape[1])
            for start in range(0, view.shape[0], step):
                finite = np.isfinite(view[start : start + step]).all(axis=1)
                if not finite.all():
                    row = start + int(np.argmin(finite))
                    raise ConfigError(
                        f"vectors must be finite; the row of {vocab.word(row)!r} (row {row}) "
                        "holds NaN or infinity."
                    )
        self._vocab = vocab
        self._vectors: npt.NDArray[np.floating[Any]] = view
        self._metadata: dict[str, Any] = {} if metadata is None else copy.deepcopy(dict(metadata))
        self._norms: npt.NDArray[np.float32] | None = None
        self._unit: npt.NDArray[np.float32] | None = None

    # -- parts -------------------------------------------------------------------------

    @property
    def vocab(self) -> Vocab:
        """The vocabulary."""
        return self._vocab

    @property
    def words(self) -> list[str]:
        """The words in row order (a new list)."""
        return self._vocab.words

    @property
    def vectors(self) -> npt.NDArray[np.floating[Any]]:
        """The vectors, read-only, in their stored dtype (no copy)."""
        return self._vectors

    @property
    def dim(self) -> int:
        """The number of dimensions."""
        return int(self._vectors.shape[1])

    @property
    def metadata(self) -> dict[str, Any]:
        """A copy of the metadata."""
        return copy.deepcopy(self._metadata)

    @property
    def norms(self) -> npt.NDArray[np.float32]:
        """Euclidean norm of each vector, float32, read-only (computed once, on first use)."""
        if self._norms is None:
            norms = np.empty(len(self._vectors), dtype=np.float32)
            step = _chunk_rows(self.dim)
            for start in range(0, len(norms), step):
                chunk = self._vectors[start : start + step].astype(np.float32)
                norms[start : start + step] = np.sqrt(np.einsum("ij,ij->i", chunk, chunk))
            norms.flags.writeable = False
            self._norms = norms
        return self._norms

    @property
    def unit_vectors(self) -> npt.NDArray[np.float32]:
        """The vectors scaled to length 1, float32, read-only (computed once, on first use).

        Zero vectors stay zero (their cosine similarity with anything is 0).
        """
        if self._unit is None:
            norms = self.norms
            unit = np.zeros(self._vectors.shape, dtype=np.float32)
            step = _chunk_rows(self.dim)
            for start in range(0, len(unit), step):
                chunk = self._vectors[start : start + step].astype(np.float32)
                scale = norms[start : start + step, None]
                np.divide(chunk, scale, out=unit[start : start + step], where=scale > 0)
            unit.flags.writeable = False
            self._unit = unit
        return self._unit

    # -- container protocol --------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._vocab)

    def __contains__(self, word: object) -> bool:
        return word in self._vocab

    def __iter__(self) -> Iterator[str]:
        return iter(self._vocab)

    def __getitem__(self, word: str) -> npt.NDArray[np.floating[Any]]:
        """The (read-only) vector of ``word``; raises ``UnknownWordError`` if absent."""
        row: npt.NDArray[np.floating[Any]] = self._vectors[self._index(word)]
        return row

    def __repr__(self) -> str:
        head = ", ".join(repr(self._vocab.word(i)) for i in range(min(5, len(self))))
        more = ", ..." if len(self) > 5 else ""
        return (
            f"Embeddings({len(self)} words, dim={self.dim}, dtype={self._vectors.dtype}"
            f"{': ' if len(self) else ''}{head}{more})"
        )

    # -- lookups -----------------------------------------------------------------------

    def _index(self, word: str) -> int:
        if not isinstance(word, str):
            raise TypeError(f"words are looked up by str; got {type(word).__name__}.")
        index = self._vocab.get_index(word)
        if index < 0:
            raise UnknownWordError(word, self._vocab.suggest(word))
        return index

    def _indices(self, words: Iterable[str]) -> list[int]:
        """Indices of ``words``; one error listing every unknown word."""
        words = list(words)
        for word in words:
            if not isinstance(word, str):
                raise TypeError(f"words are looked up by str; got {type(word).__name__}.")
        missing = {w: self._vocab.suggest(w) for w in words if w not in self._vocab}
        if missing:
            if len(missing) == 1:
                ((word, close),) = missing.items()
                raise UnknownWordError(word, close)
            first = next(iter(missing))
            raise UnknownWordError(first, missing[first], missing=missing)
        return [self._vocab.index(w) for w in words]

    def _top_k(
        self, scores: npt.NDArray[np.float32], k: int, exclude: Sequence[int]
    ) -> list[tuple[str, float]]:
        """The ``k`` best-scoring words, best first (ties: lower index first)."""
        scores = np.array(scores, dtype=np.float32)
        scores[np.asarray(exclude, dtype=np.intp)] = -np.inf
        indices, values = top_k_rows(scores[None, :], k)
        word = self._vocab.word
        pairs = zip(indices[0].tolist(), values[0].tolist(), strict=True)
        return [(word(i), v) for i, v in pairs if i >= 0]

    @overload
    def get(self, word: str) -> npt.NDArray[np.floating[Any]] | None: ...

    @overload
    def get(self, word: str, default: _T) -> npt.NDArray[np.floating[Any]] | _T: ...

    def get(self, word: str, default: object = None) -> object:
        """The (read-only) vector of ``word``, or ``default`` if it is not in the vocabulary.

        Raises
        ------
        TypeError
            If ``word`` is not a str.

        Examples
        --------
        >>> from firth.vocab import Vocab
        >>> emb = Embeddings(Vocab(["a"]), [[1.0, 2.0]])
        >>> emb.get("a"), emb.get("b"), emb.get("b", "none")
        (array([1., 2.]), None, 'none')
        """
        if not isinstance(word, str):
            raise TypeError(f"words are looked up by str; got {type(word).__name__}.")
        index = self._vocab.get_index(word)
        return default if index < 0 else self._vectors[index]

    def vectors_of(self, words: Sequence[str]) -> npt.NDArray[np.floating[Any]]:
        """The vectors of several words, as a read-only ``(len(words), dim)`` array.

        The rows are copies in the stored dtype (not unit-normalised), in the order of
        ``words`` (a word may repeat).

        Raises
        ------
        UnknownWordError
            If words are unknown; the error lists every one of them, with suggestions.
        TypeError
            If ``words`` is a single str or holds something else than str.

        Examples
        --------
        >>> from firth.vocab import Vocab
        >>> emb = Embeddings(Vocab(["a", "b"]), [[1.0, 2.0], [3.0, 4.0]])
        >>> emb.vectors_of(["b", "a", "b"]).tolist()
        [[3.0, 4.0], [1.0, 2.0], [3.0, 4.0]]
        >>> emb.vectors_of(["A", "c"])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        firth.errors.UnknownWordError: 2 words ...: 'A' (did you mean 'a'?), 'c'
        """
        rows = self._vectors[np.array(self._indices(check_words(words)), dtype=np.intp)]
        rows.flags.writeable = False
        return rows

    def w(self, word: str) -> WordVector:
        """``word`` as a term of vector arithmetic (its unit vector); see ``WordVector``.

        Raises
        ------
        UnknownWordError
            If ``word`` is unknown (with suggestions).

        Examples
        --------
        >>> from firth.vocab import Vocab
        >>> words = ["man", "woman", "king", "queen"]
        >>> vectors = [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]
        >>> emb = Embeddings(Vocab(words), vectors)
        >>> emb.most_similar(emb.w("king") - emb.w("man") + emb.w("woman"), k=1)[0][0]
        'queen'
        """
        return WordVector(self, {self._index(word): 1.0})

    # -- persistence -------------------------------------------------------------------

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save in firth's native format (a directory; atomic, pickle-free).

        Parameters
        ----------
        path
            The model directory: new, empty, or a previous firth model (replaced
            atomically).

        Raises
        ------
        FormatError
            If ``path`` is a file or a non-empty directory that is not a firth model.
        ConfigError
            If the metadata is not JSON-serialisable.

        Examples
        --------
        >>> import os, tempfile
        >>> from firth.vocab import Vocab
        >>> emb = Embeddings(Vocab(["a", "b"], counts=[5, 2]), [[1.0, 2.0], [3.0, 4.0]],
        ...                  metadata={"corpus": "demo"})
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     emb.save(os.path.join(tmp, "model"))
        ...     back = Embeddings.load(os.path.join(tmp, "model"), mmap=False)
        >>> back.words, back.vocab.counts.tolist(), back.metadata
        (['a', 'b'], [5, 2], {'corpus': 'demo'})
        """
        arrays = native_arrays(self._vocab, self._vectors)
        save_native(path, arrays, {"kind": "embeddings", "metadata": self._metadata})

    @classmethod
    def load(cls, path: str | os.PathLike[str], *, mmap: bool = True) -> Embeddings:
        """Load embeddings saved by :meth:`save`, or the input vectors of a saved model.

        Parameters
        ----------
        path
            A native model directory whose manifest ``kind`` is ``"embeddings"`` or
            ``"word2vec-model"``.
        mmap
            Memory-map the vectors read-only instead of reading them into memory. With
            ``mmap=True`` opening takes milliseconds whatever the size: the values are not
            scanned for NaN/infinity (they were checked when saved), and the words are
            decoded and indexed at the first lookup (see :meth:`Vocab.build_index`), which
            is also when a damaged folder's duplicate words are reported. With ``False``
            everything is read and checked at once.

        Returns
        -------
        Embeddings

        Raises
        ------
        FormatError
            If the directory is not a valid firth model of a loadable kind.

        Examples
        --------
        See :meth:`save`.
        """
        manifest, arrays = load_native(path, mmap=mmap)
        where = os.fspath(path)
        kind = manifest.get("kind")
        if kind not in _LOADABLE_KINDS:
            raise FormatError(
                f"{where} holds a firth {kind!r}, not embeddings; Embeddings.load reads "
                f"kinds {', '.join(repr(k) for k in _LOADABLE_KINDS)}."
            )
        needed = ("vectors", "words_utf8", "word_offsets")
        missing = [name for name in needed if name not in arrays]
        if missing:
            raise FormatError(f"{where}: the manifest lists no array(s) {missing!r}.")
        vocab = Vocab.from_utf8(
            arrays["words_utf8"], arrays["word_offsets"], arrays.get("counts"), source=where
        )
        if not mmap:
            vocab.build_index()
        vectors = arrays["vectors"]
        if vectors.ndim != 2 or vectors.shape[0] != len(vocab) or vectors.dtype.kind != "f":
            raise FormatError(
                f"{where}: 'vectors' must be a 2-D float array with one row per word "
                f"({len(vocab)}); got {vectors.dtype} of shape {vectors.shape}."
            )
        metadata = manifest.get("metadata", {})
        if not isinstance(metadata, dict):
            raise FormatError(f"{where}: 'metadata' must be a JSON object; got {metadata!r}.")
        embeddings = cls.__new__(cls)
        try:
            embeddings._setup(vocab, vectors, metadata, check_finite=not mmap)
        except ConfigError as exc:
            raise FormatError(f"{where}: invalid vectors: {exc}") from exc
        logger.debug("loaded %r from %s", embeddings, where)
        return embeddings

    def save_word2vec(self, path: str | os.PathLike[str], *, binary: bool = False) -> None:
        """Write the vectors as a word2vec.c text (default) or binary file, atomically.

        See :func:`firth.io.word2vec.write_word2vec`; the metadata and counts are not
        stored in that format.

        Raises
        ------
        FormatError
            If a word is empty or contains whitespace (the format cannot hold it).

        Examples
        --------
        >>> import os, tempfile
        >>> from firth.vocab import Vocab
        >>> emb = Embeddings(Vocab(["a", "b"]), [[0.5, 1.0], [0.0, -2.0]])
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     emb.save_word2vec(os.path.join(tmp, "v.bin"), binary=True)
        ...     back = Embeddings.load_word2vec(os.path.join(tmp, "v.bin"))
        >>> back.words, back.vectors.tolist()
        (['a', 'b'], [[0.5, 1.0], [0.0, -2.0]])
        """
        write_word2vec(path, self._vocab.words, self._vectors, binary=binary)

    @classmethod
    def load_word2vec(
        cls, path: str | os.PathLike[str], *, binary: bool | None = None
    ) -> Embeddings:
        """Read a word2vec.c text or binary file (see :func:`firth.io.word2vec.read_word2vec`).

        The vocabulary has no counts and the metadata is empty.

        Raises
        ------
        FormatError
            If the file is malformed or holds NaN or infinity.
        """
        words, vectors = read_word2vec(path, binary=binary)
        try:
            return cls(Vocab(words), vectors)
        except ConfigError as exc:
            raise FormatError(f"{os.fspath(path)}: {exc}") from exc


def native_arrays(vocab: Vocab, vectors: npt.ArrayLike) -> dict[str, npt.ArrayLike]:
    """The arrays that store a vocabulary and its vectors in the native format.

    A saved model stores its word vectors under the same names, which is what lets
    :meth:`Embeddings.load` read a model folder.
    """
    data, offsets = encode_words(vocab.words)
    arrays: dict[str, npt.ArrayLike] = {
        "vectors": vectors,
        "words_utf8": data,
        "word_offsets": offsets,
    }
    if vocab.counts is not None:
        arrays["counts"] = vocab.counts
    return arrays


def load(
    path: str | os.PathLike[str],
    *,
    format: FormatName | None = None,
    limit: int | None = None,
    dtype: DType = "float32",
    errors: Errors = "strict",
    mmap: bool = True,
) -> Embeddings:
    """Load embeddings from any supported file: the format is sniffed unless given.

    Parameters
    ----------
    path
        A firth folder (model or embeddings), or a word2vec text/binary, GloVe or fastText
        ``.vec`` file.
    format
        Force ``"native"``, ``"word2vec"``, ``"word2vec-binary"``, ``"glove"`` or
        ``"fasttext"`` instead of sniffing the content.
    limit
        Read only the first ``limit`` vectors (the most frequent ones in these formats).
    dtype
        ``"float32"`` or ``"float16"``.
    errors
        ``"strict"`` (a malformed line is a ``FormatError`` naming the file and line) or
        ``"skip"`` (malformed lines are skipped, counted in ``metadata["skipped"]``).
    mmap
        Memory-map a native folder instead of reading it.

    Examples
    --------
    >>> import tempfile, firth
    >>> emb = Embeddings(Vocab(["a", "b"]), [[1.0, 0.0], [0.0, 1.0]])
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     emb.save(folder + "/model")
    ...     len(firth.load(folder + "/model"))
    2
    """
    from firth.io.registry import load_embeddings

    return load_embeddings(path, format=format, limit=limit, dtype=dtype, errors=errors, mmap=mmap)
