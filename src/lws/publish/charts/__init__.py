"""The strategy's charts, drawn as SVG from plain data.

Every chart is a pure function from the dataclasses below (never the YAML documents) to a
:class:`Chart`: the SVG bytes, an alt text that describes every point, cell or bar with its
value (for screen readers, and for formats without images), and a caption.

Design decisions:

* **lws's own SVG drawing, no matplotlib** (:mod:`.draw`, :mod:`.frame`): every chart the
  build draws (:data:`CHARTS`) is laid out and written by lws itself, in milliseconds
  (matplotlib took 0.05–0.4 s each, plus 0.35 s to import it and register the font: a clean
  build's charts were CPU the conversions wanted). Each label is measured with the font's
  own advance widths, so it is wrapped and shortened to its room, and its box is recorded:
  tests check that no two labels overlap and none leaves the canvas. Only ``lws
  portfolio``'s charts (:mod:`.portfolio`) are still drawn with matplotlib, imported lazily
  inside their drawing functions. Importing this module (and calling :func:`chart_key`)
  imports neither matplotlib nor fontTools.
* **No global state.** A :class:`~.draw.Canvas` per chart; the parsed font tables are read
  once per process and never changed. matplotlib charts are each a
  :class:`matplotlib.figure.Figure` with an Agg canvas, never pyplot; their rc settings
  are applied from matplotlib's built-in defaults (a user's ``matplotlibrc`` cannot change
  the output) inside ``rc_context``, which restores them.
* **Same data, same bytes**: no date in the SVG, coordinates rounded to 1/100 pt, ids
  prefixed by the chart's name (so two charts inlined in one page would not share ids; for
  matplotlib a fixed ``svg.hashsalt``) and the bundled font (:mod:`lws.core.fonts`), read
  from its own files, never a system copy. The bytes depend on the fontTools and matplotlib
  versions, which :func:`chart_key` therefore includes (both pinned).
* **Text as glyph outlines.** An SVG that only names a font is drawn by each renderer from
  what its machine has: a reader's browser (Pandoc embeds the SVG as an ``<img>``, which
  cannot load web fonts), the PNG fallback put in DOCX and PPTX and Typst. Where the font is
  missing each substitutes another with other widths, and labels overflow the room laid out
  for them. As outlines (each glyph once in ``<defs>``, placed by ``<use>``; matplotlib's
  ``svg.fonttype: path`` does the same) the chart looks the same in all three. A character
  the bundled font lacks comes from DejaVu Sans (matplotlib's copy, read as a file), else is
  the font's missing-glyph box. The text stays accessible through the alt text and the
  SVG's ``<title>`` and ``<desc>``; each label is also kept, escaped, in an XML comment
  beside its glyphs.
* **Author text is never markup**: it is only ever drawn as glyphs (with matplotlib:
  mathtext and TeX off, ``text.parse_math: False``), so ``$x$`` is drawn as typed;
  characters that XML forbids are dropped; long labels are wrapped and shortened with "…"
  (the alt text keeps them whole).
* **Contrast**: every line and marker that carries meaning has at least 3:1 against white
  (a light brand colour is darkened), every text at least 4.5:1 (a figure written in an
  area's colour is darkened further); light fills are outlined in a colour that does.

The package has one module per chart (:mod:`.prioritisation`, :mod:`.risks`, :mod:`.rag`,
:mod:`.impact`, :mod:`.diagnostic`, :mod:`.comparison` (the trust beside its region and England, and
the KPIs' trends); :mod:`.trend` for ``lws history`` and :mod:`.portfolio`
for ``lws portfolio``), their shared look (:mod:`.style`), text handling
(:mod:`.text`), lws's SVG drawing (:mod:`.draw`: the canvas, glyphs, fitting text; :mod:`.frame`: a
plotting area), matplotlib's figure and SVG output (:mod:`.svg`) and the registry with its cache key
(:mod:`.keys`). The guide's scales (risk bands, RAG order, labels and colours) are
:mod:`lws.core.risks` and :mod:`lws.core.rag`. Everything public is re-exported here.

A chart's inputs are small values of its own (:class:`RiskPoint`, :class:`ThemeRag`,
:class:`PriorityPoint`), made from the typed model by :mod:`lws.publish.figures`, rather
than the model's items: :func:`chart_key` hashes exactly what a chart draws, so a new
risk owner or a line moved in the YAML does not redraw it.
"""

from lws.publish.charts.comparison import KpiTrend, Panel, Series, kpi_trends, national_comparison
from lws.publish.charts.diagnostic import diagnostic_by_module
from lws.publish.charts.impact import IMPACT_RATINGS, UNRATED, impact_matrix
from lws.publish.charts.keys import CHARTS, TEXTS, chart_key
from lws.publish.charts.prioritisation import PriorityPoint, prioritisation_matrix
from lws.publish.charts.rag import ThemeRag, rag_by_theme
from lws.publish.charts.risks import RiskPoint, risk_heat_map
from lws.publish.charts.style import (
    ACCENT,
    FONT,
    FONT_SIZE,
    LINE,
    MUTED,
    PRIMARY,
    TEXT,
    WHITE,
    WIDTH_IN,
)
from lws.publish.charts.svg import CHARTS_VERSION, Chart, ChartText

__all__ = [
    "ACCENT",
    "CHARTS",
    "CHARTS_VERSION",
    "FONT",
    "FONT_SIZE",
    "IMPACT_RATINGS",
    "LINE",
    "MUTED",
    "PRIMARY",
    "TEXT",
    "TEXTS",
    "UNRATED",
    "WHITE",
    "WIDTH_IN",
    "Chart",
    "ChartText",
    "KpiTrend",
    "Panel",
    "PriorityPoint",
    "RiskPoint",
    "Series",
    "ThemeRag",
    "chart_key",
    "diagnostic_by_module",
    "impact_matrix",
    "kpi_trends",
    "national_comparison",
    "prioritisation_matrix",
    "rag_by_theme",
    "risk_heat_map",
]
