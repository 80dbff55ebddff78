"""One-line YAML for imported values: dates as ISO dates, numbers as YAML 1.1 reads them
back, text plain only when it is provably read back as the same text, else double quoted.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

BOM = b"\xef\xbb\xbf"
_STR_TAG = "tag:yaml.org,2002:str"
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")


_resolver = Resolver()


def renderable(item: Any) -> bool:
    return isinstance(item, dict) and all(
        isinstance(k, str) and _PLAIN_KEY.fullmatch(k) and _scalar_value(v) for k, v in item.items()
    )


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _scalar_value(value: Any) -> bool:
    return isinstance(value, str | int | float | dt.date) and not isinstance(value, bool)


def yaml_scalar(value: Any) -> str:
    """``value`` as a one-line YAML scalar that lws's loader reads back as the same value."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"not a workforce_data value: {value!r}")
    if isinstance(value, dt.datetime):
        raise TypeError("workforce_data dates carry no time")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return yaml_float(value)
    return yaml_text(str(value))


def yaml_float(value: float) -> str:
    """A finite float in a form YAML 1.1's float pattern accepts (a point, no bare exponent)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("figures must be finite")
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text if "." in text else f"{text}.0"


def yaml_text(text: str) -> str:
    """Text as a plain scalar when that is provably read back as the same text, else quoted."""
    return text if _plain_safe(text) else _double_quoted(text)


def _plain_safe(text: str) -> bool:
    if not text or text != text.strip(" ") or text[0] in _INDICATORS:
        return False
    if not all(_printable(ch) and ch != "\\" for ch in text):
        return False  # `\` is harmless in plain text; quoting it just reads more clearly
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    tag = _resolver.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR_TAG)


def _printable(ch: str) -> bool:
    """Characters written as themselves: printable, and never a YAML line break or BOM."""
    code = ord(ch)
    return (
        0x20 <= code <= 0x7E
        or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    )


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'
