"""``lws build [PROJECT] [VARIANT…]``: publish the variants the audiences ask for."""

from __future__ import annotations

import argparse

from lws.cli.console import Console
from lws.cli.extras import require_publishing
from lws.cli.options import add_project, add_today, whole_number
from lws.cli.trend import strategy_trend, versions_key
from lws.core.errors import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "build",
        help="publish the variants (leaflet, board, full, slides) as HTML, DOCX, PDF, PPTX",
        description="Render each variant the strategy's audiences ask for and convert it "
        "through Pandoc (and Typst for PDF) into build/VARIANT.EXT. A strategy with errors, "
        "or whose diagnostic gate fails, is not published (--draft publishes one that only "
        "fails the gate). Outputs are written atomically and reproducibly "
        "(SOURCE_DATE_EPOCH, default: the last commit's time); unchanged outputs are not "
        "rebuilt.",
    )
    parser.add_argument(
        "variants",
        nargs="*",
        metavar="VARIANT",
        help="variants to build (default: all the audiences ask for)",
    )
    add_project(parser, leading="variants")
    parser.add_argument(
        "--format",
        dest="formats",
        action="append",
        default=[],
        metavar="FORMAT",
        help="html, docx, pdf or pptx; repeat or use commas (default: each variant's formats)",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=whole_number(0, 256),
        default=0,
        metavar="N",
        help="conversions to run at once (default: one per core)",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even unchanged outputs")
    parser.add_argument(
        "--draft",
        action="store_true",
        help="publish even though the diagnostic gate fails (for the working group's drafts; "
        "errors in the data still stop the build)",
    )
    add_today(parser, "the diagnostic and due dates are")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:

    console: Console = args.console
    require_publishing("build")
    formats = [f.strip() for value in args.formats for f in value.split(",") if f.strip()]
    versions = versions_key(args.project)  # one git command: a new tag or commit rebuilds
    if not args.force:  # the no-op check reads file bytes only: no YAML, Jinja or Pandoc
        from lws.publish.state import build_options, request_for, up_to_date

        options = build_options(args.today, args.draft, versions)
        request = request_for(args.project, args.variants, formats, options=options)
        outputs = up_to_date(args.project.resolve(), request)
        if outputs:
            console.info(
                f"lws build: up to date: {len(outputs)} output(s), nothing changed since "
                "the last build (--force rebuilds them)"
            )
            return EXIT_OK

    from lws.publish.build import GateError, build

    trend = strategy_trend(args.project.resolve(), versions)  # read from git, cached per commit

    try:
        result = build(
            args.project,
            args.variants,
            formats,
            workers=max(args.jobs, 0),
            force=args.force,
            today=args.today,
            draft=args.draft,
            progress=console.info,
            trend=trend,
        )
    except GateError as exc:  # what the failed gate means for a build (the boundary reports it)
        exc.add_note(
            "not published: the diagnostic gate fails (above); fix it, or publish a draft "
            "for the working group with lws build --draft"
        )
        raise
    for problem in result.problems:
        console.problem(problem.format())
    built, kept = len(result.built), len(result.unchanged)
    if not built and not kept and not result.problems:
        return _nothing_to_build(console, bool(args.variants or formats))
    draft = " as a draft (the diagnostic gate fails)" if result.draft else ""
    console.verdict(
        not result.problems,
        f"{built} built, {kept} unchanged, {len(result.problems)} failed{draft}",
        ok="done",
    )
    return EXIT_PROBLEMS if result.problems else EXIT_OK


def _nothing_to_build(console: Console, asked: bool) -> int:
    """Nothing was published: a failure, not a success with no outputs (CI must not pass).

    Variants or formats that select nothing are a usage error (2); a strategy whose
    audiences ask for no variant at all is a problem in its data (1).
    """
    if asked:
        console.error(
            "nothing to build: no audience in strategy/publication.yaml names a variant "
            "(leaflet, board, full, slides) with these formats (each variant's formats are "
            "in templates/variants.yaml)"
        )
        return EXIT_USAGE
    console.error(
        "nothing to build: no audience in strategy/publication.yaml names a variant; give "
        "an audience a variant (leaflet, board, full or slides)"
    )
    return EXIT_PROBLEMS
