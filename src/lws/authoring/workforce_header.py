"""Finding the header row and what each of its columns holds."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from lws.authoring.workforce_table import RawCell
from lws.authoring.workforce_values import _PERCENT_WORDS, cell_text, parse_date_text

HEADER_SEARCH_ROWS = 20
ALIASES = {
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


KEY_COLUMNS = ("measure", "value", "date")


@dataclass
class Header:
    row: int
    columns: dict[str, int]  # field -> column number
    percent: set[int]  # columns whose name says the values are per cent
    #: The wide layout (a row per service, a column per measure): column -> (measure, unit).
    measures: dict[int, tuple[str, str | None]] = field(default_factory=dict)
    as_at: tuple[dt.date, int, int] | None = None  # a date written above it: (date, row, col)

    @property
    def wide(self) -> bool:
        return bool(self.measures)


HEADER_HINT = (
    "the first row must name the columns: measure, value, unit, date, source (and "
    "optionally id, sector), with a row for each figure below it"
)


def find_header(number: int, cells: list[RawCell]) -> Header | None:
    columns: dict[str, int] = {}
    percent: set[int] = set()
    for col, (value, _, _) in enumerate(cells, start=1):
        text = cell_text(value)
        mapped = column_field(text) if text is not None else None
        if mapped is None or mapped[0] in columns:
            continue
        columns[mapped[0]] = col
        if mapped[1]:
            percent.add(col)
    if sum(name in columns for name in KEY_COLUMNS) >= 2:
        return Header(number, columns, percent)
    return _wide_header(number, cells, columns)


_UNIT_IN_NAME = re.compile(r"^(?P<name>.*?)\s*[(\[]\s*(?P<unit>[^()\[\]]+?)\s*[)\]]\s*$")
_UNIT_NAMES = {"fte": "FTE", "headcount": "people", "head count": "people"}
_AS_AT = re.compile(r"\bas (?:at|of)\b\s*:?\s*(?P<date>.+?)\s*$", re.IGNORECASE)


def _wide_header(number: int, cells: list[RawCell], columns: dict[str, int]) -> Header | None:
    """The wide layout: a service (sector) column, no measure or value column, and the
    other columns named after measures, each with its unit if the name gives one
    ("Vacancy rate (%)", "Sickness (days per FTE)", "Agency %")."""
    if "sector" not in columns or "measure" in columns or "value" in columns:
        return None
    mapped = set(columns.values())
    measures = {}
    for col, (value, _, _) in enumerate(cells, start=1):
        text = cell_text(value)
        if text is not None and col not in mapped and column_field(text) is None:
            measures[col] = measure_column(text)
    if not measures:
        return None
    return Header(number, {k: v for k, v in columns.items() if k != "id"}, set(), measures)


def measure_column(text: str) -> tuple[str, str | None]:
    """A wide layout's column name as (measure, unit): the unit in brackets, or a final %."""
    text = " ".join(text.split())
    match = _UNIT_IN_NAME.match(text)
    if match and match["name"]:
        unit = match["unit"]
        return match["name"], "%" if norm(unit) in _PERCENT_WORDS else unit
    if text.endswith("%") and text[:-1].strip():
        return text[:-1].strip(), "%"
    if norm(text) in _UNIT_NAMES:  # a column named after its unit: "FTE"
        return text, _UNIT_NAMES[norm(text)]
    return text, None


def as_at_date(rows: list[tuple[int, list[RawCell]]]) -> tuple[dt.date, int, int] | None:
    """A date written as "as at 30 September 2025" in a title row above the header."""
    for number, cells in rows:
        for col, (value, _, _) in enumerate(cells, start=1):
            text = cell_text(value)
            match = _AS_AT.search(text) if text else None
            found = parse_date_text(match["date"].rstrip(".")) if match else None
            if isinstance(found, dt.date):
                return found, number, col
    return None


def norm(text: str) -> str:
    text = text.casefold().replace("(%)", "%")
    return re.sub(r"[\s_\-.:]+", " ", text).strip()


def column_field(text: str) -> tuple[str, bool] | None:
    """The field a column name stands for, and whether its values are per cent."""
    name = norm(text)
    if name in ALIASES:
        return ALIASES[name], False
    if name in _PERCENT_WORDS:
        return "value", True
    if name.endswith("%"):
        base = name[:-1].strip()
        if not base or base in _PERCENT_WORDS or ALIASES.get(base) == "value":
            return "value", True
    return None
