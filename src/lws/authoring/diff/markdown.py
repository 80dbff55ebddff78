"""The diff for a pull request comment or a board paper."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from lws.authoring.diff.records import (
    ActionChange,
    ActionsDiff,
    DiagnosticDiff,
    KpisDiff,
    Move,
    RisksDiff,
    StrategyDiff,
    T,
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
from lws.model.domain import Action
from lws.publish.render import escape

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
    rows = [(x.id, x.title, _rag(x.rag), _stage(x.stage), _day(x.due_text)) for x in a.added]
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
        f"was {_md(_rated(c.risk.rating))})"
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
