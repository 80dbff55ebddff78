"""Reading a CSV (UTF-8 only) or XLSX file into raw rows, refusing what cannot be read safely."""

from __future__ import annotations

import csv
import difflib
import io
import warnings
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from lws.authoring.workforce_rows import CELLS_HINT, MAX_CELLS, TOO_MANY_CELLS, RowReader
from lws.authoring.workforce_table import Cell, ImportUsageError, RawCell, shorten
from lws.core.quantities import format_number

MAX_INPUT_BYTES = 32 * 1024 * 1024
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # an XLSX is a zip: refuse zip bombs before parsing
CSV_SUFFIXES = (".csv",)
XLSX_SUFFIXES = (".xlsx", ".xlsm")


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


def read_csv(path: Path, reader: RowReader) -> None:
    raw = path.read_bytes()
    text = _csv_text(raw, reader)
    if text is None:
        return
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    if text.count(delimiter) + text.count("\n") > MAX_CELLS:  # before parsing any of it
        reader.problem(Cell(None, 1, 1), TOO_MANY_CELLS, CELLS_HINT, ref=False)
        return
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


def _csv_text(raw: bytes, reader: RowReader) -> str | None:
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


def _undecodable(records: list[list[str]], reader: RowReader) -> bool:
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


def read_xlsx(path: Path, reader: RowReader, sheet: str | None) -> None:
    if not _zip_is_sane(path, reader):
        return
    with warnings.catch_warnings():
        # openpyxl warns about parts it does not keep (data validation, conditional
        # formats…); none of them changes a cell's value.
        warnings.simplefilter("ignore")
        _read_workbook(path, reader, sheet)


def _read_workbook(path: Path, reader: RowReader, sheet: str | None) -> None:
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


def _zip_is_sane(path: Path, reader: RowReader) -> bool:
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
            f"workbook unpacks to {format_number(round(unpacked / 1024 / 1024))} MiB; "
            "lws reads workbooks up to "
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
