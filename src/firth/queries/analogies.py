"""Analogies: "a is to b as c is to ?" with 3CosAdd or 3CosMul, one or many at a time."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

from firth.errors import ConfigError
from firth.queries._checks import (
    check_choice,
    check_k,
    check_optional_positive_int,
    check_positive_float,
    check_restrict,
    unit_rows,
)
from firth.queries._store import VectorStore
from firth.queries.topk import Neighbours, mask_excluded, search_blocks

__all__ = ["AnalogyMethod", "AnalogyQueries"]

AnalogyMethod = Literal["3cosadd", "3cosmul"]
_METHODS = ("3cosadd", "3cosmul")
# Added to the 3CosMul denominator: Levy & Goldberg's value (gensim hard-codes 1e-6).
_EPSILON = 1e-3


def _question_indices(
    store: VectorStore, questions: Sequence[Sequence[str]]
) -> npt.NDArray[np.intp]:
    """The ``(n, 3)`` indices of ``a, b, c`` per question; every unknown word is listed."""
    if isinstance(questions, str):
        raise TypeError(f"questions must be a sequence of (a, b, c) triples; got {questions!r}.")
    rows = [tuple(question) for question in questions]
    for number, row in enumerate(rows):
        if len(row) != 3 or not all(isinstance(word, str) for word in row):
            raise ConfigError(
                f"each question must be three words (a, b, c); question {number} is {row!r}."
            )
    words = [word for row in rows for word in row]
    return np.array(store._indices(words), dtype=np.intp).reshape(len(rows), 3)


def solve(
    store: VectorStore,
    questions: npt.NDArray[np.intp],
    k: object,
    *,
    method: object,
    allow_inputs: bool,
    restrict: object,
    epsilon: object,
    batch_size: object,
) -> Neighbours:
    """Answer ``(n, 3)`` analogy questions given as word indices ``a, b, c``."""
    k = check_k(k)
    method = check_choice("method", method, _METHODS)
    epsilon = check_positive_float("epsilon", epsilon)
    rows = check_optional_positive_int("batch_size", batch_size)
    columns = check_restrict(restrict, len(store))
    unit = store.unit_vectors
    candidates = unit[:columns]
    row_excluded = None if allow_inputs else questions
    a, b, c = questions.T

    if method == "3cosadd":
        targets = unit_rows(unit[b] - unit[a] + unit[c])

        def fill(start: int, stop: int, out: npt.NDArray[np.float32]) -> None:
            np.matmul(targets[start:stop], candidates.T, out=out)
            mask_excluded(out, None if row_excluded is None else row_excluded[start:stop], None)

        extra_bytes = 0
    else:
        half = np.float32(0.5)
        eps = np.float32(epsilon)

        def fill(start: int, stop: int, out: npt.NDArray[np.float32]) -> None:
            # cos' = (1 + cos) / 2 maps cosines to [0, 1] (Levy & Goldberg, footnote 7);
            # score = cos'(x, b) * cos'(x, c) / (cos'(x, a) + epsilon), as gensim.
            shifted = [(1 + unit[w[start:stop]] @ candidates.T) * half for w in (a, b, c)]
            np.multiply(shifted[1], shifted[2], out=out)
            out /= shifted[0] + eps
            mask_excluded(out, None if row_excluded is None else row_excluded[start:stop], None)

        extra_bytes = 16  # the three shifted cosine blocks and the denominator

    indices, scores = search_blocks(
        len(questions), k, columns, fill, batch_size=rows, extra_bytes=extra_bytes
    )
    return Neighbours(store.vocab, indices, scores)


class AnalogyQueries:
    """Analogy queries (mixed into ``Embeddings``)."""

    __slots__ = ()

    def analogy(
        self: VectorStore,
        a: str,
        b: str,
        c: str,
        k: int = 1,
        *,
        method: AnalogyMethod = "3cosadd",
        allow_inputs: bool = False,
        restrict: int | None = None,
        epsilon: float = _EPSILON,
    ) -> list[tuple[str, float]]:
        """Solve "``a`` is to ``b`` as ``c`` is to ?", e.g. man : king :: woman : queen.

        With ``method="3cosadd"`` (Mikolov et al., 2013) the answer ``x`` maximises
        ``cos(x, b - a + c)`` on unit vectors, which ranks as ``b·x - a·x + c·x``; the
        score is that cosine, as gensim's ``most_similar(positive=[b, c],
        negative=[a])``. With ``method="3cosmul"`` (Levy & Goldberg, 2014) it maximises
        ``cos'(x, b) * cos'(x, c) / (cos'(x, a) + epsilon)`` with
        ``cos' = (cos + 1) / 2``: gensim's ``most_similar_cosmul`` formula, which gives
        the same answers and scores with ``epsilon=1e-6``.

        Parameters
        ----------
        a, b, c
            The question words.
        k
            How many answers to return (an integer >= 1).
        method
            ``"3cosadd"`` or ``"3cosmul"``.
        allow_inputs
            Let ``a``, ``b`` and ``c`` themselves be answers (by default they are left
            out, as in the usual evaluation protocol).
        restrict
            Search only the first ``restrict`` words; ``None`` searches all.
        epsilon
            3CosMul only: the number added to the denominator (> 0). The default,
            ``0.001``, is Levy & Goldberg's (and ``firth.evaluate``'s); gensim uses
            ``1e-6``.

        Returns
        -------
        list of (str, float)
            Answers and their scores, best first (ties: the earlier word).

        Raises
        ------
        UnknownWordError
            If question words are unknown; the message lists every unknown word.
        ConfigError
            If ``k``, ``restrict``, ``method`` or ``epsilon`` is invalid.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> words = ["man", "woman", "king", "queen"]
        >>> vectors = [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]
        >>> emb = Embeddings(Vocab(words), vectors)
        >>> emb.analogy("man", "woman", "king")[0][0]
        'queen'
        >>> emb.analogy("man", "woman", "king", method="3cosmul")[0][0]
        'queen'
        """
        questions = np.array([self._indices([a, b, c])], dtype=np.intp)
        return solve(
            self,
            questions,
            k,
            method=method,
            allow_inputs=allow_inputs,
            restrict=restrict,
            epsilon=epsilon,
            batch_size=1,
        )[0]

    def analogy_batch(
        self: VectorStore,
        questions: Sequence[Sequence[str]],
        k: int = 1,
        *,
        method: AnalogyMethod = "3cosadd",
        allow_inputs: bool = False,
        restrict: int | None = None,
        epsilon: float = _EPSILON,
        batch_size: int | None = None,
    ) -> Neighbours:
        """Solve many analogies at once, in blocks of questions (see :meth:`analogy`).

        Gives the same answers as :meth:`analogy` for each question, with one matrix
        product per block (three for 3CosMul) instead of one pass over the vocabulary
        per question, which is what a benchmark of thousands of questions needs.

        Parameters
        ----------
        questions
            A sequence of ``(a, b, c)`` word triples.
        k, method, allow_inputs, restrict, epsilon
            As :meth:`analogy`.
        batch_size
            Questions per block; by default as many as keep the temporaries within
            about 256 MiB.

        Returns
        -------
        Neighbours
            ``result[i]`` is the answer list of question ``i``.

        Raises
        ------
        UnknownWordError
            If words are unknown; every unknown word of every question is listed.
        ConfigError
            If a question is not three words or a parameter is invalid.

        Examples
        --------
        >>> from firth import Embeddings, Vocab
        >>> words = ["man", "woman", "king", "queen"]
        >>> vectors = [[1.0, 0.0, 0.0], [1.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]
        >>> emb = Embeddings(Vocab(words), vectors)
        >>> emb.analogy_batch([("man", "woman", "king"), ("king", "queen", "man")]).words
        [['queen'], ['woman']]
        """
        return solve(
            self,
            _question_indices(self, questions),
            k,
            method=method,
            allow_inputs=allow_inputs,
            restrict=restrict,
            epsilon=epsilon,
            batch_size=batch_size,
        )
