"""The one family of user errors, and the exit status of every ``lws`` command.

A user error is a problem with the trust's files or with how lws was called, never a bug in
lws. Every one is an :class:`LwsError`, which carries the exit status it ends the command
with and, where the problem has a place, its located :class:`Diagnostic` values (file, line,
column, message and hint). The command line's error boundary catches :class:`LwsError`
alone: a located error prints as ``file:line:col: error: …`` lines, any other as
``lws: error: …``; anything else that escapes is a bug in lws (exit status 3). A command
never turns an :class:`LwsError` into a message or an exit status itself: it may catch one
only to add what it means for the command (``exc.add_note("not published: …")``) and raise
it again; the boundary prints each note after the problems.

Raise a subclass for a new kind of user error: :class:`UsageError` (exit 2) for a request
lws cannot meet as asked, :class:`LwsError` itself (exit 1) for bad input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from lws.core.diagnostics import DataPath, Diagnostic, Severity, printable

EXIT_OK = 0  # clean: nothing to report
EXIT_PROBLEMS = 1  # problems found in the trust's files (or a user error with them)
EXIT_USAGE = 2  # lws was called in a way it cannot meet: no such file, variant, revision…
EXIT_BUG = 3  # an unexpected failure inside lws (the boundary asks for a report)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: a file as the user names it, and a 1-based line and column."""

    file: str
    line: int = 1
    col: int = 1


class LwsError(Exception):
    """A problem with the user's input or invocation; never a bug in lws (exit status 1).

    Either many located problems, ``LwsError([diagnostic, ...])``, or one message with an
    optional location, data path and hint, ``LwsError("…", location=Location(file, 3, 5),
    hint="…")``. ``diagnostics`` are the located problems (empty for an unlocated message);
    ``exit_code`` is the command's exit status, set per class.
    """

    exit_code: ClassVar[int] = EXIT_PROBLEMS

    def __init__(
        self,
        problem: str | Sequence[Diagnostic],
        *,
        hint: str = "",
        location: Location | None = None,
        path: DataPath = (),
    ) -> None:
        if isinstance(problem, str):
            self.message, self.hint, self.location = problem, hint, location
            self.diagnostics = (
                [] if location is None else [_diagnostic(location, path, problem, hint)]
            )
            super().__init__(problem)
        else:
            self.diagnostics = list(problem)
            first = self.diagnostics[0] if self.diagnostics else None
            self.message = first.message if first else ""
            self.hint = first.hint if first else ""
            self.location = Location(first.file, first.line, first.col) if first else None
            super().__init__("\n".join(d.format() for d in self.diagnostics))

    def report(self) -> list[str]:
        """The lines the error boundary prints: located problems, else ``lws: error: …``;
        then the context a command added (:meth:`context`)."""
        if self.diagnostics or not self.message:
            lines = [d.format() for d in self.diagnostics]
        else:
            head = f"lws: error: {self.message}"
            lines = [f"{head}\n  hint: {printable(self.hint)}" if self.hint else head]
        return lines + self.context()

    def context(self) -> list[str]:
        """What a command added on its way out (``exc.add_note(…)``), as ``lws: error:`` lines."""
        return [f"lws: error: {printable(note)}" for note in getattr(self, "__notes__", ())]


class UsageError(LwsError):
    """A request lws cannot meet as asked: no such project, file, variant or revision."""

    exit_code = EXIT_USAGE


def _diagnostic(location: Location, path: DataPath, message: str, hint: str) -> Diagnostic:
    return Diagnostic(
        location.file, location.line, location.col, Severity.ERROR, path, message, hint
    )
