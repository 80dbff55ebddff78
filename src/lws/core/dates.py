"""Dates as strategies write them: a day, a month, a season, a year, a period of years, or TBC.

Real strategies say "July 2015", "2014-17", "2014/15", "c.2009-10" and "TBC" as often as
2015-07-01. A :class:`PartialDate` keeps the author's text and the span of days it can mean
(``2009-10``, ``2010-11`` and ``2011-12`` are the two years they look like, not a month:
write October 2009 for the month). Every judgement of time (overdue, past, stale) is made at
the **conservative end** — the last day the text can mean — so lws never calls something late
before it surely is, and its messages say so (:func:`judged_note`). Every date is printed in
en-GB long form, a day as "1 April 2026" and anything less precise as written ("July 2015",
"2014–17"). Months are spelt from a table rather than ``strftime`` (whose ``%-d`` is
glibc-only and whose ``%B`` follows the C locale).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

#: A day of the strategy (a due date, a review date, the date of a figure). One name for it,
#: so that a wider type (a partial date such as "April 2026") can take its place.
Day: TypeAlias = dt.date

MONTHS: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _babel(when: Day, pattern: str) -> str:
    from babel.dates import format_date as babel_date

    return str(babel_date(when, pattern, locale="en_GB"))


def long_date(when: Day) -> str:
    """``1 April 2026``: every date lws prints (prose, tables, title pages), by Babel en-GB."""
    return _babel(when, "d MMMM y")


def short_date(when: Day) -> str:
    """The same as :func:`long_date`: one style of date everywhere (kept for callers)."""
    return long_date(when)


def month_year(when: Day) -> str:
    """``April 2026``: a month, e.g. when a figure was recorded (Babel en-GB)."""
    return _babel(when, "MMMM y")


_MONTH_NUMBER = {name.lower(): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBER |= {name[:3].lower(): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_NUMBER["sept"] = 9
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 14)}
_YEAR = r"(?:19[0-9]{2}|2[01][0-9]{2}|2200)"
_MONTH_WORD = (
    r"(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?|[Jj]uly?"
    r"|[Aa]ug(?:ust)?|[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)"
)
_SEASON_WORD = r"(?:[Ss]pring|[Ss]ummer|[Aa]utumn|[Ww]inter)"
_UNKNOWN_WORDS = r"(?:TBC|TBD|TBA|[Uu]nknown|[Nn]ot known|[Tt]o be confirmed|[Tt]o be agreed)"
_APPROX_WORDS = r"(?:c\. ?|circa |about |around )"
_BODIES = {
    "month": rf"(?P<iy>{_YEAR})-(?P<im>0[1-9]|1[0-2])",
    "year": rf"(?P<y>{_YEAR})",
    "named_month": rf"(?P<mw>{_MONTH_WORD})\.? (?P<my>{_YEAR})",
    "season": rf"(?P<sw>{_SEASON_WORD}) (?P<sy>{_YEAR})",
    "quarter": rf"Q(?P<q>[1-4]) (?P<qy>{_YEAR})",
    "financial_year": rf"(?P<fy>{_YEAR})/(?P<fe>[0-9]{{2}})",
    "years": rf"(?P<py>{_YEAR})(?:-|–|—| to )(?P<pe>[0-9]{{2}}|{_YEAR})",
}
#: Every form of a partial date (not a day), as a regular expression that JSON Schema (ECMA
#: 262) reads the same way; :func:`parse_partial_date` checks the rest (2014/15 runs on).
PARTIAL_DATE_PATTERN = (
    rf"^(?:{_UNKNOWN_WORDS}|(?P<approx>{_APPROX_WORDS})?(?:"
    + "|".join(f"(?P<{k}>{v})" for k, v in _BODIES.items())
    + "))$"
)
_PARTIAL = re.compile(PARTIAL_DATE_PATTERN)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")
_FIRST_YEAR, _LAST_YEAR = 1900, 2200

#: How a partial date may be written, for schema messages and the authoring guide.
FORMS = (
    "a day 2026-04-01, a month 2026-04 or 'July 2026', a season 'autumn 2026', a quarter "
    "'Q3 2026', a year 2026, a financial year '2026/27', a period of years '2026-29', "
    "or 'TBC'; 'c.' in front for an approximate date"
)


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as written, with the first and last day it can mean (None when unknown)."""

    text: str
    precision: str  # day, month, season, quarter, year, financial_year, years or unknown
    earliest: dt.date | None
    latest: dt.date | None
    approximate: bool = False

    @property
    def exact(self) -> dt.date | None:
        """The day, when the text names one."""
        return self.earliest if self.precision == "day" else None

    @property
    def known(self) -> bool:
        return self.latest is not None


def parse_partial_date(value: Any) -> PartialDate | None:
    """The partial date ``value`` stands for, or None when it is not a date at all."""
    if isinstance(value, dt.datetime | bool):
        return None
    if isinstance(value, dt.date):
        return PartialDate(value.isoformat(), "day", value, value)
    if isinstance(value, int):
        ok = _FIRST_YEAR <= value <= _LAST_YEAR
        return _year_span(str(value), value, value, "year") if ok else None
    if not isinstance(value, str):
        return None
    if m := _ISO_DAY.match(value):
        day = _day(int(m[1]), int(m[2]), int(m[3]))
        return PartialDate(value, "day", day, day) if day else None
    m = _PARTIAL.match(value)
    if m is None:
        return None
    found = _span_of(value, m)
    if found is not None and m["approx"]:
        return PartialDate(value, found.precision, found.earliest, found.latest, approximate=True)
    return found


def _span_of(text: str, m: re.Match[str]) -> PartialDate | None:
    if m["month"] and int(m["im"]) == (int(m["iy"]) + 1) % 100:
        return _year_span(text, int(m["iy"]), int(m["iy"]) + 1, "years")  # 2009-10: two years
    if m["month"]:
        return _span(text, "month", (int(m["iy"]), int(m["im"])), (int(m["iy"]), int(m["im"])))
    if m["year"]:
        return _year_span(text, int(m["y"]), int(m["y"]), "year")
    if m["named_month"]:
        month, year = _MONTH_NUMBER[m["mw"].lower()], int(m["my"])
        return _span(text, "month", (year, month), (year, month))
    if m["season"]:
        first, last = _SEASONS[m["sw"].lower()]
        year = int(m["sy"])
        end = (year + (last - 1) // 12, (last - 1) % 12 + 1)
        return _span(text, "season", (year, first), end)
    if m["quarter"]:
        quarter, year = int(m["q"]), int(m["qy"])
        return _span(text, "quarter", (year, 3 * quarter - 2), (year, 3 * quarter))
    if m["financial_year"]:
        first = int(m["fy"])
        if _end_year(first, m["fe"]) != first + 1:
            return None
        return _in_range(text, "financial_year", dt.date(first, 4, 1), dt.date(first + 1, 3, 31))
    if m["years"]:
        first = int(m["py"])
        last = _end_year(first, m["pe"])
        return _year_span(text, first, last, "years") if 0 < last - first <= 20 else None
    return PartialDate(text, "unknown", None, None)


def _end_year(first: int, written: str) -> int:
    """The last year of ``2014-17`` (2017) or ``2014-2017``; a century rolls over (1998-02)."""
    if len(written) == 4:
        return int(written)
    last = first // 100 * 100 + int(written)
    return last if last > first else last + 100


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _span(
    text: str, precision: str, first: tuple[int, int], last: tuple[int, int]
) -> PartialDate | None:
    end_day = calendar.monthrange(*last)[1]
    return _in_range(text, precision, dt.date(*first, 1), dt.date(*last, end_day))


def _year_span(text: str, first: int, last: int, precision: str) -> PartialDate | None:
    return _in_range(text, precision, dt.date(first, 1, 1), dt.date(last, 12, 31))


def _in_range(text: str, precision: str, first: dt.date, last: dt.date) -> PartialDate | None:
    if not _FIRST_YEAR <= first.year <= last.year <= _LAST_YEAR:
        return None
    return PartialDate(text, precision, first, last)


def judged_day(value: Any) -> dt.date | None:
    """The day ``value`` is judged by: its last possible day (the conservative end)."""
    found = parse_partial_date(value)
    return found.latest if found else None


def judged_note(value: Any) -> str:
    """For a date less precise than a day, how it was judged: ' (judged at 31 July 2015, …)'."""
    found = parse_partial_date(value)
    if found is None or found.precision == "day" or found.latest is None:
        return ""
    return f" (judged at {long_date(found.latest)}, the last day it can mean)"


def format_date(value: Any) -> str:
    """A date in en-GB long form: a day as '1 April 2026', a month '2015-07' as 'July 2015',
    anything else as the author wrote it with an en dash for a period ('2014–17', 'TBC')."""
    found = parse_partial_date(value)
    if found is None:
        return "" if value is None else str(value)
    if found.precision == "day" and found.earliest is not None:
        return long_date(found.earliest)
    if found.precision == "month" and _ISO_MONTH.match(found.text) and found.earliest:
        return month_year(found.earliest)
    if found.precision == "year" and isinstance(value, int):
        return str(value)
    return re.sub(r"(?<=\d)\s*-\s*(?=\d)", "–", found.text)


def in_figure(value: Any) -> str:
    """A date beside a figure: a day or a month as 'April 2026', anything else as written."""
    found = parse_partial_date(value)
    if found is None:
        return ""
    if found.precision in ("day", "month") and found.earliest and _ISO_MONTH.match(found.text[:7]):
        return month_year(found.earliest)
    return format_date(value)
