"""Where each value and key of a document stands, recorded as the reader builds it.

Every entry is also logged in order, so that an anchored collection can take its own slice
cheaply and each alias of it can replay those positions under its own path.
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

    def _record(self, table: dict[DataPath, Any], path: DataPath, value: Any) -> None:
        table[path] = value
        self.log.append((table, path, value))

    def value(self, path: DataPath, mark: Mark) -> None:
        self.doc.values[path] = mark  # written out, not through _record: the hot path
        self.log.append((self.doc.values, path, mark))

    def key(self, path: DataPath, mark: Mark) -> None:
        self.doc.keys[path] = mark
        self.log.append((self.doc.keys, path, mark))

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
