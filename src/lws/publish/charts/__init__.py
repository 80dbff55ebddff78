"""The strategy's charts, drawn as SVG from plain data.

Every chart is a pure function from the dataclasses below (never the YAML documents) to a
:class:`Chart`: the SVG bytes, an alt text that describes every point, cell or bar with its
value (for screen readers, and for formats without images), and a caption.

Design decisions:

* **matplotlib is imported lazily**, inside the drawing functions only: importing it costs
  0.3–0.8 s, and the build redraws a chart only when :func:`chart_key` of its inputs changed.
  Importing this module (and calling :func:`chart_key`) never imports it.
* **No global state.** Each chart is a :class:`matplotlib.figure.Figure` with an Agg canvas,
  never pyplot; the rc settings are applied from matplotlib's built-in defaults (a user's
  ``matplotlibrc`` cannot change the output) inside ``rc_context``, which restores them.
* **Same data, same bytes**: no date in the metadata, a fixed ``svg.hashsalt`` (the chart's
  name, so two charts inlined in one page would not share clip-path ids) and the bundled
  font (:mod:`lws.core.fonts`), registered from its own files, never a system copy. The bytes
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

The package has one module per chart (:mod:`.prioritisation`, :mod:`.risks`, :mod:`.rag`,
:mod:`.impact`, :mod:`.diagnostic`, :mod:`.comparison` (the trust beside its region and England, and
the KPIs' trends); :mod:`.trend` for ``lws history`` and :mod:`.portfolio`
for ``lws portfolio``), their shared look (:mod:`.style`), text handling
(:mod:`.text`), figure and SVG output (:mod:`.svg`) and the registry with its cache key
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
