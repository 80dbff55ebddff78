"""The day a strategy is judged and published as at.

A live strategy is judged as at today (or ``--today``). A strategy its manifest marks
``superseded`` or ``archived`` is a record of the past: it is judged and rendered as at the
last day of its own period, so a 2010–13 strategy is not stamped, nor found overdue, as at
today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from lws.core.dates import judged_day

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
