"""Options several subcommands share, defined once."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from lws.core.atomic import write_atomically


def iso_date(text: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date written YYYY-MM-DD: {text!r}") from None


def add_project(parser: argparse.ArgumentParser) -> None:
    """``--project DIR``: the trust's repository, by default the current directory."""
    parser.add_argument(
        "--project",
        type=Path,
        default=Path(),
        metavar="DIR",
        help="the trust's repository (default: the current directory)",
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


def emit(text: str, output: Path | None, command: str) -> None:
    """A report to standard output, or atomically to ``output`` (saying so on stderr)."""
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomically(output, text.encode("utf-8"))
        print(f"lws {command}: wrote {output}", file=sys.stderr)
