"""Dates as the strategy's readers see them, in British English, on every platform.

One function per way of writing a date. They spell the month from a table rather than
``strftime`` (whose ``%-d`` is glibc-only and whose ``%B`` follows the C locale).
"""

from __future__ import annotations

import datetime as dt
from typing import Final, TypeAlias

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


def long_date(when: Day) -> str:
    """``1 April 2026``: dates in prose and on title pages."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def short_date(when: Day) -> str:
    """``1 Apr 2026``: dates in tables and change lists."""
    return f"{when.day} {MONTHS[when.month - 1][:3]} {when.year}"


def month_year(when: Day) -> str:
    """``Apr 2026``: when a figure was recorded."""
    return f"{MONTHS[when.month - 1][:3]} {when.year}"
