"""Drawing and writing: a figure in lws's style, saved as SVG with its title and description."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
from lws.core.fonts import bundled_font_files
from lws.publish.charts.style import FONT, FONT_SIZE, LINE, MUTED, TEXT, WHITE

#: Bump when a drawing changes, so that :func:`chart_key` invalidates every cached chart.
CHARTS_VERSION: Final = 8
#: Who drew a chart, written into its SVG.
CREATOR: Final = f"lws.charts {CHARTS_VERSION}"

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class Chart:
    """A drawn chart: write ``svg`` to ``<name>.svg``; use ``alt`` and ``caption`` beside it."""

    name: str  # file stem, e.g. "prioritisation"
    svg: bytes = field(repr=False)
    alt: str  # a complete textual description of what the chart shows
    caption: str


@dataclass(frozen=True)
class ChartText:
    """What a chart says, known before (and without) drawing it: its alt text and caption."""

    alt: str
    caption: str


@cache
def _register_fonts() -> None:
    """Make the bundled font known to matplotlib's font manager (once per process), and the
    only font of its name: a copy installed on the machine (``~/.fonts``, another version)
    would otherwise tie with it and, found first, draw the charts with other metrics."""
    from matplotlib import font_manager

    files = [str(path) for path in bundled_font_files()]
    names = {font_manager.ttfFontProperty(font_manager.get_font(f)).name for f in files}
    manager = font_manager.fontManager
    manager.ttflist = [f for f in manager.ttflist if f.name not in names]
    for file in files:
        manager.addfont(file)  # which also forgets what findfont answered before


@contextmanager
def _figure(name: str, width: float, height: float, *, constrained: bool) -> Iterator[Figure]:
    """A fresh figure with lws's style, its rc settings undone on exit."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    _register_fonts()
    with mpl.rc_context():
        mpl.rcdefaults()  # ignore any matplotlibrc: same data, same drawing
        mpl.rcParams.update(
            {
                "font.family": [FONT, "DejaVu Sans"],  # DejaVu for glyphs it lacks (→)
                "font.size": FONT_SIZE,
                "text.color": TEXT,
                "text.usetex": False,
                "text.parse_math": False,
                "axes.edgecolor": LINE,
                "axes.labelcolor": TEXT,
                "axes.labelsize": FONT_SIZE,
                "axes.spines.top": False,
                "axes.spines.right": False,
                "axes.linewidth": 0.8,
                "xtick.color": MUTED,
                "ytick.color": MUTED,
                "xtick.labelcolor": TEXT,
                "ytick.labelcolor": TEXT,
                "xtick.labelsize": FONT_SIZE - 0.5,
                "ytick.labelsize": FONT_SIZE - 0.5,
                "legend.fontsize": FONT_SIZE - 0.5,
                "legend.frameon": False,
                "svg.fonttype": "path",
                "svg.hashsalt": f"lws-{name}",
                "svg.id": None,
                "path.simplify": False,
            }
        )
        engine = ConstrainedLayoutEngine(w_pad=4 / 72, h_pad=4 / 72) if constrained else None
        figure = Figure(figsize=(width, height), layout=engine)
        FigureCanvasAgg(figure)
        yield figure


def _save(figure: Figure, name: str, alt: str, caption: str) -> Chart:
    """Write the figure as SVG, with the caption and alt text as its title and description."""
    buffer = io.BytesIO()
    figure.savefig(
        buffer,
        format="svg",
        metadata={"Date": None, "Creator": CREATOR},
        facecolor=WHITE,
    )
    svg = buffer.getvalue()
    start = svg.index(b"<svg")
    end = svg.index(b">", start) + 1
    title, desc = html.escape(caption, quote=False), html.escape(alt, quote=False)
    described = f"<title>{title}</title><desc>{desc}</desc>".encode()
    return Chart(name, svg[:end] + b"\n " + described + svg[end:], alt, caption)


def _check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ValueError(f"chart name {name!r} must be a plain file stem (letters, digits, -_.)")
    return name


def _no_data(ax: Axes, message: str, *, keep_axes: bool = False) -> None:
    """Say there is nothing to show, over the empty grid (``keep_axes``) or alone."""
    if not keep_axes:
        ax.set_axis_off()
    box = {"facecolor": WHITE, "edgecolor": "none", "pad": 4}
    ax.text(
        0.5, 0.5, message, ha="center", va="center", color=MUTED, transform=ax.transAxes, bbox=box
    )
