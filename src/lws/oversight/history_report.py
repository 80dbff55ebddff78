"""``lws history`` as text, Markdown, JSON and CSV.

Each version is a row: its label (tags, else short commit id), date, diagnostic score and
its move from the version before, the gate, action RAG counts, open red risks and overdue
actions; then the score by module and each KPI's latest value, version by version. A gap
(a version that could not be loaded) is a row that says why.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from typing import Any

from lws.core.rag import RAG_LABELS, RAG_ORDER
from lws.oversight.history import History, Point
from lws.oversight.snapshot import Snapshot, to_json
from lws.oversight.tables import markdown_table, number, percent, text_table
from lws.publish.charts import Chart
from lws.publish.charts.trend import TrendPoint, strategy_trend
from lws.publish.render import escape

JSON_VERSION = 1
GAP = "not readable"

_SUMMARY = ("Version", "Date", "Score", "Change", "Gate", *RAG_LABELS.values())
_SUMMARY_TAIL = ("Red risks", "Overdue actions")


def _summary_row(point: Point, before: Snapshot | None) -> list[str]:
    rev, shot = point.revision, point.snapshot
    if shot is None:
        blanks = [""] * (len(_SUMMARY) + len(_SUMMARY_TAIL) - 3)
        return [rev.label, rev.date, GAP, *blanks]
    change = "" if before is None else f"{(shot.overall - before.overall) * 100:+.0f}"
    return [
        rev.label,
        rev.date,
        percent(shot.overall),
        change,
        "passes" if shot.gate_passed else "fails",
        *(str(shot.rag_count(s)) for s in RAG_ORDER),
        str(len(shot.red_risks)),
        str(len(shot.overdue)),
    ]


def _summary_rows(history: History) -> list[list[str]]:
    rows, before = [], None
    for point in history.points:
        rows.append(_summary_row(point, before))
        before = point.snapshot or before
    return rows


def _module_rows(history: History) -> tuple[list[str], list[list[str]]]:
    header = ["Version", *(f"M{m}" for m in history.modules)]
    rows = [
        [p.revision.label, *(percent(p.snapshot.module_score(m)) for m in history.modules)]
        for p in history.points
        if p.snapshot
    ]
    return header, rows


def _kpi_rows(history: History) -> tuple[list[str], list[list[str]]]:
    kpis = history.kpis
    header = ["Version", *(kpi_id for kpi_id, _ in kpis)]
    rows = []
    for point in history.points:
        if point.snapshot is None:
            continue
        values = {k.id: k for k in point.snapshot.kpis}
        rows.append(
            [
                point.revision.label,
                *(number(values[k].value) if k in values else "" for k, _ in kpis),
            ]
        )
    return header, rows


def _gaps(history: History) -> list[str]:
    return [f"{p.revision.label} ({p.revision.date}): {p.gap}" for p in history.points if p.gap]


def _heading(history: History) -> str:
    shown = len(history.points)
    return (
        f"How this strategy has moved: {shown} version{'s' if shown != 1 else ''} "
        f"({history.selection}), judged {history.judged}"
    )


def as_text(history: History) -> str:
    if not history.points:
        return f"{_heading(history)}\n\nNo versions to show.\n"
    out = [_heading(history), ""]
    out += text_table([*_SUMMARY, *_SUMMARY_TAIL], _summary_rows(history))
    header, rows = _module_rows(history)
    if rows:
        out += ["", "Diagnostic score by module", "", *text_table(header, rows)]
    header, rows = _kpi_rows(history)
    if rows and len(header) > 1:
        out += ["", "KPIs: latest value recorded", "", *text_table(header, rows)]
        out += [f"  {k}: {title}" for k, title in history.kpis]
    if gaps := _gaps(history):
        out += ["", "Versions that could not be read:", *(f"  {g}" for g in gaps)]
    return "\n".join(out) + "\n"


def as_markdown(history: History, chart: tuple[str, Chart] | None = None) -> str:
    """The tables for a board paper; ``chart`` (its link, as seen from the Markdown file,
    and the chart) puts the trend chart, with its alt text and caption, under the heading."""
    out = [f"## {_heading(history)}", ""]
    if not history.points:
        return "\n".join([*out, "No versions to show."]) + "\n"
    if chart is not None:
        link, drawn = chart
        out += [f"![{escape(drawn.alt)}](<{link}>)", "", f"*{escape(drawn.caption)}*", ""]
    out += markdown_table([*_SUMMARY, *_SUMMARY_TAIL], _summary_rows(history))
    header, rows = _module_rows(history)
    if rows:
        out += ["", "### Diagnostic score by module", "", *markdown_table(header, rows)]
    header, rows = _kpi_rows(history)
    if rows and len(header) > 1:
        out += ["", "### KPIs: latest value recorded", "", *markdown_table(header, rows)]
        out += ["", *markdown_table(["KPI", "Title"], list(history.kpis))]
    if gaps := _gaps(history):
        out += ["", "### Versions that could not be read", ""]
        out += markdown_table(["Version", "Why"], [g.split(": ", 1) for g in gaps])
    return "\n".join(out) + "\n"


def to_data(history: History) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "selection": history.selection,
        "judged": history.judged,
        "revisions": [
            {
                "commit": p.revision.commit,
                "label": p.revision.label,
                "date": p.revision.date,
                "subject": p.revision.subject,
                "gap": p.gap,
                "snapshot": to_json(p.snapshot) if p.snapshot else None,
            }
            for p in history.points
        ],
    }


def as_json(history: History) -> str:
    return json.dumps(to_data(history), indent=2, ensure_ascii=False) + "\n"


def _csv_row(point: Point, modules: Sequence[int], kpis: Sequence[str]) -> list[str]:
    rev, shot = point.revision, point.snapshot
    head = [rev.label, rev.commit, rev.date]
    if shot is None:
        return [*head, "gap", point.gap or ""]
    values = {k.id: k.value for k in shot.kpis}
    return [
        *head,
        "ok",
        "",
        shot.judged,
        f"{shot.overall * 100:.1f}",
        "pass" if shot.gate_passed else "fail",
        *("" if (s := shot.module_score(m)) is None else f"{s * 100:.1f}" for m in modules),
        *(str(shot.rag_count(s)) for s in RAG_ORDER),
        str(len(shot.red_risks)),
        str(len(shot.overdue)),
        *(number(values[k]) if values.get(k) is not None else "" for k in kpis),
    ]


def as_csv(history: History) -> str:
    """One row per version, a column per module, RAG status and KPI (for a spreadsheet)."""
    kpis = [k for k, _ in history.kpis]
    header = [
        "version",
        "commit",
        "date",
        "status",
        "reason",
        "judged",
        "score",
        "gate",
        *(f"module_{m}" for m in history.modules),
        *(f"actions_{s}" for s in RAG_ORDER),
        "open_red_risks",
        "overdue_actions",
        *(f"kpi_{k}" for k in kpis),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for point in history.points:
        writer.writerow([_safe_cell(c) for c in _csv_row(point, history.modules, kpis)])
    return buffer.getvalue()


def _safe_cell(value: str) -> str:
    """No formula injection when the CSV is opened in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") and not _numeric(value) else value


def _numeric(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def trend_points(history: History) -> list[TrendPoint]:
    """The chart's data: score, red risks and overdue actions per version (None: a gap)."""
    return [
        TrendPoint(p.revision.label, p.revision.date, None)
        if p.snapshot is None
        else TrendPoint(
            p.revision.label,
            p.revision.date,
            p.snapshot.overall,
            len(p.snapshot.red_risks),
            len(p.snapshot.overdue),
        )
        for p in history.points
    ]


def trend_chart(history: History) -> Chart:
    """The trend chart of ``history`` (matplotlib is imported only now)."""
    return strategy_trend(trend_points(history))


RENDERERS: dict[str, Callable[[History], str]] = {
    "text": as_text,
    "markdown": as_markdown,
    "json": as_json,
    "csv": as_csv,
}
