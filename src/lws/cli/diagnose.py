"""``lws diagnose [PROJECT]``: the guide's diagnostic questions, answered from the data."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from lws.cli.console import Console
from lws.cli.options import add_output, add_project, add_today, emit
from lws.core.diagnostics import errors
from lws.core.errors import EXIT_OK, EXIT_PROBLEMS

if TYPE_CHECKING:
    from lws.model.project import Strategy

# lws.diagnose.report.REPORT_FORMATS, named here to keep start-up light
FORMATS = ("text", "markdown", "html", "json", "github", "gitlab", "sarif", "junit")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "diagnose",
        help="answer the guide's diagnostic questions from the data",
        description="Evaluate the 63 questions of the guide's diagnostic (and any local "
        "criteria) against the strategy: status, evidence or what to add, the team's "
        "self-assessment where it disagrees, scores by module and the trust's gate. "
        "Exits 0 whatever the answers (lws check applies the gate); 1, reporting nothing, "
        "when a section file cannot be read, since its questions would be answered wrongly.",
    )
    add_project(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (terminal), markdown (job summary, board paper), html, json, github "
        "(annotations), gitlab (Code Quality), sarif or junit",
    )
    add_output(parser)
    add_today(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lws.diagnose.diagnostic import diagnose, load_criteria
    from lws.diagnose.health import health_checks
    from lws.diagnose.report import render_report
    from lws.model.project import load_strategy

    strategy = load_strategy(args.project)
    if strategy.unreadable:
        return _not_diagnosed(args, strategy)
    today = args.today or dt.date.today()
    report = diagnose(strategy.documents, load_criteria(args.project), today)
    from lws.diagnose.check import check_strategy
    from lws.publish.words import words_check  # the words check renders: a later stage

    health = health_checks(strategy.documents, today)
    if not errors(check_strategy(strategy)):  # the words check renders: valid data only
        health += words_check(strategy, report, today)
    text = render_report(report, sorted(health), args.format)
    emit(text, args.output, "diagnose", quiet=args.quiet)
    return EXIT_OK


def _not_diagnosed(args: argparse.Namespace, strategy: Strategy) -> int:
    """A section that cannot be read: its load errors, and no report (exit status 1).

    Answering from the other sections would report its questions as not met, sending the
    author to data that is there.
    """
    from lws.cli.check import report

    console: Console = args.console
    problems = [p for p in strategy.problems if Path(p.file).stem in strategy.unreadable]
    files = sorted({p.file for p in problems})
    text = report(problems, "text", args.project, coloured=console.colour, tool="lws diagnose")
    console.problem(text.rstrip("\n"))
    console.error(
        f"not diagnosed: {', '.join(files)} cannot be read (above); fix "
        f"{'it' if len(files) == 1 else 'them'} and run lws diagnose again"
    )
    return EXIT_PROBLEMS
