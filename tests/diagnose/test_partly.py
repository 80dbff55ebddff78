"""The diagnostic on a partly-done strategy: every branch of the evidence vocabulary decides.

``tests/fixtures/partly/`` is Westvale, a trust in the second year of its first strategy:
the action plan runs, the gap analysis, innovation work and publication plans are not
done, some records lack fields, a review date has slipped, and the trust asks four
questions of its own (``criteria/local.yaml``). It passes ``lws check`` (with warnings);
the diagnostic finds each criterion met, partly met or not met, for a reason pinned here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from lws.diagnose.check import check_project
from lws.diagnose.diagnostic import Report, diagnose, load_criteria
from lws.diagnose.evidence import CHECKS, Status, evaluate, walk_checks
from lws.model.project import load_strategy

PARTLY = Path(__file__).resolve().parents[1] / "fixtures" / "partly"
TODAY = dt.date(2026, 11, 24)
STRATEGY = load_strategy(PARTLY)
CRITERIA = load_criteria(PARTLY)
MET, PARTLY_MET, NOT_MET = Status.MET, Status.PARTLY_MET, Status.NOT_MET


def report() -> Report:
    """The diagnostic, made afresh in each test (so mutation testing sees who calls what)."""
    return diagnose(STRATEGY.documents, CRITERIA, TODAY)


# criterion: (status, what is missing) — with the branch of the vocabulary that decides it
OUTCOMES: dict[str, tuple[Status, tuple[str, ...]]] = {
    # present
    "Q23": (MET, ()),
    "Q43": (NOT_MET, ("no communications.working_group.group",)),
    # count: met, below the minimum, none; `where` selects (a list of values too); `has`
    "Q14": (MET, ()),
    "Q07": (
        PARTLY_MET,
        ("1 of at least 3 priorities.priorities where source is sector_interviews",),
    ),
    "Q09": (NOT_MET, ("0 of at least 3 priorities.priorities where source is sector_plans",)),
    "Q28": (  # any, partly: one inspection of the two audits or inspections asked for
        PARTLY_MET,
        ("1 of at least 2 baseline.evidence where kind is audit or inspection",),
    ),
    "Q62": (  # the review of children's views consulted nobody first hand: `has` decides
        NOT_MET,
        ("0 of at least 1 sustaining.reviews where focus is children_and_young_people",),
    ),
    "Q63": (MET, ()),
    # every: met, partly, none good, nothing selected; has / true / future / recent / unless
    "Q52": (MET, ()),
    "Q03": (NOT_MET, ("cycles[0] (strategy/alignment.yaml:29): aligned is not true",)),
    "Q53": (
        NOT_MET,
        ("reporting (strategy/sustaining.yaml:18): guidance_shared is not true",),
    ),
    "Q08": (NOT_MET, ("no priorities.priorities where source is community_strategy",)),
    "Q36": (
        PARTLY_MET,
        (
            "actions[2] (strategy/actions.yaml:28): updated is older than 120 days",
            "actions[3] (strategy/actions.yaml:39): no start, no stage, updated is older than "
            "120 days",
        ),
    ),
    "Q59": (  # R4 is closed and its review long past: `unless` leaves it out
        PARTLY_MET,
        (
            "risks[1] (strategy/risks.yaml:14): no mitigations",
            "risks[2] (strategy/risks.yaml:22): next_review has passed",
        ),
    ),
    "Q58": (PARTLY_MET, ("kpis[1] (strategy/measures.yaml:13): no latest",)),
    # referenced: met, partly, none used, nothing to reference
    "Q24": (MET, ()),
    "Q20": (
        PARTLY_MET,
        (
            "3 of at least 5 engagement.engagement_plan",
            "stakeholders[3] (strategy/engagement.yaml:25) is not used by any "
            "engagement.engagement_plan.stakeholder",
        ),
    ),
    "Q44": (
        NOT_MET,
        tuple(
            f"organisations[{n}] (strategy/people.yaml:{line}) is not used by any "
            "communications.sign_off.organisation"
            for n, line in enumerate((4, 7, 10))
        ),
    ),
    "Q30": (NOT_MET, ("0 of at least 4 innovation.solutions", "no innovation.challenges")),
    # date: met, passed (partly), absent
    "W02": (MET, ()),
    "W01": (PARTLY_MET, ("manifest.review_date (2026-09-30) has passed",)),
    "Q45": (
        NOT_MET,
        ("no communications.launch.event", "no date at communications.launch.date"),
    ),
    # all: met, partly, not met
    "Q06": (MET, ()),
    "Q05": (
        PARTLY_MET,
        (
            "4 of at least 5 engagement.stakeholders",
            "stakeholders[3] (strategy/engagement.yaml:25): no workforce, no sector",
        ),
    ),
    "Q57": (  # `where` on two fields: the children's plan cycle is there but not aligned
        PARTLY_MET,
        (
            "0 of at least 1 alignment.cycles where name is childrens_plan and aligned is true",
            "0 of at least 1 alignment.cycles where name is performance_management",
        ),
    ),
    "Q33": (
        NOT_MET,
        ("0 of at least 2 impact_mapping.matrix", "0 of at least 1 impact_mapping.chains"),
    ),
    # any: met, partly (Q28 above), not met
    "W03": (MET, ()),
    "W04": (
        NOT_MET,
        (
            "0 of at least 1 engagement.stakeholders where sector is education",
            "0 of at least 1 priorities.priorities where sector is education",
        ),
    ),
    # headline questions: their status follows the questions beneath them
    "Q12": (MET, ()),
    "Q01": (PARTLY_MET, ("Q03 not met",)),
    "Q37": (NOT_MET, ("Q38 not met", "Q39 not met", "Q40 not met")),
}


def test_the_fixture_passes_lws_check_with_its_warnings() -> None:
    problems = check_project(PARTLY, TODAY)
    assert [(d.severity.value, d.file, d.line, d.message) for d in problems] == [
        (
            "warning",
            "strategy/actions.yaml",
            18,
            "action 'A2' was due on 2026-09-30 and is not complete",
        ),
        (
            "warning",
            "strategy/measures.yaml",
            13,
            "KPI 'K2' has no value in the last 6 months (last recorded 2025-09-30)",
        ),
        ("warning", "strategy/risks.yaml", 22, "risk 'R3' was due for review on 2026-07-01"),
    ]


@pytest.mark.parametrize("criterion", sorted(OUTCOMES))
def test_outcome_and_reason(criterion: str) -> None:
    result = report().result(criterion)
    assert (result.status, result.finding.missing) == OUTCOMES[criterion]
    if result.status is MET and result.criterion.evidence:
        assert result.finding.evidence, "a met criterion cites its evidence"


def test_the_mix_and_the_gate() -> None:
    counts = defaultdict(list)
    done = report()
    for result in done.results:
        counts[result.status].append(result.criterion.id)
    assert {status: len(ids) for status, ids in counts.items()} == {
        MET: 16,
        PARTLY_MET: 26,
        NOT_MET: 25,
    }
    assert round(done.overall * 100) == 47
    assert done.gate.passed  # the trust's gate: Q23, Q24, Q52 and a score of 30


def test_self_assessment_disagreements_are_found() -> None:
    disagree = {r.criterion.id for r in report().results if r.disagreement}
    assert {"Q36", "Q59"} <= disagree  # answered yes; the data says partly met
    assert "Q52" not in disagree


def _outcomes_by_kind() -> dict[str, set[Status]]:
    """Every check and nested check of every criterion, evaluated on the fixture."""
    seen: dict[str, set[Status]] = defaultdict(set)
    for criterion in CRITERIA:
        if not criterion.evidence:
            continue
        for kind, spec in walk_checks(criterion.evidence):
            check: dict[str, Any] = {kind: spec}
            seen[kind].add(evaluate(check, STRATEGY.documents, TODAY).status)
    return seen


def test_every_kind_of_check_decides_every_outcome_it_can() -> None:
    seen = _outcomes_by_kind()
    assert set(seen) == set(CHECKS)
    possible = {kind: {MET, PARTLY_MET, NOT_MET} for kind in CHECKS}
    possible["present"] = {MET, NOT_MET}
    assert dict(seen) == possible
