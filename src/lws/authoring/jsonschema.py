"""JSON Schema (draft 2020-12) for the section files, so that editors can help authors.

``lws schema --json-schema`` writes ``schema/json/<section>.json``; each strategy file names
its schema in a first line ``# yaml-language-server: $schema=../schema/json/<section>.json``,
which the YAML extension of VS Code (and other editors using yaml-language-server) reads to
complete keys, show descriptions on hover and underline mistakes while the author types.

The JSON Schemas are translated from the expanded Cerberus rules, so that they reject what
``lws check`` rejects at the schema level and accept what it accepts, with these limits:

* **References.** Whether an id exists is a question about the whole strategy; JSON Schema
  sees one file. The description of a referring field says where its ids are defined.
* **YAML 1.1 against YAML 1.2.** lws reads YAML 1.1, where an unquoted ``no`` is false,
  ``12:30`` a number and ``2026-04-01`` a date; editors read YAML 1.2, where all three are
  text. So a date is text matching :data:`DATE_PATTERN` (which admits real calendar dates
  only), and an unquoted ``no`` where text is wanted passes in the editor while
  ``lws check`` explains it. :func:`editor_view` gives the data as such an editor sees it.
* **Whole numbers.** JSON Schema counts ``3.0`` as an integer; Cerberus does not.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from lws.authoring.editor_view import example_value, jsonable
from lws.core.atomic import write_atomically
from lws.core.dates import FORMS, PARTIAL_DATE_PATTERN
from lws.core.quantities import FORMS as QUANTITY_FORMS
from lws.core.quantities import QUANTITY_PATTERN
from lws.core.statistics import FORMS as STATISTIC_FORMS
from lws.core.statistics import SYMBOLS
from lws.model.schema import SchemaSet, SectionSchema

DIALECT = "https://json-schema.org/draft/2020-12/schema"
JSON_DIR = Path("schema") / "json"

_DAY_31 = "(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
_DAY_30 = "(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
_DAY_28 = "02-(?:0[1-9]|1[0-9]|2[0-8])"
_LEAP_YEAR = "(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)"
#: A real calendar date written YYYY-MM-DD (leap years included, year 0000 excluded).
DATE_PATTERN = f"^(?!0000)(?:[0-9]{{4}}-(?:{_DAY_31}|{_DAY_30}|{_DAY_28})|{_LEAP_YEAR}-02-29)$"
DATE_MESSAGE = f"write {FORMS}"
#: The partial dates of :mod:`lws.core.dates` (a month, a year, a period, TBC…), unnamed groups.
PARTIAL_PATTERN = re.sub(r"\(\?P<\w+>", "(?:", PARTIAL_DATE_PATTERN)

_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "float": "number",
    "boolean": "boolean",
    "list": "array",
    "dict": "object",
    "date": "string",
}
_LENGTHS = {"string": ("minLength", "maxLength"), "date": ("minLength", "maxLength")}
_LENGTHS |= {"list": ("minItems", "maxItems"), "dict": ("minProperties", "maxProperties")}
#: Cerberus rules that JSON Schema expresses (or that carry no check: meta, markers).
_HANDLED = {
    "type", "required", "nullable", "allowed", "forbidden", "min", "max", "minlength",
    "maxlength", "empty", "regex", "schema", "keysrules", "valuesrules", "allow_unknown",
    "meta", "defines", "refers", "default", "vocabulary",
}  # fmt: skip


def json_schema(section: SectionSchema, kinds: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The JSON Schema of one section; ``kinds`` maps an id kind to the file defining it."""
    meta = section.meta
    body = _rules({"type": "dict", "schema": dict(section.fields)}, kinds or {})
    description = str(meta.get("description", "")).strip()
    stage = str(meta.get("stage", "")).strip()
    if stage:
        description = f"{description}\n\nPart of the guide: {stage}".strip()
    if not section.required:
        body["type"] = ["object", "null"]  # an empty optional section is only a warning
    return {"$schema": DIALECT, "title": section.title, "description": description, **body}


def all_json_schemas(schemas: SchemaSet) -> dict[str, dict[str, Any]]:
    """The JSON Schema of every section, by section name."""
    kinds = id_kinds(schemas)
    return {name: json_schema(schemas[name], kinds) for name in sorted(schemas)}


def dumps(schema: Mapping[str, Any]) -> str:
    """Deterministic JSON text: sorted keys, two-space indent, a final newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_json_schemas(schemas: SchemaSet, directory: Path) -> tuple[list[Path], list[Path]]:
    """Write ``<section>.json`` for every section, atomically; (written, unchanged) paths.

    A file whose content would not change is left alone, so its time stamp stays.
    """
    written: list[Path] = []
    unchanged: list[Path] = []
    for name, schema in all_json_schemas(schemas).items():
        path = directory / f"{name}.json"
        data = dumps(schema).encode("utf-8")
        try:
            same = path.read_bytes() == data
        except OSError:
            same = False
        if same:
            unchanged.append(path)
        else:
            write_atomically(path, data)
            written.append(path)
    return written, unchanged


def id_kinds(schemas: SchemaSet) -> dict[str, str]:
    """Each kind of id (``defines: KIND``) and the section file(s) where it is defined."""
    found: dict[str, list[str]] = {}
    for name in sorted(schemas):
        for rules in _all_rules({"type": "dict", "schema": dict(schemas[name].fields)}):
            kind = rules.get("defines")
            if isinstance(kind, str) and f"strategy/{name}.yaml" not in found.get(kind, []):
                found.setdefault(kind, []).append(f"strategy/{name}.yaml")
    kinds = {kind: " or ".join(files) for kind, files in sorted(found.items())}
    if "person" in kinds:  # an owner is a person, group or organisation (people.yaml)
        kinds["owner"] = kinds["person"]
    return kinds


def kind_name(kind: str) -> str:
    """A kind of id in the author's words: ``impact_model`` → ``impact model``."""
    if kind == "owner":
        return "person, group or organisation"
    return "KPI" if kind == "kpi" else kind.replace("_", " ")


def reference_text(kind: str, kinds: Mapping[str, str]) -> str:
    """The words for a reference: "an id of a person defined in strategy/people.yaml"."""
    where = kinds.get(kind)
    article = "an" if kind_name(kind)[:1].lower() in "aeiou" else "a"
    place = f" defined in {where}" if where else ""
    return f"an id of {article} {kind_name(kind)}{place}"


def _all_rules(rules: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield rules
    sub = rules.get("schema")
    if isinstance(sub, Mapping):
        if rules.get("type") == "dict":
            for child in sub.values():
                if isinstance(child, Mapping):
                    yield from _all_rules(child)
        else:
            yield from _all_rules(sub)


# -- translation -----------------------------------------------------------------------------


def _rules(rules: Mapping[str, Any], kinds: Mapping[str, str]) -> dict[str, Any]:
    """One field's Cerberus rules as a JSON Schema."""
    ctype = rules.get("type")
    types = [str(t) for t in ctype] if isinstance(ctype, list) else [str(ctype)] if ctype else []
    if len(types) > 1:
        out: dict[str, Any] = {"anyOf": [_constraints(rules, t, kinds) for t in types]}
    else:
        out = _constraints(rules, types[0] if types else None, kinds)
    if rules.get("nullable") is True:
        _admit_null(out)
    out.update(_annotations(rules, kinds))
    untranslated = sorted(set(rules) - _HANDLED)
    if untranslated:
        out["$comment"] = "not checked by this schema (lws check does): " + ", ".join(untranslated)
    return out


def _constraints(
    rules: Mapping[str, Any], ctype: str | None, kinds: Mapping[str, str]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if ctype in _TYPES:
        out["type"] = _TYPES[ctype]
    if isinstance(rules.get("vocabulary"), list):
        out["examples"] = list(rules["vocabulary"])  # the guide's words, offered first
    if ctype == "quantity":
        out["anyOf"] = [
            {"type": "number"},
            {"type": "string", "pattern": re.sub(r"\(\?P<\w+>", "(?:", QUANTITY_PATTERN)},
            {
                "type": "object",
                "properties": {
                    "as_written": {"type": "string", "minLength": 1},
                    "value": {"type": ["number", "null"]},
                },
                "required": ["as_written"],
                "additionalProperties": False,
            },
        ]
        out["errorMessage"] = f"write {QUANTITY_FORMS}"
    if ctype == "statistic":
        out["anyOf"] = [{"type": "number"}, {"type": "string", "enum": list(SYMBOLS)}]
        out["errorMessage"] = f"write {STATISTIC_FORMS}"
    if ctype == "date":
        out.pop("type", None)
        out["anyOf"] = [
            {"type": "string", "pattern": DATE_PATTERN},
            {"type": "string", "pattern": PARTIAL_PATTERN},
            {"type": "integer", "minimum": 1900, "maximum": 2200},
        ]
        out["errorMessage"] = DATE_MESSAGE
    out |= _bounds(rules, ctype)
    if isinstance(rules.get("regex"), str) and ctype != "date":
        out["pattern"] = full_match(rules["regex"])
        fmt = (rules.get("meta") or {}).get("format")
        if fmt:
            out["patternErrorMessage"] = f"should be {fmt}"
    if ctype == "list":
        out |= _list(rules, kinds)
    elif ctype == "dict":
        out |= _dict(rules, kinds)
    else:
        if isinstance(rules.get("allowed"), list):
            out["enum"] = [jsonable(v) for v in rules["allowed"]]
        if isinstance(rules.get("forbidden"), list):
            out["not"] = {"enum": [jsonable(v) for v in rules["forbidden"]]}
    return out


def _bounds(rules: Mapping[str, Any], ctype: str | None) -> dict[str, Any]:
    """``min``/``max`` and the lengths (``empty: false`` is a length of at least 1)."""
    out: dict[str, Any] = {}
    if "min" in rules:
        out["minimum"] = rules["min"]
    if "max" in rules:
        out["maximum"] = rules["max"]
    low, high = _LENGTHS.get(ctype or "", ("minLength", "maxLength"))
    if "minlength" in rules:
        out[low] = rules["minlength"]
    if "maxlength" in rules:
        out[high] = rules["maxlength"]
    if rules.get("empty") is False and ctype in _LENGTHS:
        out[low] = max(int(out.get(low, 0)), 1)
    return out


def _list(rules: Mapping[str, Any], kinds: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    items = _rules(rules["schema"], kinds) if isinstance(rules.get("schema"), Mapping) else {}
    if isinstance(rules.get("allowed"), list):  # Cerberus: every item is one of them
        items["enum"] = [jsonable(v) for v in rules["allowed"]]
    if isinstance(rules.get("forbidden"), list):
        items["not"] = {"enum": [jsonable(v) for v in rules["forbidden"]]}
    if items:
        out["items"] = items
    return out


def _dict(rules: Mapping[str, Any], kinds: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    sub = rules.get("schema")
    unknown = rules.get("allow_unknown", False)
    if isinstance(sub, Mapping):
        out["properties"] = {
            str(key): _rules(child, kinds)
            for key, child in sub.items()
            if isinstance(child, Mapping)
        }
        required = [str(k) for k, c in sub.items() if isinstance(c, Mapping) and c.get("required")]
        if required:
            out["required"] = required
        if unknown is False:
            out["additionalProperties"] = False
    if isinstance(unknown, Mapping):
        out["additionalProperties"] = _rules(unknown, kinds)
    if isinstance(rules.get("valuesrules"), Mapping):
        out["additionalProperties"] = _rules(rules["valuesrules"], kinds)
    if isinstance(rules.get("keysrules"), Mapping):
        out["propertyNames"] = _rules(rules["keysrules"], kinds)
    return out


def _admit_null(out: dict[str, Any]) -> None:
    if isinstance(out.get("type"), str):
        out["type"] = [out["type"], "null"]
    if "enum" in out:
        out["enum"] = [*out["enum"], None]
    if "anyOf" in out:
        out["anyOf"].append({"type": "null"})


def _annotations(rules: Mapping[str, Any], kinds: Mapping[str, str]) -> dict[str, Any]:
    meta = rules.get("meta") or {}
    parts = [str(meta.get("description", "")).strip()]
    if meta.get("note"):
        parts.append(f"Note: {str(meta['note']).strip()}.")
    if meta.get("format"):
        parts.append(f"Format: {str(meta['format']).strip()}.")
    if isinstance(rules.get("defines"), str):
        name = kind_name(rules["defines"])
        parts.append(f"Each {name} id must be unique; other sections refer to it.")
    if isinstance(rules.get("refers"), str):
        text = reference_text(rules["refers"], kinds)
        parts.append(f"Write {text} (lws check makes sure it exists).")
    item = rules.get("schema")
    if rules.get("type") == "list" and isinstance(item, Mapping) and "refers" in item:
        text = reference_text(str(item["refers"]), kinds)
        parts.append(f"Each item is {text} (lws check makes sure it exists).")
    out: dict[str, Any] = {}
    description = " ".join(p for p in parts if p)
    if description:
        out["description"] = description
    if "example" in meta:
        out["examples"] = [example_value(meta["example"])]
    if "default" in rules:
        out["default"] = jsonable(rules["default"])
    return out


def full_match(regex: str) -> str:
    """A Cerberus regex (matched at the start and, as lws writes them, at the end) anchored."""
    pattern = regex if regex.endswith("$") else f"{regex}$"
    if pattern.startswith("^") and not _top_level_alternation(pattern):
        return pattern
    return f"^(?:{pattern})"


def _top_level_alternation(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside every group and character class."""
    depth, in_class, escaped = 0, False, False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            return True
    return False
