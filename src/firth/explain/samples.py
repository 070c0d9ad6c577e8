"""The datasets a sliding window cuts out of a sentence: language model, skip-gram, CBOW.

A *sample* is a tuple of input words (``None`` where the window runs off the sentence)
and the word they predict. The full window is used everywhere: word2vec.c (and firth's
``shrink_windows=True``) instead draws a smaller window for each centre word, and drops
frequent words first (``sample``); neither happens here, so every table is exact.
"""

from __future__ import annotations

from collections.abc import Sequence

from firth.corpus.tokenize import Tokenizer, tokenize
from firth.errors import ConfigError
from firth.explain.table import Table

__all__ = [
    "Sample",
    "cbow_columns",
    "cbow_samples",
    "cbow_table",
    "language_model_table",
    "sentence_tokens",
    "skipgram_samples",
    "skipgram_table",
]

Sample = tuple[tuple[str | None, ...], str]
"""A sample: its input words (``None`` beyond the sentence's ends) and its output word."""


def sentence_tokens(sentence: str | Sequence[str], tokenizer: Tokenizer) -> tuple[str, ...]:
    """The tokens of ``sentence``: a string is tokenised, a sequence of words kept as is.

    Raises
    ------
    ConfigError
        If a token is not a non-empty string, or there are fewer than two tokens (a
        single word has no context).

    Examples
    --------
    >>> sentence_tokens("Thou shalt not!", "simple")
    ('thou', 'shalt', 'not', '!')
    >>> sentence_tokens(["New York", "is", "big"], "simple")
    ('New York', 'is', 'big')
    """
    if isinstance(sentence, str):
        tokens = tuple(tokenize(sentence, tokenizer))
    elif isinstance(sentence, Sequence):
        tokens = tuple(sentence)
        for position, token in enumerate(tokens):
            if not isinstance(token, str) or not token:
                raise ConfigError(
                    f"explain: sentence must be a string or a sequence of non-empty strings; "
                    f"got {token!r} at position {position}."
                )
    else:
        raise ConfigError(
            "explain: sentence must be a string or a sequence of words; "
            f"got {type(sentence).__name__}."
        )
    if len(tokens) < 2:
        raise ConfigError(
            f"explain: sentence must have at least 2 tokens (a lone word has no context); "
            f"got {list(tokens)!r}. Pass a longer sentence."
        )
    return tokens


def skipgram_samples(tokens: Sequence[str], window: int) -> list[Sample]:
    """Every (centre word, context word) pair within ``window``, in training order.

    For each word in turn, its context words from left to right: the order in which
    word2vec.c visits them. The centre word is the input, as in the illustrations;
    word2vec.c trains the same pair the other way round (see :func:`skipgram_table`).

    Examples
    --------
    >>> skipgram_samples(["a", "b", "c"], 1)
    [(('a',), 'b'), (('b',), 'a'), (('b',), 'c'), (('c',), 'b')]
    """
    n = len(tokens)
    return [
        ((tokens[i],), tokens[j])
        for i in range(n)
        for j in range(max(0, i - window), min(n, i + window + 1))
        if j != i
    ]


def cbow_samples(tokens: Sequence[str], window: int) -> list[Sample]:
    """For each word, its ``2 * window`` context positions (``None`` off the ends) → it.

    Examples
    --------
    >>> cbow_samples(["a", "b", "c"], 1)
    [((None, 'b'), 'a'), (('a', 'c'), 'b'), (('b', None), 'c')]
    """
    n = len(tokens)
    offsets = [*range(-window, 0), *range(1, window + 1)]
    return [
        (tuple(tokens[i + o] if 0 <= i + o < n else None for o in offsets), tokens[i])
        for i in range(n)
    ]


def cbow_columns(window: int) -> tuple[str, ...]:
    """The input columns of CBOW samples: ``context -window .. context +window``.

    Examples
    --------
    >>> cbow_columns(1)
    ('context -1', 'context +1')
    """
    return tuple(f"context {o:+d}" for o in [*range(-window, 0), *range(1, window + 1)])


def language_model_table(tokens: Sequence[str], window: int) -> Table:
    """For each word after the first, the up-to-``window`` words before it → it.

    ``input 1`` is the earliest word; a history shorter than ``window`` leaves the first
    columns empty (``None``), so the last input column is always the word just before.

    Examples
    --------
    >>> language_model_table(["thou", "shalt", "not"], 2).rows
    ((None, 'thou', 'shalt'), ('thou', 'shalt', 'not'))
    """
    rows = []
    for i in range(1, len(tokens)):
        history = list(tokens[max(0, i - window) : i])
        rows.append((*([None] * (window - len(history))), *history, tokens[i]))
    return Table(
        title="Language model: previous words → next word",
        columns=(*(f"input {k}" for k in range(1, window + 1)), "output"),
        rows=tuple(rows),
        note=f"Up to {window} previous words predict the next one: a left-to-right language "
        "model reads only the past; word2vec's window looks both ways.",
    )


def skipgram_table(tokens: Sequence[str], window: int) -> Table:
    """The skip-gram samples: (input word, output word) for every context in the window.

    Examples
    --------
    >>> skipgram_table(["a", "b", "c"], 1).rows[:2]
    (('a', 'b'), ('b', 'a'))
    """
    rows = tuple((inputs[0], output) for inputs, output in skipgram_samples(tokens, window))
    return Table(
        title=f"Skip-gram samples (window {window})",
        columns=("input", "output"),
        rows=rows,
        note=f"Each word predicts every word up to {window} away. As in the illustrations, "
        "the centre word is the input; word2vec.c (and firth) "
        "trains the same pairs the other way round: the context word's vector predicts the "
        "centre word. Every pair within the window appears in both directions, so the "
        "samples are the same; only their order differs.",
    )


def cbow_table(tokens: Sequence[str], window: int) -> Table:
    """The CBOW samples: the context words around each word → that word.

    Examples
    --------
    >>> cbow_table(["a", "b", "c"], 1).to_records()[1]
    {'context -1': 'a', 'context +1': 'c', 'output': 'b'}
    """
    rows = tuple((*inputs, output) for inputs, output in cbow_samples(tokens, window))
    return Table(
        title=f"CBOW samples (window {window})",
        columns=(*cbow_columns(window), "output"),
        rows=rows,
        note=f"The words up to {window} away predict the centre word; the input is the mean "
        "of their vectors (firth's default "
        "cbow_context='mean', as word2vec.c); empty cells are beyond the sentence.",
    )
