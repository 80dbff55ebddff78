"""Finding the header row and what each of its columns holds."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lws.authoring.workforce_table import RawCell
from lws.authoring.workforce_values import _PERCENT_WORDS, cell_text

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
    if sum(name in columns for name in KEY_COLUMNS) < 2:
        return None
    return Header(number, columns, percent)


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
