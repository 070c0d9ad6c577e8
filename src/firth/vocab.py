"""The vocabulary: words, their counts and their indices.

Counts live in one int64 array; words in one list with a dict index for lookups (no
per-word objects holding attributes).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy as np
import numpy.typing as npt

from firth.errors import VocabularyError

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

    Examples
    --------
    >>> vocab = Vocab(["the", "cat"], counts=[10, 3])
    >>> vocab.index("cat"), len(vocab), "dog" in vocab
    (1, 2, False)
    >>> int(vocab.total)
    13
    """

    __slots__ = ("_counts", "_index", "_words")

    def __init__(self, words: Sequence[str], counts: npt.ArrayLike | None = None) -> None:
        self._words: list[str] = list(words)
        self._index: dict[str, int] = {w: i for i, w in enumerate(self._words)}
        if len(self._index) != len(self._words):
            dupes = [w for w, n in Counter(self._words).items() if n > 1][:5]
            raise VocabularyError(
                f"duplicate words in vocabulary: {dupes!r}; every word must appear once."
            )
        for word in self._words[:1] + self._words[-1:]:
            if not isinstance(word, str):
                raise VocabularyError(f"vocabulary words must be str; got {type(word).__name__}.")
        self._counts: npt.NDArray[np.int64] | None = None
        if counts is not None:
            array = np.asarray(counts)
            if array.shape != (len(self._words),):
                raise VocabularyError(
                    f"counts must have one entry per word ({len(self._words)}); "
                    f"got shape {array.shape}."
                )
            if array.size and (not np.issubdtype(array.dtype, np.integer) or array.min() < 0):
                raise VocabularyError("counts must be non-negative integers.")
            self._counts = array.astype(np.int64, copy=False)
            self._counts.flags.writeable = False

    @property
    def words(self) -> list[str]:
        """The words in index order (a copy; the vocabulary is immutable)."""
        return list(self._words)

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
            return self._index[word]
        except KeyError:
            from firth.errors import UnknownWordError

            raise UnknownWordError(word, self.suggest(word)) from None

    def get_index(self, word: str, default: int = -1) -> int:
        """The index of ``word``, or ``default`` if absent."""
        return self._index.get(word, default)

    def word(self, index: int) -> str:
        """The word at ``index``."""
        return self._words[index]

    def suggest(self, word: str, n: int = 3) -> list[str]:
        """Up to ``n`` known words that look like ``word`` (case-insensitive first)."""
        lowered = word.lower()
        if lowered != word and lowered in self._index:
            return [lowered]
        import difflib

        pool = self._words if len(self._words) <= 50_000 else self._words[:50_000]
        return difflib.get_close_matches(word, pool, n=n, cutoff=0.75)

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._words)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Vocab):
            return NotImplemented
        if self._words != other._words:
            return False
        if self._counts is None or other._counts is None:
            return self._counts is other._counts
        return bool(np.array_equal(self._counts, other._counts))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = ", ".join(repr(w) for w in self._words[:5])
        more = ", ..." if len(self._words) > 5 else ""
        return f"Vocab([{head}{more}], size={len(self._words)})"

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
