"""The grammar of the evidence vocabulary, so a trust's criteria are checked before they run.

A criterion's ``evidence`` is a check: a one-key mapping naming its kind (see
:mod:`lws.diagnose.evidence`) whose value has the arguments that kind takes. A trust may
write its own criteria (``criteria/local.yaml``) or replace lws's: each check is validated
here, recursively through ``all`` and ``any``, and every problem is reported at its place
in the file, so a malformed check is a located error, never a crash while it runs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lws.core.diagnostics import DataPath
from lws.model.schema import StrategyValidator

_DOTTED = {"type": "string", "required": True, "regex": r"^[a-z_]+(\.[A-Za-z0-9_]+)*$"}
_CONDITIONS = {"type": "dict", "keysrules": {"type": "string"}}
_PREDICATES: dict[str, Any] = {
    "items": _DOTTED,
    "where": _CONDITIONS,
    "unless": _CONDITIONS,
    "has": {"type": "list", "schema": {"type": "string"}},
    "true": {"type": "string"},
    "future": {"type": "string"},
    "recent": {
        "type": "dict",
        "schema": {
            "field": {"type": "string", "required": True},
            "days": {"type": "integer", "required": True, "min": 0},
        },
    },
}
ARGUMENTS: dict[str, dict[str, Any]] = {
    "count": {**_PREDICATES, "min": {"type": "integer", "min": 0}},
    "every": _PREDICATES,
    "present": {"value": _DOTTED},
    "date": {"value": _DOTTED, "future": {"type": "boolean"}},
    "referenced": {
        "items": _DOTTED,
        "by": _DOTTED,
        "field": {"type": "string", "required": True},
        "id": {"type": "string"},
    },
}
COMBINERS = ("all", "any")
_EXAMPLE = "e.g. {count: {items: actions.actions, min: 3}}"


def check_problems(check: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, str]]:
    """(path within the check, message) for everything wrong with ``check``."""
    kinds = [*ARGUMENTS, *COMBINERS]
    if not isinstance(check, dict) or len(check) != 1:
        yield path, f"a check is a mapping with one key, its kind ({', '.join(kinds)}): {_EXAMPLE}"
        return
    ((kind, spec),) = check.items()
    here = (*path, kind)
    if kind in COMBINERS:
        if not isinstance(spec, list) or not spec:
            yield here, f"'{kind}' takes a list of one or more checks"
            return
        for index, part in enumerate(spec):
            yield from check_problems(part, (*here, index))
        return
    if kind not in ARGUMENTS:
        yield here, f"unknown evidence check '{kind}' (known: {', '.join(kinds)})"
        return
    if not isinstance(spec, dict):
        yield here, f"'{kind}' takes a mapping of its arguments: {', '.join(ARGUMENTS[kind])}"
        return
    validator = StrategyValidator(ARGUMENTS[kind])
    if not validator.validate(spec):
        yield from flatten_errors(validator.errors, here)


def flatten_errors(
    errors: Mapping[Any, Any], path: DataPath = ()
) -> Iterator[tuple[DataPath, str]]:
    """Cerberus' nested error tree as (path, 'key: message') pairs."""
    for key, messages in errors.items():
        for message in messages:
            if isinstance(message, dict):
                yield from flatten_errors(message, (*path, key))
            else:
                yield (*path, key), f"{key}: {message}" if isinstance(key, str) else message
