"""lws's own criteria file: checked once per version of it and of the rules, the verdict kept."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lws.core.errors import LwsError
from lws.diagnose import criteria
from lws.diagnose.criteria import load_criteria
from lws.model.load import load_bytes


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty private cache, and no criteria kept by this process yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(criteria, "_PACKAGED", {})
    return tmp_path / "cache" / "lws"


def refuse_to_check(doc: object) -> None:
    raise AssertionError("the criteria were checked again")


def test_lws_criteria_found_valid_once_are_not_checked_again(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked = load_criteria(tmp_path)
    (verdict,) = cache.glob("criteria-*/*.valid")
    monkeypatch.setattr(criteria, "_PACKAGED", {})  # as a new process would start
    monkeypatch.setattr(criteria, "_validate", refuse_to_check)
    assert load_criteria(tmp_path) == checked  # the same criteria, sources and all
    assert len(checked) == 63 and checked[0].source.line > 1
    verdict.unlink()
    monkeypatch.setattr(criteria, "_PACKAGED", {})
    with pytest.raises(AssertionError, match="checked again"):
        load_criteria(tmp_path)


def test_no_verdict_is_kept_for_a_file_with_problems(tmp_path: Path) -> None:
    verdict = tmp_path / "verdict.valid"
    doc = load_bytes(
        b"criteria:\n  - id: L01\n    question: Q?\n    modules: [5]\n"
        b"    evidence: {sometimes: {items: vision.themes}}\n",
        "criteria/diagnostic.yaml",
    )
    with pytest.raises(LwsError, match="unknown evidence check 'sometimes'"):
        criteria._checked(doc, verdict)
    assert not verdict.exists()
    empty = load_bytes(b"criteria: []\n", "criteria/diagnostic.yaml")
    assert criteria._checked(empty, verdict) == []
    assert verdict.is_file()


def test_a_verdict_holds_only_for_the_rules_that_gave_it(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change to the code that checks criteria (during development, with lws's version
    unchanged) is never answered by a verdict the old code gave."""
    rules = []
    for index, source in enumerate(criteria._RULES):
        copy = tmp_path / f"{index}-{Path(source).name}"
        shutil.copyfile(source, copy)
        rules.append(copy)
    monkeypatch.setattr(criteria, "_RULES", tuple(str(p) for p in rules))
    first = criteria._verdict("key")
    assert first is not None and first.parent.parent == cache
    assert criteria._verdict("key") == first
    assert criteria._verdict("another file") != first
    for rule in rules:
        before = rule.read_bytes()
        rule.write_bytes(before + b"\n# changed\n")
        assert criteria._verdict("key") != first, rule.name
        rule.write_bytes(before)
    rules[0].unlink()
    assert criteria._verdict("key") is None  # unreadable rules: check every time
