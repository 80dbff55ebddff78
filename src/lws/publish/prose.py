"""The prose a variant publishes, as plain text, and where in the sources each sentence came from.

:func:`blocks` reads the Markdown lws renders for a variant (its own constructs only:
headings, paragraphs, list items, pipe tables, figures) back into plain text, one block per
paragraph, list item or table cell. :class:`Origins` indexes every sentence of the strategy's
text values, so a published sentence is traced to the file, line and column an author edits;
text that comes from no section (a template's own words) is traced to the template.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lws.core.diagnostics import DataPath
from lws.diagnose.readability import split_sentences, words
from lws.model.load import Document

_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\((?:<[^>]*>|[^)\s]*)\)")
_ATTRIBUTES = re.compile(r"\{[#.][^}]*\}")
_MARKUP = re.compile(r"(?<!\\)[*_`]")
_ESCAPED = re.compile(r"\\(.)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_TRAILING = ".!?:;, "
MIN_CONTAINED_WORDS = 3  # a source sentence found inside a published one must be this long


@dataclass(frozen=True)
class Block:
    """One paragraph, list item or table cell as plain text; headings are kept apart."""

    text: str
    heading: bool = False


def blocks(markdown: str) -> list[Block]:
    """The Markdown lws rendered, as plain-text blocks in reading order."""
    out: list[Block] = []
    paragraph: list[str] = []
    table_head = True

    def flush() -> None:
        if paragraph:
            out.append(Block(inline(" ".join(paragraph))))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if not line.startswith("|"):
            table_head = True
        if not line or line.startswith(("![", ":::", "```")) or line in ("---", "***"):
            flush()
        elif line.startswith("#"):
            flush()
            out.append(Block(inline(line.lstrip("#").strip()), heading=True))
        elif line.startswith("|"):
            flush()
            if not _TABLE_RULE.match(line):
                cells = [c for c in re.split(r"(?<!\\)\|", line.strip("|"))]
                out += [Block(inline(c), heading=table_head) for c in cells if c.strip()]
                table_head = False
        elif _LIST_ITEM.match(raw):
            flush()
            paragraph.append(_LIST_ITEM.sub("", raw))
        else:
            paragraph.append(line)
    flush()
    return [b for b in out if b.text and words(b.text)]


def inline(markdown: str) -> str:
    """One line of lws's Markdown as the text a reader sees."""
    text = _LINK.sub(lambda m: m.group(1), markdown)
    text = _ATTRIBUTES.sub("", text)
    text = _MARKUP.sub("", text)
    text = _ESCAPED.sub(lambda m: " " if m.group(1) == " " else m.group(1), text)
    return " ".join(text.split())


def key(text: str) -> str:
    """The form in which published and source sentences are compared."""
    return " ".join(text.translate(_QUOTES).split()).strip(_TRAILING).lower()


@dataclass(frozen=True)
class Origin:
    """Where a piece of published text was written: a file, a position and a data path."""

    file: str
    line: int
    col: int
    path: DataPath = ()


class Origins:
    """Every sentence of the strategy's text values, by :func:`key`, with its origin."""

    def __init__(self, documents: Mapping[str, Document]) -> None:
        self._documents = documents
        self._exact: dict[str, Origin] = {}
        self._long: list[str] = []
        self._built = False

    def _build(self) -> None:
        """Index on first use: a strategy that passes never pays for it."""
        for doc in self._documents.values():
            for path, value in _strings(doc.data, ()):
                mark = doc.position(path)
                origin = Origin(doc.file, mark.line, mark.col, path)
                self._exact.setdefault(key(value), origin)
                for part in split_sentences(value):
                    self._exact.setdefault(key(part), origin)
        self._long = sorted(
            (k for k in self._exact if len(k.split()) >= MIN_CONTAINED_WORDS),
            key=len,
            reverse=True,
        )
        self._built = True

    def find(self, sentence: str) -> Origin | None:
        """The origin of a published sentence: the same sentence, else the longest source
        sentence inside it (a template may join several values into one sentence)."""
        if not self._built:
            self._build()
        wanted = key(sentence)
        found = self._exact.get(wanted)
        if found is not None:
            return found
        return next((self._exact[k] for k in self._long if k in wanted), None)


def _strings(value: Any, path: DataPath) -> Iterator[tuple[DataPath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


def locate(root: Path, origin: Origin, text: str) -> tuple[int, int]:
    """The line and column where ``text`` starts in the origin's file, searching from the
    origin's value (a sentence may start lines into a folded paragraph); else the origin."""
    try:
        source = (root / origin.file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return origin.line, origin.col
    lines = source.splitlines(keepends=True)
    start = sum(len(line) for line in lines[: origin.line - 1]) + origin.col - 1
    first = words(text)[:6]
    if not first:
        return origin.line, origin.col
    joined = r"[^A-Za-z0-9]+".join(re.escape(w).replace("'", "'{1,2}") for w in first)
    pattern = rf"(?<![A-Za-z0-9]){joined}(?![A-Za-z0-9])"
    match = re.compile(pattern).search(source, max(0, start))
    if match is None:
        return origin.line, origin.col
    before = source[: match.start()]
    line = before.count("\n") + 1
    return line, match.start() - (before.rfind("\n") + 1) + 1
