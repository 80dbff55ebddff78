"""Where each value and key of a document stands, recorded as the reader builds it.

While an anchored collection is open, every entry is also logged in order, so that it can
take its own slice cheaply and each alias of it can replay those positions under its own
path; outside one, nothing could ever read the log, so nothing is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lws.core.diagnostics import DataPath
from lws.model.document import Document, Mark


@dataclass
class Anchor:
    """An anchored node: its value, its positions relative to itself, its size in values."""

    value: Any
    values: dict[DataPath, Mark]
    keys: dict[DataPath, Mark]
    plain: dict[DataPath, str]
    size: int


class Positions:
    """The position tables of ``doc`` (values, keys, source text), filled in order."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.log: list[tuple[dict[DataPath, Any], DataPath, Any]] = []
        self.open_anchors = 0  # anchored collections being read: while any is, log

    def _record(self, table: dict[DataPath, Any], path: DataPath, value: Any) -> None:
        table[path] = value
        if self.open_anchors:
            self.log.append((table, path, value))

    def value(self, path: DataPath, mark: Mark) -> None:
        self._record(self.doc.values, path, mark)

    def key(self, path: DataPath, mark: Mark) -> None:
        self._record(self.doc.keys, path, mark)

    def open_anchor(self) -> int:
        """An anchored collection starts: log from here on; where its entries will start."""
        self.open_anchors += 1
        return len(self.log)

    def close_anchor(self) -> None:
        self.open_anchors -= 1
        if not self.open_anchors:
            self.log.clear()  # no open collection can take a slice of it any more

    def plain(self, path: DataPath, text: str) -> None:
        self._record(self.doc.plain, path, text)

    def capture(self, path: DataPath, value: Any, since: int, size: int) -> Anchor:
        """An anchored collection at ``path``, whose entries were logged from ``since`` on."""
        cut = len(path)
        tables: dict[int, dict[DataPath, Any]] = {id(self.doc.values): {(): None}}
        tables.update({id(self.doc.keys): {}, id(self.doc.plain): {}})
        for table, at, item in self.log[since:]:
            tables[id(table)][at[cut:]] = item
        values = tables[id(self.doc.values)]
        values[()] = self.doc.values[path]
        return Anchor(value, values, tables[id(self.doc.keys)], tables[id(self.doc.plain)], size)

    def replay(self, anchor: Anchor, path: DataPath) -> None:
        """Record an alias of ``anchor`` at ``path``: the anchor's positions under it."""
        for table, source in (
            (self.doc.values, anchor.values),
            (self.doc.keys, anchor.keys),
            (self.doc.plain, anchor.plain),
        ):
            for rel, item in source.items():
                if rel or table is not self.doc.values:
                    self._record(table, (*path, *rel), item)
