"""The diff as a stable JSON document."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from lws.authoring.diff.fields import FieldChange, path_text
from lws.authoring.diff.records import (
    ActionChange,
    KpiChange,
    Move,
    StatementChange,
    StrategyDiff,
)
from lws.model.domain import Action, Kpi, Point, Rating, Risk, Stage

JSON_VERSION = 1


# -- JSON -------------------------------------------------------------------------------------


def as_json(diff: StrategyDiff) -> str:
    """The diff as a stable JSON document (version 1; keys documented in the README)."""
    return json.dumps(to_data(diff), indent=2, ensure_ascii=False) + "\n"


def to_data(diff: StrategyDiff) -> dict[str, Any]:
    """The JSON document as plain data."""
    d, k, a, r, v = diff.diagnostic, diff.kpis, diff.actions, diff.risks, diff.vision
    return {
        "version": JSON_VERSION,
        "old": diff.old_label,
        "new": diff.new_label,
        "today": diff.today.isoformat(),
        "changed": diff.changed,
        "diagnostic": {
            "percent": _move(d.percent),
            "gate_passed": _move(d.gate_passed),
            "gate_reasons": list(d.gate_reasons),
            "criteria": [
                {"id": c.id, "question": c.question, **_move(c.status)} for c in d.criteria
            ],
        },
        "kpis": {
            "added": [_kpi_data(x) for x in k.added],
            "removed": [_kpi_data(x) for x in k.removed],
            "changed": [_kpi_change_data(c) for c in k.changed],
        },
        "actions": {
            "added": [_action_data(x) for x in a.added],
            "removed": [_action_data(x) for x in a.removed],
            "completed": [
                {"id": c.id, "title": c.title, "from": c.rag.old if c.rag else None}
                for c in a.completed
            ],
            "changed": [_action_change_data(c) for c in a.changed],
        },
        "risks": {
            "added": [_risk_data(x) for x in r.added],
            "closed": [{**_risk_data(c.risk), "how": c.how} for c in r.closed],
            "reopened": [_risk_data(x) for x in r.reopened],
            "rerated": [
                {"id": c.id, "title": c.title, **_move(c.rating, _rating_data)} for c in r.rerated
            ],
        },
        "fields": [_field_data(c) for c in diff.fields],
        "vision": {
            "statement": _statement_data(v.statement),
            "themes": {
                "added": [{"id": t.id, "title": t.title} for t in v.themes_added],
                "removed": [{"id": t.id, "title": t.title} for t in v.themes_removed],
                "renamed": [{"id": t.id, **_move(t.title)} for t in v.themes_renamed],
            },
        },
    }


def _move(move: Move[Any], convert: Callable[[Any], Any] = lambda x: x) -> dict[str, Any]:
    return {"from": convert(move.old), "to": convert(move.new)}


def _maybe_move(move: Move[Any] | None, convert: Callable[[Any], Any] = lambda x: x) -> Any:
    return None if move is None else _move(move, convert)


def _point_data(point: Point | None) -> dict[str, Any] | None:
    return None if point is None else {"value": point.value, "date": point.date_text}


def _kpi_data(kpi: Kpi) -> dict[str, Any]:
    return {
        "id": kpi.id,
        "title": kpi.title,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "baseline": _point_data(kpi.baseline),
        "target": _point_data(kpi.target),
        "latest": _point_data(kpi.latest),
    }


def _kpi_change_data(change: KpiChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "title": change.title,
        "unit": _move(change.unit),
        "baseline": _maybe_move(change.baseline, _point_data),
        "target": _maybe_move(change.target, _point_data),
        "latest": _maybe_move(change.latest, _point_data),
        "trend": change.trend,
    }


def _stage_data(stage: Stage | None) -> dict[str, Any] | None:
    return None if stage is None else {"number": stage.number, "name": stage.name}


def _action_data(action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "title": action.title,
        "rag": action.rag,
        "stage": _stage_data(action.stage),
        "due": action.due_text,
    }


def _action_change_data(change: ActionChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "title": change.title,
        "rag": _maybe_move(change.rag),
        "stage": _maybe_move(change.stage, _stage_data),
        "due": _maybe_move(change.due),
    }


def _rating_data(rating: Rating | None) -> dict[str, Any]:
    if rating is None:
        return dict.fromkeys(("probability", "impact", "score", "band"))
    return {
        "probability": rating.probability,
        "impact": rating.impact,
        "score": rating.score,
        "band": rating.band.key,
    }


def _risk_data(risk: Risk) -> dict[str, Any]:
    return {"id": risk.id, "title": risk.title, "status": risk.status, **_rating_data(risk.rating)}


def _statement_data(change: StatementChange | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {
        **_move(Move(change.old, change.new)),
        "rewritten": change.rewritten,
        "edits": [{"from": e.old, "to": e.new, "after": e.after} for e in change.edits],
    }


def _field_data(change: FieldChange) -> dict[str, Any]:
    return {
        "file": change.file,
        "line": change.line or None,
        "section": change.section,
        "path": path_text(change.path),
        "item": change.item,
        "change": change.kind,
        "from": _plain(change.old),
        "to": _plain(change.new),
    }


def _plain(value: Any) -> Any:
    """A loaded value as JSON: dates as ISO text, everything else as it is."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
