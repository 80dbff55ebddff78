"""The textual edit of ``baseline.yaml``: where ``workforce_data`` and its items stand, and
the smallest change of lines that merges the imported items (see
:mod:`lws.authoring.baseline_merge`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lws.authoring.baseline_yaml import BOM, renderable, yaml_scalar
from lws.authoring.workforce_import import (
    FIELDS,
    Row,
)
from lws.core.errors import LwsError
from lws.model.load import Document

if TYPE_CHECKING:  # the plan the editor fills in is defined with the merge
    from lws.authoring.baseline_merge import Plan

SECTION = "baseline"
KEY = "workforce_data"
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks, as the loader counts
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")


class RefusedError(LwsError):
    """The file cannot be updated safely; carries the message and hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint=hint)


@dataclass
class Edit:
    new: bytes
    expected: dict[str, Any]  # the data the new text must hold
    rows_at: dict[int, Row]  # index in the new list -> the spreadsheet row it came from
    origin: list[int | None]  # new line (0-based) -> old line number (1-based), if kept


class BaselineEditor:
    def __init__(self, doc: Document, raw: bytes) -> None:
        self.doc = doc
        self.bom = raw.startswith(BOM)
        self.text = raw[len(BOM) :].decode("utf-8") if self.bom else raw.decode("utf-8")
        self.lines = _LINE.findall(self.text)
        if self.lines and self.lines[-1] == "":
            self.lines.pop()  # findall's final empty match at the end of the text
        first_break = _BREAK.search(self.text)
        self.nl = first_break.group() if first_break else "\n"
        if not isinstance(doc.data, dict):
            raise RefusedError(
                f"{doc.file} must be a mapping (evidence:, {KEY}:, …) to import into",
                "start it with the evidence the figures come from; see lws init",
            )
        self.data: dict[str, Any] = doc.data
        for key in self.data:
            mark = doc.keys.get((key,))
            if mark is None or mark.col != 1:
                raise RefusedError(
                    f"{doc.file} is not written as plain 'key:' lines at the left margin",
                    f"add the figures to {KEY} by hand",
                )

    def merge(self, rows: Sequence[Row], plan: Plan) -> Edit:
        existing = self.data.get(KEY)
        if existing is not None and not isinstance(existing, list):
            raise RefusedError(f"{KEY} is not a list", f"fix {KEY} first; lws check explains how")
        old_items: list[Any] = list(existing or [])
        merged, rows_at, replace, append = _sort_rows(rows, old_items, plan)
        expected = {**self.data, KEY: merged}
        if not replace and not append:
            origin: list[int | None] = list(range(1, len(self.lines) + 1))
            return Edit(plan.old, expected, rows_at, origin)
        if existing and self._block_list():
            edits = self._item_edits(len(old_items), replace, append)
        else:
            edits = self._whole_list(merged, missing=KEY not in self.data)
        new_text, origin = self._apply(edits)
        data = new_text.encode("utf-8")
        return Edit(BOM + data if self.bom else data, expected, rows_at, origin)

    # -- where things are

    def _block_list(self) -> bool:
        mark = self.doc.values.get((KEY,))
        return mark is not None and _dash_at(self.lines[mark.line - 1], mark.col - 1)

    def _key_line(self, key: str) -> int:
        """The 0-based line index of a top-level key."""
        return self.doc.keys[(key,)].line - 1

    def _block_end(self, key: str) -> int:
        """The 0-based index of the first line after ``key``'s value (next key, '...' or EOF)."""
        start = self._key_line(key)
        later = [self._key_line(k) for k in self.data if self._key_line(k) > start]
        end = min(later, default=len(self.lines))
        for i in range(start + 1, end):
            if self.lines[i].startswith("..."):
                return i
        return end

    def _trim(self, start: int, end: int, indent: int) -> int:
        """Move ``end`` back over blank lines and comments indented ``indent`` or less."""
        while end > start and _filler(self.lines[end - 1], indent):
            end -= 1
        return end

    def _item_starts(self, count: int, indent: int) -> list[int]:
        starts: list[int] = []
        floor = self.doc.values[(KEY,)].line - 1
        for i in range(count):
            line = self.doc.values[(KEY, i)].line - 1
            while line > floor and not _dash_at(self.lines[line], indent):
                line -= 1
            if not _dash_at(self.lines[line], indent) or (starts and line <= starts[-1]):
                raise RefusedError(
                    f"cannot find where item {i} of {KEY} starts",
                    f"write {KEY} as a plain list, one '- id: …' item after another",
                )
            starts.append(line)
            floor = line + 1
        return starts

    # -- edits: (first line, end line, replacement lines), 0-based, end exclusive

    def _item_edits(
        self, count: int, replace: Mapping[int, dict[str, Any]], append: list[dict[str, Any]]
    ) -> list[tuple[int, int, list[str]]]:
        indent = self.doc.values[(KEY,)].col - 1
        starts = self._item_starts(count, indent)
        block_end = self._block_end(KEY)
        ends = [
            self._trim(start, nxt, indent)
            for start, nxt in zip(starts, [*starts[1:], block_end], strict=True)
        ]
        edits = [(starts[i], ends[i], self._render(item, indent)) for i, item in replace.items()]
        if append:
            lines = [line for item in append for line in self._render(item, indent)]
            edits.append((ends[-1], ends[-1], lines))
        return sorted(edits, key=lambda e: (e[0], e[1]))

    def _whole_list(self, merged: list[Any], *, missing: bool) -> list[tuple[int, int, list[str]]]:
        for item in merged:
            if not renderable(item):
                raise RefusedError(
                    f"{KEY} is written in flow style with entries lws cannot rewrite",
                    f"write {KEY} as a block list ('- id: …' lines), then import again",
                )
        lines = [f"{KEY}:{self.nl}"]
        lines += [line for item in merged for line in self._render(item, 2)]
        if not missing:
            start = self._key_line(KEY)
            end = self._trim(start + 1, self._block_end(KEY), 0)
            return [(start, end, lines)]
        if "evidence" in self.data:
            end = self._trim(self._key_line("evidence"), self._block_end("evidence"), 0)
            return [(end, end, [self.nl, *lines])]
        return [(len(self.lines), len(self.lines), [self.nl, *lines])]

    def _render(self, item: Mapping[str, Any], indent: int) -> list[str]:
        pad = " " * indent
        keys = [k for k in FIELDS if k in item] + [k for k in item if k not in FIELDS]
        return [
            f"{pad}{'- ' if n == 0 else '  '}{key}: {yaml_scalar(item[key])}{self.nl}"
            for n, key in enumerate(keys)
        ]

    def _apply(self, edits: list[tuple[int, int, list[str]]]) -> tuple[str, list[int | None]]:
        out: list[str] = []
        origin: list[int | None] = []
        at = 0
        for start, end, lines in edits:
            out += self.lines[at:start]
            origin += range(at + 1, start + 1)
            if out and not _BREAK.search(out[-1][-2:]):
                out[-1] += self.nl  # the file ended without a line break
            out += lines
            origin += [None] * len(lines)
            at = end
        out += self.lines[at:]
        origin += range(at + 1, len(self.lines) + 1)
        return "".join(out), origin


def _dash_at(line: str, indent: int) -> bool:
    """True when ``line`` has a block sequence's ``-`` at 0-based column ``indent``."""
    return (
        line[:indent].strip(" ") == ""
        and line[indent : indent + 1] == "-"
        and line[indent + 1 : indent + 2] in ("", " ", "\r", "\n", "\x85", "\u2028", "\u2029")
    )


def _filler(line: str, indent: int) -> bool:
    body = _BREAK.sub("", line)
    stripped = body.strip(" ")
    if not stripped:
        return True
    return stripped.startswith("#") and len(body) - len(body.lstrip(" ")) <= indent


def _sort_rows(
    rows: Sequence[Row], old_items: list[Any], plan: Plan
) -> tuple[list[Any], dict[int, Row], dict[int, dict[str, Any]], list[dict[str, Any]]]:
    """The merged list, where each row lands, the items replaced and those appended.

    A row whose id is in the list replaces that item (or leaves it, when the same). A row
    whose id was made (no id column) and is not in the list replaces the one item with the
    same measure, service and date, keeping that item's id: a figure typed in by hand, or
    imported before ids named the service, is updated rather than listed twice. Others are
    appended. ``plan`` records each id as added, replaced or unchanged.
    """
    merged = list(old_items)
    index = {
        item["id"]: i
        for i, item in reversed(list(enumerate(old_items)))
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }
    taken = {index[row.item["id"]] for row in rows if row.item["id"] in index}
    same = _by_figure(old_items)
    rows_at: dict[int, Row] = {}
    replace: dict[int, dict[str, Any]] = {}
    append: list[dict[str, Any]] = []
    for row in rows:
        at = index.get(row.item["id"])
        if at is None and "id" not in row.columns:
            at = same.get(_figure(row.item))
            if at is not None and at not in taken:
                taken.add(at)
                row.item["id"] = old_items[at]["id"]
            else:
                at = None
        item_id = row.item["id"]
        if at is None:
            rows_at[len(old_items) + len(append)] = row
            append.append(row.item)
            plan.added.append(item_id)
        elif old_items[at] == row.item:
            rows_at[at] = row
            plan.unchanged.append(item_id)
        else:
            rows_at[at] = row
            replace[at] = row.item
            plan.replaced.append(item_id)
        if at is not None:
            merged[at] = row.item
    merged.extend(append)
    return merged, rows_at, replace, append


def _figure(item: Mapping[str, Any]) -> tuple[str, str, Any]:
    """What makes two items the same figure: measure, service (as words) and date."""
    return (_words(item.get("measure")), _words(item.get("sector")), item.get("date"))


def _words(value: Any) -> str:
    return " ".join(str(value).casefold().split()) if value is not None else ""


def _by_figure(old_items: Sequence[Any]) -> dict[tuple[str, str, Any], int]:
    """Each figure listed once with an id, by its index (figures listed twice are left out:
    which one a row would update cannot be told)."""
    seen: dict[tuple[str, str, Any], list[int]] = {}
    for i, item in enumerate(old_items):
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("date"):
            seen.setdefault(_figure(item), []).append(i)
    return {key: at[0] for key, at in seen.items() if len(at) == 1}
