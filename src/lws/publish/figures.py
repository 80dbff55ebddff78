"""The charts a variant shows: its data turned into chart inputs, described, drawn once and kept.

Each chart is drawn by :mod:`lws.publish.charts` from the variant's audience-filtered data (the
risks and the themes' RAG counts from the typed model, the rest from the context) and
written under ``build/.lws/charts/`` with a name that carries a hash of its inputs, so an
unchanged chart is never redrawn (and a no-op build never imports matplotlib). What a chart
says (alt text, caption) and its file name are known without drawing it; the drawing itself
is the :class:`~lws.publish.drawer.Drawer`'s (in a worker process during ``lws build``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lws.core.rag import tally
from lws.diagnose.diagnostic import Report
from lws.model.domain import StrategyModel, from_sections
from lws.publish.brand import Look
from lws.publish.drawer import Drawer
from lws.publish.national import kpi_trend, national_panels
from lws.publish.state import CHART_DIR as CHART_DIR  # its home until it moved

if TYPE_CHECKING:
    from lws.publish.charts import RiskPoint, ThemeRag
    from lws.publish.charts.trend import TrendPoint


def draw_charts(
    context: Mapping[str, Any],
    report: Report | None,
    look: Look,
    root: Path,
    trend: Sequence[TrendPoint] = (),
    drawer: Drawer | None = None,
    *,
    show_score: bool = False,
) -> Charts:
    """The variant's charts, each drawn (or reused) when its template first shows it.

    ``trend`` is the strategy's history as this variant's audiences see it (the trend
    chart, "how this strategy has moved", is drawn from two versions on; its diagnostic
    score only where the variant shows the score, ``show_score``).

    Which charts the variant has data for is known at once (``name in charts``); a chart is
    drawn only when the template uses it (``charts.name``), so a variant that shows none
    (the staff leaflet) costs no matplotlib at all and its conversions start sooner. A chart
    is redrawn only when its inputs change: its file name carries a hash of them. ``drawer``
    (default: draw at once, here) may draw elsewhere while the Markdown is rendered.
    """
    return Charts(_wanted(context, report, look, trend, show_score), root, drawer)


_Wanted = dict[str, tuple[str, tuple[Any, ...], dict[str, Any]]]


class Charts(Mapping[str, dict[str, str]]):
    """Name → {name, path, alt, caption, key} of the charts a variant has data for, drawn on
    use (by ``drawer``; default: at once, here)."""

    def __init__(self, wanted: _Wanted, root: Path, drawer: Drawer | None = None) -> None:
        self._wanted = wanted
        self._drawer = drawer or Drawer(root)
        self._drawn: dict[str, dict[str, str]] = {}

    def __getitem__(self, name: str) -> dict[str, str]:
        if name not in self._drawn:
            function, args, kwargs = self._wanted[name]
            chart = described(name, function, args, kwargs)
            self._drawer.draw(chart["path"], function, args, kwargs)
            self._drawn[name] = chart
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
    context: Mapping[str, Any],
    report: Report | None,
    look: Look,
    trend: Sequence[TrendPoint],
    show_score: bool,
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
        kwargs = {"primary": look.primary, "score": show_score}
        wanted["trend"] = ("strategy_trend", (list(trend),), kwargs)
    return wanted


def described(
    name: str, function: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> dict[str, str]:
    """A chart as the Markdown shows it (file, alt text, caption) and its key, not drawn."""
    from lws.publish import charts  # light: matplotlib is imported only when a chart is drawn

    key = charts.chart_key(function, *args, **kwargs)
    text = charts.TEXTS[function](*args, **kwargs)
    path = CHART_DIR / f"{name}-{key[:16]}.svg"
    shown = {"name": name, "path": path.as_posix(), "alt": text.alt, "caption": text.caption}
    return shown | {"key": key}


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
