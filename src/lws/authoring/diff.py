"""What changed in a strategy between two versions, as a board or a reviewer would ask.

Pure: the loaded section documents of both versions and their diagnostic reports in, a
typed :class:`StrategyDiff` out; :func:`as_text`, :func:`as_markdown` and :func:`as_json`
render it. Items (actions, KPIs, risks, themes, diagnostic questions) are matched by id.

The diff covers the diagnostic (questions whose status changed, the overall score and the
gate), the KPIs (new, removed, and baseline, target or latest value moved or re-dated), the
actions (new, removed, newly completed, RAG, stage and due date changed), the risks (new,
closed or removed, reopened, re-rated) and the vision (statement and themes).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from lws.core.dates import short_date
from lws.core.diagnostics import printable
from lws.core.rag import rag_label
from lws.core.risks import band_of
from lws.diagnose.diagnostic import Report
from lws.diagnose.evidence import Status
from lws.model.load import Document
from lws.publish.render import escape

T = TypeVar("T")

JSON_VERSION = 1
MAX_EDITS = 6  # a statement with more word-level edits than this is shown in full


# -- the diff ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move(Generic[T]):
    """A value before (``old``) and after (``new``)."""

    old: T
    new: T


@dataclass(frozen=True)
class CriterionChange:
    """A diagnostic question whose status changed (``None``: absent on that side)."""

    id: str
    question: str
    status: Move[str | None]  # Status values: met, partly_met, not_met, not_applicable


@dataclass(frozen=True)
class DiagnosticDiff:
    percent: Move[float]  # overall score, 0–100, one decimal
    gate_passed: Move[bool]
    gate_reasons: tuple[str, ...]  # why the gate fails in the new version (empty: it passes)
    criteria: tuple[CriterionChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.criteria) or _moved(self.percent) or _moved(self.gate_passed)


@dataclass(frozen=True)
class Point:
    """A KPI's baseline, target or latest value."""

    value: int | float | str | None
    date: str | None  # ISO date, or the text the author wrote


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    unit: str
    direction: str | None  # up or down: which way is better
    baseline: Point | None
    target: Point | None
    latest: Point | None


@dataclass(frozen=True)
class KpiChange:
    """A KPI present in both versions; a field is ``None`` when it did not change."""

    id: str
    title: str
    unit: Move[str]
    baseline: Move[Point | None] | None
    target: Move[Point | None] | None
    latest: Move[Point | None] | None
    trend: str | None  # of the latest value: better, worse or same (by the KPI's direction)


@dataclass(frozen=True)
class KpisDiff:
    added: tuple[Kpi, ...]
    removed: tuple[Kpi, ...]
    changed: tuple[KpiChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Stage:
    number: int
    name: str  # from actions.stages; "" before the first stage or when not listed


@dataclass(frozen=True)
class Action:
    id: str
    title: str
    rag: str | None
    stage: Stage | None
    due: str | None


@dataclass(frozen=True)
class ActionChange:
    """An action present in both versions; a field is ``None`` when it did not change."""

    id: str
    title: str
    rag: Move[str | None] | None
    stage: Move[Stage | None] | None
    due: Move[str | None] | None

    @property
    def completed(self) -> bool:
        return self.rag is not None and self.rag.new == "complete"


@dataclass(frozen=True)
class ActionsDiff:
    added: tuple[Action, ...]
    removed: tuple[Action, ...]
    changed: tuple[ActionChange, ...]

    @property
    def completed(self) -> tuple[ActionChange, ...]:
        """Actions whose RAG became complete."""
        return tuple(c for c in self.changed if c.completed)

    @property
    def rag_changed(self) -> tuple[ActionChange, ...]:
        """Every RAG change, including those to complete."""
        return tuple(c for c in self.changed if c.rag is not None)

    @property
    def stage_changed(self) -> tuple[ActionChange, ...]:
        return tuple(c for c in self.changed if c.stage is not None)

    @property
    def due_changed(self) -> tuple[ActionChange, ...]:
        return tuple(c for c in self.changed if c.due is not None)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Rating:
    """A risk's probability and impact (1–5 each), its score and band."""

    probability: int
    impact: int

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def band(self) -> str:
        """``high``, ``medium`` or ``low``. An old version may hold a rating off the 1–5
        scales (diff does not validate it): its score is banded as if on the matrix."""
        return band_of(max(1, min(self.score, 25))).key

    def __str__(self) -> str:
        return f"{self.score} {self.band.upper()}"


@dataclass(frozen=True)
class Risk:
    id: str
    title: str
    rating: Rating
    status: str  # open or closed


@dataclass(frozen=True)
class ClosedRisk:
    risk: Risk  # as it was before
    how: str  # closed (status closed) or removed (no longer in the register)


@dataclass(frozen=True)
class RiskChange:
    id: str
    title: str
    rating: Move[Rating]


@dataclass(frozen=True)
class RisksDiff:
    added: tuple[Risk, ...]
    closed: tuple[ClosedRisk, ...]
    reopened: tuple[Risk, ...]
    rerated: tuple[RiskChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.closed or self.reopened or self.rerated)


@dataclass(frozen=True)
class Edit:
    """One word-level change to the vision statement: ``old`` words became ``new`` ones."""

    old: str  # "" when words were added
    new: str  # "" when words were removed
    after: str  # up to three words before the change, for context ("" at the start)


@dataclass(frozen=True)
class StatementChange:
    old: str
    new: str
    edits: tuple[Edit, ...]
    rewritten: bool  # too many edits to list: show the old and new text instead


@dataclass(frozen=True)
class Theme:
    id: str
    title: str


@dataclass(frozen=True)
class ThemeRename:
    id: str
    title: Move[str]


@dataclass(frozen=True)
class VisionDiff:
    statement: StatementChange | None
    themes_added: tuple[Theme, ...]
    themes_removed: tuple[Theme, ...]
    themes_renamed: tuple[ThemeRename, ...]

    @property
    def empty(self) -> bool:
        return not (
            self.statement or self.themes_added or self.themes_removed or self.themes_renamed
        )


@dataclass(frozen=True)
class StrategyDiff:
    """Everything ``lws diff`` shows, from the ``old`` version to the ``new`` one."""

    old_label: str
    new_label: str
    today: dt.date  # the date both diagnostic reports were judged against
    diagnostic: DiagnosticDiff
    kpis: KpisDiff
    actions: ActionsDiff
    risks: RisksDiff
    vision: VisionDiff

    @property
    def changed(self) -> bool:
        return self.diagnostic.changed or not (
            self.kpis.empty and self.actions.empty and self.risks.empty and self.vision.empty
        )


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


def _moved(move: Move[Any]) -> bool:
    return bool(move.old != move.new)


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
    return f"{shown} ({_day(point.date)})" if point.date else shown


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


# -- text -------------------------------------------------------------------------------------


def as_text(diff: StrategyDiff) -> str:
    """The diff for a terminal: one line per change, grouped by area."""
    head = f"Strategy changes: {diff.old_label} → {diff.new_label} (judged on {diff.today})"
    lines = [printable(head)]
    if not diff.changed:
        return "\n".join([*lines, "No changes."]) + "\n"
    for title, body in (
        ("Diagnostic", _text_diagnostic(diff.diagnostic)),
        ("Measures (KPIs)", _text_kpis(diff.kpis)),
        ("Actions", _text_actions(diff.actions)),
        ("Risks", _text_risks(diff.risks)),
        ("Vision", _text_vision(diff.vision)),
    ):
        lines += ["", title]
        lines += [f"  {printable(line)}" for line in body or ["No changes."]]
    return "\n".join(lines) + "\n"


def _text_diagnostic(d: DiagnosticDiff) -> list[str]:
    if not d.changed:
        return []
    lines = [_score_line(d)]
    lines += [
        f"{c.id} {_status(c.status.old)} → {_status(c.status.new)}: {c.question}"
        for c in d.criteria
    ]
    return lines


def _text_kpis(k: KpisDiff) -> list[str]:
    lines = [
        f"new {x.id} {x.title}: target {_figure(x.target, x.unit)}, "
        f"latest {_figure(x.latest, x.unit)}"
        for x in k.added
    ]
    for change in k.changed:
        for what, old, new in _kpi_rows(change):
            lines.append(f"{change.id} {what} {old} → {new}: {change.title}")
    lines += [f"removed {x.id} {x.title}" for x in k.removed]
    return lines


def _text_actions(a: ActionsDiff) -> list[str]:
    lines = [f"new {x.id} {x.title} ({_rag(x.rag)}, stage {_stage(x.stage)})" for x in a.added]
    lines += [f"removed {x.id} {x.title}" for x in a.removed]
    for c in a.changed:
        if c.rag is not None:
            verb = "completed" if c.completed else "RAG"
            lines.append(f"{c.id} {verb} {_rag(c.rag.old)} → {_rag(c.rag.new)}: {c.title}")
        if c.stage is not None:
            lines.append(f"{c.id} stage {_stage(c.stage.old)} → {_stage(c.stage.new)}: {c.title}")
        if c.due is not None:
            lines.append(f"{c.id} due {_day(c.due.old)} → {_day(c.due.new)}: {c.title}")
    return lines


def _text_risks(r: RisksDiff) -> list[str]:
    lines = [f"new {x.id} {x.title} ({x.rating})" for x in r.added]
    lines += [f"{c.how} {c.risk.id} {c.risk.title} (was {c.risk.rating})" for c in r.closed]
    lines += [f"reopened {x.id} {x.title} ({x.rating})" for x in r.reopened]
    lines += [
        f"{c.id} re-rated {_rating(c.rating.old)} → {_rating(c.rating.new)}: {c.title}"
        for c in r.rerated
    ]
    return lines


def _rating(rating: Rating) -> str:
    return f"{rating} (P{rating.probability} × I{rating.impact})"


def _text_vision(v: VisionDiff) -> list[str]:
    lines = []
    if v.statement is not None:
        if v.statement.rewritten:
            lines += [f"statement was: {v.statement.old}", f"statement now: {v.statement.new}"]
        else:
            quote: Callable[[str], str] = lambda words: f"“{words}”"  # noqa: E731
            lines += [f"statement: {_edit_words(e, quote)}" for e in v.statement.edits]
    lines += [f"new theme {t.id}: {t.title}" for t in v.themes_added]
    lines += [f"removed theme {t.id}: {t.title}" for t in v.themes_removed]
    lines += [f"theme {t.id} renamed “{t.title.old}” → “{t.title.new}”" for t in v.themes_renamed]
    return lines


# -- Markdown ---------------------------------------------------------------------------------


def as_markdown(diff: StrategyDiff) -> str:
    """The diff for a pull request comment or a board paper: a heading and tables per area."""
    out = [
        f"## Strategy changes: {_md(diff.old_label)} → {_md(diff.new_label)}",
        "",
        f"Diagnostic judged on {_day(diff.today.isoformat())}.",
    ]
    if not diff.changed:
        return "\n".join([*out, "", "No changes."]) + "\n"
    for title, body in (
        ("Diagnostic", _md_diagnostic(diff.diagnostic)),
        ("Measures (KPIs)", _md_kpis(diff.kpis)),
        ("Actions", _md_actions(diff.actions)),
        ("Risks", _md_risks(diff.risks)),
        ("Vision", _md_vision(diff.vision)),
    ):
        out += ["", f"### {title}", "", *(body or ["No changes."])]
    return "\n".join(out) + "\n"


def _md(value: Any) -> str:
    """Author text for Markdown: control characters shown as escapes, the rest escaped."""
    return escape(printable(" ".join(str(value).split())))


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table; every cell is escaped (a ``|`` or a line break cannot end it)."""
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return lines


def _block(title: str, lines: list[str]) -> list[str]:
    return [f"**{title}**", "", *lines, ""] if lines else []


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _md_diagnostic(d: DiagnosticDiff) -> list[str]:
    if not d.changed:
        return []
    out = [_score_line(d), ""]  # lws's own words and figures, no author text
    if d.criteria:
        rows = [
            (c.id, c.question, _status(c.status.old), _status(c.status.new)) for c in d.criteria
        ]
        out += _table(("Question", "Asks", "Was", "Now"), rows)
    return _trim(out)


def _md_kpis(k: KpisDiff) -> list[str]:
    added = [
        (
            x.id,
            x.title,
            _figure(x.baseline, x.unit),
            _figure(x.target, x.unit),
            _figure(x.latest, x.unit),
        )
        for x in k.added
    ]
    changed = [(c.id, c.title, *row) for c in k.changed for row in _kpi_rows(c)]
    out = _block(
        "Figures moved", _table(("KPI", "Title", "What", "Was", "Now"), changed) if changed else []
    )
    out += _block(
        "New KPIs",
        _table(("KPI", "Title", "Baseline", "Target", "Latest"), added) if added else [],
    )
    out += _block("Removed KPIs", [f"- **{_md(x.id)}** {_md(x.title)}" for x in k.removed])
    return _trim(out)


def _md_actions(a: ActionsDiff) -> list[str]:
    def bullet(x: Action | ActionChange, note: str = "") -> str:
        return f"- **{_md(x.id)}** {_md(x.title)}" + (f" {_md(note)}" if note else "")

    def moves(
        changes: Sequence[ActionChange], show: Callable[[ActionChange], tuple[str, str]]
    ) -> list[str]:
        rows = [(c.id, c.title, *show(c)) for c in changes]
        return _table(("Action", "Title", "Was", "Now"), rows) if rows else []

    rag_moves = [c for c in a.rag_changed if not c.completed]
    out = _block(
        "Newly completed",
        [bullet(c, f"(was {_rag(c.rag.old if c.rag else None)})") for c in a.completed],
    )
    out += _block("RAG changed", moves(rag_moves, lambda c: _pair(c.rag, _rag)))
    out += _block("Stage changed", moves(a.stage_changed, lambda c: _pair(c.stage, _stage)))
    out += _block("Due date moved", moves(a.due_changed, lambda c: _pair(c.due, _day)))
    rows = [(x.id, x.title, _rag(x.rag), _stage(x.stage), _day(x.due)) for x in a.added]
    table = _table(("Action", "Title", "RAG", "Stage", "Due"), rows) if rows else []
    out += _block("New actions", table)
    out += _block("Removed actions", [bullet(x) for x in a.removed])
    return _trim(out)


def _pair(move: Move[T] | None, show: Callable[[T], str]) -> tuple[str, str]:
    assert move is not None
    return show(move.old), show(move.new)


def _md_risks(r: RisksDiff) -> list[str]:
    rerated = [(c.id, c.title, _rating(c.rating.old), _rating(c.rating.new)) for c in r.rerated]
    added = [(x.id, x.title, _rating(x.rating)) for x in r.added]
    closed = [
        f"- **{_md(c.risk.id)}** {_md(c.risk.title)} "
        f"({'closed' if c.how == 'closed' else 'removed from the register'}; "
        f"was {_md(str(c.risk.rating))})"
        for c in r.closed
    ]
    out = _block("Re-rated", _table(("Risk", "Title", "Was", "Now"), rerated) if rerated else [])
    out += _block("New risks", _table(("Risk", "Title", "Rating"), added) if added else [])
    out += _block("Closed", closed)
    out += _block(
        "Reopened",
        [f"- **{_md(x.id)}** {_md(x.title)} ({_md(_rating(x.rating))})" for x in r.reopened],
    )
    return _trim(out)


def _md_vision(v: VisionDiff) -> list[str]:
    out: list[str] = []
    if v.statement is not None and v.statement.rewritten:
        out += _block(
            "Statement rewritten",
            [f"Was: {_md(v.statement.old)}", "", f"Now: {_md(v.statement.new)}"],
        )
    elif v.statement is not None:
        quote: Callable[[str], str] = lambda words: f"“{_md(words)}”"  # noqa: E731
        out += _block(
            "Statement changed", [f"- {_edit_words(e, quote)}" for e in v.statement.edits]
        )
    themes = [("added", t.id, "", t.title) for t in v.themes_added]
    themes += [("removed", t.id, t.title, "") for t in v.themes_removed]
    themes += [("renamed", t.id, t.title.old, t.title.new) for t in v.themes_renamed]
    if themes:
        out += _block("Themes", _table(("Change", "Theme", "Was", "Now"), themes))
    return _trim(out)


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
    return None if point is None else {"value": point.value, "date": point.date}


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
        "due": action.due,
    }


def _action_change_data(change: ActionChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "title": change.title,
        "rag": _maybe_move(change.rag),
        "stage": _maybe_move(change.stage, _stage_data),
        "due": _maybe_move(change.due),
    }


def _rating_data(rating: Rating) -> dict[str, Any]:
    return {
        "probability": rating.probability,
        "impact": rating.impact,
        "score": rating.score,
        "band": rating.band,
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


RENDERERS: dict[str, Callable[[StrategyDiff], str]] = {
    "text": as_text,
    "markdown": as_markdown,
    "json": as_json,
}
