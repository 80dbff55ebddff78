"""The charts a variant shows: its data turned into chart inputs, drawn once and kept.

Each chart is drawn by :mod:`lws.publish.charts` from the variant's audience-filtered data (the
risks and the themes' RAG counts from the typed model, the rest from the context) and
written under ``build/.lws/charts/`` with a name that carries a hash of its inputs, so an
unchanged chart is never redrawn (and a no-op build never imports matplotlib).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lws.core.atomic import write_atomically
from lws.core.rag import tally
from lws.diagnose.diagnostic import Report
from lws.model.domain import StrategyModel, from_sections
from lws.publish.brand import Look
from lws.publish.national import kpi_trend, national_panels

if TYPE_CHECKING:
    from lws.publish.charts import RiskPoint, ThemeRag
    from lws.publish.charts.trend import TrendPoint

CHART_DIR = Path("build") / ".lws" / "charts"


def draw_charts(
    context: Mapping[str, Any],
    report: Report | None,
    look: Look,
    root: Path,
    trend: Sequence[TrendPoint] = (),
) -> Charts:
    """The variant's charts, each drawn (or reused) when its template first shows it.

    ``trend`` is the strategy's history as this variant's audiences see it (the trend
    chart, "how this strategy has moved", is drawn from two versions on).

    Which charts the variant has data for is known at once (``name in charts``); a chart is
    drawn only when the template uses it (``charts.name``), so a variant that shows none
    (the staff leaflet) costs no matplotlib at all and its conversions start sooner. A chart
    is redrawn only when its inputs change: its file name carries a hash of them.
    """
    return Charts(_wanted(context, report, look, trend), root)


_Wanted = dict[str, tuple[str, tuple[Any, ...], dict[str, Any]]]


class Charts(Mapping[str, dict[str, str]]):
    """Name → {name, path, alt, caption} of the charts a variant has data for, drawn on use."""

    def __init__(self, wanted: _Wanted, root: Path) -> None:
        self._wanted = wanted
        self._root = root
        self._drawn: dict[str, dict[str, str]] = {}

    def __getitem__(self, name: str) -> dict[str, str]:
        if name not in self._drawn:
            function, args, kwargs = self._wanted[name]
            self._drawn[name] = _draw(self._root, name, function, args, kwargs)
        return self._drawn[name]

    def __contains__(self, name: object) -> bool:
        return name in self._wanted

    def __iter__(self) -> Iterator[str]:
        return iter(self._wanted)

    def __len__(self) -> int:
        return len(self._wanted)

    @property
    def drawn(self) -> list[dict[str, str]]:
        """The charts used so far (what the rendered Markdown shows), by name."""
        return [self._drawn[name] for name in sorted(self._drawn)]


def _wanted(
    context: Mapping[str, Any], report: Report | None, look: Look, trend: Sequence[TrendPoint]
) -> _Wanted:
    """Each chart the variant's data has, as (drawing function, arguments, keywords)."""
    from lws.publish import charts  # light: matplotlib is imported only when a chart is drawn

    wanted: _Wanted = {}
    points = [
        charts.PriorityPoint(
            number=int(c["number"]),
            impact=int(c["impact"]),
            doability=int(c["doability"]),
            chosen=bool(c["chosen"]),
            label=str(c["title"]),
        )
        for c in context["candidate_rows"]
    ]
    if points:
        wanted["prioritisation"] = (
            "prioritisation_matrix",
            (points,),
            {"primary": look.primary, "accent": look.accent},
        )
    model = from_sections(context["sections"])  # the variant's data, as the context read it
    risks = _risk_points(model)
    if risks:
        wanted["risk_heat_map"] = ("risk_heat_map", (risks,), {})
    themes = _theme_rags(model)
    if any(t.total for t in themes):
        wanted["rag_by_theme"] = ("rag_by_theme", (themes,), {})
    matrix = context["impact_matrix"]
    if matrix["rows"] and matrix["columns"]:
        ratings = [[str(v).lower() or None for v in row[1:]] for row in matrix["rows"]]
        initiatives = [str(row[0]) for row in matrix["rows"]]
        wanted["impact_matrix"] = (
            "impact_matrix",
            (initiatives, list(matrix["columns"]), ratings),
            {"primary": look.primary},
        )
    panels = national_panels(model)
    if panels:
        wanted["national_comparison"] = (
            "national_comparison",
            (panels,),
            {"primary": look.primary},
        )
    trends = [t for t in map(kpi_trend, model.kpis) if t is not None]
    if trends:
        wanted["kpi_trends"] = ("kpi_trends", (trends,), {"primary": look.primary})
    if report is not None:
        scores = [(m.module, m.score) for m in report.modules]
        wanted["diagnostic_by_module"] = (
            "diagnostic_by_module",
            (scores,),
            {"primary": look.primary},
        )
    if len(trend) >= 2:
        wanted["trend"] = ("strategy_trend", (list(trend),), {"primary": look.primary})
    return wanted


def _draw(
    root: Path, name: str, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, str]:
    """Draw the chart, or reuse the one drawn from the same inputs."""
    from lws.publish import charts  # light: matplotlib is imported only when a chart is drawn

    key = charts.chart_key(function, *args, **kwargs)
    path = CHART_DIR / f"{name}-{key[:16]}.svg"
    meta = path.with_suffix(".json")
    if not ((root / path).is_file() and (root / meta).is_file()):
        chart = charts.CHARTS[function](*args, **kwargs)
        write_atomically(root / path, chart.svg)
        text = json.dumps({"alt": chart.alt, "caption": chart.caption})
        write_atomically(root / meta, text.encode())
    info = json.loads((root / meta).read_text(encoding="utf-8"))
    return {"name": name, "path": path.as_posix(), **info}


def _risk_points(model: StrategyModel) -> list[RiskPoint]:
    """The open risks rated on both scales (an unrated risk has no cell), highest first."""
    from lws.publish.charts import RiskPoint

    rated = [(r, r.rating) for r in model.risks if r.open and r.rating and r.rating.on_scales]
    rated.sort(key=lambda pair: (-pair[1].score, pair[0].id))
    return [RiskPoint(r.id, rating.probability, rating.impact, r.title) for r, rating in rated]


def _theme_rags(model: StrategyModel) -> list[ThemeRag]:
    """Each theme's actions counted by RAG status (an action with no status is not counted)."""
    from lws.publish.charts import ThemeRag

    return [
        ThemeRag(theme.title, **tally(a.rag for a in model.actions if a.theme == theme.id))
        for theme in model.themes
    ]
