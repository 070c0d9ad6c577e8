"""``Table``: one small frozen table of an explanation (title, columns, rows)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from firth.errors import ConfigError, MissingExtraError

if TYPE_CHECKING:
    from rich.console import Group

__all__ = ["Cell", "Table"]

Cell = str | int | float | tuple[float, ...] | None
"""A value in a table: a word, a count, a number, a vector (tuple of floats) or nothing."""


@dataclass(frozen=True)
class Table:
    """A titled table of rows, as the illustrated explainers draw them.

    Parameters
    ----------
    title
        What the table shows, in one line.
    columns
        The column names (the keys of :meth:`to_records`).
    rows
        One tuple of cells per row, each as long as ``columns``. A cell is a word, an int,
        a float, a vector (tuple of floats) or ``None`` (nothing there, e.g. a context
        position beyond the end of the sentence).
    note
        A sentence or two on how to read the table (shown under it in the terminal).

    Raises
    ------
    ConfigError
        If a row's length differs from the number of columns.

    Examples
    --------
    >>> table = Table("pairs", ("input", "output"), (("not", "make"), ("not", "a")))
    >>> len(table), table.to_records()[1]
    (2, {'input': 'not', 'output': 'a'})
    """

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""

    def __post_init__(self) -> None:
        width = len(self.columns)
        for number, row in enumerate(self.rows):
            if len(row) != width:
                raise ConfigError(
                    f"Table.rows[{number}] has {len(row)} cells but the table has {width} "
                    f"columns {list(self.columns)!r}; give every row one cell per column."
                )

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[tuple[Cell, ...]]:
        return iter(self.rows)

    def to_records(self) -> list[dict[str, Cell]]:
        """The rows as dictionaries keyed by column name (vectors stay tuples).

        Examples
        --------
        >>> Table("t", ("word", "count"), (("a", 2),)).to_records()
        [{'word': 'a', 'count': 2}]
        """
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        """The table as JSON-ready data: title, note, columns and rows (vectors as lists).

        Examples
        --------
        >>> Table("t", ("word", "vector"), (("a", (0.5, -0.25)),)).to_dict()["rows"]
        [['a', [0.5, -0.25]]]
        """
        return {
            "title": self.title,
            "note": self.note,
            "columns": list(self.columns),
            "rows": [[list(c) if isinstance(c, tuple) else c for c in row] for row in self.rows],
        }

    def to_pandas(self) -> Any:
        """The table as a ``pandas.DataFrame`` (one column per column name).

        pandas is optional: firth does not install it.

        Returns
        -------
        pandas.DataFrame
            The rows, with vectors as tuples in object columns.

        Raises
        ------
        MissingExtraError
            If pandas is not installed (an ``ImportError``; install it with
            ``pip install pandas``, or use :meth:`to_records`).
        """
        try:
            pandas = importlib.import_module("pandas")
        except ImportError as exc:
            raise MissingExtraError(
                "Table.to_pandas needs pandas, which firth does not install; install it "
                "with: pip install pandas (or use Table.to_records() for plain dictionaries)."
            ) from exc
        return pandas.DataFrame(self.to_records(), columns=list(self.columns))

    def __rich__(self) -> Group:
        from firth.explain.render import render_with_note

        return render_with_note(self)
