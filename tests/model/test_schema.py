"""The packaged schemas: complete descriptions, resolvable rule sets and references."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from lws.core.errors import LwsError
from lws.core.resources import packaged
from lws.model.schema import expand, is_date, keys_at, load_schemas, rule_at

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = load_schemas(ROOT)


def fields_of(rules: Mapping[str, Any], path: str = "") -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every field rule below ``rules``, with a readable path."""
    sub = rules.get("schema")
    if not isinstance(sub, Mapping):
        return
    if rules.get("type") == "list":
        yield from fields_of(sub, path + "[]")
        return
    for key, child in sub.items():
        yield f"{path}.{key}" if path else key, child
        yield from fields_of(child, f"{path}.{key}" if path else key)


def all_fields() -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for name in SCHEMAS:
        root = {"type": "dict", "schema": dict(SCHEMAS[name].fields)}
        for path, rules in fields_of(root):
            yield name, path, rules


def test_every_section_has_title_stage_and_description() -> None:
    for name in SCHEMAS:
        meta = SCHEMAS[name].meta
        assert {"title", "stage", "description"} <= set(meta), name


@pytest.mark.parametrize(("section", "path", "rules"), list(all_fields()))
def test_every_field_has_a_description(section: str, path: str, rules: Mapping[str, Any]) -> None:
    meta = rules.get("meta") or {}
    description = meta.get("description")
    assert isinstance(description, str) and description.strip(), f"{section}: {path}"
    # An unquoted description with a comma would be cut there, the rest becoming stray keys.
    assert set(meta) <= {"description", "example", "format", "note"}, f"{section}: {path}"


def test_every_reference_kind_is_defined_somewhere() -> None:
    defined = {r["defines"] for _, _, r in all_fields() if "defines" in r}
    referred = {r["refers"] for _, _, r in all_fields() if "refers" in r}
    for _, _, rules in all_fields():  # list items: schema: {type: string, refers: kind}
        item = rules.get("schema")
        if isinstance(item, Mapping) and "refers" in item:
            referred.add(item["refers"])
    assert referred - defined == {"owner"}  # an owner: a person, group or organisation


def test_the_guide_has_a_home_for_every_template() -> None:
    expected = {
        "priorities",  # template 1
        "engagement",  # templates 2 and 4
        "scope",  # template 3
        "baseline",  # template 5
        "impact_mapping",  # template 6
        "prioritisation",  # template 7
        "publication",  # template 8
        "implementation",  # templates 9 and 10
        "actions",  # template 11
        "risks",  # template 12
        "impact",  # template 13
        "lessons",
        "impact_models",
        "vision",
        "measures",
    }
    assert expected <= set(SCHEMAS)


def test_use_merges_shared_rules_under_the_field_rules() -> None:
    rules = {"hml": {"type": "string", "allowed": ["high", "medium", "low"]}}
    field = {"use": "hml", "required": True, "meta": {"description": "d"}}
    assert expand(field, rules, "f") == {
        "type": "string",
        "allowed": ["high", "medium", "low"],
        "required": True,
        "meta": {"description": "d"},
    }


def test_unknown_rule_set_is_reported() -> None:
    with pytest.raises(LwsError, match="unknown rule set 'nope'"):
        expand({"use": "nope"}, {}, "schema/x.yaml")


def test_rule_at_follows_lists_and_mappings() -> None:
    fields = SCHEMAS["actions"].fields
    assert (rule_at(fields, ("actions", 3, "rag")) or {})["allowed"][0] == "red"
    assert rule_at(fields, ("actions", 3, "nope")) is None
    assert "accountable" in keys_at(fields, ("actions", 0))


def test_project_schema_overrides_the_packaged_copy(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    text = (packaged("schema") / "lessons.yaml").read_text()
    (tmp_path / "schema" / "lessons.yaml").write_text(
        text.replace("title: Lessons learnt", "title: What we learnt")
    )
    assert load_schemas(tmp_path)["lessons"].title == "What we learnt"


def test_broken_project_schema_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "lessons.yaml").write_text("meta: {}\nfields:\n  x: {type: nonsense}\n")
    with pytest.raises(LwsError) as caught:
        load_schemas(tmp_path)
    assert caught.value.diagnostics[0].file == "schema/lessons.yaml"
    assert "not a valid Cerberus schema" in caught.value.diagnostics[0].message


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2026-04-01", True),
        ("2026-02-30", False),
        ("2026/04/01", False),
        (20260401, False),
        (2015, True),
        ("2015-07", True),
        ("July 2015", True),
        ("2014-17", True),
        ("TBC", True),
        ("soon", False),
        (True, False),
        (1850, False),
    ],
)
def test_is_date(value: object, ok: bool) -> None:
    assert is_date(value) is ok


@pytest.mark.parametrize("section", sorted(SCHEMAS))
def test_packaged_schema_is_a_valid_cerberus_schema(section: str) -> None:
    """lws skips this check at run time for its own schemas; here is where it is made."""
    from lws.model.schema import StrategyValidator

    StrategyValidator(dict(SCHEMAS[section].fields))  # raises SchemaError if not
