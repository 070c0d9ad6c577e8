"""The ``firth`` command line: thin, typed calls into the public API.

Results go to standard output; progress, warnings and errors to standard error. A
:class:`~firth.errors.FirthError` becomes a one-paragraph message and exit status 2, never a
traceback.
"""

from __future__ import annotations

import logging
import sys

import typer

from firth.cli.align import align_command
from firth.cli.bias import bias_command
from firth.cli.convert import convert_command, export_command
from firth.cli.evaluate import evaluate_command
from firth.cli.explain import explain_command
from firth.cli.graph import graph_command
from firth.cli.items import items_command
from firth.cli.phrases import phrases_command
from firth.cli.query import analogy_command, similar_command
from firth.cli.serve import serve_command
from firth.cli.train import train_command

__all__ = ["app", "main"]

app = typer.Typer(
    name="firth",
    help="Word embeddings the word2vec way: train, query, convert.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("train")(train_command)
app.command("similar")(similar_command)
app.command("analogy")(analogy_command)
app.command("evaluate")(evaluate_command)
app.command("convert")(convert_command)
app.command("export")(export_command)
app.command("phrases")(phrases_command)
app.command("serve")(serve_command)
app.command("explain")(explain_command)
app.command("graph")(graph_command)
app.command("items")(items_command)
app.command("align")(align_command)
app.command("bias")(bias_command)


def main() -> None:
    """Entry point of the ``firth`` console script."""
    logging.basicConfig(level=logging.WARNING, format="firth: %(message)s", stream=sys.stderr)
    app()
