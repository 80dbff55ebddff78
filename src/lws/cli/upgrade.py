"""``lws upgrade``: rewrite a strategy written for an older data model to the current one.

``lws upgrade [PROJECT]`` rewrites the files that change (see :mod:`lws.authoring.upgrade`:
only the changed lines, everything else byte for byte, each file replaced atomically);
``--check`` says whether an upgrade is due and prints what it would change as a diff,
writing nothing. Exit status: 0 upgraded or already current (with ``--check``: already
current), 1 an upgrade is due (``--check``) or the manifest cannot be upgraded (a located
error: a newer or malformed ``schema_version``, an unreadable manifest), 2 no ``strategy/``
directory.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lws.cli.console import Console
from lws.cli.options import add_project
from lws.core.errors import EXIT_OK, EXIT_PROBLEMS


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "upgrade",
        help="rewrite a strategy written for an older data model to the current one",
        description="Bring a strategy written for an older lws data model up to the one this "
        "lws reads: schema_version in manifest.yaml, and anything else the model changed. Only "
        "the lines that change are rewritten; comments, layout and every other line are kept "
        "as they are. Running it again changes nothing.",
    )
    add_project(parser)
    parser.add_argument(
        "--check",
        action="store_true",
        help="say whether an upgrade is due and show what it would change (a diff); write "
        "nothing, and exit 1 if one is due",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lws.authoring.upgrade import apply, plan_upgrade
    from lws.model.versions import shown

    console: Console = args.console
    plan = plan_upgrade(args.project)
    old, new = shown(plan.old_version), shown(plan.new_version)
    if not plan.due:
        console.info(f"lws upgrade: the strategy is written for data model {old}; nothing to do")
        return EXIT_OK
    files = ", ".join(change.display for change in plan.changes)
    if args.check:
        sys.stdout.write(plan.diff())
        console.info(
            f"lws upgrade: an upgrade is due from data model {old} to {new} ({files}); "
            "run lws upgrade to write it"
        )
        return EXIT_PROBLEMS
    apply(plan)
    for change in plan.changes:
        console.detail(change.diff().rstrip("\n"))
    console.info(f"lws upgrade: upgraded from data model {old} to {new}: wrote {files}")
    return EXIT_OK
