"""Comparing two versions of a strategy, area by area, into a :class:`StrategyDiff`.

Both versions are read through the typed model (:mod:`lws.model.domain`), which never
raises on data of the wrong shape: an old revision need not be valid.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

from lws.authoring.diff.fields import FieldChange, Key, Path, compare_sections
from lws.authoring.diff.records import (
    ActionChange,
    ActionsDiff,
    ClosedRisk,
    CriterionChange,
    DiagnosticDiff,
    Edit,
    KpiChange,
    KpisDiff,
    Move,
    RiskChange,
    RisksDiff,
    StatementChange,
    StrategyDiff,
    T,
    ThemeRename,
    VisionDiff,
    _moved,
)
from lws.diagnose.diagnostic import Report
from lws.model.domain import (
    Action,
    Kpi,
    Point,
    Risk,
    StrategyModel,
    from_documents,
    line,
)
from lws.model.load import Document
from lws.model.schema import SchemaSet
from lws.publish.restrict import visible_sections

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
    before, after = from_documents(old), from_documents(new)
    areas = StrategyDiff(
        old_label,
        new_label,
        new_report.today,
        _diagnostic(old_report, new_report),
        _kpis(_by_id(before.kpis), _by_id(after.kpis)),
        _actions(_by_id(before.actions), _by_id(after.actions)),
        _risks(_by_id(before.risks), _by_id(after.risks)),
        _vision(before, after),
    )
    told = claimed(areas)
    rest = tuple(c for c in compare_sections(old, new) if not _covered(c, told))
    return dataclasses.replace(areas, fields=rest)


def for_audiences(
    documents: Mapping[str, Document], schemas: SchemaSet, audiences: Iterable[str]
) -> dict[str, Document]:
    """The sections as these audiences may see them, by the build's one rule.

    Items restricted to other audiences are left out, and so is whatever refers to them
    (:func:`lws.publish.restrict.visible_sections`), so a diff made for partners names no
    board-only item. Positions are not kept (list items have moved up).
    """
    visible = visible_sections(documents, schemas, audiences)
    return {name: Document(documents[name].file, data) for name, data in visible.items()}


# -- what the areas already report --------------------------------------------------------------

Claim = tuple[str, Path]  # a section and a path in it that an area's report covers


def claimed(diff: StrategyDiff) -> frozenset[Claim]:
    """The (section, path) pairs the areas report: a field change under one is not repeated."""
    out: set[Claim] = set()

    def items(section: str, key: str, ids: Iterable[str], *fields: str) -> None:
        for ident in ids:
            if fields:
                out.update((section, (key, Key(ident), f)) for f in fields)
            else:
                out.add((section, (key, Key(ident))))

    k, a, r, v = diff.kpis, diff.actions, diff.risks, diff.vision
    items("measures", "kpis", (x.id for x in (*k.added, *k.removed)))
    for kpi in k.changed:
        moved = [n for n in ("baseline", "target", "latest") if getattr(kpi, n) is not None]
        items("measures", "kpis", [kpi.id], *moved, *(["unit"] if _moved(kpi.unit) else []))
    items("actions", "actions", (x.id for x in (*a.added, *a.removed)))
    for action in a.changed:
        shown = [n for n in ("rag", "stage", "due") if getattr(action, n) is not None]
        items("actions", "actions", [action.id], *shown)
    items("risks", "risks", (x.id for x in r.added))
    items("risks", "risks", (c.risk.id for c in r.closed if c.how == "removed"))
    items("risks", "risks", (c.risk.id for c in r.closed if c.how == "closed"), "status")
    items("risks", "risks", (x.id for x in r.reopened), "status")
    items("risks", "risks", (c.id for c in r.rerated), "probability", "impact")
    if v.statement is not None:
        out.add(("vision", ("statement",)))
    items("vision", "themes", (t.id for t in (*v.themes_added, *v.themes_removed)))
    items("vision", "themes", (t.id for t in v.themes_renamed), "title")
    return frozenset(out)


def _covered(change: FieldChange, claims: frozenset[Claim]) -> bool:
    return any((change.section, change.path[:n]) in claims for n in range(len(change.path) + 1))


# -- comparing --------------------------------------------------------------------------------


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_Identified)


def _by_id(items: Iterable[Item]) -> dict[str, Item]:
    """Items by id, in document order (the first of an id wins; items with no id are left out)."""
    out: dict[str, Item] = {}
    for item in items:
        if item.id:
            out.setdefault(item.id, item)
    return out


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
            changes.append(CriterionChange(cid, line(shown.criterion.question), status))
    return DiagnosticDiff(
        Move(round(old.overall * 100, 1), round(new.overall * 100, 1)),
        Move(old.gate.passed, new.gate.passed),
        new.gate.reasons,
        tuple(changes),
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


def _kpis(old: Mapping[str, Kpi], new: Mapping[str, Kpi]) -> KpisDiff:
    changes = (_kpi_change(old[k], new[k]) for k in new if k in old)
    return KpisDiff(
        tuple(kpi for k, kpi in new.items() if k not in old),
        tuple(kpi for k, kpi in old.items() if k not in new),
        tuple(c for c in changes if c is not None),
    )


def _action_change(old: Action, new: Action) -> ActionChange | None:
    old_stage = old.stage.number if old.stage else None
    new_stage = new.stage.number if new.stage else None
    change = ActionChange(
        new.id,
        new.title,
        _changed(Move(old.rag, new.rag)),
        Move(old.stage, new.stage) if old_stage != new_stage else None,
        _changed(Move(old.due_text, new.due_text)),
    )
    return change if change.rag or change.stage or change.due else None


def _actions(old: Mapping[str, Action], new: Mapping[str, Action]) -> ActionsDiff:
    changes = (_action_change(old[k], new[k]) for k in new if k in old)
    return ActionsDiff(
        tuple(a for k, a in new.items() if k not in old),
        tuple(a for k, a in old.items() if k not in new),
        tuple(c for c in changes if c is not None),
    )


def _risks(old: Mapping[str, Risk], new: Mapping[str, Risk]) -> RisksDiff:
    closed = [
        ClosedRisk(risk, "removed" if k not in new else "closed")
        for k, risk in old.items()
        if risk.open and (k not in new or not new[k].open)
    ]
    both = [(old[k], risk) for k, risk in new.items() if k in old]
    return RisksDiff(
        tuple(risk for k, risk in new.items() if k not in old),
        tuple(closed),
        tuple(now for was, now in both if not was.open and now.open),
        tuple(
            RiskChange(now.id, now.title, Move(was.rating, now.rating))
            for was, now in both
            if now.open and was.rating != now.rating
        ),
    )


def _statement(old_text: str, new_text: str) -> StatementChange | None:
    old, new = old_text, new_text
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


def _vision(old: StrategyModel, new: StrategyModel) -> VisionDiff:
    before, after = _by_id(old.themes), _by_id(new.themes)
    return VisionDiff(
        _statement(old.statement, new.statement),
        tuple(t for k, t in after.items() if k not in before),
        tuple(t for k, t in before.items() if k not in after),
        tuple(
            ThemeRename(k, Move(before[k].title, t.title))
            for k, t in after.items()
            if k in before and before[k].title != t.title
        ),
    )
