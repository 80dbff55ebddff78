"""The evidence vocabulary of the diagnostic: small declarative checks over strategy data.

A check is a one-key mapping from ``criteria/diagnostic.yaml``, e.g.
``{"every": {"items": "actions.actions", "has": ["responsible", "accountable"]}}``. Each
returns a :class:`Finding`: a status, the places that evidence it, and what is missing.
Checks are pure: they read loaded documents and a "today" date, and never raise on data.

Item predicates shared by ``count`` and ``every``:
``where`` (field values to select items), ``unless`` (field values to leave out),
``has`` (fields that must be non-empty), ``true`` (a field that must be true),
``future`` (a date field not yet past) and ``recent: {field, days}`` (a date field
within the last N days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from lws.core.data import mapping
from lws.core.dates import judged_note
from lws.core.diagnostics import DataPath, format_path
from lws.model.load import Document
from lws.model.schema import parse_date


class Status(StrEnum):
    MET = "met"
    PARTLY_MET = "partly_met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in the strategy: file, line and the data path there."""

    file: str
    line: int
    col: int = 1
    path: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Finding:
    """The outcome of one check."""

    status: Status
    evidence: tuple[Location, ...] = ()
    missing: tuple[str, ...] = ()
    gaps: tuple[Location, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class Item:
    doc: Document
    path: DataPath
    value: Any

    def location(self) -> Location:
        mark = self.doc.position(self.path)
        return Location(self.doc.file, mark.line, mark.col, format_path(self.path))


Documents = Mapping[str, Document]
Check = Callable[[Documents, Mapping[str, Any], dt.date], Finding]


def evaluate(check: Mapping[str, Any], documents: Documents, today: dt.date) -> Finding:
    """Run one check (a one-key mapping naming its kind)."""
    ((kind, spec),) = check.items()
    return CHECKS[kind](documents, spec, today)


def resolve(documents: Documents, dotted: str) -> Item | None:
    """The value at ``section.key.key``, or None when absent or empty."""
    section, *keys = dotted.split(".")
    doc = documents.get(section)
    if doc is None:
        return None
    value: Any = doc.data
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return Item(doc, tuple(keys), value) if _filled(value) else None


def items(documents: Documents, dotted: str) -> list[Item]:
    """The items of the list at ``dotted`` (a mapping counts as one item)."""
    found = resolve(documents, dotted)
    if found is None:
        return []
    if isinstance(found.value, list):
        return [Item(found.doc, (*found.path, i), v) for i, v in enumerate(found.value)]
    return [found]


def _filled(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _selected(spec: Mapping[str, Any], documents: Documents) -> list[Item]:
    """The items at ``spec['items']`` matching ``where`` and not matching ``unless``."""

    def matches(item: Item, conditions: Mapping[str, Any]) -> bool:
        value = mapping(item.value)
        return all(
            value.get(key) in (wanted if isinstance(wanted, list) else [wanted])
            for key, wanted in conditions.items()
        )

    where, unless = spec.get("where") or {}, spec.get("unless")
    return [
        item
        for item in items(documents, spec["items"])
        if matches(item, where) and not (unless and matches(item, unless))
    ]


def _shortfalls(item: Item, spec: Mapping[str, Any], today: dt.date) -> list[str]:
    """What ``item`` lacks under the predicates of ``spec``."""
    value = mapping(item.value)
    lacking = [f"no {key}" for key in spec.get("has", []) if not _filled(value.get(key))]
    if "true" in spec and value.get(spec["true"]) is not True:
        lacking.append(f"{spec['true']} is not true")
    if "future" in spec:
        when = parse_date(value.get(spec["future"]))
        if when is None or when < today:
            lacking.append(f"{spec['future']} has passed{judged_note(value.get(spec['future']))}")
    if "recent" in spec:
        recent = spec["recent"]
        when = parse_date(value.get(recent["field"]))
        if when is None or (today - when).days > int(recent["days"]):
            lacking.append(f"{recent['field']} is older than {recent['days']} days")
    return lacking


def _describe(item: Item) -> str:
    where = item.location()
    return f"{where.path} ({where})"


def check_count(documents: Documents, spec: Mapping[str, Any], today: dt.date) -> Finding:
    minimum = int(spec.get("min", 1))
    selected = _selected(spec, documents)
    good = [item for item in selected if not _shortfalls(item, spec, today)]
    evidence = tuple(item.location() for item in good)
    what = _what(spec)
    if len(good) >= minimum:
        return Finding(Status.MET, evidence)
    missing = (f"{len(good)} of at least {minimum} {what}",)
    return Finding(Status.PARTLY_MET if good else Status.NOT_MET, evidence, missing)


def check_every(documents: Documents, spec: Mapping[str, Any], today: dt.date) -> Finding:
    selected = _selected(spec, documents)
    if not selected:
        return Finding(Status.NOT_MET, (), (f"no {_what(spec)}",))
    good: list[Item] = []
    bad: list[Item] = []
    for item in selected:
        (bad if _shortfalls(item, spec, today) else good).append(item)
    evidence = tuple(item.location() for item in good)
    if not bad:
        return Finding(Status.MET, evidence)
    missing = tuple(
        f"{_describe(item)}: {', '.join(_shortfalls(item, spec, today))}" for item in bad
    )
    status = Status.PARTLY_MET if good else Status.NOT_MET
    return Finding(status, evidence, missing, tuple(item.location() for item in bad))


def check_present(documents: Documents, spec: Mapping[str, Any], today: dt.date) -> Finding:
    found = resolve(documents, spec["value"])
    if found is None:
        return Finding(Status.NOT_MET, (), (f"no {spec['value']}",))
    return Finding(Status.MET, (found.location(),))


def check_date(documents: Documents, spec: Mapping[str, Any], today: dt.date) -> Finding:
    found = resolve(documents, spec["value"])
    when = parse_date(found.value) if found else None
    if found is None or when is None:
        return Finding(Status.NOT_MET, (), (f"no date at {spec['value']}",))
    if spec.get("future") and when < today:
        shown = when if found.value == when else f"{found.value}{judged_note(found.value)}"
        return Finding(Status.PARTLY_MET, (), (f"{spec['value']} ({shown}) has passed",))
    return Finding(Status.MET, (found.location(),))


def check_referenced(documents: Documents, spec: Mapping[str, Any], today: dt.date) -> Finding:
    targets = items(documents, spec["items"])
    if not targets:
        return Finding(Status.NOT_MET, (), (f"no {spec['items']}",))
    key = spec.get("id", "id")
    used: set[Any] = set()
    for item in items(documents, spec["by"]):
        value = item.value.get(spec["field"]) if isinstance(item.value, dict) else None
        # A reference is an id; anything else (a mapping where an id belongs) is the
        # schema's located error, never a crash here.
        used.update(v for v in (value if isinstance(value, list) else [value]) if _is_id(v))
    good = [
        t
        for t in targets
        if isinstance(t.value, dict) and _is_id(t.value.get(key)) and t.value.get(key) in used
    ]
    bad = [t for t in targets if t not in good]
    evidence = tuple(t.location() for t in good)
    if not bad:
        return Finding(Status.MET, evidence)
    missing = tuple(f"{_describe(t)} is not used by any {spec['by']}.{spec['field']}" for t in bad)
    status = Status.PARTLY_MET if good else Status.NOT_MET
    return Finding(status, evidence, missing, tuple(t.location() for t in bad))


def _is_id(value: Any) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def check_all(documents: Documents, spec: Any, today: dt.date) -> Finding:
    return combine([evaluate(part, documents, today) for part in spec], need_all=True)


def check_any(documents: Documents, spec: Any, today: dt.date) -> Finding:
    return combine([evaluate(part, documents, today) for part in spec], need_all=False)


def combine(findings: list[Finding], *, need_all: bool) -> Finding:
    """``all``: met only if every part is met. ``any``: met if one is."""
    statuses = [f.status for f in findings]
    evidence = tuple(loc for f in findings for loc in f.evidence)
    missing = tuple(m for f in findings for m in f.missing)
    gaps = tuple(g for f in findings for g in f.gaps)
    if need_all:
        if all(s is Status.MET for s in statuses):
            return Finding(Status.MET, evidence)
        none = all(s is Status.NOT_MET for s in statuses)
        return Finding(Status.NOT_MET if none else Status.PARTLY_MET, evidence, missing, gaps)
    if any(s is Status.MET for s in statuses):
        return Finding(Status.MET, evidence)
    some = any(s is Status.PARTLY_MET for s in statuses)
    return Finding(Status.PARTLY_MET if some else Status.NOT_MET, evidence, missing, gaps)


def _what(spec: Mapping[str, Any]) -> str:
    """The items a check selects, in words: ``baseline.evidence where kind is audit or
    inspection and current is true``."""
    where = mapping(spec.get("where"))
    condition = " and ".join(f"{key} is {_in_words(wanted)}" for key, wanted in where.items())
    return f"{spec['items']}" + (f" where {condition}" if condition else "")


def _in_words(wanted: Any) -> str:
    """A ``where`` value as a reader says it: ``true``, ``empty``, ``audit or inspection``."""
    if isinstance(wanted, list):
        said = [_in_words(one) for one in wanted] or ["nothing"]
        return said[0] if len(said) == 1 else f"{', '.join(said[:-1])} or {said[-1]}"
    if isinstance(wanted, bool):
        return "true" if wanted else "false"
    if wanted is None:
        return "empty"
    return str(wanted)


CHECKS: dict[str, Check] = {
    "count": check_count,
    "every": check_every,
    "present": check_present,
    "date": check_date,
    "referenced": check_referenced,
    "all": check_all,
    "any": check_any,
}


def walk_checks(check: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """Every (kind, spec) in a possibly nested check."""
    for kind, spec in check.items():
        yield kind, spec
        if kind in ("all", "any"):
            for part in spec:
                yield from walk_checks(part)
