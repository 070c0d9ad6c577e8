"""Pieces shared by the commands: consoles and error reporting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console

from firth.errors import FirthError

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


@contextmanager
def friendly_errors() -> Iterator[None]:
    """Turn a FirthError (bad input, bad file, bad option) into a message and exit code 2."""
    try:
        yield
    except FirthError as error:
        err.print(f"[bold red]error:[/] {error}")
        raise typer.Exit(code=2) from None
