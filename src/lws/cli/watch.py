"""``lws watch``: re-check and rebuild the changed variants whenever a file is saved."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import threading
from pathlib import Path
from typing import Any

from lws.cli.extras import require_publishing
from lws.cli.options import add_project, add_today, seconds
from lws.core.diagnostics import Severity
from lws.core.errors import EXIT_OK, LwsError


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "watch",
        help="re-check and rebuild the changed variants when a file is saved",
        description="Check and build once, then watch strategy/, schema/, criteria/ and "
        "templates/: after each save, report problems and rebuild what changed (unchanged "
        "outputs are skipped). Stop with Ctrl-C.",
    )
    parser.add_argument(
        "variants", nargs="*", metavar="VARIANT", help="variants to rebuild (default: all)"
    )
    add_project(parser, leading="variants")
    add_today(parser)
    parser.add_argument(
        "--interval",
        type=seconds(0.05, 3600),
        default=0.5,
        metavar="SECONDS",
        help="how often to look for saved files (default: %(default)s)",
    )
    parser.set_defaults(run=run)


def cycle(root: Path, variants: list[str], today: dt.date | None = None) -> bool:
    """One check and (if clean) incremental build; True when both succeed."""
    from lws.diagnose.check import check_project
    from lws.publish.build import execute
    from lws.publish.jobs import plan

    problems = check_project(root, today)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    if any(p.severity is Severity.ERROR for p in problems):
        print("lws watch: fix the errors above; nothing rebuilt", file=sys.stderr)
        return False
    try:
        jobs, _, epoch = plan(root, variants)
    except LwsError as exc:  # reported as the boundary would, and watching goes on
        for line in exc.report():
            print(line, file=sys.stderr)
        return False
    result = execute(jobs, root, epoch)
    for problem in result.problems:
        print(problem.format(), file=sys.stderr)
    print(
        f"lws watch: {len(result.built)} rebuilt, {len(result.unchanged)} unchanged",
        file=sys.stderr,
    )
    return not result.problems


def run(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    from lws.authoring.watch import snapshot, watch

    require_publishing("watch")
    root: Path = args.project.absolute()
    before = snapshot(root)  # taken first, so a save during the first build is not missed
    today: dt.date | None = args.today
    cycle(root, args.variants, today)
    print("lws watch: watching for changes (Ctrl-C to stop)", file=sys.stderr)

    def on_change(files: list[str]) -> None:
        print(f"lws watch: changed: {', '.join(files)}", file=sys.stderr)
        cycle(root, args.variants, today)

    watch(root, on_change, interval=args.interval, stop=stop, since=before)  # Ctrl-C: exit 130
    return EXIT_OK
