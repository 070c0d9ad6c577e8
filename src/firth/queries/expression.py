"""Word-vector arithmetic: ``emb.w("king") - emb.w("man") + emb.w("woman")``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError
from firth.queries._store import VectorStore

__all__ = ["WordVector"]


class WordVector:
    """An immutable linear combination of unit word vectors, built from words.

    Create one with ``Embeddings.w(word)`` and combine them with ``+``, ``-``, unary
    ``-``, and multiplication or division by a real number. The value is
    ``sum(coefficient * unit_vector(word))``: each word counts by its direction, as in
    3CosAdd analogies. A ``WordVector`` can be passed wherever a query vector is
    accepted (``most_similar``, ``project``, ``axis``…); ``most_similar`` then leaves
    its words out of the answers unless asked otherwise (``exclude_self=False``).
    ``numpy.asarray(wv)`` gives the vector itself (a new float32 array).

    Parameters
    ----------
    embeddings
        The embeddings whose words are combined.
    terms
        Coefficient of each word index; zero coefficients are dropped.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["man", "woman", "king", "queen"]),
    ...                  [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]])
    >>> query = emb.w("king") - emb.w("man") + emb.w("woman")
    >>> query
    WordVector(king - man + woman)
    >>> emb.most_similar(query, k=1)[0][0]
    'queen'
    >>> 0.5 * emb.w("king") - emb.w("king") / 2
    WordVector(0)
    """

    __slots__ = ("_store", "_terms")
    # Make NumPy defer to this class, so `array + wv` raises instead of broadcasting.
    __array_ufunc__ = None

    def __init__(self, embeddings: VectorStore, terms: Mapping[int, float]) -> None:
        self._store = embeddings
        self._terms: tuple[tuple[int, float], ...] = tuple(
            (int(i), float(c)) for i, c in terms.items() if c != 0
        )

    @property
    def embeddings(self) -> VectorStore:
        """The embeddings the words come from."""
        return self._store

    @property
    def terms(self) -> list[tuple[str, float]]:
        """``(word, coefficient)`` pairs in order of first appearance."""
        word = self._store.vocab.word
        return [(word(i), c) for i, c in self._terms]

    @property
    def words(self) -> list[str]:
        """The words with a non-zero coefficient."""
        word = self._store.vocab.word
        return [word(i) for i, _ in self._terms]

    @property
    def word_indices(self) -> list[int]:
        """The vocabulary indices of :attr:`words`."""
        return [i for i, _ in self._terms]

    @property
    def vector(self) -> npt.NDArray[np.float32]:
        """The combined vector (a new float32 array of length ``dim``, not normalised)."""
        unit = self._store.unit_vectors
        total = np.zeros(unit.shape[1], dtype=np.float32)
        for index, coefficient in self._terms:
            total += np.float32(coefficient) * unit[index]
        return total

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> npt.NDArray[Any]:
        vector = self.vector
        return vector if dtype is None else vector.astype(dtype)

    # -- arithmetic ----------------------------------------------------------------------

    def _combine(self, other: WordVector, sign: float) -> WordVector:
        if other._store is not self._store:
            raise ConfigError(
                "cannot combine WordVectors of different embeddings; build both with the "
                "same Embeddings.w."
            )
        terms = dict(self._terms)
        for index, coefficient in other._terms:
            terms[index] = terms.get(index, 0.0) + sign * coefficient
        return WordVector(self._store, terms)

    def __add__(self, other: WordVector) -> WordVector:
        if not isinstance(other, WordVector):
            return NotImplemented
        return self._combine(other, 1.0)

    def __sub__(self, other: WordVector) -> WordVector:
        if not isinstance(other, WordVector):
            return NotImplemented
        return self._combine(other, -1.0)

    def __mul__(self, factor: float) -> WordVector:
        if (
            not isinstance(factor, (int, float, np.integer, np.floating))
            or isinstance(factor, bool)
            or not math.isfinite(factor)
        ):
            return NotImplemented
        return WordVector(self._store, {i: c * float(factor) for i, c in self._terms})

    __rmul__ = __mul__

    def __truediv__(self, divisor: float) -> WordVector:
        if (
            not isinstance(divisor, (int, float, np.integer, np.floating))
            or isinstance(divisor, bool)
            or not math.isfinite(divisor)
        ):
            return NotImplemented
        if divisor == 0:
            raise ZeroDivisionError("cannot divide a WordVector by zero.")
        return self * (1.0 / float(divisor))

    def __neg__(self) -> WordVector:
        return self * -1.0

    def __pos__(self) -> WordVector:
        return self

    # -- value semantics -----------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WordVector):
            return NotImplemented
        return other._store is self._store and dict(other._terms) == dict(self._terms)

    def __hash__(self) -> int:
        return hash((id(self._store), frozenset(self._terms)))

    def __repr__(self) -> str:
        parts: list[str] = []
        for word, coefficient in self.terms:
            sign = "-" if coefficient < 0 else "+"
            size = abs(coefficient)
            text = word if size == 1 else f"{size:g}*{word}"
            if parts:
                parts.append(f"{sign} {text}")
            else:
                parts.append(text if sign == "+" else f"-{text}")
        return f"WordVector({' '.join(parts) or '0'})"
