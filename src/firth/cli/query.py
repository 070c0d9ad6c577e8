"""``firth similar`` and ``firth analogy``: query saved vectors."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from firth.cli.common import friendly_errors, out

if TYPE_CHECKING:
    from firth.embeddings import Embeddings

ModelArg = Annotated[Path, typer.Argument(help="A model or embeddings folder saved by firth.")]
TopK = Annotated[int, typer.Option("-k", "--top", min=1, help="How many answers to show.")]


def _load(model: Path) -> Embeddings:
    from firth.embeddings import Embeddings

    return Embeddings.load(model)


def similar_command(
    model: ModelArg,
    word: Annotated[str, typer.Argument(help="The query word.")],
    k: TopK = 10,
) -> None:
    """Show the nearest neighbours of WORD by cosine similarity."""
    with friendly_errors():
        neighbours = _load(model).most_similar(word, k=k)
    table = Table(title=f"nearest to {word!r}")
    table.add_column("word")
    table.add_column("cosine", justify="right")
    for neighbour, score in neighbours:
        table.add_row(neighbour, f"{score:.4f}")
    out.print(table)


def analogy_command(
    model: ModelArg,
    a: Annotated[str, typer.Argument(help="A, as in 'A is to B as C is to ?'.")],
    b: Annotated[str, typer.Argument(help="B.")],
    c: Annotated[str, typer.Argument(help="C.")],
    k: TopK = 5,
) -> None:
    """Solve A is to B as C is to ? (3CosAdd: B - A + C; the inputs are excluded)."""
    with friendly_errors():
        answers = _load(model).analogy(a, b, c, k=k)
    out.print(f"{a} : {b} :: {c} : ?")
    table = Table()
    table.add_column("answer")
    table.add_column("score", justify="right")
    for answer, score in answers:
        table.add_row(answer, f"{score:.4f}")
    out.print(table)
