"""Validation shared by the bias probes: word pairs, word sets and unknown-word policy."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from firth.errors import ConfigError
from firth.queries._checks import check_choice, check_words

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

__all__ = [
    "OnMissing",
    "check_on_missing",
    "check_pairs",
    "check_word_set",
    "finite_or_none",
    "split_known",
]

#: What to do with words that are not in the vocabulary: fail, or leave them out.
OnMissing = Literal["raise", "drop"]
_ON_MISSING = ("raise", "drop")


def check_on_missing(value: object) -> OnMissing:
    """``value`` if it is ``"raise"`` or ``"drop"``."""
    return "drop" if check_choice("on_missing", value, _ON_MISSING) == "drop" else "raise"


def check_pairs(
    pairs: Sequence[Sequence[str]], name: str = "pairs", *, allow_empty: bool = False
) -> list[tuple[str, str]]:
    """``pairs`` as a list of ``(str, str)`` tuples of two different words."""
    if isinstance(pairs, str):
        raise ConfigError(
            f"{name} must be a sequence of (word, word) pairs, not a single str; got {pairs!r} "
            f"(write [('he', 'she')] for one pair)."
        )
    try:
        rows = [tuple(pair) for pair in pairs]
    except TypeError:
        raise ConfigError(
            f"{name} must be a sequence of (word, word) pairs; got {pairs!r}."
        ) from None
    for number, row in enumerate(rows):
        if len(row) != 2 or not all(isinstance(word, str) for word in row):
            raise ConfigError(
                f"each item of {name} must be two words (a, b); item {number} is {row!r}."
            )
        if row[0] == row[1]:
            raise ConfigError(
                f"the two words of a pair must differ; item {number} of {name} is {row!r}."
            )
    if not rows and not allow_empty:
        raise ConfigError(f"{name} must hold at least one pair of words; got none.")
    return [(str(a), str(b)) for a, b in rows]


def check_word_set(words: Iterable[str], name: str, *, allow_empty: bool = False) -> list[str]:
    """``words`` as a list of distinct str (a single str is refused)."""
    result = check_words(words, name)
    for word in result:
        if not isinstance(word, str):
            raise TypeError(f"{name} must hold words (str); got {type(word).__name__}.")
    repeated = sorted(word for word, count in Counter(result).items() if count > 1)
    if repeated:
        raise ConfigError(f"{name} must not repeat a word; {repeated!r} appear more than once.")
    if not result and not allow_empty:
        raise ConfigError(f"{name} must hold at least one word; got an empty sequence.")
    return result


def split_known(emb: Embeddings, words: Sequence[str]) -> tuple[list[str], list[str]]:
    """``words`` split into those in the vocabulary and those not (order kept)."""
    known = [w for w in words if w in emb]
    unknown = [w for w in words if w not in emb]
    return known, unknown


def finite_or_none(value: float) -> float | None:
    """``value``, or ``None`` when it is NaN or infinite (JSON has no NaN)."""
    return value if math.isfinite(value) else None
