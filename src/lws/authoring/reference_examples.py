"""Examples for the field reference: the schema's own, else made up to pass it, as YAML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from lws.authoring.editor_view import editor_view
from lws.core.errors import LwsError
from lws.model.load import load_bytes

EXAMPLE_DATE = dt.date(2026, 4, 1)


EXAMPLE_TEXT = "Your text"


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
            kind = "person" if kind == "owner" and "person" in examples else kind
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
