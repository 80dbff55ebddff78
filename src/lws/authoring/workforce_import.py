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
* **The wide layout.** A header with a service (``sector``) column and no measure or value
  column is a row per service and a column per measure: each column's name is the measure,
  with its unit in brackets or a final ``%`` ("Sickness (days per FTE)", "Agency %"); the
  date comes from a date column or an "as at <date>" above the header; an empty cell is no
  figure.
* **Values.** Numbers are read leniently but never guessed: ``12.5%``, ``1,234``,
  ``£3,000``, ``11.2 days`` (the symbol or word becomes the unit); ``1,5`` and ``3k`` are
  rejected. An Excel cell formatted as a percentage holds a fraction: ``0.214`` becomes
  ``21.4`` with unit ``%``. Dates come from Excel dates, ISO ``2026-01-13``, UK
  ``13/01/2026`` (always day first, never US order) or ``13 January 2026``.
* **Formulas.** The workbook is opened with ``data_only``: a formula contributes the result
  Excel saved with it. A formula with no saved result is reported as such.
* **Ids.** An ``id`` column is used as given. Otherwise each row's id is made from its
  measure, service and date (``social-worker-vacancy-rate-early-help-2025-09-30``), so
  importing the same file again, in any order, replaces the same items; two rows that
  would get the same id are an error.

The parts: :mod:`~lws.authoring.workforce_table` (cells, rows, the table),
:mod:`~lws.authoring.workforce_files` (CSV and XLSX files into raw rows),
:mod:`~lws.authoring.workforce_header` (the header row), :mod:`~lws.authoring.workforce_rows`
(rows into items), :mod:`~lws.authoring.workforce_values` (figures, units, dates) and
:mod:`~lws.authoring.workforce_ids` (ids).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lws.authoring.workforce_fields import evidence_hint
from lws.authoring.workforce_files import MAX_INPUT_BYTES, file_kind, read_csv, read_xlsx
from lws.authoring.workforce_ids import slug
from lws.authoring.workforce_rows import RowReader
from lws.authoring.workforce_table import (
    FIELDS,
    Cell,
    ImportUsageError,
    Row,
    Table,
    column_letter,
    order_key,
)
from lws.authoring.workforce_values import parse_date_text
from lws.core.quantities import format_number

__all__ = [
    "FIELDS",
    "Cell",
    "ImportUsageError",
    "Row",
    "Table",
    "column_letter",
    "evidence_hint",
    "order_key",
    "parse_date_text",
    "read_table",
    "slug",
]


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
    reader = RowReader(display, evidence_ids, default_source, named_sheet=sheet is not None)
    if size > MAX_INPUT_BYTES:
        reader.problem(
            Cell(None, 1, 1),
            f"file is {format_number(round(size / 1024 / 1024, 1))} MiB; "
            "lws imports spreadsheets up to "
            f"{MAX_INPUT_BYTES // 1024 // 1024} MiB",
            "import the workforce figures alone, not the whole data set",
            ref=False,
        )
        return reader.table
    if kind == "csv":
        read_csv(path, reader)
    else:
        read_xlsx(path, reader, sheet)
    reader.finish()
    return reader.table
