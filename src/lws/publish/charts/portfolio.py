"""The region's charts (``lws portfolio``): diagnostic score by module per trust as a heat map,
and the criteria most often not met across the region.

Drawn like every lws chart (:mod:`lws.publish.charts`): pure data in, SVG bytes, alt text and
caption out. Every cell and bar carries its value as text, so colour is never the only cue;
the report puts a table of the same figures behind each chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lws.publish.charts.style import MUTED, PRIMARY, WIDTH_IN, _check_colour, _ink, _mix
from lws.publish.charts.svg import Chart, _figure, _save
from lws.publish.charts.text import _count, _percent, _sentence, _wrap

if TYPE_CHECKING:
    from matplotlib.patches import Rectangle

NA_FILL = "#f2f2f2"
ALT_ROWS = 20  # more trusts than this: the alt text points to the table instead of listing


@dataclass(frozen=True)
class TrustScores:
    """One row of the heat map: a trust and its score by module (None: not applicable)."""

    trust: str
    scores: tuple[tuple[int, float | None], ...]


@dataclass(frozen=True)
class CriterionCount:
    """How many trusts do not meet (or only partly meet) one criterion."""

    id: str
    not_met: int
    partly_met: int


def heat_colour(score: float, primary: str = PRIMARY) -> str:
    """The fill of a cell: pale for a low score, the brand colour for a full one."""
    return _mix(primary, 0.9 - 0.9 * score)


def _heat_alt(rows: Sequence[TrustScores], modules: Sequence[int]) -> str:
    head = (
        f"Heat map of the diagnostic score (0% to 100%) of {_count(len(rows), 'trust')} "
        f"by module ({', '.join(str(m) for m in modules)}); darker is higher."
    )
    if len(rows) > ALT_ROWS:
        return f"{head} Every figure is in the table that follows the chart."
    items = [
        f"{row.trust}: "
        + ", ".join(f"module {m} {'n/a' if s is None else _percent(s)}" for m, s in row.scores)
        for row in rows
    ]
    return " ".join([head, _sentence(items)]).strip()


def module_heat_map(
    rows: Sequence[TrustScores],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "portfolio-heat-map",
) -> Chart:
    """A grid of trusts (rows) by module (columns), each cell its score, labelled."""
    primary = _check_colour("primary", primary)
    modules = sorted({m for row in rows for m, _ in row.scores})
    caption = caption or "Diagnostic score by module for each trust (darker is higher)."
    height = 0.9 + 0.2 * max(len(rows), 1)
    with _figure(name, WIDTH_IN, height, constrained=True) as figure:
        ax = figure.add_subplot()
        for y, row in enumerate(rows):
            scores = dict(row.scores)
            for x, module in enumerate(modules):
                score = scores.get(module)
                fill = NA_FILL if score is None else heat_colour(score, primary)
                ax.add_patch(_cell(x, y, fill))
                label = "n/a" if score is None else _percent(score)
                ink = MUTED if score is None else _ink(fill)
                ax.text(x, y, label, ha="center", va="center", fontsize=6.5, color=ink)
        ax.set_xlim(-0.5, max(len(modules), 1) - 0.5)
        ax.set_ylim(max(len(rows), 1) - 0.5, -0.5)
        ax.set_xticks(range(len(modules)), [str(m) for m in modules])
        ax.set_yticks(range(len(rows)), [_wrap(row.trust, 28, 1) for row in rows])
        ax.xaxis.set_ticks_position("top")
        ax.xaxis.set_label_position("top")
        ax.set_xlabel("Module")
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return _save(figure, name, _heat_alt(rows, modules), caption)


def _cell(x: float, y: float, fill: str) -> Rectangle:
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.5, y - 0.5), 1, 1, facecolor=fill, edgecolor="#ffffff", linewidth=1)


def _criteria_alt(counts: Sequence[CriterionCount], trusts: int) -> str:
    head = (
        f"The {_count(len(counts), 'criterion', 'criteria')} most often not met across "
        f"{_count(trusts, 'trust')}, most first."
    )
    items = [f"{c.id}: not met by {c.not_met}, partly met by {c.partly_met}" for c in counts]
    return " ".join([head, _sentence(items)]).strip()


def criteria_not_met(
    counts: Sequence[CriterionCount],
    trusts: int,
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "portfolio-criteria",
) -> Chart:
    """Horizontal bars: for each criterion, the trusts not meeting it and partly meeting it."""
    primary = _check_colour("primary", primary)
    caption = caption or "The criteria most often not met across the region."
    with _figure(name, WIDTH_IN, 0.9 + 0.24 * max(len(counts), 1), constrained=True) as figure:
        ax = figure.add_subplot()
        ys = list(range(len(counts)))
        not_met = [c.not_met for c in counts]
        partly = [c.partly_met for c in counts]
        ax.barh(ys, not_met, color=primary, label="Not met")
        ax.barh(ys, partly, left=not_met, color=_mix(primary, 0.6), label="Partly met")
        for y, c in zip(ys, counts, strict=True):
            ax.text(
                c.not_met + c.partly_met + 0.2,
                y,
                f"{c.not_met} + {c.partly_met}",
                va="center",
                fontsize=7,
            )
        ax.set_yticks(ys, [c.id for c in counts])
        ax.set_ylim(max(len(counts), 1) - 0.5, -0.5)
        ax.set_xlim(0, max(trusts, 1) * 1.12)
        ax.set_xlabel("Trusts")
        ax.legend(loc="lower right")
        ax.tick_params(length=0)
        return _save(figure, name, _criteria_alt(counts, trusts), caption)
