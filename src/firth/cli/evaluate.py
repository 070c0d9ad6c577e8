"""``firth evaluate``: score saved vectors on analogy and word-similarity benchmarks."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from firth.cli.common import friendly_errors, out, report_table
from firth.errors import ConfigError

_READING = "Reading the benchmark files"


class MethodChoice(str, Enum):
    COSADD = "3cosadd"
    COSMUL = "3cosmul"


def evaluate_command(
    model: Annotated[
        Path,
        typer.Argument(
            exists=True, help="A model or embeddings folder saved by firth, or a word2vec file."
        ),
    ],
    analogies: Annotated[
        list[Path] | None,
        typer.Option(
            "--analogies",
            "-a",
            help="Analogy file (questions-words or MSR layout); repeat for several.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    similarity: Annotated[
        list[Path] | None,
        typer.Option(
            "--similarity",
            "-s",
            help="Word-pair file with human scores (WS-353, SimLex-999, MEN, …); repeat "
            "for several.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    restrict: Annotated[
        int | None,
        typer.Option(min=1, help="Only the N most frequent words (questions and answers)."),
    ] = None,
    method: Annotated[
        list[MethodChoice] | None,
        typer.Option(help="Analogy method (default 3cosadd); repeat the option for both."),
    ] = None,
    case_insensitive: Annotated[
        bool,
        typer.Option(
            "--case-insensitive/--case-sensitive",
            help="Match words up to case, through their most frequent spelling (gensim's way).",
        ),
    ] = True,
    strip_pos: Annotated[
        bool,
        typer.Option(
            help="Remove part-of-speech suffixes such as MEN's '-n' from word pairs.",
            rich_help_panel=_READING,
        ),
    ] = False,
    skip_malformed: Annotated[
        bool,
        typer.Option(
            help="Skip (and count) malformed lines instead of stopping at the first.",
            rich_help_panel=_READING,
        ),
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the report as JSON on standard output.")
    ] = False,
) -> None:
    """Score MODEL on analogy (--analogies) and word-similarity (--similarity) benchmarks.

    Analogies: accuracy per section, semantic, syntactic and total; unknown words: skipped.

    Word similarity: Pearson and Spearman correlations; unknown pairs: dropped, counted.
    """
    from firth.embeddings import load
    from firth.evaluate import OnError, evaluate, read_analogies, read_word_pairs
    from firth.evaluate.analogy import check_method

    on_error: OnError = "skip" if skip_malformed else "raise"
    with friendly_errors():
        if not analogies and not similarity:
            raise ConfigError(
                "nothing to evaluate: give at least one --analogies FILE or --similarity FILE."
            )
        analogy_sets = [read_analogies(path, on_error=on_error) for path in analogies or []]
        pair_sets = [
            read_word_pairs(path, strip_pos=strip_pos, on_error=on_error)
            for path in similarity or []
        ]
        emb = load(model)
        report = evaluate(
            emb,
            analogy_sets,
            pair_sets,
            restrict=restrict,
            methods=[check_method(m.value) for m in method] if method else ["3cosadd"],
            case_insensitive=case_insensitive,
        )
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    out.print(Text(f"{model}: {report.caption()}"), soft_wrap=True)
    for table in report.tables():
        out.print(report_table(table))
