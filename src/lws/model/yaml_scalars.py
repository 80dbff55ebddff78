"""Scalar values as lws reads them: YAML's types, but no times, no NaN and no other tags.

A plain scalar that YAML 1.1 would turn into something other than what it says (``80:20``,
``017``, ``no``…) is kept as written, with the surprise explained (:func:`yaml11_surprise`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from lws.core.quantities import MAX_NUMBER
from lws.model.yaml_errors import STD

SCALAR_TAGS = {f"{STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
COLLECTION_TAGS = {f"{STD}seq", f"{STD}map"}
_resolver = Resolver()
_constructor = SafeConstructor()
# The first characters YAML's resolver tries a pattern for: a plain scalar starting with any
# other (most text) resolves to text without trying one. Only valid while no resolver is
# keyed by every character (None) or by path, as in PyYAML's Resolver.
_RESOLVED_FIRST = frozenset(_resolver.yaml_implicit_resolvers)
_SHORTCUT = None not in _RESOLVED_FIRST and not _resolver.yaml_path_resolvers

# What PyYAML's constructors raise for text that does not fit the tag (`!!int ''` an
# IndexError, `!!bool x` a KeyError, `!!timestamp x` an AttributeError).
_UNFIT = (ValueError, LookupError, AttributeError, ConstructorError, OverflowError)

Surprise = tuple[str, str]  # what YAML 1.1 would have made of a value, and the fix


def refused_tag(tag: str | None, allowed: set[str]) -> bool:
    """Whether an explicit tag is one lws refuses (``!!python/object``, ``!custom``…)."""
    return tag not in (None, "!") and tag not in allowed


def scalar_value(event: Any) -> tuple[Any, Surprise | None]:
    """The value of a scalar event (its text where the tag is refused or the value unfit),
    and the YAML 1.1 surprise it would have been, if any."""
    tag = event.tag
    if (
        tag is None
        and _SHORTCUT
        and (not event.implicit[0] or event.value[:1] not in _RESOLVED_FIRST)
    ):
        return event.value, None  # what resolve() would say: text (quoted, or no pattern)
    if tag is None:
        tag = _resolver.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
    elif tag not in SCALAR_TAGS:
        return event.value, None  # `! 017`, YAML's non-specific tag, is text; or a refused tag
    if tag not in SCALAR_TAGS or tag == f"{STD}str":
        return event.value, None  # implicit merge (<<) and value (=) tags: plain text
    if event.tag is None and (surprise := yaml11_surprise(event.value, tag)) is not None:
        return event.value, surprise  # kept as the author wrote it; never a silent 4820 for 80:20
    if tag == f"{STD}int" and len(event.value.lstrip("+-0_")) > _MAX_DIGITS:
        return event.value, too_large(event.value)  # before int() reads thousands of digits
    node = ScalarNode(tag, event.value)
    try:
        value = SafeConstructor.yaml_constructors[tag](_constructor, node)
    except _UNFIT:
        return event.value, None  # e.g. 2025-02-30, !!bool x: kept as text; the schema explains it
    if isinstance(value, dt.datetime):
        return event.value, None  # lws records dates, not times; the schema explains it
    if isinstance(value, float) and math.isnan(value):
        return event.value, None  # .nan is never meant as a figure
    if value.__class__ in _NUMBERS and not -MAX_NUMBER < value < MAX_NUMBER:  # 1e400: infinity
        return event.value, too_large(event.value)
    return value, None


_MAX_DIGITS = len(str(MAX_NUMBER))
_NUMBERS = (int, float)  # not bool (a subclass of int)


def too_large(text: str) -> Surprise:
    """A number too large for any figure in a strategy (see ``MAX_NUMBER``)."""
    digits = sum(c.isdigit() for c in text)
    shown = text if len(text) <= 24 else f"{text[:12]}… ({digits:,} digits)"
    return (
        f"{shown} is too large a number for a strategy (lws reads numbers below {MAX_NUMBER:,})",
        "check for pasted or repeated digits; quote the value if it is not a figure",
    )


def source_text(event: Any, value: Any) -> str | None:
    """What a scalar was written as, where YAML read it as something other than text."""
    if isinstance(event, yaml.ScalarEvent) and not isinstance(value, str) and event.value:
        return str(event.value)
    return None


_FAITHFUL = {
    f"{STD}int": re.compile(r"-?(0|[1-9][0-9]*)"),
    f"{STD}float": re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+([eE][-+][0-9]+)?"),
    f"{STD}bool": re.compile(r"true|false|True|False|TRUE|FALSE"),
}


def yaml11_surprise(text: str, tag: str) -> tuple[str, str] | None:
    """Why YAML 1.1 would read plain ``text`` as something other than what it says, or None.

    Plain decimals (``42``, ``-1.5``, ``1.10``: the number written), ``true``/``false``, dates
    and nulls read as written; anything else YAML 1.1 resolves to a number or a boolean
    changes what the author wrote: ``80:20`` is the base-60 number 4820, ``017`` the octal
    15, ``1_000`` is 1000, ``0x1F`` is 31, ``.inf`` infinity, ``no`` is false.
    """
    pattern = _FAITHFUL.get(tag)
    if pattern is None or pattern.fullmatch(text):
        return None
    quote = f"put it in quotes: '{text}'"
    if tag == f"{STD}bool":
        meaning = "true" if text.lower() in ("yes", "on") else "false"
        return (
            f"{text} was read by YAML 1.1 as {meaning} (a yes/no value)",
            f"{quote} if you mean the word; write {meaning} for a yes/no value",
        )
    node = ScalarNode(tag, text)
    try:
        number = SafeConstructor.yaml_constructors[tag](_constructor, node)
    except (ValueError, ConstructorError, OverflowError):
        return None
    if isinstance(number, float) and not math.isfinite(number):
        read = "not a number" if math.isnan(number) else "infinity"
    else:
        read = f"{_number_kind(text)}{number}"
    return f"{text} was read by YAML 1.1 as {read}, not as written", quote


def _number_kind(text: str) -> str:
    bare = text.lstrip("+-")
    if ":" in bare:
        return "the base-60 number "
    if bare[:2] == "0x":  # YAML 1.1 reads only the lower-case prefixes (0X1F is text)
        return "the hexadecimal number "
    if bare[:2] == "0b":
        return "the binary number "
    if bare[:1] == "0" and bare[1:2].isdigit() and "." not in bare:
        return "the octal number "
    return "the number "
