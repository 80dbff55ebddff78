"""``lws check``: every problem in a strategy, collected across all files, then sorted."""

from __future__ import annotations

from pathlib import Path

from lws.diagnostics import Diagnostic
from lws.project import Strategy, load_strategy
from lws.references import check_references
from lws.validate import validate_section


def check_strategy(strategy: Strategy) -> list[Diagnostic]:
    """Schema and reference problems of a loaded strategy, sorted by file and position."""
    found = list(strategy.problems)
    for name, doc in strategy.documents.items():
        found.extend(validate_section(doc, strategy.schemas[name]))
    _, reference_problems = check_references(strategy.documents, strategy.schemas)
    found.extend(reference_problems)
    return sorted(set(found))


def check_project(root: Path) -> list[Diagnostic]:
    """Load the project at ``root`` and check it."""
    return check_strategy(load_strategy(root))
