"""``lws init [PROJECT]``: create a ready repository for a new trust."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from lws.cli.console import Console
from lws.cli.options import add_project
from lws.core.errors import EXIT_OK, EXIT_USAGE, UsageError


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "init",
        help="create a ready repository for a new trust",
        description="Create DIR with every section file (commented guidance from the guide and "
        "a skeleton that passes lws check), a noxfile, CI for GitHub Actions and GitLab, a "
        "pre-commit configuration and VS Code settings. PROJECT (default: the current "
        "directory) must not exist or be empty.",
    )
    add_project(parser)
    parser.add_argument(
        "--trust",
        default="Our Children's Trust",
        metavar="NAME",
        help="the trust's name (default: %(default)s)",
    )
    parser.add_argument(
        "--lws-requirement",
        default=None,
        metavar="REQUIREMENT",
        help="how CI, the noxfile and pre-commit install lws: lws-strategy==VERSION, a git "
        "URL (git+https://…/lws.git@TAG) or a wheel (default: this lws, as it was installed)",
    )
    parser.set_defaults(run=run)


def installed_requirement() -> tuple[str, str]:
    """A requirement for the running lws, and a note when CI may not be able to install it.

    Installed from git: that URL at that commit. Otherwise the published version.
    """
    import json
    from importlib.metadata import PackageNotFoundError, distribution

    from lws import __version__
    from lws.authoring.init import DISTRIBUTION

    pinned = f"{DISTRIBUTION}=={__version__}"
    try:
        direct = distribution(DISTRIBUTION).read_text("direct_url.json")
    except PackageNotFoundError:
        direct = None
    if not direct:
        return pinned, ""
    origin = json.loads(direct)
    vcs = origin.get("vcs_info") or {}
    if vcs.get("vcs") == "git" and origin.get("url"):
        return f"{DISTRIBUTION} @ git+{origin['url']}@{vcs.get('commit_id', '')}".rstrip("@"), ""
    return pinned, (
        f"this lws was installed from a local copy, so CI will install {pinned} from PyPI; "
        "if that is not the version you want, run lws init again with --lws-requirement"
    )


def chosen_requirement(given: str | None) -> tuple[str, str]:
    """``--lws-requirement`` (a local wheel or directory becomes a file:// URL), else the
    requirement for this lws."""
    if given is None:
        return installed_requirement()
    path = Path(given)
    if "://" not in given and not given.startswith("git+") and path.exists():
        return path.resolve().as_uri(), "a local file: only this machine can install it"
    return given, ""


def run(args: argparse.Namespace) -> int:
    from lws.authoring.init import RequirementError, requirement_forms, skeleton
    from lws.core.resources import packaged
    from lws.model.schema import load_schemas

    console: Console = args.console
    requirement, note = chosen_requirement(args.lws_requirement)
    try:
        requirement_forms(requirement)
    except RequirementError as exc:
        console.error(f"--lws-requirement: {exc}")
        return EXIT_USAGE

    target: Path = args.project
    _check_target(target)
    schemas = load_schemas(packaged("schema").parent)
    files = skeleton(schemas, args.trust, dt.date.today(), requirement)
    json_dir = packaged("schema") / "json"
    if json_dir.is_dir():  # editor support: the $schema lines point at these
        for path in sorted(json_dir.glob("*.json")):
            files[f"schema/json/{path.name}"] = path.read_text(encoding="utf-8")
    from lws.core.atomic import write_atomically

    for relative, text in sorted(files.items()):
        write_atomically(target / relative, text.encode("utf-8"))
    console.info(f"lws init: created {len(files)} files in {target}")
    console.info(f"lws init: CI, the noxfile and pre-commit install lws as {requirement}")
    if note:
        console.info(f"lws init: note: {note}")
    console.info(f"next: cd {target} && git init && lws check && lws build")
    return EXIT_OK


def _check_target(target: Path) -> None:
    """Refuse a target that exists and is not an empty directory, or lies under a file."""
    hint = "choose a new directory, or an empty one"
    if target.is_file() or (target.exists() and not target.is_dir()):
        raise UsageError(f"{target} exists and is a file, not a directory", hint=hint)
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(f"{target} exists and is not an empty directory", hint=hint)
    for parent in target.absolute().parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(f"{target} lies under {parent}, which is a file", hint=hint)
            break
