"""Author text made safe as Pandoc Markdown (a module of its own, light to import: a
conversion escapes the trust's name too, and :mod:`lws.publish.render` needs Jinja)."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["Markdown", "escape"]

# Pandoc Markdown punctuation that can start syntax; quotes are left for smart typography.
_ESCAPABLE = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~^$@&:=%])")


class Markdown(str):
    """Text that is already valid, safe Pandoc Markdown (made by lws, not by an author)."""

    __slots__ = ()


def escape(value: Any) -> Markdown:
    """Author text as inline Markdown: every special character escaped, lines joined."""
    if isinstance(value, Markdown):
        return value
    text = "" if value is None else str(value)
    text = " ".join(text.split())  # no line breaks: they would end table rows and lists
    return Markdown(_ESCAPABLE.sub(r"\\\1", text))
