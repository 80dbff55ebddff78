"""The command line through its real entry point: exit codes, formats, documentation."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lws.cli.main import build_parser, main

ROOT = Path(__file__).resolve().parents[2]

MANIFEST = """trust: {name: Testshire Children's Trust}
title: Test strategy
period: {start: 2026-04-01, end: 2029-03-31}
version: '1.0'
status: draft
owner: lead
sponsor: dcs
review_date: 2027-03-31
schema_version: '0.3'
"""
PEOPLE = """people:
  - {id: dcs, name: A Director, role: Director of Children's Services}
  - {id: lead, name: A Lead, role: Workforce development lead}
"""


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    (tmp_path / "strategy").mkdir()
    (tmp_path / "strategy" / "manifest.yaml").write_text(MANIFEST)
    (tmp_path / "strategy" / "people.yaml").write_text(PEOPLE)
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_project_exits_0(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(mini))
    assert (code, out) == (0, "")
    assert err == "lws check passed: no problems found\n"


def test_errors_exit_1_with_sorted_located_messages(
    mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (mini / "strategy" / "manifest.yaml").write_text(
        MANIFEST.replace("sponsor: dcs", "sponsor: dsc").replace("owner: lead", "owner: laed")
    )
    code, out, err = run(capsys, "check", str(mini))
    assert code == 1
    assert out.splitlines() == [
        "strategy/manifest.yaml:6:8: error: owner: no person, group or organisation has the id "
        "'laed'",
        "    6 | owner: laed",
        "      |        ^",
        "  hint: did you mean 'lead'?",
        "strategy/manifest.yaml:7:10: error: sponsor: no person, group or organisation has the "
        "id 'dsc'",
        "    7 | sponsor: dsc",
        "      |          ^",
        "  hint: did you mean 'dcs'?",
    ]
    assert err == "lws check failed: 2 errors, 0 warnings in 1 file\n"


def test_warnings_fail_only_when_strict(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "strategy" / "lessons.yaml").write_text("")
    assert run(capsys, "check", str(mini))[0] == 0
    assert run(capsys, "check", "--strict", str(mini))[0] == 1


def test_json_format(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "strategy" / "lessons.yaml").write_text("lessons: {}\n")
    code, out, _ = run(capsys, "check", "--format", "json", str(mini))
    payload = json.loads(out)
    assert code == 1
    assert payload["summary"] == {"errors": 1, "warnings": 0}
    assert payload["diagnostics"][0]["path"] == "lessons"


def test_github_format(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (mini / "strategy" / "lessons.yaml").write_text("lessons: {}\n")
    _, out, _ = run(capsys, "check", "--format", "github", str(mini))
    assert out.startswith("::error file=strategy/lessons.yaml,line=1,col=10,title=lws error::")


def test_not_a_project_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(tmp_path))
    assert code == 2
    assert "has no strategy/ directory" in err


def test_bad_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check", "--format", "xml")[0] == 2
    assert run(capsys)[0] == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert re.fullmatch(r"lws \d+\.\d+\.\d+\n", out)


def test_python_dash_m_entry_point(mini: Path) -> None:
    (mini / "strategy" / "risks.yaml").write_text("risks: [1]\n")
    done = subprocess.run(
        [sys.executable, "-m", "lws", "check", str(mini)], capture_output=True, text=True
    )
    assert done.returncode == 1
    assert done.stdout.startswith("strategy/risks.yaml:1:9: error: risks[0]: expected a mapping")
    assert "Traceback" not in done.stderr


def test_readme_documents_every_command_and_option() -> None:
    readme = (ROOT / "README.md").read_text()
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    for name, sub in commands.choices.items():  # type: ignore[union-attr]
        assert f"### `lws {name}" in readme, name
        for action in sub._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in readme, f"lws {name} {option}"
