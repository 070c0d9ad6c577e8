"""The exceptions firth raises.

Every error is a :class:`FirthError` and also subclasses the matching builtin, so
``except ValueError`` keeps working for callers who do not know about firth. Messages say
what was wrong, what was received, and how to fix it.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "CorpusError",
    "EmptyCorpusError",
    "FirthError",
    "FormatError",
    "UnknownWordError",
    "VocabularyError",
]


class FirthError(Exception):
    """Base class of every error raised by firth."""


class ConfigError(FirthError, ValueError):
    """A parameter has an invalid value (the message names the parameter and the rule)."""


class CorpusError(FirthError, ValueError):
    """A corpus could not be read: missing file, undecodable text, wrong item types."""


class EmptyCorpusError(CorpusError):
    """The corpus holds no usable tokens (empty, or every word below ``min_count``)."""


class VocabularyError(FirthError, ValueError):
    """A vocabulary is inconsistent (duplicate words, mismatched counts, empty)."""


class FormatError(FirthError, ValueError):
    """A file is not in the format it claims to be (names the file and where it broke)."""


class UnknownWordError(FirthError, KeyError):
    """A word is not in the vocabulary; the message suggests close matches."""

    def __init__(self, word: str, suggestions: list[str] | None = None) -> None:
        self.word = word
        self.suggestions = list(suggestions or [])
        super().__init__(word)

    def __str__(self) -> str:
        message = f"{self.word!r} is not in the vocabulary"
        if self.suggestions:
            close = ", ".join(repr(s) for s in self.suggestions)
            message += f"; did you mean {close}?"
        else:
            message += " (check spelling and case; words below min_count are dropped)"
        return message
