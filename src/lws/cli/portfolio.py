"""``lws portfolio [PORTFOLIO]``: every trust of a region checked, scored and reported at once."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from lws.cli.options import add_today, whole_number

FORMATS = ("html", "markdown")
OUTPUT_NAMES = {"html": "portfolio.html", "markdown": "portfolio.md"}
EXIT_OK = 0


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "portfolio",
        help="check and score every trust of a region, and publish one report",
        description="Read portfolio.yaml (the region and its trusts' repositories: local "
        "paths, or git URLs already cloned into its clones directory), check and diagnose "
        "every trust in parallel, and publish one report in HTML and Markdown: score by "
        "module per trust as a heat map, the criteria most often not met, strategies past "
        "their review date, stale KPIs and each trust's position against the region. A "
        "trust whose repository cannot be read is a row saying so. Items a trust restricts "
        "to audiences are left out of everything.",
    )
    parser.add_argument(
        "portfolio",
        nargs="?",
        default=Path("portfolio.yaml"),
        type=Path,
        metavar="PORTFOLIO",
        help="the portfolio file, or its directory (default: ./portfolio.yaml)",
    )
    parser.add_argument(
        "--output-dir",
        "-o",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write portfolio.html and portfolio.md (default: build/ beside the file)",
    )
    parser.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=FORMATS,
        default=None,
        help="html or markdown; repeat for both (default: both)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=whole_number(0, 256),
        default=0,
        metavar="N",
        help="trusts to survey at once, each in its own process (default: one per core)",
    )
    add_today(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lws.cli.extras import require_publishing

    require_publishing("portfolio")  # its report draws charts
    from lws.core.atomic import write_atomically
    from lws.diagnose.diagnostic import load_criteria
    from lws.oversight.portfolio import load_portfolio, survey_all
    from lws.oversight.portfolio_report import as_html, as_markdown, draw_charts, questions_of
    from lws.oversight.region import region

    found = load_portfolio(args.portfolio)
    today = args.today or dt.date.today()
    rows = survey_all(found.trusts, today, jobs=args.jobs or None)
    questions = questions_of(load_criteria(found.file.parent))
    picture = region(found.region, rows, today, questions)
    out_dir: Path = args.output_dir or found.file.parent / "build"
    for fmt in args.formats or FORMATS:
        if fmt == "html":
            text = as_html(picture, draw_charts(picture), source=found.file.name)
        else:
            text = as_markdown(picture)
        target = out_dir / OUTPUT_NAMES[fmt]
        write_atomically(target, text.encode("utf-8"))
        print(f"lws portfolio: wrote {target}", file=sys.stderr)
    broken = len(picture.broken)
    print(
        f"lws portfolio: {len(rows)} trusts, {len(rows) - broken} scored, "
        f"{broken} could not be read",
        file=sys.stderr,
    )
    return EXIT_OK
