"""The strategy at a glance in sentences, and whether two variants count the same progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lws.publish.context import build_context
from lws.publish.glance import figures_against, glance

TODAY = dt.date(2026, 11, 24)


def _actions(*rags: str) -> list[dict[str, Any]]:
    return [{"id": f"A{n}", "rag": rag} for n, rag in enumerate(rags, 1)]


def test_only_the_parts_there_are_are_said() -> None:
    assert glance(_actions("complete", "red", "red"), [], []) == [
        "Three actions: one complete and two red."
    ]
    many = _actions(*(["green"] * 12), "amber")
    assert glance(many, [], []) == ["13 actions: 12 on course (green) and 1 amber."]  # numerals


def test_none_and_all_are_said_as_words() -> None:
    kpis = [{"progress": None}] * 3
    assert glance([], kpis, []) == ["Three key performance indicators, none of them measured yet."]
    assert glance(_actions("red", "red"), [], []) == ["Two actions, all of them red."]
    assert glance(_actions("red"), [{"progress": None}], [{"band": ""}]) == [
        "One action, red.",
        "One key performance indicator, not measured yet.",
        "One open risk, not rated high.",
    ]
    assert glance([], [], [{"band": "low"}, {"band": "low"}]) == [
        "Two open risks, none of them rated high."
    ]


def _context(*rags: str) -> dict[str, Any]:
    actions = [
        {"id": f"A{n}", "title": f"Action {n}", "theme": "t", "rag": rag}
        for n, rag in enumerate(rags, 1)
    ]
    sections = {
        "vision": {"themes": [{"id": "t", "title": "Theme"}]},
        "actions": {"actions": actions},
    }
    return build_context(sections, TODAY)


def test_two_contexts_count_the_same_or_say_what_differs() -> None:
    assert figures_against(_context("red", "green"), _context("red", "green")) == "same"
    assert figures_against(_context("red", "green"), _context("red", "green", "amber")) == "actions"
    theirs = _context("red", "green")
    theirs["kpis"] = [{"id": "K1", "progress": 50, "on_track": True}]
    theirs["risks"] = [{"id": "R1", "band": "high", "status": "open"}]
    assert figures_against(_context("red", "green"), theirs) == (
        "key performance indicators and risks"
    )
