"""The field reference (``docs/reference.md``), generated from the section schemas.

``lws schema --reference`` writes it; a test keeps the committed copy in step with the
schemas. One table per section, in the order of the guide: every field with its dotted path
(``actions[].accountable`` is the ``accountable`` key of each item of ``actions``), what it
holds in the author's words, whether it is required, its description and an example.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lws.authoring.jsonschema import id_kinds, kind_name
from lws.authoring.reference_examples import example_source, yaml_scalar
from lws.authoring.reference_md import md_anchors, md_cell, md_code, md_row, md_text
from lws.authoring.reference_words import field_description, type_phrase
from lws.model.schema import GUIDE_ORDER, SchemaSet, SectionSchema

__all__ = [
    "HEADER",
    "Field",
    "fields",
    "ordered_sections",
    "reference_markdown",
    "type_phrase",
    "yaml_scalar",
]


HEADER = """\
# Field reference

Every section file of the strategy, every key it may hold, and what each key takes. This
file is generated from the schemas in `schema/` by
`lws schema --reference --output docs/reference.md`: do not edit it by hand.

A key written `actions[].owner` is the `owner` key of each item of the list `actions`;
`trust.name` is the `name` key inside the mapping `trust`. Keys not listed are not allowed.
*Required* keys must be present whenever the mapping that holds them is. Examples are shown
as you would write them in the YAML file.

* **text**: any text; quote it when YAML might misread it (`'no'`, `'1.10'`, `'12:30'`, or
  text containing `: ` or starting with a special character).
* **date**: a day `2026-04-01` (no quotes, no time), or as the strategy says it: a month
  `2026-04` or `'July 2026'`, a season `'autumn 2026'`, a quarter `'Q3 2026'`, a year `2026`,
  a financial year `'2026/27'`, a period of years `'2026-29'`, `'TBC'`; `'c. 2009'` for an
  approximate date. Printed as written; judged (overdue, past) at the last day it can mean.
* **yes/no**: written `true` or `false`.
* **id**: a short name, a letter then letters, digits, `-`, `_` or `.`; each id is defined
  once and other files refer to it by that id (see [Ids and references](#ids-and-references)).
"""


@dataclass(frozen=True)
class Field:
    """One field of a section: its dotted path, its key and its expanded rules."""

    path: str
    key: str
    rules: Mapping[str, Any]


def ordered_sections(schemas: SchemaSet) -> list[str]:
    """Section names in the order of the guide, then any others sorted."""
    known = [name for name in GUIDE_ORDER if name in schemas]
    return known + sorted(set(schemas) - set(GUIDE_ORDER))


def fields(section: SectionSchema) -> Iterator[Field]:
    """Every field of a section, parents before children, in schema order."""
    yield from _fields({"type": "dict", "schema": dict(section.fields)}, "")


def _fields(rules: Mapping[str, Any], path: str) -> Iterator[Field]:
    sub = rules.get("schema")
    if not isinstance(sub, Mapping):
        return
    if rules.get("type") == "list":
        if sub.get("type") == "dict":
            yield from _fields(sub, f"{path}[]")
        return
    for key, child in sub.items():
        if isinstance(child, Mapping):
            child_path = f"{path}.{key}" if path else str(key)
            yield Field(child_path, str(key), child)
            yield from _fields(child, child_path)


def reference_markdown(schemas: SchemaSet) -> str:
    """The whole field reference as GitHub-flavoured Markdown."""
    kinds = id_kinds(schemas)
    examples = _id_examples(schemas)
    names = ordered_sections(schemas)
    anchors = md_anchors([schemas[name].title for name in names] + ["Ids and references"])
    out = [HEADER, "## Sections\n"]
    for name, anchor in zip(names, anchors[: len(names)], strict=True):
        section = schemas[name]
        out.append(f"* [{md_cell(section.title)}](#{anchor}): `strategy/{name}.yaml`")
    out.append("")
    for name in names:
        out.append(_section(name, schemas[name], kinds, examples))
    out.append(_ids_and_references(schemas, kinds))
    return "\n".join(out).rstrip() + "\n"


def _section(
    name: str, section: SectionSchema, kinds: Mapping[str, str], examples: Mapping[str, str]
) -> str:
    meta = section.meta
    lines = [f"## {md_cell(section.title)}", ""]
    required = "required" if section.required else "optional"
    lines.append(f"`strategy/{name}.yaml` ({required}) · {md_text(str(meta.get('stage', '')))}")
    lines.append("")
    description = " ".join(str(meta.get("description", "")).split())
    if description:
        lines += [md_text(description), ""]
    lines.append("| Key | Type | Required | Description | Example |")
    lines.append("|---|---|---|---|---|")
    for field in fields(section):
        rules = field.rules
        cells = [
            md_code(field.path),
            type_phrase(rules, kinds),
            "**yes**" if rules.get("required") else "no",
            md_text(field_description(rules)),
            _example_cell(field, examples),
        ]
        lines.append(md_row(cells))
    lines.append("")
    return "\n".join(lines)


def _ids_and_references(schemas: SchemaSet, kinds: Mapping[str, str]) -> str:
    used: dict[str, dict[str, list[str]]] = {}
    for name in ordered_sections(schemas):
        for field in fields(schemas[name]):
            item = field.rules.get("schema")
            kind = field.rules.get("refers")
            if kind is None and isinstance(item, Mapping):
                kind = item.get("refers")
            if isinstance(kind, str):
                used.setdefault(kind, {}).setdefault(name, []).append(md_code(field.path))
    lines = [
        "## Ids and references",
        "",
        "Each kind of id, the file that defines it, and the keys that refer to it. "
        "`lws check` reports an id defined twice, or a reference to no id, at its line.",
        "",
        "| Id of | Defined in | Referred to by |",
        "|---|---|---|",
    ]
    for kind in sorted(set(kinds) | set(used)):
        where = kinds.get(kind, "nowhere")
        by_file = used.get(kind, {})
        refs = "<br>".join(f"`{f}.yaml`: {', '.join(keys)}" for f, keys in by_file.items()) or "—"
        lines.append(md_row([md_text(kind_name(kind)), md_code(where), refs]))
    return "\n".join(lines) + "\n"


def _id_examples(schemas: SchemaSet) -> dict[str, str]:
    """An example id for each kind, from the defining field's ``meta.example``."""
    found: dict[str, str] = {}
    for name in ordered_sections(schemas):
        for field in fields(schemas[name]):
            kind = field.rules.get("defines")
            example = (field.rules.get("meta") or {}).get("example")
            if isinstance(kind, str) and example is not None and kind not in found:
                found[kind] = str(example)
    return found


def _example_cell(field: Field, examples: Mapping[str, str]) -> str:
    source = example_source(field.rules, examples)
    return "—" if source is None else md_code(f"{field.key}: {source}")
