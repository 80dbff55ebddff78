"""Mutated strategies through ``lws check`` and ``lws diagnose``: never exit 3, never a changed
source file.

Each case edits one section of the example: a random change to its data (a value replaced
by one of another kind, a key added or dropped, an item added, dropped or the list reversed),
or a few random characters put into its text. The normal test run tries a handful of cases;
``nox -s fuzz`` tries thousands (the profile "fuzz", see CONTRIBUTING.md).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lws.cli.main import main
from lws.core.errors import EXIT_BUG
from tests.authoring.test_diff_fields import LOADED, SOURCES, edits

ROOT = Path(__file__).resolve().parents[2]
NOISE = st.text(
    st.sampled_from([*":-[]{}#&*!|>'\"%@`,?\t\n ", "\u2028", "\x00", "é", "9", "a"]),
    min_size=1,
    max_size=4,
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted((root / "strategy").rglob("*")):
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.is_file() else b"")
    return h.hexdigest()


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """(fixture, section, the section file's new bytes)."""
    if draw(st.booleans()):
        name, section, _, docs = draw(edits())
        text = yaml.safe_dump(docs[section].data, allow_unicode=True, sort_keys=False)
        return name, section, text.encode("utf-8")
    name = draw(st.sampled_from(sorted(LOADED)))
    section = draw(st.sampled_from(sorted(LOADED[name])))
    text = (SOURCES[name] / f"{section}.yaml").read_text(encoding="utf-8")
    at = draw(st.integers(0, len(text)))
    cut = draw(st.integers(0, 3))
    return name, section, (text[:at] + draw(NOISE) + text[at + cut :]).encode("utf-8")


@pytest.mark.fuzz
@settings(
    max_examples=max(5, settings().max_examples // 10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=mutated())
def test_a_mutated_strategy_is_never_a_crash_and_never_changed(
    workdir: Path, case: tuple[str, str, bytes], capsys: pytest.CaptureFixture[str]
) -> None:
    name, section, content = case
    root = workdir / "project"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(SOURCES[name], root / "strategy")
    if name == "partly":
        shutil.copytree(SOURCES[name].parent / "criteria", root / "criteria")
    (root / "strategy" / f"{section}.yaml").write_bytes(content)
    before = digest(root)
    for command in ("check", "diagnose"):
        code = main([command, "--project", str(root), "--today", "2026-11-24"])
        err = capsys.readouterr().err
        assert code != EXIT_BUG, (command, section, err[-2000:])
        assert "Traceback" not in err
    assert digest(root) == before


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("- question: Q49\n", "- question: ['']\n"),  # found by nox -s fuzz: was exit 3
        ("- question: Q29\n    justification", "- question: [Q29]\n    justification"),
    ],
)
def test_a_question_that_is_not_an_id_is_a_located_error_not_a_crash(
    tmp_path: Path, old: str, new: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    path = tmp_path / "strategy" / "diagnostic.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    assert main(["check", "--project", str(tmp_path), "--today", "2026-11-24"]) == 1
    shown = capsys.readouterr()
    assert f"strategy/diagnostic.yaml:{line}:" in shown.out + shown.err
    assert "Traceback" not in shown.err
    assert main(["diagnose", "--project", str(tmp_path), "--today", "2026-11-24"]) != EXIT_BUG
    assert "Traceback" not in capsys.readouterr().err
