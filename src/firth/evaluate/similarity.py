"""Word-similarity benchmarks: correlation of cosine similarities with human scores.

The protocol is gensim's ``KeyedVectors.evaluate_word_pairs``: ``restrict`` and
``case_insensitive`` work as for analogies (the vector of a word is that of its most
frequent spelling among the ``restrict`` most frequent words), a pair with a word outside
them is dropped and counted as out of vocabulary (``oov``; gensim reports the same count as
a percentage), and the model's score of a pair is the cosine similarity of its two words.
The Pearson and Spearman coefficients (``scipy.stats``) are computed on the pairs kept.
Dropped pairs are not scored with a stand-in value (gensim's ``dummy4unknown=True``, which
gives them 0): report ``oov`` next to the correlations instead.
"""

from __future__ import annotations

import logging
import os
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from firth.embeddings import Embeddings
from firth.evaluate._lookup import VocabView
from firth.evaluate.datasets import WordPairDataset, read_word_pairs

__all__ = ["SimilarityResult", "evaluate_similarity"]

logger = logging.getLogger(__name__)

_PAIRS_PER_CHUNK = 1 << 14


@dataclass(frozen=True)
class SimilarityResult:
    """The result of one word-similarity benchmark.

    Parameters
    ----------
    dataset
        The dataset's name.
    source
        Its file, or ``None``.
    pairs
        Pairs in the dataset.
    oov
        Pairs dropped because a word is out of the (restricted) vocabulary.
    pearson, spearman
        The correlation coefficients over the pairs kept; ``None`` when fewer than two
        pairs are kept or either side is constant (the coefficient is undefined).
    restrict
        The ``restrict`` asked for (``None``: every word).
    vocab_size
        The number of words the pairs were limited to.
    case_insensitive
        Whether words were compared up to case.
    score_column
        The column the human scores were read from.
    malformed
        Lines of the file skipped as malformed.
    """

    dataset: str
    source: str | None
    pairs: int
    oov: int
    pearson: float | None
    spearman: float | None
    restrict: int | None
    vocab_size: int
    case_insensitive: bool
    score_column: int = 2
    malformed: int = 0

    @property
    def used(self) -> int:
        """Pairs whose two words are known (those the correlations are computed on)."""
        return self.pairs - self.oov

    @property
    def oov_ratio(self) -> float:
        """``oov / pairs``, a fraction (gensim's ``evaluate_word_pairs`` gives a percentage)."""
        return self.oov / self.pairs if self.pairs else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary, the derived values included."""
        return {
            "dataset": self.dataset,
            "source": self.source,
            "pairs": self.pairs,
            "used": self.used,
            "oov": self.oov,
            "oov_ratio": self.oov_ratio,
            "pearson": self.pearson,
            "spearman": self.spearman,
            "restrict": self.restrict,
            "vocab_size": self.vocab_size,
            "case_insensitive": self.case_insensitive,
            "score_column": self.score_column,
            "malformed": self.malformed,
        }


def _correlations(
    gold: np.ndarray[Any, np.dtype[np.float64]], model: np.ndarray[Any, np.dtype[np.float64]]
) -> tuple[float | None, float | None]:
    if len(gold) < 2 or np.ptp(gold) == 0 or np.ptp(model) == 0:
        return None, None
    from scipy import stats

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pearson = float(stats.pearsonr(gold, model)[0])
        spearman = float(stats.spearmanr(gold, model)[0])
    return (
        pearson if np.isfinite(pearson) else None,
        spearman if np.isfinite(spearman) else None,
    )


def score_pairs(view: VocabView, dataset: WordPairDataset) -> SimilarityResult:
    """Score ``dataset`` with the words of ``view``."""
    words = [word for pair in dataset.pairs for word in pair]
    ids = view.lookup(words).reshape(-1, 2)
    known = (ids >= 0).all(axis=1)
    kept = ids[known]
    gold = np.asarray(dataset.scores, dtype=np.float64)[known]
    model = np.empty(len(kept), dtype=np.float64)
    unit = view.unit
    for start in range(0, len(kept), _PAIRS_PER_CHUNK):
        part = kept[start : start + _PAIRS_PER_CHUNK]
        model[start : start + len(part)] = np.einsum(
            "ij,ij->i", unit[part[:, 0]].astype(np.float64), unit[part[:, 1]].astype(np.float64)
        )
    pearson, spearman = _correlations(gold, model)
    result = SimilarityResult(
        dataset=dataset.name,
        source=dataset.source,
        pairs=len(dataset),
        oov=int(len(dataset) - known.sum()),
        pearson=pearson,
        spearman=spearman,
        restrict=view.restrict,
        vocab_size=view.size,
        case_insensitive=view.case_insensitive,
        score_column=dataset.score_column,
        malformed=dataset.malformed,
    )
    logger.info(
        "%s: pearson %s, spearman %s, %d/%d pairs out of vocabulary",
        dataset.name,
        pearson,
        spearman,
        result.oov,
        result.pairs,
    )
    return result


def as_pair_dataset(dataset: object) -> WordPairDataset:
    """A dataset given as itself or as a path to read."""
    if isinstance(dataset, WordPairDataset):
        return dataset
    if isinstance(dataset, (str, os.PathLike)):
        return read_word_pairs(dataset)
    raise TypeError(
        f"a word-pair dataset is a WordPairDataset or a path; got {type(dataset).__name__}."
    )


def evaluate_similarity(
    emb: Embeddings,
    dataset: WordPairDataset | str | os.PathLike[str],
    *,
    restrict: int | None = None,
    case_insensitive: bool = True,
) -> SimilarityResult:
    """Correlate the cosine similarities of word pairs with human scores.

    Parameters
    ----------
    emb
        The embeddings.
    dataset
        A :class:`~firth.evaluate.WordPairDataset`, or a file to read with
        :func:`~firth.evaluate.read_word_pairs` (layout detected).
    restrict
        Limit the words to this many most frequent ones (``None``: all).
    case_insensitive
        Compare words up to case, as gensim does by default.

    Returns
    -------
    SimilarityResult

    Raises
    ------
    ConfigError
        If an option is invalid.
    FormatError
        If the file cannot be read or is malformed.

    Examples
    --------
    >>> from firth import Embeddings, Vocab
    >>> from firth.evaluate import WordPairDataset
    >>> emb = Embeddings(Vocab(["a", "b", "c", "d"]), [[1, 0], [1, 1], [0, 1], [-1, 0]])
    >>> data = WordPairDataset("toy", [("a", "b"), ("a", "c"), ("a", "d"), ("a", "zebra")],
    ...                        [8.0, 5.0, 1.0, 3.0])
    >>> result = evaluate_similarity(emb, data)
    >>> result.used, result.oov, round(result.spearman, 6)
    (3, 1, 1.0)
    """
    view = VocabView(emb, restrict, case_insensitive)
    return score_pairs(view, as_pair_dataset(dataset))
