"""Dates in British English, spelt from a table (no glibc-only ``%-d``, no locale)."""

from __future__ import annotations

import datetime as dt
import locale
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lws.core.dates import (
    MONTHS,
    PARTIAL_DATE_PATTERN,
    format_date,
    in_figure,
    judged_day,
    judged_note,
    long_date,
    month_year,
    parse_partial_date,
    short_date,
)
from lws.diagnose.health import health_checks
from lws.model.load import load_bytes


@pytest.mark.parametrize(
    ("when", "long", "short", "month"),
    [
        # one en-GB style everywhere (Babel): the short form is the long form
        (dt.date(2026, 4, 1), "1 April 2026", "1 April 2026", "April 2026"),
        (dt.date(2025, 9, 30), "30 September 2025", "30 September 2025", "September 2025"),
        (dt.date(2027, 6, 9), "9 June 2027", "9 June 2027", "June 2027"),
        (dt.date(1999, 12, 31), "31 December 1999", "31 December 1999", "December 1999"),
        (dt.date(5, 1, 2), "2 January 5", "2 January 5", "January 5"),
    ],
)
def test_formats(when: dt.date, long: str, short: str, month: str) -> None:
    assert (long_date(when), short_date(when), month_year(when)) == (long, short, month)


def test_every_month_agrees_with_the_c_locale() -> None:
    assert locale.setlocale(locale.LC_TIME) == "C"  # what strftime would have used
    for number, name in enumerate(MONTHS, 1):
        when = dt.date(2026, number, 1)
        assert (name, name[:3]) == (f"{when:%B}", f"{when:%b}")


D = dt.date


@pytest.mark.parametrize(
    ("text", "precision", "first", "last", "shown"),
    [
        ("2026-04-01", "day", D(2026, 4, 1), D(2026, 4, 1), "1 April 2026"),
        ("2015-07", "month", D(2015, 7, 1), D(2015, 7, 31), "July 2015"),
        ("July 2015", "month", D(2015, 7, 1), D(2015, 7, 31), "July 2015"),
        ("Feb 2013", "month", D(2013, 2, 1), D(2013, 2, 28), "Feb 2013"),
        ("Sept 2012", "month", D(2012, 9, 1), D(2012, 9, 30), "Sept 2012"),
        ("autumn 2026", "season", D(2026, 9, 1), D(2026, 11, 30), "autumn 2026"),
        ("Winter 2011", "season", D(2011, 12, 1), D(2012, 2, 29), "Winter 2011"),
        ("Q3 2026", "quarter", D(2026, 7, 1), D(2026, 9, 30), "Q3 2026"),
        (2015, "year", D(2015, 1, 1), D(2015, 12, 31), "2015"),
        ("2014/15", "financial_year", D(2014, 4, 1), D(2015, 3, 31), "2014/15"),
        ("2014-17", "years", D(2014, 1, 1), D(2017, 12, 31), "2014–17"),
        ("2010–2013", "years", D(2010, 1, 1), D(2013, 12, 31), "2010–2013"),
        ("c.2009-10", "years", D(2009, 1, 1), D(2010, 12, 31), "c.2009–10"),
        ("1998-02", "month", D(1998, 2, 1), D(1998, 2, 28), "February 1998"),
        ("TBC", "unknown", None, None, "TBC"),
    ],
)
def test_forms(text: object, precision: str, first: D | None, last: D | None, shown: str) -> None:
    found = parse_partial_date(text)
    assert found is not None
    assert (found.precision, found.earliest, found.latest) == (precision, first, last)
    assert format_date(text) == shown
    assert judged_day(text) == last


@pytest.mark.parametrize(
    "text", ["soon", "2014/16", "2026-13-01", "2026-02-30", "1850", "2026 - ", "July", True, 5]
)
def test_not_dates(text: object) -> None:
    assert parse_partial_date(text) is None


def test_only_a_day_is_exact_and_only_a_partial_date_gets_a_judged_note() -> None:
    assert judged_note("2026-04-01") == ""
    assert judged_note("July 2015") == " (judged at 31 July 2015, the last day it can mean)"
    assert judged_note("TBC") == ""
    assert in_figure(D(2026, 4, 1)) == "April 2026" and in_figure("2014-17") == "2014–17"


@given(st.text(alphabet="0123456789-/–to QcJanulyFebspringTBC.", max_size=14))
def test_every_date_lws_reads_matches_the_editor_pattern(text: str) -> None:
    found = parse_partial_date(text)
    if found is not None and found.precision != "day":
        assert re.match(PARTIAL_DATE_PATTERN, text)


def _health(text: str) -> list[str]:
    doc = load_bytes(text.encode(), "strategy/actions.yaml")
    return [d.message for d in health_checks({"actions": doc}, D(2015, 7, 20))]


def test_an_action_due_in_a_month_is_overdue_only_after_its_last_day() -> None:
    action = "actions:\n  - {{id: A1, title: T, theme: t, rag: green, due: {due}}}\n"
    assert not [m for m in _health(action.format(due="July 2015")) if "was due" in m]
    (late,) = [m for m in _health(action.format(due="June 2015")) if "was due" in m]
    assert late == (
        "action 'A1' was due in June 2015 (judged at 30 June 2015, the last day it can mean) "
        "and is not complete"
    )
    (exact,) = [m for m in _health(action.format(due="2015-07-19")) if "was due" in m]
    assert "was due on 2015-07-19" in exact
