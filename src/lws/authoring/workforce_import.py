"""Reading workforce figures from a spreadsheet (CSV or XLSX) for ``lws import``.

Councils keep headcount, vacancies, turnover, sickness, agency use and qualifications in
spreadsheets. This module reads one such file into the items of ``workforce_data`` in
``strategy/baseline.yaml``; :mod:`lws.authoring.baseline_merge` writes them.

Conventions:

* **Where a problem is.** A diagnostic's ``file`` is the spreadsheet as given on the command
  line, ``line`` the row number and ``col`` the column number (both 1-based, as the
  spreadsheet program shows them). The message starts with the cell in spreadsheet
  notation: ``Sheet1!C7`` for a workbook (``'Staff data'!C7`` when the sheet name needs
  quoting), ``C7`` for CSV. So ``data/workforce.xlsx:7:3: error: Sheet1!C7: 'twelve' is not
  a number``. CSV rows are records as a spreadsheet shows them, not physical lines (a quoted
  cell may span lines).
* **Encodings.** CSV must be UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8"
  writes one). lws does not guess: a file in another encoding is rejected, naming the first
  cell holding a byte that is not UTF-8, with how to re-save it. Guessing Windows-1252 would
  turn a Latin-1, Mac or UTF-16 file into plausible-looking wrong text.
* **Header.** The header is the first of the first 20 rows that names at least two of
  measure, value and date; rows above it (titles) are ignored. Column names are matched
  without regard to case, spaces, ``_`` or ``-``, with common aliases ("as at" for date,
  "figure" for value, "%" or "rate (%)" for a value in per cent…). Other columns are not
  imported, with a warning. With no ``--sheet``, every worksheet is read; a sheet with no
  such header (notes, lookups) is skipped with a warning.
* **Values.** Numbers are read leniently but never guessed: ``12.5%``, ``1,234``,
  ``£3,000``, ``11.2 days`` (the symbol or word becomes the unit); ``1,5`` and ``3k`` are
  rejected. An Excel cell formatted as a percentage holds a fraction: ``0.214`` becomes
  ``21.4`` with unit ``%``. Dates come from Excel dates, ISO ``2026-01-13``, UK
  ``13/01/2026`` (always day first, never US order) or ``13 January 2026``.
* **Formulas.** The workbook is opened with ``data_only``: a formula contributes the result
  Excel saved with it. A formula with no saved result is reported as such.
* **Ids.** An ``id`` column is used as given. Otherwise each row's id is made from its
  measure and date (``social-worker-vacancy-rate-2025-09-30``), with ``-2``, ``-3``… for
  repeats, so importing the same file again replaces the same items.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import difflib
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import UsageError

MAX_INPUT_BYTES = 32 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # an XLSX is a zip: refuse zip bombs before parsing
MAX_ROWS = 20_000
HEADER_SEARCH_ROWS = 20
FIELDS = ("id", "measure", "value", "unit", "date", "source", "sector")
CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")

_ALIASES = {
    "id": "id",
    "measure id": "id",
    "key": "id",
    "code": "id",
    "measure": "measure",
    "measure name": "measure",
    "indicator": "measure",
    "metric": "measure",
    "what is measured": "measure",
    "value": "value",
    "figure": "value",
    "amount": "value",
    "number": "value",
    "count": "value",
    "rate": "value",
    "result": "value",
    "unit": "unit",
    "units": "unit",
    "unit of measure": "unit",
    "date": "date",
    "as at": "date",
    "as of": "date",
    "as at date": "date",
    "date as at": "date",
    "period end": "date",
    "period ending": "date",
    "snapshot date": "date",
    "date of data": "date",
    "source": "source",
    "source id": "source",
    "evidence": "source",
    "evidence id": "source",
    "sector": "sector",
    "service": "sector",
    "workforce": "sector",
    "workforce group": "sector",
    "part of workforce": "sector",
    "team": "sector",
}
_PERCENT_WORDS = {"percent", "per cent", "percentage"}
_KEY_COLUMNS = ("measure", "value", "date")
_UNIT_SYNONYMS = {"percent": "%", "per cent": "%", "percentage": "%", "gbp": "£", "eur": "€"}
_MULTIPLIERS = {"k", "m", "bn", "mn", "mil", "million", "thousand", "billion", "thousands"}
_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower())
} | {"sept": 9}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_NUMBER = re.compile(
    r"""^(?P<sign>[-+\u2212]?)\s*
    (?P<currency>[£€$]?)\s*
    (?P<digits>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)
    \s*(?P<suffix>%|[^\W\d_][^\W\d_ .]*(?:\s[^\W\d_]+)*)?$""",
    re.VERBOSE,
)
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DMY_SHORT = re.compile(r"^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+(\d{4})$")

DATE_FORMS = "2026-01-13 (YYYY-MM-DD) or 13/01/2026 (dd/mm/yyyy)"


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


# -- reading the file --------------------------------------------------------------------


def file_kind(path: Path) -> str:
    """``csv`` or ``xlsx`` from the file name; raise ImportUsageError for anything else."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in (".xls", ".ods", ".numbers"):
        raise ImportUsageError(
            f"{path}: {suffix} files are not read; open the file in your spreadsheet program "
            "and save it as Excel Workbook (.xlsx) or CSV UTF-8 (.csv)"
        )
    raise ImportUsageError(f"{path}: not a .csv or .xlsx file (the name ends {suffix or 'bare'})")


def read_table(
    path: Path,
    display: str,
    *,
    evidence_ids: Sequence[str],
    sheet: str | None = None,
    default_source: str | None = None,
) -> Table:
    """Read every data row of ``path``; raise ImportUsageError for a missing file or sheet."""
    kind = file_kind(path)
    if sheet is not None and kind == "csv":
        raise ImportUsageError(f"{display}: --sheet applies to workbooks (.xlsx), not CSV")
    try:
        if not path.is_file():
            raise ImportUsageError(f"{display}: no such file")
        size = path.stat().st_size
    except OSError as exc:
        raise ImportUsageError(f"{display}: cannot read the file: {exc.strerror}") from None
    reader = _Reader(display, evidence_ids, default_source, named_sheet=sheet is not None)
    if size > MAX_INPUT_BYTES:
        reader.problem(
            Cell(None, 1, 1),
            f"file is {size / 1024 / 1024:.1f} MiB; lws imports spreadsheets up to "
            f"{MAX_INPUT_BYTES // 1024 // 1024} MiB",
            "import the workforce figures alone, not the whole data set",
            ref=False,
        )
        return reader.table
    if kind == "csv":
        _read_csv(path, reader)
    else:
        _read_xlsx(path, reader, sheet)
    reader.finish()
    return reader.table


# A raw cell: its value, its number format (XLSX only) and its data type ('e' for an error).
RawCell = tuple[Any, str | None, str]


def _read_csv(path: Path, reader: _Reader) -> None:
    raw = path.read_bytes()
    text = _csv_text(raw, reader)
    if text is None:
        return
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        reader.problem(
            Cell(None, 1, 1), f"not a readable CSV file: {exc}", "export it again as CSV UTF-8"
        )
        return
    if _undecodable(records, reader):
        return
    rows: Iterator[list[RawCell]] = (
        [(value or None, None, "s") for value in record] for record in records
    )
    reader.read_sheet(None, 0, rows)


def _csv_text(raw: bytes, reader: _Reader) -> str | None:
    at_start = Cell(None, 1, 1)
    resave = "in Excel: File › Save As › 'CSV UTF-8 (Comma delimited) (*.csv)'"
    if raw.startswith(b"PK\x03\x04"):
        reader.problem(at_start, "file is an Excel workbook, not CSV", "rename it to .xlsx")
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        reader.problem(at_start, "file is encoded as UTF-16, not UTF-8", resave, ref=False)
        return None
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    # Undecodable bytes become lone surrogates (U+DC80–U+DCFF) and NUL becomes U+DC00, so
    # that the CSV parser can say which cell holds them.
    return raw.decode("utf-8", "surrogateescape").replace("\x00", "\udc00")


def _undecodable(records: list[list[str]], reader: _Reader) -> bool:
    for row, record in enumerate(records, start=1):
        for col, value in enumerate(record, start=1):
            bad = next((ch for ch in value if "\udc00" <= ch <= "\udcff"), None)
            if bad is None:
                continue
            if bad == "\udc00":
                message = "cell holds a NUL byte: the file is not UTF-8 text (UTF-16?)"
            else:
                byte = ord(bad) - 0xDC00
                message = f"byte 0x{byte:02X} is not valid UTF-8: the file is not saved as UTF-8"
            reader.problem(
                Cell(None, row, col),
                message,
                "it was probably saved as Windows-1252 ('CSV (Comma delimited)'); lws reads "
                "UTF-8 only. In Excel: File › Save As › 'CSV UTF-8 (Comma delimited) (*.csv)'",
            )
            return True
    return False


def _read_xlsx(path: Path, reader: _Reader, sheet: str | None) -> None:
    if not _zip_is_sane(path, reader):
        return
    with warnings.catch_warnings():
        # openpyxl warns about parts it does not keep (data validation, conditional
        # formats…); none of them changes a cell's value.
        warnings.simplefilter("ignore")
        _read_workbook(path, reader, sheet)


def _read_workbook(path: Path, reader: _Reader, sheet: str | None) -> None:
    import openpyxl  # imported here: only `lws import` needs it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds of error for a damaged file
        reader.problem(
            Cell(None, 1, 1),
            f"cannot read the workbook: {shorten(str(exc) or type(exc).__name__, 120)}",
            "save it again as Excel Workbook (.xlsx); an old .xls must be re-saved as .xlsx",
        )
        return
    try:
        sheets = list(book.worksheets)
        names = [ws.title for ws in sheets]
        if sheet is not None and sheet not in names:
            close = difflib.get_close_matches(sheet, names, n=1)
            guess = f"did you mean {close[0]!r}? " if close else ""
            raise ImportUsageError(
                f"{reader.file}: no worksheet named {sheet!r}; {guess}"
                f"the workbook has: {', '.join(map(repr, names)) or 'no worksheets'}"
            )
        for rank, ws in enumerate(sheets):
            if sheet is None or ws.title == sheet:
                ws.reset_dimensions()  # never trust the file's own idea of its size
                reader.read_sheet(ws.title, rank, _xlsx_rows(ws.iter_rows(min_row=1)))
    finally:
        book.close()
    if reader.pending_empty:
        reader.formulas = _formulas(path, {cell for _, cell, _, _ in reader.pending_empty})


def _zip_is_sane(path: Path, reader: _Reader) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        reader.problem(
            Cell(None, 1, 1),
            "not an Excel workbook (.xlsx): the file is not a zip archive",
            "if it is CSV, rename it to .csv; an old .xls must be re-saved as .xlsx",
        )
        return False
    if unpacked > MAX_UNPACKED_BYTES:
        reader.problem(
            Cell(None, 1, 1),
            f"workbook unpacks to {unpacked / 1024 / 1024:.0f} MiB; lws reads workbooks up to "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MiB unpacked",
            "copy the workforce figures into a workbook of their own",
        )
        return False
    return True


def _xlsx_rows(rows: Iterable[Sequence[Any]]) -> Iterator[list[RawCell]]:
    for row in rows:
        yield [
            (cell.value, getattr(cell, "number_format", None), getattr(cell, "data_type", "n"))
            for cell in row
        ]


def _formulas(path: Path, cells: set[Cell]) -> dict[Cell, str]:
    """The formula text of those ``cells`` that hold a formula (read without data_only)."""
    import openpyxl

    found: dict[Cell, str] = {}
    wanted = {c.sheet for c in cells}
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # it opened a moment ago; without formulas, report empty cells
        return found
    try:
        for ws in book.worksheets:
            if ws.title not in wanted:
                continue
            ws.reset_dimensions()
            last = max(c.row for c in cells if c.sheet == ws.title)
            for row_number, row in enumerate(ws.iter_rows(min_row=1, max_row=last), start=1):
                for col, cell in enumerate(row, start=1):
                    where = Cell(ws.title, row_number, col)
                    value = cell.value
                    if where in cells and isinstance(value, str) and value.startswith("="):
                        found[where] = value
    finally:
        book.close()
    return found


# -- turning rows into items -------------------------------------------------------------


@dataclass
class _Header:
    row: int
    columns: dict[str, int]  # field -> column number
    percent: set[int]  # columns whose name says the values are per cent


class _Reader:
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
        self.failed = False  # the current row has an error
        self.pending_empty: list[tuple[int, Cell, str, str]] = []  # (rank, cell, what, hint)
        self.formulas: dict[Cell, str] = {}

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
        _assign_ids(self.table.rows, self)
        if not self.table.rows and not any(
            d.severity is Severity.ERROR for _, d in self.table.found
        ):
            self.problem(Cell(None, 1, 1), "found no rows to import", _HEADER_HINT, ref=False)

    # -- sheets

    def read_sheet(self, sheet: str | None, rank: int, rows: Iterable[list[RawCell]]) -> None:
        self.rank = rank
        header: _Header | None = None
        before: list[tuple[int, list[RawCell]]] = []  # rows searched for the header
        for number, cells in enumerate(rows, start=1):
            if number > MAX_ROWS:
                self.problem(
                    Cell(sheet, number, 1),
                    f"more than {MAX_ROWS:,} rows",
                    "import the workforce figures alone, not the whole data set",
                )
                return
            if header is not None:
                self._read_row(sheet, number, cells, header)
                continue
            if number > HEADER_SEARCH_ROWS:
                break
            before.append((number, cells))
            header = _find_header(number, cells)
            if header is not None:
                self._check_header(sheet, header, cells)
                if self._missing_columns(sheet, header):
                    return
        if header is None:
            self._no_header(sheet, before)

    def _no_header(self, sheet: str | None, seen: list[tuple[int, list[RawCell]]]) -> None:
        first = next(((n, c) for n, c in seen if any(_present(v) for v in c)), None)
        if first is None:
            if sheet is None or self.named_sheet:
                what = "file" if sheet is None else f"sheet {sheet_ref(sheet)}"
                self.problem(Cell(sheet, 1, 1), f"the {what} is empty", _HEADER_HINT, ref=False)
            return
        number, cells = first
        where = Cell(sheet, number, 1)
        hint = _HEADER_HINT
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

    def _check_header(self, sheet: str | None, header: _Header, cells: list[RawCell]) -> None:
        known: dict[str, int] = {}
        for col, (value, _, _) in enumerate(cells, start=1):
            text = _cell_text(value)
            if text is None:
                continue
            mapped = _column_field(text)
            cell = Cell(sheet, header.row, col)
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
        close = difflib.get_close_matches(_norm(text), list(_ALIASES), n=1, cutoff=0.75)
        hint = f"did you mean '{close[0]}'? " if close else ""
        self.problem(
            cell,
            f"column '{shorten(text)}' is not imported",
            f"{hint}lws reads the columns: {', '.join(FIELDS)}",
            warn=True,
        )

    def _missing_columns(self, sheet: str | None, header: _Header) -> bool:
        needed = [name for name in _KEY_COLUMNS if name not in header.columns]
        if "source" not in header.columns and self.default_source is None:
            needed.append("source")
        for name in needed:
            hint = {
                "source": "add a source column of evidence ids, or pass --source EVIDENCE_ID",
                "value": "name the column of figures 'value' (or 'figure', or '%')",
                "date": "name the column of dates 'date' (or 'as at')",
            }.get(name, f"add a column named '{name}'")
            self.problem(Cell(sheet, header.row, 1), f"the header has no '{name}' column", hint)
        return bool(needed)

    # -- rows

    def _read_row(self, sheet: str | None, number: int, cells: list[RawCell], h: _Header) -> None:
        raw = {name: _at(cells, col) for name, col in h.columns.items()}
        if not any(_present(value) for value, _, _ in raw.values()):
            return  # an empty row
        self.failed = False
        where = {name: Cell(sheet, number, col) for name, col in h.columns.items()}
        item: dict[str, Any] = {}
        for name in ("id", "measure", "sector"):
            if name in raw:
                self._text_field(item, name, raw[name], where[name], required=name == "measure")
        self._value_and_unit(item, raw, where, percent_column=h.columns["value"] in h.percent)
        self._date(item, raw["date"], where["date"])
        self._source(item, raw.get("source"), where.get("source"))
        if not self.failed:
            self.table.rows.append(Row(item, sheet, number, dict(h.columns), self.rank))

    def _empty(self, cell: Cell, what: str, hint: str) -> None:
        # Reported by finish(), once it knows whether the cell holds an unsaved formula.
        self.pending_empty.append((self.rank, cell, what, hint))
        self.failed = True

    def _text_field(
        self, item: dict[str, Any], name: str, raw: RawCell, cell: Cell, *, required: bool
    ) -> None:
        value, _, kind = raw
        if kind == "e":
            self.problem(cell, f"the formula's result is an error ({value})", _FORMULA_ERROR_HINT)
            return
        text = _cell_text(value)
        if text is None:
            if required:
                self._empty(
                    cell,
                    name,
                    "every row needs a measure: what is counted, e.g. 'Social "
                    "worker vacancy rate'; delete the row if it is not a figure",
                )
            return
        bad = _CONTROL.search(text)
        if bad:
            self.problem(
                cell,
                f"text holds the control character U+{ord(bad.group()):04X}",
                "remove invisible characters (often pasted from another program)",
            )
            return
        item[name] = text

    def _value_and_unit(
        self,
        item: dict[str, Any],
        raw: dict[str, RawCell],
        where: dict[str, Cell],
        *,
        percent_column: bool,
    ) -> None:
        value_cell = where["value"]
        unit_text: str | None = None
        if "unit" in raw:
            reported = len(self.table.found)
            self._text_field(item, "unit", raw["unit"], where["unit"], required=False)
            unit_text = item.pop("unit", None)
            if len(self.table.found) > reported:
                return
        number = self._number(raw["value"], value_cell)
        if number is None:
            return
        value, unit_in_value = number
        units = [u for u in (unit_text, unit_in_value) if u]
        if percent_column and unit_in_value is None:
            units.append("%")
        if len({_unit_key(u) for u in units}) > 1:
            self.problem(
                value_cell,
                f"the value is in {units[-1]} but the unit column says '{shorten(units[0])}'",
                "correct the value or the unit so that they agree",
            )
            return
        if not units:
            cell = where.get("unit", value_cell)
            self.problem(
                cell,
                "the unit is empty",
                "give the unit, e.g. %, FTE, days or people"
                + ("" if "unit" in where else ", in a 'unit' column or with the value (12.5%)"),
            )
            return
        item["value"] = value
        item["unit"] = units[0]

    def _number(self, raw: RawCell, cell: Cell) -> tuple[int | float, str | None] | None:
        value, fmt, kind = raw
        if kind == "e":
            self.problem(cell, f"the formula's result is an error ({value})", _FORMULA_ERROR_HINT)
            return None
        if not _present(value):
            self._empty(cell, "value", "give the figure, or delete the row")
            return None
        if isinstance(value, bool):
            self.problem(cell, f"{str(value).upper()} is not a number", "give the figure")
            return None
        if isinstance(value, int | float):
            return _excel_number(value, fmt)
        if isinstance(value, dt.date | dt.time | dt.timedelta):
            self.problem(
                cell,
                f"{_cell_text(value)} is a date or time, not a number",
                "format the cell as a number (it is formatted as a date)",
            )
            return None
        text = str(value).strip()
        parsed = _text_number(text)
        if isinstance(parsed, str):
            self.problem(cell, f"'{shorten(text)}' is not a number", parsed)
            return None
        return parsed

    def _date(self, item: dict[str, Any], raw: RawCell, cell: Cell) -> None:
        value, _, kind = raw
        if kind == "e":
            self.problem(cell, f"the formula's result is an error ({value})", _FORMULA_ERROR_HINT)
            return
        if not _present(value):
            self._empty(cell, "date", f"give the date the figure refers to, e.g. {DATE_FORMS}")
            return
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0, 0):
                self.problem(
                    cell,
                    f"{value:%Y-%m-%d %H:%M} has a time of day; lws records the date only",
                    "format the cell as a date without a time",
                    warn=True,
                )
            item["date"] = value.date()
            return
        if isinstance(value, dt.date):
            item["date"] = value
            return
        if isinstance(value, bool) or not isinstance(value, str):
            self.problem(
                cell,
                f"{_cell_text(value)} is not a date",
                f"format the cell as a date, or write the date as {DATE_FORMS}",
            )
            return
        parsed = parse_date_text(value.strip())
        if isinstance(parsed, tuple):
            self.problem(cell, *parsed)
            return
        item["date"] = parsed

    def _source(self, item: dict[str, Any], raw: RawCell | None, cell: Cell | None) -> None:
        text = None
        if raw is not None and cell is not None:
            self._text_field(item, "source", raw, cell, required=False)
            text = item.pop("source", None)
        if text is None:
            if self.default_source is None:
                assert cell is not None  # a source column is required without --source
                self._empty(
                    cell,
                    "source",
                    "give the id of the evidence the figure comes from, or "
                    "pass --source EVIDENCE_ID for rows without one",
                )
                return
            text = self.default_source
        elif text not in self.evidence_ids:
            assert cell is not None
            self.problem(
                cell,
                f"no evidence has the id '{shorten(text)}'",
                evidence_hint(text, self.evidence_ids),
            )
            return
        item["source"] = text


_HEADER_HINT = (
    "the first row must name the columns: measure, value, unit, date, source (and "
    "optionally id, sector), with a row for each figure below it"
)
_FORMULA_ERROR_HINT = "fix the formula in the spreadsheet, or replace it with the figure"


def evidence_hint(text: str, ids: Sequence[str]) -> str:
    """Did-you-mean for an unknown evidence id, else the ids there are."""
    close = difflib.get_close_matches(text, list(ids), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if not ids:
        return "add the source to evidence in strategy/baseline.yaml first"
    listed = ", ".join(ids[:8]) + (", …" if len(ids) > 8 else "")
    return f"use an id from evidence in strategy/baseline.yaml ({listed}), or add it there"


def _find_header(number: int, cells: list[RawCell]) -> _Header | None:
    columns: dict[str, int] = {}
    percent: set[int] = set()
    for col, (value, _, _) in enumerate(cells, start=1):
        text = _cell_text(value)
        mapped = _column_field(text) if text is not None else None
        if mapped is None or mapped[0] in columns:
            continue
        columns[mapped[0]] = col
        if mapped[1]:
            percent.add(col)
    if sum(name in columns for name in _KEY_COLUMNS) < 2:
        return None
    return _Header(number, columns, percent)


def _norm(text: str) -> str:
    text = text.casefold().replace("(%)", "%")
    return re.sub(r"[\s_\-.:]+", " ", text).strip()


def _column_field(text: str) -> tuple[str, bool] | None:
    """The field a column name stands for, and whether its values are per cent."""
    name = _norm(text)
    if name in _ALIASES:
        return _ALIASES[name], False
    if name in _PERCENT_WORDS:
        return "value", True
    if name.endswith("%"):
        base = name[:-1].strip()
        if not base or base in _PERCENT_WORDS or _ALIASES.get(base) == "value":
            return "value", True
    return None


def _at(cells: list[RawCell], col: int) -> RawCell:
    return cells[col - 1] if col <= len(cells) else (None, None, "n")


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _row_preview(cells: list[RawCell]) -> str:
    texts = [t for t in (_cell_text(v) for v, _, _ in cells[:4]) if t]
    return ", ".join(f"'{shorten(t, 40)}'" for t in texts) or "nothing"


def _cell_text(value: Any) -> str | None:
    """A cell as text, stripped, with line breaks as ``\\n``; None when empty."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time(0, 0) else value.isoformat(" ")
    elif isinstance(value, dt.date | dt.time):
        text = value.isoformat()
    else:
        text = str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return text or None


def _unit_key(unit: str) -> str:
    key = " ".join(unit.casefold().split())
    return _UNIT_SYNONYMS.get(key, key)


def _tidy(number: Decimal) -> int | float:
    """An int when whole (and exactly representable), else a float."""
    if number == number.to_integral_value() and abs(number) < 10**15:
        return int(number)
    return float(number)


def _percent_format(fmt: str | None) -> bool:
    """True when an Excel number format shows the value ×100 with a % sign."""
    if not fmt:
        return False
    literal_free = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", fmt)  # quoted text, escapes, [codes]
    return "%" in literal_free


def _excel_number(value: int | float, fmt: str | None) -> tuple[int | float, str | None]:
    """An Excel number as shown: ×100 when formatted as a percentage; the unit its format shows."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if _percent_format(fmt):
        return _tidy(number * 100), "%"
    # A literal per cent sign ('0.0"%"') or currency symbol in the format is the unit.
    unit = next((c for c in "%£€" if c in (fmt or "")), None)
    return _tidy(number), unit


def _text_number(text: str) -> tuple[int | float, str | None] | str:
    """The number and the unit written with it, or a hint saying why it is not a number."""
    match = _NUMBER.match(text)
    if match is None:
        if re.fullmatch(r"[-+]?\d+,\d{1,2}", text):
            return "write decimals with a point (1.5), not a comma"
        if text.startswith("="):
            return "the cell holds a formula as text; export the values, not the formulas"
        return "give the figure as a number, e.g. 12.5, 1,234, 12.5% or £3,000"
    currency, suffix = match["currency"] or None, match["suffix"]
    if suffix is not None and suffix.casefold() in _MULTIPLIERS:
        return "write the number in full (3000, not 3k)"
    if currency and suffix and suffix != "%":
        return "give the unit either as a symbol or as a word, not both"
    if currency and suffix:
        return "a figure cannot be both money and per cent"
    try:
        number = Decimal(match["digits"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return "give the figure as a number"
    if match["sign"] in ("-", "\u2212"):
        number = -number
    return _tidy(number), currency or suffix


def parse_date_text(text: str) -> dt.date | tuple[str, str]:
    """A date written as text, or (message, hint) explaining why it is not one.

    ISO ``2026-01-13``, ``2026/01/13``, UK ``13/01/2026`` (also with ``.`` or ``-``) and
    ``13 January 2026``. Slashed dates are always read day first.
    """
    shown = f"'{shorten(text)}'"
    for pattern, order in ((_ISO, "ymd"), (_YMD_SLASH, "ymd"), (_DMY, "dmy")):
        match = pattern.match(text)
        if match:
            parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
            return _checked_date(
                shown, parts["y"], parts["m"], parts["d"], day_first=order == "dmy"
            )
    match = _D_MONTH_Y.match(text)
    if match and match[2].lower() in _MONTHS:
        return _checked_date(shown, int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    if _DMY_SHORT.match(text):
        return f"{shown} has a two-digit year", f"write the year in full: {DATE_FORMS}"
    return f"{shown} is not a date", f"write dates as {DATE_FORMS}"


def _checked_date(
    shown: str, year: int, month: int, day: int, *, day_first: bool = False
) -> dt.date | tuple[str, str]:
    order = "; dates are read day first (dd/mm/yyyy, UK order)" if day_first else ""
    if not 1 <= month <= 12:
        hint = f"the month must be 1 to 12{order}"
        if day_first and 1 <= day <= 12 and month <= 31:
            meant = f"{month} {calendar.month_name[day]} {year}"
            hint += f"; if you meant {meant}, write {year}-{day:02}-{month:02}"
        return f"{shown} is not a date: there is no month {month}", hint
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if not 1 <= day <= last:
        return (
            f"{shown} is not a real date: {calendar.month_name[month]} {year} has {last} days",
            f"check the day and month{order}",
        )
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        return f"{shown} is not a date ({exc})", f"write dates as {DATE_FORMS}"


# -- ids ---------------------------------------------------------------------------------


def slug(text: str, limit: int = 40) -> str:
    """Lower-case ASCII words joined by ``-``, at most ``limit`` characters, starting a letter."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(out) > limit:
        cut = out[:limit]
        out = cut.rsplit("-", 1)[0] if "-" in cut and out[limit] != "-" else cut
        out = out.strip("-")
    if not out:
        return "measure"
    return out if out[0].isalpha() else f"m-{out}"


def generated_id(item: dict[str, Any]) -> str:
    """The id of an item without one: its measure's slug and its date."""
    return f"{slug(str(item['measure']))}-{item['date'].isoformat()}"


def _assign_ids(rows: list[Row], reader: _Reader) -> None:
    """Check given ids are unique; give the other rows unique ids from measure and date."""
    taken: dict[str, Row] = {}
    keep: list[Row] = []
    for row in rows:
        given = row.item.get("id")
        if given is None:
            keep.append(row)
            continue
        first = taken.get(given)
        if first is not None:
            reader.rank = row.rank
            reader.problem(
                row.cell("id"),
                f"id '{shorten(given)}' is already used by {first.cell('id').ref}",
                "give each row its own id, or leave the id column empty to have one made",
            )
            continue
        taken[given] = row
        keep.append(row)
    for row in keep:
        if "id" in row.item:
            continue
        base = generated_id(row.item)
        candidate, n = base, 1
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken[candidate] = row
        row.item = {"id": candidate, **row.item}
    rows[:] = keep
