"""A fast first answer to "is this section valid?": the Cerberus rules compiled for jsonschema-rs.

Cerberus explains every problem well (:mod:`lws.model.validate` turns its errors into located
advice) but costs about half of ``lws check`` walking its rules in Python. Most sections are
valid, so each section schema is also translated into a JSON Schema that a compiled validator
(``jsonschema-rs``, in Rust) checks; only when it reports any problem, or when the schema or
the data holds something the translation does not express, does Cerberus run, and its
messages are the ones shown. Every position and message is therefore Cerberus's, as before.

The translation is *at least as strict* as Cerberus (a property test holds it to that):
whatever it accepts, Cerberus accepts, and leaves unchanged.

* Only validation rules are translated (``type``, ``schema``, ``required``, ``excludes``,
  ``nullable``, ``allowed``, ``min``, ``max``, ``minlength``, ``maxlength``, ``empty``,
  ``regex``; ``meta``,
  the ``defines``/``refers`` markers and ``vocabulary`` carry no check). A schema using any
  other rule (a trust's ``coerce``, ``default``, ``excludes``…) has no fast path: Cerberus
  alone decides.
* lws's own types are keywords calling lws's own functions: ``date``
  (:func:`lws.model.schema.is_date`), ``quantity`` (:func:`lws.core.quantities.parse_quantity`),
  ``statistic`` (:func:`lws.core.statistics.is_statistic`),
  and ``regex``, matched by RE2 against the whole value (:mod:`lws.core.patterns`), so patterns
  keep lws's meaning rather than the Rust engine's. ``integer`` also refuses ``3.0``, which JSON
  Schema counts as an integer and Cerberus does not.
* The data is handed over as JSON values: a YAML date becomes a one-key mapping that only the
  ``date`` keyword reads back; a key that is not text, or any value JSON cannot hold, sends the
  section to Cerberus.

Why jsonschema-rs and not fastjsonschema: fastjsonschema generates Python source from the
schema and ``exec``s it, and a trust may override any schema, so its file would become code
that ``lws check`` runs (rule 4: what a repository supplies is data). jsonschema-rs compiles
the schema into a validator tree in Rust; nothing from the schema is ever executed, and the
only Python it calls is the four keyword classes below.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from lws.core.dates import parse_partial_date
from lws.core.patterns import full_match
from lws.core.quantities import parse_quantity
from lws.core.statistics import is_statistic

#: The key of the mapping a YAML date is handed over as (no key YAML data gives lws starts
#: with NUL unchecked: such a key sends the section to Cerberus).
DATE_KEY = "\x00date"
#: Rules that carry no check of a value by itself: descriptions, the id markers (checked across
#: the strategy), an open list's recognised words (near misses are warned of elsewhere), and
#: ``required`` and ``excludes`` (translated with the mapping that holds the field).
_INERT = frozenset({"meta", "defines", "refers", "vocabulary", "required", "excludes"})
_RULES = frozenset(
    {"type", "schema", "nullable", "allowed", "min", "max", "minlength", "maxlength", "empty"}
    | {"regex"}
    | _INERT
)
_EXACT = 2**53  # numbers beyond are compared approximately by JSON validators: Cerberus decides
_JSON_TYPES = {"string": "string", "number": "number", "boolean": "boolean"}
_JSON_TYPES |= {"integer": "integer", "list": "array", "dict": "object"}
_LENGTHS = {
    "string": ("minLength", "maxLength"),
    "list": ("minItems", "maxItems"),
    "dict": ("minProperties", "maxProperties"),
}


class UntranslatableError(Exception):
    """A schema (or a value) the fast path does not express: Cerberus alone decides."""


def compile_section(fields: Mapping[str, Any]) -> Any | None:
    """A jsonschema-rs validator for a section's expanded Cerberus fields, or None when the
    schema uses a rule the translation cannot express."""
    return compile_translated(translate(fields))


def translate(fields: Mapping[str, Any]) -> dict[str, Any] | None:
    """The JSON Schema of a section's expanded Cerberus fields (JSON data: it may be kept),
    or None when the schema uses a rule the translation cannot express."""
    try:
        return {"$schema": "https://json-schema.org/draft/2020-12/schema"} | _mapping(fields)
    except (UntranslatableError, ValueError):
        return None


def compile_translated(schema: dict[str, Any] | None) -> Any | None:
    """A jsonschema-rs validator for :func:`translate`'s answer (None: no fast path)."""
    if schema is None:
        return None
    try:
        import jsonschema_rs
    except ImportError:  # a slimmed install without it: Cerberus alone, as before
        return None
    try:
        return jsonschema_rs.Draft202012Validator(schema, keywords=_KEYWORDS)
    except ValueError:
        return None


def fast_valid(validator: Any, data: Any) -> bool:
    """True when the compiled validator accepts the data (so Cerberus would too); False
    means "ask Cerberus", never "invalid"."""
    try:
        return bool(validator.is_valid(portable(data)))
    except (UntranslatableError, ValueError, RecursionError):
        return False


def portable(value: Any) -> Any:
    """``value`` as JSON values (a date as ``{DATE_KEY: "YYYY-MM-DD"}``), or UntranslatableError."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int:
        if -_EXACT <= value <= _EXACT:
            return value
        raise UntranslatableError("a whole number too large to compare exactly as JSON")
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str or key.startswith("\x00"):
                raise UntranslatableError(key)
            out[key] = portable(item)
        return out
    if kind is list:
        return [portable(item) for item in value]
    if kind is float and math.isfinite(value) and abs(value) <= _EXACT:
        return value
    if kind is dt.date:
        return {DATE_KEY: value.isoformat()}
    raise UntranslatableError(kind.__name__)


def _python(value: Any) -> Any:
    """What a keyword is handed back, with dates restored."""
    if isinstance(value, dict):
        if len(value) == 1 and DATE_KEY in value:
            return dt.date.fromisoformat(value[DATE_KEY])
        return {k: _python(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_python(v) for v in value]
    return value


# -- translation -----------------------------------------------------------------------------


def _mapping(fields: Any) -> dict[str, Any]:
    """A Cerberus dict schema (field → rules): an object with exactly those keys."""
    if not isinstance(fields, Mapping) or not all(isinstance(k, str) for k in fields):
        raise UntranslatableError("schema")
    properties = {key: _field(rules) for key, rules in fields.items()}
    required = []
    for key, rules in fields.items():
        flag = rules.get("required", False)
        if not isinstance(flag, bool):
            raise UntranslatableError("required")
        if flag:
            required.append(key)
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    apart = [{"not": {"required": [key, other]}} for key, other in _exclusions(fields)]
    if apart:
        out["allOf"] = apart
    return out


def _exclusions(fields: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The pairs of keys ``excludes`` keeps apart (Cerberus may also waive a ``required`` for
    an excluded key: requiring it anyway is only stricter)."""
    pairs = []
    for key, rules in fields.items():
        others = rules.get("excludes", [])
        others = [others] if isinstance(others, str) else others
        if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
            raise UntranslatableError("excludes")
        pairs += [(key, other) for other in others]
    return pairs


def _field(rules: Any) -> dict[str, Any]:
    """One field's rules."""
    if not isinstance(rules, Mapping) or not set(rules) <= _RULES:
        raise UntranslatableError("rules")
    ctype = rules.get("type")
    types: list[Any] = ctype if isinstance(ctype, list) else [ctype]
    if not types or not all(isinstance(t, str) for t in types):
        raise UntranslatableError("type")
    branches = [_typed(rules, str(t)) for t in types]
    out = branches[0] if len(branches) == 1 else {"anyOf": branches}
    nullable = rules.get("nullable", False)
    if nullable is True:
        return {"anyOf": [{"type": "null"}, out]}
    if nullable is not False:
        raise UntranslatableError("nullable")
    if "type" in out:
        return out  # a JSON type other than null already refuses null (and halves the schema)
    return {"allOf": [{"not": {"type": "null"}}, out]}


def _typed(rules: Mapping[str, Any], ctype: str) -> dict[str, Any]:
    """The rules for a value of one Cerberus type."""
    if ctype == "date":
        out: dict[str, Any] = {"lwsDate": True}
    elif ctype == "quantity":
        out = {"lwsQuantity": True}
    elif ctype == "statistic":
        out = {"lwsStatistic": True}
    elif ctype in _JSON_TYPES:
        out = {"type": _JSON_TYPES[ctype]}
    else:
        raise UntranslatableError(ctype)  # float, or a type lws does not define
    if ctype == "integer":
        out["lwsWhole"] = True
    out |= _bounds(rules, ctype) | _lengths(rules, ctype)
    if "regex" in rules:
        if not isinstance(rules["regex"], str):
            raise UntranslatableError("regex")
        out["lwsRegex"] = rules["regex"]
    checks = _checks(rules, ctype)
    if checks:
        out["allOf"] = checks
    return out


def _checks(rules: Mapping[str, Any], ctype: str) -> list[dict[str, Any]]:
    """What a value holds (``schema``), the values ``allowed``, and ``empty`` where its type
    has no length keyword."""
    checks: list[dict[str, Any]] = []
    if "schema" in rules:
        if ctype == "dict":
            checks.append(_mapping(rules["schema"]))
        elif ctype == "list":
            checks.append({"items": _field(rules["schema"])})
        else:
            raise UntranslatableError("schema")
    if "allowed" in rules:
        allowed = rules["allowed"]
        if not isinstance(allowed, list):
            raise UntranslatableError("allowed")
        enum = {"enum": [portable(a) for a in allowed]}
        checks.append({"items": enum} if ctype == "list" else enum)
    if rules.get("empty", True) is False and ctype not in _LENGTHS:
        checks.append({"not": {"enum": ["", [], {}]}})
    return checks


def _bounds(rules: Mapping[str, Any], ctype: str) -> dict[str, Any]:
    out = {}
    for rule, keyword in (("min", "minimum"), ("max", "maximum")):
        if rule in rules:
            bound = rules[rule]
            if ctype not in ("integer", "number") or type(bound) not in (int, float):
                raise UntranslatableError(rule)
            out[keyword] = portable(bound)
    return out


def _lengths(rules: Mapping[str, Any], ctype: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for index, rule in enumerate(("minlength", "maxlength")):
        if rule in rules:
            length = rules[rule]
            if ctype not in _LENGTHS or type(length) is not int or length < 0:
                raise UntranslatableError(rule)
            out[_LENGTHS[ctype][index]] = length
    empty = rules.get("empty", True)
    if empty is False and ctype in _LENGTHS:
        keyword = _LENGTHS[ctype][0]
        out[keyword] = max(1, out.get(keyword, 0))
    elif empty not in (True, False):
        raise UntranslatableError("empty")
    return out


# -- lws's own keywords ----------------------------------------------------------------------


_NUMBERS = (int, float)  # not bool


class _Keyword:
    def __init__(self, parent: dict[str, Any], value: Any, path: list[str | int]) -> None:
        self.value = value


class _Date(_Keyword):
    def validate(self, instance: Any) -> None:
        if parse_partial_date(_python(instance)) is None:
            raise ValueError("not a date")


class _Quantity(_Keyword):
    def validate(self, instance: Any) -> None:
        if type(instance) in _NUMBERS:
            return  # any number is a figure (parse_quantity would say so, and format it)
        if parse_quantity(_python(instance)) is None:
            raise ValueError("not a figure")


class _Statistic(_Keyword):
    def validate(self, instance: Any) -> None:
        if not is_statistic(_python(instance)):
            raise ValueError("not a statistic")


class _Whole(_Keyword):
    def validate(self, instance: Any) -> None:
        if type(instance) is not int:
            raise ValueError("not a whole number")


class _Regex(_Keyword):
    def validate(self, instance: Any) -> None:
        if isinstance(instance, str) and not full_match(self.value, instance):
            raise ValueError("does not match")


_KEYWORDS: dict[str, Any] = {
    "lwsDate": _Date,
    "lwsQuantity": _Quantity,
    "lwsStatistic": _Statistic,
    "lwsWhole": _Whole,
    "lwsRegex": _Regex,
}
