"""A trust's project on disk: finding and loading its section files.

All file access for ``lws check`` goes through here, confined to the project directory.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError, UsageError
from lws.core.gcpause import paused_gc
from lws.core.realpaths import RealPaths
from lws.model.load import Document, load_file
from lws.model.schema import SchemaSet, load_schemas

STRATEGY_DIR = "strategy"


class NotAProjectError(UsageError):
    """The directory given is not an lws project (a usage error, exit status 2)."""


@dataclass
class Strategy:
    """A project's schemas and its loaded section documents, with load problems."""

    root: Path
    schemas: SchemaSet
    documents: Mapping[str, Document]
    problems: list[Diagnostic] = field(default_factory=list)
    unreadable: frozenset[str] = frozenset()  # sections whose file exists but failed to load


def section_file(root: Path, name: str) -> tuple[Path, str]:
    """``strategy/NAME.yaml`` (or the ``.yml`` that exists) and its display name; raise
    NotAProjectError when ``root`` has no ``strategy/`` directory."""
    strategy = root / STRATEGY_DIR
    if not strategy.is_dir():
        raise NotAProjectError(
            f"{root} has no {STRATEGY_DIR}/ directory; run lws in a trust's repository "
            "or pass its path (--project PATH)"
        )
    for suffix in (".yaml", ".yml"):
        path = strategy / f"{name}{suffix}"
        if path.exists():
            return path, f"{STRATEGY_DIR}/{path.name}"
    return strategy / f"{name}.yaml", f"{STRATEGY_DIR}/{name}.yaml"


def find_sections(root: Path) -> list[Path]:
    """The section files of a project, sorted by name."""
    strategy = root / STRATEGY_DIR
    if not strategy.is_dir():
        raise NotAProjectError(
            f"{root} has no {STRATEGY_DIR}/ directory; run lws in a trust's repository "
            "or pass its path (lws check PATH)"
        )
    return sorted(p for p in strategy.iterdir() if p.suffix in (".yaml", ".yml"))


def load_strategy(root: Path) -> Strategy:
    """Load every section file; unreadable files become diagnostics, not exceptions."""
    with paused_gc():
        return _load_strategy(root)


def _load_strategy(root: Path) -> Strategy:
    paths = find_sections(root)
    schemas = load_schemas(root)
    documents: dict[str, Document] = {}
    problems: list[Diagnostic] = []
    unreadable: set[str] = set()
    real = RealPaths()  # the project and strategy/ resolved once, not for every file
    for path in paths:
        display = path.relative_to(root).as_posix()
        name = path.stem
        if name not in schemas:
            problems.append(_unknown_section(display, name, list(schemas)))
            continue
        if name in documents:
            problems.append(
                _problem(display, f"section '{name}' is given twice", "keep one file per section")
            )
            continue
        try:
            documents[name] = load_file(path, root, display, real)
        except LwsError as exc:
            problems.extend(exc.diagnostics)
            unreadable.add(name)
    loaded = {p.stem for p in paths}
    for name in schemas:
        if schemas[name].required and name not in loaded:
            problems.append(
                _problem(
                    f"{STRATEGY_DIR}/{name}.yaml",
                    f"required section '{name}' is missing",
                    f"create {STRATEGY_DIR}/{name}.yaml ({schemas[name].title})",
                )
            )
    return Strategy(root, schemas, documents, problems, frozenset(unreadable))


def _unknown_section(display: str, name: str, known: list[str]) -> Diagnostic:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}.yaml?" if close else "sections are: " + ", ".join(known)
    return _problem(display, f"'{name}' is not a section lws knows", hint)


def _problem(file: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, 1, 1, Severity.ERROR, (), message, hint)
