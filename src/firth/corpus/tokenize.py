"""Tokenisers: turn a line of text into a list of tokens.

Two tokenisers exist, chosen by name:

``"whitespace"``
    ``str.split()``: tokens are maximal runs of non-whitespace characters (any Unicode
    whitespace separates them). Case and punctuation are kept exactly as they are; this is
    what word2vec.c does and what a pre-tokenised corpus (text8, one sentence per line)
    needs.
``"simple"``
    Lowercases the text, then keeps words and punctuation apart. A word is a run of
    letters, digits and combining marks (Unicode ``\\w`` minus ``_``, plus the marks that
    scripts such as Devanagari need), possibly joined by internal apostrophes or hyphens
    (``don't``, ``rock'n'roll``, ``well-known``). Every other non-space character
    (punctuation, symbols, ``_``) becomes a token of its own, so ``"end."`` gives ``end``
    and ``.``. Text is not Unicode-normalised.

Both are C-speed: ``str.split`` or one compiled regular expression's ``findall``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import Literal, get_args

from firth.errors import ConfigError

__all__ = ["TOKENIZERS", "Tokenizer", "tokenize"]

Tokenizer = Literal["whitespace", "simple"]
"""The name of a tokeniser: ``"whitespace"`` or ``"simple"``."""

TOKENIZERS: tuple[str, ...] = get_args(Tokenizer)
"""Every valid :data:`Tokenizer` name."""

#: Characters joining two parts of one word in the ``"simple"`` tokeniser.
_JOINERS = "'\u2019\\-"  # ASCII apostrophe, right single quotation mark, hyphen-minus


def _mark_ranges() -> str:
    """A regex character-class body listing every combining mark (categories M*)."""
    category = unicodedata.category
    ranges: list[str] = []
    start = previous = -2
    for code in range(0x110000):
        if category(chr(code))[0] != "M":
            continue
        if code != previous + 1:
            if start >= 0:
                ranges.append(_class_range(start, previous))
            start = code
        previous = code
    if start >= 0:
        ranges.append(_class_range(start, previous))
    return "".join(ranges)


def _class_range(first: int, last: int) -> str:
    return re.escape(chr(first)) + ("" if first == last else "-" + re.escape(chr(last)))


@functools.lru_cache(maxsize=1)
def _simple_pattern() -> re.Pattern[str]:
    # Compiled on first use (scanning the Unicode database takes a few tens of ms).
    letter = rf"(?:[^\W_]|[{_mark_ranges()}])"
    return re.compile(rf"{letter}+(?:[{_JOINERS}]{letter}+)*|[^\w\s]|_")


# The same tokeniser for lowercased ASCII text, about four times faster.
_ASCII_PATTERN = re.compile(r"[a-z0-9]+(?:['\-][a-z0-9]+)*|[^a-z0-9\s]")


def _findall_simple(lowered: str) -> list[str]:
    pattern = _ASCII_PATTERN if lowered.isascii() else _simple_pattern()
    tokens: list[str] = pattern.findall(lowered)
    return tokens


def check_tokenizer(tokenizer: object, owner: str) -> None:
    """Raise :class:`~firth.errors.ConfigError` unless ``tokenizer`` is a valid name."""
    if not isinstance(tokenizer, str) or tokenizer not in TOKENIZERS:
        choices = ", ".join(repr(name) for name in TOKENIZERS)
        raise ConfigError(f"{owner}: tokenizer must be one of {choices}; got {tokenizer!r}.")


def tokenize(text: str, tokenizer: Tokenizer = "whitespace") -> list[str]:
    """Split ``text`` into tokens with the named tokeniser.

    Newlines are ordinary whitespace here; corpus readers split sentences at newlines
    before tokenising.

    Parameters
    ----------
    text
        The text to split.
    tokenizer
        ``"whitespace"`` (``str.split()``) or ``"simple"`` (lowercase; words and
        punctuation as separate tokens).

    Returns
    -------
    list of str
        The tokens, in order.

    Raises
    ------
    ConfigError
        If ``tokenizer`` is not a known name.

    Examples
    --------
    >>> tokenize("The cat\\u00a0sat, didn't it?")
    ['The', 'cat', 'sat,', "didn't", 'it?']
    >>> tokenize("The cat sat, didn't it? A well-known fact_.", "simple")
    ['the', 'cat', 'sat', ',', "didn't", 'it', '?', 'a', 'well-known', 'fact', '_', '.']
    >>> tokenize("हिन्दी -- 3.14!", "simple")
    ['हिन्दी', '-', '-', '3', '.', '14', '!']
    """
    return line_tokenizer(tokenizer)(text)


def line_tokenizer(tokenizer: Tokenizer) -> Callable[[str], list[str]]:
    """The function that tokenises one line with ``tokenizer`` (used by the readers)."""
    check_tokenizer(tokenizer, "tokenize")
    if tokenizer == "whitespace":
        return str.split

    def simple(text: str) -> list[str]:
        return _findall_simple(text.lower())

    return simple


def block_tokenizer(tokenizer: Tokenizer) -> Callable[[str], list[list[str]]]:
    """The function that splits a block of text at ``"\\n"`` and tokenises every line.

    Examples
    --------
    >>> block_tokenizer("whitespace")("a b\\n\\nc ")
    [['a', 'b'], [], ['c']]
    """
    check_tokenizer(tokenizer, "tokenize")
    if tokenizer == "whitespace":

        def whitespace_block(text: str) -> list[list[str]]:
            return list(map(str.split, text.split("\n")))

        return whitespace_block

    def simple_block(text: str) -> list[list[str]]:
        lowered = text.lower()
        findall = (_ASCII_PATTERN if lowered.isascii() else _simple_pattern()).findall
        return list(map(findall, lowered.split("\n")))

    return simple_block
