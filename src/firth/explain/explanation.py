"""``explain``: the tables of the illustrated word2vec explainers, computed on a sentence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np

from firth.config.word2vec import Architecture
from firth.corpus.tokenize import Tokenizer
from firth.errors import ConfigError
from firth.explain.noise import draw_noise, negative_sampling_table, noise_distribution
from firth.explain.options import ExplainOptions
from firth.explain.samples import (
    cbow_columns,
    cbow_samples,
    cbow_table,
    language_model_table,
    sentence_tokens,
    skipgram_samples,
    skipgram_table,
)
from firth.explain.step import initial_vectors, training_step
from firth.explain.table import Table
from firth.vocab import Vocab

if TYPE_CHECKING:
    from rich.console import Console, Group

__all__ = ["TABLE_NAMES", "Explanation", "check_table_names", "explain"]

TABLE_NAMES: tuple[str, ...] = (
    "language_model",
    "skipgram",
    "cbow",
    "noise",
    "negative_sampling",
    "step",
    "updates",
)
"""The tables of an :class:`Explanation`, in order."""


def check_table_names(names: Sequence[str]) -> list[str]:
    """``names`` as a list, or :class:`~firth.errors.ConfigError` naming an unknown one.

    Examples
    --------
    >>> check_table_names(["noise", "step"])
    ['noise', 'step']
    """
    if isinstance(names, str):
        names = [names]
    unknown = [n for n in names if n not in TABLE_NAMES]
    if unknown:
        raise ConfigError(f"unknown table(s) {unknown!r}; choose from {', '.join(TABLE_NAMES)}.")
    return list(names)


@dataclass(frozen=True)
class Explanation:
    """The tables explaining word2vec on one sentence (see :func:`explain`).

    Attributes
    ----------
    tokens
        The sentence's tokens.
    options
        The options it was computed with.
    tables
        Every table by name, in the order of :data:`TABLE_NAMES` (read-only).
    """

    tokens: tuple[str, ...]
    options: ExplainOptions
    tables: Mapping[str, Table]

    def _selected(self, tables: Sequence[str] | None) -> list[Table]:
        names = TABLE_NAMES if tables is None else check_table_names(tables)
        return [self.tables[name] for name in names]

    def render(self, *, tables: Sequence[str] | None = None) -> Group:
        """The tables as one rich renderable (all, or the named ones in the given order).

        Examples
        --------
        >>> import io
        >>> from rich.console import Console
        >>> console = Console(width=100, record=True, file=io.StringIO())
        >>> console.print(explain("thou shalt not").render(tables=["skipgram"]))
        >>> "Skip-gram samples" in console.export_text()
        True
        """
        from firth.explain.render import render_tables

        return render_tables(self.tokens, self._selected(tables))

    def __rich__(self) -> Group:
        return self.render()

    def print(self, console: Console | None = None, *, tables: Sequence[str] | None = None) -> None:
        """Draw the tables on ``console`` (a new rich console on standard output if ``None``).

        Only called on request: the library itself never prints.
        """
        if console is None:
            from rich.console import Console

            console = Console()
        console.print(self.render(tables=tables))

    def to_dict(self, *, tables: Sequence[str] | None = None) -> dict[str, Any]:
        """JSON-ready data: the tokens, the options and the tables (all or the named ones).

        Examples
        --------
        >>> data = explain("thou shalt not").to_dict(tables=["cbow"])
        >>> data["tokens"], list(data["tables"]), data["tables"]["cbow"]["rows"][0]
        (['thou', 'shalt', 'not'], ['cbow'], [None, None, 'shalt', 'not', 'thou'])
        """
        names = TABLE_NAMES if tables is None else check_table_names(tables)
        return {
            "tokens": list(self.tokens),
            "options": self.options.to_dict(),
            "tables": {name: self.tables[name].to_dict() for name in names},
        }


def explain(
    sentence: str | Sequence[str],
    *,
    window: int = 2,
    negative: int = 2,
    architecture: Architecture = "skipgram",
    dim: int = 4,
    alpha: float = 0.025,
    seed: int = 1,
    ns_exponent: float = 0.75,
    tokenizer: Tokenizer = "simple",
    counts: Mapping[str, int] | Vocab | None = None,
) -> Explanation:
    """The mechanics of word2vec on one sentence, as tables the illustrated explainers draw.

    The tables (see :data:`TABLE_NAMES`), in order:

    ``language_model``
        For each word after the first, the up-to-``window`` previous words → it.
    ``skipgram``
        (input, output) for every context word within ``window`` of every word, word by
        word, context from left to right. The centre word is the input, as in the
        illustrations; firth's kernels (like word2vec.c) train each pair the other way
        round, the context word's vector predicting the centre word. Both directions of
        every pair occur, so the samples are the same, in another order.
    ``cbow``
        The context words around each word (``None`` beyond the sentence) → that word.
    ``noise``
        Each vocabulary word, its count, ``count ** ns_exponent`` and its probability
        (the powers, normalised).
    ``negative_sampling``
        The samples of ``architecture``, each (target 1) followed by its noise words
        (target 0): ``negative`` draws from the noise distribution with NumPy's
        ``default_rng(seed)``, a draw of the sample's own output word being dropped as in
        word2vec.c. firth's kernels draw with word2vec.c's generator instead, so a real
        run picks other noise words from the same distribution.
    ``step``
        One real training step of a tiny model on sample 0 and its noise words: each
        output word's target, ``input • output``, sigmoid and ``error = target - sigmoid``.
    ``updates``
        The rows that step changed, before and after: exactly what firth's ``ns_step``
        kernel computes (in float32, with an exact sigmoid where the kernel reads a table
        within 2e-6).

    The window is always full (firth and word2vec.c draw a smaller one per word by
    default) and no word is subsampled, so every table can be checked by hand.

    Parameters
    ----------
    sentence
        A string (split by ``tokenizer``) or a sequence of words (used as they are).
    window
        Maximum distance between a word and its context words; also the number of
        previous words in the language-model table.
    negative
        Noise words drawn per sample.
    architecture
        ``"skipgram"`` or ``"cbow"``: whose samples are negative-sampled and trained.
    dim
        Dimension of the tiny model.
    alpha
        Learning rate of the step.
    seed
        Seed of everything random, reproducible on any machine: one
        ``numpy.random.default_rng(seed)`` draws the noise words (one uniform number per
        draw, sample by sample), then the embedding matrix, then the context matrix
        (both uniform in ``[-0.5/dim, 0.5/dim)``; the context matrix is not zero as in
        word2vec.c, or the first step's scores would all be 0).
    ns_exponent
        Exponent of the noise distribution.
    tokenizer
        ``"simple"`` (lowercase, punctuation split off) or ``"whitespace"``; only used
        when ``sentence`` is a string.
    counts
        Word counts of the noise distribution and of the tiny model's vocabulary, e.g. a
        trained model's ``vocab`` or a mapping of word to count; it must count every word
        of the sentence. ``None`` (the default) counts the sentence itself.

    Returns
    -------
    Explanation
        The tables; ``to_records()``, ``to_pandas()`` and ``to_dict()`` for data,
        ``print()`` or ``render()`` to draw them.

    Raises
    ------
    ConfigError
        If an option is invalid (the message names it), the sentence has fewer than two
        tokens, or ``counts`` misses a word of the sentence.

    Examples
    --------
    >>> explanation = explain("Thou shalt not make a machine", window=1, negative=1)
    >>> explanation.tables["language_model"].rows[:2]
    (('thou', 'shalt'), ('shalt', 'not'))
    >>> explanation.tables["skipgram"].rows[:3]
    (('thou', 'shalt'), ('shalt', 'thou'), ('shalt', 'not'))
    >>> explanation.tables["noise"].to_records()[0]["probability"]
    0.16666666666666666
    >>> [r["target"] for r in explanation.tables["step"].to_records()][:1]
    [1]
    """
    options = ExplainOptions(
        window=window,
        negative=negative,
        architecture=architecture,
        dim=dim,
        alpha=alpha,
        seed=seed,
        ns_exponent=ns_exponent,
        tokenizer=tokenizer,
    )
    tokens = sentence_tokens(sentence, options.tokenizer)
    noise = noise_distribution(tokens, counts, options.ns_exponent)
    row_of = {word: row for row, word in enumerate(noise.words)}

    if options.architecture == "skipgram":
        samples = skipgram_samples(tokens, options.window)
        input_columns: tuple[str, ...] = ("input",)
    else:
        samples = cbow_samples(tokens, options.window)
        input_columns = cbow_columns(options.window)

    rng = np.random.default_rng(options.seed)
    uniforms = rng.random((len(samples), options.negative))
    drawn = draw_noise(noise.probabilities, uniforms)
    noise_ids = [
        [int(i) for i in row if i != row_of[output]]
        for row, (_, output) in zip(drawn, samples, strict=True)
    ]
    embedding, context = initial_vectors(len(noise.words), options.dim, rng)
    first_inputs, first_output = samples[0]
    step, updates = training_step(
        first_inputs,
        first_output,
        noise_ids[0],
        words=noise.words,
        row_of=row_of,
        embedding=embedding,
        context=context,
        alpha=float(options.alpha),
        architecture=options.architecture,
    )
    tables = {
        "language_model": language_model_table(tokens, options.window),
        "skipgram": skipgram_table(tokens, options.window),
        "cbow": cbow_table(tokens, options.window),
        "noise": noise.table(),
        "negative_sampling": negative_sampling_table(
            samples, noise_ids, noise, input_columns, options.negative
        ),
        "step": step,
        "updates": updates,
    }
    return Explanation(tokens=tokens, options=options, tables=MappingProxyType(tables))
