"""Dates in British English, spelt from a table (no glibc-only ``%-d``, no locale)."""

from __future__ import annotations

import datetime as dt
import locale

import pytest

from lws.core.dates import MONTHS, long_date, month_year, short_date


@pytest.mark.parametrize(
    ("when", "long", "short", "month"),
    [
        (dt.date(2026, 4, 1), "1 April 2026", "1 Apr 2026", "Apr 2026"),
        (dt.date(2025, 9, 30), "30 September 2025", "30 Sep 2025", "Sep 2025"),
        (dt.date(2027, 6, 9), "9 June 2027", "9 Jun 2027", "Jun 2027"),
        (dt.date(1999, 12, 31), "31 December 1999", "31 Dec 1999", "Dec 1999"),
        (dt.date(5, 1, 2), "2 January 5", "2 Jan 5", "Jan 5"),
    ],
)
def test_formats(when: dt.date, long: str, short: str, month: str) -> None:
    assert (long_date(when), short_date(when), month_year(when)) == (long, short, month)


def test_every_month_agrees_with_the_c_locale() -> None:
    assert locale.setlocale(locale.LC_TIME) == "C"  # what strftime would have used
    for number, name in enumerate(MONTHS, 1):
        when = dt.date(2026, number, 1)
        assert (name, name[:3]) == (f"{when:%B}", f"{when:%b}")
