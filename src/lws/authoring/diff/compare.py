"""Comparing two versions of a strategy, area by area, into a :class:`StrategyDiff`."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from lws.authoring.diff.records import (
    Action,
    ActionChange,
    ActionsDiff,
    ClosedRisk,
    CriterionChange,
    DiagnosticDiff,
    Edit,
    Kpi,
    KpiChange,
    KpisDiff,
    Move,
    Point,
    Rating,
    Risk,
    RiskChange,
    RisksDiff,
    Stage,
    StatementChange,
    StrategyDiff,
    T,
    Theme,
    ThemeRename,
    VisionDiff,
    _moved,
)
from lws.diagnose.diagnostic import Report
from lws.model.load import Document

MAX_EDITS = 6  # a statement with more word-level edits than this is shown in full


def diff_strategies(
    old: Mapping[str, Document],
    new: Mapping[str, Document],
    *,
    old_report: Report,
    new_report: Report,
    old_label: str = "old",
    new_label: str = "new",
) -> StrategyDiff:
    """Compare two versions of a strategy and their diagnostic reports."""
    return StrategyDiff(
        old_label,
        new_label,
        new_report.today,
        _diagnostic(old_report, new_report),
        _kpis(_items(old, "measures", "kpis"), _items(new, "measures", "kpis")),
        _actions(old, new),
        _risks(_items(old, "risks", "risks"), _items(new, "risks", "risks")),
        _vision(_section(old, "vision"), _section(new, "vision")),
    )


# -- comparing --------------------------------------------------------------------------------
def _section(documents: Mapping[str, Document], name: str) -> dict[str, Any]:
    document = documents.get(name)
    return document.data if document is not None and isinstance(document.data, dict) else {}


def _items(documents: Mapping[str, Document], section: str, key: str) -> dict[str, dict[str, Any]]:
    """The items of a list in a section, by id, in document order (first of an id wins)."""
    items = _section(documents, section).get(key)
    out: dict[str, dict[str, Any]] = {}
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), (str, int)):
            out.setdefault(str(item["id"]), item)
    return out


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _date(value: Any) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return None if value is None else _text(value)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _diagnostic(old: Report, new: Report) -> DiagnosticDiff:
    before = {r.criterion.id: r for r in old.results}
    after = {r.criterion.id: r for r in new.results}
    changes = []
    for cid in [*after, *(c for c in before if c not in after)]:
        was, now = before.get(cid), after.get(cid)
        status: Move[str | None] = Move(
            was.status.value if was else None, now.status.value if now else None
        )
        shown = now or was
        if _moved(status) and shown is not None:
            changes.append(CriterionChange(cid, _text(shown.criterion.question), status))
    return DiagnosticDiff(
        Move(round(old.overall * 100, 1), round(new.overall * 100, 1)),
        Move(old.gate.passed, new.gate.passed),
        new.gate.reasons,
        tuple(changes),
    )


def _point(value: Any) -> Point | None:
    if not isinstance(value, dict):
        return None
    figure = value.get("value")
    if isinstance(figure, bool) or not isinstance(figure, (int, float, type(None))):
        figure = _date(figure)
    return Point(figure, _date(value.get("date")))


def _kpi(kpi_id: str, kpi: Mapping[str, Any]) -> Kpi:
    direction = kpi.get("direction")
    return Kpi(
        kpi_id,
        _text(kpi.get("title")),
        _text(kpi.get("unit")),
        direction if isinstance(direction, str) else None,
        _point(kpi.get("baseline")),
        _point(kpi.get("target")),
        _point(kpi.get("latest")),
    )


def _changed(move: Move[T]) -> Move[T] | None:
    return move if _moved(move) else None


def _trend(latest: Move[Point | None], direction: str | None) -> str | None:
    if latest.old is None or latest.new is None:
        return None
    old, new = latest.old.value, latest.new.value
    if not all(isinstance(v, (int, float)) for v in (old, new)) or direction not in ("up", "down"):
        return None
    if old == new:
        return "same"
    up = new > old  # type: ignore[operator]
    return "better" if up == (direction == "up") else "worse"


def _kpi_change(old: Kpi, new: Kpi) -> KpiChange | None:
    latest = _changed(Move(old.latest, new.latest))
    change = KpiChange(
        new.id,
        new.title,
        Move(old.unit, new.unit),
        _changed(Move(old.baseline, new.baseline)),
        _changed(Move(old.target, new.target)),
        latest,
        _trend(latest, new.direction) if latest else None,
    )
    if change.baseline or change.target or change.latest or _moved(change.unit):
        return change
    return None


def _kpis(old: Mapping[str, dict[str, Any]], new: Mapping[str, dict[str, Any]]) -> KpisDiff:
    changes = (_kpi_change(_kpi(k, old[k]), _kpi(k, new[k])) for k in new if k in old)
    return KpisDiff(
        tuple(_kpi(k, v) for k, v in new.items() if k not in old),
        tuple(_kpi(k, v) for k, v in old.items() if k not in new),
        tuple(c for c in changes if c is not None),
    )


def _action(action_id: str, action: Mapping[str, Any], stages: Sequence[Any]) -> Action:
    stage = action.get("stage")
    number = _int(stage) if stage is not None else None
    name = str(stages[number - 1]) if number and 0 < number <= len(stages) else ""
    rag = action.get("rag")
    return Action(
        action_id,
        _text(action.get("title")),
        None if rag is None else _text(rag),
        None if number is None else Stage(number, name),
        _date(action.get("due")),
    )


def _action_change(old: Action, new: Action) -> ActionChange | None:
    old_stage = old.stage.number if old.stage else None
    new_stage = new.stage.number if new.stage else None
    change = ActionChange(
        new.id,
        new.title,
        _changed(Move(old.rag, new.rag)),
        Move(old.stage, new.stage) if old_stage != new_stage else None,
        _changed(Move(old.due, new.due)),
    )
    return change if change.rag or change.stage or change.due else None


def _stages(documents: Mapping[str, Document]) -> list[Any]:
    stages = _section(documents, "actions").get("stages")
    return stages if isinstance(stages, list) else []


def _actions(old_docs: Mapping[str, Document], new_docs: Mapping[str, Document]) -> ActionsDiff:
    old_stages, new_stages = _stages(old_docs), _stages(new_docs)
    old = {k: _action(k, v, old_stages) for k, v in _items(old_docs, "actions", "actions").items()}
    new = {k: _action(k, v, new_stages) for k, v in _items(new_docs, "actions", "actions").items()}
    changes = (_action_change(old[k], new[k]) for k in new if k in old)
    return ActionsDiff(
        tuple(a for k, a in new.items() if k not in old),
        tuple(a for k, a in old.items() if k not in new),
        tuple(c for c in changes if c is not None),
    )


def _risk(risk_id: str, risk: Mapping[str, Any]) -> Risk:
    rating = Rating(_int(risk.get("probability")), _int(risk.get("impact")))
    status = "closed" if risk.get("status") == "closed" else "open"
    return Risk(risk_id, _text(risk.get("title")), rating, status)


def _risks(old_items: Mapping[str, Any], new_items: Mapping[str, Any]) -> RisksDiff:
    old = {k: _risk(k, v) for k, v in old_items.items()}
    new = {k: _risk(k, v) for k, v in new_items.items()}
    closed = [
        ClosedRisk(risk, "removed" if k not in new else "closed")
        for k, risk in old.items()
        if risk.status == "open" and (k not in new or new[k].status == "closed")
    ]
    both = [(old[k], risk) for k, risk in new.items() if k in old]
    return RisksDiff(
        tuple(risk for k, risk in new.items() if k not in old),
        tuple(closed),
        tuple(now for was, now in both if was.status == "closed" and now.status == "open"),
        tuple(
            RiskChange(now.id, now.title, Move(was.rating, now.rating))
            for was, now in both
            if now.status == "open" and was.rating != now.rating
        ),
    )


def _statement(old_text: Any, new_text: Any) -> StatementChange | None:
    old, new = _text(old_text), _text(new_text)
    if old == new:
        return None
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    edits = tuple(
        Edit(" ".join(a[i1:i2]), " ".join(b[j1:j2]), " ".join(b[max(0, j1 - 3) : j1]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    )
    rewritten = len(edits) > MAX_EDITS or matcher.ratio() < 0.5
    return StatementChange(old, new, edits, rewritten)


def _themes(vision: Mapping[str, Any]) -> dict[str, Theme]:
    themes = vision.get("themes")
    out: dict[str, Theme] = {}
    for theme in themes if isinstance(themes, list) else []:
        if isinstance(theme, dict) and isinstance(theme.get("id"), (str, int)):
            out.setdefault(str(theme["id"]), Theme(str(theme["id"]), _text(theme.get("title"))))
    return out


def _vision(old: Mapping[str, Any], new: Mapping[str, Any]) -> VisionDiff:
    before, after = _themes(old), _themes(new)
    return VisionDiff(
        _statement(old.get("statement"), new.get("statement")),
        tuple(t for k, t in after.items() if k not in before),
        tuple(t for k, t in before.items() if k not in after),
        tuple(
            ThemeRename(k, Move(before[k].title, t.title))
            for k, t in after.items()
            if k in before and before[k].title != t.title
        ),
    )
