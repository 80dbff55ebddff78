"""Chart 1: the guide's prioritisation matrix of candidate solutions."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from lws.publish.charts import draw
from lws.publish.charts.frame import Frame
from lws.publish.charts.style import (
    ACCENT,
    FONT_SIZE,
    LINE,
    MUTED,
    PRIMARY,
    TEXT,
    WHITE,
    WIDTH_PT,
    _check_colour,
    _contrast,
    _ink,
    _mix,
)
from lws.publish.charts.svg import CREATOR, Chart, ChartText, _check_name
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

_CELL_PT: Final = 0.85 * 72  # one unit of the matrix, in points
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
        f"{_count(len(points), 'candidate solution')} by impact and do-ability; "
        f"{chosen} chosen (filled)."
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
    canvas = prioritisation_canvas(points, primary=primary, accent=accent, name=name)
    return Chart(name, canvas.svg(described.caption, described.alt, CREATOR), described.alt,
                 described.caption)  # fmt: skip


LABEL = FONT_SIZE - 0.5
HEIGHT: Final = 4.15 * 72
#: The matrix's square: 3.4 in across, its left edge 0.85 in and its foot 0.6 in from the
#: canvas's left and foot, so one unit is _CELL_PT points.
LEFT: Final = 0.85 * 72
TOP: Final = HEIGHT - 0.6 * 72 - 4 * _CELL_PT


def prioritisation_canvas(
    points: Sequence[PriorityPoint], *, primary: str, accent: str, name: str
) -> draw.Canvas:
    """:func:`prioritisation_matrix` drawn, before it is written (tests read its boxes)."""
    primary = _check_colour("primary", primary)
    accent = _check_colour("accent", accent)
    canvas = draw.Canvas(name, WIDTH_PT, HEIGHT)
    frame = Frame(LEFT, TOP, LEFT + 4 * _CELL_PT, TOP + 4 * _CELL_PT, (0.5, 4.5), (0.5, 4.5))
    strong, light = _mix(accent, 0.7), _mix(accent, 0.9)
    # A light brand colour gets a darker outline, so a chosen point stands out (3:1).
    outline = primary if _contrast(primary, light) >= 3 else _mix(primary, 0.45, TEXT)
    for x0, y0, colour in ((2.5, 4.5, strong), (0.5, 4.5, light), (2.5, 2.5, light)):
        canvas.rect(frame.x(x0), frame.y(y0), 2 * _CELL_PT, 2 * _CELL_PT, fill=colour)
    for at, colour in ((1.5, WHITE), (3.5, WHITE), (2.5, LINE)):
        canvas.line([(frame.x(at), frame.top), (frame.x(at), frame.bottom)], stroke=colour,
                    stroke_width=0.8)  # fmt: skip
        canvas.line([(frame.left, frame.y(at)), (frame.right, frame.y(at))], stroke=colour,
                    stroke_width=0.8)  # fmt: skip
    for n in range(1, 5):
        canvas.text(frame.x(n), frame.bottom + 4, str(n), size=LABEL, fill=TEXT,
                    anchor="middle", baseline="top")  # fmt: skip
        canvas.text(frame.left - 4, frame.y(n), str(n), size=LABEL, fill=TEXT, anchor="end",
                    baseline="central")  # fmt: skip
    ticks = draw.ascent(LABEL) + draw.descent(LABEL)
    canvas.text((frame.left + frame.right) / 2, frame.bottom + 4 + ticks + 6,
                "Do-ability (weak → strong)", size=FONT_SIZE, fill=TEXT, anchor="middle",
                baseline="top")  # fmt: skip
    widest = draw.width("4", LABEL)
    canvas.text(frame.left - 4 - widest - 6, (frame.top + frame.bottom) / 2,
                "Impact (low → high)", size=FONT_SIZE, fill=TEXT, anchor="middle",
                baseline="bottom", upright=True)  # fmt: skip
    for point, x, y, diameter in _matrix_positions(points):
        fill = primary if point.chosen else WHITE
        edge = outline if point.chosen else "#7f7f7f"
        ink = _ink(primary) if point.chosen else "#404040"
        canvas.circle(frame.x(x), frame.y(y), diameter / 2, fill=fill, stroke=edge,
                      stroke_width=1.2)  # fmt: skip
        digits = len(str(point.number))
        size = min(FONT_SIZE, diameter * (0.45 if digits <= 2 else 0.34))
        canvas.text(frame.x(x), frame.y(y), str(point.number), size=size, fill=ink,
                    anchor="middle", baseline="central", bold=True)  # fmt: skip
    if not points:
        message = "No candidate solutions yet"
        half = draw.width(message, FONT_SIZE) / 2 + 4
        middle = (frame.top + frame.bottom) / 2
        canvas.rect(frame.x(2.5) - half, middle - FONT_SIZE, 2 * half, 2 * FONT_SIZE, fill=WHITE)
        canvas.text(frame.x(2.5), middle, message, size=FONT_SIZE, fill=MUTED, anchor="middle",
                    baseline="middle")  # fmt: skip
    _legend(canvas, 4.5 * 72, HEIGHT - 3.9 * 72, primary, outline, strong)
    return canvas


def _legend(
    canvas: draw.Canvas, left: float, top: float, primary: str, outline: str, strong: str
) -> None:
    """Chosen, not chosen and the strongest quadrant, one under another."""
    handle, pad = 2.0 * FONT_SIZE, 0.6 * FONT_SIZE
    entries = ["Chosen", "Not chosen", "High impact,\nstrong do-ability"]
    y = top
    for index, label in enumerate(entries):
        lines = label.count("\n") + 1
        block = draw.ascent(FONT_SIZE) + draw.descent(FONT_SIZE) + FONT_SIZE * 1.2 * (lines - 1)
        middle = y + block / 2
        centre = left + handle / 2
        if index == 0:
            canvas.circle(centre, middle, 5.5, fill=primary, stroke=outline, stroke_width=1.0)
        elif index == 1:
            canvas.circle(centre, middle, 5.5, fill=WHITE, stroke="#7f7f7f", stroke_width=1.2)
        else:
            canvas.rect(left, middle - 0.35 * FONT_SIZE, handle, 0.7 * FONT_SIZE, fill=strong)
        canvas.text(left + handle + pad, middle, label, size=FONT_SIZE, fill=TEXT,
                    baseline="middle")  # fmt: skip
        y += block + 1.1 * FONT_SIZE
