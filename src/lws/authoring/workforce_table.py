"""What ``lws import`` reads a spreadsheet into: cells, rows, the table, usage errors.

See :mod:`lws.authoring.workforce_import` for the conventions (where a problem is, encodings,
header, values, formulas, ids).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lws.core.diagnostics import Diagnostic
from lws.core.errors import UsageError

FIELDS = ("id", "measure", "value", "unit", "date", "source", "sector")


class ImportUsageError(UsageError):
    """A problem with how ``lws import`` was called (exit status 2), not with the data."""


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a value came from: a sheet (None for CSV), a row and a column, all as shown."""

    sheet: str | None
    row: int
    col: int

    @property
    def ref(self) -> str:
        """The cell in spreadsheet notation: ``Sheet1!C7``, ``'My data'!C7`` or ``C7``."""
        name = f"{column_letter(self.col)}{self.row}"
        return f"{sheet_ref(self.sheet)}!{name}" if self.sheet is not None else name


@dataclass
class Row:
    """One spreadsheet row read as a ``workforce_data`` item, with where each value came from."""

    item: dict[str, Any]
    sheet: str | None
    row: int
    columns: dict[str, int]  # field -> column number
    rank: int = 0  # the sheet's position in the workbook, for sorting diagnostics

    def cell(self, name: str | None = None) -> Cell:
        """The cell holding field ``name`` (the row's first mapped cell if it has none)."""
        col = self.columns.get(name or "") or min(self.columns.values(), default=1)
        return Cell(self.sheet, self.row, col)


@dataclass
class Table:
    """What was read from one spreadsheet: the good rows and every problem, in order."""

    file: str
    rows: list[Row] = field(default_factory=list)
    found: list[tuple[int, Diagnostic]] = field(default_factory=list)  # (sheet rank, problem)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return [d for _, d in sorted(self.found, key=lambda pair: order_key(*pair))]


def order_key(rank: int, d: Diagnostic) -> tuple[str, int, int, int, str, str]:
    """Sort by file, then sheet in workbook order, then row and column."""
    return (d.file, rank, d.line, d.col, d.severity.value, d.message)


def column_letter(col: int) -> str:
    """Column 3 → ``C``, 28 → ``AB``."""
    letters = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_ref(name: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted unless a plain word."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return name
    return "'" + name.replace("'", "''") + "'"


def shorten(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, for quoting a cell in a message."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


# A raw cell: its value, its number format (XLSX only) and its data type ('e' for an error).
RawCell = tuple[Any, str | None, str]
