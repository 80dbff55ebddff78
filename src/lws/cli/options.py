"""Options every subcommand shares, defined once.

The trust's repository (the *project*) is chosen the same way everywhere: ``--project DIR``,
or a directory given as the first argument (``lws check ../trust``, ``lws build ../trust
board``); by default the current directory. ``-q/--quiet`` and ``-v/--verbose`` are on
every subcommand too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from lws.core.errors import UsageError

PROJECT_HELP = (
    "the trust's repository: --project DIR, or a directory as the first argument "
    "(default: the current directory)"
)


class ProjectChoiceError(UsageError):
    """The project was named twice, differently."""


#: The dates ``--today`` may name: wide enough for any strategy, narrow enough that lws's
#: date arithmetic (years ahead and behind) stays within what Python's dates can hold.
EARLIEST_TODAY, LATEST_TODAY = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def iso_date(text: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD, from 1900 to 2199."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date written YYYY-MM-DD: {text!r}") from None
    if not EARLIEST_TODAY <= day <= LATEST_TODAY:
        raise argparse.ArgumentTypeError(
            f"{text} is out of range: give a date from {EARLIEST_TODAY} to {LATEST_TODAY}"
        )
    return day


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        if not (text.strip().isascii() and text.strip().isdigit()):
            raise argparse.ArgumentTypeError(f"not a whole number: {text[:40]!r}")
        value = int(text[:40])  # no more digits are needed to be out of range
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is out of range: give {low} to {high}")
        return value

    return parse


def seconds(low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number of seconds from ``low`` to ``high`` (never NaN or infinite)."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number of seconds: {text[:40]!r}") from None
        if not low <= value <= high:  # NaN fails both comparisons
            raise argparse.ArgumentTypeError(
                f"{text[:40]} is out of range: give {low:g} to {high:g} seconds"
            )
        return value

    return parse


def add_project(parser: argparse.ArgumentParser, *, leading: str | None = None) -> None:
    """The project option; a positional ``PROJECT`` too unless ``leading`` is given.

    ``leading`` names the subcommand's own list of positional arguments (``variants``, say):
    when its first value is an existing directory, that value is the project.
    """
    if leading is None:
        parser.add_argument(
            "project_arg", nargs="?", type=Path, metavar="PROJECT", help=PROJECT_HELP
        )
    parser.add_argument(
        "--project", dest="project_opt", type=Path, metavar="DIR", help=PROJECT_HELP
    )
    parser.set_defaults(project_leading=leading, project=None)


def choose_project(args: argparse.Namespace) -> None:
    """Set ``args.project`` from whichever form the user chose (as the user wrote it)."""
    if not hasattr(args, "project_opt"):
        return
    given: Path | None = getattr(args, "project_arg", None)
    leading: str | None = args.project_leading
    if leading is not None:
        values = list(getattr(args, leading) or [])
        if values and Path(values[0]).is_dir():
            given = Path(values.pop(0))
            setattr(args, leading, values)
    option: Path | None = args.project_opt
    if given is not None and option is not None and _absolute(given) != _absolute(option):
        raise ProjectChoiceError(f"two projects given ({given} and --project {option}); name one")
    args.project = option or given or Path()


def _absolute(path: Path) -> Path:
    return path.resolve()


def add_common(parser: argparse.ArgumentParser) -> None:
    """``-q/--quiet`` and ``-v/--verbose``."""
    group = parser.add_argument_group("output")
    noise = group.add_mutually_exclusive_group()
    noise.add_argument("-q", "--quiet", action="store_true", help="print only problems and results")
    noise.add_argument(
        "-v", "--verbose", action="count", default=0, help="say more about what is done"
    )


def add_today(parser: argparse.ArgumentParser, what: str = "due dates are") -> None:
    """``--today YYYY-MM-DD``: the date to judge against, for reproducible runs."""
    parser.add_argument(
        "--today",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help=f"the date {what} judged against (default: today)",
    )


def add_output(parser: argparse.ArgumentParser, what: str = "the report") -> None:
    """``--output/-o FILE``: write to a file (atomically) instead of standard output."""
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"write {what} to FILE instead of standard output",
    )


def emit(text: str, output: Path | None, command: str, *, quiet: bool = False) -> None:
    """A report to standard output, or atomically to ``output`` (saying so on stderr)."""
    if output is None:
        sys.stdout.write(text)
    else:
        from lws.core.atomic import write_atomically  # tempfile and shutil: only to write

        write_atomically(output, text.encode("utf-8"))
        if not quiet:
            print(f"lws {command}: wrote {output}", file=sys.stderr)
