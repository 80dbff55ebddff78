"""The render context: what templates see, computed from section data and a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from lws.diagnose.diagnostic import diagnose, load_criteria
from lws.model.project import load_strategy
from lws.publish.context import build_context, diagnostic_context, with_defaults

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)
PEOPLE = {
    "people": [
        {"id": "dcs", "name": "Ann Director", "role": "Director of Children's Services"},
        {"id": "lead", "name": "Ben Lead", "role": "Workforce lead"},
    ],
    "groups": [{"id": "board", "name": "Programme Board"}],
    "organisations": [{"id": "nhs", "name": "NHS trust"}],
}


def context(today: dt.date = TODAY, **sections: Any) -> dict[str, Any]:
    return build_context({"people": PEOPLE, **sections}, today)


def risk(rid: str, p: Any, i: Any, **more: Any) -> dict[str, Any]:
    return {"id": rid, "title": f"Risk {rid}", "probability": p, "impact": i, **more}


# -- risks -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("probability", "impact", "band"),
    [
        (5, 5, "high"),
        (3, 5, "high"),
        (4, 4, "high"),
        (3, 4, "medium"),
        (2, 3, "medium"),
        (1, 5, "low"),
        (2, 2, "low"),
        (1, 1, "low"),
    ],
)
def test_risk_band_boundaries(probability: int, impact: int, band: str) -> None:
    (shown,) = context(risks={"risks": [risk("R1", probability, impact)]})["risks"]
    assert (shown["band"], shown["band_label"]) == (band, band.upper())


def test_risks_are_scored_labelled_and_ordered_by_score_then_id() -> None:
    risks = [risk("R3", 2, 3), risk("R1", 3, 5, owner="lead"), risk("R2", 5, 3, owner="zed")]
    shown = context(risks={"risks": risks})["risks"]
    assert [(r["id"], r["score"], r["band"], r["band_label"]) for r in shown] == [
        ("R1", 15, "high", "HIGH"),
        ("R2", 15, "high", "HIGH"),
        ("R3", 6, "medium", "MEDIUM"),
    ]
    assert [(r["probability_label"], r["impact_label"]) for r in shown] == [
        ("likely", "catastrophic"),
        ("almost certain", "moderate"),
        ("possible", "moderate"),
    ]
    assert [r["owner_name"] for r in shown] == ["Ben Lead", "zed", ""]
    assert shown[0]["title"] == "Risk R1"  # the author's fields are kept


@pytest.mark.parametrize(
    ("p", "i", "labels", "band"),
    [
        (1, 1, ("rare", "insignificant"), "low"),
        (5, 5, ("almost certain", "catastrophic"), "high"),
        (0, 3, ("", ""), ""),
        (6, 2, ("", ""), ""),
        (3, 0, ("", ""), ""),
        (2, 6, ("", ""), ""),
        (True, 3, ("", ""), ""),  # a yes/no is not a number
        ("4", 2, ("", ""), ""),
        (None, None, ("", ""), ""),
    ],
)
def test_only_a_risk_rated_on_the_five_point_scales_is_labelled_and_banded(
    p: Any, i: Any, labels: tuple[str, str], band: str
) -> None:
    (shown,) = context(risks={"risks": [risk("R1", p, i)]})["risks"]
    assert (shown["probability_label"], shown["impact_label"]) == labels
    assert (shown["band"], shown["band_label"]) == (band, band.upper())


def test_closed_risks_leave_the_top_risks_counts_and_decisions() -> None:
    risks = [risk(f"R{n}", 5, 5 - n % 3) for n in range(1, 8)]
    risks.append(risk("R9", 5, 5, status="closed", next_review="2027-01-14"))
    ctx = context(risks={"risks": risks})
    assert [r["id"] for r in ctx["risks"]][:2] == ["R3", "R6"]  # 25, 25; R9 is closed
    assert "R9" in [r["id"] for r in ctx["risks"]]
    assert [r["id"] for r in ctx["top_risks"]] == ["R3", "R6", "R1", "R4", "R7"]
    assert ctx["risk_counts"] == {"high": 7}
    assert [d["ask"] for d in ctx["decisions"]] == [
        f"Agree the response to the risk “Risk {r}”"
        for r in ("R3", "R6", "R1", "R4", "R7", "R2", "R5")
    ]
    assert ctx["decisions"][0]["why"] == "Rated high: almost certain, with catastrophic impact."
    closed = next(r for r in ctx["risks"] if r["id"] == "R9")
    assert (closed["status"], closed["next_review_text"]) == ("closed", "14 January 2027")
    assert ctx["risks"][0]["status"] == "open"  # the default
    assert ctx["risks"][0]["next_review_text"] == ""


def test_risk_counts_by_band() -> None:
    risks = [risk("R1", 5, 5), risk("R2", 2, 3), risk("R3", 1, 2), risk("R4", 1, 1)]
    assert context(risks={"risks": risks})["risk_counts"] == {"high": 1, "medium": 1, "low": 2}


# -- actions and themes ----------------------------------------------------------------------


def actions(*rows: dict[str, Any]) -> dict[str, Any]:
    return {"stages": ["resourcing", "designing", "piloting"], "actions": list(rows)}


@pytest.mark.parametrize(
    ("stage", "name"),
    [(1, "resourcing"), (3, "piloting"), (0, ""), (4, ""), (-1, ""), ("2", ""), (None, "")],
)
def test_action_stage_names(stage: Any, name: str) -> None:
    (action,) = context(actions=actions({"id": "A1", "stage": stage}))["actions"]
    assert action["stage_name"] == name


def test_actions_resolve_people_rag_and_due_date() -> None:
    rows = actions(
        {"id": "A1", "responsible": "lead", "accountable": "dcs", "rag": "not_yet_started"},
        {"id": "A2", "responsible": "gone", "rag": "blue", "due": "2027-03-31"},
    )
    a1, a2 = context(actions=rows)["actions"]
    assert (a1["responsible_name"], a1["accountable_name"]) == ("Ben Lead", "Ann Director")
    assert (a1["rag_label"], a1["due_text"]) == ("Not yet started", "")
    assert (a2["responsible_name"], a2["accountable_name"]) == ("gone", "")
    assert (a2["rag_label"], a2["due_text"]) == ("blue", "31 March 2027")


def test_red_actions_are_decisions_with_their_comments() -> None:
    rows = actions(
        {"id": "A1", "title": "Site", "rag": "red", "comments": "Funding withdrawn"},
        {"id": "A2", "title": "Hub", "rag": "red"},
        {"id": "A3", "title": "Pay", "rag": "amber", "comments": "Late"},
    )
    decisions = context(actions=rows)["decisions"]
    assert [(d["ask"], d["why"]) for d in decisions] == [
        ("Help unblock “Site”", "Funding withdrawn"),
        ("Help unblock “Hub”", "The action is red and needs the sponsor's help."),
    ]


@pytest.mark.parametrize(
    ("rags", "overall"),
    [
        (["green", "red", "amber"], "Red"),
        (["green", "amber", "complete"], "Amber"),
        (["complete", "green"], "Green"),
        (["complete", "not_yet_started"], "Green"),  # under way (core/rag.theme_status)
        (["not_yet_started", "not_yet_started"], "Not yet started"),
        (["complete", "complete"], "Complete"),
        (["blue"], "Not rated"),
        ([], "No actions"),
    ],
)
def test_a_themes_overall_rag_follows_the_roll_up_rule(rags: list[str], overall: str) -> None:
    rows = actions(*({"id": f"A{n}", "theme": "t1", "rag": r} for n, r in enumerate(rags)))
    rows["actions"].append({"id": "X", "theme": "t2", "rag": "red"})
    vision = {"themes": [{"id": "t1", "title": "Recruit", "lead": "lead"}]}
    (theme,) = context(actions=rows, vision=vision)["themes"]
    assert theme["overall"] == overall
    assert [a["id"] for a in theme["actions"]] == [f"A{n}" for n in range(len(rags))]
    assert theme["lead_name"] == "Ben Lead"


def test_theme_rows_count_every_rag() -> None:
    rows = actions(*({"id": f"A{n}", "theme": "t1", "rag": r} for n, r in enumerate("rrg")))
    for a, rag in zip(rows["actions"], ["red", "red", "green"], strict=True):
        a["rag"] = rag
    vision = {"themes": [{"id": "t1", "title": "Recruit"}]}
    (row,) = context(actions=rows, vision=vision)["theme_rows"]
    counts = {"red": 2, "amber": 0, "green": 1, "not_yet_started": 0, "complete": 0}
    assert row["rag_counts"] == counts
    assert {k: row[k] for k in counts} == counts
    assert row["title"] == "Recruit"


# -- KPIs ------------------------------------------------------------------------------------


def kpi(baseline: Any, target: Any, latest: Any = None, **more: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"id": "K1", "baseline": {"value": baseline}, "target": {"value": target}}
    if latest is not None:
        out["latest"] = {"value": latest}
    return {**out, **more}


@pytest.mark.parametrize(
    ("values", "progress", "text", "on_track"),
    [
        ((10, 20, 15), 50, "50% of the way", True),
        ((10, 20, 14.9), 49, "49% of the way", False),
        ((10, 20, 14.96), 50, "50% of the way", True),  # rounded, then judged
        ((21.4, 12, 18.9), 27, "27% of the way", False),  # a KPI that should go down
        ((40, 20, 10), 150, "150% of the way", True),
        ((10, 20, 5), -50, "-50% of the way", False),
        ((10, 10, 10), None, "", False),  # target equals baseline: no progress to measure
        ((10, 20, None), None, "", False),
        (("ten", 20, 15), None, "", False),
        ((10, 20, 20), 100, "100% of the way", True),
    ],
)
def test_kpi_progress_against_target(
    values: tuple[Any, Any, Any], progress: int | None, text: str, on_track: bool
) -> None:
    measures = {"kpis": [kpi(*values)]}
    (shown,) = context(measures=measures)["kpis"]
    assert (shown["progress"], shown["progress_text"], shown["on_track"]) == (
        progress,
        text,
        on_track,
    )


def test_kpi_values_as_text() -> None:
    point = {"value": 21.4, "date": "2025-09-30"}
    rows = [
        {"id": "K1", "unit": "%", "baseline": point, "target": {"value": 12.0}},
        {"id": "K2", "unit": "posts", "baseline": {"value": 3}, "target": {"value": 1.25}},
        {"id": "K3", "baseline": {"value": 0}, "target": {}, "latest": {"value": None}},
    ]
    k1, k2, k3 = context(measures={"kpis": rows})["kpis"]
    assert (k1["baseline_text"], k1["target_text"]) == ("21.4% (September 2025)", "12%")
    # not yet measured, said once (in its status), not as "not yet recorded" and a dash too
    assert (k1["latest_text"], k1["progress_text"], k1["trend_text"]) == ("", "", "")
    assert k1["status_text"] == "Not yet measured"
    assert (k2["baseline_text"], k2["target_text"]) == ("3 posts", "1.25 posts")
    assert (k3["baseline_text"], k3["target_text"], k3["latest_text"]) == ("0", "", "")


# -- people, the manifest --------------------------------------------------------------------


def test_people_and_the_manifest() -> None:
    manifest = {
        "trust": {"name": "Testshire Children's Trust"},
        "period": {"start": "2026-04-01", "end": dt.date(2029, 3, 31)},
        "owner": "lead",
        "sponsor": "nobody",
        "contacts": [{"person": "lead", "about": "the strategy"}, {"person": "x"}],
    }
    scope = {"charter": {"team": ["dcs", "lead", "temp"]}}
    ctx = context(manifest=manifest, scope=scope)
    assert ctx["trust"] == "Testshire Children's Trust"
    assert ctx["period"] == "1 April 2026 to 31 March 2029"
    assert (ctx["owner"], ctx["sponsor"]) == ("Ben Lead, Workforce lead", "nobody")
    assert ctx["team_names"] == ["Ann Director", "Ben Lead", "temp"]
    assert ctx["people_names"] == {
        "dcs": "Ann Director, Director of Children's Services",
        "lead": "Ben Lead, Workforce lead",
    }
    assert ctx["group_names"] == {"board": "Programme Board"}
    assert ctx["organisations"] == {"nhs": PEOPLE["organisations"][0]}
    assert ctx["contacts"] == [
        {**PEOPLE["people"][1], "about": "the strategy"},
        {"about": None},
    ]
    assert ctx["today"] == "24 November 2026"  # the day it is as at, as printed


def test_an_empty_strategy_gives_an_empty_context() -> None:
    ctx = build_context({}, TODAY)
    assert ctx["period"] == ""  # not " to "
    one = {"manifest": {"period": {"start": 2014}}}
    assert build_context(one, TODAY)["period"] == "from 2014"
    assert build_context({"manifest": {"period": {"end": 2017}}}, TODAY)["period"] == "until 2017"
    assert (ctx["trust"], ctx["owner"], ctx["sponsor"]) == ("", "", "")
    for key in ("actions", "kpis", "risks", "top_risks", "decisions", "themes", "theme_rows"):
        assert ctx[key] == [], key
    assert ctx["risk_counts"] == {}
    assert ctx["lesson_grid"] == []
    assert ctx["budget_line"] == ""


def test_malformed_sections_never_raise() -> None:
    ctx = build_context({"actions": ["x"], "risks": {"risks": [1, None]}, "people": 3}, TODAY)
    assert (ctx["actions"], ctx["risks"]) == ([], [])


# -- vision rows: priorities, impact matrix, chains, lessons ------------------------------------


def test_priorities_are_grouped_by_source_in_the_guides_order() -> None:
    priorities = [
        {"id": "p1", "title": "One", "source": "national_regional"},
        {"id": "p2", "title": "Two", "source": "childrens_plan"},
        {"id": "p3", "title": "Three", "source": "national_regional"},
        {"id": "p4", "title": "Four", "source": "hearsay"},
    ]
    groups = context(priorities={"priorities": priorities})["priority_sources"]
    assert [(g["title"], g["caption"], [p["id"] for p in g["rows"]]) for g in groups] == [
        (
            "From the children and young people's plan",
            "Priorities from the children and young people's plan",
            ["p2"],
        ),
        ("National and regional priorities", "National and regional priorities", ["p1", "p3"]),
        # a source in the trust's own words, after the guide's: its heading as written
        ("hearsay", "Priorities from “hearsay”", ["p4"]),
    ]


def test_impact_matrix_and_chains() -> None:
    priorities = {
        "priorities": [
            {"id": "p1", "title": "Safeguarding", "trust_objective": True},
            {"id": "p2", "title": "Local only"},
            {"id": "p3", "title": "Early help", "trust_objective": True},
        ]
    }
    innovation = {"solutions": [{"id": "s1", "title": "Academy"}]}
    measures = {"kpis": [{"id": "K1", "title": "Vacancies"}]}
    mapping = {
        "matrix": [
            {"solution": "s1", "ratings": [{"priority": "p3", "impact": "high"}]},
            {"solution": "s9", "ratings": [{"priority": "p1", "impact": "odd"}]},
        ],
        "chains": [
            {"solution": "s1", "priority": "p1", "kpis": ["K1", "K2"]},
            {"solution": "s9", "priority": "p9", "trust_issue": "Our own words"},
            {"solution": "s1", "priority": "p9"},
        ],
    }
    ctx = context(
        priorities=priorities, innovation=innovation, measures=measures, impact_mapping=mapping
    )
    assert ctx["impact_matrix"] == {
        "columns": ["Safeguarding", "Early help"],
        "rows": [["Academy", "", "High"], ["s9", "", ""]],
    }
    assert [(c["solution"], c["kpis"], c["issue"]) for c in ctx["chain_rows"]] == [
        ("Academy", ["Vacancies"], "Safeguarding"),  # K2 is not visible: left out, not named
        ("s9", [], "Our own words"),
        ("Academy", [], "p9"),
    ]


def test_lesson_grid_by_subject_and_outcome() -> None:
    lessons = [
        {"about": "strategy", "outcome": "worked_well", "lesson": "Short"},
        {"about": "strategy", "outcome": "worked_well", "lesson": "Owned"},
        {"about": "content", "outcome": "did_not_work", "lesson": "Too many KPIs"},
        {"about": "other", "outcome": "worked_ok", "lesson": "Ignored"},
    ]
    assert context(lessons={"lessons": lessons})["lesson_grid"] == [
        ["With the strategy itself", "Short; Owned", "", ""],
        ["With the content of the strategy", "", "", "Too many KPIs"],
    ]


# -- strategy rows: solutions, candidates, budget, impact models ---------------------------------


def test_candidates_are_numbered_and_the_budget_line_adds_the_chosen() -> None:
    innovation = {
        "challenges": [{"id": "c1", "title": "Recruiting"}, {"id": "c2", "title": "Empty"}],
        "solutions": [
            {"id": "s1", "title": "Academy", "challenge": "c1"},
            {"id": "s2", "title": "Fair", "challenge": "c1"},
        ],
    }
    candidates = [
        {"number": 2, "solution": "s2", "chosen": True, "cost": 1500.4},
        {"number": 1, "solution": "s1", "chosen": True, "cost": 250000},
        {"number": 3, "solution": "s3", "chosen": False, "cost": 99999},
        {"number": 4, "solution": "s4", "chosen": True, "cost": "a lot"},
    ]
    scope = {"resources": {"budget": 300000}}
    ctx = context(innovation=innovation, prioritisation={"candidates": candidates}, scope=scope)
    assert ctx["solutions_by_challenge"] == [
        {"title": "Recruiting", "solutions": ["Academy", "Fair"]},
        {"title": "Empty", "solutions": []},
    ]
    assert [(c["number"], c["title"]) for c in ctx["candidate_rows"]] == [
        (1, "Academy"),
        (2, "Fair"),
        (3, "s3"),
        (4, "s4"),
    ]
    assert ctx["budget_line"] == (
        "The chosen solutions cost £251,500 against a budget of £300,000."
    )


@pytest.mark.parametrize(
    ("budget", "candidates"),
    [("unknown", [{"number": 1, "chosen": True, "cost": 1}]), (300000, []), (None, [])],
)
def test_no_budget_line_without_a_budget_and_candidates(budget: Any, candidates: list[Any]) -> None:
    ctx = context(
        prioritisation={"candidates": candidates}, scope={"resources": {"budget": budget}}
    )
    assert ctx["budget_line"] == ""


def test_impact_model_rows() -> None:
    model = {
        "activity": ["Academy", "Mentors"],
        "desired_responses": "Apply",
        "final_outcomes": None,
    }
    assert context(impact_models={"models": [model]})["model_rows"] == [
        [["Academy; Mentors", "Apply", "", ""]]
    ]


# -- embed rows: communications, engagement --------------------------------------------------


def test_staff_involvement_shows_what_is_still_to_come() -> None:
    plan = [
        {"activity": "Briefing", "audience": "All staff", "date": "2026-10-01", "channel": "Hall"},
        {"activity": "Launch", "audience": "Staff", "date": "2026-11-24", "channel": "Online"},
        {"activity": "Roadshow", "audience": "staff and partners", "channel": "Visits"},
        {"activity": "Board", "audience": "Members", "date": "2027-01-01", "channel": "Paper"},
    ]
    ctx = context(communications={"plan": plan})
    # as a diary says them: the date (when given), then what and how
    assert ctx["involvement"] == ["24 November 2026: Launch. Online.", "Roadshow. Visits."]
    later = context(dt.date(2026, 11, 25), communications={"plan": plan[:2]})
    assert later["involvement"] == [  # nothing to come: the whole plan for staff
        "1 October 2026: Briefing. Hall.",
        "24 November 2026: Launch. Online.",
    ]
    said = [{"activity": "A summary in the staff newsletter", "audience": "staff",
             "channel": "Newsletter", "date": "2026-12-01"}]  # fmt: skip
    assert context(communications={"plan": said})["involvement"] == [
        "1 December 2026: A summary in the staff newsletter."  # the channel said once
    ]


def test_endorsers_comms_and_engagement_rows() -> None:
    comms = {
        "endorsers": [{"person": "dcs", "quote": "Yes"}, {"person": "x"}],
        "plan": [{"activity": "Briefing", "owner": "lead"}],
    }
    engagement = {
        "stakeholders": [{"id": "sw", "name": "Social workers"}],
        "engagement_plan": [{"stakeholder": "sw"}, {"stakeholder": "other"}],
    }
    ctx = context(communications=comms, engagement=engagement)
    assert [e["name"] for e in ctx["endorser_rows"]] == ["Ann Director", "x"]
    assert ctx["comms_rows"] == [
        {"activity": "Briefing", "owner": "lead", "owner_name": "Ben Lead"}
    ]
    assert [e["stakeholder"] for e in ctx["engagement_rows"]] == ["Social workers", "other"]


# -- with_defaults ---------------------------------------------------------------------------

RULES = {
    "type": "dict",
    "schema": {
        "title": {"type": "string"},
        "charter": {"type": "dict", "schema": {"team": {"type": "list"}}},
        "items": {
            "type": "list",
            "schema": {
                "type": "dict",
                "schema": {"id": {"type": "string"}, "tags": {"type": "list"}},
            },
        },
        "free": {"type": "list", "schema": {"type": "string"}},
        "anything": {"type": "dict"},
    },
}


def test_with_defaults_fills_every_key_the_schema_knows() -> None:
    assert with_defaults(None, RULES) == {
        "title": None,
        "charter": None,  # an absent mapping is None, so `{% if charter %}` is false
        "items": [],
        "free": [],
        "anything": None,
    }


def test_with_defaults_keeps_what_is_given_and_drops_unknown_keys() -> None:
    data = {
        "title": "T",
        "charter": {},
        "items": [{"id": "a"}, "odd"],
        "free": ["x", 1],
        "anything": {"k": 1},
        "unknown": 1,
    }
    assert with_defaults(data, RULES) == {
        "title": "T",
        "charter": {"team": []},
        "items": [{"id": "a", "tags": []}, None],
        "free": ["x", 1],
        "anything": {"k": 1},
    }


def test_with_defaults_of_a_malformed_section() -> None:
    assert with_defaults([1], RULES)["items"] == []
    assert with_defaults("x", {"type": "string"}) == "x"
    assert with_defaults("x", {"type": "list"}) == []


# -- the diagnostic as the board sees it ------------------------------------------------------


def test_diagnostic_context_on_the_example() -> None:
    strategy = load_strategy(ROOT)
    report = diagnose(strategy.documents, load_criteria(ROOT), TODAY)
    ctx = diagnostic_context(report)
    assert ctx["percent"] == round(report.overall * 100)
    assert ctx["passed"] is True
    assert len(ctx["modules"]) == 12
    first = ctx["modules"][0]
    assert first["module"] == 1
    assert first["score"] == "100%"
    assert first["met"] >= 1
    assert first["not_met"] == 0
    na = [m for m in ctx["modules"] if m.get("not_applicable")]
    assert na, "the example exempts Q29"


def test_a_theme_says_what_it_means_for_staff_from_what_it_has() -> None:
    from lws.publish.context import _staff_text

    actions = [
        {"title": "Run a joint recruitment campaign"},
        {"title": "CAF training for every lead professional"},
        {"title": "Agree a shared induction."},
        {"title": "A fourth action"},
    ]
    assert _staff_text({"for_staff": "Fairer caseloads.", "description": "D"}, actions) == (
        "Fairer caseloads."
    )
    assert _staff_text({"description": "Described."}, actions) == "Described."
    assert _staff_text({}, actions) == (
        "What we are doing: run a joint recruitment campaign, CAF training for every lead "
        "professional and agree a shared induction."
    )
    assert _staff_text({}, []) == ""


def test_the_risk_register_rates_each_risk_in_words() -> None:
    (shown,) = context(risks={"risks": [risk("R1", 3, 4)]})["risks"]
    assert shown["rating_text"] == "MEDIUM: likely, major impact"


def test_a_workforce_figure_names_its_source_by_title_never_by_id() -> None:
    baseline = {
        "evidence": [{"id": "sw-return", "title": "Social work workforce return"}],
        "workforce_data": [
            {"id": "v", "measure": "Vacancy rate", "source": "sw-return"},
            {"id": "w", "measure": "Turnover", "source": "withheld-survey"},  # not shown
        ],
    }
    rows = context(baseline=baseline)["workforce_rows"]
    assert [(r["measure"], r["source"]) for r in rows] == [
        ("Vacancy rate", "Social work workforce return"),
        ("Turnover", ""),
    ]
