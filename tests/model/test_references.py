"""Ids are unique per kind; every reference names an id, reported where it is made."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from lws.core.diagnostics import DataPath
from lws.model.load import Document, load_bytes
from lws.model.project import load_strategy
from lws.model.references import check_references, occurrences
from lws.model.schema import load_schemas, marked_rules

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted(p.parent for p in (ROOT / "tests" / "fixtures").glob("*/strategy"))
SCHEMAS = load_schemas(ROOT)

PEOPLE = """people:
  - {id: dcs, name: Director, role: Director of Children's Services}
  - {id: hr-lead, name: HR lead, role: Head of HR}
"""
RISKS = """risks:
  - id: R1
    title: Budget cut
    probability: 2
    impact: 3
    owner: {owner}
    next_review: 2027-01-31
"""


def docs(**texts: str) -> dict[str, Document]:
    return {k: load_bytes(v.encode(), f"strategy/{k}.yaml") for k, v in texts.items()}


def problems(**texts: str) -> list[str]:
    return [d.format() for d in check_references(docs(**texts), SCHEMAS)[1]]


def test_resolved_references_are_clean() -> None:
    assert problems(people=PEOPLE, risks=RISKS.format(owner="dcs")) == []


def test_dangling_reference_suggests_the_nearest_id() -> None:
    assert problems(people=PEOPLE, risks=RISKS.format(owner="hr-led")) == [
        "strategy/risks.yaml:6:12: error: risks[0].owner: no person, group or organisation "
        "has the id 'hr-led'\n"
        "  hint: did you mean 'hr-lead'?"
    ]


def test_dangling_reference_lists_known_ids_and_where_they_live() -> None:
    (message,) = problems(people=PEOPLE, risks=RISKS.format(owner="mayor"))
    assert message.endswith(
        "hint: use a person, group or organisation id defined in strategy/people.yaml (dcs, "
        "hr-lead), or add 'mayor' there"
    )


def test_reference_to_a_kind_with_no_ids_at_all() -> None:
    (message,) = problems(risks=RISKS.format(owner="dcs"))
    assert message.endswith(
        "hint: define a person, group or organisation with id 'dcs' in strategy/people.yaml"
    )


def test_duplicate_ids_across_files_name_the_first() -> None:
    vision = "themes:\n  - {id: grow, title: Grow, description: d}\n"
    vision += "  - {id: grow, title: Grow again, description: d}\n"
    assert problems(vision=vision) == [
        "strategy/vision.yaml:3:10: error: themes[1].id: duplicate theme id 'grow' "
        "(first defined at strategy/vision.yaml:2)\n"
        "  hint: ids must be unique; rename one of them and update references to it"
    ]


def test_same_id_in_different_kinds_is_fine() -> None:
    vision = "themes:\n  - {id: dcs, title: T, description: d}\n"
    assert problems(people=PEOPLE, vision=vision) == []


def test_references_inside_lists_are_checked() -> None:
    kpis = """kpis:
  - id: K1
    title: Vacancies
    unit: '%'
    direction: down
    actions: [A1, A9]
    baseline: {value: 20, date: 2026-04-01}
    target: {value: 10, date: 2029-03-31}
"""
    actions = "actions:\n  - {id: A1, title: t, theme: grow, rag: green}\n"
    vision = "themes:\n  - {id: grow, title: Grow, description: d}\n"
    (message,) = problems(measures=kpis, actions=actions, vision=vision)
    assert message.startswith(
        "strategy/measures.yaml:6:19: error: kpis[0].actions[1]: no action has the id 'A9'"
    )


def test_index_finds_ids() -> None:
    index, _ = check_references(docs(people=PEOPLE), SCHEMAS)
    found = index.get("person", "dcs")
    assert found is not None and found.path == ("people", 0, "id")


def _every_marked_value(doc: Document, value: Any, rules: Any, path: DataPath) -> Iterator[Any]:
    """The walk over the whole schema, as it was before the rules were cut down: the oracle."""
    for marker in ("defines", "refers"):
        if isinstance(rules.get(marker), str) and isinstance(value, str):
            yield marker, rules[marker], value, doc.file, path
    sub = rules.get("schema")
    if not isinstance(sub, Mapping):
        return
    if rules.get("type") == "dict" and isinstance(value, dict):
        for key, item in value.items():
            if isinstance(sub.get(key), Mapping):
                yield from _every_marked_value(doc, item, sub[key], (*path, key))
    elif rules.get("type") == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _every_marked_value(doc, item, sub, (*path, index))


@pytest.mark.parametrize("root", [ROOT, *FIXTURES], ids=lambda p: p.name)
def test_the_cut_down_rules_find_every_id_and_reference_in_order(root: Path) -> None:
    strategy = load_strategy(root)
    found = [
        (marker, o.kind, o.value, o.doc.file, o.path)
        for marker, o in occurrences(strategy.documents, strategy.schemas)
    ]
    expected = [
        item
        for name, doc in strategy.documents.items()
        if isinstance(doc.data, dict)
        for item in _every_marked_value(
            doc, doc.data, {"type": "dict", "schema": dict(strategy.schemas[name].fields)}, ()
        )
    ]
    assert found == expected and len(found) > 20


def test_rules_without_ids_or_references_are_cut() -> None:
    assert marked_rules({"type": "dict", "schema": {"a": {"type": "string"}}}) is None
    rules = {
        "type": "dict",
        "schema": {
            "a": {"type": "string", "meta": {"description": "x"}},
            "b": {"type": "list", "schema": {"type": "string", "refers": "person"}},
            "c": {"type": "list", "schema": {"type": "dict", "schema": {"d": {"type": "x"}}}},
        },
    }
    assert marked_rules(rules) == {
        "type": "dict",
        "schema": {"b": {"type": "list", "schema": {"refers": "person"}}},
    }
