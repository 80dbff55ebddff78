"""lws's own schemas and criteria: parsed once, kept in the private cache, read back the same."""

from __future__ import annotations

import gc
import json
import shutil
from pathlib import Path

import pytest

from lws.core.errors import LwsError
from lws.core.gcpause import paused_gc
from lws.core.patterns import PatternError, compile_pattern
from lws.core.resources import packaged
from lws.diagnose.diagnostic import load_criteria
from lws.model import schema
from lws.model.load import load_file
from lws.model.packaged import load_packaged
from lws.model.schema import SectionSchema, load_schemas

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "lws"


def packaged_files() -> list[Path]:
    return [
        *sorted(packaged("schema").glob("*.yaml")),
        packaged("criteria") / "diagnostic.yaml",
    ]


@pytest.mark.parametrize("path", packaged_files(), ids=lambda p: p.name)
def test_a_kept_file_reads_back_as_parsed(path: Path, cache: Path) -> None:
    fresh = load_file(path, path.parent, f"<lws>/{path.name}")
    first = load_packaged(path, f"<lws>/{path.name}")
    assert len(list(cache.rglob("*.json"))) == 1  # kept
    again = load_packaged(path, f"<lws>/{path.name}")
    assert first == fresh and again == fresh


def test_a_damaged_cache_entry_is_parsed_again(cache: Path) -> None:
    path = packaged("schema") / "vision.yaml"
    expected = load_packaged(path, "<lws>/schema/vision.yaml")
    (kept,) = cache.rglob("*.json")
    for damage in ("{not json", '{"file": 1}', "[]"):
        kept.write_text(damage, encoding="utf-8")
        assert load_packaged(path, "<lws>/schema/vision.yaml") == expected


def test_without_a_private_cache_files_are_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    path = packaged("schema") / "risks.yaml"
    assert load_packaged(path, "x") == load_file(path, path.parent, "x")


def test_schemas_and_criteria_are_the_same_from_the_cache(cache: Path) -> None:
    cold_schemas, cold_criteria = load_schemas(ROOT), load_criteria(ROOT)
    assert list(cache.rglob("*.json"))
    warm_schemas, warm_criteria = load_schemas(ROOT), load_criteria(ROOT)
    assert warm_criteria == cold_criteria
    assert {n: warm_schemas[n].fields for n in warm_schemas} == {
        n: cold_schemas[n].fields for n in cold_schemas
    }


def test_a_trusts_own_schema_is_never_taken_from_the_cache(tmp_path: Path, cache: Path) -> None:
    (tmp_path / "schema").mkdir()
    own = tmp_path / "schema" / "vision.yaml"
    own.write_text((packaged("schema") / "vision.yaml").read_text() + "\n# ours\n")
    load_schemas(tmp_path)
    kept = {json.loads(p.read_text())["file"] for p in cache.rglob("*.json")}
    assert "<lws>/schema/risks.yaml" in kept
    assert not any("vision" in name for name in kept)


def test_the_collector_is_paused_and_resumed() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()


def test_a_problem_in_lws_own_schema_is_placed_from_its_kept_positions(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """lws's schemas are read back without their positions; a problem found in one (here a
    pattern refused on purpose) is still placed exactly where the file says."""
    load_schemas(ROOT)  # kept
    for worked_out in cache.rglob("section-*.json"):
        worked_out.unlink()  # so the patterns are checked again, on the files read back
    refused = r"^[A-Za-z0-9_][A-Za-z0-9_./-]*\.(png|svg|jpg|jpeg)$"
    real = compile_pattern

    def refuse(pattern: str) -> object:
        if pattern == refused:
            raise PatternError("refused for the test")
        return real(pattern)

    monkeypatch.setattr(schema, "compile_pattern", refuse)
    with pytest.raises(LwsError) as caught:
        load_schemas(ROOT)
    (problem,) = caught.value.diagnostics
    path = packaged("schema") / "foreword.yaml"
    fresh = load_file(path, path.parent, "schema/foreword.yaml").position(problem.path)
    assert (problem.file, problem.line, problem.col) == ("schema/foreword.yaml", *fresh)
    assert problem.line == 19 and problem.path[-1] == "regex"


def worked_out(section: SectionSchema) -> tuple[object, ...]:
    """Everything a section schema is made of (its validator by the rules it checks)."""
    return (
        section.name,
        section.file,
        section.meta,
        section.fields,
        section.validator.schema,
        section.translated,
        section.marked,
    )


def test_lws_own_sections_are_kept_worked_out_and_read_back_the_same(cache: Path) -> None:
    """Rules expanded, patterns checked, the fast path's JSON Schema and the marked rules are
    worked out once and read back equal, and the fast path still compiles from them."""
    cold = load_schemas(ROOT)
    assert len(list(cache.rglob("section-*.json"))) == len(list(cold)) >= 20
    warm = load_schemas(ROOT)
    assert list(warm) == list(cold)
    for name in cold:
        assert not cold[name].known and warm[name].known, name  # read back, not worked out
        assert worked_out(warm[name]) == worked_out(cold[name])
        assert (warm[name].fast is None) == (cold[name].fast is None), name


def test_a_kept_section_holds_only_for_the_files_and_code_it_came_from(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_schemas(ROOT)
    (tmp_path / "schema").mkdir()
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    rules = tmp_path / "schema" / "_rules.yaml"
    rules.write_text((packaged("schema") / "_rules.yaml").read_text() + "\n# ours\n")
    theirs = load_schemas(tmp_path)  # the trust's own shared rules: nothing is kept lws's
    assert not any(theirs[name].known for name in theirs)
    rules.unlink()
    load_schemas(tmp_path)  # lws's own again (named <lws>/schema/…, as this project shows them)
    ours = load_schemas(tmp_path)
    assert all(ours[name].known for name in ours)
    monkeypatch.setattr(schema, "_code_digest", lambda: b"other code")
    changed = load_schemas(ROOT)
    assert not any(changed[name].known for name in changed)


def test_a_damaged_kept_section_is_worked_out_again(cache: Path) -> None:
    expected = load_schemas(ROOT)["actions"]
    kept = [p for p in cache.rglob("section-*.json") if "actions.yaml" in p.read_text()]
    (path,) = kept
    for damage in ("{not json", '{"file": 1}', "[]", '{"file": "x", "meta": {}}'):
        path.write_text(damage, encoding="utf-8")
        assert worked_out(load_schemas(ROOT)["actions"]) == worked_out(expected)
