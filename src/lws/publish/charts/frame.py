"""A plotting area on a :class:`~lws.publish.charts.draw.Canvas`: data to points, axes, grid."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from lws.publish.charts import draw
from lws.publish.charts.style import LINE, TEXT

GRID = "#e6e6e6"
#: matplotlib's dash patterns, in multiples of the line width.
DASHES: dict[str, tuple[float, ...]] = {"-": (), "--": (3.7, 1.6), ":": (1.0, 1.65)}


@dataclass(frozen=True)
class Frame:
    """The plotting area ``left``…``right`` × ``top``…``bottom`` (points) showing data from
    ``xlim`` and ``ylim``."""

    left: float
    top: float
    right: float
    bottom: float
    xlim: tuple[float, float]
    ylim: tuple[float, float]

    def x(self, value: float) -> float:
        low, high = self.xlim
        return self.left + (value - low) / ((high - low) or 1.0) * (self.right - self.left)

    def y(self, value: float) -> float:
        low, high = self.ylim
        return self.bottom - (value - low) / ((high - low) or 1.0) * (self.bottom - self.top)

    def axes(
        self, canvas: draw.Canvas, yticks: Sequence[float], *, size: float, grid: bool = True
    ) -> float:
        """Grid lines and labels at ``yticks``, the left and bottom axis lines; returns the
        left edge of the widest tick label."""
        labels = draw.tick_labels(yticks)
        edge = self.left
        for value, label in zip(yticks, labels, strict=True):
            y = self.y(value)
            if grid:
                canvas.line([(self.left, y), (self.right, y)], stroke=GRID, stroke_width=0.6)
            box = canvas.text(
                self.left - 3.5, y, label, size=size, fill=TEXT, anchor="end", baseline="middle"
            )
            edge = min(edge, box.x0)
        canvas.line(
            [(self.left, self.top), (self.left, self.bottom)], stroke=LINE, stroke_width=0.8
        )
        canvas.line(
            [(self.left, self.bottom), (self.right, self.bottom)], stroke=LINE, stroke_width=0.8
        )
        return edge

    def series(
        self,
        canvas: draw.Canvas,
        xs: Sequence[float],
        ys: Sequence[float | None],
        *,
        colour: str,
        width: float,
        style: str = "-",
        marker: str = "o",
        marker_size: float = 4.0,
    ) -> None:
        """A line through the known points (a gap at each None), a marker on each."""
        run: list[tuple[float, float]] = []
        runs = [run]
        for x, y in zip(xs, ys, strict=True):
            if y is None or not math.isfinite(y):
                run = []
                runs.append(run)
            else:
                run.append((self.x(x), self.y(y)))
        for points in runs:
            canvas.line(points, stroke=colour, stroke_width=width, dash=DASHES[style])
        for points in runs:
            for px, py in points:  # matplotlib's size, plus its 1 pt edge in the same colour
                canvas.marker(px, py, marker, marker_size + 1.0, fill=colour)


def y_scale(values: Sequence[float], *, headroom: float = 1.25) -> tuple[float, float]:
    """The y range of a panel: from 0 (or the lowest value, if negative) to the highest value
    with ``headroom``, 0–1 if there is nothing to show."""
    low = min(0.0, *values) if values else 0.0
    high = max(values, default=1.0) * headroom
    if high <= low:
        high = low + 1.0
    return low, high


def tick_count(length: float, size: float) -> int:
    """How many intervals fit on a y axis ``length`` points long (matplotlib's rule: one per
    two label heights, between 2 and 9)."""
    return max(2, min(9, int(length / (size * 2.0))))
