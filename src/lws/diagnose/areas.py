"""The areas for change: what the diagnostic says to add, in the guide's own words.

The guide offers its diagnostic (Appendix 1) "as a vehicle for highlighting areas for change and
improvement". Its questions come in groups: a headline question ("Have we developed clear links
between the workforce strategy and the children's plan?") and the questions beneath it. An
area for change is a headline question that is not (fully) met, with each question beneath it
that is not met, what to add (the criterion's ``fix``) and which exercise and template of the
guide help (its ``help``) — never only an id or a file name. A question of a trust's own
criteria that no headline rolls up is an area of its own. Pure: a report in, areas out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lws.diagnose.diagnostic import Report, Result
from lws.diagnose.evidence import Status

OPEN = (Status.NOT_MET, Status.PARTLY_MET)


@dataclass(frozen=True)
class Step:
    """A question not met, as the guide asks it, with what to add and what helps."""

    question: str
    exercise: str | None
    status: Status
    add: str
    help: str


@dataclass(frozen=True)
class Area:
    """A headline question of the guide not (fully) met, and the steps beneath it."""

    question: str
    modules: tuple[int, ...]
    status: Status
    steps: tuple[Step, ...]


def areas_for_change(report: Report) -> list[Area]:
    """The areas for change in the guide's order (empty when every question is met)."""
    by_id = {r.criterion.id: r for r in report.results}
    beneath = {q for r in report.results for q in r.criterion.rollup}
    areas = []
    for result in report.results:
        criterion = result.criterion
        if result.status not in OPEN or (criterion.id in beneath and not criterion.headline):
            continue
        parts: Sequence[Result] = (
            [by_id[q] for q in criterion.rollup if q in by_id] if criterion.headline else [result]
        )
        steps = tuple(_step(r) for r in parts if r.status in OPEN and not r.criterion.headline)
        if steps:
            areas.append(Area(criterion.question, criterion.modules, result.status, steps))
    return areas


def _step(result: Result) -> Step:
    c = result.criterion
    return Step(c.question, c.exercise, result.status, c.fix, c.help)


def step_text(step: Step, area: Area) -> str:
    """One step: the question as the guide asks it (unless it is the area's own), what to add,
    and where the guide helps."""
    exercise = f" (exercise {step.exercise})" if step.exercise else ""
    parts = [] if step.question == area.question else [f"{step.question}{exercise}"]
    if step.add:
        parts.append(f"{step.add[:1].upper()}{step.add[1:]}.")
    if step.help:
        parts.append(f"See the guide's {step.help}.")
    return " ".join(parts)


def area_heading(area: Area) -> str:
    modules = ", ".join(str(m) for m in area.modules)
    label = "module" if len(area.modules) == 1 else "modules"
    return f"{area.question} ({label} {modules}; {area.status.label})"
