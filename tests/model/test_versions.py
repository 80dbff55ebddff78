"""The schema version in the manifest: older strategies still pass, newer ones are refused."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from lws.core.diagnostics import Severity
from lws.diagnose.check import check_project
from lws.model.versions import CURRENT, shown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = dt.date(2026, 12, 1)


def _v01(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "v0_1" / "strategy", tmp_path / "strategy")
    return tmp_path


def _set_version(root: Path, text: str) -> int:
    manifest = root / "strategy" / "manifest.yaml"
    lines = manifest.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("trust:"))
    lines.insert(at, f"schema_version: {text}\n")
    manifest.write_text("".join(lines), encoding="utf-8")
    return at + 1


def test_a_0_1_strategy_still_passes_with_a_warning_saying_what_changed(tmp_path: Path) -> None:
    found = check_project(_v01(tmp_path), TODAY)
    assert [d.severity for d in found] == [Severity.WARNING, Severity.WARNING]
    warning, structure = found  # the second: its structure leaves out parts it used to have
    assert (structure.file, structure.path) == ("strategy/publication.yaml", ("structure",))
    assert warning.file == "strategy/manifest.yaml"
    assert warning.path == ("schema_version",)
    assert f"written for data model 0.1; lws reads {shown(CURRENT)}" in warning.message
    assert "schema_version" in warning.message


def test_the_current_version_gives_no_message(tmp_path: Path) -> None:
    root = _v01(tmp_path)
    _set_version(root, f"'{shown(CURRENT)}'")
    assert check_project(root, TODAY) == []


def test_a_newer_version_is_a_located_error(tmp_path: Path) -> None:
    root = _v01(tmp_path)
    line = _set_version(root, "'9.0'")
    (error,) = [d for d in check_project(root, TODAY) if d.severity is Severity.ERROR]
    assert (error.file, error.line, error.col) == ("strategy/manifest.yaml", line, 17)
    assert "newer than this lws knows" in error.message
    assert "upgrade lws" in error.hint


def test_a_malformed_version_is_a_located_error(tmp_path: Path) -> None:
    root = _v01(tmp_path)
    line = _set_version(root, "two")
    errors = [d for d in check_project(root, TODAY) if d.severity is Severity.ERROR]
    assert errors and all(d.line == line for d in errors)
    assert any("'two' is not a schema version" in d.message for d in errors)
