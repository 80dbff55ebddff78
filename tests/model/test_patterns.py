"""Schema patterns: whole-text matches, in linear time, and a trust's bad pattern located."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lws.core.patterns import PatternError, compile_pattern, full_match

ROOT = Path(__file__).resolve().parents[2]


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lws", "check", str(project), "--today", "2026-11-24"],
        capture_output=True,
        text=True,
        timeout=120,  # a backtracking engine would not finish at all
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    return tmp_path


def test_a_final_newline_does_not_match() -> None:
    assert full_match(r"^[A-Z][0-9]$", "A2")
    assert not full_match(r"^[A-Z][0-9]$", "A2\n")
    assert not full_match(r"[A-Z][0-9]", "xA2")  # unanchored patterns match the whole text too


def test_backreferences_and_lookaround_are_refused() -> None:
    for pattern in (r"(a)\1", r"^(?!0000)\d{4}$", r"x(?=y)"):
        with pytest.raises(PatternError, match="backreferences or lookaround"):
            compile_pattern(pattern)


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        ("actions.yaml", "  - id: A2\n", '  - id: "A2\\n"\n', "actions.yaml"),
        (
            "publication.yaml",
            "primary: '#",
            'primary: "#1d4f91\\n"\n    x: \'#',
            "publication.yaml",
        ),
    ],
)
def test_a_value_with_a_hidden_newline_is_an_error(
    project: Path, file: str, old: str, new: str, where: str
) -> None:
    path = project / "strategy" / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    done = check(project)
    assert done.returncode == 1
    line = text[: text.index(old)].count("\n") + 1
    assert f"strategy/{where}:{line}:" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_trusts_pattern_cannot_hang_check(project: Path) -> None:
    (project / "schema").mkdir()
    vision = (ROOT / "schema" / "vision.yaml").read_text(encoding="utf-8")
    assert "\n  statement: {" in vision
    slow = vision.replace("\n  statement: {", '\n  statement: {regex: "^(a+)+$", ', 1)
    (project / "schema" / "vision.yaml").write_text(slow, encoding="utf-8")
    path = project / "strategy" / "vision.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("statement:")
    end = text.index("\n", text.index("\n", start) + 1)
    path.write_text(text[:start] + "statement: " + "a" * 40 + "b" + text[end:], encoding="utf-8")
    done = check(project)
    assert done.returncode == 1
    assert "strategy/vision.yaml:" in done.stdout


def test_a_trusts_pattern_engine_cannot_run_is_located(project: Path) -> None:
    (project / "schema").mkdir()
    vision = (ROOT / "schema" / "vision.yaml").read_text(encoding="utf-8")
    bad = vision.replace("\n  statement: {", '\n  statement: {regex: "^(a)\\\\1$", ', 1)
    (project / "schema" / "vision.yaml").write_text(bad, encoding="utf-8")
    done = check(project)
    assert done.returncode == 1, done.stderr
    out = done.stdout + done.stderr
    assert "schema/vision.yaml:" in out and "backreferences or lookaround" in out
    assert "Traceback" not in out
