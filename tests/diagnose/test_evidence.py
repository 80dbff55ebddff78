"""The evidence vocabulary: each check's met / partly met / not met, with locations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lws.diagnose.evidence import Finding, Location, Status, evaluate, items, resolve, walk_checks
from lws.model.load import Document, load_bytes

TODAY = dt.date(2026, 11, 24)
ACTIONS = """actions:
  - {id: A1, theme: t1, responsible: p, accountable: q, updated: 2026-11-01}
  - {id: A2, theme: t1, responsible: p, updated: 2026-01-01}
  - {id: A3, theme: t2, responsible: p, accountable: q, updated: 2026-10-01}
"""
VISION = """statement: We are ambitious.
themes:
  - {id: t1}
  - {id: t2}
  - {id: t3}
"""


def docs(**texts: str) -> dict[str, Document]:
    return {k: load_bytes(v.encode(), f"strategy/{k}.yaml") for k, v in texts.items()}


def run(check: dict[str, Any], **texts: str) -> Any:
    return evaluate(check, docs(**texts), TODAY)


def test_resolve_and_items() -> None:
    d = docs(actions=ACTIONS)
    found = resolve(d, "actions.actions")
    assert found is not None and len(found.value) == 3
    assert resolve(d, "actions.nothing") is None
    assert resolve(d, "missing.section") is None
    assert [i.location() for i in items(d, "actions.actions")][1] == Location(
        "strategy/actions.yaml", 3, 5, "actions[1]"
    )


def test_present() -> None:
    assert run({"present": {"value": "vision.statement"}}, vision=VISION).status is Status.MET
    assert run({"present": {"value": "vision.statement"}}, vision="themes: []\n").status is (
        Status.NOT_MET
    )


def test_count_with_min_gives_partly_below_the_minimum() -> None:
    check = {"count": {"items": "vision.themes", "min": 5}}
    finding = run(check, vision=VISION)
    assert finding.status is Status.PARTLY_MET
    assert finding.missing == ("3 of at least 5 vision.themes",)
    assert run({"count": {"items": "vision.themes", "min": 3}}, vision=VISION).status is Status.MET


def test_count_where() -> None:
    check = {"count": {"items": "actions.actions", "where": {"theme": "t2"}}}
    finding = run(check, actions=ACTIONS)
    assert finding.status is Status.MET
    assert [str(e) for e in finding.evidence] == ["strategy/actions.yaml:4"]


def test_every_reports_each_shortfall_at_its_item() -> None:
    check = {"every": {"items": "actions.actions", "has": ["responsible", "accountable"]}}
    finding = run(check, actions=ACTIONS)
    assert finding.status is Status.PARTLY_MET
    assert finding.missing == ("actions[1] (strategy/actions.yaml:3): no accountable",)
    assert [str(g) for g in finding.gaps] == ["strategy/actions.yaml:3"]


def test_every_recent() -> None:
    check = {"every": {"items": "actions.actions", "recent": {"field": "updated", "days": 120}}}
    finding = run(check, actions=ACTIONS)
    assert finding.status is Status.PARTLY_MET
    assert "updated is older than 120 days" in finding.missing[0]


def test_every_with_nothing_selected_is_not_met() -> None:
    check = {"every": {"items": "actions.actions", "where": {"theme": "zz"}, "has": ["id"]}}
    assert run(check, actions=ACTIONS).status is Status.NOT_MET


def test_every_future_and_unless() -> None:
    risks = """risks:
  - {id: R1, next_review: 2027-01-01}
  - {id: R2, next_review: 2026-01-01, status: closed}
  - {id: R3, next_review: 2026-02-01}
"""
    check = {
        "every": {"items": "risks.risks", "unless": {"status": "closed"}, "future": "next_review"}
    }
    finding = run(check, risks=risks)
    assert finding.status is Status.PARTLY_MET
    assert finding.missing == ("risks[2] (strategy/risks.yaml:4): next_review has passed",)


def test_referenced() -> None:
    check = {"referenced": {"items": "vision.themes", "by": "actions.actions", "field": "theme"}}
    finding = run(check, vision=VISION, actions=ACTIONS)
    assert finding.status is Status.PARTLY_MET
    assert finding.missing == (
        "themes[2] (strategy/vision.yaml:5) is not used by any actions.actions.theme",
    )


def test_date() -> None:
    launch = "launch: {date: 2026-12-01, event: x}\n"
    check = {"date": {"value": "communications.launch.date", "future": True}}
    assert run(check, communications=launch).status is Status.MET
    assert run(check, communications=launch.replace("2026-12", "2025-12")).status is (
        Status.PARTLY_MET
    )


def test_all_and_any() -> None:
    met = {"present": {"value": "vision.statement"}}
    unmet = {"present": {"value": "vision.principles"}}
    assert run({"all": [met, unmet]}, vision=VISION).status is Status.PARTLY_MET
    assert run({"all": [unmet, unmet]}, vision=VISION).status is Status.NOT_MET
    assert run({"any": [met, unmet]}, vision=VISION).status is Status.MET


def test_malformed_data_never_raises() -> None:
    check = {"every": {"items": "actions.actions", "has": ["x"], "future": "due"}}
    for text in ("actions: 3\n", "actions: [1, [2], null]\n", "- a\n", ""):
        assert run(check, actions=text).status in (Status.NOT_MET, Status.PARTLY_MET)


# -- exact findings: status, evidence, what is missing, gaps -------------------------------------


def test_date_findings_exactly() -> None:
    launch = "launch: {date: 2026-12-01, event: x}\n"
    check = {"date": {"value": "communications.launch.date", "future": True}}
    assert run(check, communications=launch) == Finding(
        Status.MET, (Location("strategy/communications.yaml", 1, 16, "launch.date"),)
    )
    passed = run(check, communications=launch.replace("2026-12-01", "2025-12-01"))
    assert passed == Finding(
        Status.PARTLY_MET, (), ("communications.launch.date (2025-12-01) has passed",)
    )
    today = run(check, communications=launch.replace("2026-12-01", TODAY.isoformat()))
    assert today.status is Status.MET  # due today has not passed
    unjudged = {"date": {"value": "communications.launch.date"}}
    assert run(unjudged, communications=launch.replace("2026-12", "2020-12")).status is (Status.MET)


def test_a_date_that_is_not_one_is_not_met() -> None:
    check = {"date": {"value": "communications.launch.date", "future": True}}
    for text in ("launch: {date: soon, event: x}\n", "launch: {event: x}\n", ""):
        assert run(check, communications=text) == Finding(
            Status.NOT_MET, (), ("no date at communications.launch.date",)
        )


def test_a_partial_date_is_judged_at_its_last_day() -> None:
    check = {"date": {"value": "communications.launch.date", "future": True}}
    finding = run(check, communications="launch: {date: 2026-09, event: x}\n")
    assert finding.status is Status.PARTLY_MET
    assert finding.missing == (
        "communications.launch.date (2026-09 (judged at 30 September 2026, the last day it "
        "can mean)) has passed",
    )
    later = run(check, communications="launch: {date: 2026-11, event: x}\n")
    assert later.status is Status.MET  # November 2026 has not ended on the 24th


def test_all_and_any_keep_evidence_missing_and_gaps() -> None:
    met = {"present": {"value": "vision.statement"}}
    unmet = {"present": {"value": "vision.principles"}}
    partly = {"every": {"items": "actions.actions", "has": ["accountable"]}}
    both = run({"all": [met, met]}, vision=VISION)
    assert both == Finding(Status.MET, (Location("strategy/vision.yaml", 1, 12, "statement"),) * 2)
    mixed = run({"all": [met, partly, unmet]}, vision=VISION, actions=ACTIONS)
    assert mixed.status is Status.PARTLY_MET
    assert [str(e) for e in mixed.evidence] == [
        "strategy/vision.yaml:1",
        "strategy/actions.yaml:2",
        "strategy/actions.yaml:4",
    ]
    assert mixed.missing == (
        "actions[1] (strategy/actions.yaml:3): no accountable",
        "no vision.principles",
    )
    assert [str(g) for g in mixed.gaps] == ["strategy/actions.yaml:3"]
    either = run({"any": [unmet, partly]}, vision=VISION, actions=ACTIONS)
    assert (either.status, either.missing) == (Status.PARTLY_MET, tuple(reversed(mixed.missing)))
    assert run({"any": [unmet, met]}, vision=VISION) == Finding(
        Status.MET, (Location("strategy/vision.yaml", 1, 12, "statement"),)
    )
    assert run({"any": [unmet, unmet]}, vision=VISION).status is Status.NOT_MET


def test_any_judges_dates_at_today() -> None:
    launch = "launch: {date: 2026-12-01, event: x}\n"
    check = {"any": [{"date": {"value": "communications.launch.date", "future": True}}]}
    assert run(check, communications=launch).status is Status.MET
    check = {"all": [{"date": {"value": "communications.launch.date", "future": True}}]}
    assert run(check, communications=launch).status is Status.MET


def test_walk_checks_reaches_every_nested_check() -> None:
    present = {"present": {"value": "vision.statement"}}
    count = {"count": {"items": "vision.themes"}}
    nested = {"any": [present, {"all": [count]}]}
    assert [kind for kind, _ in walk_checks(nested)] == ["any", "present", "all", "count"]


def test_what_a_check_selects_is_said_in_words() -> None:
    evidence = "evidence:\n  - {id: E1, kind: audit, current: true, with: managers}\n"
    cases = {
        "with": ("managers", "baseline.evidence where with is managers"),
        "kind": (["audit", "inspection"], "baseline.evidence where kind is audit or inspection"),
        "current": (False, "baseline.evidence where current is false"),
        "owner": (None, "baseline.evidence where owner is empty"),
        "id": (["E1", "E2", "E3"], "baseline.evidence where id is E1, E2 or E3"),
        "year": ([2024], "baseline.evidence where year is 2024"),
        "tag": ([], "baseline.evidence where tag is nothing"),
    }
    for key, (wanted, said) in cases.items():
        check = {"count": {"items": "baseline.evidence", "where": {key: wanted}, "min": 9}}
        assert run(check, baseline=evidence).missing[0].endswith(f" {said}"), key
    both = {"every": {"items": "baseline.evidence", "where": {"kind": "x", "current": True}}}
    assert run(both, baseline=evidence).missing == (
        "no baseline.evidence where kind is x and current is true",
    )
