"""Turning the rows of each sheet into ``workforce_data`` items, collecting every problem."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from lws.authoring.workforce_fields import FieldReader
from lws.authoring.workforce_header import (
    ALIASES,
    HEADER_HINT,
    HEADER_SEARCH_ROWS,
    KEY_COLUMNS,
    Header,
    as_at_date,
    column_field,
    find_header,
    norm,
)
from lws.authoring.workforce_ids import assign_ids
from lws.authoring.workforce_table import FIELDS, Cell, RawCell, Row, Table, sheet_ref, shorten
from lws.authoring.workforce_values import (
    cell_text,
    present,
)
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.quantities import format_number

MAX_ROWS = 20_000
MAX_CELLS = 1_000_000  # counted as rows arrive (and estimated before a CSV is parsed)
TOO_MANY_CELLS = f"more than {format_number(MAX_CELLS)} cells"
WIDE_UNIT_HINT = (
    "name the unit in the column's header, e.g. 'Headcount (people)', 'Vacancy rate (%)' "
    "or 'Sickness (days per FTE)', or write it with each value (12.5%)"
)
CELLS_HINT = "import the workforce figures alone: copy them into a sheet of their own"


class RowReader:
    """Turns the rows of each sheet into items, collecting every problem."""

    def __init__(
        self,
        file: str,
        evidence_ids: Sequence[str],
        default_source: str | None,
        *,
        named_sheet: bool,
    ) -> None:
        self.file = file
        self.table = Table(file)
        self.evidence_ids = list(evidence_ids)
        self.default_source = default_source
        self.named_sheet = named_sheet
        self.rank = 0
        self.cells = 0  # cells read so far, in every sheet (capped at MAX_CELLS)
        self.failed = False  # the current row has an error
        self.pending_empty: list[tuple[int, Cell, str, str]] = []  # (rank, cell, what, hint)
        self.formulas: dict[Cell, str] = {}
        self.fields = FieldReader(self)

    # -- reporting

    def problem(
        self, cell: Cell, message: str, hint: str, *, warn: bool = False, ref: bool = True
    ) -> None:
        severity = Severity.WARNING if warn else Severity.ERROR
        self.failed = self.failed or not warn
        text = f"{cell.ref}: {message}" if ref else message
        where = Diagnostic(self.file, cell.row, cell.col, severity, (), text, hint)
        self.table.found.append((self.rank, where))

    def finish(self) -> None:
        """Report empty required cells (or formulas with no saved result); assign ids."""
        for rank, cell, what, hint in self.pending_empty:
            self.rank = rank
            formula = self.formulas.get(cell)
            if formula is None:
                self.problem(cell, f"the {what} is empty", hint)
            else:
                self.problem(
                    cell,
                    f"the formula {shorten(formula)} has no saved result",
                    "open the workbook in Excel or LibreOffice and save it, so that each "
                    "formula's result is stored with it",
                )
        assign_ids(self.table.rows, self)
        if not self.table.rows and not any(
            d.severity is Severity.ERROR for _, d in self.table.found
        ):
            self.problem(Cell(None, 1, 1), "found no rows to import", HEADER_HINT, ref=False)

    # -- sheets

    def read_sheet(self, sheet: str | None, rank: int, rows: Iterable[list[RawCell]]) -> None:
        self.rank = rank
        header: Header | None = None
        before: list[tuple[int, list[RawCell]]] = []  # rows searched for the header
        for number, cells in enumerate(rows, start=1):
            self.cells += len(cells)
            if self.cells > MAX_CELLS:
                self.problem(Cell(sheet, number, 1), TOO_MANY_CELLS, CELLS_HINT)
                return
            if number > MAX_ROWS:
                self.problem(
                    Cell(sheet, number, 1),
                    f"more than {format_number(MAX_ROWS)} rows",
                    "import the workforce figures alone, not the whole data set",
                )
                return
            if header is not None:
                self._read_row(sheet, number, cells, header)
                continue
            if number > HEADER_SEARCH_ROWS:
                break
            before.append((number, cells))
            header = find_header(number, cells)
            if header is not None:
                if header.wide and "date" not in header.columns:
                    header.as_at = as_at_date(before[:-1])
                self._check_header(sheet, header, cells)
                if self._missing_columns(sheet, header):
                    return
        if header is None:
            self._no_header(sheet, before)

    def _no_header(self, sheet: str | None, seen: list[tuple[int, list[RawCell]]]) -> None:
        first = next(((n, c) for n, c in seen if any(present(v) for v in c)), None)
        if first is None:
            if sheet is None or self.named_sheet:
                what = "file" if sheet is None else f"sheet {sheet_ref(sheet)}"
                self.problem(Cell(sheet, 1, 1), f"the {what} is empty", HEADER_HINT, ref=False)
            return
        number, cells = first
        where = Cell(sheet, number, 1)
        hint = HEADER_HINT
        if sheet is None or self.named_sheet:
            self.problem(where, "no header row naming measure, value and date", hint)
        else:
            self.problem(
                where,
                f"sheet skipped: no header row naming measure, value and date "
                f"(row {number} reads {_row_preview(cells)})",
                f"{hint}; pass --sheet NAME to import one sheet only",
                warn=True,
            )

    def _check_header(self, sheet: str | None, header: Header, cells: list[RawCell]) -> None:
        known: dict[str, int] = {}
        for col, (value, _, _) in enumerate(cells, start=1):
            text = cell_text(value)
            if text is None:
                continue
            mapped = column_field(text)
            cell = Cell(sheet, header.row, col)
            if col in header.measures:
                continue
            if mapped is None:
                self._unknown_column(cell, text)
            elif mapped[0] in known:
                first = Cell(sheet, header.row, known[mapped[0]])
                self.problem(
                    cell,
                    f"'{shorten(text)}' is a second {mapped[0]} column (the first is {first.ref})",
                    "keep one such column: rename or delete the other",
                )
            else:
                known[mapped[0]] = col

    def _unknown_column(self, cell: Cell, text: str) -> None:
        close = difflib.get_close_matches(norm(text), list(ALIASES), n=1, cutoff=0.75)
        hint = f"did you mean '{close[0]}'? " if close else ""
        self.problem(
            cell,
            f"column '{shorten(text)}' is not imported",
            f"{hint}lws reads the columns: {', '.join(FIELDS)}",
            warn=True,
        )

    def _missing_columns(self, sheet: str | None, header: Header) -> bool:
        needed = [name for name in KEY_COLUMNS if name not in header.columns]
        if header.wide:  # a row per service, a column per measure
            needed = [] if "date" in header.columns or header.as_at else ["date"]
        if "source" not in header.columns and self.default_source is None:
            needed.append("source")
        for name in needed:
            hint = {
                "source": "add a source column of evidence ids, or pass --source EVIDENCE_ID",
                "value": "name the column of figures 'value' (or 'figure', or '%')",
                "date": "name the column of dates 'date' (or 'as at')"
                + (", or write 'as at 30 September 2025' above the header" if header.wide else ""),
            }.get(name, f"add a column named '{name}'")
            self.problem(Cell(sheet, header.row, 1), f"the header has no '{name}' column", hint)
        return bool(needed)

    # -- rows

    def _read_row(self, sheet: str | None, number: int, cells: list[RawCell], h: Header) -> None:
        raw = {name: _at(cells, col) for name, col in h.columns.items()}
        if h.wide:
            self._read_wide_row(sheet, number, cells, h, raw)
            return
        if not any(present(value) for value, _, _ in raw.values()):
            return  # an empty row
        where = {name: Cell(sheet, number, col) for name, col in h.columns.items()}
        percent = h.columns["value"] in h.percent
        self._read_item(sheet, number, raw, where, dict(h.columns), percent)

    def _read_wide_row(
        self,
        sheet: str | None,
        number: int,
        cells: list[RawCell],
        h: Header,
        raw: dict[str, RawCell],
    ) -> None:
        """One figure per measure column that holds one (an empty cell is no figure)."""
        where = {name: Cell(sheet, number, col) for name, col in h.columns.items()}
        if h.as_at is not None:
            day, row, col = h.as_at
            raw["date"], where["date"] = (day, None, "d"), Cell(sheet, row, col)
        for col, (measure, unit) in h.measures.items():
            value = _at(cells, col)
            if not present(value[0]):
                continue
            named = Cell(sheet, h.row, col)
            one = {**raw, "measure": (measure, None, "s"), "value": value}
            at = {**where, "measure": named, "value": Cell(sheet, number, col)}
            if unit is not None:
                one["unit"], at["unit"] = (unit, None, "s"), named
            columns = {**h.columns, "measure": col, "value": col}
            self._read_item(sheet, number, one, at, columns, percent=unit == "%", wide=True)

    def _read_item(
        self,
        sheet: str | None,
        number: int,
        raw: dict[str, RawCell],
        where: dict[str, Cell],
        columns: dict[str, int],
        percent: bool,
        *,
        wide: bool = False,
    ) -> None:
        self.failed = False
        item: dict[str, Any] = {}
        for name in ("id", "measure", "sector"):
            if name in raw:
                self.fields.text_field(
                    item, name, raw[name], where[name], required=name == "measure"
                )
        hint = WIDE_UNIT_HINT if wide else ""
        self.fields.value_and_unit(item, raw, where, percent_column=percent, unit_hint=hint)
        self.fields.date(item, raw["date"], where["date"])
        self.fields.source(item, raw.get("source"), where.get("source"))
        if not self.failed:
            self.table.rows.append(Row(item, sheet, number, columns, self.rank))

    def empty(self, cell: Cell, what: str, hint: str) -> None:
        # Reported by finish(), once it knows whether the cell holds an unsaved formula.
        self.pending_empty.append((self.rank, cell, what, hint))
        self.failed = True


def _at(cells: list[RawCell], col: int) -> RawCell:
    return cells[col - 1] if col <= len(cells) else (None, None, "n")


def _row_preview(cells: list[RawCell]) -> str:
    texts = [t for t in (cell_text(v) for v, _, _ in cells[:4]) if t]
    return ", ".join(f"'{shorten(t, 40)}'" for t in texts) or "nothing"
