"""``firth explain``: the mechanics of word2vec on a sentence, as tables."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer

from firth.cli.common import friendly_errors, out


class ExplainArch(str, Enum):
    SKIPGRAM = "skipgram"
    CBOW = "cbow"


class ExplainTokenizer(str, Enum):
    SIMPLE = "simple"
    WHITESPACE = "whitespace"


class TableName(str, Enum):
    LANGUAGE_MODEL = "language_model"
    SKIPGRAM = "skipgram"
    CBOW = "cbow"
    NOISE = "noise"
    NEGATIVE_SAMPLING = "negative_sampling"
    STEP = "step"
    UPDATES = "updates"


def explain_command(
    sentence: Annotated[str, typer.Argument(help="The sentence to explain (quote it).")],
    window: Annotated[
        int, typer.Option(help="Maximum distance between a word and its context words.")
    ] = 2,
    negative: Annotated[int, typer.Option(help="Noise words drawn per sample.")] = 2,
    arch: Annotated[
        ExplainArch,
        typer.Option(help="Whose samples are negative-sampled and trained in the step."),
    ] = ExplainArch.SKIPGRAM,
    dim: Annotated[int, typer.Option(help="Dimension of the tiny model.")] = 4,
    seed: Annotated[int, typer.Option(help="Seed of the noise words and initial vectors.")] = 1,
    alpha: Annotated[float, typer.Option(help="Learning rate of the training step.")] = 0.025,
    tokenizer: Annotated[
        ExplainTokenizer,
        typer.Option(help="simple: lowercase, punctuation split off; whitespace: str.split."),
    ] = ExplainTokenizer.SIMPLE,
    table: Annotated[
        list[TableName] | None,
        typer.Option(help="Show only this table (repeat for several); default: all."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the tables as JSON on standard output.")
    ] = False,
) -> None:
    """Show word2vec's mechanics on SENTENCE: the sliding-window samples (language model,
    skip-gram, CBOW), the noise distribution, the negative-sampling dataset and one real
    training step of a tiny model, as the illustrated explainers draw them.

    Deterministic: the same options and --seed give the same tables.
    """
    from firth.explain import explain

    names = [t.value for t in table] if table else None
    with friendly_errors():
        explanation = explain(
            sentence,
            window=window,
            negative=negative,
            architecture="cbow" if arch is ExplainArch.CBOW else "skipgram",
            dim=dim,
            alpha=alpha,
            seed=seed,
            tokenizer="whitespace" if tokenizer is ExplainTokenizer.WHITESPACE else "simple",
        )
    if as_json:
        typer.echo(json.dumps(explanation.to_dict(tables=names), indent=2, ensure_ascii=False))
        return
    out.print(explanation.render(tables=names))
