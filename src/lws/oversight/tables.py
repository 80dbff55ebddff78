"""Tables for the terminal and for Markdown, and the few number formats reports share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from lws.core.diagnostics import printable
from lws.core.quantities import format_percent
from lws.publish.render import escape


def percent(score: float | None) -> str:
    """A 0.0–1.0 score as a whole percentage ("n/a" for None)."""
    return "n/a" if score is None else format_percent(score)


def number(value: float | None) -> str:
    """A KPI figure as written: no trailing ``.0`` ("–" when none is recorded)."""
    if value is None:
        return "–"
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"


def plain(value: Any) -> str:
    """Author text on one line, control characters shown as escapes."""
    return printable(" ".join(str(value).split()))


_FIGURE = re.compile(r"^[-+]?[\d.,]+(%| points)?$|^(n/a|–|)$")


def _numeric_columns(width: int, body: Sequence[Sequence[str]]) -> list[bool]:
    """Which columns hold only figures (aligned right); the first never does."""
    return [
        i > 0 and all(_FIGURE.match(row[i]) for row in body if i < len(row)) for i in range(width)
    ]


def text_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell; columns of figures aligned right."""
    body = [[plain(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in [list(header), *body]) for i in range(len(header))]
    right = _numeric_columns(len(header), body)

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if right[i] else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(row) for row in body)]


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table; every cell is escaped, so a ``|`` or a line break cannot end it."""
    body = [[plain(cell) for cell in row] for row in rows]
    right = _numeric_columns(len(header), body)
    lines = [
        "| " + " | ".join(escape(plain(h)) for h in header) + " |",
        "|" + "|".join("--:" if r else ":--" for r in right) + "|",
    ]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in body]
    return lines
