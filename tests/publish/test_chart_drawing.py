"""lws's own SVG drawing (charts.draw) and the charts drawn with it: glyphs from the bundled
font, text fitted to its room, labels that never overlap or leave the canvas, same bytes in
every process, hostile labels drawn as text, and no matplotlib."""

from __future__ import annotations

import hashlib
import itertools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont

from lws.core.fonts import bundled_font_files
from lws.core.rag import RAG_COLOURS
from lws.core.statistics import SYMBOLS
from lws.model.domain import from_documents
from lws.model.project import load_strategy
from lws.publish.charts import (
    KpiTrend,
    Panel,
    PriorityPoint,
    RiskPoint,
    Series,
    ThemeRag,
    comparison,
    diagnostic,
    draw,
    impact,
    kpi_trends,
    prioritisation,
    rag,
    risks,
    trend,
)
from lws.publish.charts import national_comparison as national_chart
from lws.publish.charts.style import WHITE, _contrast
from lws.publish.charts.trend import TrendPoint
from lws.publish.figures import _risk_points, _theme_rags
from lws.publish.national import kpi_trend, national_panels
from tests.conftest import ROOT
from tests.publish.test_charts import run_python

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
HOSTILE = [
    '<script>alert(1)</script> & "quotes" -- ]]> $x$',
    "שיעור משרות פנויות",  # Hebrew, right to left
    "Vacancies 📈🧒🏽 rising",  # emoji the fonts lack
    "Workforce " * 50,  # 500 characters
    "",
    "bad\x00\x1b chars\ufffe",
]
FIXTURES = [ROOT, *(ROOT / "tests" / "fixtures" / n for n in ("sparse", "historical", "partly"))]


def _model(root: Path) -> object:
    return from_documents(load_strategy(root).documents)


def _trends(root: Path) -> list[KpiTrend]:
    return [t for t in map(kpi_trend, _model(root).kpis) if t is not None]  # type: ignore[attr-defined]


def _panels(root: Path) -> list[Panel]:
    return national_panels(_model(root))  # type: ignore[arg-type]


def _hostile_trends() -> list[KpiTrend]:
    dates = ("30 September 2025", "31 March 2026", "a date of 500 " + "x" * 486)
    return [
        KpiTrend(label, label, dates, (1.0, None, 3000.5), ("1", "n/a", "3,000.5"), 2.0, label)
        for label in HOSTILE
    ]


def _hostile_panels() -> list[Panel]:
    years = (2021, 2022, 2023)
    return [
        Panel(
            label,
            label or "%",
            years,
            tuple(
                Series(area, (None, 12.5, 99.0), ("c", "12.5", "99.0"))
                for area in (label, "North East", HOSTILE[2])
            ),
        )
        for label in HOSTILE
    ]


def _hostile_versions() -> list[TrendPoint]:
    """Versions labelled with every hostile label five times over, the third unreadable."""
    return [
        TrendPoint(label or "v", "2024-01-01", None if n == 2 else n / 40, n % 7, 40 - n)
        for n, label in enumerate(HOSTILE * 5)
    ]


CANVASES: dict[str, Callable[[], draw.Canvas]] = {
    **{
        f"kpi-{root.name}": lambda root=root: comparison.kpi_canvas(  # type: ignore[misc]
            _trends(root), primary="#1d4f91", name="kpi"
        )
        for root in FIXTURES
    },
    **{
        f"national-{root.name}": lambda root=root: comparison.national_canvas(  # type: ignore[misc]
            _panels(root), primary="#f2a900", name="national"
        )
        for root in FIXTURES
    },
    "kpi-hostile": lambda: comparison.kpi_canvas(_hostile_trends(), primary="#ffff00", name="k"),
    "national-hostile": lambda: comparison.national_canvas(
        _hostile_panels(), primary="#ffff00", name="n"
    ),
    **{
        f"risks-{root.name}": lambda root=root: risks.risk_canvas(  # type: ignore[misc]
            _risk_points(_model(root)),  # type: ignore[arg-type]
            name="r",
        )
        for root in FIXTURES
    },
    **{
        f"rag-{root.name}": lambda root=root: rag.rag_canvas(  # type: ignore[misc]
            _theme_rags(_model(root)),  # type: ignore[arg-type]
            colours=RAG_COLOURS,
            name="g",
        )
        for root in FIXTURES
    },
    "risks-hostile": lambda: risks.risk_canvas(
        [RiskPoint(label or "R", 4, 4, label) for label in HOSTILE]
        + [RiskPoint(f"RISK-{n:03d}-LONG-ID", 4, 4) for n in range(30)],
        name="r",
    ),
    "rag-hostile": lambda: rag.rag_canvas(
        [ThemeRag(label, red=1, amber=30, green=2, complete=1) for label in HOSTILE],
        colours=RAG_COLOURS,
        name="g",
    ),
    "impact-hostile": lambda: impact.impact_canvas(
        HOSTILE, HOSTILE, [["H", "M", "L", None, "h", "m"]] * 6, primary="#ffff00", name="i"
    ),
    "impact-many": lambda: impact.impact_canvas(
        ["Improve CAF support"],
        [f"Priority {n} of the trust" for n in range(25)],
        [["H"] * 25],
        primary="#1d4f91",
        name="i",
    ),
    "prioritisation-hostile": lambda: prioritisation.prioritisation_canvas(
        [PriorityPoint(n, 4, 4, n % 2 == 0, label) for n, label in enumerate(HOSTILE * 2, 100)]
        + [PriorityPoint(n, 1 + n % 4, 1 + n // 4 % 4, True) for n in range(16)],
        primary="#ffff00",
        accent="#1d4f91",
        name="p",
    ),
    "prioritisation-none": lambda: prioritisation.prioritisation_canvas(
        [], primary="#1d4f91", accent="#f2a900", name="p"
    ),
    "diagnostic-twelve": lambda: diagnostic.diagnostic_canvas(
        [(m, None if m == 3 else m / 12) for m in range(1, 13)], primary="#1d4f91", name="d"
    ),
    "diagnostic-none": lambda: diagnostic.diagnostic_canvas([], primary="#1d4f91", name="d"),
    "trend-hostile": lambda: trend.trend_canvas(
        _hostile_versions(),
        primary="#1d4f91",
        name="t",
    ),
    "trend-none": lambda: trend.trend_canvas([], primary="#1d4f91", name="t"),
    "trend-hostile-no-score": lambda: trend.trend_canvas(
        _hostile_versions(),
        primary="#1d4f91",
        name="t",
        score=False,
    ),
    "trend-three-no-score": lambda: trend.trend_canvas(
        [TrendPoint(f"2.{n}, consulted", "1 May 2026", 0.9, 2, n) for n in range(3)],
        primary="#1d4f91",
        name="t",
        score=False,
    ),
    "trend-none-no-score": lambda: trend.trend_canvas([], primary="#1d4f91", name="t", score=False),
    "kpi-none": lambda: comparison.kpi_canvas([], primary="#1d4f91", name="k"),
    "national-none": lambda: comparison.national_canvas([], primary="#1d4f91", name="n"),
}


# -- the layer -----------------------------------------------------------------------------------


def _bundled(style: str = "Regular") -> TTFont:
    (path,) = [p for p in bundled_font_files() if p.stem.endswith(f"-{style}")]
    return TTFont(path)


def test_widths_are_the_bundled_fonts_advances() -> None:
    font = _bundled()
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    units = font["head"].unitsPerEm
    text = "Social worker vacancy rate 2025: 16.3%"
    expected = sum(hmtx[cmap[ord(c)]][0] for c in text) * 9 / units
    assert draw.width(text, 9) == pytest.approx(expected)
    bold = _bundled("Bold")
    expected = sum(bold["hmtx"][bold.getBestCmap()[ord(c)]][0] for c in text) * 9 / units
    assert draw.width(text, 9, bold=True) == pytest.approx(expected)
    assert draw.width(text, 9, bold=True) != draw.width(text, 9)


def test_glyphs_drawn_are_the_bundled_fonts_outlines() -> None:
    canvas = draw.Canvas("t", 200, 50)
    canvas.text(10, 20, "Agency £5", size=9, fill="#1a1a1a")
    canvas.text(10, 40, "Bold", size=9, fill="#1a1a1a", bold=True)
    root = ET.fromstring(canvas.svg("title", "desc", "lws"))
    defs = {p.get("id"): p.get("d") for p in root.iter(f"{SVG}path") if p.get("id")}
    used = [u.get(XLINK, "").lstrip("#") for u in root.iter(f"{SVG}use")]
    assert len(used) == len("Agency£5") + len("Bold")  # a space has no outline
    assert len(defs) == len(set("Agency£5")) + len(set("Bold"))  # each glyph defined once
    expected = []
    for style, text in (("Regular", "Agency£5"), ("Bold", "Bold")):
        font = _bundled(style)
        glyphs = font.getGlyphSet()
        for char in text:
            pen = SVGPathPen(glyphs)
            glyphs[font.getBestCmap()[ord(char)]].draw(pen)
            expected.append(pen.getCommands())
    assert [defs[ref] for ref in used] == expected


def test_a_character_the_font_lacks_comes_from_the_fallback_or_is_a_box() -> None:
    face = draw.bundled()
    assert ord("→") not in face.cmap
    fallback = draw.fallback()
    if fallback is not None:
        assert draw._glyphs("→", False) == [(fallback, fallback.cmap[ord("→")])]
    assert draw._glyphs("\U0001f4c8", False) == [(face, ".notdef")]
    assert draw.width("\U0001f4c8", 10) > 0


@pytest.mark.parametrize("text", [*HOSTILE, "Supercalifragilisticexpialidocious"])
@pytest.mark.parametrize("limit", [30.0, 80.0, 200.0])
def test_wrapped_lines_fit_their_room(text: str, limit: float) -> None:
    wrapped = draw.wrap(text, limit, 8, max_lines=2)
    lines = wrapped.split("\n") if wrapped else []
    assert len(lines) <= 2
    assert all(draw.width(line, 8) <= limit + 1e-9 for line in lines)
    cleaned = " ".join(re.sub("[\x00-\x1f\ufffe]", "", text).split())
    if draw.width(cleaned, 8) > 2 * limit:
        assert wrapped.endswith(draw.ELLIPSIS)  # something was left out, and it says so
    if draw.width(cleaned, 8) <= limit:
        assert wrapped == cleaned


def test_shorten_keeps_what_fits_and_marks_the_cut() -> None:
    assert draw.shorten("Vacancy rate", 200, 9) == "Vacancy rate"
    short = draw.shorten("Vacancy rate of social workers", 60, 9)
    assert short.endswith("…") and draw.width(short, 9) <= 60
    assert "Vacancy rate of social workers".startswith(short[:-1].rstrip())


def test_ticks_are_round_and_labelled_alike() -> None:
    assert draw.nice_ticks(0, 27, 5) == [0, 10, 20]
    assert draw.nice_ticks(0, 5000, 4) == [0, 2000, 4000]
    assert draw.nice_ticks(0, 4.5, 4) == [0, 2, 4] or draw.nice_ticks(0, 4.5, 4) == [0, 1.25, 2.5]
    assert draw.nice_ticks(0, 100, 5) == [0, 20, 40, 60, 80, 100]
    assert draw.nice_ticks(-7, 12, 4) == [0, 10]
    assert draw.tick_labels([0, 2.5, 5, 7.5]) == ["0.0", "2.5", "5.0", "7.5"]
    assert draw.tick_labels([0, 2000, 4000]) == ["0", "2,000", "4,000"]
    assert draw.tick_labels([-5, 0]) == ["−5", "0"]


def test_a_label_is_kept_as_a_comment_that_cannot_end_early() -> None:
    canvas = draw.Canvas("t", 100, 20)
    canvas.text(0, 10, "a -- b -->", size=8, fill="#1a1a1a")
    svg = canvas.svg("t", "d", "lws").decode()
    ET.fromstring(svg)
    assert "<!-- a &#45;&#45; b &#45;&#45;&gt; -->" in svg


def test_box_overlap() -> None:
    a = draw.Box(0, 0, 10, 10, "a")
    assert a.overlaps(draw.Box(9, 9, 20, 20, "b"))
    assert not a.overlaps(draw.Box(10, 0, 20, 10, "c"))  # touching is not overlapping


# -- the charts drawn with it --------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(CANVASES))
def test_labels_never_overlap_or_leave_the_canvas(case: str) -> None:
    canvas = CANVASES[case]()
    assert canvas.boxes, "the chart has labels to check"
    for box in canvas.boxes:
        assert 0 <= box.x0 < box.x1 <= canvas.width, box
        assert 0 <= box.y0 < box.y1 <= canvas.height, box
    overlapping = [(a, b) for a, b in itertools.combinations(canvas.boxes, 2) if a.overlaps(b)]
    assert not overlapping


ON_WHITE = [c for c in sorted(CANVASES) if c.startswith(("kpi", "national", "diagnostic", "trend"))]


@pytest.mark.parametrize("case", ON_WHITE)
def test_text_contrasts_4_5_to_1_and_lines_3_to_1(case: str) -> None:
    """Charts whose text all sits on white (the others set text on fills in black or white,
    whichever contrasts more: test_charts.test_text_colour_contrasts_with_its_background)."""
    svg = CANVASES[case]().svg("t", "d", "lws").decode()
    text_fills = re.findall(r'<g style="fill: (#[0-9a-f]{6})"', svg)
    assert text_fills
    assert all(_contrast(c, WHITE) >= 4.5 for c in text_fills), set(text_fills)
    strokes = set(re.findall(r"stroke: (#[0-9a-f]{6})", svg)) - {"#e6e6e6", "#bfbfbf"}
    assert all(_contrast(c, WHITE) >= 3 for c in strokes), strokes  # grid and axes aside


def test_hostile_labels_are_text_not_markup() -> None:
    for chart in (
        kpi_trends(_hostile_trends()),
        national_chart(_hostile_panels()),
    ):
        root = ET.fromstring(chart.svg)
        tags = {e.tag.removeprefix(SVG) for e in root.iter()}
        assert tags <= {"svg", "title", "desc", "defs", "path", "rect", "g", "use", "circle"}
        assert b"<script" not in chart.svg and b"\x00" not in chart.svg
        assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in chart.svg  # in a comment
        assert HOSTILE[3].strip() in chart.alt  # the alt text keeps what the drawing cut


def test_the_sparse_and_historical_charts_show_their_kpis() -> None:
    drawn = 0
    for root in FIXTURES[1:3]:
        trends = _trends(root)
        drawn += len(trends)
        canvas = comparison.kpi_canvas(trends, primary="#1d4f91", name="k")
        texts = " ".join(box.text for box in canvas.boxes)
        for kpi in trends:
            assert draw.wrap(kpi.title, 999, 8).split()[0] in texts
    assert drawn, "the historical fixture has KPI readings"


def test_withheld_figures_show_their_symbol() -> None:
    canvas = comparison.national_canvas(_panels(ROOT), primary="#1d4f91", name="n")
    shown = {box.text for box in canvas.boxes}
    symbols = {t for p in _panels(ROOT) for s in p.series for t in s.texts if t in SYMBOLS}
    assert symbols and symbols <= shown


def _digests() -> list[str]:
    return [
        hashlib.sha256(chart.svg).hexdigest()
        for chart in (
            kpi_trends(_trends(ROOT)),
            national_chart(_panels(ROOT)),
            kpi_trends(_hostile_trends()),
            national_chart(_hostile_panels()),
        )
    ]


@pytest.mark.parametrize("seed", ["0", "99"])
def test_same_inputs_same_bytes_in_another_process(seed: str) -> None:
    code = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
        "from tests.publish.test_chart_drawing import _digests\n"
        "print(' '.join(_digests()))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))\n"
    )
    digests, modules = run_python(code, PYTHONHASHSEED=seed).splitlines()
    assert digests.split() == _digests()
    assert modules == "[]"  # drawn without importing matplotlib


def test_the_trend_without_the_score_draws_no_score() -> None:
    """An output that does not publish the diagnostic's score (variants.yaml show_score)
    gets the trend's counts alone: no score axis, no percentage, a shorter chart."""
    points = [TrendPoint(f"2.{n}, consulted", "1 May 2026", 0.5 + n / 10, 2, n) for n in range(3)]
    shown, hidden = (
        trend.trend_canvas(points, primary="#1d4f91", name="t", score=score)
        for score in (True, False)
    )
    texts = {
        score: [box.text for box in canvas.boxes] for score, canvas in ((1, shown), (0, hidden))
    }
    assert "Diagnostic score" in texts[1] and "70%" in texts[1]
    assert "Diagnostic score" not in texts[0] and not any("%" in t for t in texts[0])
    assert {"Count", "Open red risks", "Overdue actions"} <= set(texts[0])
    assert hidden.height < shown.height
    text = trend.strategy_trend_text(points, score=False)
    assert "score" not in (text.alt + text.caption).lower()


@pytest.mark.parametrize("name", [c for c in sorted(CANVASES) if c.startswith("kpi")])
def test_no_kpi_label_lies_across_a_reading_or_a_target(name: str) -> None:
    """The direction label ("rising (better)") moves off the line that would cross it
    (the example's learning hub's readings ran through it at the panel's bottom right)."""
    from lws.publish.charts.frame import GRID
    from lws.publish.charts.style import LINE

    canvas = CANVASES[name]()
    drawn = [points for points, stroke in canvas.lines if stroke not in (GRID, LINE)]
    crossed = [b.text for b in canvas.boxes if any(b.crosses(points) for points in drawn)]
    assert crossed == []


def test_a_box_is_crossed_by_a_line_through_it_not_by_one_beside_it() -> None:
    box = draw.Box(10, 10, 20, 20, "x")
    assert box.crosses([(0, 15), (30, 15)]) and box.crosses([(15, 0), (15, 30)])
    assert box.crosses([(0, 0), (30, 30)]) and box.crosses([(12, 12), (14, 14)])  # inside
    assert not box.crosses([(0, 25), (30, 25)]) and not box.crosses([(0, 0), (9, 30)])
    assert not box.crosses([(21, 0), (21, 30)]) and box.crosses([(21, 0), (21, 30)], pad=2)
    assert not box.crosses([(5, 5)])  # one point is no line
