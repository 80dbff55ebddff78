"""How a strategy is governed, for the full document: its boards and groups and its partners.

Only what ``people.yaml`` says is printed: a group's chair, how often it meets, whom it
reports to and its members each appear only when given, always by name (never by id); a
strategy with no groups and no partner organisations has no governance section at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from lws.core.data import records
from lws.publish.render import label

Name = Callable[[Any], str]


def governance(people: Mapping[str, Any], name: Name, short: Name) -> dict[str, Any]:
    """``groups`` (name, purpose and a line of details each) and ``partners`` (one line
    each: the organisation and its sector), from the ``people`` section. ``name`` turns a
    person, group or organisation id into the name to print with the role, ``short``
    without it (for lists of members)."""
    return {
        "groups": [_group(g, name, short) for g in records(people.get("groups"))],
        "partners": [_partner(o) for o in records(people.get("organisations"))],
    }


def _group(group: Mapping[str, Any], name: Name, short: Name) -> dict[str, Any]:
    details = []
    if group.get("chair"):
        details.append(f"Chair: {name(group['chair'])}")
    if group.get("meets"):
        details.append(f"Meets: {group['meets']}")
    if group.get("reports_to"):
        details.append(f"Reports to: {short(group['reports_to'])}")
    # the chair is named once, as the chair: the members are the others
    members = [short(m) for m in group.get("members") or [] if m != group.get("chair")]
    if members:
        details.append("Members: " + ", ".join(members))
    return {
        "name": str(group.get("name")),
        "purpose": " ".join(str(group.get("purpose") or "").split()),
        "details": details,
    }


def _partner(organisation: Mapping[str, Any]) -> str:
    sector = organisation.get("sector")
    words = label(sector).lower() if sector and sector != "other" else ""
    return f"{organisation.get('name')} ({words})" if words else str(organisation.get("name"))
