"""The day a strategy is judged and published as at.

A live strategy is judged as at today (or ``--today``). A strategy its manifest marks
``superseded`` or ``archived`` is a record of the past: it is judged and rendered as at the
last day of its own period, so a 2010–13 strategy is not stamped, nor found overdue, as at
today. Where its author wrote that end less precisely than a day (``end: 2013``), the stamp
says so — "as at the end of 2013" — rather than print a day nobody wrote (31 December 2013).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from lws.core.dates import format_date, judged_day, long_date, parse_partial_date

#: Statuses of a strategy that is no longer in force.
ENDED = frozenset({"superseded", "archived"})


def as_at(manifest: Any, today: dt.date) -> dt.date:
    """``today``, or the end of the period of a superseded or archived strategy if earlier."""
    data = manifest if isinstance(manifest, Mapping) else {}
    period = data.get("period")
    end = judged_day(period.get("end")) if isinstance(period, Mapping) else None
    if data.get("status") in ENDED and end is not None:
        return min(today, end)
    return today


def as_at_text(manifest: Any, day: dt.date) -> str:
    """How the day a strategy is judged as at (:func:`as_at`) is printed after "as at".

    A day as "1 December 2026"; for a superseded or archived strategy judged at the end of a
    period written less precisely than a day, that end as written: "the end of 2013", "the
    end of March 2013", "the end of 2012/13".
    """
    data = manifest if isinstance(manifest, Mapping) else {}
    period = data.get("period")
    written = period.get("end") if isinstance(period, Mapping) else None
    end = parse_partial_date(written)
    at_end = data.get("status") in ENDED and end is not None and end.latest == day
    if at_end and end is not None and end.precision != "day":
        return f"the end of {format_date(written)}"
    return long_date(day)
