"""Ids are unique per kind; every reference names an id, reported where it is made."""

from __future__ import annotations

from pathlib import Path

from lws.model.load import Document, load_bytes
from lws.model.references import check_references
from lws.model.schema import load_schemas

SCHEMAS = load_schemas(Path(__file__).resolve().parents[2])

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
