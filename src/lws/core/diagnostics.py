"""The one value every check returns: a located problem with a hint.

Checks never print and never raise on bad data; they return ``Diagnostic`` values, and the
reporting layer sorts and prints them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

PathPart = str | int
DataPath = tuple[PathPart, ...]


class Severity(StrEnum):
    """How serious a diagnostic is. Warnings fail only under ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    """One problem found in one file, at a 1-based line and column.

    ``path`` is the location inside the data, e.g. ``("actions", 3, "accountable")``,
    rendered as ``actions[3].accountable``. Ordering sorts by file, then line and column.
    """

    file: str
    line: int
    col: int
    severity: Severity
    path: DataPath
    message: str
    hint: str = ""

    @property
    def dotted_path(self) -> str:
        return format_path(self.path)

    def format(self) -> str:
        """``file:line:col: severity: path: message`` and, if any, an indented hint."""
        where = f"{self.file}:{self.line}:{self.col}: {self.severity}: "
        head = f"{where}{self.dotted_path}: {self.message}" if self.path else where + self.message
        head = printable(head)
        return f"{head}\n  hint: {printable(self.hint)}" if self.hint else head


_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def format_path(path: Sequence[PathPart]) -> str:
    """Render a data path the way authors read it: ``actions[3].accountable``.

    Keys that are not plain words are quoted (``["odd key"]``) so that no key, however
    strange, can break the one-line ``file:line:col:`` format.
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part)}]"
    return out


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes (no terminal codes, no newlines)."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics that are errors."""
    return [d for d in diagnostics if d.severity is Severity.ERROR]
