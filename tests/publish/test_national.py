"""The trust beside its region and England, and the KPIs' trends, in every output.

The example strategy carries national statistics imported from the fixture (synthetic
authority, with the release's symbols); the sparse skeleton has none and must show nothing.
Outputs are read back: HTML parsed, PDF text and tag tree, SVG colours.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from lws.model.domain import from_sections
from lws.publish.charts import KpiTrend, Panel, Series, kpi_trends, national_comparison
from lws.publish.charts.comparison import readable
from lws.publish.charts.style import WHITE, _contrast
from lws.publish.national import kpi_trend, leaflet_sentence, national_context, trend_words
from lws.publish.state import BUILD_DIR
from tests.publish.test_accessibility import _tags

HEADING = "Our workforce beside North East and England"


class _Page(HTMLParser):
    """A built HTML page read back: its text, table rows (cell texts) and images' alt text."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.cells: list[list[str]] = []
        self.alts: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.cells.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "img":
            self.alts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self.cells:
            self.cells[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def html_text(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _national(*years: dict[str, object]) -> dict[str, object]:
    return {
        "authority": {"la_name": "Westvale", "region_name": "South West"},
        "years": list(years),
    }


def test_nothing_without_national_statistics() -> None:
    assert national_context(from_sections({})) is None
    empty = from_sections({"national": _national({"year": 2023, "england": {"cases": 5}})})
    assert national_context(empty) is None  # no headline figure at all


def test_context_rows_keep_symbols_and_one_decimal_place() -> None:
    model = from_sections(
        {
            "national": _national(
                {
                    "year": 2022,
                    "authority": {"vacancy_rate_fte": "c"},
                    "england": {"vacancy_rate_fte": 20.0},
                },
                {
                    "year": 2023,
                    "authority": {"vacancy_rate_fte": 16.3, "caseload_fte": 17},
                    "region": {"vacancy_rate_fte": "low"},
                },
            )
        }
    )
    found = national_context(model)
    assert found is not None
    assert found["years"] == "2022 to 2023"
    keys = ("measure", "year", "authority", "region", "england")
    rows = [tuple(str(r[k]).replace("\\", "") for k in keys) for r in found["rows"]]  # Markdown
    assert rows == [
        ("Vacancy rate", "2022", "c", "—", "20.0%"),
        ("Vacancy rate", "2023", "16.3%", "low", "—"),
        ("Average caseload", "2023", "17.0", "—", "—"),
    ]
    assert found["symbols"] == [
        {"symbol": "c", "meaning": "suppressed to protect confidential information"},
        {"symbol": "low", "meaning": "rounds to 0, but is not 0"},
    ]
    assert found["sentence"] == "Our vacancy rate was 16.3% in 2023."


@pytest.mark.parametrize(
    ("figures", "sentence"),
    [
        ([21.5, 19.1, 16.3], "Our vacancy rate has fallen from 21.5% in 2021 to 16.3% in 2023; "
         "England's is 18.9%."),
        ([12.0, "c", 14.26], "Our vacancy rate has risen from 12.0% in 2021 to 14.3% in 2023; "
         "England's is 18.9%."),
        ([15, 16, 15], "Our vacancy rate was 15.0% in both 2021 and 2023; England's is 18.9%."),
        (["c", "x", ":"], ""),
    ],
)  # fmt: skip
def test_leaflet_sentence(figures: list[object], sentence: str) -> None:
    years = [
        {"year": y, "authority": {"vacancy_rate_fte": f}, "england": {"vacancy_rate_fte": 18.9}}
        for y, f in zip((2021, 2022, 2023), figures, strict=True)
    ]
    national = from_sections({"national": _national(*years)}).national
    assert national is not None
    assert leaflet_sentence(national) == sentence


def _kpi(direction: str, *values: float) -> object:
    readings = [{"date": f"{2020 + i}-09-30", "value": v} for i, v in enumerate(values[1:])]
    kpi = {
        "id": "K1", "title": "Vacancy rate", "unit": "%", "direction": direction,
        "baseline": {"value": values[0], "date": "2019-09-30"},
        "target": {"value": 12, "date": "2029-03-31"}, "readings": readings,
    }  # fmt: skip
    return from_sections({"measures": {"kpis": [kpi]}}).kpis[0]


@pytest.mark.parametrize(
    ("direction", "values", "words"),
    [
        ("down", (21.4, 18.9), "falling (better)"),
        ("up", (21.4, 18.9), "falling (worse)"),
        ("up", (50, 52, 60), "rising (better)"),
        ("down", (10, 10), "no change"),
        ("sideways", (10, 12), "rising"),
        ("down", (10,), "not enough readings yet"),
    ],
)
def test_trend_words(direction: str, values: tuple[float, ...], words: str) -> None:
    kpi = _kpi(direction, *values)
    assert trend_words(kpi) == words  # type: ignore[arg-type]
    trend = kpi_trend(kpi)  # type: ignore[arg-type]
    assert (trend is None) == (len(values) < 2)
    if trend:
        assert trend.dates[0] == "30 September 2019"
        assert trend.target == 12.0


PANEL = Panel(
    "Vacancy rate",
    "%",
    (2021, 2022, 2023),
    (
        Series("Northbridge", (21.5, None, 16.3), ("21.5", "c", "16.3")),
        Series("North East", (10.4, 10.9, 10.9), ("10.4", "10.9", "10.9")),
        Series("England", (16.7, 20.0, 18.9), ("16.7", "20.0", "18.9")),
    ),
)


def _colours(svg: bytes) -> set[str]:
    return {
        c.lower() for c in re.findall(rb"stroke: ?(#[0-9a-fA-F]{6})", svg) for c in [c.decode()]
    }


def test_comparison_alt_gives_every_figure_and_symbol() -> None:
    chart = national_comparison([PANEL], primary="#f2a900")
    assert chart.alt.startswith("1 small charts, one per measure, comparing Northbridge, North")
    assert (
        "Vacancy rate: Northbridge: 2021 21.5%, 2022 c (suppressed to protect confidential "
        "information), 2023 16.3%; North East: 2021 10.4%" in chart.alt
    )
    assert b"<desc>" in chart.svg and b"<title>" in chart.svg
    lines = _colours(chart.svg) - {"#ffffff", "#bfbfbf", "#e6e6e6"}
    assert lines, "the SVG draws its lines with colours"
    assert all(_contrast(c, WHITE) >= 3.0 for c in lines), lines
    assert "#f2a900" not in lines  # the light brand colour was darkened for the lines


def test_readable_darkens_only_light_colours() -> None:
    assert readable("#1d4f91") == "#1d4f91"
    assert _contrast(readable("#f2a900"), WHITE) >= 3.0
    assert _contrast(readable("#ffff00"), WHITE) >= 3.0


def test_charts_refuse_mismatched_series() -> None:
    bad = Panel("Vacancy rate", "%", (2021, 2022), (Series("A", (1.0,), ("1",)),))
    with pytest.raises(ValueError, match="A needs one figure per year"):
        national_comparison([bad])
    assert national_comparison([]).alt == "No national figures to compare."


def test_kpi_trends_alt() -> None:
    trend = KpiTrend(
        "Vacancy rate", "%", ("30 September 2025", "30 September 2026"), (21.4, 18.9),
        ("21.4%", "18.9%"), 12.0, "falling (better)",
    )  # fmt: skip
    chart = kpi_trends([trend])
    assert chart.alt == (
        "The trend of each of 1 KPIs, oldest reading first. Vacancy rate (falling (better)): "
        "30 September 2025 21.4%, 30 September 2026 18.9%; target 12."
    )


# -- the built outputs, read back ----------------------------------------------------------


def test_board_and_full_html_show_the_comparison_with_alt_text_and_table(example: Path) -> None:
    for variant in ("board", "full"):
        page = html_text(example / BUILD_DIR / f"{variant}.html")
        assert HEADING in page.text, variant
        alts = page.alts
        chart = next(a for a in alts if a.startswith("5 small charts, one per measure"))
        assert "Vacancy rate: Northbridge (synthetic): 2021 21.5%, 2022 19.1%, 2023 16.3%" in chart
        assert "Average caseload: Northbridge (synthetic): 2021 x (unavailable)" in chart
        assert "Sickness absence rate: Northbridge (synthetic): 2021 c (suppressed" in chart
        cells = page.cells
        assert ["Sickness absence rate", "2021", "c", "3.5%", "3.1%"] in cells
        assert ["Average caseload", "2021", "x", "17.3", "16.3"] in cells
        assert ["Vacancy rate", "2022", "19.1%", "10.9%", "20.0%"] in cells
        assert "c suppressed to protect confidential information" in page.text


def test_board_shows_each_kpis_trend_in_words_and_a_chart(example: Path) -> None:
    page = html_text(example / BUILD_DIR / "board.html")
    header = next(row for row in page.cells if row and row[0] == "KPI")
    assert header[-1] == "Trend"
    vacancy = next(row for row in page.cells if row and row[0] == "Social worker vacancy rate")
    assert vacancy[-1] == "falling (better)"
    alts = page.alts
    assert any(a.startswith("The trend of each of") for a in alts)


def test_leaflet_says_it_in_one_sentence(example: Path) -> None:
    sentence = (
        "Our vacancy rate has fallen from 21.5% in 2021 to 16.3% in 2023; England’s is 18.9%."
    )
    assert sentence in html_text(example / BUILD_DIR / "leaflet.html").text
    text = " ".join(
        page.extract_text() for page in PdfReader(example / BUILD_DIR / "leaflet.pdf").pages
    )
    assert sentence in " ".join(text.split())


def test_pdf_has_the_comparison_figure_described_and_its_symbols(example: Path) -> None:
    for variant in ("board", "full"):
        reader = PdfReader(example / BUILD_DIR / f"{variant}.pdf")
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert HEADING in text
        assert "Sickness absence rate 2021 c 3.5% 3.1%" in text
        assert "Average caseload 2021 x 17.3 16.3" in text
        figures = [
            t for t in _tags(reader.root_object["/StructTreeRoot"]) if str(t["/S"]) == "/Figure"
        ]
        alts = [str(f.get("/Alt", "")) for f in figures]
        assert any(a.startswith("5 small charts, one per measure") and "c (suppressed" in a
                   for a in alts), variant  # fmt: skip


def test_sparse_outputs_have_no_national_heading(sparse: Path) -> None:
    for variant in ("board", "full", "leaflet"):
        page = html_text(sparse / BUILD_DIR / f"{variant}.html")
        assert "Our workforce beside" not in page.text
        assert "England" not in page.text
