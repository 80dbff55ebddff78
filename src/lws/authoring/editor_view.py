"""Values as an editor sees them: YAML 1.2, as yaml-language-server reads a section file.

lws reads YAML 1.1 (:mod:`lws.model.load`); the JSON Schemas of
:mod:`lws.authoring.jsonschema` are applied by editors that read YAML 1.2, where an unquoted
``no``, ``12:30`` or ``2026-04-01`` is text. :func:`editor_view` gives a loaded document's
data as such an editor sees it; :func:`example_value` a schema's example the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from lws.core.diagnostics import DataPath
from lws.core.errors import LwsError
from lws.model.load import Document, load_bytes


def example_value(example: Any) -> Any:
    """A schema's ``meta.example`` as a value: written as YAML text, read as an editor does.

    ``example: "'1.2'"`` is the text 1.2; ``example: "[a, b]"`` a list; text that YAML
    cannot read at all (``%``) is taken as it stands.
    """
    if not isinstance(example, str):
        return jsonable(example)
    try:
        doc = load_bytes(example.encode("utf-8"), "<example>")
    except LwsError:
        return example
    return editor_view(doc)


def editor_view(doc: Document) -> Any:
    """The data of ``doc`` as an editor reading YAML 1.2 sees it (the JSON Schema's view).

    Plain scalars that YAML 1.1 read as something other than text are read again under the
    YAML 1.2 core schema: ``no``, ``on``, ``12:30`` and ``2026-04-01`` become text; ``1.10``
    stays a number. Any other date becomes its ISO text.
    """
    return _view(doc.data, (), doc.plain)


def _view(value: Any, path: DataPath, plain: Mapping[DataPath, str]) -> Any:
    if path in plain:
        return yaml12_scalar(plain[path])
    if isinstance(value, dict):
        return {str(k): _view(v, (*path, k), plain) for k, v in value.items()}
    if isinstance(value, list):
        return [_view(v, (*path, i), plain) for i, v in enumerate(value)]
    return jsonable(value)


_NULL = re.compile(r"~|null|Null|NULL")
_TRUE = re.compile(r"true|True|TRUE")
_FALSE = re.compile(r"false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"([-+]?)\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")


def yaml12_scalar(text: str) -> Any:
    """A plain scalar resolved by the YAML 1.2 core schema (as yaml-language-server does)."""
    if _NULL.fullmatch(text):
        return None
    if _TRUE.fullmatch(text):
        return True
    if _FALSE.fullmatch(text):
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    inf = _INF.fullmatch(text)
    if inf:
        return float(f"{inf[1]}inf")
    if _NAN.fullmatch(text):
        return float("nan")
    return text


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
