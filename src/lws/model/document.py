"""What the loader returns: a file's data and the position of every value and key."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from lws.core.diagnostics import DataPath, Diagnostic


class Mark(NamedTuple):
    """A 1-based line and column in a source file.

    A named tuple, not a dataclass: the reader makes one per value (hundreds of thousands
    for a large strategy), and a frozen dataclass costs several times as much to make."""

    line: int
    col: int


@dataclass
class Document:
    """One loaded YAML file: its data and where each piece of it came from."""

    file: str
    data: Any
    values: dict[DataPath, Mark] = field(default_factory=dict)
    keys: dict[DataPath, Mark] = field(default_factory=dict)
    plain: dict[DataPath, str] = field(default_factory=dict)
    warnings: list[Diagnostic] = field(default_factory=list)

    def position(self, path: DataPath) -> Mark:
        """Where the value at ``path`` starts, or its nearest located ancestor."""
        for depth in range(len(path), -1, -1):
            mark = self.values.get(path[:depth])
            if mark is not None:
                return mark
        return Mark(1, 1)

    def key_position(self, path: DataPath) -> Mark:
        """Where the key naming ``path`` stands; falls back to the value's position."""
        return self.keys.get(path) or self.position(path)
