"""``lws check``: every problem in a strategy, collected across all files, then sorted.

Schema and reference errors first; then the diagnostic gate (errors) and the health checks
(warnings), so one command tells an author everything CI will say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from lws.core.diagnostics import Diagnostic, errors
from lws.core.gcpause import paused_gc
from lws.diagnose.diagnostic import Report, diagnose, gate_diagnostics, load_criteria
from lws.diagnose.health import health_checks
from lws.model.project import Strategy, load_strategy
from lws.model.references import check_references
from lws.model.validate import validate_section
from lws.model.versions import version_problems

#: A check composed in by a later stage (e.g. the words check of lws.publish, which must
#: render the variants): it runs only on a strategy without errors.
LaterCheck = Callable[[Strategy, Report, dt.date], list[Diagnostic]]


def check_strategy(strategy: Strategy) -> list[Diagnostic]:
    """Schema and reference problems of a loaded strategy, sorted by file and position."""
    found = list(strategy.problems)
    with paused_gc():
        for name, doc in strategy.documents.items():
            found.extend(validate_section(doc, strategy.schemas[name]))
    _, reference_problems = check_references(
        strategy.documents, strategy.schemas, strategy.unreadable
    )
    found.extend(reference_problems)
    found.extend(version_problems(strategy.documents.get("manifest")))
    return sorted(set(found))


def check_project(
    root: Path, today: dt.date | None = None, later: Sequence[LaterCheck] = ()
) -> list[Diagnostic]:
    """Load the project at ``root`` and check it: schemas, references, gate and health, then
    the ``later`` checks if nothing so far is an error."""
    strategy = load_strategy(root)
    found = check_strategy(strategy)
    when = today or dt.date.today()
    report = diagnose(strategy.documents, load_criteria(root), when)
    found += gate_diagnostics(report)
    found += health_checks(strategy.documents, when)
    if not errors(found):
        for check in later:
            found += check(strategy, report, when)
    return sorted(set(found))
