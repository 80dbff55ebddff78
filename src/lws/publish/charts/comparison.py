"""The trust beside its region and England, and each KPI's trend: small multiples over time.

Two charts, drawn like every lws chart (:mod:`lws.publish.charts`): pure data in, SVG bytes,
alt text and caption out; the same data gives the same bytes.

* :func:`national_comparison`: one small panel per national indicator (vacancy, agency,
  turnover, caseload, sickness absence), each year on the x axis, one line per area. The
  areas differ by line style and marker as well as colour (the trust solid with circles in
  the brand colour, the region dashed with squares, England dotted with triangles), and
  every colour has at least 3:1 contrast with white. A year the release withholds (its
  symbol: ``c``, ``x``, ``z``, ``low``, ``u``, ``:``) is a break in the line, marked with the
  symbol; the alt text gives every figure and each symbol's meaning.
* :func:`kpi_trends`: one small panel per KPI, its readings over time, the target as a
  dashed line, the direction in words in the title.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from lws.core.statistics import SYMBOLS
from lws.publish.charts.style import (
    MUTED,
    PRIMARY,
    TEXT,
    WHITE,
    WIDTH_IN,
    _check_colour,
    _contrast,
    _mix,
)
from lws.publish.charts.svg import Chart, ChartText, _check_name, _figure, _save
from lws.publish.charts.text import _clean, _sentence, _wrap

COLUMNS = 3
MIN_CONTRAST = 3.0
#: How each area is drawn, trust first: line style, marker.
STYLES = (("-", "o"), ("--", "s"), (":", "^"))


@dataclass(frozen=True)
class Series:
    """One area's figures for one indicator: per year the number (None: withheld) and the
    figure as published (the number's text, or the release's symbol)."""

    area: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...]


@dataclass(frozen=True)
class Panel:
    """One indicator over the years, for every area (the trust first)."""

    title: str  # e.g. "Vacancy rate"
    unit: str  # "%" or words such as "cases per social worker"
    years: tuple[int, ...]
    series: tuple[Series, ...]


def readable(colour: str) -> str:
    """``colour``, darkened until it has at least 3:1 contrast with white."""
    out = colour
    step = 0.0
    while _contrast(out, WHITE) < MIN_CONTRAST and step < 1.0:
        step += 0.1
        out = _mix(colour, step, TEXT)
    return out


def _shown(text: str, unit: str) -> str:
    if text in SYMBOLS:
        return f"{text} ({SYMBOLS[text]})"
    return f"{text}%" if unit == "%" else f"{text}"


def _comparison_alt(panels: Sequence[Panel]) -> str:
    if not panels:
        return "No national figures to compare."
    areas = [s.area for s in panels[0].series]
    head = (
        f"{len(panels)} small charts, one per measure, comparing {', '.join(areas[:-1])} and "
        f"{areas[-1]} over the reporting years {panels[0].years[0]} to {panels[0].years[-1]}."
    )
    parts = [head]
    for panel in panels:
        items = [
            f"{s.area}: "
            + ", ".join(
                f"{year} {_shown(text, panel.unit)}"
                for year, text in zip(panel.years, s.texts, strict=True)
            )
            for s in panel.series
        ]
        parts.append(f"{panel.title}: " + _sentence(items))
    return " ".join(parts)


def national_comparison_text(
    panels: Sequence[Panel],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "national_comparison",
) -> ChartText:
    """:func:`national_comparison`'s alt text and caption, without drawing (inputs checked)."""
    _check_colour("primary", primary)
    _check_name(name)
    for panel in panels:
        for s in panel.series:
            if len(s.values) != len(panel.years) or len(s.texts) != len(panel.years):
                raise ValueError(f"{panel.title}: {s.area} needs one figure per year")
    caption = caption or "Our workforce beside our region and England, each reporting year."
    return ChartText(_comparison_alt(panels), caption)


def national_comparison(
    panels: Sequence[Panel],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "national_comparison",
) -> Chart:
    """Small multiples: each indicator over the years, the trust beside its region and England."""
    described = national_comparison_text(panels, primary=primary, caption=caption, name=name)
    primary = readable(_check_colour("primary", primary))
    colours = (primary, MUTED, TEXT)
    rows = max(1, math.ceil((len(panels) + 1) / COLUMNS))  # a cell left for the key
    with _figure(name, WIDTH_IN, 2.0 * rows + 0.2, constrained=True) as figure:
        grid = figure.subplots(rows, COLUMNS, squeeze=False)
        cells = [ax for row in grid for ax in row]
        for ax, panel in zip(cells, panels, strict=False):
            _panel(ax, panel, colours)
        for ax in cells[len(panels) :]:
            ax.set_axis_off()
        if panels:
            key = cells[len(panels)] if len(panels) < len(cells) else cells[-1]
            handles = [
                key.plot([], [], color=c, linestyle=ls, marker=m, markersize=4, linewidth=1.6)[0]
                for c, (ls, m) in zip(colours, STYLES, strict=False)
            ]
            labels = [_wrap(s.area, 24, 2) for s in panels[0].series]
            key.legend(handles[: len(labels)], labels, loc="center", labelcolor=TEXT)
            symbols = sorted({t for p in panels for s in p.series for t in s.texts if t in SYMBOLS})
            if symbols:
                words = "\n".join(_wrap(f"{t}: {SYMBOLS[t]}", 30, 2) for t in symbols)
                key.text(0.5, 0.02, words, ha="center", va="bottom", fontsize=7, color=MUTED,
                         transform=key.transAxes)  # fmt: skip
        else:
            cells[0].text(0.5, 0.5, "No national figures", ha="center", color=MUTED)
        return _save(figure, name, described.alt, described.caption)


def _panel(ax: object, panel: Panel, colours: Sequence[str]) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    xs = list(range(len(panel.years)))
    known = [v for s in panel.series for v in s.values if v is not None]
    top = max(known, default=1.0) * 1.25 or 1.0
    for index, (s, colour) in enumerate(zip(panel.series, colours, strict=False)):
        style, marker = STYLES[min(index, len(STYLES) - 1)]
        ys = [math.nan if v is None else v for v in s.values]
        width = 2.0 if index == 0 else 1.3
        ax.plot(xs, ys, color=colour, linestyle=style, marker=marker, markersize=4, linewidth=width)
        for x, text in zip(xs, s.texts, strict=True):
            if text in SYMBOLS:
                ax.text(x, top * (0.06 + 0.08 * index), text, ha="center", fontsize=7.5,
                        color=colour, fontweight="bold")  # fmt: skip
    first = panel.series[0] if panel.series else None
    if first and first.values and first.values[-1] is not None:
        ax.annotate(
            first.texts[-1] + ("%" if panel.unit == "%" else ""),
            (xs[-1], first.values[-1]),
            textcoords="offset points", xytext=(7, 0), ha="left", va="center", fontsize=7.5,
            color=colours[0], fontweight="bold",
        )  # fmt: skip
    ax.set_ylim(0, top)
    ax.set_title(_wrap(panel.title, 26, 2), fontsize=9, loc="left", color=TEXT)
    ax.set_ylabel(_wrap(panel.unit, 18, 2), fontsize=7.5)
    ax.set_xticks(xs, [str(y) for y in panel.years])
    ax.set_xlim(-0.4, max(len(xs) - 1, 0) + 0.9)  # room for the last figure's label
    ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
    ax.set_axisbelow(True)
    ax.tick_params(length=0, labelsize=7.5)


@dataclass(frozen=True)
class KpiTrend:
    """One KPI's readings, oldest first (value None: not a number), and its target."""

    title: str
    unit: str
    dates: tuple[str, ...]  # as printed, e.g. "September 2026"
    values: tuple[float | None, ...]
    texts: tuple[str, ...]
    target: float | None
    direction: str  # the trend in words, e.g. "falling (better)"


def _trend_alt(trends: Sequence[KpiTrend]) -> str:
    items = []
    for t in trends:
        points = ", ".join(f"{d} {x}" for d, x in zip(t.dates, t.texts, strict=True))
        target = f"; target {t.target:g}" if t.target is not None else ""
        items.append(f"{t.title} ({t.direction}): {points}{target}")
    head = f"The trend of each of {len(trends)} KPIs, oldest reading first."
    return f"{head} {_sentence(items)}".strip()


def kpi_trends_text(
    trends: Sequence[KpiTrend],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "kpi_trends",
) -> ChartText:
    """:func:`kpi_trends`'s alt text and caption, without drawing (its inputs checked)."""
    _check_colour("primary", primary)
    _check_name(name)
    caption = caption or "Each KPI's readings over time; the dashed line is its target."
    return ChartText(_trend_alt(trends), caption)


def kpi_trends(
    trends: Sequence[KpiTrend],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "kpi_trends",
) -> Chart:
    """Small multiples: each KPI's readings over time against its target."""
    described = kpi_trends_text(trends, primary=primary, caption=caption, name=name)
    primary = readable(_check_colour("primary", primary))
    rows = max(1, math.ceil(len(trends) / COLUMNS))
    with _figure(name, WIDTH_IN, 1.55 * rows + 0.2, constrained=True) as figure:
        grid = figure.subplots(rows, COLUMNS, squeeze=False)
        cells = [ax for row in grid for ax in row]
        for ax, trend in zip(cells, trends, strict=False):
            xs = list(range(len(trend.values)))
            ys = [math.nan if v is None else v for v in trend.values]
            ax.plot(xs, ys, color=primary, marker="o", markersize=3.5, linewidth=1.8)
            known = [v for v in trend.values if v is not None]
            if trend.target is not None:
                ax.axhline(trend.target, color=MUTED, linestyle="--", linewidth=1.0)
                known.append(trend.target)
            top = max(known, default=1.0)
            ax.set_ylim(0, top * 1.25 or 1.0)
            ax.set_title(_wrap(_clean(trend.title), 30, 2), fontsize=8, loc="left")
            ax.set_xticks(
                [xs[0], xs[-1]] if len(xs) > 1 else xs,
                [_wrap(trend.dates[0], 12, 2), _wrap(trend.dates[-1], 12, 2)][: len(xs)],
            )
            ax.text(0.98, 0.04, trend.direction, transform=ax.transAxes, ha="right",
                    fontsize=7, color=MUTED)  # fmt: skip
            ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
            ax.set_axisbelow(True)
            ax.tick_params(length=0, labelsize=7)
        for ax in cells[len(trends) :]:
            ax.set_axis_off()
        return _save(figure, name, described.alt, described.caption)
