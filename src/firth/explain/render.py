"""Rich renderables of explanation tables (rich is imported only when drawing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from firth.explain.table import Cell, Table

if TYPE_CHECKING:
    from rich.console import Group
    from rich.table import Table as RichTable

__all__ = ["format_cell", "render_table", "render_tables", "render_with_note"]


def format_cell(value: Cell) -> str:
    """A cell as text: floats with 4 decimals (tiny ones in scientific notation), vectors
    as signed numbers separated by spaces, ``None`` as empty.

    Examples
    --------
    >>> format_cell(0.1234567), format_cell(2e-6), format_cell(None)
    ('0.1235', '2.000e-06', '')
    >>> format_cell((0.05, -0.125))
    '+0.0500 -0.1250'
    """
    if value is None:
        return ""
    if isinstance(value, tuple):
        return " ".join(f"{x:+.4f}" for x in value)
    if isinstance(value, float):
        return f"{value:.3e}" if value != 0 and abs(value) < 1e-3 else f"{value:.4f}"
    return str(value)


def render_table(table: Table) -> RichTable:
    """``table`` as a rich table: numbers right-aligned (its note is not included).

    Examples
    --------
    >>> rich_table = render_table(Table("t", ("word", "count"), (("a", 2),)))
    >>> rich_table.title, rich_table.row_count
    ('t', 1)
    """
    from rich.table import Table as RichTable

    rich_table = RichTable(title=table.title, title_justify="left", min_width=len(table.title))
    for number, column in enumerate(table.columns):
        numeric = any(
            isinstance(row[number], (int, float)) and not isinstance(row[number], bool)
            for row in table.rows
        )
        rich_table.add_column(column, justify="right" if numeric else "left")
    for row in table.rows:
        rich_table.add_row(*(format_cell(cell) for cell in row))
    return rich_table


def render_with_note(table: Table) -> Group:
    """``table`` as a rich table followed by its note (wrapped to the console's width).

    Examples
    --------
    >>> len(render_with_note(Table("t", ("word",), (("a",),), note="read me")).renderables)
    2
    """
    from rich.console import Group
    from rich.text import Text

    parts: list[RichTable | Text] = [render_table(table)]
    if table.note:
        parts.append(Text(table.note, style="dim"))
    return Group(*parts)


def render_tables(tokens: Sequence[str], tables: Sequence[Table]) -> Group:
    """The tokens on one line, then each table with its note, a blank line between.

    Examples
    --------
    >>> group = render_tables(["a", "b"], [Table("t", ("word",), (("a",),))])
    >>> len(group.renderables)
    2
    """
    from rich.console import Group
    from rich.text import Text

    header = Text(f"{len(tokens)} tokens: " + " ".join(tokens), style="bold")
    return Group(header, *(Group(Text(""), render_with_note(table)) for table in tables))
