"""The ``lws`` command line: the parser, and the one error boundary.

Each subcommand lives in a module of its own (``lws.cli.check``, ``lws.cli.build``, …) with
``add_parser(commands)`` and ``run(args)``; its machinery is imported only when it runs.

Exit status (defined in :mod:`lws.core.errors`): 0 clean, 1 problems found (or a user
error), 2 usage error, 3 an unexpected failure inside lws (with a request to report it),
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from lws import __version__
from lws.cli import build as build_command
from lws.cli import check as check_command
from lws.cli import completion as completion_command
from lws.cli import diagnose as diagnose_command
from lws.cli import diff as diff_command
from lws.cli import explain as explain_command
from lws.cli import history as history_command
from lws.cli import importer as import_command
from lws.cli import init as init_command
from lws.cli import portfolio as portfolio_command
from lws.cli import schema as schema_command
from lws.cli import serve as serve_command
from lws.cli import upgrade as upgrade_command
from lws.cli import watch as watch_command
from lws.cli.console import Console, colour_wanted
from lws.cli.options import add_common, choose_project
from lws.core.errors import EXIT_BUG, EXIT_INTERRUPTED, LwsError
from lws.core.faults import os_fault

SUBCOMMANDS = (
    check_command,
    diagnose_command,
    build_command,
    init_command,
    explain_command,
    watch_command,
    serve_command,
    diff_command,
    history_command,
    portfolio_command,
    schema_command,
    import_command,
    upgrade_command,
    completion_command,
)


#: Each subcommand's module by the name it is run as (``lws import``: importer).
BY_NAME = {
    module.__name__.rsplit(".", 1)[-1].removesuffix("_command"): module for module in SUBCOMMANDS
} | {"import": import_command}
del BY_NAME["importer"]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole parser; with ``only`` (a subcommand's name), the parser with that one
    subcommand, which parses its arguments alike at a fraction of the cost (a no-op build
    is mostly start-up, and the fourteen subparsers were a seventh of it)."""
    parser = argparse.ArgumentParser(
        prog="lws",
        description="A local children's workforce strategy kept as code.",
        epilog="Every subcommand takes the trust's repository as --project DIR or as a "
        "directory given first (default: the current directory), and -q/--quiet, "
        "-v/--verbose. Exit status: 0 clean, 1 problems found, 2 usage error, 3 a bug in "
        "lws, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"lws {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in (BY_NAME[only],) if only in BY_NAME else SUBCOMMANDS:
        module.add_parser(commands)
    for sub in commands.choices.values():
        add_common(sub)
    return parser


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The arguments, with ``console`` (for standard error) and ``project`` set.

    Raises ``SystemExit`` on a usage error (as argparse does) and
    :class:`~lws.cli.options.ProjectChoiceError` when two projects are named.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    named = words[0] if words and words[0] in BY_NAME else None  # else the whole parser says
    args = build_parser(named).parse_args(words)
    args.console = Console(
        args.command, quiet=args.quiet, verbose=args.verbose, colour=colour_wanted(sys.stderr)
    )
    choose_project(args)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; the one place a user error becomes a message and an exit status."""
    try:
        args = parse(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    except LwsError as exc:  # two projects named
        return _report(exc, None)
    try:
        return int(args.run(args))
    except LwsError as exc:  # every user error (lws.core.errors), with its own exit status
        return _report(exc, args)
    except OSError as exc:  # the machine's fault: a full disk, a read-only file, a bad path
        return _report(os_fault(exc), None)
    except KeyboardInterrupt:
        print("lws: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:  # the one place a bug in lws is caught
        import traceback

        traceback.print_exc()
        print(
            "lws: internal error: this is a bug in lws, not in your strategy; "
            "please report it with the output above",
            file=sys.stderr,
        )
        return EXIT_BUG


def _report(exc: LwsError, args: argparse.Namespace | None) -> int:
    """A user error as its located problems (with excerpts), else ``lws: error: …``."""
    root = getattr(args, "project", None)
    if exc.diagnostics and root is not None:
        from lws.cli.check import report

        coloured = args.console.colour if args is not None else False
        text = report(exc.diagnostics, "text", root, coloured=coloured)
        print(text.rstrip("\n"), file=sys.stderr)
        for line in exc.context():
            print(line, file=sys.stderr)
    else:
        for line in exc.report():
            print(line, file=sys.stderr)
    return exc.exit_code
