"""``lws init [PROJECT]``: create a ready repository for a new trust."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from lws.cli.options import add_project
from lws.core.atomic import write_atomically
from lws.core.errors import EXIT_OK, EXIT_USAGE


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "init",
        help="create a ready repository for a new trust",
        description="Create DIR with every section file (commented guidance from the guide and "
        "a skeleton that passes lws check), a noxfile, CI for GitHub Actions and GitLab, and a "
        "pre-commit configuration. PROJECT (default: the current directory) must not exist "
        "or be empty.",
    )
    add_project(parser)
    parser.add_argument(
        "--trust",
        default="Our Children's Trust",
        metavar="NAME",
        help="the trust's name (default: %(default)s)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lws.authoring.init import skeleton
    from lws.core.resources import packaged
    from lws.model.schema import load_schemas

    target: Path = args.project
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        print(
            f"lws init: error: {target} exists and is not an empty directory; "
            "choose a new directory",
            file=sys.stderr,
        )
        return EXIT_USAGE
    files = skeleton(load_schemas(packaged("schema").parent), args.trust, dt.date.today())
    json_dir = packaged("schema") / "json"
    if json_dir.is_dir():  # editor support: the $schema lines point at these
        for path in sorted(json_dir.glob("*.json")):
            files[f"schema/json/{path.name}"] = path.read_text(encoding="utf-8")
    for relative, text in sorted(files.items()):
        write_atomically(target / relative, text.encode("utf-8"))
    print(f"lws init: created {len(files)} files in {target}", file=sys.stderr)
    print(f"next: cd {target} && git init && lws check && lws build", file=sys.stderr)
    return EXIT_OK
