"""The ``lws`` command line: one function per subcommand, one error boundary.

Exit status (defined in :mod:`lws.core.errors`): 0 clean, 1 problems found (or a user
error), 2 usage error, 130 interrupted, 3 an unexpected failure inside lws (with a request
to report it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from lws import __version__
from lws.cli import diff as diff_command
from lws.cli import explain as explain_command
from lws.cli import history as history_command
from lws.cli import importer as import_command
from lws.cli import init as init_command
from lws.cli import portfolio as portfolio_command
from lws.cli import schema as schema_command
from lws.cli import watch as watch_command
from lws.cli.options import add_project, add_today, emit
from lws.core.diagnostics import Severity, errors
from lws.core.errors import (
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    LwsError,
    UsageError,
)
from lws.core.report import FORMATS, render, summary

# lws.diagnose.report.REPORT_FORMATS, named here so that parsing the command line stays light
# (the diagnostic and the publishing machinery load only when their subcommand runs)
REPORT_FORMATS = ("text", "markdown", "html", "json", "junit", "sarif")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lws",
        description="A local children's workforce strategy kept as code.",
    )
    parser.add_argument("--version", action="version", version=f"lws {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="validate the strategy: schemas, references, diagnostic gate (exit 1 on errors)",
        description="Validate every section file of a strategy against its schema and check "
        "that every reference resolves. All problems are reported at once, sorted, as "
        "file:line:col: severity: path: message, each with a hint.",
    )
    check.add_argument(
        "project",
        nargs="?",
        default=".",
        type=Path,
        help="the trust's repository (default: the current directory)",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text for people, json for tools, github for Actions annotations, gitlab for a "
        "Code Quality report",
    )
    check.add_argument("--strict", action="store_true", help="make warnings fail too")
    add_today(check)
    check.set_defaults(run=cmd_check)

    diagnose = commands.add_parser(
        "diagnose",
        help="answer the guide's diagnostic questions from the data",
        description="Evaluate the 63 questions of the guide's diagnostic (and any local "
        "criteria) against the strategy: status, evidence or what to add, the team's "
        "self-assessment where it disagrees, scores by module and the trust's gate.",
    )
    diagnose.add_argument(
        "project",
        nargs="?",
        default=".",
        type=Path,
        help="the trust's repository (default: the current directory)",
    )
    diagnose.add_argument(
        "--format",
        choices=REPORT_FORMATS,
        default="text",
        help="text (terminal), markdown, html, json, junit or sarif",
    )
    diagnose.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    add_today(diagnose)
    diagnose.set_defaults(run=cmd_diagnose)

    build = commands.add_parser(
        "build",
        help="publish the variants (leaflet, board, full, slides) as HTML, DOCX, PDF, PPTX",
        description="Render each variant the strategy's audiences ask for and convert it "
        "through Pandoc (and Typst for PDF) into build/VARIANT.EXT. Outputs are written "
        "atomically and reproducibly (SOURCE_DATE_EPOCH, default: the last commit's time); "
        "unchanged outputs are not rebuilt.",
    )
    build.add_argument(
        "variants",
        nargs="*",
        metavar="VARIANT",
        help="variants to build (default: all the audiences ask for)",
    )
    add_project(build)
    build.add_argument(
        "--format",
        dest="formats",
        action="append",
        default=[],
        metavar="FORMAT",
        help="html, docx, pdf or pptx; repeat or use commas (default: each variant's formats)",
    )
    build.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=0,
        metavar="N",
        help="conversions to run at once (default: one per core)",
    )
    build.add_argument("--force", action="store_true", help="rebuild even unchanged outputs")
    build.set_defaults(run=cmd_build)

    for module in (
        init_command,
        explain_command,
        watch_command,
        diff_command,
        history_command,
        portfolio_command,
        schema_command,
        import_command,
    ):
        module.add_parser(commands)
    return parser


def cmd_build(args: argparse.Namespace) -> int:
    from lws.publish.state import request_for, up_to_date

    formats = [f.strip() for value in args.formats for f in value.split(",") if f.strip()]
    if not args.force:  # the no-op check reads file bytes only: no YAML, Jinja or Pandoc
        outputs = up_to_date(
            args.project.resolve(), request_for(args.project, args.variants, formats)
        )
        if outputs:
            print(
                f"lws build: up to date: {len(outputs)} output(s), nothing changed since "
                "the last build (--force rebuilds them)",
                file=sys.stderr,
            )
            return EXIT_OK

    from lws.publish.build import build

    try:
        result = build(
            args.project, args.variants, formats, workers=max(args.jobs, 0), force=args.force
        )
    except UsageError as exc:
        print(f"lws build: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    built, kept = len(result.built), len(result.unchanged)
    if not built and not kept and not result.problems:
        print(
            "lws build: nothing to build: no audience in strategy/publication.yaml names a "
            "variant (leaflet, board, full, slides) with these formats",
            file=sys.stderr,
        )
    verdict = "failed" if result.problems else "done"
    print(
        f"lws build {verdict}: {built} built, {kept} unchanged, {len(result.problems)} failed",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def cmd_diagnose(args: argparse.Namespace) -> int:
    from lws.diagnose.diagnostic import diagnose, load_criteria
    from lws.diagnose.health import health_checks
    from lws.diagnose.report import render_report
    from lws.model.project import load_strategy

    strategy = load_strategy(args.project)
    today = args.today or dt.date.today()
    report = diagnose(strategy.documents, load_criteria(args.project), today)
    from lws.diagnose.check import check_strategy
    from lws.publish.words import words_check  # the words check renders: a later stage

    health = health_checks(strategy.documents, today)
    if not errors(check_strategy(strategy)):  # the words check renders: valid data only
        health += words_check(strategy, report, today)
    text = render_report(report, sorted(health), args.format)
    emit(text, args.output, "diagnose")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from lws.diagnose.check import check_project
    from lws.publish.words import words_check

    diagnostics = check_project(args.project, args.today, later=(words_check,))
    sys.stdout.write(render(diagnostics, args.format))
    failing = [d for d in diagnostics if d.severity is Severity.ERROR or args.strict]
    if args.format in ("text", "gitlab"):
        verdict = "failed" if failing else "passed"
        print(f"lws check {verdict}: {summary(diagnostics)}", file=sys.stderr)
    return EXIT_PROBLEMS if failing else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.run(args))
    except LwsError as exc:  # every user error (lws.core.errors), with its own exit status
        for line in exc.report():
            print(line, file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("lws: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:  # the one place a bug in lws is caught
        traceback.print_exc()
        print(
            "lws: internal error: this is a bug in lws, not in your strategy; "
            "please report it with the output above",
            file=sys.stderr,
        )
        return EXIT_BUG
