"""Configuration of phrase detection (word2phrase, gensim's ``Phrases``).

:class:`PhrasesConfig` holds every option of :func:`firth.phrases.learn_phrases` in one
frozen dataclass, validated when built. Two scorers exist:

``"default"``
    word2phrase's score as gensim computes it:
    ``(count(a b) - min_count) / (count(a) * count(b)) * vocab_size``, where
    ``vocab_size`` is the number of distinct unigrams (connector words excepted) plus the
    number of distinct bigram candidates. (word2vec.c's word2phrase multiplies by the
    number of training words instead; gensim's choice is kept so that thresholds carry
    over from gensim.) Its default threshold is 10.
``"npmi"``
    Normalised pointwise mutual information (Bouma 2009),
    ``ln(p(a b) / (p(a) p(b))) / -ln(p(a b))`` with ``p(x) = count(x) / corpus_words``;
    it lies in ``[-1, 1]`` and bigrams seen fewer than ``min_count`` times never score.
    Its default threshold is 0.5, a common choice.

A bigram is a phrase when its score is strictly above the threshold.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from firth.config._checks import ConfigMixin, check_choice, check_int, fail

__all__ = ["ENGLISH_CONNECTOR_WORDS", "ConnectorWords", "PhrasesConfig", "PhrasesScoring"]

PhrasesScoring = Literal["default", "npmi"]
ConnectorWords = Literal["english", "none"] | tuple[str, ...]

#: Articles, prepositions and conjunctions that ``connector_words="english"`` lets inside
#: a phrase (``bank_of_america``): the same words as gensim's ``ENGLISH_CONNECTOR_WORDS``,
#: so that results agree with gensim's.
ENGLISH_CONNECTOR_WORDS: tuple[str, ...] = (
    *("a", "an", "the"),
    *("at", "by", "for", "from", "in", "of", "on", "to", "with", "without"),
    *("and", "or"),
)

_DEFAULT_THRESHOLD: dict[str, float] = {"default": 10.0, "npmi": 0.5}


@dataclass(frozen=True)
class PhrasesConfig(ConfigMixin):
    """Every phrase-detection option, validated.

    Parameters
    ----------
    min_count
        For ``"default"`` scoring, subtracted from the bigram count (so a bigram must be
        seen more than ``min_count`` times to score above 0); for ``"npmi"``, bigrams seen
        fewer times never score.
    threshold
        A bigram is a phrase when its score is strictly above this. ``None`` means 10 for
        ``"default"`` and 0.5 for ``"npmi"`` (see :attr:`effective_threshold`). Must be
        above 0 for ``"default"`` and within ``[-1, 1]`` for ``"npmi"``.
    scoring
        ``"default"`` (word2phrase, as in gensim) or ``"npmi"``; see the module
        documentation for the formulas.
    connector_words
        Words that may sit inside a phrase but never start or end one: with ``of`` a
        connector, ``bank of america`` is scored as the bigram (``bank``, ``america``)
        and becomes ``bank_of_america``. ``"english"`` uses
        :data:`ENGLISH_CONNECTOR_WORDS`; ``"none"`` (the default) treats every word
        alike; or give the words as a tuple (a list or set is turned into a tuple).
    delimiter
        Joins the words of a phrase into one token (no whitespace).
    passes
        Rounds of detection: pass ``k`` learns from the output of passes ``1..k-1``, so
        ``passes=2`` can join ``new_york`` and ``times`` into ``new_york_times``. Each pass
        reads the corpus once more.
    max_vocab_size
        Bound on the distinct unigrams and bigrams held while counting. It is enforced
        after every block of about a million tokens (so it can be overshot by one block's
        new entries): while it is exceeded, the entries seen fewer than ``floor`` times are
        dropped and ``floor`` (starting at 1) rises by one, as gensim and word2phrase
        prune; rare counts then become approximate. ``None`` (the default) counts
        everything exactly.

    Examples
    --------
    >>> PhrasesConfig().effective_threshold
    10.0
    >>> PhrasesConfig(scoring="npmi").effective_threshold
    0.5
    >>> PhrasesConfig(connector_words=["of", "the"]).connector_set == {"of", "the"}
    True
    >>> PhrasesConfig(scoring="npmi", threshold=10.0)
    Traceback (most recent call last):
    ...
    firth.errors.ConfigError: PhrasesConfig.threshold must be a finite number in [-1, 1] \
when scoring='npmi' (0.5 is a common choice); got 10.0.
    """

    min_count: int = 5
    threshold: float | None = None
    scoring: PhrasesScoring = "default"
    connector_words: ConnectorWords = "none"
    delimiter: str = "_"
    passes: int = 1
    max_vocab_size: int | None = None

    def __post_init__(self) -> None:
        check_int(self, "min_count", 1)
        check_choice(self, "scoring", ("default", "npmi"))
        self._check_threshold()
        self._check_connectors()
        delimiter = self.delimiter
        if not isinstance(delimiter, str) or not delimiter or any(c.isspace() for c in delimiter):
            raise fail(self, "delimiter", "a non-empty string without whitespace", delimiter)
        check_int(self, "passes", 1)
        check_int(self, "max_vocab_size", 1, optional=True)

    @property
    def effective_threshold(self) -> float:
        """The threshold actually used: ``threshold``, or the scoring's default."""
        if self.threshold is None:
            return _DEFAULT_THRESHOLD[self.scoring]
        return float(self.threshold)

    @property
    def connector_set(self) -> frozenset[str]:
        """The connector words as a set (empty for ``"none"``)."""
        if self.connector_words == "english":
            return frozenset(ENGLISH_CONNECTOR_WORDS)
        if self.connector_words == "none":
            return frozenset()
        return frozenset(self.connector_words)

    def _check_threshold(self) -> None:
        value = self.threshold
        if value is None:
            return
        finite = (
            isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
        )
        if self.scoring == "npmi" and not (finite and -1.0 <= value <= 1.0):
            rule = "a finite number in [-1, 1] when scoring='npmi' (0.5 is a common choice)"
            raise fail(self, "threshold", rule, value)
        if self.scoring == "default" and not (finite and value > 0):
            rule = "a finite number above 0 when scoring='default' (10 is word2phrase's)"
            raise fail(self, "threshold", rule, value)

    def _check_connectors(self) -> None:
        value = self.connector_words
        if isinstance(value, str):
            if value not in ("english", "none"):
                rule = "'english', 'none' or a tuple of words"
                raise fail(self, "connector_words", rule, value)
            return
        if isinstance(value, (list, set, frozenset)):
            value = tuple(sorted(value)) if isinstance(value, (set, frozenset)) else tuple(value)
            object.__setattr__(self, "connector_words", value)
        if not isinstance(value, tuple) or not all(
            isinstance(word, str) and word and not any(c.isspace() for c in word) for word in value
        ):
            rule = "'english', 'none' or a tuple of non-empty words without whitespace"
            raise fail(self, "connector_words", rule, value)
