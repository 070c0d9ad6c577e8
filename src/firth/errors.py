"""The exceptions firth raises.

Every error is a :class:`FirthError` and also subclasses the matching builtin, so
``except ValueError`` keeps working for callers who do not know about firth. Messages say
what was wrong, what was received, and how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

__all__ = [
    "ConfigError",
    "CorpusError",
    "EmptyCorpusError",
    "FirthError",
    "FormatError",
    "MissingExtraError",
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


class MissingExtraError(FirthError, ImportError):
    """An optional dependency is not installed (the message names the extra to install)."""


class UnknownWordError(FirthError, KeyError):
    """Words are not in the vocabulary; the message suggests close matches.

    ``word`` and ``suggestions`` describe the first missing word; ``missing`` maps every
    missing word of the query to its suggestions (a query reports all of them at once).
    """

    def __init__(
        self,
        word: str,
        suggestions: Sequence[str] | None = None,
        *,
        missing: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.word = word
        self.suggestions = list(suggestions or [])
        self.missing = (
            {w: list(s) for w, s in missing.items()} if missing else {word: self.suggestions}
        )
        super().__init__(word)

    @property
    def words(self) -> list[str]:
        """Every missing word."""
        return list(self.missing)

    def __str__(self) -> str:
        parts = []
        for word, close in self.missing.items():
            hint = f" (did you mean {', '.join(repr(s) for s in close)}?)" if close else ""
            parts.append(f"{word!r}{hint}")
        if len(parts) == 1:
            detail = (
                ""
                if self.suggestions
                else (" (check spelling and case; words below min_count are dropped)")
            )
            return f"{parts[0]} is not in the vocabulary{detail}"
        return f"{len(parts)} words are not in the vocabulary: {', '.join(parts)}"
