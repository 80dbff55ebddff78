"""Schema validation of one section, with Cerberus errors turned into located advice.

Every Cerberus error becomes a :class:`~lws.core.diagnostics.Diagnostic` at the line and column
of the offending value (or of the key, for unknown keys; or of the enclosing mapping, for
missing keys), with a message in the author's terms and a hint that names the fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from cerberus import errors as cerberus_errors

from lws.core.dates import FORMS
from lws.core.diagnostics import DataPath, Diagnostic, Severity, format_path
from lws.core.quantities import FORMS as QUANTITY_FORMS
from lws.core.statistics import FORMS as STATISTIC_FORMS
from lws.model.fast_schema import fast_valid
from lws.model.load import Document
from lws.model.schema import SectionSchema, child_rules, keys_at, rule_at

TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "float": "a number",
    "boolean": "true or false",
    "quantity": "a figure",
    "statistic": "a published figure",
    "date": "a date (2026-04-01, 2026-04, 'July 2026', 2026, '2026-29' or 'TBC')",
    "list": "a list (lines starting with '- ')",
    "dict": "a mapping (lines of 'key: value')",
}
SHORT_RATINGS = {"h": "high", "m": "medium", "l": "low", "r": "red", "a": "amber", "g": "green"}


def validate_section(doc: Document, schema: SectionSchema) -> list[Diagnostic]:
    """All schema problems in one loaded section file."""
    found: list[Diagnostic] = list(doc.warnings)
    if doc.data is None:
        if schema.required:
            found.append(_at(doc, (), "file is empty", _expected_keys(schema, ())))
        else:
            found.append(
                _at(doc, (), "section file is empty", "fill it in, or delete the file", warn=True)
            )
        return found
    if not isinstance(doc.data, dict):
        found.append(
            _at(
                doc,
                (),
                f"a section must be a mapping (key: value lines), not {describe(doc.data)}",
                _expected_keys(schema, ()),
            )
        )
        return found
    if schema.fast is None or not fast_valid(schema.fast, doc.data):
        # Cerberus decides, and explains: the compiled rules' "valid" is always Cerberus's too.
        validator = schema.validator
        validator.validate(doc.data)
        # A value the loader kept as written (80:20, no) is explained once, by the loader.
        explained = {d.path for d in doc.warnings if d.severity is Severity.ERROR}
        found.extend(
            diagnostic
            for diagnostic in (_diagnostic(doc, schema, e) for e in _leaves(validator._errors))
            if diagnostic.path not in explained
        )
    rules = {"type": "dict", "schema": dict(schema.fields)}
    if _has_vocabulary(rules):
        found.extend(_near_misses(doc, rules, doc.data, (), {}))
    return found


def _near_misses(
    doc: Document, rules: Mapping[str, Any], value: Any, path: DataPath, memo: dict[int, bool]
) -> Iterator[Diagnostic]:
    """Warn where text in an open list looks like a misspelt recognised word (``rules``:
    those governing ``value``; the walk goes only where rules name such words, and ``memo``
    remembers which do, by the rules' identity, for this walk)."""
    words = rules.get("vocabulary")
    if isinstance(words, list) and isinstance(value, str) and value not in words:
        close = difflib.get_close_matches(value.lower(), [str(w) for w in words], n=1, cutoff=0.8)
        if close:
            choices = ", ".join(str(w) for w in words)
            yield _at(
                doc,
                path,
                f"'{_shorten(value)}' is not one of the guide's words ({choices})",
                f"did you mean '{close[0]}'? Your own words are fine too: write them in full",
                warn=True,
            )
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for part, item in children:
        inner = child_rules(rules, part)
        if inner is None:
            continue
        wanted = memo.get(id(inner))
        if wanted is None:
            wanted = memo[id(inner)] = _has_vocabulary(inner)
        if wanted:
            yield from _near_misses(doc, inner, item, (*path, part), memo)


def _has_vocabulary(rules: Mapping[str, Any]) -> bool:
    """Whether ``rules``, or the rules of anything inside, name an open list's words."""
    if "vocabulary" in rules:
        return True
    sub = rules.get("schema")
    if not isinstance(sub, dict):
        return False
    if rules.get("type") == "list":
        return _has_vocabulary(sub)
    return any(isinstance(r, dict) and _has_vocabulary(r) for r in sub.values())


def _leaves(errors: Iterable[Any]) -> Iterator[Any]:
    for error in errors:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error


def _diagnostic(doc: Document, schema: SectionSchema, error: Any) -> Diagnostic:
    path: DataPath = tuple(error.document_path)
    rules = rule_at(schema.fields, path) or {}
    key = path[-1] if path else ""
    if error.code == cerberus_errors.UNKNOWN_FIELD.code:
        return _unknown_key(doc, schema, path)
    if error.code == cerberus_errors.REQUIRED_FIELD.code:
        return _at(
            doc, path[:-1], f"required key '{key}' is missing", _field_hint(key, rules), at=path
        )
    if error.code == cerberus_errors.NOT_NULLABLE.code:
        mark = doc.key_position(path)  # an empty value has no position of its own worth showing
        return Diagnostic(
            doc.file,
            mark.line,
            mark.col,
            Severity.ERROR,
            path,
            "has no value",
            _field_hint(key, rules),
        )
    if error.rule == "type":
        message, hint = _type_problem(doc, path, error.value, str(error.constraint), rules)
        return _at(doc, path, message, hint)
    if error.rule == "allowed":
        return _not_allowed(doc, path, error.value, list(error.constraint))
    return _at(doc, path, *_bound_problem(error, rules))


def _bound_problem(error: Any, rules: dict[str, Any]) -> tuple[str, str]:
    rule, constraint, value = error.rule, error.constraint, error.value
    describe_field = _describe(rules)
    if rule == "min":
        return f"{value!r} is below the minimum of {constraint}", describe_field
    if rule == "max":
        return f"{value!r} is above the maximum of {constraint}", describe_field
    if rule == "empty":
        remove = "" if rules.get("required") else ", or remove the key"
        return "is empty", f"give it a value{remove}; {describe_field}"
    if rule == "minlength":
        return f"needs at least {constraint} item(s), has {len(value)}", describe_field
    if rule == "maxlength":
        unit = "characters" if isinstance(value, str) else "items"
        return f"is too long: at most {constraint} {unit}, has {len(value)}", describe_field
    if rule == "regex":
        shown = _shorten(str(value))
        fmt = (rules.get("meta") or {}).get("format")
        need = f"should be {fmt}" if fmt else f"does not match the pattern {constraint}"
        return f"'{shown}' {need}", describe_field
    return f"{rule} rule failed ({constraint!r})", describe_field


def _unknown_key(doc: Document, schema: SectionSchema, path: DataPath) -> Diagnostic:
    key = str(path[-1])
    known = keys_at(schema.fields, path[:-1])
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        hint = f"did you mean '{close[0]}'?"
    elif known:
        hint = "keys allowed here: " + ", ".join(known)
    else:
        hint = "this value takes no keys"
    mark = doc.key_position(path)
    return Diagnostic(
        doc.file, mark.line, mark.col, Severity.ERROR, path, f"unknown key '{key}'", hint
    )


def _not_allowed(doc: Document, path: DataPath, value: Any, allowed: list[Any]) -> Diagnostic:
    choices = ", ".join(str(a) for a in allowed)
    if isinstance(value, list):  # a list of allowed values, e.g. formats
        bad = [v for v in value if v not in allowed]
        return _at(doc, path, f"{_shorten(str(bad))} not allowed", f"use values from: {choices}")
    text = str(value)
    guess = SHORT_RATINGS.get(text.strip().lower())
    close = (
        [guess]
        if guess in allowed
        else difflib.get_close_matches(text.lower(), [str(a) for a in allowed], n=1, cutoff=0.6)
    )
    hint = f"did you mean '{close[0]}'? " if close else ""
    raw = doc.plain.get(path)
    shown = raw if raw is not None else _shorten(text)
    return _at(doc, path, f"'{shown}' is not one of: {choices}", f"{hint}use one of: {choices}")


def _type_problem(
    doc: Document, path: DataPath, value: Any, wanted: str, rules: dict[str, Any]
) -> tuple[str, str]:
    raw = doc.plain.get(path)
    need = TYPE_NAMES.get(wanted, wanted)
    if wanted == "string" and raw is not None and raw not in rules.get("allowed", [raw]):
        choices = ", ".join(str(a) for a in rules["allowed"])
        return f"'{raw}' is not one of: {choices}", f"use one of: {choices}"
    if wanted == "string" and raw is not None:
        return (
            f"{raw} was read by YAML as {describe(value)}, not text",
            f"put it in quotes: '{raw}'",
        )
    if wanted == "date" and isinstance(value, str):
        return _date_problem(value)
    if wanted == "quantity":
        return f"{describe(value)} is not a figure lws can read", f"write {QUANTITY_FORMS}"
    if wanted == "statistic":
        return f"{describe(value)} is not a published figure", f"write {STATISTIC_FORMS}"
    return f"expected {need}, found {describe(value)}", _describe(rules)


def _date_problem(value: str) -> tuple[str, str]:
    shown = _shorten(value)
    try:
        dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        if len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
            return f"'{shown}' is not a real date ({exc})", "check the day and month"
        return f"'{shown}' is not a date lws can read", _date_hint(value)
    return f"'{shown}' is not a plain date", "write the date alone as YYYY-MM-DD, with no time"


def _date_hint(value: str) -> str:
    """The ISO day a slashed date means (UK order for d/m/y), else every form lws reads."""
    ymd = re.fullmatch(r"(\d{4})/(\d{1,2})/(\d{1,2})", value.strip())
    dmy = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value.strip())
    parts = (ymd[1], ymd[2], ymd[3]) if ymd else (dmy[3], dmy[2], dmy[1]) if dmy else None
    if parts:
        day = f"{parts[0]}-{int(parts[1]):02d}-{int(parts[2]):02d}"
        return f"write a day as YYYY-MM-DD: {day}"
    return f"write {FORMS}"


def describe(value: Any) -> str:
    """How a value reads to an author: 'false (a yes/no value)', 'a list', 'text "x"'."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f'text "{_shorten(str(value))}"'


def _field_hint(key: Any, rules: dict[str, Any]) -> str:
    meta = rules.get("meta") or {}
    example = meta.get("example")
    description = str(meta.get("description", "")).rstrip(".")
    text = f"{key}: {description}" if description else f"add {key}"
    return f"{text}; e.g. {key}: {example}" if example is not None else text


def _describe(rules: dict[str, Any]) -> str:
    meta = rules.get("meta") or {}
    return str(meta.get("description", ""))


def _expected_keys(schema: SectionSchema, path: DataPath) -> str:
    required = [k for k, r in schema.fields.items() if isinstance(r, dict) and r.get("required")]
    keys = ", ".join(required or list(schema.fields))
    return f"{schema.title} expects keys: {keys}"


def _at(
    doc: Document,
    path: DataPath,
    message: str,
    hint: str,
    *,
    at: DataPath | None = None,
    warn: bool = False,
) -> Diagnostic:
    """A diagnostic located at ``path``'s value (reported under ``at`` if given)."""
    mark = doc.position(path)
    severity = Severity.WARNING if warn else Severity.ERROR
    return Diagnostic(doc.file, mark.line, mark.col, severity, at or path, message, hint)


def _shorten(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1] + "…"


__all__ = ["describe", "format_path", "validate_section"]
