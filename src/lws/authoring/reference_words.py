"""What a field holds, in the author's words: ``list of texts``, ``date``, ``one of: …``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lws.authoring.jsonschema import full_match, kind_name
from lws.authoring.reference_md import md_code, md_text, md_value
from lws.core.quantities import format_number

_PLURALS = {"text": "texts", "whole number": "whole numbers", "number": "numbers"}


def type_phrase(rules: Mapping[str, Any], kinds: Mapping[str, str]) -> str:
    """What a field holds in the author's words, as Markdown: "whole number, 1 to 5"."""
    ctype = rules.get("type")
    if ctype == "list":
        return _list_phrase(rules, kinds)
    if ctype == "dict":
        return "mapping: the keys below" if isinstance(rules.get("schema"), Mapping) else "mapping"
    if isinstance(rules.get("defines"), str):
        fmt = (rules.get("meta") or {}).get("format")
        return f"id of this {kind_name(rules['defines'])}" + (f" ({md_text(fmt)})" if fmt else "")
    if isinstance(rules.get("refers"), str):
        return _ref_phrase(rules["refers"], kinds)
    if isinstance(rules.get("allowed"), list):
        return "one of: " + ", ".join(md_value(v) for v in rules["allowed"])
    return _scalar_phrase(rules) + _limits(rules)


def _list_phrase(rules: Mapping[str, Any], kinds: Mapping[str, str]) -> str:
    item = rules.get("schema")
    limits = _limits(rules)
    if not isinstance(item, Mapping):
        allowed = rules.get("allowed")
        if isinstance(allowed, list):
            return "list, each one of: " + ", ".join(md_value(v) for v in allowed) + limits
        return "list" + limits
    if item.get("type") == "dict":
        return "list of entries, each with the keys below" + limits
    if isinstance(item.get("refers"), str):
        return _merge("list of " + _ref_phrase(item["refers"], kinds, plural=True), limits)
    if isinstance(item.get("allowed"), list):
        return "list, each one of: " + ", ".join(md_value(v) for v in item["allowed"]) + limits
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
        return f"text: {md_text(str(fmt))}"
    if ctype == "string" and isinstance(rules.get("regex"), str):
        return f"text matching {md_code(full_match(rules['regex']))}"
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
    whole = isinstance(value, int) and not isinstance(value, bool)
    return format_number(value) if whole else str(value)


def field_description(rules: Mapping[str, Any]) -> str:
    meta = rules.get("meta") or {}
    parts = [" ".join(str(meta.get("description", "")).split())]
    if meta.get("note"):
        note = str(meta["note"]).strip()
        parts.append(note[:1].upper() + note[1:] + ("" if note.endswith(".") else "."))
    if isinstance(rules.get("defines"), str):
        parts.append(f"Unique among {kind_name(rules['defines'])} ids.")
    return " ".join(p for p in parts if p)
