"""The day a strategy is judged as at, and how its stamp prints it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from lws.model.as_at import as_at, as_at_text

TODAY = dt.date(2026, 12, 1)


def manifest(status: str, end: Any) -> dict[str, Any]:
    return {"status": status, "period": {"start": 2010, "end": end}}


@pytest.mark.parametrize(
    ("status", "end", "day", "printed"),
    [
        ("superseded", 2013, dt.date(2013, 12, 31), "the end of 2013"),
        ("archived", "March 2013", dt.date(2013, 3, 31), "the end of March 2013"),
        ("superseded", "2013-03", dt.date(2013, 3, 31), "the end of March 2013"),
        ("superseded", "2012/13", dt.date(2013, 3, 31), "the end of 2012/13"),
        ("superseded", dt.date(2013, 3, 31), dt.date(2013, 3, 31), "31 March 2013"),
        ("approved", 2029, TODAY, "1 December 2026"),  # live: today, as a day
    ],
)
def test_an_ended_strategy_is_stamped_as_at_its_end_as_written(
    status: str, end: Any, day: dt.date, printed: str
) -> None:
    data = manifest(status, end)
    assert as_at(data, TODAY) == day
    assert as_at_text(data, as_at(data, TODAY)) == printed


def test_a_day_within_an_ended_strategys_period_is_printed_as_that_day() -> None:
    data = manifest("superseded", 2013)
    assert as_at_text(data, as_at(data, dt.date(2012, 6, 30))) == "30 June 2012"
    assert (
        as_at_text(None, TODAY) == as_at_text({"status": "superseded"}, TODAY) == "1 December 2026"
    )
