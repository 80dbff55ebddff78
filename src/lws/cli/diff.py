"""``lws diff [REV_A [REV_B]]``: what changed in the strategy between two versions."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lws.cli.console import Console
from lws.cli.options import add_output, add_project, add_today, emit
from lws.core.errors import EXIT_OK, UsageError

# lws.authoring.diff.RENDERERS, named here to keep start-up light
FORMATS = ("text", "markdown", "json")


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "diff",
        help="show what changed in the strategy between two versions in git",
        description="Compare two versions of the strategy as a board or a reviewer would: "
        "diagnostic questions whose status changed, KPI figures moved, actions new, removed, "
        "completed or re-rated, risks new, closed or re-rated, changes to the vision, and "
        "every other field of every section that changed, with its old and new value. "
        "With no revision, compares the last tag (else the merge base with the default "
        "branch, else HEAD) with the working tree; with one, that revision with the working "
        "tree; with two, the first with the second.",
    )
    parser.add_argument(
        "revisions",
        nargs="*",
        metavar="REV",
        help="the older version, then the newer (default: the working tree)",
    )
    add_project(parser, leading="revisions")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (terminal), markdown (pull request comment, board paper) or json",
    )
    parser.add_argument(
        "--variant",
        metavar="NAME",
        help="compare only what this variant's audiences may see (the build's restriction "
        "rule: items for other audiences, and what refers to them, are left out of both)",
    )
    add_output(parser, "the comparison")
    add_today(parser, "both diagnostics are")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lws.authoring.diff import RENDERERS, diff_strategies, for_audiences
    from lws.authoring.gitrev import default_base, documents_at, label
    from lws.diagnose.diagnostic import diagnose, load_criteria
    from lws.model.schema import load_schemas

    root: Path = args.project
    console: Console = args.console
    if len(args.revisions) > 2:
        raise UsageError(
            f"name at most two revisions, not {len(args.revisions)}: {' '.join(args.revisions)}"
        )
    old_rev, new_rev = [*args.revisions, None, None][:2]
    if old_rev is None:
        old_rev, why = default_base(root)
        console.info(f"lws diff: comparing {old_rev} ({why}) with the working tree")
    old = documents_at(root, old_rev)
    new = documents_at(root, new_rev)
    criteria = load_criteria(root)
    today = args.today or dt.date.today()
    old_report, new_report = diagnose(old, criteria, today), diagnose(new, criteria, today)
    if args.variant is not None:
        audiences = _audiences(root, new, args.variant)
        schemas = load_schemas(root)
        old, new = for_audiences(old, schemas, audiences), for_audiences(new, schemas, audiences)
    diff = diff_strategies(
        old,
        new,
        old_report=old_report,
        new_report=new_report,
        old_label=label(old_rev),
        new_label=label(new_rev),
    )
    text = RENDERERS[args.format](diff)
    emit(text, args.output, "diff", quiet=args.quiet)
    return EXIT_OK


def _audiences(root: Path, documents: Mapping[str, Any], wanted: str) -> frozenset[str]:
    """The audiences of the variant named ``wanted`` by the newer version's publication."""
    from lws.core.data import mapping
    from lws.publish.audience import load_variants

    publication = documents.get("publication")
    variants = {v.name: v for v in load_variants(root, mapping(getattr(publication, "data", None)))}
    if wanted in variants:
        return variants[wanted].audiences
    known = ", ".join(variants) or "none"
    raise UsageError(
        f"--variant: no variant named {wanted!r}",
        hint=f"the strategy's audiences ask for: {known}",
    )
