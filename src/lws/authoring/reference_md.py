"""Markdown for the field reference: text escaped, table cells on one line, anchors."""

from __future__ import annotations

import re
from typing import Any

from lws.authoring.reference_examples import yaml_flow


def md_anchors(titles: list[str]) -> list[str]:
    """GitHub's heading anchors for ``titles``, in order (repeats get -1, -2…)."""
    seen: dict[str, int] = {}
    out = []
    for title in titles:
        slug = re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        out.append(slug if count == 0 else f"{slug}-{count}")
    return out


def md_text(text: str) -> str:
    """Author text made safe for Markdown: no HTML, no accidental emphasis."""
    return (
        text.replace("\\", "\\\\")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("*", "\\*")
        .replace("`", "\\`")
    )


def md_cell(text: str) -> str:
    """Author text for a table cell or list item: escaped, on one line."""
    return _oneline(md_text(text))


def _oneline(markdown: str) -> str:
    """Markdown on one line, ``|`` escaped (GitHub tables need it even inside code)."""
    return " ".join(markdown.split()).replace("|", "\\|")


def md_row(cells: list[str]) -> str:
    return "| " + " | ".join(_oneline(cell) for cell in cells) + " |"


def md_code(text: str) -> str:
    """Inline code on one line."""
    text = " ".join(text.split())
    fence = "``" if "`" in text else "`"
    pad = " " if "`" in text else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_value(value: Any) -> str:
    return md_code(yaml_flow(value))
