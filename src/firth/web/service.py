"""What the web explorer computes, without the web: checked queries on one `Embeddings`.

Every request is bounded (``MAX_K`` results, ``MAX_WORDS`` words, ``MAX_WORD_CHARS``
characters a word) and answered from the embeddings loaded once (memory-mapped for a
native folder), so a request never loads the model again.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import Any

import numpy as np

from firth.embeddings import Embeddings
from firth.errors import ConfigError
from firth.queries._checks import unit_rows

__all__ = ["MAX_K", "MAX_WORDS", "MAX_WORD_CHARS", "Axis", "Explorer"]

MAX_K = 100
MAX_WORDS = 200
MAX_WORD_CHARS = 100

#: An axis: one word (its own direction) or a pair ``(a, b)`` pointing from ``a`` to ``b``.
Axis = str | Sequence[str]


class Explorer:
    """Bounded queries for the explorer's pages and JSON API.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> emb = Embeddings(Vocab(["king", "queen", "kin"], counts=[5, 4, 1]),
    ...                  [[1, 0.1], [0.9, 0.2], [0, 1]])
    >>> explorer = Explorer(emb)
    >>> explorer.complete("ki")
    ['king', 'kin']
    >>> explorer.neighbours("king", k=1)
    [{'word': 'queen', 'score': 0.9929}]
    """

    def __init__(self, embeddings: Embeddings) -> None:
        self.embeddings = embeddings
        self._sorted: list[tuple[str, int]] | None = None

    def info(self) -> dict[str, Any]:
        """Size and provenance of the vectors."""
        emb = self.embeddings
        metadata = emb.metadata
        method = metadata.get("method") or ("word2vec" if "config" in metadata else None)
        return {"words": len(emb), "dim": emb.dim, "method": method,
                "examples": emb.words[:5]}  # fmt: skip

    def complete(self, prefix: str, limit: int = 10) -> list[str]:
        """Words starting with ``prefix`` (case-insensitive), most frequent first."""
        _check_text("prefix", prefix, allow_empty=True)
        _check_k("limit", limit)
        if self._sorted is None:  # built once: (lowercased word, row), sorted
            self._sorted = sorted((w.lower(), i) for i, w in enumerate(self.embeddings.words))
        key = prefix.lower()
        start = bisect.bisect_left(self._sorted, (key, -1))
        rows: list[int] = []
        for word, row in self._sorted[start:]:
            if not word.startswith(key) or len(rows) >= 50 * limit:
                break
            rows.append(row)
        words = self.embeddings.words
        return [words[r] for r in sorted(rows)[:limit]]  # vocabulary order = frequency

    def neighbours(self, word: str, k: int = 10) -> list[dict[str, Any]]:
        """The ``k`` nearest words by cosine, with their scores."""
        _check_text("word", word)
        _check_k("k", k)
        return _scored(self.embeddings.most_similar(word, k=k))

    def analogy(self, a: str, b: str, c: str, k: int = 5) -> list[dict[str, Any]]:
        """``a`` is to ``b`` as ``c`` is to ? (3CosAdd, the three words excluded)."""
        for name, value in (("a", a), ("b", b), ("c", c)):
            _check_text(name, value)
        _check_k("k", k)
        return _scored(self.embeddings.analogy(a, b, c, k=k))

    def project(self, words: Sequence[str], x: Axis, y: Axis | None = None) -> list[dict[str, Any]]:
        """Word2viz: each word's cosine with the x axis (and the y axis)."""
        _check_words(words)
        emb = self.embeddings
        x_axis = self._axis("x", x)
        if y is None:
            xs = emb.project(list(words), x_axis)
            return [{"word": w, "x": round(float(v), 4)} for w, v in zip(words, xs, strict=True)]
        points = emb.project_plane(list(words), x_axis, self._axis("y", y))
        return [
            {"word": w, "x": round(float(p[0]), 4), "y": round(float(p[1]), 4)}
            for w, p in zip(words, points, strict=True)
        ]

    def vectors(self, words: Sequence[str]) -> dict[str, Any]:
        """The raw vectors of ``words`` (for the colour strips) and their value range."""
        _check_words(words)
        rows = np.asarray(self.embeddings.vectors_of(list(words)), dtype=np.float64)
        return {"words": list(words), "vectors": rows.round(5).tolist(),
                "limit": float(np.abs(rows).max()) if rows.size else 0.0}  # fmt: skip

    def neighbourhood(self, word: str, k: int = 30) -> list[dict[str, Any]]:
        """``word`` and its ``k`` neighbours placed on their first two principal axes."""
        neighbours = self.neighbours(word, k)
        words = [word] + [n["word"] for n in neighbours]
        unit = unit_rows(np.array(self.embeddings.vectors_of(words), dtype=np.float32))
        centred = unit - unit.mean(axis=0)
        _, _, vt = np.linalg.svd(centred, full_matrices=False)  # PCA by LAPACK
        xy = centred @ vt[:2].T if len(vt) >= 2 else np.zeros((len(words), 2))
        scores = [1.0] + [n["score"] for n in neighbours]
        return [
            {"word": w, "x": round(float(p[0]), 4), "y": round(float(p[1]), 4), "score": s}
            for w, p, s in zip(words, xy, scores, strict=True)
        ]

    def _axis(self, name: str, axis: Axis) -> Any:
        if isinstance(axis, str):
            _check_text(name, axis)
            return self.embeddings.axis(axis)
        pair = list(axis)
        if len(pair) != 2:
            raise ConfigError(
                f"axis {name} must be one word or a pair of words [from, to]; got {pair!r}."
            )
        for word in pair:
            _check_text(name, word)
        return self.embeddings.axis(pair[1], pair[0])


def _scored(pairs: Sequence[tuple[str, float]]) -> list[dict[str, Any]]:
    return [{"word": w, "score": round(float(s), 4)} for w, s in pairs]


def _check_text(name: str, value: object, *, allow_empty: bool = False) -> None:
    if not isinstance(value, str) or (not value and not allow_empty):
        raise ConfigError(f"{name} must be a non-empty word; got {value!r}.")
    if len(value) > MAX_WORD_CHARS:
        raise ConfigError(
            f"{name} is {len(value)} characters long; the explorer accepts words of at most "
            f"{MAX_WORD_CHARS}."
        )


def _check_k(name: str, k: object) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or not 1 <= k <= MAX_K:
        raise ConfigError(f"{name} must be an integer from 1 to {MAX_K}; got {k!r}.")


def _check_words(words: Sequence[str]) -> None:
    if not 1 <= len(words) <= MAX_WORDS:
        raise ConfigError(
            f"give between 1 and {MAX_WORDS} words; got {len(words)}. Ask for fewer at a time."
        )
    for word in words:
        _check_text("word", word)
