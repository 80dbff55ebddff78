"""The strategy's charts, drawn as SVG from plain data.

Every chart is a pure function from the dataclasses below (never the YAML documents) to a
:class:`Chart`: the SVG bytes, an alt text that describes every point, cell or bar with its
value (for screen readers, and for formats without images), and a caption.

Design decisions:

* **matplotlib is imported lazily**, inside the drawing functions only: importing it costs
  0.3–0.8 s, and the build redraws a chart only when :func:`chart_key` of its inputs changed.
  Importing this module (and calling :func:`chart_key`, :func:`risk_band`…) never imports it.
* **No global state.** Each chart is a :class:`matplotlib.figure.Figure` with an Agg canvas,
  never pyplot; the rc settings are applied from matplotlib's built-in defaults (a user's
  ``matplotlibrc`` cannot change the output) inside ``rc_context``, which restores them.
* **Same data, same bytes**: no date in the metadata, a fixed ``svg.hashsalt`` (the chart's
  name, so two charts inlined in one page would not share clip-path ids) and the DejaVu Sans
  that matplotlib ships (its font manager prefers that copy to a system one). The bytes
  depend on the matplotlib version, which :func:`chart_key` therefore includes.
* **Text as paths** (``svg.fonttype: path``). With ``none`` the SVG only names a font, and
  each renderer resolves it from what its machine has: a reader's browser (Pandoc embeds the
  SVG as an ``<img>``, which cannot load web fonts), ``rsvg-convert`` (the PNG fallback Pandoc
  puts in DOCX) and Typst (its own and the system's fonts). Where DejaVu Sans is missing each
  substitutes another font with other widths, and labels overflow the cells laid out for
  DejaVu. As paths the chart looks the same in all three, whatever is installed. The text
  stays accessible through the alt text and the SVG's ``<title>`` and ``<desc>``; each label
  is also kept, escaped, in an XML comment beside its glyphs.
* **Author text is never markup**: mathtext and TeX are off (``text.parse_math: False``), so
  ``$x$`` is drawn as typed; characters that XML forbids are dropped; long labels are
  wrapped and shortened with "…" (the alt text keeps them whole).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import math
import re
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Bump when a drawing changes, so that :func:`chart_key` invalidates every cached chart.
CHARTS_VERSION: Final = 1

#: Default brand colours (``publication.yaml`` ``brand.colours`` overrides them).
PRIMARY: Final = "#1d4f91"
ACCENT: Final = "#f2a900"

#: Width of every chart: the text width of A4 with 25 mm margins (160 mm), so the SVG's
#: natural size is its printed size and 9 pt text stays 9 pt on paper.
WIDTH_IN: Final = 160 / 25.4
FONT: Final = "DejaVu Sans"
FONT_SIZE: Final = 9.0

TEXT: Final = "#1a1a1a"
MUTED: Final = "#595959"  # 7:1 on white
LINE: Final = "#bfbfbf"
WHITE: Final = "#ffffff"

# -- the guide's scales --------------------------------------------------------------------

#: Template 12, probability (likelihood of occurrence), 1 to 5.
PROBABILITY_LABELS: Final = ("rare", "possible", "likely", "probable", "almost certain")
#: Template 12, impact (most likely impact, if in doubt grade up), 1 to 5.
IMPACT_LABELS: Final = ("insignificant", "minor", "moderate", "major", "catastrophic")

#: A risk's score is probability × impact (1–25). HIGH from this score up…
RISK_HIGH_MIN: Final = 15
#: …MEDIUM from this one up to RISK_HIGH_MIN − 1, LOW below it.
RISK_MEDIUM_MIN: Final = 6


@dataclass(frozen=True)
class RiskBand:
    """One band of template 12's risk matrix, with the guide's advice and its colour."""

    name: str  # HIGH, MEDIUM or LOW
    low: int  # lowest score in the band
    high: int  # highest score in the band
    action: str  # the guide's words for what to do
    colour: str


#: Bands from the highest down. The guide names them (HIGH – plan immediate action, MEDIUM –
#: review closely, LOW – limited action, long term plans) without the score limits; these
#: put 3×5, 4×4 and above in HIGH and a rare or insignificant risk (a 1 on either scale)
#: in LOW whatever the other scale says.
RISK_BANDS: Final = (
    RiskBand("HIGH", RISK_HIGH_MIN, 25, "plan immediate action", "#ef9a80"),
    RiskBand("MEDIUM", RISK_MEDIUM_MIN, RISK_HIGH_MIN - 1, "review closely", "#fbd87f"),
    RiskBand("LOW", 1, RISK_MEDIUM_MIN - 1, "limited action, long term plans", "#b7dfc3"),
)

#: Action statuses (the ``rag`` rule of the schema), in the order they are stacked.
RAG_STATUSES: Final = ("red", "amber", "green", "not_yet_started", "complete")
RAG_LABELS: Final[Mapping[str, str]] = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "not_yet_started": "Not yet started",
    "complete": "Complete",
}
#: Distinguishable with the common colour-vision deficiencies (after Okabe and Ito): they
#: differ in lightness as well as hue, and every segment carries its count.
RAG_COLOURS: Final[Mapping[str, str]] = {
    "red": "#c8371d",
    "amber": "#f2b134",
    "green": "#009e73",
    "not_yet_started": "#b3b3b3",
    "complete": "#0072b2",
}

#: Ratings of the initiatives × priorities matrix (the ``hml`` rule of the schema).
IMPACT_RATINGS: Final = ("high", "medium", "low")


# -- values ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A drawn chart: write ``svg`` to ``<name>.svg``; use ``alt`` and ``caption`` beside it."""

    name: str  # file stem, e.g. "prioritisation"
    svg: bytes = field(repr=False)
    alt: str  # a complete textual description of what the chart shows
    caption: str


@dataclass(frozen=True)
class PriorityPoint:
    """One candidate solution on the prioritisation matrix (``prioritisation.yaml``)."""

    number: int  # its number on the matrix
    impact: int  # 1 (low) to 4 (high)
    doability: int  # 1 (weak) to 4 (strong)
    chosen: bool
    label: str = ""  # the solution's name, for the alt text


@dataclass(frozen=True)
class RiskPoint:
    """One risk of the register (``risks.yaml``)."""

    id: str
    probability: int  # 1 rare … 5 almost certain
    impact: int  # 1 insignificant … 5 catastrophic
    title: str = ""

    @property
    def score(self) -> int:
        return risk_score(self.probability, self.impact)


@dataclass(frozen=True)
class ThemeRag:
    """How many actions of one strategic theme are at each RAG status."""

    theme: str  # the theme's title
    red: int = 0
    amber: int = 0
    green: int = 0
    not_yet_started: int = 0
    complete: int = 0

    @classmethod
    def from_statuses(cls, theme: str, statuses: Iterable[str]) -> ThemeRag:
        """Count the ``rag`` values of a theme's actions."""
        counts = dict.fromkeys(RAG_STATUSES, 0)
        for status in statuses:
            if status not in counts:
                raise ValueError(f"unknown RAG status {status!r}; expected one of {RAG_STATUSES}")
            counts[status] += 1
        return cls(theme, **counts)

    def counts(self) -> tuple[int, ...]:
        """The counts in the order of :data:`RAG_STATUSES`."""
        return tuple(getattr(self, status) for status in RAG_STATUSES)

    @property
    def total(self) -> int:
        return sum(self.counts())


# -- shared helpers ----------------------------------------------------------------------------

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# Characters XML 1.0 forbids (matplotlib writes each label into a comment), and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Author text as one line of drawable characters."""
    return " ".join(_NOT_XML.sub("", text).split())


def _wrap(text: str, width: int, max_lines: int = 3) -> str:
    """Wrap a label to ``width`` characters, at most ``max_lines`` lines (then "…")."""
    lines = textwrap.wrap(
        _clean(text), width, max_lines=max_lines, placeholder=" …", break_on_hyphens=False
    )
    return "\n".join(lines) if lines else ""


def _check_colour(name: str, value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"{name} must be a colour written #RRGGBB, not {value!r}")
    return value.lower()


def _rgb(colour: str) -> tuple[float, float, float]:
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def _mix(colour: str, amount: float, other: str = WHITE) -> str:
    """``colour`` blended towards ``other``: 0 keeps it, 1 gives ``other``."""
    mixed = (a + (b - a) * amount for a, b in zip(_rgb(colour), _rgb(other), strict=True))
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


def _luminance(colour: str) -> float:
    """WCAG relative luminance."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _ink(background: str) -> str:
    """Black or white text, whichever contrasts more with ``background``."""
    return WHITE if _contrast(background, WHITE) >= _contrast(background, TEXT) else TEXT


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that puts R2 before R10."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(p), "") if p.isdecimal() else (1, 0, p) for p in parts if p)


def _count(number: int, one: str, many: str = "") -> str:
    """``1 risk``, ``2 risks``."""
    return f"{number} {one if number == 1 else many or one + 's'}"


def _percent(score: float) -> str:
    return f"{score * 100:.0f}%"


def _named(label: str, name: str) -> str:
    return f"{label} {name}" if name else label


def _sentence(items: Sequence[str]) -> str:
    return "; ".join(items) + "." if items else ""


@contextmanager
def _figure(name: str, width: float, height: float, *, constrained: bool) -> Iterator[Figure]:
    """A fresh figure with lws's style, its rc settings undone on exit."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    with mpl.rc_context():
        mpl.rcdefaults()  # ignore any matplotlibrc: same data, same drawing
        mpl.rcParams.update(
            {
                "font.family": [FONT],
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
        metadata={"Date": None, "Creator": f"lws.charts {CHARTS_VERSION}"},
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
    primary = _check_colour("primary", primary)
    accent = _check_colour("accent", accent)
    name = _check_name(name)
    for point in points:
        if not (1 <= point.impact <= 4 and 1 <= point.doability <= 4):
            raise ValueError(f"candidate {point.number}: impact and do-ability must be 1 to 4")
    chosen = sum(1 for p in points if p.chosen)
    caption = caption or (
        f"Prioritisation matrix: {_count(len(points), 'candidate solution')} by impact and "
        f"do-ability; {chosen} chosen (filled)."
    )
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
        return _save(figure, name, _prioritisation_alt(points), caption)


# -- 2. risk heat map -------------------------------------------------------------------------


def risk_score(probability: int, impact: int) -> int:
    """Template 12's score: probability × impact, each 1–5."""
    if not (1 <= probability <= 5 and 1 <= impact <= 5):
        raise ValueError(f"probability and impact must be 1 to 5, not {probability}, {impact}")
    return probability * impact


def risk_band(probability: int, impact: int) -> RiskBand:
    """The band (HIGH, MEDIUM or LOW) of a risk of this probability and impact."""
    score = risk_score(probability, impact)
    return next(band for band in RISK_BANDS if band.low <= score <= band.high)


def _cell_ids(ids: Sequence[str], width: int, max_lines: int) -> tuple[str, bool]:
    """The ids of a cell's risks wrapped to ``width`` characters, and whether all fit in
    ``max_lines`` lines (if not, the last line says "+N more")."""
    lines: list[list[str]] = [[]]
    for risk_id in ids:
        shown = risk_id if len(risk_id) <= width else risk_id[: width - 1] + "…"
        if lines[-1] and len(", ".join([*lines[-1], shown])) + 1 > width:
            lines.append([])
        lines[-1].append(shown)
    complete = len(lines) <= max_lines
    if not complete:
        lines = lines[: max_lines - 1]
        lines.append([f"+{len(ids) - sum(len(line) for line in lines)} more"])
    return ",\n".join(", ".join(line) for line in lines), complete


def _cell_label(ids: Sequence[str]) -> tuple[str, float]:
    """A cell's ids and their font size: smaller when many share the cell."""
    text, complete = _cell_ids(ids, 13, 3)
    return (text, 8.5) if complete else (_cell_ids(ids, 15, 4)[0], 7.0)


def _risk_alt(risks: Sequence[RiskPoint]) -> str:
    bands = ", ".join(f"{b.name} {b.low}–{b.high} ({b.action})" for b in RISK_BANDS)
    head = (
        f"Risk heat map of {_count(len(risks), 'risk')} on template 12's 5 × 5 matrix: "
        f"probability from 1 ({PROBABILITY_LABELS[0]}) to 5 ({PROBABILITY_LABELS[-1]}) against "
        f"impact from 1 ({IMPACT_LABELS[0]}) to 5 ({IMPACT_LABELS[-1]}). "
        "Score = probability × impact; "
        f"bands: {bands}."
    )
    parts = [head]
    ordered = sorted(risks, key=lambda r: (-r.score, _natural(r.id)))
    for band in RISK_BANDS:
        items = [
            f"{_named(_clean(r.id), _clean(r.title))} (probability {r.probability} "
            f"{PROBABILITY_LABELS[r.probability - 1]}, impact {r.impact} "
            f"{IMPACT_LABELS[r.impact - 1]}, score {r.score})"
            for r in ordered
            if band.low <= r.score <= band.high
        ]
        parts.append(f"{band.name} ({len(items)}): " + (_sentence(items) if items else "none."))
    return " ".join(parts)


def risk_heat_map(
    risks: Sequence[RiskPoint], *, caption: str | None = None, name: str = "risks"
) -> Chart:
    """Template 12's 5 × 5 matrix: probability (rows) by impact (columns), cells coloured by
    band (:data:`RISK_BANDS`), each risk's id written in its cell."""
    name = _check_name(name)
    for risk in risks:
        risk_score(risk.probability, risk.impact)  # validates
    caption = caption or (
        f"Risk heat map: {_count(len(risks), 'risk')} by probability and impact "
        f"(HIGH score {RISK_HIGH_MIN} or more, MEDIUM {RISK_MEDIUM_MIN}–{RISK_HIGH_MIN - 1}, "
        f"LOW {RISK_MEDIUM_MIN - 1} or less)."
    )
    from matplotlib.patches import Rectangle

    by_cell: dict[tuple[int, int], list[str]] = defaultdict(list)
    for risk in sorted(risks, key=lambda r: _natural(r.id)):
        by_cell[(risk.impact, risk.probability)].append(_clean(risk.id))
    with _figure(name, WIDTH_IN, 4.3, constrained=True) as figure:
        ax = figure.add_subplot()
        for impact in range(1, 6):
            for probability in range(1, 6):
                band = risk_band(probability, impact)
                ax.add_patch(
                    Rectangle(
                        (impact - 0.5, probability - 0.5),
                        1,
                        1,
                        facecolor=band.colour,
                        edgecolor=WHITE,
                        linewidth=2,
                    )
                )
                ax.text(
                    impact + 0.44,
                    probability + 0.42,
                    str(probability * impact),
                    ha="right",
                    va="top",
                    fontsize=6.5,
                    color="#4d4d4d",
                )
                ids = by_cell.get((impact, probability))
                if ids:
                    text, size = _cell_label(ids)
                    ax.text(
                        impact,
                        probability - 0.08,
                        text,
                        ha="center",
                        va="center",
                        fontsize=size,
                        linespacing=1.3,
                    )
        ax.set_xlim(0.5, 5.5)
        ax.set_ylim(0.5, 5.5)
        ax.set_xticks(range(1, 6), [f"{word}\n{n}" for n, word in enumerate(IMPACT_LABELS, 1)])
        ax.set_yticks(range(1, 6), [f"{word} {n}" for n, word in enumerate(PROBABILITY_LABELS, 1)])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel("Impact (most likely impact; if in doubt grade up)")
        ax.set_ylabel("Probability (likelihood of occurrence)")
        handles = [
            Rectangle(
                (0, 0), 1, 1, facecolor=b.colour, label=f"{b.name} ({b.low}–{b.high})\n{b.action}"
            )
            for b in RISK_BANDS
        ]
        figure.legend(handles=handles, loc="outside lower center", ncols=3, columnspacing=1.6)
        return _save(figure, name, _risk_alt(risks), caption)


# -- 3. RAG status by theme -------------------------------------------------------------------


def _rag_alt(themes: Sequence[ThemeRag]) -> str:
    total = sum(t.total for t in themes)
    head = (
        f"Actions by RAG status for each of {_count(len(themes), 'strategic theme')} "
        f"({_count(total, 'action')} in all)."
    )
    items = []
    for theme in themes:
        counts = [
            f"{count} {RAG_LABELS[status].lower()}"
            for status, count in zip(RAG_STATUSES, theme.counts(), strict=True)
            if count
        ]
        detail = (
            f"{_count(theme.total, 'action')}: " + ", ".join(counts) if counts else "no actions"
        )
        items.append(f"{_clean(theme.theme)}: {detail}")
    return " ".join([head, _sentence(items)]).strip()


def rag_by_theme(
    themes: Sequence[ThemeRag],
    *,
    colours: Mapping[str, str] = RAG_COLOURS,
    caption: str | None = None,
    name: str = "rag-by-theme",
) -> Chart:
    """Horizontal stacked bars: how many actions of each theme are at each RAG status.

    Every segment is labelled with its count when it is wide enough to hold it; each bar ends
    with its total. ``colours`` maps each status of :data:`RAG_STATUSES` to a colour.
    """
    name = _check_name(name)
    palette = {status: _check_colour(status, colours[status]) for status in RAG_STATUSES}
    for theme in themes:
        if min(theme.counts()) < 0:
            raise ValueError(f"theme {theme.theme!r}: counts cannot be negative")
    caption = caption or "Progress of the action plan: actions by RAG status for each theme."
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import MaxNLocator

    wrapped = [_wrap(t.theme, 26) for t in themes]
    rows = [max(1, label.count("\n") + 1) for label in wrapped]
    row_in = [0.22 + 0.16 * lines for lines in rows]
    height = 1.15 + sum(row_in)
    with _figure(name, WIDTH_IN, height, constrained=True) as figure:
        ax = figure.add_subplot()
        # Rows are spaced by their label's height, first theme at the top.
        centres, y = [], 0.0
        for size in row_in:
            centres.append(-(y + size / 2))
            y += size
        widest = max((t.total for t in themes), default=0)
        span = max(widest, 1) * 1.08
        for status in RAG_STATUSES:
            counts = [getattr(t, status) for t in themes]
            lefts = [
                sum(getattr(t, s) for s in RAG_STATUSES[: RAG_STATUSES.index(status)])
                for t in themes
            ]
            bars = ax.barh(
                centres,
                counts,
                left=lefts,
                height=0.3,
                color=palette[status],
                edgecolor=WHITE,
                linewidth=0.8,
                label=RAG_LABELS[status],
            )
            labels = [str(c) if c and c / span >= 0.028 * len(str(c)) else "" for c in counts]
            ax.bar_label(
                bars, labels=labels, label_type="center", fontsize=8, color=_ink(palette[status])
            )
        for centre, theme in zip(centres, themes, strict=True):
            ax.text(
                theme.total + span * 0.012,
                centre,
                str(theme.total),
                va="center",
                ha="left",
                fontsize=8,
                color=MUTED,
            )
        ax.set_yticks(centres, wrapped)
        ax.set_ylim(-max(y, 0.5), 0)
        ax.set_xlim(0, span)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        ax.grid(axis="x", color="#e6e6e6", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("Number of actions")
        if not themes:
            _no_data(ax, "No strategic themes yet")
        else:
            handles = [
                Rectangle((0, 0), 1, 1, facecolor=palette[s], label=RAG_LABELS[s])
                for s in RAG_STATUSES
            ]
            figure.legend(
                handles=handles,
                loc="outside upper center",
                ncols=5,
                handlelength=1.2,
                columnspacing=1.2,
            )
        return _save(figure, name, _rag_alt(themes), caption)


# -- 4. initiatives × priorities impact matrix ------------------------------------------------

_RATING_LETTERS: Final[Mapping[str, str]] = {
    "high": "H",
    "medium": "M",
    "low": "L",
    "h": "H",
    "m": "M",
    "l": "L",
}
_RATING_WORDS: Final[Mapping[str, str]] = {"H": "high", "M": "medium", "L": "low"}
_CHAR_PT: Final = 0.58 * (FONT_SIZE - 0.5)  # mean width of a DejaVu Sans character in a tick label
UNRATED: Final = "#f2f2f2"


def _rating(value: str | None) -> str | None:
    if value is None:
        return None
    letter = _RATING_LETTERS.get(value.strip().lower())
    if letter is None:
        raise ValueError(f"impact rating {value!r} must be one of {IMPACT_RATINGS} or None")
    return letter


def _impact_alt(
    initiatives: Sequence[str], priorities: Sequence[str], letters: Sequence[Sequence[str | None]]
) -> str:
    head = (
        f"Expected impact of {_count(len(initiatives), 'proposed initiative')} on "
        f"{_count(len(priorities), 'trust priority', 'trust priorities')}, rated high, medium "
        "or low."
    )
    items = []
    for initiative, row in zip(initiatives, letters, strict=True):
        cells = [
            f"{_RATING_WORDS[letter] if letter else 'not rated'} on {_clean(priority)}"
            for priority, letter in zip(priorities, row, strict=True)
        ]
        items.append(f"{_clean(initiative)}: " + ", ".join(cells) + ".")
    return " ".join([head, *items])


def _column_heads(priorities: Sequence[str], sides: Sequence[str]) -> tuple[list[str], bool]:
    """The priorities wrapped to fit their column or, when the columns are too narrow for
    that, in at most two lines to be set upright."""
    side_pt = max((len(line) for s in sides for line in s.split("\n")), default=0) * _CHAR_PT
    column_pt = (WIDTH_IN * 72 - side_pt - 16) / max(len(priorities), 1)
    chars = int(column_pt / _CHAR_PT) - 1
    if chars >= 9:
        return [_wrap(p, min(chars, 24), 5) for p in priorities], False
    return [_wrap(p, 24, 2) for p in priorities], True


def impact_matrix(
    initiatives: Sequence[str],
    priorities: Sequence[str],
    ratings: Sequence[Sequence[str | None]],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "impact-matrix",
) -> Chart:
    """Template 6 part a as a heat grid: one row per initiative, one column per priority.

    ``ratings[i][j]`` is the impact of initiative ``i`` on priority ``j``: ``"high"``,
    ``"medium"``, ``"low"`` (or ``"H"``, ``"M"``, ``"L"``), or ``None`` when not rated. Each
    cell shows its letter on a shade of ``primary``, darker for higher impact.
    """
    primary = _check_colour("primary", primary)
    name = _check_name(name)
    if len(ratings) != len(initiatives) or any(len(r) != len(priorities) for r in ratings):
        raise ValueError("ratings must have one row per initiative and one entry per priority")
    letters = [[_rating(value) for value in row] for row in ratings]
    caption = caption or (
        "Action impact mapping: expected impact of each proposed initiative on the trust's "
        "priorities (H high, M medium, L low)."
    )
    from matplotlib.patches import Rectangle

    shades = {"H": primary, "M": _mix(primary, 0.45), "L": _mix(primary, 0.8), "": UNRATED}
    sides = [_wrap(i, 30, 3) for i in initiatives]
    heads, upright = _column_heads(priorities, sides)
    head_in = (
        max((len(line) for h in heads for line in h.split("\n")), default=0) * _CHAR_PT / 72
        if upright
        else 0.15 * max((h.count("\n") + 1 for h in heads), default=1)
    )
    row_in = [max(0.42, 0.16 * (s.count("\n") + 1) + 0.14) for s in sides]
    height = max(0.35 + head_in + sum(row_in), 1.2)
    with _figure(name, WIDTH_IN, height, constrained=True) as figure:
        ax = figure.add_subplot()
        tops = [sum(row_in[:row]) for row in range(len(row_in))]
        for row, (top, size) in enumerate(zip(tops, row_in, strict=True)):
            for col, letter in enumerate(letters[row]):
                fill = shades[letter or ""]
                ax.add_patch(
                    Rectangle((col, top), 1, size, facecolor=fill, edgecolor=WHITE, linewidth=2)
                )
                ax.text(
                    col + 0.5,
                    top + size / 2,
                    letter or "–",
                    ha="center",
                    va="center_baseline",
                    fontsize=10.5,
                    fontweight="bold",
                    color=_ink(fill) if letter else MUTED,
                )
        ax.set_xlim(0, max(len(priorities), 1))
        ax.set_ylim(sum(row_in) if initiatives else 1, 0)
        ax.xaxis.tick_top()
        ax.set_xticks([c + 0.5 for c in range(len(priorities))], heads)
        if upright:
            for label in ax.get_xticklabels():
                label.set(rotation=90, ha="left", va="center", rotation_mode="anchor")
        ax.set_yticks([t + s / 2 for t, s in zip(tops, row_in, strict=True)], sides)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if not initiatives or not priorities:
            _no_data(ax, "No initiatives rated yet")
        return _save(figure, name, _impact_alt(initiatives, priorities, letters), caption)


# -- 5. diagnostic score by module ------------------------------------------------------------


def _diagnostic_alt(scores: Sequence[tuple[int, float | None]]) -> str:
    head = f"Diagnostic score by module, from 0% to 100%, for {_count(len(scores), 'module')}."
    items = [
        f"module {module} {'n/a (no criterion applies)' if s is None else _percent(s)}"
        for module, s in scores
    ]
    return " ".join([head, _sentence(items)]).strip()


def diagnostic_by_module(
    scores: Sequence[tuple[int, float | None]],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "diagnostic",
) -> Chart:
    """Bars of the diagnostic score of each module (1–12), labelled with their percentage.

    Each score is a fraction from 0.0 to 1.0, as :class:`lws.diagnose.diagnostic.ModuleScore` holds
    it, or ``None`` for a module where no criterion applies; that module is shown as "n/a".
    """
    primary = _check_colour("primary", primary)
    name = _check_name(name)
    modules = [module for module, _ in scores]
    if len(set(modules)) != len(modules) or any(m < 1 for m in modules):
        raise ValueError("modules must be distinct whole numbers from 1")
    for module, score in scores:
        if score is not None and not 0.0 <= score <= 1.0:
            raise ValueError(f"module {module}: score {score!r} must be a fraction 0.0–1.0")
    ordered = sorted(scores, key=lambda item: item[0])
    caption = caption or "Diagnostic score by module (the share of its criteria that are met)."
    with _figure(name, WIDTH_IN, 2.9, constrained=True) as figure:
        ax = figure.add_subplot()
        xs = list(range(len(ordered)))
        values = [0.0 if s is None else s * 100 for _, s in ordered]
        ax.bar(xs, values, width=0.62, color=primary)
        for x, (_, score) in zip(xs, ordered, strict=True):
            label = "n/a" if score is None else _percent(score)
            bottom = 0.0 if score is None else score * 100
            ax.text(
                x,
                bottom + 2,
                label,
                ha="center",
                va="bottom",
                fontsize=8,
                color=MUTED if score is None else TEXT,
                fontstyle="italic" if score is None else "normal",
            )
        ax.set_xticks(xs, [str(module) for module, _ in ordered])
        ax.set_xlim(-0.6, max(len(ordered), 1) - 0.4)
        ax.set_ylim(0, 110)
        ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        ax.tick_params(axis="x", length=0)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("Module")
        ax.set_ylabel("Score")
        if not ordered:
            _no_data(ax, "No diagnostic yet")
        return _save(figure, name, _diagnostic_alt(ordered), caption)


# -- caching ----------------------------------------------------------------------------------

#: Every chart by the name the build uses for it.
CHARTS: Final[Mapping[str, Callable[..., Chart]]] = {
    "prioritisation_matrix": prioritisation_matrix,
    "risk_heat_map": risk_heat_map,
    "rag_by_theme": rag_by_theme,
    "impact_matrix": impact_matrix,
    "diagnostic_by_module": diagnostic_by_module,
}


def _canonical(value: object) -> Any:
    """Inputs as JSON-able data with a single spelling, for hashing."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return {"float": repr(value)}
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _canonical(getattr(value, f.name)) for f in fields(value)}
        return {"type": type(value).__name__, "fields": data}
    if isinstance(value, Mapping):
        items = sorted((str(k), _canonical(v)) for k, v in value.items())
        return {"mapping": items}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    raise TypeError(f"chart_key cannot hash a {type(value).__name__}")


@cache
def _matplotlib_version() -> str:
    """The installed matplotlib's version, read without importing it."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("matplotlib")
    except PackageNotFoundError:
        return "absent"


def chart_key(chart: str, /, *args: object, **kwargs: object) -> str:
    """A stable hash of a chart's inputs: equal keys mean identical SVG bytes.

    Call it with the same arguments as the chart, e.g.
    ``chart_key("risk_heat_map", risks, caption=None)``; it also covers
    :data:`CHARTS_VERSION` and the matplotlib version, and imports nothing heavy, so the build
    can skip an unchanged chart without importing matplotlib.
    """
    if chart not in CHARTS:
        raise ValueError(f"unknown chart {chart!r}; expected one of {sorted(CHARTS)}")
    payload = {
        "chart": chart,
        "version": CHARTS_VERSION,
        "matplotlib": _matplotlib_version(),
        "args": _canonical(list(args)),
        "kwargs": _canonical(dict(kwargs)),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()
