"""The chart inputs a variant's data gives, read from the typed model."""

from __future__ import annotations

from typing import Any

from lws.model.domain import from_sections
from lws.publish.charts import RiskPoint, ThemeRag
from lws.publish.figures import _risk_points, _theme_rags

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
