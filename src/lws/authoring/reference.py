"""The field reference (``docs/reference.md``), generated from the section schemas.

``lws schema --reference`` writes it; a test keeps the committed copy in step with the
schemas. One table per section, in the order of the guide: every field with its dotted path
(``actions[].accountable`` is the ``accountable`` key of each item of ``actions``), what it
holds in the author's words, whether it is required, its description and an example.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from lws.authoring.jsonschema import editor_view, full_match, id_kinds, kind_name
from lws.core.errors import LwsError
from lws.model.load import load_bytes
from lws.model.schema import GUIDE_ORDER, SchemaSet, SectionSchema

EXAMPLE_DATE = dt.date(2026, 4, 1)
EXAMPLE_TEXT = "Your text"
_PLURALS = {"text": "texts", "whole number": "whole numbers", "number": "numbers"}

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
    anchors = _anchors([schemas[name].title for name in names] + ["Ids and references"])
    out = [HEADER, "## Sections\n"]
    for name, anchor in zip(names, anchors[: len(names)], strict=True):
        section = schemas[name]
        out.append(f"* [{_cell(section.title)}](#{anchor}): `strategy/{name}.yaml`")
    out.append("")
    for name in names:
        out.append(_section(name, schemas[name], kinds, examples))
    out.append(_ids_and_references(schemas, kinds))
    return "\n".join(out).rstrip() + "\n"


def _section(
    name: str, section: SectionSchema, kinds: Mapping[str, str], examples: Mapping[str, str]
) -> str:
    meta = section.meta
    lines = [f"## {_cell(section.title)}", ""]
    required = "required" if section.required else "optional"
    lines.append(f"`strategy/{name}.yaml` ({required}) · {_text(str(meta.get('stage', '')))}")
    lines.append("")
    description = " ".join(str(meta.get("description", "")).split())
    if description:
        lines += [_text(description), ""]
    lines.append("| Key | Type | Required | Description | Example |")
    lines.append("|---|---|---|---|---|")
    for field in fields(section):
        rules = field.rules
        cells = [
            _code(field.path),
            type_phrase(rules, kinds),
            "**yes**" if rules.get("required") else "no",
            _text(_description(rules)),
            _example_cell(field, examples),
        ]
        lines.append(_row(cells))
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
                used.setdefault(kind, {}).setdefault(name, []).append(_code(field.path))
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
        lines.append(_row([_text(kind_name(kind)), _code(where), refs]))
    return "\n".join(lines) + "\n"


# -- the author's words ----------------------------------------------------------------------


def type_phrase(rules: Mapping[str, Any], kinds: Mapping[str, str]) -> str:
    """What a field holds in the author's words, as Markdown: "whole number, 1 to 5"."""
    ctype = rules.get("type")
    if ctype == "list":
        return _list_phrase(rules, kinds)
    if ctype == "dict":
        return "mapping: the keys below" if isinstance(rules.get("schema"), Mapping) else "mapping"
    if isinstance(rules.get("defines"), str):
        fmt = (rules.get("meta") or {}).get("format")
        return f"id of this {kind_name(rules['defines'])}" + (f" ({_text(fmt)})" if fmt else "")
    if isinstance(rules.get("refers"), str):
        return _ref_phrase(rules["refers"], kinds)
    if isinstance(rules.get("allowed"), list):
        return "one of: " + ", ".join(_value(v) for v in rules["allowed"])
    return _scalar_phrase(rules) + _limits(rules)


def _list_phrase(rules: Mapping[str, Any], kinds: Mapping[str, str]) -> str:
    item = rules.get("schema")
    limits = _limits(rules)
    if not isinstance(item, Mapping):
        allowed = rules.get("allowed")
        if isinstance(allowed, list):
            return "list, each one of: " + ", ".join(_value(v) for v in allowed) + limits
        return "list" + limits
    if item.get("type") == "dict":
        return "list of entries, each with the keys below" + limits
    if isinstance(item.get("refers"), str):
        return _merge("list of " + _ref_phrase(item["refers"], kinds, plural=True), limits)
    if isinstance(item.get("allowed"), list):
        return "list, each one of: " + ", ".join(_value(v) for v in item["allowed"]) + limits
    phrase = _scalar_phrase(item)
    each = _limits(item, each=True)
    return _merge(f"list of {_PLURALS.get(phrase, phrase + ' values')}{each}", limits)


def _merge(phrase: str, limits: str) -> str:
    """Join a phrase ending in brackets and limits starting with some: one pair of brackets."""
    if phrase.endswith(")") and limits.startswith(" ("):
        return f"{phrase[:-1]}; {limits[2:]}"
    return phrase + limits


def _ref_phrase(kind: str, kinds: Mapping[str, str], *, plural: bool = False) -> str:
    where = kinds.get(kind)
    place = f" (`{where.removeprefix('strategy/')}`)" if where else ""
    return f"{kind_name(kind)} id{'s' if plural else ''}{place}"


def _scalar_phrase(rules: Mapping[str, Any]) -> str:
    ctype = rules.get("type")
    fmt = (rules.get("meta") or {}).get("format")
    if ctype == "string" and fmt:
        return f"text: {_text(str(fmt))}"
    if ctype == "string" and isinstance(rules.get("regex"), str):
        return f"text matching {_code(full_match(rules['regex']))}"
    names = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "float": "number",
        "boolean": "yes/no",
        "date": "date YYYY-MM-DD",
    }
    if isinstance(ctype, list):
        return " or ".join(names.get(str(t), str(t)) for t in ctype)
    return names.get(str(ctype), "any value") if ctype else "any value"


def _limits(rules: Mapping[str, Any], *, each: bool = False) -> str:
    """Range and length rules: ", 1 to 5", " (1–2,000 characters)", ", at least 1 item"."""
    out = ""
    low, high = rules.get("min"), rules.get("max")
    if low is not None and high is not None:
        out += f", {_number(low)} to {_number(high)}"
    elif low is not None:
        out += f", at least {_number(low)}"
    elif high is not None:
        out += f", at most {_number(high)}"
    unit = "character" if rules.get("type") in ("string", "date") else "item"
    shortest = rules.get("minlength")
    if rules.get("empty") is False:
        shortest = max(int(shortest or 0), 1)
    longest = rules.get("maxlength")
    suffix = " each" if each else ""
    if shortest and longest is not None:
        out += f" ({_number(shortest)}–{_number(longest)} {unit}s{suffix})"
    elif shortest:
        out += f" (at least {_count(shortest, unit)}{suffix})"
    elif longest is not None:
        out += f" (up to {_count(longest, unit)}{suffix})"
    if rules.get("nullable") is True:
        out += ", may be left empty"
    return out


def _count(number: Any, unit: str) -> str:
    return f"{_number(number)} {unit}{'' if number == 1 else 's'}"


def _number(value: Any) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _description(rules: Mapping[str, Any]) -> str:
    meta = rules.get("meta") or {}
    parts = [" ".join(str(meta.get("description", "")).split())]
    if meta.get("note"):
        note = str(meta["note"]).strip()
        parts.append(note[:1].upper() + note[1:] + ("" if note.endswith(".") else "."))
    if isinstance(rules.get("defines"), str):
        parts.append(f"Unique among {kind_name(rules['defines'])} ids.")
    return " ".join(p for p in parts if p)


# -- examples --------------------------------------------------------------------------------


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
    return "—" if source is None else _code(f"{field.key}: {source}")


def example_source(rules: Mapping[str, Any], examples: Mapping[str, str]) -> str | None:
    """An example value as written in YAML: ``meta.example``, or one made from the rules."""
    meta = rules.get("meta") or {}
    if "example" in meta:
        example = meta["example"]
        if isinstance(example, str):
            return example if _readable(example) else yaml_scalar(example)
        return yaml_flow(example)
    value = _made_up(rules, examples)
    return None if value is None else yaml_flow(value)


def _readable(source: str) -> bool:
    try:
        load_bytes(source.encode("utf-8"), "<example>")
    except LwsError:
        return False
    return True


def _made_up(rules: Mapping[str, Any], examples: Mapping[str, str]) -> Any:
    ctype = rules.get("type")
    for marker in ("defines", "refers"):
        kind = rules.get(marker)
        if isinstance(kind, str):
            return examples.get(kind, f"{kind.replace('_', '-')}-1")
    if isinstance(rules.get("allowed"), list) and rules["allowed"]:
        first = rules["allowed"][0]
        return [first] if ctype == "list" else first
    if ctype == "list":
        item = rules.get("schema")
        if isinstance(item, Mapping) and item.get("type") != "dict":
            value = _made_up(item, examples)
            return None if value is None else [value]
        return None
    if ctype in ("integer", "number", "float"):
        value = rules.get("min", 1)
        high = rules.get("max")
        return high if high is not None and value > high else value
    made = {"date": EXAMPLE_DATE, "boolean": True}
    if ctype in made:
        return made[ctype]
    if ctype == "string":
        regex = str(rules.get("regex", ""))
        if "https?" in regex:
            return "https://www.example.org"
        if "@" in regex:
            return "name@example.org"
        return EXAMPLE_TEXT if not regex else None
    return None


def yaml_flow(value: Any) -> str:
    """A value written as YAML on one line (flow style), quoting text only where needed."""
    if isinstance(value, list):
        return "[" + ", ".join(yaml_flow(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_flow(k)}: {yaml_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return str(value)
    return yaml_scalar(str(value))


def yaml_scalar(text: str) -> str:
    """``text`` plain when YAML 1.1 and 1.2 both read it back as that text, else quoted."""
    if text and not any(c in text for c in ",[]{}#") and text == text.strip():
        try:
            doc = load_bytes(text.encode("utf-8"), "<example>")
        except LwsError:
            doc = None
        if doc is not None and not doc.warnings and doc.data == text and editor_view(doc) == text:
            return text
    return "'" + text.replace("'", "''") + "'"


# -- Markdown --------------------------------------------------------------------------------


def _anchors(titles: list[str]) -> list[str]:
    """GitHub's heading anchors for ``titles``, in order (repeats get -1, -2…)."""
    seen: dict[str, int] = {}
    out = []
    for title in titles:
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        out.append(slug if count == 0 else f"{slug}-{count}")
    return out


def _text(text: str) -> str:
    """Author text made safe for Markdown: no HTML, no accidental emphasis."""
    return (
        text.replace("\\", "\\\\")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("*", "\\*")
        .replace("`", "\\`")
    )


def _cell(text: str) -> str:
    """Author text for a table cell or list item: escaped, on one line."""
    return _oneline(_text(text))


def _oneline(markdown: str) -> str:
    """Markdown on one line, ``|`` escaped (GitHub tables need it even inside code)."""
    return " ".join(markdown.split()).replace("|", "\\|")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_oneline(cell) for cell in cells) + " |"


def _code(text: str) -> str:
    """Inline code on one line."""
    text = " ".join(text.split())
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _value(value: Any) -> str:
    return _code(yaml_flow(value))
