"""The chart inputs a variant's data gives, read from the typed model."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from lws.model.domain import from_sections
from lws.publish.build import build
from lws.publish.charts import RiskPoint, ThemeRag
from lws.publish.figures import CHART_DIR, Charts, _risk_points, _theme_rags
from tests.publish.test_build import copy_project

SECTIONS: dict[str, Any] = {
    "risks": {
        "risks": [
            {"id": "R2", "title": "Pay", "probability": 2, "impact": 3},
            {"id": "R1", "title": "Vacancies", "probability": 4, "impact": 4},
            {"id": "R10", "title": "Agency", "probability": 4, "impact": 4},
            {"id": "R3", "title": "Closed", "probability": 5, "impact": 5, "status": "closed"},
            {"id": "R4", "title": "Not yet rated", "probability": 3},
        ]
    },
    "vision": {"themes": [{"id": "t1", "title": "Recruiting"}, {"id": "t2", "title": "Later"}]},
    "actions": {
        "actions": [
            {"id": "A1", "theme": "t1", "rag": "red"},
            {"id": "A2", "theme": "t1", "rag": "green"},
            {"id": "A3", "theme": "t1", "rag": "green"},
            {"id": "A4", "theme": "t1"},  # no status yet: not counted
            {"id": "A5", "theme": "elsewhere", "rag": "amber"},
        ]
    },
}


def test_the_heat_map_shows_open_rated_risks_highest_first() -> None:
    assert _risk_points(from_sections(SECTIONS)) == [
        RiskPoint("R1", 4, 4, "Vacancies"),
        RiskPoint("R10", 4, 4, "Agency"),
        RiskPoint("R2", 2, 3, "Pay"),
    ]


def test_each_theme_counts_its_actions_by_status() -> None:
    assert _theme_rags(from_sections(SECTIONS)) == [
        ThemeRag("Recruiting", red=1, green=2),
        ThemeRag("Later"),
    ]


def test_a_strategy_without_risks_or_themes_has_no_chart_inputs() -> None:
    model = from_sections({})
    assert (_risk_points(model), _theme_rags(model)) == ([], [])


def _drawn(project: Path) -> dict[str, str]:
    """Chart name → alt text (the SVG's description) of every chart drawn so far."""
    folder = project / CHART_DIR
    return {
        svg.stem.rsplit("-", 1)[0]: html.unescape(
            re.search("<desc>(.*?)</desc>", svg.read_text("utf-8"), re.S)[1]  # type: ignore[index]
        )
        for svg in (folder.glob("*.svg") if folder.is_dir() else [])
    }


def test_a_variant_draws_only_the_charts_its_template_shows(tmp_path: Path) -> None:
    """The staff leaflet shows no chart, so building it draws none (no matplotlib, and its
    conversions start at once); the board draws what its pages show, and shows each."""
    project = copy_project(tmp_path / "trust")
    assert not build(project, ["leaflet"], ["html"], progress=lambda line: None).problems
    assert _drawn(project) == {}
    assert not build(project, ["board"], ["html"], progress=lambda line: None).problems
    drawn = _drawn(project)
    assert set(drawn) == {"rag_by_theme", "kpi_trends", "risk_heat_map", "national_comparison"}
    page = " ".join(html.unescape((project / "build" / "board.html").read_text("utf-8")).split())
    for name, alt in drawn.items():
        assert " ".join(alt.split()) in page, name


def test_a_chart_is_drawn_when_first_used_and_once(tmp_path: Path) -> None:
    charts = Charts(
        {"rag_by_theme": ("rag_by_theme", ([ThemeRag("Recruiting", red=1)],), {})}, tmp_path
    )
    assert "rag_by_theme" in charts and "risk_heat_map" not in charts and len(charts) == 1
    assert list(charts) == ["rag_by_theme"] and charts.drawn == []
    assert not (tmp_path / CHART_DIR).exists()  # knowing it is there draws nothing
    first = charts["rag_by_theme"]
    assert charts.drawn == [first] and (tmp_path / first["path"]).is_file()
    assert "Recruiting" in first["alt"]
    (tmp_path / first["path"]).write_bytes(b"<svg/>")  # drawn once: not drawn again
    assert charts["rag_by_theme"] is first
    with pytest.raises(KeyError):
        charts["risk_heat_map"]
