"""The vocabulary: words, their counts and their indices.

Counts live in one int64 array; words in one list with a dict index for lookups (no
per-word objects holding attributes). The index is built on the first lookup, and a
vocabulary opened from packed UTF-8 arrays (a memory-mapped native folder) decodes its
words only when they are first needed: opening a model with millions of words costs
milliseconds, and the first lookup pays for the index once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from firth.errors import FormatError, VocabularyError

__all__ = ["Vocab"]


class Vocab:
    """An ordered vocabulary with optional counts.

    Parameters
    ----------
    words
        Distinct words; their position is their index.
    counts
        Corpus frequency of each word (same length as ``words``), or ``None`` for vectors
        that came without counts (e.g. a word2vec file).

    Raises
    ------
    VocabularyError
        If a word appears twice, a word is not a ``str``, or the counts do not fit.

    Examples
    --------
    >>> vocab = Vocab(["the", "cat"], counts=[10, 3])
    >>> vocab.index("cat"), len(vocab), "dog" in vocab
    (1, 2, False)
    >>> int(vocab.total)
    13
    """

    __slots__ = ("_counts", "_index", "_packed", "_size", "_source", "_words")

    def __init__(self, words: Sequence[str], counts: npt.ArrayLike | None = None) -> None:
        self._words: list[str] | None = list(words)
        self._size = len(self._words)
        self._index: dict[str, int] | None = None
        self._packed: tuple[npt.NDArray[np.uint8], npt.NDArray[np.int64]] | None = None
        self._source: str | None = None
        if len(set(self._words)) != self._size:
            dupes = [w for w, n in Counter(self._words).items() if n > 1][:5]
            raise VocabularyError(
                f"duplicate words in vocabulary: {dupes!r}; every word must appear once."
            )
        for word in self._words[:1] + self._words[-1:]:
            if not isinstance(word, str):
                raise VocabularyError(f"vocabulary words must be str; got {type(word).__name__}.")
        self._counts = _checked_counts(counts, self._size)

    @classmethod
    def from_utf8(
        cls,
        data: npt.ArrayLike,
        offsets: npt.ArrayLike,
        counts: npt.ArrayLike | None = None,
        *,
        source: str | None = None,
    ) -> Vocab:
        """A vocabulary over words packed as by :func:`firth.io.native.encode_words`.

        The arrays (which may be memory-mapped) are validated at once: offsets in range
        and every word valid UTF-8, a vectorised check. The words are decoded when first
        needed and indexed at the first lookup; a duplicate word is reported then, as a
        :class:`~firth.errors.FormatError` naming ``source`` (or at once by
        :meth:`build_index`).

        Examples
        --------
        >>> from firth.io.native import encode_words
        >>> vocab = Vocab.from_utf8(*encode_words(["the", "café"]), counts=[5, 2])
        >>> len(vocab), vocab.word(1), vocab.index("café")
        (2, 'café', 1)
        """
        from firth.io.native import check_word_arrays

        packed = check_word_arrays(data, offsets, source=source)
        vocab = cls.__new__(cls)
        vocab._words = None
        vocab._size = len(packed[1]) - 1
        vocab._index = None
        vocab._packed = packed
        vocab._source = source
        try:
            vocab._counts = _checked_counts(counts, vocab._size)
        except VocabularyError as exc:
            raise FormatError(f"{source or 'packed words'}: invalid counts: {exc}") from exc
        return vocab

    def _decoded(self) -> list[str]:
        if self._words is None:
            from firth.io.native import decode_checked_words

            assert self._packed is not None
            self._words = decode_checked_words(*self._packed)
        return self._words

    def _lookup(self) -> dict[str, int]:
        if self._index is None:
            words = self._decoded()
            index = dict(zip(words, range(self._size), strict=True))
            if len(index) != self._size:  # only packed words can hold duplicates here
                dupes = [w for w, n in Counter(words).items() if n > 1][:5]
                raise FormatError(
                    f"{self._source or 'packed words'}: duplicate words {dupes!r} in the "
                    "vocabulary; the file is damaged (firth never writes one): re-save the "
                    "model from its source."
                )
            self._index = index
        return self._index

    def build_index(self) -> None:
        """Decode and index every word now rather than at the first lookup.

        Useful before serving queries, and to check a vocabulary opened by
        :meth:`from_utf8` for duplicate words (a ``FormatError``).

        Examples
        --------
        >>> from firth.io.native import encode_words
        >>> Vocab.from_utf8(*encode_words(["a", "a"]), source="m").build_index()
        Traceback (most recent call last):
        ...
        firth.errors.FormatError: m: duplicate words ['a'] in the vocabulary; ...
        """
        self._lookup()

    def prefix(self, n: int) -> Vocab:
        """The vocabulary of the first ``n`` words (still packed if this one is).

        Examples
        --------
        >>> Vocab(["a", "b", "c"], counts=[3, 2, 1]).prefix(2)
        Vocab(['a', 'b'], size=2)
        """
        n = max(0, min(n, self._size))
        counts = None if self._counts is None else self._counts[:n]
        if self._words is None:
            assert self._packed is not None
            data, bounds = self._packed
            return Vocab.from_utf8(data[: bounds[n]], bounds[: n + 1], counts, source=self._source)
        head = Vocab.__new__(Vocab)
        head._words, head._size, head._index = self._words[:n], n, None
        head._packed, head._source, head._counts = None, self._source, counts
        return head

    @property
    def words(self) -> list[str]:
        """The words in index order (a copy; the vocabulary is immutable)."""
        return list(self._decoded())

    @property
    def counts(self) -> npt.NDArray[np.int64] | None:
        """Read-only corpus counts in index order, or ``None`` when unknown."""
        return self._counts

    @property
    def total(self) -> int:
        """Sum of all counts (0 when counts are unknown)."""
        return 0 if self._counts is None else int(self._counts.sum())

    def index(self, word: str) -> int:
        """The index of ``word``; raises ``KeyError`` (``UnknownWordError``) if absent."""
        try:
            return self._lookup()[word]
        except KeyError:
            from firth.errors import UnknownWordError

            raise UnknownWordError(word, self.suggest(word)) from None

    def get_index(self, word: str, default: int = -1) -> int:
        """The index of ``word``, or ``default`` if absent."""
        return self._lookup().get(word, default)

    def word(self, index: int) -> str:
        """The word at ``index`` (decoding only that word if the others are not yet)."""
        if self._words is not None:
            return self._words[index]
        assert self._packed is not None
        data, bounds = self._packed
        row = range(self._size)[index]  # IndexError and negative indices as for a list
        return data[bounds[row] : bounds[row + 1]].tobytes().decode("utf-8")

    def suggest(self, word: str, n: int = 3) -> list[str]:
        """Up to ``n`` known words that look like ``word`` (case-insensitive first)."""
        lowered = word.lower()
        if lowered != word and lowered in self._lookup():
            return [lowered]
        import difflib

        pool = self._decoded()[:50_000]
        return difflib.get_close_matches(word, pool, n=n, cutoff=0.75)

    def __len__(self) -> int:
        return self._size

    def __contains__(self, word: object) -> bool:
        return word in self._lookup()

    def __iter__(self) -> Iterator[str]:
        return iter(self._decoded())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Vocab):
            return NotImplemented
        if self._decoded() != other._decoded():
            return False
        if self._counts is None or other._counts is None:
            return self._counts is other._counts
        return bool(np.array_equal(self._counts, other._counts))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = ", ".join(repr(self.word(i)) for i in range(min(5, self._size)))
        more = ", ..." if self._size > 5 else ""
        return f"Vocab([{head}{more}], size={self._size})"

    @classmethod
    def from_counts(cls, items: Iterable[tuple[str, int]]) -> Vocab:
        """Build a vocabulary sorted by descending count (ties broken by the word itself).

        Examples
        --------
        >>> Vocab.from_counts([("b", 2), ("a", 2), ("c", 5)]).words
        ['c', 'a', 'b']
        """
        pairs = sorted(items, key=lambda item: (-item[1], item[0]))
        return cls([w for w, _ in pairs], np.array([c for _, c in pairs], dtype=np.int64))


def _checked_counts(counts: npt.ArrayLike | None, size: int) -> npt.NDArray[np.int64] | None:
    """``counts`` as a read-only int64 array of ``size`` non-negative entries, or ``None``."""
    if counts is None:
        return None
    array = np.asarray(counts)
    if array.shape != (size,):
        raise VocabularyError(
            f"counts must have one entry per word ({size}); got shape {array.shape}."
        )
    if array.size and (not np.issubdtype(array.dtype, np.integer) or array.min() < 0):
        raise VocabularyError("counts must be non-negative integers.")
    checked = array.astype(np.int64, copy=False)
    if checked is array and array.flags.writeable:
        checked = array.view()
    checked.flags.writeable = False
    return checked
