"""Pieces shared by the commands: consoles and error reporting."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console

from firth.errors import FirthError

if TYPE_CHECKING:
    from rich.table import Table

    from firth.evaluate.report import ReportTable

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


def report_table(table: ReportTable) -> Table:
    """A report's table drawn for the terminal (summary rows in bold, after a rule)."""
    from rich.table import Table
    from rich.text import Text

    drawn = Table(title=Text(table.title, style="bold"))
    for column, numeric in zip(table.columns, table.numeric, strict=True):
        drawn.add_column(Text(column), justify="right" if numeric else "left")
    first_summary = len(table.rows) - table.summary_rows
    for i, row in enumerate(table.rows):
        drawn.add_row(
            *(Text(cell) for cell in row),
            style="bold" if i == len(table.rows) - 1 and table.summary_rows else None,
            end_section=i == first_summary - 1,
        )
    return drawn
