"""A trust's criteria are checked against the evidence grammar: located errors, never a crash."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lws.core.resources import packaged
from lws.diagnose.grammar import check_problems
from lws.model.load import load_file

ROOT = Path(__file__).resolve().parents[2]


def test_every_packaged_criterion_fits_the_grammar() -> None:
    path = packaged("criteria") / "diagnostic.yaml"
    doc = load_file(path, path.parent)
    checks = [c["evidence"] for c in doc.data["criteria"] if c.get("evidence")]
    assert len(checks) > 50
    assert [list(check_problems(c)) for c in checks] == [[] for _ in checks]


@pytest.mark.parametrize(
    ("evidence", "where", "says"),
    [
        ("{present: 12}", ("present",), "takes a mapping"),
        ("{count: {path: [1, 2]}}", ("count", "items"), "items: required field"),
        ("{count: {items: actions.actions, min: many}}", ("count", "min"), "integer"),
        (
            "{every: {items: actions.actions, recent: {field: updated}}}",
            ("every", "recent"),
            "days",
        ),
        ("{all: []}", ("all",), "one or more checks"),
        (
            "{any: [{present: {value: vision.statement}}, {nosuch: 1}]}",
            ("any", 1, "nosuch"),
            "unknown",
        ),
        ("{count: {items: actions.actions}, every: {items: x.y}}", (), "one key"),
        ("[present]", (), "one key"),
    ],
)
def test_a_malformed_check_is_named_at_its_place(
    evidence: str, where: tuple[object, ...], says: str
) -> None:
    import yaml

    problems = list(check_problems(yaml.safe_load(evidence)))
    assert problems, evidence
    paths = [p for p, _ in problems]
    assert where in paths or any(p[: len(where)] == where for p in paths), problems
    assert any(says in message for _, message in problems), problems


LOCAL = """criteria:
  - id: L1
    question: Are the actions counted?
    modules: [9]
    evidence:
      count: {items: actions.actions, min: lots}
  - id: L2
    question: Is there a vision?
    modules: [5]
    evidence: {present: 12}
"""


def test_a_broken_local_criteria_file_is_a_located_error(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "local.yaml").write_text(LOCAL, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "lws", "check", str(tmp_path), "--today", "2026-11-24"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "Traceback" not in out
    assert "criteria/local.yaml:6:" in out and "L1: min: must be of integer type" in out
    assert "criteria/local.yaml:10:" in out and "L2:" in out and "takes a mapping" in out
