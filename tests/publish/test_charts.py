"""Charts: each draws, describes every data point, gives the same bytes every time, keeps
author text as text, and leaves matplotlib unimported until a chart is drawn."""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lws.core.fonts import bundled_font_dir, bundled_font_files
from lws.core.rag import RAG_COLOURS
from lws.publish import charts
from lws.publish.charts import (
    CHARTS,
    TEXTS,
    Chart,
    PriorityPoint,
    RiskPoint,
    ThemeRag,
    chart_key,
    diagnostic_by_module,
    impact_matrix,
    keys,
    prioritisation,
    prioritisation_matrix,
    rag_by_theme,
    risk_heat_map,
    risks,
    style,
    svg,
    text,
)

HERE = Path(__file__).resolve().parent
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "Developing $x$ <script>alert(1)</script> & co"

needs_matplotlib = pytest.mark.skipif(
    importlib.util.find_spec("matplotlib") is None, reason="matplotlib is not installed"
)

POINTS = [
    PriorityPoint(1, 4, 3, True, "Improve CAF support for practitioners"),
    PriorityPoint(2, 3, 4, True, "Standardised induction"),
    PriorityPoint(3, 2, 2, False, "E-learning portal"),
    PriorityPoint(4, 4, 3, False, "Helpline"),  # shares a cell with 1
    PriorityPoint(12, 1, 1, False, HOSTILE),
]
RISKS = [
    RiskPoint("R1", 4, 5, "Budget reductions stop the e-learning portal"),
    RiskPoint("R2", 2, 3, "Key staff leave"),
    RiskPoint("R10", 4, 5),
    RiskPoint("R3", 1, 1),
]
THEMES = [
    ThemeRag("Recruiting and retaining", red=1, amber=2, green=3, complete=1),
    ThemeRag("Modernising the workforce through integrated working", not_yet_started=4),
    ThemeRag(HOSTILE),
]
INITIATIVES = ["Improvements in recruitment & retention", "Developing e-learning portal"]
PRIORITIES = ["Safeguarding C&YP", "Narrowing the gap", HOSTILE]
RATINGS: list[list[str | None]] = [["high", "M", "low"], ["low", None, "high"]]
SCORES: list[tuple[int, float | None]] = [(2, 0.5), (1, 0.75), (3, None), (4, 1.0), (5, 0.0)]


def sample_charts() -> list[Chart]:
    """One of each chart from the sample data (also run in a subprocess, see below)."""
    return [
        prioritisation_matrix(POINTS),
        risk_heat_map(RISKS),
        rag_by_theme(THEMES),
        impact_matrix(INITIATIVES, PRIORITIES, RATINGS),
        diagnostic_by_module(SCORES),
    ]


def sample_keys() -> list[str]:
    return [
        chart_key("prioritisation_matrix", POINTS),
        chart_key("risk_heat_map", RISKS),
        chart_key("rag_by_theme", THEMES),
        chart_key("impact_matrix", INITIATIVES, PRIORITIES, RATINGS),
        chart_key("diagnostic_by_module", SCORES),
    ]


def parse(chart: Chart) -> ET.Element:
    root = ET.fromstring(chart.svg)
    assert root.tag == f"{SVG}svg"
    return root


def run_python(code: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
        env={**os.environ, **env},
    )
    return result.stdout


# -- drawing ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drawn() -> dict[str, Chart]:
    if importlib.util.find_spec("matplotlib") is None:
        pytest.skip("matplotlib is not installed")
    return {chart.name: chart for chart in sample_charts()}


def test_every_chart_draws_valid_svg_with_title_and_description(drawn: dict[str, Chart]) -> None:
    assert sorted(drawn) == [
        "diagnostic",
        "impact-matrix",
        "prioritisation",
        "rag-by-theme",
        "risks",
    ]
    for chart in drawn.values():
        root = parse(chart)
        assert root.findtext(f"{SVG}title") == chart.caption
        assert root.findtext(f"{SVG}desc") == chart.alt
        assert chart.caption and chart.alt
        # A4 text width, in points.
        assert root.get("width") == "453.543307pt"


def test_prioritisation_alt_lists_every_candidate(drawn: dict[str, Chart]) -> None:
    alt = drawn["prioritisation"].alt
    assert "Chosen (2): 1 Improve CAF support for practitioners (impact 4, do-ability 3);" in alt
    assert "2 Standardised induction (impact 3, do-ability 4)." in alt
    assert "Not chosen (3): 3 E-learning portal (impact 2, do-ability 2);" in alt
    assert "4 Helpline (impact 4, do-ability 3)" in alt
    assert f"12 {HOSTILE} (impact 1, do-ability 1)" in alt


def test_risk_alt_lists_every_risk_by_band(drawn: dict[str, Chart]) -> None:
    alt = drawn["risks"].alt
    assert (
        "HIGH (2): R1 Budget reductions stop the e-learning portal (probability 4 probable, "
        "impact 5 catastrophic, score 20); R10 (probability 4 probable, impact 5 catastrophic, "
        "score 20). MEDIUM (1): R2 Key staff leave (probability 2 possible, impact 3 moderate, "
        "score 6). LOW (1): R3 (probability 1 rare, impact 1 insignificant, score 1)."
    ) in alt
    assert "HIGH 15–25 (plan immediate action)" in alt


def test_rag_alt_counts_every_theme(drawn: dict[str, Chart]) -> None:
    assert drawn["rag-by-theme"].alt == (
        "Actions by RAG status for each of 3 strategic themes (11 actions in all). "
        "Recruiting and retaining: 7 actions: 1 red, 2 amber, 3 green, 1 complete; "
        "Modernising the workforce through integrated working: 4 actions: 4 not yet started; "
        f"{HOSTILE}: no actions."
    )


def test_impact_alt_rates_every_cell(drawn: dict[str, Chart]) -> None:
    assert drawn["impact-matrix"].alt == (
        "Expected impact of 2 proposed initiatives on 3 trust priorities, rated high, medium "
        "or low. Improvements in recruitment & retention: high on Safeguarding C&YP, medium on "
        f"Narrowing the gap, low on {HOSTILE}. Developing e-learning portal: low on "
        f"Safeguarding C&YP, not rated on Narrowing the gap, high on {HOSTILE}."
    )


def test_diagnostic_alt_has_every_module_in_order(drawn: dict[str, Chart]) -> None:
    assert drawn["diagnostic"].alt == (
        "Diagnostic score by module, from 0% to 100%, for 5 modules. module 1 75%; "
        "module 2 50%; module 3 n/a (no criterion applies); module 4 100%; module 5 0%."
    )


@needs_matplotlib
def test_same_data_same_bytes(drawn: dict[str, Chart]) -> None:
    again = {chart.name: chart for chart in sample_charts()}
    assert again == drawn


@needs_matplotlib
@pytest.mark.parametrize("seed", ["1", "4242"])
def test_same_bytes_and_keys_in_another_process(drawn: dict[str, Chart], seed: str) -> None:
    code = (
        "import hashlib, test_charts\n"
        "for c in test_charts.sample_charts(): print(c.name, hashlib.sha256(c.svg).hexdigest())\n"
        "for k in test_charts.sample_keys(): print(k)\n"
    )
    out = run_python(code, PYTHONHASHSEED=seed).split("\n")
    here = [f"{c.name} {hashlib.sha256(c.svg).hexdigest()}" for c in drawn.values()]
    assert out == [*here, *sample_keys(), ""]


def test_author_text_is_neither_math_nor_markup() -> None:
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.ttLib import TTFont

    (regular,) = [p for p in bundled_font_files() if p.stem.endswith("-Regular")]
    font = TTFont(regular)
    glyphs = font.getGlyphSet()
    pen = SVGPathPen(glyphs)
    glyphs[font.getBestCmap()[ord("$")]].draw(pen)
    for chart in (rag_by_theme(THEMES), impact_matrix(INITIATIVES, PRIORITIES, RATINGS)):
        root = parse(chart)
        assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1].lower() == "script"]
        assert b"<script" not in chart.svg
        assert b"$x$ &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in chart.svg
        # "$" drawn as the plain font's glyph, not as the start of mathematics.
        assert f'd="{pen.getCommands()}"'.encode() in chart.svg


@needs_matplotlib
def test_characters_xml_forbids_are_dropped() -> None:
    chart = rag_by_theme([ThemeRag("bad\x00 \x1b[31mtheme\ufffe", red=1)])
    parse(chart)
    assert "bad [31mtheme: 1 action: 1 red" in chart.alt


@needs_matplotlib
def test_long_labels_are_wrapped_and_shortened() -> None:
    long = "workforce " * 300
    chart = rag_by_theme([ThemeRag(long, green=2)])
    height = float(parse(chart).get("height", "0").removesuffix("pt"))
    assert height < 3 * 72
    assert long.strip() in chart.alt
    wrapped = text._wrap(long, 26)
    assert wrapped.count("\n") == 2
    assert wrapped.endswith("…")


@needs_matplotlib
def test_brand_colours_are_used() -> None:
    assert b"#123456" in diagnostic_by_module(SCORES, primary="#123456").svg
    assert b"#123456" in prioritisation_matrix(POINTS, primary="#123456").svg
    assert b"#123456" in impact_matrix(INITIATIVES, PRIORITIES, RATINGS, primary="#123456").svg


@needs_matplotlib
def test_empty_data_still_draws() -> None:
    for chart in (
        prioritisation_matrix([]),
        risk_heat_map([]),
        rag_by_theme([]),
        impact_matrix([], [], []),
        diagnostic_by_module([]),
    ):
        parse(chart)
        assert chart.alt


@needs_matplotlib
def test_drawing_leaves_matplotlib_settings_as_they_were() -> None:
    import matplotlib as mpl

    # Compared key by key: comparing RcParams as a whole would resolve the backend.
    keys = [key for key in mpl.rcParams if key != "backend"]
    before = {key: mpl.rcParams[key] for key in keys}
    from lws.publish.charts.portfolio import module_heat_map

    module_heat_map([])  # drawn with matplotlib (lws portfolio)
    assert {key: mpl.rcParams[key] for key in keys} == before


@needs_matplotlib
def test_the_bundled_font_is_used_from_its_own_files() -> None:
    from matplotlib import font_manager

    svg._register_fonts()  # as the charts still drawn with matplotlib (lws portfolio) do
    found = Path(font_manager.findfont(font_manager.FontProperties(family=charts.FONT)))
    assert found.is_relative_to(bundled_font_dir())


@needs_matplotlib
def test_a_copy_of_the_font_on_the_machine_is_not_used(tmp_path: Path) -> None:
    """A copy of the bundled font installed on the machine (found by matplotlib before lws
    registers its own) ties with it: the charts are still drawn from lws's own files, so the
    same data draws the same bytes on every machine."""
    for path in bundled_font_files():
        shutil.copy(path, tmp_path / path.name)
    code = (
        "from pathlib import Path\n"
        "from matplotlib import font_manager as fm\n"
        f"for p in sorted(Path({str(tmp_path)!r}).glob('*.ttf')): fm.fontManager.addfont(str(p))\n"
        "from lws.publish import charts\n"
        "print(fm.findfont(fm.FontProperties(family=charts.FONT)))\n"
        "from lws.publish.charts.svg import _register_fonts\n"
        "_register_fonts()\n"
        "print(fm.findfont(fm.FontProperties(family=charts.FONT)))\n"
    )
    first, after = run_python(code).split()
    assert Path(first).parent == tmp_path  # the copy, as matplotlib would otherwise use it
    assert Path(after).is_relative_to(bundled_font_dir())


@needs_matplotlib
@pytest.mark.skipif(shutil.which("rsvg-convert") is None, reason="rsvg-convert is not installed")
def test_rsvg_convert_renders_every_chart(drawn: dict[str, Chart], tmp_path: Path) -> None:
    for chart in drawn.values():
        svg = tmp_path / f"{chart.name}.svg"
        png = tmp_path / f"{chart.name}.png"
        svg.write_bytes(chart.svg)
        subprocess.run(["rsvg-convert", "-o", str(png), str(svg)], check=True)
        head = png.read_bytes()[:24]
        assert head[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", head[16:24])
        assert width == 605  # 453.5 pt at 96 dpi
        assert 150 < height < 700


# -- import cost -------------------------------------------------------------------------------


def test_importing_charts_and_keying_does_not_import_matplotlib() -> None:
    code = (
        "import sys\n"
        "from lws.publish import charts\n"
        "charts.chart_key('risk_heat_map', [charts.RiskPoint('R1', 2, 3)])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'numpy')))\n"
    )
    assert run_python(code) == "[]\n"


def test_drawing_the_builds_charts_never_imports_matplotlib() -> None:
    code = (
        "import sys, test_charts\ntest_charts.sample_charts()\nprint('matplotlib' in sys.modules)\n"
    )
    assert run_python(code) == "False\n"


@needs_matplotlib
def test_matplotlib_charts_never_import_pyplot() -> None:
    code = (
        "import sys\n"
        "from lws.publish.charts.portfolio import module_heat_map\n"
        "module_heat_map([])\n"
        "print('matplotlib' in sys.modules, 'matplotlib.pyplot' in sys.modules)\n"
    )
    assert run_python(code) == "True False\n"


# -- chart_key ---------------------------------------------------------------------------------


def test_chart_key_is_stable_and_follows_the_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    key = chart_key("risk_heat_map", RISKS)
    copy = [RiskPoint(r.id, r.probability, r.impact, r.title) for r in RISKS]
    assert key == chart_key("risk_heat_map", copy)
    assert len(key) == 64
    moved = [RiskPoint("R1", 5, 5, RISKS[0].title), *RISKS[1:]]
    others = {
        chart_key("risk_heat_map", moved),
        chart_key("risk_heat_map", RISKS, caption="Risks"),
        chart_key("risk_heat_map", RISKS[::-1]),
        chart_key("diagnostic_by_module", RISKS),
    }
    assert key not in others and len(others) == 4
    assert chart_key("diagnostic_by_module", [(1, 0.5)]) != chart_key(
        "diagnostic_by_module", [(1, 0.50001)]
    )
    assert chart_key("diagnostic_by_module", [(1, 1)]) != chart_key(
        "diagnostic_by_module", [(1, True)]
    )
    monkeypatch.setattr(keys, "CHARTS_VERSION", charts.CHARTS_VERSION + 1)
    assert chart_key("risk_heat_map", RISKS) != key


def test_chart_key_refuses_unknown_charts_and_values() -> None:
    with pytest.raises(ValueError, match="unknown chart"):
        chart_key("pie", [])
    with pytest.raises(TypeError, match="set"):
        chart_key("risk_heat_map", {1, 2})


def test_every_chart_is_registered() -> None:
    assert set(CHARTS) == {
        "prioritisation_matrix",
        "risk_heat_map",
        "rag_by_theme",
        "impact_matrix",
        "diagnostic_by_module",
        "strategy_trend",
        "national_comparison",
        "kpi_trends",
    }


# -- layout rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", range(1, 17))
def test_candidates_in_one_cell_never_overlap(count: int) -> None:
    points = [PriorityPoint(n, 3, 2, n % 2 == 0) for n in range(1, count + 1)]
    placed = prioritisation._matrix_positions([*points, PriorityPoint(99, 1, 1, True)])
    assert [p.number for p, *_ in placed] == [*range(1, count + 1), 99]
    inside = [(x, y, d) for p, x, y, d in placed if p.number != 99]
    for index, (x, y, diameter) in enumerate(inside):
        radius = diameter / 2 / prioritisation._CELL_PT
        assert abs(x - 2) + radius < 0.5 and abs(y - 3) + radius < 0.5
        for x2, y2, _ in inside[index + 1 :]:
            assert math.dist((x, y), (x2, y2)) * prioritisation._CELL_PT > diameter


def test_risk_cells_wrap_ids_and_count_the_rest() -> None:
    assert risks._cell_ids(["R1", "R2"], 13, 3) == ("R1, R2", True)
    ids = [f"R{n}" for n in range(1, 30)]
    text, complete = risks._cell_ids(ids, 13, 3)
    assert not complete
    assert text == "R1, R2, R3,\nR4, R5, R6,\n+23 more"
    assert risks._cell_ids(["a-very-long-risk-id"], 13, 3) == ("a-very-long-…", True)


def test_theme_counts_from_statuses() -> None:
    theme = ThemeRag.from_statuses("Deploying", ["red", "green", "green", "complete"])
    assert theme.counts() == (1, 0, 2, 0, 1)
    assert theme.total == 4
    with pytest.raises(ValueError, match="unknown RAG status 'blue'"):
        ThemeRag.from_statuses("Deploying", ["blue"])


@pytest.mark.parametrize(
    ("draw", "message"),
    [
        (lambda: prioritisation_matrix([PriorityPoint(1, 5, 1, True)]), "1 to 4"),
        (lambda: risk_heat_map([RiskPoint("R1", 0, 3)]), "1 to 5"),
        (lambda: rag_by_theme([ThemeRag("t", red=-1)]), "negative"),
        (lambda: impact_matrix(["a"], ["b"], [["huge"]]), "impact rating"),
        (lambda: impact_matrix(["a"], ["b", "c"], [["high"]]), "one entry per priority"),
        (lambda: diagnostic_by_module([(1, 75.0)]), "fraction"),
        (lambda: diagnostic_by_module([(1, 0.5), (1, 0.2)]), "distinct"),
        (lambda: diagnostic_by_module([], primary="blue"), "#RRGGBB"),
        (lambda: diagnostic_by_module([], name="../evil"), "file stem"),
    ],
)
def test_bad_inputs_are_refused_before_drawing(draw: Callable[[], Chart], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        draw()


SAMPLE_INPUTS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("prioritisation_matrix", (POINTS,), {"primary": "#7b2d8e", "accent": "#f2a900"}),
    ("risk_heat_map", (RISKS,), {}),
    ("rag_by_theme", (THEMES,), {"caption": "Our own caption"}),
    ("impact_matrix", (INITIATIVES, PRIORITIES, RATINGS), {}),
    ("diagnostic_by_module", (SCORES,), {"primary": "#005ea5"}),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), SAMPLE_INPUTS)
def test_what_a_chart_says_is_known_without_drawing_it(
    name: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> None:
    """The build renders a chart's alt text and caption while the chart is drawn elsewhere:
    :data:`TEXTS` must say exactly what the drawn chart says."""
    told = TEXTS[name](*args, **kwargs)
    chart = CHARTS[name](*args, **kwargs)
    assert (told.alt, told.caption) == (chart.alt, chart.caption)
    assert told.alt and told.caption


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("prioritisation_matrix", ([PriorityPoint(1, 5, 1, True)],), "1 to 4"),
        ("risk_heat_map", ([RiskPoint("R1", 0, 3)],), "1 to 5"),
        ("rag_by_theme", ([ThemeRag("t", red=-1)],), "negative"),
        ("impact_matrix", (["a"], ["b"], [["huge"]]), "impact rating"),
        ("diagnostic_by_module", ([(1, 75.0)],), "fraction"),
    ],
)
def test_describing_refuses_what_drawing_refuses(
    name: str, args: tuple[Any, ...], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        TEXTS[name](*args)


def test_text_colour_contrasts_with_its_background() -> None:
    assert style._ink("#1d4f91") == "#ffffff"
    assert style._ink("#f2b134") == charts.TEXT
    for colour in RAG_COLOURS.values():
        assert style._contrast(colour, style._ink(colour)) >= 4.5


def _contrast_on_white(colour: str) -> float:
    from lws.publish.charts.style import _contrast

    return _contrast(colour, "#ffffff")


@needs_matplotlib
def test_every_coloured_mark_stands_out_3_to_1_on_white() -> None:
    """A fill too light to show on white (amber, grey, the heat map's bands) is outlined in a
    colour that does (WCAG 1.4.11, non-text contrast)."""
    from lws.publish.charts import RiskPoint

    risks = [RiskPoint(id="R1", probability=4, impact=4, title="Vacancies rise")]
    for chart in (rag_by_theme(THEMES), charts.risk_heat_map(risks)):
        styles = re.findall(r'style="([^"]*fill: #[0-9a-f]{6}[^"]*)"', chart.svg.decode())
        weak = [s for s in styles if _contrast_on_white(_style(s, "fill")) < 3]
        weak = [s for s in weak if _style(s, "fill") != "#ffffff"]  # the page itself
        assert weak, "the palette has light fills to check"
        assert all(_contrast_on_white(_style(s, "stroke")) >= 3 for s in weak), chart.name


def _style(style: str, key: str) -> str:
    found = re.search(rf"(?:^|;\s*){key}:\s*(#[0-9a-f]{{6}})", style)
    return found.group(1) if found else "#ffffff"
