"""``lws schema``: JSON Schemas for editors, and the field reference, from the schemas.

``lws schema [PROJECT] --json-schema [--output DIR]`` writes ``<section>.json`` for every
section (default DIR: ``PROJECT/schema/json``, where the ``$schema`` line at the top of each
strategy file points). ``lws schema [PROJECT] --reference [--output FILE]`` writes the field
reference as Markdown (default: standard output). Both use the project's schemas, so a
trust's own overrides are included.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lws.cli.options import add_project, emit
from lws.core.errors import EXIT_OK, UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "schema",
        help="write JSON Schemas for editors, or the field reference, from the schemas",
        description="Generate from the section schemas (the project's own overrides "
        "included): --json-schema writes one JSON Schema per section for editors (VS Code's "
        "YAML extension reads the '# yaml-language-server: $schema=…' line at the top of "
        "each strategy file); --reference writes the field reference as Markdown.",
    )
    add_project(parser)
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument(
        "--json-schema",
        action="store_true",
        help="write <section>.json for every section (default: PROJECT/schema/json)",
    )
    what.add_argument(
        "--reference",
        action="store_true",
        help="write the field reference as Markdown (default: to standard output)",
    )
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        metavar="PATH",
        help="with --json-schema a directory, with --reference a file",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lws.authoring.jsonschema import JSON_DIR, write_json_schemas
    from lws.authoring.reference import reference_markdown
    from lws.model.schema import load_schemas

    project: Path = args.project
    if not project.is_dir():
        raise UsageError(f"{project} is not a directory")
    schemas = load_schemas(project)
    if args.json_schema:
        directory: Path = args.output if args.output is not None else project / JSON_DIR
        if directory.exists() and not directory.is_dir():
            raise UsageError(f"{directory} is not a directory")
        written, unchanged = write_json_schemas(schemas, directory)
        if not args.quiet:
            print(
                f"lws schema: {len(written)} JSON Schemas written, {len(unchanged)} unchanged "
                f"in {directory}",
                file=sys.stderr,
            )
        return EXIT_OK
    if args.output is not None and args.output.is_dir():
        raise UsageError(f"{args.output} is a directory; name a file")
    text = reference_markdown(schemas)
    emit(text, args.output, "schema", quiet=args.quiet)
    return EXIT_OK
