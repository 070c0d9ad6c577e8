"""``firth phrases``: find phrases in a corpus and write it back with them joined."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from firth.cli.common import friendly_errors, out


class ScoringChoice(str, Enum):
    DEFAULT = "default"
    NPMI = "npmi"


class TokenizerChoice(str, Enum):
    WHITESPACE = "whitespace"
    SIMPLE = "simple"


_DETECTION = "Detection options (default: PhrasesConfig's)"
_OUTPUT = "Output"


def phrases_command(
    corpus: Annotated[list[Path], typer.Argument(help="Text files (.gz/.bz2/.xz too) or folders.")],
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Where to write the corpus with phrases joined: one sentence per line, "
            "tokens separated by spaces (gzip-compressed when it ends in .gz).",
        ),
    ],
    min_count: Annotated[
        int | None,
        typer.Option(
            help="Subtracted from bigram counts (default scoring); the least count (npmi).",
            rich_help_panel=_DETECTION,
        ),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            help="Keep bigrams scoring above this (default: 10, or 0.5 with npmi).",
            rich_help_panel=_DETECTION,
        ),
    ] = None,
    scoring: Annotated[
        ScoringChoice | None,
        typer.Option(
            help="default: word2phrase's score; npmi: normalised PMI in [-1, 1].",
            rich_help_panel=_DETECTION,
        ),
    ] = None,
    connector_words: Annotated[
        str | None,
        typer.Option(
            help="Words allowed inside a phrase but never at its ends (bank_of_america): "
            "english, none, or a comma-separated list.",
            rich_help_panel=_DETECTION,
        ),
    ] = None,
    passes: Annotated[
        int | None,
        typer.Option(
            help="Rounds of detection; 2 builds phrases of phrases (new_york_times).",
            rich_help_panel=_DETECTION,
        ),
    ] = None,
    delimiter: Annotated[
        str | None,
        typer.Option(help="Joins the words of a phrase.", rich_help_panel=_DETECTION),
    ] = None,
    max_vocab_size: Annotated[
        int | None,
        typer.Option(
            help="Prune rare words and bigrams while counting above this many.",
            rich_help_panel=_DETECTION,
        ),
    ] = None,
    tokenizer: Annotated[
        TokenizerChoice,
        typer.Option(
            help="whitespace: split on spaces; simple: lowercase words, punctuation split off."
        ),
    ] = TokenizerChoice.WHITESPACE,
    export: Annotated[
        Path | None,
        typer.Option(
            help="Also write the phrases as TSV (phrase, score, count, pass).",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    save_model: Annotated[
        Path | None,
        typer.Option(
            help="Also save the phrases (a folder, native format) to reuse them later.",
            rich_help_panel=_OUTPUT,
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(min=0, help="Phrases listed in the summary.", rich_help_panel=_OUTPUT),
    ] = 10,
) -> None:
    """Find the phrases of CORPUS and write it to OUTPUT with each phrase as one token.

    Read OUTPUT back with the whitespace tokenizer (the simple one would split phrases at
    their underscores).
    """
    from rich.table import Table

    from firth.config.phrases import PhrasesConfig
    from firth.corpus import Corpus
    from firth.phrases import learn_phrases

    options: dict[str, Any] = {
        name: value.value if isinstance(value, Enum) else value
        for name, value in {
            "min_count": min_count,
            "threshold": threshold,
            "scoring": scoring,
            "connector_words": _connectors(connector_words),
            "passes": passes,
            "delimiter": delimiter,
            "max_vocab_size": max_vocab_size,
        }.items()
        if value is not None
    }
    with friendly_errors():
        config = PhrasesConfig(**options)
        source = Corpus(corpus, tokenizer=tokenizer.value)
        model = learn_phrases(source, config)
        sentences = model.apply(source).write(output)
        if export is not None:
            model.export(export)
        if save_model is not None:
            model.save(save_model)
    words = model.stats[0].corpus_words
    out.print(
        f"found {len(model):,} phrases in {len(model.stats)} pass"
        f"{'es' if len(model.stats) > 1 else ''} over {words:,} tokens; wrote {sentences:,} "
        f"sentences to {output}"
    )
    shown = model.phrases[:top]
    if shown:
        table = Table(title=f"top {len(shown)} by score", title_justify="left")
        table.add_column("phrase")
        table.add_column("score", justify="right")
        table.add_column("count", justify="right")
        for phrase in shown:
            table.add_row(phrase.text, f"{phrase.score:.4g}", f"{phrase.count:,}")
        out.print(table)


def _connectors(value: str | None) -> str | tuple[str, ...] | None:
    """``english``, ``none`` or a comma-separated list of words (a tuple)."""
    if value is None or value in ("english", "none"):
        return value
    return tuple(word.strip() for word in value.split(",") if word.strip())
