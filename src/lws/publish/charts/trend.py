"""How the strategy has moved: the diagnostic score, open red risks and overdue actions at
each version, as one chart (``lws history --chart``; the board pack and full document).

Drawn like every lws chart (:mod:`lws.publish.charts`): pure data in, SVG bytes, alt text
and caption out; the same data gives the same bytes. A version that could not be read is a
break in the line, marked and named in the alt text.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from lws.core.rag import RAG_COLOURS
from lws.publish.charts import draw
from lws.publish.charts.frame import DASHES, GRID, Frame, tick_count
from lws.publish.charts.style import FONT_SIZE, LINE, MUTED, PRIMARY, TEXT, WIDTH_PT, _check_colour
from lws.publish.charts.svg import CREATOR, Chart, ChartText, _check_name
from lws.publish.charts.text import _percent, _sentence

MAX_LABELS = 12  # more versions than this: label every other one (or fewer)


@dataclass(frozen=True)
class TrendPoint:
    """One version: its label and date, and its figures (``score`` None: a gap)."""

    label: str
    date: str  # as shown: ISO in lws history, in words in the build's outputs
    score: float | None  # diagnostic score 0.0–1.0; None when the version could not be read
    red_risks: int = 0
    overdue: int = 0
    gap: str = ""  # why a version could not be read, in the reader's words


@dataclass(frozen=True)
class Trend:
    """What ``lws build`` is given of the strategy's history (computed by the command line,
    which may read git): each variant's series, and a key of the versions it was made from
    that the build's no-op check covers (a new tag rebuilds)."""

    key: str
    series: Mapping[str, tuple[TrendPoint, ...]] = field(default_factory=dict)


def _alt(points: Sequence[TrendPoint], score: bool) -> str:
    counted = f"open red risks and overdue actions at each of {len(points)} versions, oldest first."
    head = f"Diagnostic score (0% to 100%), {counted}" if score else counted.capitalize()
    items = [
        f"{p.label} ({p.date}): not readable"
        if p.score is None
        else f"{p.label} ({p.date}): "
        + (f"score {_percent(p.score)}, " if score else "")
        + f"{p.red_risks} open red risks, {p.overdue} overdue actions"
        for p in points
    ]
    return " ".join([head, _sentence(items)]).strip()


def strategy_trend_text(
    points: Sequence[TrendPoint],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "trend",
    score: bool = True,
) -> ChartText:
    """:func:`strategy_trend`'s alt text and caption, without drawing (its inputs checked)."""
    _check_colour("primary", primary)
    _check_name(name)
    for p in points:
        if p.score is not None and not 0.0 <= p.score <= 1.0:
            raise ValueError(f"{p.label}: score {p.score!r} must be a fraction 0.0–1.0")
    shown = "The diagnostic score, open red risks" if score else "Open red risks"
    caption = caption or f"{shown} and overdue actions at each version of the strategy."
    return ChartText(_alt(points, score), caption)


def strategy_trend(
    points: Sequence[TrendPoint],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "trend",
    score: bool = True,
) -> Chart:
    """A line of the score over the versions, with bars of red risks and overdue actions
    (``score`` False: the bars alone, for an output that does not publish the score)."""
    described = strategy_trend_text(points, primary=primary, caption=caption, name=name,
                                    score=score)  # fmt: skip
    canvas = trend_canvas(points, primary=primary, name=name, score=score)
    return Chart(name, canvas.svg(described.caption, described.alt, CREATOR), described.alt,
                 described.caption)  # fmt: skip


PAD = 4.0
LABEL = FONT_SIZE - 0.5
BAR = 0.36  # each bar's width, in versions
SCORE_TICKS = ((0, "0%"), (25, "25%"), (50, "50%"), (75, "75%"), (100, "100%"))
MAX_BAR = 22.0  # and at most this, in points (three versions are not three slabs)


def _line(size: float, lines: int = 1) -> float:
    return draw.ascent(size) + draw.descent(size) + size * draw.LINE_SPACING * (lines - 1)


def trend_canvas(
    points: Sequence[TrendPoint], *, primary: str, name: str, score: bool = True
) -> draw.Canvas:
    """:func:`strategy_trend` drawn, before it is written (tests read its label boxes)."""
    primary = _check_colour("primary", primary)
    canvas = draw.Canvas(name, WIDTH_PT, (4.2 if score else 2.6) * 72)
    xs = list(range(len(points)))
    step = max(1, math.ceil(len(points) / MAX_LABELS))
    room = (WIDTH_PT - 60) / max(len(points), 1) * step - 6  # a label's share of the axis
    labels = [
        draw.wrap(p.label, min(70, room), LABEL, max_lines=2) if i % step == 0 else ""
        for i, p in enumerate(points)
    ]
    lines = max((label.count("\n") + 1 for label in labels if label), default=1)
    foot = canvas.height - PAD - _line(LABEL, lines) - 6
    percents = [label for _, label in SCORE_TICKS] if score else []
    red = [0 if p.score is None else p.red_risks for p in points]
    late = [0 if p.score is None else p.overdue for p in points]
    highest = max([*red, *late, 1])
    gap = 14.0
    split = PAD + (foot - PAD - gap) * 3 / 5 if score else PAD + _line(LABEL) + 4 - gap
    counts = draw.nice_ticks(0, highest * 1.3 + 0.5, tick_count(foot - split - gap, LABEL))
    counts = [c for c in counts if c == int(c)]
    ylabel = _line(FONT_SIZE)
    width = max(draw.width(t, LABEL) for t in [*percents, *draw.tick_labels(counts)])
    left = PAD + ylabel + 4 + width + 3.5
    xlim = (-0.6, max(len(points), 1) - 0.4)
    low = Frame(left, split + gap, canvas.width - PAD, foot, xlim, (0, highest * 1.3 + 0.5))
    if score:
        _scores(canvas, Frame(left, PAD, canvas.width - PAD, split, xlim, (0, 112)), points,
                primary, step)  # fmt: skip
    low.axes(canvas, counts, size=LABEL, grid=False)
    canvas.text(PAD, (low.top + low.bottom) / 2, "Count", size=FONT_SIZE, fill=TEXT,
                anchor="middle", baseline="top", upright=True)  # fmt: skip
    _bars(canvas, low, points, step)
    for x, label in zip(xs, labels, strict=True):
        canvas.text(low.x(x), foot + 6, label, size=LABEL, fill=TEXT, anchor="middle",
                    baseline="top")  # fmt: skip
    _legend(canvas, low.left + 6, low.top + 2 if score else PAD)
    if not points:
        middle = (low.top + low.bottom) / 2 if not score else PAD + (split - PAD) / 2
        canvas.text((left + low.right) / 2, middle, "No versions yet", size=FONT_SIZE,
                    fill=MUTED, anchor="middle", baseline="middle")  # fmt: skip
    return canvas


def _scores(
    canvas: draw.Canvas, top: Frame, points: Sequence[TrendPoint], primary: str, step: int
) -> None:
    """The diagnostic score at each version: a line, a break (and a cross) where a version
    could not be read, each labelled version's percentage above its point."""
    left = top.left
    for tick, label in SCORE_TICKS:
        y = top.y(tick)
        canvas.line([(left, y), (top.right, y)], stroke=GRID, stroke_width=0.6)
        canvas.text(left - 3.5, y, label, size=LABEL, fill=TEXT, anchor="end", baseline="middle")
    corner = [(left, top.top), (left, top.bottom), (top.right, top.bottom)]
    canvas.line(corner, stroke=LINE, stroke_width=0.8)
    canvas.text(PAD, (top.top + top.bottom) / 2, "Diagnostic score", size=FONT_SIZE, fill=TEXT,
                anchor="middle", baseline="top", upright=True)  # fmt: skip
    xs = list(range(len(points)))
    scores = [None if p.score is None else p.score * 100 for p in points]
    read = [(x, v) for x, v in zip(xs, scores, strict=True) if v is not None]
    if len(read) < len(points) and len(read) > 1:  # a dotted line across the gaps
        canvas.line([(top.x(x), top.y(v)) for x, v in read], stroke=primary, stroke_width=1.0,
                    dash=DASHES[":"])  # fmt: skip
    top.series(canvas, xs, scores, colour=primary, width=1.6)
    for x, p in zip(xs, points, strict=True):
        if p.score is None:
            canvas.marker(top.x(x), top.y(4), "x", 6.0, fill=MUTED)
        if x % step:
            continue  # too many versions to label each (the alt text gives them all)
        if p.score is None:
            canvas.text(top.x(x), top.y(9), "not\nreadable", size=7.0, fill=MUTED,
                        anchor="middle", baseline="bottom")  # fmt: skip
        else:
            canvas.text(top.x(x), top.y(p.score * 100 + 4), _percent(p.score), size=7.5,
                        fill=TEXT, anchor="middle", baseline="baseline")  # fmt: skip


def _bars(canvas: draw.Canvas, low: Frame, points: Sequence[TrendPoint], step: int) -> None:
    """Each version's open red risks and overdue actions, side by side, with their counts."""
    red = [0 if p.score is None else p.red_risks for p in points]
    late = [0 if p.score is None else p.overdue for p in points]
    xs = range(len(points))
    half = min(BAR * (low.x(1) - low.x(0)), MAX_BAR)
    for x, p, r, o in zip(xs, points, red, late, strict=True):
        for offset, count, colour in (
            (-half, r, RAG_COLOURS["red"]),
            (0.0, o, RAG_COLOURS["amber"]),
        ):
            x0 = low.x(x) + offset
            if count:
                canvas.rect(x0, low.y(count), half, low.bottom - low.y(count), fill=colour,
                            stroke=TEXT, stroke_width=0.6)  # fmt: skip
            if p.score is not None and x % step == 0:
                canvas.text(x0 + half / 2, low.y(count) - 1.5, str(count), size=7.0, fill=TEXT,
                            anchor="middle", baseline="bottom")  # fmt: skip


def _legend(canvas: draw.Canvas, x: float, top: float) -> None:
    """Open red risks, overdue actions: two swatches in one row."""
    swatch, gap = 2.0 * LABEL, 0.8 * LABEL
    middle = top + _line(LABEL) / 2
    for status, label in (("red", "Open red risks"), ("amber", "Overdue actions")):
        canvas.rect(x, middle - 0.35 * LABEL, swatch, 0.7 * LABEL, fill=RAG_COLOURS[status],
                    stroke=TEXT, stroke_width=0.6)  # fmt: skip
        box = canvas.text(x + swatch + gap, middle, label, size=LABEL, fill=TEXT,
                          baseline="middle")  # fmt: skip
        x = box.x1 + 2.0 * LABEL
