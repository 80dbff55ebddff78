"""``lws check [PROJECT]``: every problem in the strategy, in the format the reader needs."""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import sys
from pathlib import Path

from lws.cli.console import Console, colour_wanted, paint
from lws.cli.options import add_output, add_project, add_today, emit
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import EXIT_OK, EXIT_PROBLEMS
from lws.core.report import FORMATS, SourceLine, render, summary

MAX_EXCERPT_BYTES = 4 * 1024 * 1024  # bigger files are reported without an excerpt
FORMAT_HELP = (
    "text for people (the line, with a caret under the column), json for tools, github for "
    "Actions annotations, gitlab for a Code Quality report, sarif for code scanning, junit "
    "for test reports"
)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "check",
        help="validate the strategy: schemas, references, diagnostic gate (exit 1 on errors)",
        description="Validate every section file of a strategy against its schema and check "
        "that every reference resolves and the diagnostic gate passes. All problems are "
        "reported at once, sorted, as file:line:col: severity: path: message, each with a "
        "hint.",
    )
    add_project(parser)
    add_format(parser)
    add_output(parser)
    parser.add_argument("--strict", action="store_true", help="make warnings fail too")
    add_today(parser)
    parser.set_defaults(run=run)


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="text", help=FORMAT_HELP)


def source_lines(root: Path) -> SourceLine:
    """A reader of the project's text files, line by line, for the excerpts under problems."""

    @functools.cache
    def lines(file: str) -> list[str] | None:
        path = root / file
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_EXCERPT_BYTES:
                return None
            if path.suffix not in (".yaml", ".yml", ".csv", ".md", ".txt"):
                return None
            text = path.read_text(encoding="utf-8", errors="replace")
            # Lines as editors and lws's locations count them: at line feeds only (not at
            # U+2028, U+0085 or a lone carriage return, which splitlines would also take).
            return [line.removesuffix("\r") for line in text.split("\n")]
        except OSError:
            return None

    def line(file: str, number: int) -> str | None:
        found = lines(file)
        return found[number - 1] if found and 0 < number <= len(found) else None

    return line


def report(
    diagnostics: list[Diagnostic],
    fmt: str,
    root: Path,
    *,
    coloured: bool,
    tool: str = "lws check",
) -> str:
    """The diagnostics in ``fmt``; text gets the source excerpts (and colour if wanted)."""
    checked = sorted(p.relative_to(root).as_posix() for p in (root / "strategy").glob("*.yaml"))
    return render(
        diagnostics,
        fmt,
        source=source_lines(root),
        paint=functools.partial(_paint, coloured=coloured),
        files=checked,
        tool=tool,
    )


def _paint(text: str, style: str, *, coloured: bool) -> str:
    return paint(text, style, coloured)


def run(args: argparse.Namespace) -> int:
    from lws.authoring.editor_schemas import editor_schema_check
    from lws.diagnose.check import check_project
    from lws.publish.words import words_check  # the words check renders: a later stage

    console: Console = args.console
    later = (words_check, editor_schema_check)
    diagnostics = check_project(args.project, args.today, later=later)
    files = sorted(p.name for p in (args.project / "strategy").glob("*.yaml"))
    console.detail(f"lws check: {len(files)} section files in strategy/: {', '.join(files)}")
    console.detail(f"lws check: due dates and the gate judged at {args.today or dt.date.today()}")
    coloured = args.output is None and args.format == "text" and colour_wanted(sys.stdout)
    emit(
        report(diagnostics, args.format, args.project, coloured=coloured),
        args.output,
        "check",
        quiet=args.quiet,
    )
    failing = [d for d in diagnostics if d.severity is Severity.ERROR or args.strict]
    console.verdict(not failing, summary(diagnostics))
    return EXIT_PROBLEMS if failing else EXIT_OK
