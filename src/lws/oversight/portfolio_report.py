"""The region's report (``lws portfolio``) as one self-contained HTML page and as Markdown.

The HTML page has landmarks (header, nav, main, footer) and a skip link, a caption and
header cells on every table, and each chart as an image with alt text followed by a table
of the same figures; the heat map's table is coloured like the chart, with ink chosen for
contrast. Author text is escaped (Jinja2 autoescaping); nothing in it can run.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from lws import __version__
from lws.core.resources import packaged
from lws.core.statistics import SYMBOLS
from lws.oversight.region import Region
from lws.oversight.tables import markdown_table, percent
from lws.publish.charts.portfolio import (
    NA_FILL,
    CriterionCount,
    TrustScores,
    criteria_not_met,
    heat_colour,
    module_heat_map,
)
from lws.publish.charts.style import MUTED, PRIMARY, _ink
from lws.publish.charts.svg import Chart
from lws.publish.national import TITLES

TEMPLATE = Path(__file__).with_name("portfolio.html.j2")
NATIONAL_NONE = (
    "No national statistics have been imported for these trusts, so each is compared with "
    "the region only."
)
NATIONAL_SOME = (
    "Where a trust has imported the Department for Education's children's social work "
    "workforce statistics (lws import --national), its newest figures beside its region and "
    "England; lower is better for each. A symbol is the Department's: c suppressed, x "
    "unavailable, z not applicable, low rounds to 0, u low reliability, : not available."
)
NATIONAL_HEADERS = [
    "Trust",
    "Measure",
    "Year",
    "Trust's figure",
    "Region",
    "England",
    "Against England",
]
PRIVACY = (
    "Everything here comes from what each trust publishes to everyone: items a trust "
    "restricts to some audiences (a board-only risk, say) are left out before anything is "
    "counted or scored."
)


@dataclass(frozen=True)
class Charts:
    heat_map: Chart | None
    criteria: Chart | None


def draw_charts(found: Region, primary: str = PRIMARY) -> Charts:
    """The report's two charts (matplotlib is imported only now)."""
    rows = [TrustScores(r.name, r.snapshot.modules) for r in found.scored if r.snapshot]
    counts = [CriterionCount(c.id, c.not_met, c.partly_met) for c in found.criteria]
    return Charts(
        module_heat_map(rows, primary=primary) if rows else None,
        criteria_not_met(counts, len(found.scored), primary=primary) if counts else None,
    )


def _title(found: Region) -> str:
    return f"Workforce strategies in {found.region}"


def _summary(found: Region) -> str:
    scored, broken = len(found.scored), len(found.broken)
    text = f"{len(found.rows)} trusts; {scored} read and scored"
    if broken:
        text += f", {broken} could not be read"
    if found.median is not None:
        text += f"; the region's median diagnostic score is {percent(found.median)}"
    return text + f". Judged as at {found.judged.isoformat()}."


def _signed(value: float) -> str:
    return f"{value * 100:+.0f} points"


def _cell(score: float | None, primary: str) -> dict[str, Any]:
    if score is None:
        return {"text": "n/a", "fill": NA_FILL, "ink": MUTED, "na": True}
    fill = heat_colour(score, primary)
    return {"text": percent(score), "fill": fill, "ink": _ink(fill), "na": False}


def _last_recorded(date: str | None) -> str:
    return date or "never"


def _context(found: Region, charts: Charts, source: str, primary: str) -> dict[str, Any]:
    def chart(c: Chart | None) -> dict[str, str] | None:
        if c is None:
            return None
        src = "data:image/svg+xml;base64," + base64.b64encode(c.svg).decode("ascii")
        return {"src": src, "alt": c.alt, "caption": c.caption}

    trusts: list[dict[str, Any]] = []
    for row in found.rows:
        shot = row.snapshot
        if shot is None:
            trusts.append({"name": row.name, "broken": row.broken, "source": row.entry.source})
            continue
        review = shot.review_date or "none given"
        trusts.append(
            {
                "name": row.name,
                "broken": "",
                "score": percent(shot.overall),
                "gate": "passes" if shot.gate_passed else "fails",
                "errors": row.errors,
                "review": review + (" (past)" if shot.past_review else ""),
                "stale": len(shot.stale_kpis),
                "red": len(shot.red_risks),
                "overdue": len(shot.overdue),
                "commit": row.commit or "not in git",
            }
        )
    return {
        "version": __version__,
        "title": _title(found),
        "summary": _summary(found),
        "privacy": PRIVACY,
        "judged": f"as at {found.judged.isoformat()}",
        "source": source,
        "css": _css(),
        "sections": [
            ("trusts", "The trusts"),
            ("heat-map", "Score by module"),
            ("criteria", "Criteria most often not met"),
            ("review", "Strategies past their review date"),
            ("stale", "Stale KPIs"),
            ("position", "Position against the region"),
        ],
        "trusts": trusts,
        "modules": found.modules,
        "heat_rows": [
            {
                "name": r.name,
                "cells": [_cell(r.snapshot.module_score(m), primary) for m in found.modules],
            }
            for r in found.scored
            if r.snapshot
        ],
        "median_cells": [_cell(s, primary) for _, s in found.module_medians],
        "heat_chart": chart(charts.heat_map),
        "criteria_chart": chart(charts.criteria),
        "criteria": found.criteria,
        "past_review": [
            {"name": r.name, "date": r.snapshot.review_date if r.snapshot else "", "days": d}
            for r, d in found.past_review
        ],
        "stale": [
            {"name": r.name, "kpi": f"{k.id}: {k.title}", "date": _last_recorded(k.date)}
            for r, kpis in found.stale
            for k in kpis
        ],
        "national": NATIONAL_SOME if found.national else NATIONAL_NONE,
        "national_rows": _national_rows(found),
        "median": percent(found.median),
        "positions": [
            {
                "rank": p.rank,
                "name": p.trust,
                "score": percent(p.score),
                "difference": _signed(p.difference),
            }
            for p in found.positions
        ],
    }


def _national_rows(found: Region) -> list[dict[str, str]]:
    """One row per trust and headline measure: its figure, its region's, England's."""
    rows = []
    for row, comparisons in found.national:
        for c in comparisons:
            title, unit = TITLES[c.indicator]
            sign = "%" if unit == "%" else ""
            ours, theirs, england = (t if t in SYMBOLS or t == "—" else t + sign for t in c.texts)
            rows.append(
                {
                    "name": row.name,
                    "measure": title,
                    "year": str(c.year),
                    "ours": ours,
                    "region": f"{theirs} ({c.region})",
                    "england": england,
                    "against": _against(c.ours, c.england, unit),
                }
            )
    return rows


def _against(ours: float | None, england: float | None, unit: str) -> str:
    """The trust against England in words; lower is better for every headline measure."""
    if ours is None or england is None:
        return "—"
    gap = round(ours - england, 1)
    if gap == 0:
        return "same as England"
    size = f"{abs(gap):.1f} point{'s' * (abs(gap) != 1)}" if unit == "%" else f"{abs(gap):.1f}"
    return f"{size} {'below (better)' if gap < 0 else 'above (worse)'}"


def _css() -> str:
    path = packaged("templates") / "html" / "style.css"
    css = path.read_text(encoding="utf-8") if path.is_file() else ""
    return css.replace("</", "<\\/")  # nothing in a stylesheet may close the style element


def as_html(found: Region, charts: Charts, *, source: str, primary: str = PRIMARY) -> str:
    """The report as one self-contained HTML page (charts inlined as data: URIs)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE.parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template(TEMPLATE.name).render(_context(found, charts, source, primary))


def as_markdown(found: Region) -> str:
    """The report's tables as Markdown (the charts are in the HTML page)."""
    out = [f"# {_title(found)}", "", _summary(found), "", PRIVACY, "", "## The trusts", ""]
    rows = []
    for row in found.rows:
        shot = row.snapshot
        if shot is None:
            rows.append([row.name, "not readable", "", "", row.broken, "", "", ""])
            continue
        rows.append(
            [
                row.name,
                percent(shot.overall),
                "passes" if shot.gate_passed else "fails",
                str(row.errors),
                (shot.review_date or "none given") + (" (past)" if shot.past_review else ""),
                str(len(shot.stale_kpis)),
                str(len(shot.red_risks)),
                str(len(shot.overdue)),
            ]
        )
    header = ["Trust", "Score", "Gate", "Check errors", "Review date", "Stale KPIs"]
    out += markdown_table([*header, "Open red risks", "Overdue actions"], rows)
    out += ["", "## Score by module", ""]
    heat = [
        [r.name, *(percent(r.snapshot.module_score(m)) for m in found.modules)]
        for r in found.scored
        if r.snapshot
    ]
    heat.append(["Region (median)", *(percent(s) for _, s in found.module_medians)])
    out += markdown_table(["Trust", *(f"M{m}" for m in found.modules)], heat)
    out += ["", "## Criteria most often not met", ""]
    out += (
        markdown_table(
            ["Criterion", "Question", "Not met", "Partly met"],
            [[c.id, c.question, str(c.not_met), str(c.partly_met)] for c in found.criteria],
        )
        if found.criteria
        else ["Every trust meets every criterion."]
    )
    out += ["", "## Strategies past their review date", ""]
    out += (
        markdown_table(
            ["Trust", "Review date", "Days past"],
            [
                [r.name, r.snapshot.review_date or "", str(d)]
                for r, d in found.past_review
                if r.snapshot
            ],
        )
        if found.past_review
        else ["No strategy is past its review date."]
    )
    out += ["", "## Stale KPIs", ""]
    out += (
        markdown_table(
            ["Trust", "KPI", "Last recorded"],
            [
                [r.name, f"{k.id}: {k.title}", _last_recorded(k.date)]
                for r, ks in found.stale
                for k in ks
            ],
        )
        if found.stale
        else ["Every KPI has a recent value."]
    )
    out += ["", "## Position against the region", ""]
    if found.national:
        out += [NATIONAL_SOME, ""]
        out += markdown_table(
            NATIONAL_HEADERS, [list(r.values())[:7] for r in _national_rows(found)]
        )
        out += [""]
    else:
        out += [NATIONAL_NONE, ""]
    out += markdown_table(
        ["Rank", "Trust", "Score", "Against the median"],
        [[str(p.rank), p.trust, percent(p.score), _signed(p.difference)] for p in found.positions],
    )
    return "\n".join(out) + "\n"


def questions_of(criteria: Any) -> Mapping[str, str]:
    """Each criterion's question by id."""
    return {c.id: " ".join(c.question.split()) for c in criteria}
