"""What a subcommand says on the terminal: quiet or verbose, in colour or not.

Colour follows the conventions people set once for every tool: ``NO_COLOR`` (any non-empty
value) turns it off, ``FORCE_COLOR`` (any non-empty value) turns it on even when the output
is not a terminal; otherwise colour is used only on a terminal whose ``TERM`` is not
``dumb``. ``NO_COLOR`` wins when both are set.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TextIO

STYLES = {
    "error": "1;31",
    "warning": "1;33",
    "note": "1;36",
    "ok": "1;32",
    "bold": "1",
    "dim": "2",
    "caret": "1;32",
}


def colour_wanted(stream: TextIO, environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to colour what is written to ``stream`` (see the module docstring)."""
    if environ.get("NO_COLOR"):
        return False
    if environ.get("FORCE_COLOR"):
        return True
    if environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def paint(text: str, style: str, colour: bool) -> str:
    """``text`` in ``style`` (a key of :data:`STYLES`) when ``colour``, else unchanged."""
    return f"\x1b[{STYLES[style]}m{text}\x1b[0m" if colour and text else text


@dataclass
class Console:
    """Standard error for one run: ``info`` is hidden by ``--quiet``, ``detail`` needs ``-v``.

    Problems and errors are always shown; results a command was asked for go to standard
    output (or ``--output``), never through here.
    """

    command: str
    quiet: bool = False
    verbose: int = 0
    stream: TextIO = field(default_factory=lambda: sys.stderr)
    colour: bool = False

    def paint(self, text: str, style: str) -> str:
        return paint(text, style, self.colour)

    def info(self, message: str) -> None:
        """A progress or summary line (not with ``--quiet``)."""
        if not self.quiet:
            print(message, file=self.stream)

    def detail(self, message: str) -> None:
        """Extra detail (only with ``--verbose``)."""
        if self.verbose and not self.quiet:
            print(self.paint(message, "dim"), file=self.stream)

    def problem(self, text: str) -> None:
        """Already formatted problem text, always shown."""
        print(text, file=self.stream)

    def error(self, message: str) -> None:
        """``lws COMMAND: error: message``, always shown."""
        print(f"lws {self.command}: {self.paint('error', 'error')}: {message}", file=self.stream)

    def verdict(self, passed: bool, text: str, ok: str = "passed") -> None:
        """``lws COMMAND passed: …`` (or ``ok``) or ``failed: …`` (not with ``--quiet``)."""
        word = self.paint(ok, "ok") if passed else self.paint("failed", "error")
        self.info(f"lws {self.command} {word}: {text}")
