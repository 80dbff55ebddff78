"""The typed model: built once from the example and from sparse, partly written strategies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lws.core.risks import RISK_BANDS
from lws.model.domain import (
    Point,
    Rating,
    Stage,
    Where,
    from_documents,
    from_sections,
)
from lws.model.load import load_bytes
from lws.model.project import load_strategy
from tests.conftest import ROOT


def test_the_example_is_read_whole_and_located() -> None:
    strategy = load_strategy(ROOT)
    model = from_documents(strategy.documents)
    assert [t.id for t in model.themes] == ["recruit", "modernise", "develop", "deploy"]
    assert len(model.actions) == 16 and len(model.kpis) == 10 and len(model.risks) == 9
    a1 = model.actions[0]
    assert (a1.id, a1.theme, a1.rag, a1.stage) == ("A1", "recruit", "green", Stage(4, "roll out"))
    assert (a1.due, a1.due_text) == (dt.date(2027, 6, 30), "2027-06-30")
    assert (a1.responsible, a1.accountable) == ("hr-council", "dcs")
    assert a1.where == Where("strategy/actions.yaml", 13, 5, ("actions", 0))
    k1 = model.kpis[0]
    assert (k1.id, k1.unit, k1.direction) == ("K1", "%", "down")
    assert k1.latest == Point(18.9, dt.date(2026, 9, 30), "2026-09-30")
    assert k1.target == Point(12, dt.date(2029, 3, 31), "2029-03-31")
    r1 = model.risks[0]
    assert (r1.id, r1.rating, r1.open, r1.mitigated) == ("R1", Rating(4, 4), True, True)
    assert r1.rating is not None and (r1.rating.score, str(r1.rating)) == (16, "16 HIGH")
    assert r1.where is not None and r1.where.file == "strategy/risks.yaml"
    assert r1.where.path == ("risks", 0) and r1.where.line == 9
    assert any(m.done for m in model.milestones) and all(m.date for m in model.milestones)
    assert sorted(c.number or 0 for c in model.candidates) == list(range(1, 11))
    assert model.statement and "\n" not in model.statement


def test_a_sparse_strategy_reads_as_absent_not_as_an_error() -> None:
    """Only ids and titles: every optional field absent, nothing raised."""
    sections: dict[str, Any] = {
        "vision": {"themes": [{"id": "t1", "title": "Recruiting"}]},
        "actions": {"actions": [{"id": "A1", "title": "Careers   site\n campaign"}]},
        "measures": {"kpis": [{"id": "K1", "title": "Vacancies", "latest": {"value": 3}}]},
        "risks": {"risks": [{"id": "R1", "title": "Pay", "probability": 4}]},
        "scope": {"charter": {"milestones": [{"title": "Charter agreed"}]}},
        "prioritisation": {"candidates": [{"solution": "academy"}]},
    }
    model = from_sections(sections)
    (theme,) = model.themes
    assert (theme.id, theme.title, theme.lead, theme.where) == ("t1", "Recruiting", None, None)
    (action,) = model.actions
    assert action.title == "Careers site campaign"
    assert (action.rag, action.stage, action.due, action.due_text) == (None, None, None, None)
    assert (action.responsible, action.accountable, action.comments) == (None, None, None)
    (kpi,) = model.kpis
    assert (kpi.unit, kpi.direction, kpi.baseline, kpi.target) == ("", None, None, None)
    assert kpi.latest == Point(3, None, None)
    (risk,) = model.risks
    assert (risk.rating, risk.owner, risk.next_review, risk.mitigated) == (None, None, None, False)
    assert (risk.probability, risk.impact) == (4, None)  # rated on one scale: no rating
    assert risk.open
    (milestone,) = model.milestones
    assert (milestone.date, milestone.done) == (None, False)
    (candidate,) = model.candidates
    assert (candidate.number, candidate.impact, candidate.doability) == (None, None, None)
    assert candidate.chosen is False
    assert from_sections({}).actions == () and from_sections({}).statement == ""


def test_data_of_the_wrong_shape_never_raises() -> None:
    """An unvalidated old revision: wrong types read as absent, text kept where it was."""
    sections: dict[str, Any] = {
        "actions": {"stages": "not a list", "actions": ["stray", {"id": 7, "stage": 2}]},
        "measures": {"kpis": [{"id": "K1", "baseline": {"value": "n/a", "date": "31/03/25"}}]},
        "risks": {"risks": [{"id": "R1", "probability": True, "impact": 3, "status": "x"}]},
        "vision": "a string where a mapping belongs",
        "scope": {"charter": []},
    }
    model = from_sections(sections)
    (action,) = model.actions  # the stray string is not an action
    assert (action.id, action.title, action.stage) == ("7", "", Stage(2, ""))
    assert model.kpis[0].baseline == Point(
        None, None, "31/03/25", "n/a"
    )  # n/a: a figure not available
    assert (model.risks[0].rating, model.risks[0].status) == (None, "open")
    assert model.themes == () and model.milestones == ()


def test_positions_do_not_take_part_in_equality() -> None:
    one = load_bytes(b"actions:\n  - id: A1\n    title: Site\n    rag: red\n", "a.yaml")
    two = load_bytes(b"# moved\n\nactions:\n\n  - {id: A1, title: Site, rag: red}\n", "a.yaml")
    first = from_documents({"actions": one}).actions[0]
    second = from_documents({"actions": two}).actions[0]
    assert first == second
    assert first.where is not None and second.where is not None
    assert (first.where.line, second.where.line) == (2, 5)


def test_ratings_band_by_score() -> None:
    assert Rating(3, 5).band is RISK_BANDS[0] and str(Rating(3, 5)) == "15 HIGH"
    assert Rating(2, 3).band.key == "medium" and Rating(1, 5).band.key == "low"
    # an old revision off the scales is banded by its score as if on the matrix
    assert Rating(0, 4).band.key == "low" and Rating(7, 5).band.key == "high"
    assert Rating(5, 1).on_scales and not Rating(0, 4).on_scales and not Rating(3, 6).on_scales
