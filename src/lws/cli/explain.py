"""``lws explain VARIANT``: what reaches an audience, and why the rest does not."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from lws.cli.options import add_project
from lws.core.errors import EXIT_OK, UsageError


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "explain",
        help="show which sections and items reach a variant's audience, and why",
        description="Explain a variant: the audiences it is made for, the sections its "
        "template shows and leaves out, and every item restricted to some audiences, shown "
        "or withheld.",
    )
    parser.add_argument(
        "variant", nargs="+", metavar="VARIANT", help="e.g. leaflet, board, full, slides"
    )
    add_project(parser, leading="variant")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lws.core.data import mapping
    from lws.core.resources import Resources
    from lws.model.project import load_strategy
    from lws.publish.audience import load_variants
    from lws.publish.explain import explain
    from lws.publish.render import environment

    if len(args.variant) != 1:
        raise UsageError(f"name one variant, not {len(args.variant)}: {' '.join(args.variant)}")
    wanted: str = args.variant[0]
    strategy = load_strategy(args.project)
    publication = strategy.documents.get("publication")
    data = mapping(publication.data if publication else None)
    variants = {v.name: v for v in load_variants(args.project, data)}
    if wanted not in variants:
        known = ", ".join(variants) or "none"
        raise UsageError(f"no variant named '{wanted}'; the strategy's audiences ask for: {known}")
    names = {
        str(a.get("id")): str(a.get("name"))
        for a in data.get("audiences") or []
        if isinstance(a, dict)
    }
    env = environment(Resources(args.project).dirs("templates"))
    sys.stdout.write(explain(strategy, variants[wanted], env, names))
    return EXIT_OK
