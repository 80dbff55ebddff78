"""The diff laid out once, for both readers: areas of titled blocks (tables, lists, words).

:func:`areas` decides what is said and in which order; :mod:`.render` only writes it down
for a terminal or as Markdown, so the two can never disagree about what changed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lws.authoring.diff.fields import FieldChange, path_text
from lws.authoring.diff.records import (
    ActionsDiff,
    DiagnosticDiff,
    Edit,
    KpisDiff,
    RisksDiff,
    StrategyDiff,
    VisionDiff,
)
from lws.authoring.diff.words import (
    _day,
    _figure,
    _kpi_rows,
    _rag,
    _rated,
    _rating,
    _score_line,
    _stage,
    _status,
)

MOVE = ("Was", "Now")
LINE = "Line"  # a first column of line numbers in the newer version
LONGEST = 300  # characters of a value shown in a table (JSON carries it whole)


@dataclass(frozen=True)
class Table:
    """Rows of cells; the first ``lead`` cells name the row (an id, a title…)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lead: int = 2


@dataclass(frozen=True)
class Items:
    """A list of named items: (id, title, note) each."""

    title: str
    rows: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Words:
    """Lines of prose; ``author``: the words are the author's (escaped in Markdown).

    ``labels`` (lws's words, never escaped) begin the lines they stand beside.
    """

    title: str
    lines: tuple[str, ...]
    author: bool = True
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Edits:
    """Word-level changes to a statement."""

    title: str
    edits: tuple[Edit, ...]


Block = Table | Items | Words | Edits
Area = tuple[str, tuple[Block, ...]]


def areas(diff: StrategyDiff) -> tuple[Area, ...]:
    """Each area's title and blocks, in reading order; an area with no blocks did not change."""
    return (
        ("Diagnostic", _diagnostic(diff.diagnostic)),
        ("Measures (KPIs)", _kpis(diff.kpis)),
        ("Actions", _actions(diff.actions)),
        ("Risks", _risks(diff.risks)),
        ("Vision", _vision(diff.vision)),
        ("Every other field", _fields(diff.fields)),
    )


def _keep(*blocks: Block) -> tuple[Block, ...]:
    """The blocks that say something."""
    return tuple(b for b in blocks if _says(b))


def _says(block: Block) -> bool:
    if isinstance(block, (Table, Items)):
        return bool(block.rows)
    return bool(block.lines if isinstance(block, Words) else block.edits)


def _diagnostic(d: DiagnosticDiff) -> tuple[Block, ...]:
    if not d.changed:
        return ()
    rows = tuple(
        (c.id, c.question, _status(c.status.old), _status(c.status.new)) for c in d.criteria
    )
    return _keep(
        Words("", (_score_line(d),), author=False),
        Table("", ("Question", "Asks", *MOVE), rows),
    )


def _kpis(k: KpisDiff) -> tuple[Block, ...]:
    moved = tuple((c.id, c.title, *row) for c in k.changed for row in _kpi_rows(c))
    added = tuple(
        (
            x.id,
            x.title,
            _figure(x.baseline, x.unit),
            _figure(x.target, x.unit),
            _figure(x.latest, x.unit),
        )
        for x in k.added
    )
    return _keep(
        Table("Figures moved", ("KPI", "Title", "What", *MOVE), moved, lead=3),
        Table("New KPIs", ("KPI", "Title", "Baseline", "Target", "Latest"), added),
        Items("Removed KPIs", tuple((x.id, x.title, "") for x in k.removed)),
    )


def _actions(a: ActionsDiff) -> tuple[Block, ...]:
    def moves(title: str, rows: Iterable[tuple[str, str, str, str]]) -> Table:
        return Table(title, ("Action", "Title", *MOVE), tuple(rows))

    return _keep(
        Items(
            "Newly completed",
            tuple(
                (c.id, c.title, f"(was {_rag(c.rag.old if c.rag else None)})") for c in a.completed
            ),
        ),
        moves(
            "RAG changed",
            (
                (c.id, c.title, _rag(c.rag.old), _rag(c.rag.new))
                for c in a.rag_changed
                if c.rag and not c.completed
            ),
        ),
        moves(
            "Stage changed",
            (
                (c.id, c.title, _stage(c.stage.old), _stage(c.stage.new))
                for c in a.stage_changed
                if c.stage
            ),
        ),
        moves(
            "Due date moved",
            ((c.id, c.title, _day(c.due.old), _day(c.due.new)) for c in a.due_changed if c.due),
        ),
        Table(
            "New actions",
            ("Action", "Title", "RAG", "Stage", "Due"),
            tuple((x.id, x.title, _rag(x.rag), _stage(x.stage), _day(x.due_text)) for x in a.added),
        ),
        Items("Removed actions", tuple((x.id, x.title, "") for x in a.removed)),
    )


def _risks(r: RisksDiff) -> tuple[Block, ...]:
    closed = tuple(
        (
            c.risk.id,
            c.risk.title,
            f"({'closed' if c.how == 'closed' else 'removed from the register'}; "
            f"was {_rated(c.risk.rating)})",
        )
        for c in r.closed
    )
    return _keep(
        Table(
            "Re-rated",
            ("Risk", "Title", *MOVE),
            tuple((c.id, c.title, _rating(c.rating.old), _rating(c.rating.new)) for c in r.rerated),
        ),
        Table(
            "New risks",
            ("Risk", "Title", "Rating"),
            tuple((x.id, x.title, _rating(x.rating)) for x in r.added),
        ),
        Items("Closed", closed),
        Items("Reopened", tuple((x.id, x.title, f"({_rating(x.rating)})") for x in r.reopened)),
    )


def _vision(v: VisionDiff) -> tuple[Block, ...]:
    statement: Block = Words("", ())
    if v.statement is not None and v.statement.rewritten:
        statement = Words(
            "Statement rewritten", (v.statement.old, v.statement.new), labels=("Was: ", "Now: ")
        )
    elif v.statement is not None:
        statement = Edits("Statement changed", v.statement.edits)
    themes = [("added", t.id, "", t.title) for t in v.themes_added]
    themes += [("removed", t.id, t.title, "") for t in v.themes_removed]
    themes += [("renamed", t.id, t.title.old, t.title.new) for t in v.themes_renamed]
    return _keep(statement, Table("Themes", ("Change", "Theme", *MOVE), tuple(themes)))


def _fields(changes: Sequence[FieldChange]) -> tuple[Block, ...]:
    """One table per file: the line, the field, the item it belongs to, was and now."""
    files: dict[str, list[tuple[str, ...]]] = {}
    for c in changes:
        where = path_text(c.path) or "(the whole file)"
        old, new = _shown(c.old), _shown(c.new)
        if c.kind == "reordered":
            where += " (order)"
        elif c.kind == "added":
            old = "(not there)"
        elif c.kind == "removed":
            new = "(removed)"
        files.setdefault(c.file, []).append((str(c.line or ""), where, c.item, old, new))
    return tuple(
        Table(file, (LINE, "Field", "Item", *MOVE), tuple(rows), lead=3)
        for file, rows in files.items()
    )


def _shown(value: Any) -> str:
    """A loaded value as a reviewer reads it: words as written, dates as ISO, data as flow YAML."""
    text = _flow(value)
    return text if len(text) <= LONGEST else text[: LONGEST - 1] + "…"


def _flow(value: Any) -> str:
    if value is None:
        return "(not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return " ".join(value.split()) or '""'
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return json.dumps(value) if isinstance(value, float) else str(value)
