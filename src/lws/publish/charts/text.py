"""Author text made drawable (one line, no characters XML forbids, wrapped); alt-text words."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence

from lws.core.quantities import format_percent

# Characters XML 1.0 forbids (matplotlib writes each label into a comment), and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Author text as one line of drawable characters."""
    return " ".join(_NOT_XML.sub("", text).split())


def _wrap(text: str, width: int, max_lines: int = 3) -> str:
    """Wrap a label to ``width`` characters, at most ``max_lines`` lines (then "…")."""
    lines = textwrap.wrap(
        _clean(text), width, max_lines=max_lines, placeholder=" …", break_on_hyphens=False
    )
    return "\n".join(lines) if lines else ""


def _natural(text: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key that puts R2 before R10."""
    parts = re.split(r"(\d+)", text)
    return tuple((0, int(p), "") if p.isdecimal() else (1, 0, p) for p in parts if p)


def _count(number: int, one: str, many: str = "") -> str:
    """``1 risk``, ``2 risks``."""
    return f"{number} {one if number == 1 else many or one + 's'}"


def _percent(score: float) -> str:
    return format_percent(score)


def _named(label: str, name: str) -> str:
    return f"{label} {name}" if name else label


def _sentence(items: Sequence[str]) -> str:
    return "; ".join(items) + "." if items else ""
