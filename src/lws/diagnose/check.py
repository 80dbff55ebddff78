"""``lws check``: every problem in a strategy, collected across all files, then sorted.

Schema and reference errors first; then the diagnostic gate (errors) and the health checks
(warnings), so one command tells an author everything CI will say.

A section with errors is not judged: the gate's questions that read it, and its health
checks, would only send the author to data that is there. One warning says so instead
("not judged: … strategy/risks.yaml has errors").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from pathlib import Path
from typing import Any

from lws.core.diagnostics import Diagnostic, Severity, errors
from lws.core.gcpause import paused_gc
from lws.diagnose.diagnostic import (
    Criterion,
    GateFailure,
    Report,
    UnmetQuestion,
    diagnose,
    gate_diagnostics,
    load_criteria,
)
from lws.diagnose.health import health_checks
from lws.model.as_at import as_at
from lws.model.project import Strategy, load_strategy
from lws.model.references import check_references
from lws.model.structure import structure_problems
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
    # a section that is a list or text, not a mapping, defines nothing: its shape error
    # explains the references to it, which are not reported again as dangling
    shapeless = {
        name
        for name, doc in strategy.documents.items()
        if doc.data is not None and not isinstance(doc.data, dict)
    }
    _, reference_problems = check_references(
        strategy.documents, strategy.schemas, strategy.unreadable | shapeless
    )
    found.extend(reference_problems)
    found.extend(version_problems(strategy.documents.get("manifest")))
    found.extend(structure_problems(strategy.documents))
    return sorted(set(found))


def check_project(
    root: Path, today: dt.date | None = None, later: Sequence[LaterCheck] = ()
) -> list[Diagnostic]:
    """Load the project at ``root`` and check it: schemas, references, gate and health, then
    the ``later`` checks if nothing so far is an error.

    The cycle collector is paused throughout (:mod:`lws.core.gcpause`) and resumes after the
    strategy, its validation and its report have been freed."""
    with paused_gc():
        return _check_project(root, today, later)


def _check_project(
    root: Path, today: dt.date | None, later: Sequence[LaterCheck]
) -> list[Diagnostic]:
    strategy = load_strategy(root)
    found = check_strategy(strategy)
    manifest = strategy.documents.get("manifest")
    when = as_at(manifest.data if manifest else None, today or dt.date.today())
    criteria = load_criteria(root)
    report = diagnose(strategy.documents, criteria, when)
    broken = _broken_sections(strategy, found)
    report, not_judged = _judge_only(report, criteria, broken)
    found += gate_diagnostics(report)
    found += not_judged
    broken_files = set(broken.values())
    found += [d for d in health_checks(strategy.documents, when) if d.file not in broken_files]
    if not errors(found):
        for check in later:
            found += check(strategy, report, when)
    return sorted(set(found))


def _broken_sections(strategy: Strategy, found: Iterable[Diagnostic]) -> dict[str, str]:
    """Section name → file, for sections that failed to load or have errors."""
    with_errors = {d.file for d in found if d.severity is Severity.ERROR}
    broken = {name: f"strategy/{name}.yaml" for name in strategy.unreadable}
    for name, doc in strategy.documents.items():
        if doc.file in with_errors:
            broken[name] = doc.file
    return broken


def sections_read(criterion: Criterion, by_id: Mapping[str, Criterion]) -> set[str]:
    """The sections a criterion's evidence reads (through its roll-up, for a headline)."""
    if criterion.rollup:
        return {
            section
            for child in criterion.rollup
            if child in by_id and child != criterion.id
            for section in sections_read(by_id[child], by_id)
        }
    return set(_paths(criterion.evidence))


def _paths(spec: Any) -> Iterable[str]:
    if isinstance(spec, Mapping):
        for key, value in spec.items():
            if key in ("items", "value", "by") and isinstance(value, str):
                yield value.split(".", 1)[0]
            else:
                yield from _paths(value)
    elif isinstance(spec, list):
        for item in spec:
            yield from _paths(item)


def _judge_only(
    report: Report, criteria: Iterable[Criterion], broken: Mapping[str, str]
) -> tuple[Report, list[Diagnostic]]:
    """The report with the gate's reasons that rest on broken sections taken out, and a
    warning for each broken section saying what was not judged."""
    if not broken or report.gate.passed:
        return report, []
    by_id = {c.id: c for c in criteria}
    kept: list[GateFailure] = []
    skipped: dict[str, list[str]] = {}
    for failure in report.gate.failures:
        question = by_id.get(failure.question) if isinstance(failure, UnmetQuestion) else None
        reads: Set[str] = sections_read(question, by_id) if question else set(broken)
        hit = sorted(reads & set(broken))
        if hit:
            what = question.id if question else "the overall score"
            for name in hit:
                skipped.setdefault(name, []).append(what)
        else:
            kept.append(failure)
    gate = dataclasses.replace(report.gate, failures=tuple(kept), passed=not kept)
    warnings = [
        Diagnostic(
            broken[name],
            1,
            1,
            Severity.WARNING,
            (),
            f"not judged: the diagnostic gate ({', '.join(whats)}); {broken[name]} has errors",
            "fix the errors in this file first; lws check then judges the gate again",
        )
        for name, whats in sorted(skipped.items())
    ]
    return dataclasses.replace(report, gate=gate), warnings
