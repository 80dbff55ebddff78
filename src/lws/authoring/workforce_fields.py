"""Reading the cells of one row into an item's fields: text, value and unit, date, source."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lws.authoring.workforce_table import Cell, RawCell, shorten
from lws.authoring.workforce_values import (
    CONTROL,
    DATE_FORMS,
    cell_text,
    excel_number,
    parse_date_text,
    present,
    text_number,
    unit_key,
)
from lws.core.quantities import MAX_NUMBER


def narrower(short: str, unit: str) -> bool:
    """Whether ``unit`` is ``short`` made more precise: ``£ per head`` of ``£``, ``days per
    FTE`` of ``days``, ``% of posts`` of ``%``."""
    head, _, rest = " ".join(unit.casefold().split()).partition(" ")
    return bool(rest) and unit_key(head) == unit_key(short)


if TYPE_CHECKING:  # the row reader makes a FieldReader for itself
    from lws.authoring.workforce_rows import RowReader


class FieldReader:
    """Reads one row's cells into an item, reporting problems through its :class:`RowReader`."""

    def __init__(self, rows: RowReader) -> None:
        self.rows = rows

    def _formula_error(self, cell: Cell, value: object) -> None:
        self.rows.problem(cell, f"the formula's result is an error ({value})", _FORMULA_ERROR_HINT)

    def text_field(
        self, item: dict[str, Any], name: str, raw: RawCell, cell: Cell, *, required: bool
    ) -> None:
        value, _, kind = raw
        if kind == "e":
            self._formula_error(cell, value)
            return
        text = cell_text(value)
        if text is None:
            if required:
                self.rows.empty(
                    cell,
                    name,
                    "every row needs a measure: what is counted, e.g. 'Social "
                    "worker vacancy rate'; delete the row if it is not a figure",
                )
            return
        bad = CONTROL.search(text)
        if bad:
            self.rows.problem(
                cell,
                f"text holds the control character U+{ord(bad.group()):04X}",
                "remove invisible characters (often pasted from another program)",
            )
            return
        item[name] = text

    def value_and_unit(
        self,
        item: dict[str, Any],
        raw: dict[str, RawCell],
        where: dict[str, Cell],
        *,
        percent_column: bool,
        unit_hint: str = "",
    ) -> None:
        value_cell = where["value"]
        unit_text: str | None = None
        if "unit" in raw:
            reported = len(self.rows.table.found)
            self.text_field(item, "unit", raw["unit"], where["unit"], required=False)
            unit_text = item.pop("unit", None)
            if len(self.rows.table.found) > reported:
                return
        number = self._number(raw["value"], value_cell)
        if number is None:
            return
        value, unit_in_value = number
        units = [u for u in (unit_text, unit_in_value) if u]
        if percent_column and unit_in_value is None:
            units.append("%")
        if len(units) > 1 and narrower(units[1], units[0]):
            units = units[:1]  # "£1,200" under "£ per head", "11.2 days" under "days per FTE"
        if len({unit_key(u) for u in units}) > 1:
            self.rows.problem(
                value_cell,
                f"the value is in {units[-1]} but the unit column says '{shorten(units[0])}'",
                "correct the value or the unit so that they agree",
            )
            return
        if not units:
            cell = where.get("unit", value_cell)
            self.rows.problem(
                cell,
                "the unit is empty",
                unit_hint
                or "give the unit, e.g. %, FTE, days or people"
                + ("" if "unit" in where else ", in a 'unit' column or with the value (12.5%)"),
            )
            return
        item["value"] = value
        item["unit"] = units[0]

    def _number(self, raw: RawCell, cell: Cell) -> tuple[int | float, str | None] | None:
        found = self._any_number(raw, cell)
        if found is not None and not abs(found[0]) < MAX_NUMBER:
            self.rows.problem(
                cell,
                f"{shorten(cell_text(raw[0]) or '')} is too large a number for a strategy "
                f"(lws reads numbers below {MAX_NUMBER:,})",
                "check the cell for pasted or repeated digits",
            )
            return None
        return found

    def _any_number(self, raw: RawCell, cell: Cell) -> tuple[int | float, str | None] | None:
        value, fmt, kind = raw
        if kind == "e":
            self._formula_error(cell, value)
            return None
        if not present(value):
            self.rows.empty(cell, "value", "give the figure, or delete the row")
            return None
        if isinstance(value, bool):
            self.rows.problem(cell, f"{str(value).upper()} is not a number", "give the figure")
            return None
        if isinstance(value, int | float):
            return excel_number(value, fmt)
        if isinstance(value, dt.date | dt.time | dt.timedelta):
            self.rows.problem(
                cell,
                f"{cell_text(value)} is a date or time, not a number",
                "format the cell as a number (it is formatted as a date)",
            )
            return None
        text = str(value).strip()
        parsed = text_number(text)
        if isinstance(parsed, str):
            self.rows.problem(cell, f"'{shorten(text)}' is not a number", parsed)
            return None
        return parsed

    def date(self, item: dict[str, Any], raw: RawCell, cell: Cell) -> None:
        value, _, kind = raw
        if kind == "e":
            self._formula_error(cell, value)
            return
        if not present(value):
            self.rows.empty(cell, "date", f"give the date the figure refers to, e.g. {DATE_FORMS}")
            return
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0, 0):
                self.rows.problem(
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
            self.rows.problem(
                cell,
                f"{cell_text(value)} is not a date",
                f"format the cell as a date, or write the date as {DATE_FORMS}",
            )
            return
        parsed = parse_date_text(value.strip())
        if isinstance(parsed, tuple):
            self.rows.problem(cell, *parsed)
            return
        item["date"] = parsed

    def source(self, item: dict[str, Any], raw: RawCell | None, cell: Cell | None) -> None:
        text = None
        if raw is not None and cell is not None:
            self.text_field(item, "source", raw, cell, required=False)
            text = item.pop("source", None)
        if text is None:
            if self.rows.default_source is None:
                assert cell is not None  # a source column is required without --source
                self.rows.empty(
                    cell,
                    "source",
                    "give the id of the evidence the figure comes from, or "
                    "pass --source EVIDENCE_ID for rows without one",
                )
                return
            text = self.rows.default_source
        elif text not in self.rows.evidence_ids:
            assert cell is not None
            self.rows.problem(
                cell,
                f"no evidence has the id '{shorten(text)}'",
                evidence_hint(text, self.rows.evidence_ids),
            )
            return
        item["source"] = text


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
