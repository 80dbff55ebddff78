"""``lws history [REV_RANGE]``: how the strategy has moved, version by version."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from lws.cli.options import add_project, add_today, emit
from lws.core.errors import EXIT_OK, UsageError

# lws.oversight.history_report.RENDERERS, named here to keep start-up light
FORMATS = ("text", "markdown", "json", "csv")


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "history",
        help="show how the strategy has moved across its versions in git",
        description="For each tagged version of the strategy (or, with --all-commits or "
        "when there are no tags, each commit that changes strategy/; or the commits of "
        "REV_RANGE that do), the diagnostic score overall and by module, KPI values, action "
        "RAG counts, open red risks and overdue actions. Versions are read from git without "
        "a checkout and scored against the working tree's criteria, each as at its commit "
        "date unless --today is given. A version that cannot be loaded is shown as a gap "
        "with its reason. Results are cached per commit under build/.lws/history/.",
    )
    parser.add_argument(
        "rev_range",
        nargs="*",
        metavar="REV_RANGE",
        help="commits to show, as git understands them (v1.0..v2.0, main~20..)",
    )
    parser.add_argument(
        "--all-commits",
        action="store_true",
        help="every commit that changes strategy/, not only the tagged versions",
    )
    add_project(parser, leading="rev_range")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (terminal), markdown (board paper), json or csv (spreadsheet)",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the table to FILE instead of standard output",
    )
    parser.add_argument(
        "--chart",
        type=Path,
        default=None,
        metavar="FILE.svg",
        help="also draw the trend chart (score, red risks, overdue actions) as SVG",
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="score every version again (and cache nothing)"
    )
    add_today(parser, "every version is")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lws.diagnose.diagnostic import load_criteria
    from lws.oversight.history import CACHE_DIR, history, revisions
    from lws.oversight.history_report import RENDERERS

    root: Path = args.project
    if args.chart is not None:
        from lws.cli.extras import require_publishing

        require_publishing("history --chart")
    if len(args.rev_range) > 1:
        raise UsageError(f"name one range, not {len(args.rev_range)}: {' '.join(args.rev_range)}")
    rev_range = args.rev_range[0] if args.rev_range else None
    chosen, selection = revisions(root, rev_range, every_commit=args.all_commits)
    cache = None if args.no_cache else root / CACHE_DIR
    found = history(
        root, chosen, load_criteria(root), selection=selection, today=args.today, cache=cache
    )
    if args.chart is None:
        emit(RENDERERS[args.format](found), args.output, "history")
        return EXIT_OK
    from lws.core.atomic import write_atomically
    from lws.oversight.history_report import as_markdown, trend_chart

    chart = trend_chart(found)
    write_atomically(args.chart, chart.svg)
    print(f"lws history: wrote {args.chart}", file=sys.stderr)
    if args.format == "markdown":  # the board paper shows the chart above its tables
        seen_from = (args.output or Path()).absolute().parent
        link = os.path.relpath(args.chart.absolute(), seen_from)
        emit(as_markdown(found, (Path(link).as_posix(), chart)), args.output, "history")
    else:
        emit(RENDERERS[args.format](found), args.output, "history")
    return EXIT_OK
