"""Analogy benchmarks: "a is to b as c is to ?", answered over the whole vocabulary.

The protocol is gensim's ``KeyedVectors.evaluate_word_analogies`` (itself word2vec.c's
``compute-accuracy``):

* ``restrict=N`` keeps the N most frequent words: a question with a word outside them is
  skipped and counted as out of vocabulary (``oov``), and answers are searched among them
  only. ``None`` keeps every word (gensim's default is 300,000). Frequency is the
  vocabulary's counts (ties: vocabulary order) or, without counts, the vocabulary order;
  firth's vocabularies and word2vec files are sorted by frequency, so this is gensim's
  "first N words".
* ``case_insensitive=True`` compares words through ``str.upper()``, like gensim: the
  vector of each question word is that of its most frequent spelling in the vocabulary,
  a predicted word is right when it equals the expected one up to case, and every
  spelling of the three input words is excluded from the answers.
* The answer is the highest-scoring word other than the inputs (ties: the more frequent
  word). 3CosAdd scores a word ``x`` by ``cos(x, b - a + c)`` on unit vectors; 3CosMul
  (Levy and Goldberg 2014, gensim's ``most_similar_cosmul``) by
  ``cos'(x, b) * cos'(x, c) / (cos'(x, a) + epsilon)`` with ``cos' = (cos + 1) / 2``.
* Accuracy is correct / attempted, where attempted questions are those whose four words
  are all known; skipped questions do not count as wrong.

Two differences from gensim, both on corner cases: gensim looks at its five best
candidates only, so when five spellings of the input words outrank every other word it
predicts one of them, where firth goes on to the next word; and gensim's 3CosMul uses
``epsilon=1e-6`` where firth follows Levy and Goldberg's 0.001 (pass ``epsilon=1e-6`` to
reproduce gensim). gensim's ``evaluate_word_analogies`` has no 3CosMul at all.

Questions are answered in batches: one matrix product per batch of questions and block of
vocabulary, so the memory used stays bounded (about 64 MiB of scores) whatever the sizes.
"""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from firth.embeddings import Embeddings
from firth.errors import ConfigError
from firth.evaluate._lookup import VocabView
from firth.evaluate.datasets import AnalogyDataset, Category, read_analogies

__all__ = ["METHODS", "AnalogyResult", "Method", "SectionScore", "evaluate_analogies"]

logger = logging.getLogger(__name__)

Method = Literal["3cosadd", "3cosmul"]
"""How an analogy is solved: additive (3CosAdd) or multiplicative (3CosMul) objective."""

METHODS: tuple[Method, ...] = ("3cosadd", "3cosmul")

#: Levy and Goldberg's epsilon for 3CosMul (gensim uses 1e-6).
COSMUL_EPSILON = 1e-3

# Scores computed at once: (questions in a batch) x (words in a block) float32 values.
_SCORE_VALUES = 1 << 24
_MAX_BATCH = 1024


def check_method(method: object) -> Method:
    """Validate one method name."""
    if method == "3cosadd":
        return "3cosadd"
    if method == "3cosmul":
        return "3cosmul"
    raise ConfigError(f"method must be '3cosadd' or '3cosmul'; got {method!r}.")


def _check_epsilon(epsilon: object) -> float:
    if isinstance(epsilon, (int, float)) and not isinstance(epsilon, bool):
        value = float(epsilon)
        if math.isfinite(value) and value > 0:
            return value
    raise ConfigError(f"epsilon must be a finite number > 0; got {epsilon!r}.")


@dataclass(frozen=True)
class SectionScore:
    """Counts for one section of an analogy benchmark (or a sum of sections).

    Parameters
    ----------
    name
        The section's name (``"total"``, ``"semantic"`` and ``"syntactic"`` for sums).
    category
        ``"semantic"``, ``"syntactic"`` or ``None``.
    questions
        Well-formed questions in the section.
    correct
        Questions answered correctly.
    oov
        Questions skipped because a word is out of the (restricted) vocabulary.

    Examples
    --------
    >>> score = SectionScore("family", "semantic", questions=10, correct=6, oov=2)
    >>> score.attempted, score.accuracy, score.coverage
    (8, 0.75, 0.8)
    """

    name: str
    category: Category | None
    questions: int
    correct: int
    oov: int

    @property
    def attempted(self) -> int:
        """Questions with every word in the vocabulary (answered, rightly or not)."""
        return self.questions - self.oov

    @property
    def accuracy(self) -> float | None:
        """``correct / attempted``, or ``None`` when no question was attempted."""
        return self.correct / self.attempted if self.attempted else None

    @property
    def coverage(self) -> float | None:
        """``attempted / questions``, or ``None`` for an empty section."""
        return self.attempted / self.questions if self.questions else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary, the derived values included."""
        return {
            "name": self.name,
            "category": self.category,
            "questions": self.questions,
            "attempted": self.attempted,
            "correct": self.correct,
            "oov": self.oov,
            "accuracy": self.accuracy,
        }


def _sum(name: str, category: Category | None, parts: list[SectionScore]) -> SectionScore:
    return SectionScore(
        name,
        category,
        sum(p.questions for p in parts),
        sum(p.correct for p in parts),
        sum(p.oov for p in parts),
    )


@dataclass(frozen=True)
class AnalogyResult:
    """The result of one analogy benchmark with one method.

    Parameters
    ----------
    dataset
        The dataset's name.
    source
        Its file, or ``None``.
    format
        ``"questions-words"`` or ``"msr"``.
    method
        ``"3cosadd"`` or ``"3cosmul"``.
    restrict
        The ``restrict`` asked for (``None``: every word).
    vocab_size
        The number of words questions and answers were limited to.
    case_insensitive
        Whether words were compared up to case.
    sections
        One score per section, in file order.
    malformed
        Lines of the file skipped as malformed.
    """

    dataset: str
    source: str | None
    format: str
    method: Method
    restrict: int | None
    vocab_size: int
    case_insensitive: bool
    sections: tuple[SectionScore, ...]
    malformed: int = 0

    @property
    def total(self) -> SectionScore:
        """Every section together (gensim's "Total accuracy")."""
        return _sum("total", None, list(self.sections))

    @property
    def semantic(self) -> SectionScore | None:
        """The semantic sections together, or ``None`` if there are none."""
        parts = [s for s in self.sections if s.category == "semantic"]
        return _sum("semantic", "semantic", parts) if parts else None

    @property
    def syntactic(self) -> SectionScore | None:
        """The syntactic sections together, or ``None`` if there are none."""
        parts = [s for s in self.sections if s.category == "syntactic"]
        return _sum("syntactic", "syntactic", parts) if parts else None

    @property
    def accuracy(self) -> float | None:
        """The total accuracy (``None`` when no question could be attempted)."""
        return self.total.accuracy

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (sections, semantic, syntactic and total included)."""
        semantic, syntactic = self.semantic, self.syntactic
        return {
            "dataset": self.dataset,
            "source": self.source,
            "format": self.format,
            "method": self.method,
            "restrict": self.restrict,
            "vocab_size": self.vocab_size,
            "case_insensitive": self.case_insensitive,
            "malformed": self.malformed,
            "sections": [s.to_dict() for s in self.sections],
            "semantic": None if semantic is None else semantic.to_dict(),
            "syntactic": None if syntactic is None else syntactic.to_dict(),
            "total": self.total.to_dict(),
        }


# -- solving -----------------------------------------------------------------------------


def _block_sizes(view: VocabView, method: Method) -> tuple[int, int]:
    """(questions per batch, words per block) keeping the scores near _SCORE_VALUES."""
    matrices = 1 if method == "3cosadd" else 3
    budget = max(1, _SCORE_VALUES // matrices)
    block = max(1, min(view.size, budget // _MAX_BATCH))
    batch = max(1, min(_MAX_BATCH, budget // block))
    return batch, block


def solve(
    view: VocabView,
    questions: npt.NDArray[np.intp],
    method: Method,
    *,
    epsilon: float = COSMUL_EPSILON,
) -> npt.NDArray[np.intp]:
    """The predicted position for each question ``(a, b, c)`` (rows of positions).

    -1 when every word of the view is an input of the question (nothing to predict).
    """
    unit = view.unit
    predicted = np.full(len(questions), -1, dtype=np.intp)
    if not len(questions) or not view.size:
        return predicted
    batch, block = _block_sizes(view, method)
    for start in range(0, len(questions), batch):
        chunk = questions[start : start + batch]
        n = len(chunk)
        qa, qb, qc = chunk[:, 0], chunk[:, 1], chunk[:, 2]
        if method == "3cosadd":
            queries = unit[qb] - unit[qa] + unit[qc]
        else:
            queries = np.concatenate([unit[qa], unit[qb], unit[qc]])
        owners, banned = view.excluded(chunk[:, :3])
        best_score = np.full(n, -np.inf, dtype=np.float32)
        best = np.full(n, -1, dtype=np.intp)
        rows = np.arange(n)
        for low in range(0, view.size, block):
            high = min(low + block, view.size)
            products = queries @ unit[low:high].T
            if method == "3cosadd":
                scores = products
            else:
                cos_a, cos_b, cos_c = products[:n], products[n : 2 * n], products[2 * n :]
                cos_b += 1
                cos_b /= 2
                cos_c += 1
                cos_c /= 2
                cos_b *= cos_c
                cos_a += 1
                cos_a /= 2
                cos_a += np.float32(epsilon)
                cos_b /= cos_a
                scores = cos_b
            inside = (banned >= low) & (banned < high)
            scores[owners[inside], banned[inside] - low] = -np.inf
            top = np.argmax(scores, axis=1)
            top_score = scores[rows, top]
            better = top_score > best_score
            best_score[better] = top_score[better]
            best[better] = top[better] + low
        predicted[start : start + n] = best
    return predicted


def score_dataset(
    view: VocabView,
    dataset: AnalogyDataset,
    methods: tuple[Method, ...],
    *,
    epsilon: float = COSMUL_EPSILON,
) -> list[AnalogyResult]:
    """Score ``dataset`` once per method, sharing the word lookups."""
    sizes = [len(section.questions) for section in dataset.sections]
    section_of = np.repeat(np.arange(len(sizes), dtype=np.intp), sizes)
    words = [word for section in dataset.sections for q in section.questions for word in q]
    ids = view.lookup(words).reshape(-1, 4)
    known = (ids >= 0).all(axis=1)
    known_ids = ids[known]
    known_section = section_of[known]
    questions = np.bincount(section_of, minlength=len(sizes))
    attempted = np.bincount(known_section, minlength=len(sizes))
    results = []
    for method in methods:
        predicted = solve(view, known_ids[:, :3], method, epsilon=epsilon)
        right = predicted >= 0
        right[right] = view.class_of[predicted[right]] == known_ids[right, 3]
        correct = np.bincount(known_section[right], minlength=len(sizes))
        sections = tuple(
            SectionScore(
                section.name,
                section.category,
                int(questions[i]),
                int(correct[i]),
                int(questions[i] - attempted[i]),
            )
            for i, section in enumerate(dataset.sections)
        )
        result = AnalogyResult(
            dataset=dataset.name,
            source=dataset.source,
            format=dataset.format,
            method=method,
            restrict=view.restrict,
            vocab_size=view.size,
            case_insensitive=view.case_insensitive,
            sections=sections,
            malformed=dataset.malformed,
        )
        total = result.total
        logger.info(
            "%s (%s): %d/%d correct, %d skipped (out of vocabulary)",
            dataset.name,
            method,
            total.correct,
            total.attempted,
            total.oov,
        )
        results.append(result)
    return results


def as_analogy_dataset(dataset: object) -> AnalogyDataset:
    """A dataset given as itself or as a path to read."""
    if isinstance(dataset, AnalogyDataset):
        return dataset
    if isinstance(dataset, (str, os.PathLike)):
        return read_analogies(dataset)
    raise TypeError(
        f"an analogy dataset is an AnalogyDataset or a path; got {type(dataset).__name__}."
    )


def evaluate_analogies(
    emb: Embeddings,
    dataset: AnalogyDataset | str | os.PathLike[str],
    *,
    method: Method = "3cosadd",
    restrict: int | None = None,
    case_insensitive: bool = True,
    epsilon: float = COSMUL_EPSILON,
) -> AnalogyResult:
    """Score embeddings on an analogy benchmark (protocol in the module documentation).

    Parameters
    ----------
    emb
        The embeddings.
    dataset
        An :class:`~firth.evaluate.AnalogyDataset`, or a file to read with
        :func:`~firth.evaluate.read_analogies`.
    method
        ``"3cosadd"`` or ``"3cosmul"``.
    restrict
        Limit questions and answers to this many most frequent words (``None``: all).
    case_insensitive
        Compare words up to case, as gensim does by default.
    epsilon
        3CosMul's epsilon (Levy and Goldberg's 0.001; gensim uses 1e-6).

    Returns
    -------
    AnalogyResult

    Raises
    ------
    ConfigError
        If an option is invalid.
    FormatError
        If the file cannot be read or is malformed.

    Examples
    --------
    >>> import numpy as np
    >>> from firth import Embeddings, Vocab
    >>> from firth.evaluate import parse_analogies
    >>> emb = Embeddings(Vocab(["man", "woman", "king", "queen", "apple"]),
    ...                  [[1, 0, 0], [1, 1, 0], [1, 0, 1], [1, 1, 1], [-1, 0, 0]])
    >>> data = parse_analogies([": family", "man woman king queen", "Man Woman King Queen",
    ...                         "man woman king princess"])
    >>> result = evaluate_analogies(emb, data)
    >>> result.total.correct, result.total.attempted, result.total.oov, result.accuracy
    (2, 2, 1, 1.0)
    >>> evaluate_analogies(emb, data, case_insensitive=False).total.attempted
    1
    """
    chosen = check_method(method)
    eps = _check_epsilon(epsilon)
    view = VocabView(emb, restrict, case_insensitive)
    return score_dataset(view, as_analogy_dataset(dataset), (chosen,), epsilon=eps)[0]
