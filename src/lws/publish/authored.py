"""The trust's own Markdown (forewords, own sections, appendices) as safe Pandoc Markdown.

An author writes a body in CommonMark, read by markdown-it-py with raw HTML off. Only a
small, printable subset survives as structure: paragraphs, subheadings, bullet and
numbered lists, block quotes, **bold**, *italic* and links to http(s):// or mailto:
addresses. Everything else (images, code, tables, raw HTML, links elsewhere) becomes its
text, escaped like every other author value (:func:`lws.publish.render.escape`), so a
body can never run code, pull in a file or break the page around it.

Subheadings sit under the heading lws gives the body: the author's biggest heading
becomes ``level``, deeper ones follow, never deeper than level 6, and never more than one
level below the heading before them (a body that opens with ``###`` under an appendix, or
skips from ``#`` to ``###``, would otherwise skip a level, which an accessible PDF refuses).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from lws.publish.render import Markdown, escape

_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>\"'`\\]+$")
_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_PARSER.disable(["html_block", "html_inline", "image", "reference"])


def authored(text: str | None, level: int = 2) -> Markdown:
    """``text`` (an author's Markdown) as safe Pandoc Markdown, subheadings from ``level``."""
    tree = SyntaxTreeNode(_PARSER.parse(text or ""))
    blocks = _blocks(tree.children, _depths(tree, level))
    return Markdown("\n\n".join(blocks) + "\n" if blocks else "")


def _depths(tree: SyntaxTreeNode, level: int) -> dict[int, int]:
    """Each heading's level (by node identity), in the document's order: the biggest at
    ``level``, each at most one below the one before it (the first at most ``level``)."""
    headings = [node for node in tree.walk() if node.type == "heading"]
    top = min((int(node.tag[1]) for node in headings), default=1)
    depths: dict[int, int] = {}
    before = level - 1
    for node in headings:
        depth = max(1, min(6, int(node.tag[1]) + level - top, before + 1))
        depths[id(node)] = before = depth
    return depths


def _blocks(nodes: Iterable[SyntaxTreeNode], depths: dict[int, int]) -> list[str]:
    out: list[str] = []
    for node in nodes:
        kind = node.type
        if kind == "paragraph":
            text = _inline(node.children)
            if text.strip():
                out.append(text)
        elif kind == "heading":
            out.append("#" * depths[id(node)] + " " + _inline(node.children))
        elif kind in ("bullet_list", "ordered_list"):
            start = int(str(node.attrGet("start") or 1))
            tight = all(p.hidden for p in node.walk() if p.type == "paragraph")
            gap = "\n" if tight else "\n\n"
            items = []
            for number, item in enumerate(node.children, start):
                marker = f"{number}. " if kind == "ordered_list" else "- "
                inner = gap.join(_blocks(item.children, depths))
                items.append(_indented(marker, inner))
            out.append(gap.join(items))
        elif kind == "blockquote":
            inner = "\n\n".join(_blocks(node.children, depths))
            out.append("\n".join(f"> {line}".rstrip() for line in inner.split("\n")))
        elif kind in ("code_block", "fence"):
            out.append(escape(node.content))
        elif kind == "hr":
            out.append("* * *")
    return out


def _indented(marker: str, text: str) -> str:
    """A list item: the marker on its first line, later lines lined up under its text."""
    pad = " " * len(marker)
    first, *rest = text.split("\n")
    return "\n".join([marker + first, *((pad + line) if line else "" for line in rest)])


def _inline(nodes: Iterable[SyntaxTreeNode]) -> str:
    parts: list[str] = []
    for node in nodes:
        kind = node.type
        if kind == "inline":
            parts.append(_inline(node.children))
        elif kind in ("text", "code_inline"):
            parts.append(_text(node.content))
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "strong":
            parts.append(_wrapped("**", _inline(node.children)))
        elif kind == "em":
            parts.append(_wrapped("*", _inline(node.children)))
        elif kind == "link":
            label = _inline(node.children)
            href = str(node.attrGet("href") or "")
            parts.append(f"[{label}](<{href}>)" if _SAFE_URL.match(href) and label else label)
        else:  # anything else the parser makes: its words only
            parts.append(_inline(node.children))
    return "".join(parts)


def _text(content: str) -> str:
    """Author words escaped; the spaces at their ends kept (they separate them from markup)."""
    stripped = content.strip()
    if not stripped:
        return " " if content else ""
    lead = " " if content[0].isspace() else ""
    tail = " " if content[-1].isspace() else ""
    return lead + escape(stripped) + tail


def _wrapped(mark: str, text: str) -> str:
    """Emphasis around ``text``, with any spaces at its ends kept outside the marks."""
    stripped = text.strip()
    if not stripped:
        return text
    lead = " " if text[0].isspace() else ""
    tail = " " if text[-1].isspace() else ""
    return f"{lead}{mark}{stripped}{mark}{tail}"
