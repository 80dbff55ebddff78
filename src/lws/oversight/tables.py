"""Tables for the terminal and for Markdown, and the few number formats reports share."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from lws.core.diagnostics import printable
from lws.publish.render import escape


def percent(score: float | None) -> str:
    """A 0.0–1.0 score as a whole percentage ("n/a" for None)."""
    return "n/a" if score is None else f"{score * 100:.0f}%"


def number(value: float | None) -> str:
    """A KPI figure as written: no trailing ``.0`` ("–" when none is recorded)."""
    if value is None:
        return "–"
    return f"{value:g}" if abs(value) < 1e15 else f"{value:.0f}"


def plain(value: Any) -> str:
    """Author text on one line, control characters shown as escapes."""
    return printable(" ".join(str(value).split()))


def text_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell; the first column left-aligned, the rest right."""
    body = [[plain(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in [list(header), *body]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(row) for row in body)]


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table; every cell is escaped, so a ``|`` or a line break cannot end it."""
    lines = [
        "| " + " | ".join(escape(plain(h)) for h in header) + " |",
        "|" + "|".join(":--" if i == 0 else "--:" for i in range(len(header))) + "|",
    ]
    lines += ["| " + " | ".join(escape(plain(cell)) for cell in row) + " |" for row in rows]
    return lines
