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
from lws.publish.charts import draw
from lws.publish.charts.frame import DASHES, Frame, tick_count, y_scale
from lws.publish.charts.style import (
    FONT_SIZE,
    MUTED,
    PRIMARY,
    TEXT,
    WHITE,
    WIDTH_PT,
    _check_colour,
    _contrast,
    _mix,
)
from lws.publish.charts.svg import CREATOR, Chart, ChartText, _check_name
from lws.publish.charts.text import _sentence

COLUMNS = 3
MIN_CONTRAST = 3.0  # lines and markers (WCAG 1.4.11)
TEXT_CONTRAST = 4.5  # figures written in an area's colour (WCAG 1.4.3)
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


def readable(colour: str, contrast: float = MIN_CONTRAST) -> str:
    """``colour``, darkened until it has at least ``contrast`` (3:1) with white."""
    out = colour
    step = 0.0
    while _contrast(out, WHITE) < contrast and step < 1.0:
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
    """Small multiples: each indicator over the years, the trust beside its region and England
    (drawn with :mod:`.draw`, no matplotlib)."""
    described = national_comparison_text(panels, primary=primary, caption=caption, name=name)
    canvas = national_canvas(panels, primary=primary, name=name)
    return Chart(name, canvas.svg(described.caption, described.alt, CREATOR), described.alt,
                 described.caption)  # fmt: skip


def national_canvas(panels: Sequence[Panel], *, primary: str, name: str) -> draw.Canvas:
    """:func:`national_comparison` drawn, before it is written (tests read its label boxes)."""
    colours = (readable(_check_colour("primary", primary)), MUTED, TEXT)
    rows = max(1, math.ceil((len(panels) + 1) / COLUMNS))  # a cell left for the key
    canvas = draw.Canvas(name, WIDTH_PT, 72 * (2.0 * rows + 0.2))
    cells = _cells(canvas, rows)
    for row in range(rows):
        shown = panels[row * COLUMNS : (row + 1) * COLUMNS]
        titles = [draw.wrap(p.title, cells[0].width, NATIONAL_TITLE) for p in shown]
        lines = max((title.count("\n") + 1 for title in titles), default=1)
        for column, (panel, title) in enumerate(zip(shown, titles, strict=True)):
            _national_panel(canvas, cells[row * COLUMNS + column], panel, title, lines, colours)
    if panels:
        key = cells[len(panels)] if len(panels) < len(cells) else cells[-1]
        _key(canvas, key, panels, colours)
    else:
        canvas.text(canvas.width / 2, canvas.height / 2, "No national figures", size=FONT_SIZE,
                    fill=MUTED, anchor="middle", baseline="middle")  # fmt: skip
    return canvas


NATIONAL_TITLE = 9.0
NATIONAL_TICKS = 7.5


def _national_panel(
    canvas: draw.Canvas,
    cell: _Cell,
    panel: Panel,
    title: str,
    lines: int,
    colours: Sequence[str],
) -> None:
    xs = list(range(len(panel.years)))
    known = [v for s in panel.series for v in s.values if v is not None]
    ylim = y_scale(known)
    unit = draw.wrap(panel.unit, cell.height * 0.6, NATIONAL_TICKS)
    unit_lines = unit.count("\n") + 1 if unit else 0
    unit_width = unit_lines * NATIONAL_TICKS * draw.LINE_SPACING
    top = cell.top + lines * NATIONAL_TITLE * draw.LINE_SPACING + 5
    below = draw.ascent(NATIONAL_TICKS) + draw.descent(NATIONAL_TICKS)
    bottom = cell.bottom - 8 - below - 5
    ticks = draw.nice_ticks(*ylim, tick_count(bottom - top, NATIONAL_TICKS))
    label_width = max(draw.width(t, NATIONAL_TICKS) for t in draw.tick_labels(ticks))
    last = max(len(xs) - 1, 0)
    left = cell.left + unit_width + 3 + label_width + 4.5
    frame = Frame(left, top, cell.right, bottom, (-0.4, last + 0.9), ylim)
    edge = frame.axes(canvas, ticks, size=NATIONAL_TICKS)
    if unit:
        canvas.text(edge - 3, (top + bottom) / 2, unit, size=NATIONAL_TICKS, fill=TEXT,
                    anchor="middle", baseline="bottom", upright=True)  # fmt: skip
    canvas.text(cell.left, cell.top, title, size=NATIONAL_TITLE, fill=TEXT, baseline="top")
    for x, year in zip(xs, panel.years, strict=True):
        canvas.text(frame.x(x), frame.bottom + 5, str(year), size=NATIONAL_TICKS, fill=TEXT,
                    anchor="middle", baseline="top")  # fmt: skip
    for index, (s, colour) in enumerate(zip(panel.series, colours, strict=False)):
        style, marker = STYLES[min(index, len(STYLES) - 1)]
        frame.series(canvas, xs, s.values, colour=colour, width=2.0 if index == 0 else 1.3,
                     style=style, marker=marker)  # fmt: skip
    for index, (s, colour) in enumerate(zip(panel.series, colours, strict=False)):
        for x, text in zip(xs, s.texts, strict=True):
            if text in SYMBOLS:
                canvas.text(frame.x(x), frame.bottom - 3 - 9.5 * index, text, size=7.5,
                            fill=readable(colour, TEXT_CONTRAST), anchor="middle",
                            baseline="bottom", bold=True)  # fmt: skip
    first = panel.series[0] if panel.series else None
    if first and first.values and first.values[-1] is not None:
        label = first.texts[-1] + ("%" if panel.unit == "%" else "")
        canvas.text(frame.x(xs[-1]) + 7, frame.y(first.values[-1]), label, size=7.5,
                    fill=readable(colours[0], TEXT_CONTRAST), baseline="middle",
                    bold=True)  # fmt: skip


def _key(canvas: draw.Canvas, cell: _Cell, panels: Sequence[Panel], colours: Sequence[str]) -> None:
    """The areas' line styles, and what each withheld figure's symbol means."""
    size = FONT_SIZE - 0.5
    labels = [draw.wrap(s.area, cell.width - 40, size) for s in panels[0].series]
    step = [(label.count("\n") + 1) * size * draw.LINE_SPACING + 6 for label in labels]
    symbols = sorted({t for p in panels for s in p.series for t in s.texts if t in SYMBOLS})
    words = "\n".join(draw.wrap(f"{t}: {SYMBOLS[t]}", cell.width - 8, 7.0) for t in symbols)
    y = cell.top + (cell.height - sum(step)) / 2
    widest = max(draw.width(line, size) for label in labels for line in label.split("\n"))
    x = cell.left + (cell.width - 30 - widest) / 2
    for index, (label, colour, height) in enumerate(zip(labels, colours, step, strict=False)):
        style, marker = STYLES[min(index, len(STYLES) - 1)]
        middle = y + size * 0.62
        canvas.line([(x, middle), (x + 22, middle)], stroke=colour, stroke_width=1.6,
                    dash=DASHES[style])  # fmt: skip
        canvas.marker(x + 11, middle, marker, 5.0, fill=colour)
        canvas.text(x + 30, y, label, size=size, fill=TEXT, baseline="top")
        y += height
    if words:
        canvas.text(cell.left + cell.width / 2, cell.bottom - 6, words, size=7.0, fill=MUTED,
                    anchor="middle", baseline="bottom")  # fmt: skip


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
    """Small multiples: each KPI's readings over time against its target (drawn with
    :mod:`.draw`, no matplotlib)."""
    described = kpi_trends_text(trends, primary=primary, caption=caption, name=name)
    canvas = kpi_canvas(trends, primary=primary, name=name)
    return Chart(name, canvas.svg(described.caption, described.alt, CREATOR), described.alt,
                 described.caption)  # fmt: skip


def kpi_canvas(trends: Sequence[KpiTrend], *, primary: str, name: str) -> draw.Canvas:
    """:func:`kpi_trends` drawn, before it is written (tests read its label boxes)."""
    primary = readable(_check_colour("primary", primary))
    rows = max(1, math.ceil(len(trends) / COLUMNS))
    canvas = draw.Canvas(name, WIDTH_PT, 72 * (1.55 * rows + 0.2))
    cells = _cells(canvas, rows)
    for row in range(rows):
        shown = trends[row * COLUMNS : (row + 1) * COLUMNS]
        titles = [draw.wrap(t.title, cells[0].width, KPI_TITLE, max_lines=3) for t in shown]
        lines = max((title.count("\n") + 1 for title in titles), default=1)
        dates = [_dates(t, cells[0]) for t in shown]
        date_lines = max((d.count("\n") + 1 for ds in dates for d in ds), default=1)
        for column, (trend, title, ends) in enumerate(zip(shown, titles, dates, strict=True)):
            cell = cells[row * COLUMNS + column]
            _kpi_panel(canvas, cell, trend, (title, lines), (ends, date_lines), primary)
    if not trends:
        canvas.text(canvas.width / 2, canvas.height / 2, "No KPI readings yet", size=FONT_SIZE,
                    fill=MUTED, anchor="middle", baseline="middle")  # fmt: skip
    return canvas


@dataclass(frozen=True)
class _Cell:
    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


PAD = 4.0  # around the figure, as matplotlib's constrained layout left it
GAP = 14.0  # between columns
KPI_TITLE = 8.0
KPI_TICKS = 7.0


def _cells(canvas: draw.Canvas, rows: int) -> list[_Cell]:
    width = (canvas.width - 2 * PAD - (COLUMNS - 1) * GAP) / COLUMNS
    height = (canvas.height - 2 * PAD) / rows
    return [
        _Cell(PAD + column * (width + GAP), PAD + row * height, width, height)
        for row in range(rows)
        for column in range(COLUMNS)
    ]


def _dates(trend: KpiTrend, cell: _Cell) -> list[str]:
    """The first and last reading's dates, "30 September" over "2025"."""
    limit = min(cell.width / 2 - 10, 50.0)
    ends = [trend.dates[0], trend.dates[-1]] if len(trend.dates) > 1 else list(trend.dates)
    return [draw.wrap(d, limit, KPI_TICKS, max_lines=2) for d in ends]


def _kpi_panel(
    canvas: draw.Canvas,
    cell: _Cell,
    trend: KpiTrend,
    titled: tuple[str, int],
    dated: tuple[list[str], int],
    colour: str,
) -> None:
    (title, lines), (dates, date_lines) = titled, dated
    xs = list(range(len(trend.values)))
    known = [v for v in trend.values if v is not None]
    if trend.target is not None:
        known.append(trend.target)
    ylim = y_scale(known)
    top = cell.top + lines * KPI_TITLE * draw.LINE_SPACING + 4
    below = draw.ascent(KPI_TICKS) + draw.descent(KPI_TICKS)
    bottom = cell.bottom - 8 - below - KPI_TICKS * draw.LINE_SPACING * (date_lines - 1) - 5
    ticks = draw.nice_ticks(*ylim, tick_count(bottom - top, KPI_TICKS))
    label_width = max(draw.width(t, KPI_TICKS) for t in draw.tick_labels(ticks))
    last = max(len(xs) - 1, 0)
    xlim = (-0.05 * last, last * 1.05) if last else (-0.5, 0.5)
    frame = Frame(cell.left + label_width + 4.5, top, cell.right, bottom, xlim, ylim)
    frame.axes(canvas, ticks, size=KPI_TICKS)
    first_line = len(canvas.lines)  # this panel's target and readings come after
    canvas.text(cell.left, cell.top, title, size=KPI_TITLE, fill=TEXT, baseline="top")
    if trend.target is not None:
        y = frame.y(trend.target)
        canvas.line([(frame.left, y), (frame.right, y)], stroke=MUTED, stroke_width=1.0,
                    dash=DASHES["--"])  # fmt: skip
    frame.series(canvas, xs, trend.values, colour=colour, width=1.8, marker_size=3.5)
    for x, date in zip([xs[0], xs[-1]] if len(xs) > 1 else xs, dates, strict=False):
        half = max(draw.width(line, KPI_TICKS) for line in date.split("\n")) / 2
        centre = min(max(frame.x(x), cell.left + half), cell.right - half)
        canvas.text(centre, frame.bottom + 5, date, size=KPI_TICKS, fill=TEXT, anchor="middle",
                    baseline="top")  # fmt: skip
    direction = draw.shorten(trend.direction, (frame.right - frame.left) * 0.96, KPI_TICKS)
    drawn = [points for points, stroke in canvas.lines[first_line:] if stroke in (colour, MUTED)]
    at_x, at_y, anchor, baseline = _clear_corner(frame, direction, drawn)
    canvas.text(at_x, at_y, direction, size=KPI_TICKS, fill=MUTED, anchor=anchor,
                baseline=baseline)  # fmt: skip


def _clear_corner(
    frame: Frame, label: str, drawn: Sequence[Sequence[tuple[float, float]]]
) -> tuple[float, float, draw.Anchor, draw.Baseline]:
    """Where a panel's direction label ("rising (better)") goes: at the plotting area's
    bottom right, unless a reading's line or the target's crosses it there; then the first
    place clear of both going up the right side, then up the left (bottom right if no place
    is clear)."""
    inset = 0.02 * (frame.right - frame.left)
    wide, high = draw.width(label, KPI_TICKS), draw.ascent(KPI_TICKS) + draw.descent(KPI_TICKS)
    lowest, highest = frame.bottom - 3, frame.top + 3 + high
    steps = max(1, math.floor((lowest - highest) / (high / 2)))
    heights = [lowest - (lowest - highest) * i / steps for i in range(steps + 1)]
    sides: tuple[tuple[float, draw.Anchor], ...] = (
        (frame.right - inset, "end"),
        (frame.left + inset, "start"),
    )
    for x, anchor in sides:
        for y in heights:
            left = x - wide if anchor == "end" else x
            box = draw.Box(left, y - high, left + wide, y, label)
            if not any(box.crosses(points, pad=3.0) for points in drawn):
                return x, y, anchor, "bottom"
    return frame.right - inset, lowest, "end", "bottom"
