"""The diff written down: for a terminal (:func:`as_text`) or as Markdown (:func:`as_markdown`).

Both write the same layout (:func:`lws.authoring.diff.view.areas`); they differ only in how a
heading, a table, a list and the author's words are set. Author text never reaches a
terminal with control characters in it, nor Markdown unescaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import Any

from lws.authoring.diff.records import StrategyDiff
from lws.authoring.diff.view import LINE, MOVE, Block, Edits, Items, Table, areas
from lws.authoring.diff.words import _day, _edit_words
from lws.core.diagnostics import printable
from lws.publish.render import escape


@dataclass(frozen=True)
class _Style:
    """How one format sets each kind of block."""

    head: Callable[[StrategyDiff], list[str]]
    area: Callable[[str], list[str]]
    block: Callable[[Block], list[str]]
    nothing: str


def _write(diff: StrategyDiff, style: _Style) -> str:
    out = style.head(diff)
    if not diff.changed:
        return "\n".join([*out, "", style.nothing.strip()]) + "\n"
    for title, blocks in areas(diff):
        body = [line for block in blocks for line in style.block(block)]
        while body and body[-1] == "":
            body.pop()
        out += ["", *style.area(title), *(body or [style.nothing])]
    return "\n".join(out) + "\n"


# -- text ---------------------------------------------------------------------------------


def as_text(diff: StrategyDiff) -> str:
    """The diff for a terminal: one line per change, grouped by area."""
    return _write(diff, _Style(_text_head, lambda title: [title], _text_block, "  No changes."))


def _text_head(diff: StrategyDiff) -> list[str]:
    return [
        printable(f"Strategy changes: {diff.old_label} → {diff.new_label} (judged on {diff.today})")
    ]


def _text_block(block: Block) -> list[str]:
    if isinstance(block, Table):
        lines = [_text_row(block, row) for row in block.rows]
    elif isinstance(block, Items):
        lines = [" ".join(part for part in row if part) for row in block.rows]
    elif isinstance(block, Edits):
        lines = [_edit_words(e, lambda words: f"“{words}”") for e in block.edits]
    else:
        lines = [
            label + line for label, line in zip_longest(block.labels, block.lines, fillvalue="")
        ]
    indent = "    " if block.title else "  "
    heading = [f"  {printable(block.title)}"] if block.title else []
    return heading + [indent + printable(line) for line in lines]


def _text_row(table: Table, row: Sequence[str]) -> str:
    name = " ".join(cell for cell in row[: table.lead] if cell)
    if table.columns[0] == LINE:  # line, field, item: "line 68: priorities[x].y (Title)"
        line, field, item = row[:3]
        name = (f"line {line}: " if line else "") + field + (f" ({item})" if item else "")
    rest, columns = row[table.lead :], table.columns[table.lead :]
    if columns == MOVE:  # an empty side (a theme added or removed) is not shown
        was, now = rest
        return f"{name}: " + (f"{was} → {now}" if was and now else was or now)
    return f"{name}: " + "; ".join(
        f"{c if c.isupper() else c.lower()} {v}" for c, v in zip(columns, rest, strict=True)
    )


# -- Markdown -----------------------------------------------------------------------------


def as_markdown(diff: StrategyDiff) -> str:
    """The diff for a pull request comment or a board paper: a heading and tables per area."""
    return _write(
        diff, _Style(_md_head, lambda title: [f"### {title}", ""], _md_block, "No changes.")
    )


def _md_head(diff: StrategyDiff) -> list[str]:
    return [
        f"## Strategy changes: {_md(diff.old_label)} → {_md(diff.new_label)}",
        "",
        f"Diagnostic judged on {_day(diff.today.isoformat())}.",
    ]


def _md(value: Any) -> str:
    """Author text for Markdown: control characters shown as escapes, the rest escaped."""
    return escape(printable(" ".join(str(value).split())))


def _md_block(block: Block) -> list[str]:
    if isinstance(block, Table):
        lines = [
            "| " + " | ".join(block.columns) + " |",
            "|" + "|".join("---" for _ in block.columns) + "|",
        ]
        lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in block.rows]
    elif isinstance(block, Items):
        lines = [
            f"- **{_md(ident)}** {_md(title)}" + (f" {_md(note)}" if note else "")
            for ident, title, note in block.rows
        ]
    elif isinstance(block, Edits):
        lines = [f"- {_edit_words(e, lambda words: f'“{_md(words)}”')}" for e in block.edits]
    else:
        shown = _md if block.author else str
        labelled = zip_longest(block.labels, block.lines, fillvalue="")
        lines = [part for label, line in labelled for part in (label + shown(line), "")][:-1]
    heading = [f"**{block.title}**", ""] if block.title else []
    return [*heading, *lines, ""]
