"""A spreadsheet cell's value as a figure, a unit or a date: read leniently, never guessed."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from lws.authoring.workforce_table import shorten

_PERCENT_WORDS = {"percent", "per cent", "percentage"}
_UNIT_SYNONYMS = {"percent": "%", "per cent": "%", "percentage": "%", "gbp": "£", "eur": "€"}
_MULTIPLIERS = {"k", "m", "bn", "mn", "mil", "million", "thousand", "billion", "thousands"}
_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (calendar.month_name[number].lower(), calendar.month_abbr[number].lower())
} | {"sept": 9}


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
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


def present(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str | None:
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


def unit_key(unit: str) -> str:
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


def excel_number(value: int | float, fmt: str | None) -> tuple[int | float, str | None]:
    """An Excel number as shown: ×100 when formatted as a percentage; the unit its format shows."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if _percent_format(fmt):
        return _tidy(number * 100), "%"
    # A literal per cent sign ('0.0"%"') or currency symbol in the format is the unit.
    unit = next((c for c in "%£€" if c in (fmt or "")), None)
    return _tidy(number), unit


def text_number(text: str) -> tuple[int | float, str | None] | str:
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
