"""Words and figures shared by the renderers (text, Markdown, JSON)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from lws.authoring.diff.records import (
    DiagnosticDiff,
    Edit,
    KpiChange,
    Move,
    _moved,
)
from lws.core.dates import short_date
from lws.core.rag import rag_label
from lws.diagnose.evidence import Status
from lws.model.domain import Point, Rating, Stage

# -- words shared by the renderers --------------------------------------------------------------


def _status(value: str | None) -> str:
    return Status(value).label if value else "not asked"


def _rag(value: str | None) -> str:
    return rag_label(value).lower().replace("_", " ") if value else "no RAG"


def _stage(stage: Stage | None) -> str:
    if stage is None:
        return "no stage"
    if stage.number == 0:
        return "0 (not started)"
    return f"{stage.number} {stage.name}".strip()


def _day(value: str | None) -> str:
    if value is None:
        return "no date"
    try:
        when = dt.date.fromisoformat(value)
    except ValueError:
        return value
    return short_date(when)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _figure(point: Point | None, unit: str) -> str:
    if point is None:
        return "not recorded"
    value = point.value
    if value is None:
        shown = "no value"
    elif isinstance(value, (int, float)):
        suffix = "%" if unit == "%" else f" {unit}" if unit else ""
        shown = _number(value) + suffix
    else:
        shown = value
    return f"{shown} ({_day(point.date_text)})" if point.date_text else shown


def _percent(value: float) -> str:
    return f"{_number(value)}%"


def _score_line(d: DiagnosticDiff) -> str:
    score = (
        f"Overall score {_percent(d.percent.old)} → {_percent(d.percent.new)}"
        if _moved(d.percent)
        else f"Overall score unchanged at {_percent(d.percent.new)}"
    )
    if d.gate_passed.new:
        gate = "the gate now passes" if not d.gate_passed.old else "the gate still passes"
    else:
        gate = "the gate now fails" if d.gate_passed.old else "the gate still fails"
        gate += f" ({'; '.join(d.gate_reasons)})" if d.gate_reasons else ""
    return f"{score}; {gate}."


def _kpi_rows(change: KpiChange) -> list[tuple[str, str, str]]:
    """(what, from, to) for each moved figure of a KPI."""
    rows = []
    for name in ("baseline", "target", "latest"):
        move: Move[Point | None] | None = getattr(change, name)
        if move is None:
            continue
        label = name
        if move.old and move.new and move.old.value == move.new.value:
            label = f"{name} re-dated"
        new = _figure(move.new, change.unit.new)
        if name == "latest" and change.trend in ("better", "worse"):
            new += f", {change.trend}"
        rows.append((label, _figure(move.old, change.unit.old), new))
    if not rows:
        rows.append(("unit", change.unit.old or "none", change.unit.new or "none"))
    return rows


def _edit_words(edit: Edit, quote: Callable[[str], str]) -> str:
    where = f" after {quote(edit.after)}" if edit.after else " at the start"
    if not edit.old:
        return f"added {quote(edit.new)}{where}"
    if not edit.new:
        return f"removed {quote(edit.old)}{where}"
    return f"{quote(edit.old)} → {quote(edit.new)}{where}"


def _rated(rating: Rating | None) -> str:
    """``12 MEDIUM``, or ``not rated`` for a risk without probability and impact."""
    return str(rating) if rating else "not rated"


def _rating(rating: Rating | None) -> str:
    if rating is None:
        return _rated(rating)
    return f"{rating} (P{rating.probability} × I{rating.impact})"
