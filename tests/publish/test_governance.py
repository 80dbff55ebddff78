"""Governance in the full document: groups and partners as people.yaml gives them, by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lws.publish.governance import governance
from lws.publish.render import environment, render

ROOT = Path(__file__).resolve().parents[2]

PEOPLE = {"dcs": ("Andrea Pell", "Director of Children's Services")}
GROUPS = {"board": "Children's Trust Board", "wdg": "Workforce Development Group"}


def name(key: Any) -> str:
    if key in PEOPLE:
        return ", ".join(PEOPLE[key])
    return GROUPS.get(key, str(key))


def short(key: Any) -> str:
    return PEOPLE[key][0] if key in PEOPLE else GROUPS.get(key, str(key))


def test_a_group_says_only_what_is_given_by_name() -> None:
    people = {
        "groups": [
            {
                "id": "wdg",
                "name": "Workforce Development Group",
                "purpose": "Leads the work\non each priority.",
                "chair": "dcs",
                "meets": "every six weeks",
                "reports_to": "board",
                "members": ["dcs", "board"],
            },
            {"id": "board", "name": "Children's Trust Board", "purpose": "Agrees the strategy."},
        ],
        "organisations": [
            {"id": "nhs", "name": "Eastvale NHS Trust", "sector": "health"},
            {"id": "yjs", "name": "Youth Justice", "sector": "justice_and_crime_prevention"},
            {"id": "x", "name": "The Rotary Club", "sector": "other"},
        ],
    }
    out = governance(people, name, short)
    assert out["groups"] == [
        {
            "name": "Workforce Development Group",
            "purpose": "Leads the work on each priority.",
            "details": [
                "Chair: Andrea Pell, Director of Children's Services",
                "Meets: every six weeks",
                "Reports to: Children's Trust Board",
                "Members: Children's Trust Board",  # the chair is named once, as the chair
            ],
        },
        {"name": "Children's Trust Board", "purpose": "Agrees the strategy.", "details": []},
    ]
    assert out["partners"] == [
        "Eastvale NHS Trust (health)",
        "Youth Justice (justice and crime prevention)",
        "The Rotary Club",
    ]


def test_no_groups_and_no_partners_is_nothing() -> None:
    assert governance({}, name, short) == {"groups": [], "partners": []}


def test_the_section_is_left_out_when_there_is_nothing_to_say() -> None:
    env = environment([ROOT / "templates"])
    empty = render(env, "partials/governance.md.j2", {"governance": governance({}, name, short)})
    assert empty.strip() == ""
    people = {"groups": [{"id": "wdg", "name": "Workforce *Group*", "purpose": "Leads."}]}
    text = render(env, "partials/governance.md.j2", {"governance": governance(people, name, short)})
    assert text.startswith("## How the strategy is governed {#governance}\n")
    assert "**Workforce \\*Group\\*.** Leads\\." in text  # the author's text escaped
    assert "Our partners" not in text and "Chair" not in text
