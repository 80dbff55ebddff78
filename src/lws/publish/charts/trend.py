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
from lws.publish.charts.style import MUTED, PRIMARY, TEXT, WIDTH_IN, _check_colour
from lws.publish.charts.svg import Chart, ChartText, _check_name, _figure, _save
from lws.publish.charts.text import _clean, _percent, _sentence, _wrap

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


def _alt(points: Sequence[TrendPoint]) -> str:
    head = (
        f"Diagnostic score (0% to 100%), open red risks and overdue actions at each of "
        f"{len(points)} versions, oldest first."
    )
    items = [
        f"{p.label} ({p.date}): not readable"
        if p.score is None
        else f"{p.label} ({p.date}): score {_percent(p.score)}, "
        f"{p.red_risks} open red risks, {p.overdue} overdue actions"
        for p in points
    ]
    return " ".join([head, _sentence(items)]).strip()


def strategy_trend_text(
    points: Sequence[TrendPoint],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "trend",
) -> ChartText:
    """:func:`strategy_trend`'s alt text and caption, without drawing (its inputs checked)."""
    _check_colour("primary", primary)
    _check_name(name)
    for p in points:
        if p.score is not None and not 0.0 <= p.score <= 1.0:
            raise ValueError(f"{p.label}: score {p.score!r} must be a fraction 0.0–1.0")
    caption = caption or (
        "How this strategy has moved: the diagnostic score, open red risks and overdue "
        "actions at each version."
    )
    return ChartText(_alt(points), caption)


def strategy_trend(
    points: Sequence[TrendPoint],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "trend",
) -> Chart:
    """A line of the score over the versions, with bars of red risks and overdue actions."""
    described = strategy_trend_text(points, primary=primary, caption=caption, name=name)
    primary = _check_colour("primary", primary)
    with _figure(name, WIDTH_IN, 4.2, constrained=True) as figure:
        top, bottom = figure.subplots(
            2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]}, squeeze=True
        )
        xs = list(range(len(points)))
        scores = [math.nan if p.score is None else p.score * 100 for p in points]
        read = [(x, s) for x, s in zip(xs, scores, strict=True) if not math.isnan(s)]
        if len(read) < len(points):  # a dotted line across the gaps, under the solid one
            top.plot(*zip(*read, strict=True), color=primary, linestyle=":", linewidth=1.0)
        top.plot(xs, scores, color=primary, marker="o", markersize=4, linewidth=1.6)
        for x, p in zip(xs, points, strict=True):
            if p.score is None:
                top.plot([x], [4], marker="x", color=MUTED, markersize=6)
                top.text(x, 9, "not\nreadable", ha="center", va="bottom", fontsize=7, color=MUTED)
            else:
                top.text(x, p.score * 100 + 4, _percent(p.score), ha="center", fontsize=7.5)
        top.set_ylim(0, 112)
        top.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        top.set_ylabel("Diagnostic score")
        top.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        top.set_axisbelow(True)
        top.tick_params(length=0)
        width = 0.36
        red = [0 if p.score is None else p.red_risks for p in points]
        late = [0 if p.score is None else p.overdue for p in points]
        left = [x - width / 2 for x in xs]
        right = [x + width / 2 for x in xs]
        bottom.bar(left, red, width=width, color=RAG_COLOURS["red"], label="Open red risks")
        bottom.bar(right, late, width=width, color=RAG_COLOURS["amber"], label="Overdue actions")
        for x, p in zip(xs, points, strict=True):
            if p.score is None:
                continue
            for offset, count in ((-width / 2, p.red_risks), (width / 2, p.overdue)):
                bottom.text(x + offset, count, str(count), ha="center", va="bottom", fontsize=7)
        highest = max([*red, *late, 1])
        bottom.set_ylim(0, highest * 1.3 + 0.5)
        bottom.set_ylabel("Count")
        bottom.legend(loc="upper left", ncols=2, labelcolor=TEXT)
        bottom.tick_params(length=0)
        step = max(1, math.ceil(len(points) / MAX_LABELS))
        bottom.set_xticks(
            xs,
            [_wrap(_clean(p.label), 14, 2) if i % step == 0 else "" for i, p in enumerate(points)],
        )
        bottom.set_xlim(-0.6, max(len(points), 1) - 0.4)
        if not points:
            top.text(0, 50, "No versions yet", ha="center", color=MUTED)
        return _save(figure, name, described.alt, described.caption)
