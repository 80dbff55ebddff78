"""The national statistics and KPI trends as a variant shows them: tables, sentences, charts.

From the typed model (:mod:`lws.model.domain`): the trust's authority beside its region and
England for the five figures a board compares (vacancy, agency, turnover, caseload,
sickness absence), as a table behind the chart, the release's symbols printed as symbols
with their meaning; one plain sentence for the staff leaflet; and each KPI's direction in
words and its readings for a small trend chart. Everything is None or empty when there is
nothing to show, so a template can leave its heading out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from lws.core.dates import format_date
from lws.core.quantities import format_number
from lws.core.statistics import HEADLINE, SYMBOLS, Statistic
from lws.model.domain import Kpi, National, Point, StrategyModel
from lws.publish.render import escape

if TYPE_CHECKING:
    from lws.publish.charts.comparison import KpiTrend, Panel

#: The headline indicators as a board reads them: title, unit in words, unit sign.
TITLES = {
    "vacancy_rate_fte": ("Vacancy rate", "%"),
    "agency_rate_fte": ("Agency worker rate", "%"),
    "turnover_rate_fte": ("Turnover rate", "%"),
    "caseload_fte": ("Average caseload", "cases per social worker"),
    "absence_rate_fte": ("Sickness absence rate", "%"),
}
AREAS = ("authority", "region", "england")


def _text(figure: Statistic | None, unit: str) -> str:
    if figure is None:
        return "—"
    if figure.value is None:
        return figure.text
    number = _one_place(figure.value)
    return f"{number}%" if unit == "%" else number


def _one_place(value: int | float) -> str:
    """Rates and caseloads as the release rounds them, to one decimal place: 20.0, 16.4."""
    return (
        format_number(round(float(value), 1))
        if float(value).is_integer() is False
        else (f"{format_number(int(value))}.0")
    )


def _names(national: National) -> tuple[str, str, str]:
    return (national.authority, national.region, "England")


def national_context(model: StrategyModel) -> dict[str, Any] | None:
    """What the templates show of the national statistics, or None when none were imported."""
    national = model.national
    if national is None or not national.years:
        return None
    rows = []
    used: set[str] = set()
    for indicator in HEADLINE:
        title, unit = TITLES[indicator]
        for year in national.years:
            figures = [year.area(a).get(indicator) for a in AREAS]
            if not any(figures):
                continue
            used |= {f.text for f in figures if f is not None and f.value is None}
            rows.append(
                {
                    "measure": title,
                    "year": str(year.year),
                    # as Markdown: a symbol is printed as published (c, not "C")
                    **{a: escape(_text(f, unit)) for a, f in zip(AREAS, figures, strict=True)},
                }
            )
    if not rows:
        return None
    first, last = national.years[0].year, national.years[-1].year
    names = _names(national)
    return {
        "authority": names[0],
        "region": names[1],
        "years": str(first) if first == last else f"{first} to {last}",
        "rows": rows,
        "symbols": [{"symbol": s, "meaning": SYMBOLS[s]} for s in SYMBOLS if s in used],
        "sentence": leaflet_sentence(national),
        "source": f"{national.release}, {national.publisher}",
    }


def leaflet_sentence(national: National, indicator: str = "vacancy_rate_fte") -> str:
    """ "Our vacancy rate has fallen from 21.5% in 2021 to 16.3% in 2023; England's is 18.9%."""
    title, unit = TITLES[indicator]
    ours = [
        (y.year, f)
        for y in national.years
        if (f := y.authority.get(indicator)) and f.value is not None
    ]
    if not ours:
        return ""
    (start, a), (end, b) = ours[0], ours[-1]
    assert a.value is not None and b.value is not None
    what = title[0].lower() + title[1:]
    if start == end:
        said = f"Our {what} was {_text(b, unit)} in {end}"
    elif b.value < a.value:
        said = (
            f"Our {what} has fallen from {_text(a, unit)} in {start} to {_text(b, unit)} in {end}"
        )
    elif b.value > a.value:
        said = f"Our {what} has risen from {_text(a, unit)} in {start} to {_text(b, unit)} in {end}"
    else:
        said = f"Our {what} was {_text(b, unit)} in both {start} and {end}"
    england = next((y.england.get(indicator) for y in national.years if y.year == end), None)
    if england is not None and england.value is not None:
        said += f"; England's is {_text(england, unit)}"
    return said + "."


def national_panels(model: StrategyModel) -> list[Panel]:
    """The comparison chart's panels: one per headline indicator with any figure."""
    from lws.publish.charts.comparison import Panel, Series

    national = model.national
    if national is None or not national.years:
        return []
    years = tuple(y.year for y in national.years)
    panels = []
    for indicator in HEADLINE:
        title, unit = TITLES[indicator]
        series = []
        for area, name in zip(AREAS, _names(national), strict=True):
            figures = [y.area(area).get(indicator) for y in national.years]
            values = tuple(None if f is None else f.value for f in figures)
            texts = tuple(_text(f, "") for f in figures)
            series.append(Series(name, tuple(_float(v) for v in values), texts))
        if any(v is not None for s in series for v in s.values):
            panels.append(Panel(title, unit, years, tuple(series)))
    return panels


def _float(value: int | float | None) -> float | None:
    return None if value is None else float(value)


def _numbers(points: Sequence[Point]) -> list[tuple[Point, float]]:
    return [(p, float(p.value)) for p in points if isinstance(p.value, int | float)]


def trend_words(kpi: Kpi) -> str:
    """The KPI's direction from its last two readings, in words: "falling (better)"."""
    known = _numbers(kpi.history)
    if len(known) < 2:
        return "not enough readings yet"
    before, now = known[-2][1], known[-1][1]
    if now == before:
        return "no change"
    moving = "rising" if now > before else "falling"
    if kpi.direction not in ("up", "down"):
        return moving
    better = (now > before) == (kpi.direction == "up")
    return f"{moving} ({'better' if better else 'worse'})"


def kpi_trend(kpi: Kpi) -> KpiTrend | None:
    """The KPI's readings for its small trend chart (None with fewer than two numbers)."""
    from lws.publish.charts.comparison import KpiTrend

    points = kpi.history
    if len(_numbers(points)) < 2:
        return None
    target = kpi.target.value if kpi.target else None
    return KpiTrend(
        kpi.title,
        kpi.unit,
        tuple(format_date(p.date_text) if p.date_text else "undated" for p in points),
        tuple(float(p.value) if isinstance(p.value, int | float) else None for p in points),
        tuple(_point_text(p, kpi.unit) for p in points),
        float(target) if isinstance(target, int | float) else None,
        trend_words(kpi),
    )


def _point_text(point: Point, unit: str) -> str:
    if point.value_text is not None:
        return point.value_text
    if isinstance(point.value, int | float):
        number = format_number(point.value)
        return f"{number}%" if unit == "%" else number
    return "—"
