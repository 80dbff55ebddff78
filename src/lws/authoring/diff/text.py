"""The diff for a terminal."""

from __future__ import annotations

from collections.abc import Callable

from lws.authoring.diff.records import (
    ActionsDiff,
    DiagnosticDiff,
    KpisDiff,
    RisksDiff,
    StrategyDiff,
    VisionDiff,
)
from lws.authoring.diff.words import (
    _day,
    _edit_words,
    _figure,
    _kpi_rows,
    _rag,
    _rated,
    _rating,
    _score_line,
    _stage,
    _status,
)
from lws.core.diagnostics import printable

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
    lines = [f"new {x.id} {x.title} ({_rated(x.rating)})" for x in r.added]
    lines += [f"{c.how} {c.risk.id} {c.risk.title} (was {_rated(c.risk.rating)})" for c in r.closed]
    lines += [f"reopened {x.id} {x.title} ({_rated(x.rating)})" for x in r.reopened]
    lines += [
        f"{c.id} re-rated {_rating(c.rating.old)} → {_rating(c.rating.new)}: {c.title}"
        for c in r.rerated
    ]
    return lines


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
