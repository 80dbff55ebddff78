"""The diagnostic: the guide's questions answered from the data, rolled up and gated.

Criteria are data (``criteria/diagnostic.yaml``, overridable by the trust, extendable with
``criteria/local.yaml``). This module evaluates them against a loaded strategy, applies the
trust's exemptions, compares the team's self-assessment with the evidence, rolls headline
questions up from the questions beneath them, scores modules and applies the gate.

The criteria themselves are :mod:`lws.diagnose.criteria`'s, the gate :mod:`lws.diagnose.gate`'s.

The guide is clear that its diagnostic is "not a prescriptive picture of best practice" but
a way to highlight areas for change; the wording of results follows that.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from lws.core.data import mapping, records, whole
from lws.core.diagnostics import Diagnostic
from lws.diagnose.criteria import Criterion, load_criteria, problem_at
from lws.diagnose.evidence import Finding, Location, Status, evaluate
from lws.diagnose.gate import (
    Gate,
    GateFailure,
    LowScore,
    UnmetQuestion,
    evaluate_gate,
    gate_diagnostics,
)
from lws.model.load import Document

__all__ = [
    "ANSWER_CLAIMS",
    "SCORES",
    "Answer",
    "Criterion",
    "Gate",
    "GateFailure",
    "LowScore",
    "ModuleScore",
    "Report",
    "Result",
    "UnmetQuestion",
    "diagnose",
    "gate_diagnostics",
    "load_criteria",
]


SCORES = {Status.MET: 1.0, Status.PARTLY_MET: 0.5, Status.NOT_MET: 0.0}


ANSWER_CLAIMS = {
    "yes": {Status.MET},
    "partly": {Status.PARTLY_MET},
    "no": {Status.NOT_MET},
    "not_yet_considered": {Status.NOT_MET},
}


@dataclass(frozen=True)
class Answer:
    answer: str
    comment: str
    location: Location


@dataclass(frozen=True)
class Result:
    """The outcome for one criterion."""

    criterion: Criterion
    status: Status
    finding: Finding
    answer: Answer | None = None
    exemption: str | None = None

    @property
    def disagreement(self) -> str | None:
        """Where the team's own answer and the evidence differ, in plain words."""
        if self.answer is None or self.status is Status.NOT_APPLICABLE:
            return None
        if self.status in ANSWER_CLAIMS[self.answer.answer]:
            return None
        said = self.answer.answer.replace("_", " ")
        if self.status is Status.MET:
            shown = ", ".join(str(e) for e in self.finding.evidence[:3]) or "the data"
            return f"you answered {said}; the data shows it met ({shown})"
        gap = self.finding.missing[0] if self.finding.missing else "not all the evidence"
        return f"you answered {said}; the data shows {self.status.label}: {gap}"


@dataclass(frozen=True)
class ModuleScore:
    module: int
    score: float | None  # None when every criterion is not applicable
    weight: float
    counts: Mapping[Status, int]


@dataclass(frozen=True)
class Report:
    """Everything ``lws diagnose`` shows."""

    today: dt.date
    results: tuple[Result, ...]
    modules: tuple[ModuleScore, ...]
    overall: float
    gate: Gate
    problems: tuple[Diagnostic, ...] = field(default=())

    def result(self, criterion_id: str) -> Result:
        return next(r for r in self.results if r.criterion.id == criterion_id)


def diagnose(
    documents: Mapping[str, Document], criteria: Sequence[Criterion], today: dt.date
) -> Report:
    """Evaluate every criterion, then roll up, score and gate."""
    config = documents.get("diagnostic")
    settings: Mapping[str, Any] = config.data if config and isinstance(config.data, dict) else {}
    known = {c.id for c in criteria}
    problems = list(_unknown_questions(config, settings, known))
    answers = _answers(config, settings)
    exemptions = {
        e["question"]: e["justification"]
        for e in settings.get("exemptions") or []
        if isinstance(e, dict) and isinstance(e.get("question"), str) and "justification" in e
    }
    results: dict[str, Result] = {}
    for criterion in criteria:
        if criterion.id in exemptions:
            results[criterion.id] = Result(
                criterion,
                Status.NOT_APPLICABLE,
                Finding(Status.NOT_APPLICABLE),
                answers.get(criterion.id),
                exemptions[criterion.id],
            )
        elif criterion.evidence:
            finding = evaluate(criterion.evidence, documents, today)
            results[criterion.id] = Result(
                criterion, finding.status, finding, answers.get(criterion.id)
            )
    for criterion in criteria:
        if criterion.rollup and criterion.id not in results:
            results[criterion.id] = _rolled_up(criterion, results, answers.get(criterion.id))
    ordered = tuple(results[c.id] for c in criteria)
    modules = _module_scores(ordered, settings)
    overall = _overall(modules)
    return Report(
        today, ordered, modules, overall, evaluate_gate(ordered, overall, settings), tuple(problems)
    )


def _rolled_up(
    criterion: Criterion, results: Mapping[str, Result], answer: Answer | None
) -> Result:
    parts = [results[c] for c in criterion.rollup if c in results]
    statuses = {r.status for r in parts} - {Status.NOT_APPLICABLE}
    if not statuses:
        status = Status.NOT_APPLICABLE
    elif statuses == {Status.MET}:
        status = Status.MET
    elif statuses == {Status.NOT_MET}:
        status = Status.NOT_MET
    else:
        status = Status.PARTLY_MET
    missing = tuple(
        f"{r.criterion.id} {r.status.label}"
        for r in parts
        if r.status not in (Status.MET, Status.NOT_APPLICABLE)
    )
    return Result(criterion, status, Finding(status, (), missing), answer)


def _answers(config: Document | None, settings: Mapping[str, Any]) -> dict[str, Answer]:
    out = {}
    for index, entry in enumerate(settings.get("self_assessment") or []):
        if isinstance(entry, dict) and isinstance(entry.get("answer"), str) and config:
            mark = config.position(("self_assessment", index))
            location = Location(config.file, mark.line, mark.col)
            out[str(entry.get("question"))] = Answer(
                entry["answer"], str(entry.get("comment", "")), location
            )
    return {k: v for k, v in out.items() if v.answer in ANSWER_CLAIMS}


def _unknown_questions(
    config: Document | None, settings: Mapping[str, Any], known: set[str]
) -> list[Diagnostic]:
    if config is None:
        return []
    found = []
    places: list[tuple[tuple[str | int, ...], Any]] = [
        (("self_assessment", i, "question"), e.get("question"))
        for i, e in enumerate(settings.get("self_assessment") or [])
        if isinstance(e, dict)
    ]
    places += [
        (("exemptions", i, "question"), e.get("question"))
        for i, e in enumerate(settings.get("exemptions") or [])
        if isinstance(e, dict)
    ]
    gate = mapping(settings.get("gate"))
    places += [(("gate", "must_meet", i), q) for i, q in enumerate(gate.get("must_meet") or [])]
    for path, question in places:
        if not isinstance(question, str):
            continue  # not an id at all: the schema's located error says so
        if question not in known:
            found.append(
                problem_at(
                    config,
                    path,
                    f"no diagnostic question has the id '{question}'",
                    "use a criterion id such as Q27 (lws diagnose lists them)",
                )
            )
    return found


def _module_scores(
    results: Sequence[Result], settings: Mapping[str, Any]
) -> tuple[ModuleScore, ...]:
    weights = {  # only well-formed weights: the schema reports the others, located
        module: float(weight)
        for w in records(settings.get("weights"))
        if (module := whole(w.get("module"))) is not None
        and isinstance(weight := w.get("weight"), int | float)
        and not isinstance(weight, bool)
        and 0 <= weight < float("inf")
    }
    modules = sorted({m for r in results for m in r.criterion.modules})
    out = []
    for module in modules:
        scored = [r for r in results if module in r.criterion.modules and not r.criterion.headline]
        counts = {s: sum(1 for r in scored if r.status is s) for s in Status}
        values = [SCORES[r.status] for r in scored if r.status in SCORES]
        score = sum(values) / len(values) if values else None
        out.append(ModuleScore(module, score, weights.get(module, 1.0), counts))
    return tuple(out)


def _overall(modules: Sequence[ModuleScore]) -> float:
    weighted = [(m.score, m.weight) for m in modules if m.score is not None and m.weight > 0]
    total = sum(w for _, w in weighted)
    return sum(s * w for s, w in weighted) / total if total else 0.0
