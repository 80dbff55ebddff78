"""lws's own SVG drawing layer: shapes, and text as the bundled font's glyph outlines.

A :class:`Canvas` is one chart's drawing surface, in points with the origin at the top left
(y down), as SVG draws it. It collects shapes and text and writes them as one SVG document:

* **Text is drawn as glyph outlines** from the bundled font (:mod:`lws.core.fonts`), read
  with fontTools: each glyph used is defined once in ``<defs>`` (its outline in font units)
  and placed with ``<use>``, so the chart looks the same in a browser's ``<img>``, Typst and
  the PNG fallback whatever fonts they have. Advance widths come from the font's ``hmtx``
  table. Pairs are not kerned: the bundled font kerns only in ``GPOS``, which matplotlib did
  not apply either. A character the bundled font lacks (→, Greek, Hebrew…) is drawn from
  DejaVu Sans (matplotlib's copy, read as a file), else as the font's missing-glyph box.
  Text runs left to right in the order typed (no bidirectional reordering, as before).
* Each label drawn is kept, escaped, in an XML comment beside its glyphs, and its box is
  recorded (:attr:`Canvas.boxes`), so tests can check that no two labels overlap and none
  leaves the canvas.
* **Same input, same bytes**: numbers are written rounded to 1/100 pt; nothing depends on
  the time, the machine's fonts or the order of a hash.

Nothing here is global but the fonts' parsed tables, read once per process and never changed.
"""

from __future__ import annotations

import html
import importlib.util
import io
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

from lws.core.fonts import bundled_font_files
from lws.publish.charts.text import _NOT_XML, _clean

Anchor = Literal["start", "middle", "end"]
Baseline = Literal["top", "middle", "central", "baseline", "bottom"]

#: Line height as a multiple of the font size (matplotlib's default line spacing).
LINE_SPACING: Final = 1.2
ELLIPSIS: Final = "…"


def num(value: float) -> str:
    """A coordinate as SVG text: at most two decimals, no trailing zeros, never ``-0``."""
    text = f"{round(value, 2):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# -- fonts -------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # one per file and process: hashed by identity
class Face:
    """One font file's metrics and outlines (read lazily, once per process)."""

    key: str  # short id used in glyph ids, e.g. "R", "B", "F"
    path: Path
    units: int  # units per em
    ascent: int
    descent: int  # negative
    cap: int  # capital height
    cmap: dict[int, str] = field(repr=False)
    advances: dict[str, int] = field(repr=False)

    def outline(self, glyph: str) -> str:
        return _outline(self.path, glyph)


@cache
def _font(path: Path) -> Any:
    """A font file parsed lazily by fontTools, from its bytes (no file left open)."""
    from fontTools.ttLib import TTFont

    return TTFont(io.BytesIO(path.read_bytes()), lazy=True)


def _load(key: str, path: Path) -> Face:
    font = _font(path)
    hmtx = font["hmtx"]
    advances = {name: hmtx[name][0] for name in font.getGlyphOrder()}
    hhea = font["hhea"]
    return Face(
        key,
        path,
        int(font["head"].unitsPerEm),
        int(hhea.ascent),
        int(hhea.descent),
        int(getattr(font["OS/2"], "sCapHeight", 0) or 0.7 * font["head"].unitsPerEm),
        dict(font.getBestCmap()),
        advances,
    )


@cache
def _outline(path: Path, glyph: str) -> str:
    from fontTools.pens.svgPathPen import SVGPathPen

    glyphs = _glyph_set(path)
    pen = SVGPathPen(glyphs)
    glyphs[glyph].draw(pen)
    return str(pen.getCommands())


@cache
def _glyph_set(path: Path) -> Any:
    return _font(path).getGlyphSet()


def bundled(bold: bool = False) -> Face:
    """The bundled font's regular or bold face."""
    return _bundled(bold)


@cache
def _bundled(bold: bool) -> Face:
    wanted = "Bold" if bold else "Regular"
    path = next(p for p in bundled_font_files() if p.stem.rsplit("-", 1)[-1] == wanted)
    return _load("B" if bold else "R", path)


def fallback(bold: bool = False) -> Face | None:
    """DejaVu Sans, for characters the bundled font lacks: matplotlib's copy, read as a file
    (matplotlib itself is not imported). None if it is not installed."""
    return _fallback(bold)


@cache
def _fallback(bold: bool) -> Face | None:
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf" / name
    return _load("FB" if bold else "F", path) if path.is_file() else None


def _glyphs(text: str, bold: bool) -> list[tuple[Face, str]]:
    """Each character's face and glyph name: the bundled font's, else the fallback's, else
    the bundled font's missing-glyph box."""
    main = bundled(bold)
    out = []
    for char in text:
        glyph = main.cmap.get(ord(char))
        if glyph is not None:
            out.append((main, glyph))
            continue
        other = fallback(bold)
        glyph = other.cmap.get(ord(char)) if other else None
        if other is not None and glyph is not None:
            out.append((other, glyph))
        else:
            out.append((main, ".notdef"))
    return out


def width(text: str, size: float, *, bold: bool = False) -> float:
    """The advance width of one line of ``text`` at ``size`` points."""
    return sum(f.advances[g] * size / f.units for f, g in _glyphs(text, bold))


def ascent(size: float) -> float:
    face = bundled()
    return face.ascent * size / face.units


def descent(size: float) -> float:
    face = bundled()
    return -face.descent * size / face.units


def cap_height(size: float) -> float:
    """Height of a capital letter (and a figure), for centring a line on a point."""
    face = bundled()
    return face.cap * size / face.units


# -- fitting text ------------------------------------------------------------------------------


def shorten(text: str, limit: float, size: float, *, bold: bool = False) -> str:
    """One line of ``text`` no wider than ``limit`` points, ending "…" if it was cut."""
    text = _clean(text)
    if width(text, size, bold=bold) <= limit:
        return text
    words = text
    while words and width(words.rstrip() + ELLIPSIS, size, bold=bold) > limit:
        words = words[:-1]
    return words.rstrip() + ELLIPSIS if words else ""


def _fits(text: str, limit: float, size: float, bold: bool) -> int:
    """How many of ``text``'s first characters fit in ``limit`` points."""
    count, used = 0, 0.0
    for face, glyph in _glyphs(text, bold):
        used += face.advances[glyph] * size / face.units
        if used > limit:
            break
        count += 1
    return count


def wrap(text: str, limit: float, size: float, *, max_lines: int = 2, bold: bool = False) -> str:
    """``text`` broken at spaces into lines no wider than ``limit`` points, at most
    ``max_lines`` of them (the last ending "…" if text was left out); a word too long for a
    line is broken across lines, or shortened on the last."""
    words = _clean(text).split()
    lines: list[str] = []
    joinable = False  # whether the next word may go on the last line
    index = 0
    while index < len(words):
        word = words[index]
        if joinable and width(f"{lines[-1]} {word}", size, bold=bold) <= limit:
            lines[-1] = f"{lines[-1]} {word}"
        elif len(lines) < max_lines and width(word, size, bold=bold) <= limit:
            lines.append(word)
        elif len(lines) < max_lines - 1:  # a word too long for a line: broken across two
            cut = max(1, _fits(word, limit, size, bold))
            cut = word.rfind("-", 0, cut) + 1 or cut  # after a hyphen, if one fits
            lines.append(word[:cut])
            words[index : index + 1] = [word[:cut], word[cut:]]
            joinable = False
            index += 1
            continue
        elif len(lines) < max_lines:  # the last line: as much of the rest as fits
            lines.append(shorten(" ".join(words[index:]), limit, size, bold=bold))
            break
        else:
            shortened = shorten(" ".join([lines[-1], *words[index:]]), limit, size, bold=bold)
            if not shortened.endswith(ELLIPSIS):
                shortened = shorten(shortened + " " + ELLIPSIS, limit, size, bold=bold)
            lines[-1] = shortened
            break
        joinable = True
        index += 1
    return "\n".join(lines)


# -- the canvas --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A label's box on the canvas: left, top, right, bottom, in points."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def crosses(self, points: Sequence[tuple[float, float]], pad: float = 0.0) -> bool:
        """Whether the polyline through ``points`` passes through the box (grown by ``pad``)."""
        box = (self.x0 - pad, self.y0 - pad, self.x1 + pad, self.y1 + pad)
        return any(_clips(box, a, b) for a, b in itertools.pairwise(points))


def _clips(
    box: tuple[float, float, float, float], a: tuple[float, float], b: tuple[float, float]
) -> bool:
    """Whether the segment a–b meets the box (Liang–Barsky: the part of the segment's
    parameter range left inside every edge is not empty)."""
    (x0, y0, x1, y1), (ax, ay), (dx, dy) = box, a, (b[0] - a[0], b[1] - a[1])
    low, high = 0.0, 1.0
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)):
        if p == 0:
            if q < 0:
                return False  # parallel to this edge and outside it
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _style(**props: str | float | None) -> str:
    parts = []
    for key, value in props.items():
        if value is None:
            continue
        shown = num(value) if isinstance(value, float | int) else value
        parts.append(f"{key.replace('_', '-')}: {shown}")
    return f' style="{"; ".join(parts)}"'


class Canvas:
    """One chart being drawn (see the module's docstring)."""

    def __init__(self, name: str, width: float, height: float) -> None:
        self.name = name
        self.width = width
        self.height = height
        self.boxes: list[Box] = []
        self.lines: list[tuple[tuple[tuple[float, float], ...], str]] = []  # (points, stroke)
        self._body: list[str] = []
        self._used: dict[tuple[Face, str], str] = {}
        self._clips = 0

    # shapes

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        *,
        fill: str,
        stroke: str | None = None,
        stroke_width: float = 0.0,
    ) -> None:
        style = _style(fill=fill, stroke=stroke, stroke_width=stroke_width if stroke else None)
        self._body.append(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}"{style}/>'
        )

    def line(
        self,
        points: Sequence[tuple[float, float]],
        *,
        stroke: str,
        stroke_width: float,
        dash: Sequence[float] = (),
        cap: str = "butt",
    ) -> None:
        """A polyline through ``points`` (at least two)."""
        if len(points) < 2:
            return
        self.lines.append((tuple(points), stroke))
        d = "M " + " L ".join(f"{num(x)} {num(y)}" for x, y in points)
        dashes = " ".join(num(d * stroke_width) for d in dash) if dash else None
        style = _style(
            fill="none",
            stroke=stroke,
            stroke_width=stroke_width,
            stroke_dasharray=dashes,
            stroke_linecap=cap,
            stroke_linejoin="round",
        )
        self._body.append(f'<path d="{d}"{style}/>')

    def circle(
        self, x: float, y: float, r: float, *, fill: str, stroke: str, stroke_width: float
    ) -> None:
        style = _style(fill=fill, stroke=stroke, stroke_width=stroke_width)
        self._body.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}"{style}/>')

    def marker(self, x: float, y: float, shape: str, size: float, *, fill: str) -> None:
        """A marker ``size`` points across centred on (x, y): ``o`` circle, ``s`` square,
        ``^`` triangle, ``x`` a cross."""
        r = size / 2
        style = _style(fill=fill)
        if shape == "x":
            for dx in (r, -r):
                self.line([(x - dx, y - r), (x + dx, y + r)], stroke=fill, stroke_width=1.0)
        elif shape == "o":
            self._body.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}"{style}/>')
        elif shape == "s":
            self.rect(x - r, y - r, size, size, fill=fill)
        else:
            pts = [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
            d = "M " + " L ".join(f"{num(a)} {num(b)}" for a, b in pts) + " Z"
            self._body.append(f'<path d="{d}"{style}/>')

    # text

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float,
        fill: str,
        anchor: Anchor = "start",
        baseline: Baseline = "baseline",
        bold: bool = False,
        line_spacing: float = LINE_SPACING,
        upright: bool = False,
    ) -> Box:
        """Draw ``text`` (lines split at "\\n", each cleaned of what XML forbids) at (x, y):
        ``anchor`` places each line's start, middle or end at x; ``baseline`` puts the first
        line's baseline (``baseline``), the block's top, middle or bottom, or the middle of
        its capitals (``central``, one line) at y. ``upright``
        text reads bottom to top, turned about (x, y) (an axis label)."""
        lines = [_clean(line) for line in text.split("\n")]
        step = size * line_spacing
        block = ascent(size) + descent(size) + step * (len(lines) - 1)
        top = {
            "top": y,
            "middle": y - block / 2,
            "bottom": y - block,
            "baseline": y - ascent(size),
            "central": y + cap_height(size) / 2 - ascent(size),  # capitals centred on y
        }[baseline]
        widths = [width(line, size, bold=bold) for line in lines]
        shift = {"start": 0.0, "middle": 0.5, "end": 1.0}[anchor]
        left = x - max(widths, default=0.0) * shift
        box = Box(left, top, left + max(widths, default=0.0), top + block, "\n".join(lines))
        if upright:  # turned by -90 degrees about (x, y)
            box = Box(x + box.y0 - y, y - (box.x1 - x), x + box.y1 - y, y - (box.x0 - x), box.text)
        if not any(lines):
            return box
        self.boxes.append(box)
        comment = html.escape(box.text, quote=False).replace("-", "&#45;")
        self._body.append(f"<!-- {comment} -->")
        turn = f' transform="rotate(-90 {num(x)} {num(y)})"' if upright else ""
        self._body.append(f"<g{_style(fill=fill)}{turn}>")
        for index, (line, line_width) in enumerate(zip(lines, widths, strict=True)):
            self._glyph_run(
                x - line_width * shift, top + ascent(size) + step * index, line, size, bold
            )
        self._body.append("</g>")
        return box

    def _glyph_run(self, x: float, y: float, line: str, size: float, bold: bool) -> None:
        uses = []
        pen = 0.0  # in the run's scale: 1/1000 em of the bundled font
        scale = size / bundled(bold).units
        for face, glyph in _glyphs(line, bold):
            ref = self._used.setdefault((face, glyph), f"{self.name}-{face.key}{len(self._used)}")
            ratio = bundled(bold).units / face.units
            if face.outline(glyph):
                uses.append(f'<use xlink:href="#{ref}" x="{num(pen)}"/>')
            pen += face.advances[glyph] * ratio
        if uses:
            transform = f"translate({num(x)} {num(y)}) scale({scale:.6g} -{scale:.6g})"
            self._body.append(f'<g transform="{transform}">{"".join(uses)}</g>')

    # clipping

    def clipped(self, x: float, y: float, w: float, h: float) -> _Clip:
        """A group whose contents are clipped to a rectangle (``with canvas.clipped(...)``)."""
        self._clips += 1
        ident = f"{self.name}-clip{self._clips}"
        self._body.append(
            f'<clipPath id="{ident}"><rect x="{num(x)}" y="{num(y)}" width="{num(w)}" '
            f'height="{num(h)}"/></clipPath><g clip-path="url(#{ident})">'
        )
        return _Clip(self._body)

    # output

    def svg(self, title: str, desc: str, creator: str) -> bytes:
        """The SVG document, with ``title`` and ``desc`` (escaped) for assistive technology."""
        defs = []
        for (face, glyph), ref in self._used.items():
            outline = face.outline(glyph)
            if outline:
                defs.append(f'<path id="{ref}" d="{_scaled(outline, face)}"/>')
        w, h = f"{self.width:.6f}".rstrip("0"), f"{self.height:.6f}".rstrip("0")
        head = (
            '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
            f'<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="{w}pt" height="{h}pt" '
            f'viewBox="0 0 {num(self.width)} {num(self.height)}" '
            'xmlns="http://www.w3.org/2000/svg" version="1.1">\n'
            f" <title>{_xml_text(title)}</title><desc>{_xml_text(desc)}</desc>\n"
            f" <!-- {html.escape(creator, quote=False)} -->\n"
        )
        parts = [head, " <defs>\n  ", "\n  ".join(defs), "\n </defs>\n"]
        parts.append(f' <rect width="100%" height="100%"{_style(fill="#ffffff")}/>\n ')
        parts.append("\n ".join(self._body))
        parts.append("\n</svg>\n")
        return "".join(parts).encode("utf-8")


def _xml_text(text: str) -> str:
    """Text escaped for XML, without the characters XML forbids."""
    return html.escape(_NOT_XML.sub("", text), quote=False)


def _scaled(outline: str, face: Face) -> str:
    """A fallback face's outline in the bundled font's units (both are 1000 or 2048 per em)."""
    ratio = bundled().units / face.units
    if ratio == 1:
        return outline
    return _scale_path(outline, ratio)


def _scale_path(outline: str, ratio: float) -> str:
    import re

    return re.sub(r"-?\d+(?:\.\d+)?", lambda m: num(float(m.group()) * ratio), outline)


class _Clip:
    def __init__(self, body: list[str]) -> None:
        self._body = body

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self._body.append("</g>")


# -- scales ------------------------------------------------------------------------------------


def nice_ticks(low: float, high: float, most: int) -> list[float]:
    """Round tick values within [low, high]: the smallest step of 1, 2, 2.5 or 5 times a power
    of ten that needs at most ``most`` intervals (matplotlib's ``MaxNLocator`` rule)."""
    span = high - low
    if not math.isfinite(span) or span <= 0:
        return [low]
    most = max(1, most)
    power = 10.0 ** math.floor(math.log10(span / most))
    for factor in (1, 2, 2.5, 5, 10, 20):
        step = factor * power
        first = math.floor(low / step + 1e-9)
        last = math.ceil(high / step - 1e-9)
        if last - first <= most:
            break
    ticks = []
    k = math.ceil(low / step - 1e-9)
    while k * step <= high + step * 1e-9:
        ticks.append(round(k * step, 10))
        k += 1
    return ticks


def tick_labels(ticks: Iterable[float]) -> list[str]:
    """Tick values with the same number of decimals, grouped by thousands (``4,000``)."""
    values = list(ticks)
    decimals = 0
    while decimals < 6 and any(abs(v - round(v, decimals)) > 1e-9 for v in values):
        decimals += 1
    return [f"{v:,.{decimals}f}".replace("-", "−") for v in values]
