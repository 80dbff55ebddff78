"""Chart 1: the guide's prioritisation matrix of candidate solutions."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lws.publish.charts.style import (
    ACCENT,
    FONT_SIZE,
    LINE,
    PRIMARY,
    TEXT,
    WHITE,
    WIDTH_IN,
    _check_colour,
    _contrast,
    _ink,
    _mix,
)
from lws.publish.charts.svg import Chart, ChartText, _check_name, _figure, _no_data, _save
from lws.publish.charts.text import _clean, _count, _named, _sentence


@dataclass(frozen=True)
class PriorityPoint:
    """One candidate solution on the prioritisation matrix (``prioritisation.yaml``)."""

    number: int  # its number on the matrix
    impact: int  # 1 (low) to 4 (high)
    doability: int  # 1 (weak) to 4 (strong)
    chosen: bool
    label: str = ""  # the solution's name, for the alt text


# -- 1. prioritisation matrix ----------------------------------------------------------------

_CELL_PT: Final = 0.85 * 72  # one unit of the matrix, in points (see the axes' size below)
_MARKER_PT: Final = 19.0  # diameter of a candidate's circle


def _spread(count: int) -> tuple[list[tuple[float, float]], float]:
    """Offsets, in matrix units, of ``count`` points that share a cell, and their diameter in
    points.

    Points are laid out on a small centred grid, row by row, so none covers another; up to
    four keep the full size, more shrink to fit the cell.
    """
    across = math.ceil(math.sqrt(count))
    rows = math.ceil(count / across)
    step = 0.34 if across <= 2 else 0.86 / across
    offsets = []
    for index in range(count):
        row, col = divmod(index, across)
        in_row = min(across, count - row * across)
        offsets.append(((col - (in_row - 1) / 2) * step, ((rows - 1) / 2 - row) * step))
    return offsets, min(_MARKER_PT, 0.88 * step * _CELL_PT)


def _matrix_positions(
    points: Sequence[PriorityPoint],
) -> list[tuple[PriorityPoint, float, float, float]]:
    """Each point with its drawn x (do-ability), y (impact) and diameter, sorted by number."""
    cells: dict[tuple[int, int], list[PriorityPoint]] = defaultdict(list)
    for point in sorted(points, key=lambda p: (p.number, p.label, p.chosen)):
        cells[(point.doability, point.impact)].append(point)
    placed = []
    for (x, y), members in sorted(cells.items()):
        offsets, diameter = _spread(len(members))
        for point, (dx, dy) in zip(members, offsets, strict=True):
            placed.append((point, x + dx, y + dy, diameter))
    return sorted(placed, key=lambda item: (item[0].number, item[1], item[2]))


def _prioritisation_alt(points: Sequence[PriorityPoint]) -> str:
    head = (
        f"Prioritisation matrix of {_count(len(points), 'candidate solution')}: impact from "
        "1 (low) to 4 (high) against do-ability from 1 (weak) to 4 (strong)."
    )
    if not points:
        return "Prioritisation matrix: no candidate solutions yet."
    ordered = sorted(points, key=lambda p: p.number)
    parts = [head]
    for chosen, word in ((True, "Chosen"), (False, "Not chosen")):
        items = [
            f"{_named(str(p.number), _clean(p.label))} "
            f"(impact {p.impact}, do-ability {p.doability})"
            for p in ordered
            if p.chosen is chosen
        ]
        parts.append(f"{word} ({len(items)}): " + (_sentence(items) if items else "none."))
    return " ".join(parts)


def prioritisation_matrix_text(
    points: Sequence[PriorityPoint],
    *,
    primary: str = PRIMARY,
    accent: str = ACCENT,
    caption: str | None = None,
    name: str = "prioritisation",
) -> ChartText:
    """:func:`prioritisation_matrix`'s alt text and caption, without drawing (inputs checked)."""
    _check_colour("primary", primary)
    _check_colour("accent", accent)
    _check_name(name)
    for point in points:
        if not (1 <= point.impact <= 4 and 1 <= point.doability <= 4):
            raise ValueError(f"candidate {point.number}: impact and do-ability must be 1 to 4")
    chosen = sum(1 for p in points if p.chosen)
    caption = caption or (
        f"Prioritisation matrix: {_count(len(points), 'candidate solution')} by impact and "
        f"do-ability; {chosen} chosen (filled)."
    )
    return ChartText(_prioritisation_alt(points), caption)


def prioritisation_matrix(
    points: Sequence[PriorityPoint],
    *,
    primary: str = PRIMARY,
    accent: str = ACCENT,
    caption: str | None = None,
    name: str = "prioritisation",
) -> Chart:
    """The guide's prioritisation matrix: impact (y) against do-ability (x), both 1–4.

    Each candidate is a circle with its number: chosen ones filled in ``primary``, the others
    hollow and grey. The quadrant of high impact and strong do-ability is tinted with
    ``accent``. Candidates that share a cell are set side by side, never on top of each other.
    """
    described = prioritisation_matrix_text(
        points, primary=primary, accent=accent, caption=caption, name=name
    )
    primary = _check_colour("primary", primary)
    accent = _check_colour("accent", accent)
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    height = 4.15
    with _figure(name, WIDTH_IN, height, constrained=False) as figure:
        # Fixed geometry: 3.4 in square axes, so one unit is _CELL_PT points.
        ax = figure.add_axes((0.85 / WIDTH_IN, 0.6 / height, 3.4 / WIDTH_IN, 3.4 / height))
        strong, light = _mix(accent, 0.7), _mix(accent, 0.9)
        # A light brand colour gets a darker outline, so a chosen point stands out (3:1).
        outline = primary if _contrast(primary, light) >= 3 else _mix(primary, 0.45, TEXT)
        for x0, y0, colour in ((2.5, 2.5, strong), (0.5, 2.5, light), (2.5, 0.5, light)):
            ax.add_patch(Rectangle((x0, y0), 2, 2, facecolor=colour, edgecolor="none", zorder=0))
        for at in (1.5, 3.5):
            ax.axvline(at, color=WHITE, linewidth=0.8, zorder=1)
            ax.axhline(at, color=WHITE, linewidth=0.8, zorder=1)
        ax.axvline(2.5, color=LINE, linewidth=0.8, zorder=1)
        ax.axhline(2.5, color=LINE, linewidth=0.8, zorder=1)
        ax.set_xlim(0.5, 4.5)
        ax.set_ylim(0.5, 4.5)
        ax.set_aspect("equal")
        ax.set_xticks([1, 2, 3, 4])
        ax.set_yticks([1, 2, 3, 4])
        ax.tick_params(length=0, pad=4)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel("Do-ability (weak → strong)", labelpad=6)
        ax.set_ylabel("Impact (low → high)", labelpad=6)
        for point, x, y, diameter in _matrix_positions(points):
            fill = primary if point.chosen else WHITE
            edge = outline if point.chosen else "#7f7f7f"
            ink = _ink(primary) if point.chosen else "#404040"
            ax.scatter(
                [x], [y], s=diameter**2, c=[fill], edgecolors=[edge], linewidths=1.2, zorder=3
            )
            digits = len(str(point.number))
            fontsize = min(FONT_SIZE, diameter * (0.45 if digits <= 2 else 0.34))
            ax.text(
                x,
                y,
                str(point.number),
                ha="center",
                va="center_baseline",
                fontsize=fontsize,
                color=ink,
                fontweight="bold",
                zorder=4,
            )
        if not points:
            _no_data(ax, "No candidate solutions yet", keep_axes=True)
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=11,
                markerfacecolor=primary,
                markeredgecolor=outline,
                label="Chosen",
            ),
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=11,
                markerfacecolor=WHITE,
                markeredgecolor="#7f7f7f",
                markeredgewidth=1.2,
                label="Not chosen",
            ),
            Rectangle((0, 0), 1, 1, facecolor=strong, label="High impact,\nstrong do-ability"),
        ]
        figure.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(4.5 / WIDTH_IN, 3.9 / height),
            labelspacing=1.1,
            handletextpad=0.6,
            borderaxespad=0,
        )
        return _save(figure, name, described.alt, described.caption)
