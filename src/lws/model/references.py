"""Ids and references across the whole strategy.

Schemas mark id fields with ``defines: KIND`` and referring fields with ``refers: KIND``.
This module collects both from every loaded section and reports duplicate ids and
references that name no id, each at the referring value's own line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lws.core.diagnostics import DataPath, Diagnostic, Severity
from lws.model.load import Document
from lws.model.schema import SchemaSet


@dataclass(frozen=True, slots=True)
class Occurrence:
    """An id or a reference: its kind, value and where it stands."""

    kind: str
    value: str
    doc: Document
    path: DataPath

    def diagnostic(self, message: str, hint: str) -> Diagnostic:
        mark = self.doc.position(self.path)
        return Diagnostic(
            self.doc.file, mark.line, mark.col, Severity.ERROR, self.path, message, hint
        )


@dataclass(frozen=True)
class IdIndex:
    """Every id defined in the strategy, by kind, with where it was first defined."""

    ids: Mapping[str, Mapping[str, Occurrence]]

    def get(self, kind: str, value: str) -> Occurrence | None:
        return self.ids.get(kind, {}).get(value)


def occurrences(
    documents: Mapping[str, Document], schemas: SchemaSet
) -> Iterator[tuple[str, Occurrence]]:
    """Yield ("defines" | "refers", occurrence) for every marked value in the strategy."""
    for name, doc in documents.items():
        if name in schemas and isinstance(doc.data, dict):
            root = schemas[name].marked  # only the rules that lead to an id or a reference
            if root is not None:
                yield from _walk(doc, doc.data, root, ())


def _walk(
    doc: Document, value: Any, rules: Mapping[str, Any], path: DataPath
) -> Iterator[tuple[str, Occurrence]]:
    if isinstance(value, str):
        for marker in ("defines", "refers"):
            kind = rules.get(marker)
            if kind is not None:
                yield marker, Occurrence(kind, value, doc, path)
    sub = rules.get("schema")
    if sub is None:
        return
    if rules["type"] == "dict" and isinstance(value, dict):
        for key, item in value.items():
            child = sub.get(key)
            if child is not None:
                yield from _walk(doc, item, child, (*path, key))
    elif rules["type"] == "list" and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(doc, item, sub, (*path, index))


def check_references(
    documents: Mapping[str, Document],
    schemas: SchemaSet,
    unreadable: Iterable[str] = (),
) -> tuple[IdIndex, list[Diagnostic]]:
    """Index the ids and report duplicates and dangling references.

    References to kinds defined in an ``unreadable`` section (one that failed to load) are
    not reported: the load error already explains them.
    """
    found: list[Diagnostic] = []
    ids: dict[str, dict[str, Occurrence]] = {}
    refs: list[Occurrence] = []
    for marker, occurrence in occurrences(documents, schemas):
        if marker == "refers":
            refs.append(occurrence)
            continue
        same_kind = ids.setdefault(occurrence.kind, {})
        first = same_kind.get(occurrence.value)
        if first is None:
            same_kind[occurrence.value] = occurrence
            continue
        where = first.doc.position(first.path)
        found.append(
            occurrence.diagnostic(
                f"duplicate {_kind(occurrence.kind)} id '{occurrence.value}' "
                f"(first defined at {first.doc.file}:{where.line})",
                "ids must be unique; rename one of them and update references to it",
            )
        )
    defining = _defining_sections(schemas)
    skipped = {kind for kind, section in defining.items() if section in set(unreadable)}
    known: dict[tuple[str, ...], list[str]] = {}  # the ids a dangling reference could mean
    close: dict[tuple[str, tuple[str, ...]], str | None] = {}
    for ref in refs:
        kinds = OWNER_KINDS if ref.kind == "owner" else (ref.kind,)
        if set(kinds) & skipped or any(ref.value in ids.get(k, {}) for k in kinds):
            continue
        if kinds not in known:
            known[kinds] = sorted({i for k in kinds for i in ids.get(k, {})})
        if (ref.value, kinds) not in close:
            close[ref.value, kinds] = _closest(ref.value, known[kinds])
        hint = _dangling_hint(ref, known[kinds], close[ref.value, kinds], defining.get(kinds[0]))
        found.append(ref.diagnostic(f"no {_ref_kind(ref)} has the id '{ref.value}'", hint))
    return IdIndex(ids), found


#: What an owner may be: real strategies name boards, groups and partners as well as people.
OWNER_KINDS = ("person", "group", "organisation")


def _closest(value: str, known: list[str]) -> str | None:
    """The id most like ``value``, if any is like it enough (difflib's measure)."""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    return close[0] if close else None


def _ref_kind(ref: Occurrence) -> str:
    return "person, group or organisation" if ref.kind == "owner" else _kind(ref.kind)


def _dangling_hint(
    ref: Occurrence, known: list[str], close: str | None, section: str | None
) -> str:
    kind = _ref_kind(ref)
    where = f"strategy/{section}.yaml" if section else "the strategy"
    if close is not None:
        return f"did you mean '{close}'?"
    if known:
        listed = ", ".join(known[:8]) + (", …" if len(known) > 8 else "")
        return f"use {_a(kind)} id defined in {where} ({listed}), or add '{ref.value}' there"
    return f"define {_a(kind)} with id '{ref.value}' in {where}"


def _defining_sections(schemas: SchemaSet) -> dict[str, str]:
    found: dict[str, str] = {}

    def visit(rules: Any, section: str) -> None:
        if isinstance(rules, Mapping):
            kind = rules.get("defines")
            if isinstance(kind, str):
                found.setdefault(kind, section)
            for value in rules.values():
                visit(value, section)

    for name in schemas:
        visit(dict(schemas[name].fields), name)
    return found


def _kind(kind: str) -> str:
    return kind.replace("_", " ")


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"
