"""The diagnostic: the guide's questions answered from the data, rolled up and gated.

Criteria are data (``criteria/diagnostic.yaml``, overridable by the trust, extendable with
``criteria/local.yaml``). This module evaluates them against a loaded strategy, applies the
trust's exemptions, compares the team's self-assessment with the evidence, rolls headline
questions up from the questions beneath them, scores modules and applies the gate.

The guide is clear that its diagnostic is "not a prescriptive picture of best practice" but
a way to highlight areas for change; the wording of results follows that.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lws.core.data import mapping
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.resources import Resources
from lws.diagnose.evidence import CHECKS, Finding, Location, Status, evaluate, walk_checks
from lws.model.load import Document, load_file
from lws.model.packaged import load_packaged
from lws.model.schema import StrategyValidator

SCORES = {Status.MET: 1.0, Status.PARTLY_MET: 0.5, Status.NOT_MET: 0.0}
ANSWER_CLAIMS = {
    "yes": {Status.MET},
    "partly": {Status.PARTLY_MET},
    "no": {Status.NOT_MET},
    "not_yet_considered": {Status.NOT_MET},
}

_CRITERION = {
    "id": {"type": "string", "required": True, "regex": "^[A-Za-z][A-Za-z0-9_.-]*$"},
    "question": {"type": "string", "required": True, "empty": False},
    "modules": {"type": "list", "required": True, "minlength": 1, "schema": {"type": "integer"}},
    "exercise": {"type": "string"},
    "rollup": {"type": "list", "schema": {"type": "string"}, "excludes": "evidence"},
    "evidence": {"type": "dict", "excludes": "rollup"},
    "fix": {"type": "string"},
    "help": {"type": "string"},
}
_CRITERIA_FILE = {
    "criteria": {"type": "list", "required": True, "schema": {"type": "dict", "schema": _CRITERION}}
}


@dataclass(frozen=True)
class Criterion:
    """One diagnostic question and how its evidence is checked."""

    id: str
    question: str
    modules: tuple[int, ...]
    exercise: str | None = None
    evidence: Mapping[str, Any] | None = None
    rollup: tuple[str, ...] = ()
    fix: str = ""
    help: str = ""
    source: Location = field(default_factory=lambda: Location("criteria/diagnostic.yaml", 1))

    @property
    def headline(self) -> bool:
        return bool(self.rollup)

    @property
    def fix_file(self) -> str:
        """The strategy file the fix names first (for SARIF and annotations)."""
        found = re.search(r"strategy/[\w.-]+\.yaml", self.fix)
        return found.group(0) if found else "strategy/diagnostic.yaml"


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
class UnmetQuestion:
    """The gate fails: a question the trust says must be met is not."""

    question: str
    status: Status

    @property
    def text(self) -> str:
        return f"{self.question} must be met but is {self.status.label}"


@dataclass(frozen=True)
class LowScore:
    """The gate fails: the overall score (0 to 1) is below the trust's minimum (a percentage)."""

    overall: float
    minimum: float

    @property
    def text(self) -> str:
        return f"overall score {self.overall * 100:.0f}% is below the required {self.minimum:g}%"


GateFailure = UnmetQuestion | LowScore


@dataclass(frozen=True)
class Gate:
    passed: bool
    failures: tuple[GateFailure, ...]
    minimum_score: float | None
    must_meet: tuple[str, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the gate fails, in plain words (empty when it passes)."""
        return tuple(failure.text for failure in self.failures)


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


# -- criteria ---------------------------------------------------------------------------------


def load_criteria(project: Path) -> list[Criterion]:
    """The packaged criteria (or the trust's replacement), plus the trust's local ones."""
    found = Resources(project)
    main = found.find("criteria", "diagnostic.yaml")
    criteria = _criteria_from(main or found.packaged("criteria") / "diagnostic.yaml", found)
    local = found.own("criteria") / "local.yaml"
    if local.is_file():
        criteria += _criteria_from(local, found)
    _check_criteria(criteria)
    return criteria


def _criteria_from(path: Path, found: Resources) -> list[Criterion]:
    display = found.display("criteria", path)
    if path.resolve() == (found.packaged("criteria") / path.name).resolve():
        doc = load_packaged(path, display)
    else:
        doc = load_file(path, path.parent, display)
    validator = StrategyValidator(_CRITERIA_FILE)
    if not isinstance(doc.data, dict) or not validator.validate(doc.data):
        errors = validator.errors if isinstance(doc.data, dict) else "not a mapping"
        raise LwsError([_problem(doc, (), f"criteria file is not valid: {errors}")])
    out = []
    for index, raw in enumerate(doc.data["criteria"]):
        mark = doc.position(("criteria", index))
        out.append(
            Criterion(
                id=raw["id"],
                question=raw["question"],
                modules=tuple(raw["modules"]),
                exercise=raw.get("exercise"),
                evidence=raw.get("evidence"),
                rollup=tuple(raw.get("rollup", ())),
                fix=raw.get("fix", ""),
                help=raw.get("help", ""),
                source=Location(doc.file, mark.line, mark.col),
            )
        )
        for kind, _ in walk_checks(raw.get("evidence") or {}):
            if kind not in CHECKS:
                known = ", ".join(CHECKS)
                message = f"{raw['id']}: unknown evidence check '{kind}' (known: {known})"
                raise LwsError([_problem(doc, ("criteria", index), message)])
    return out


def _check_criteria(criteria: Sequence[Criterion]) -> None:
    ids = [c.id for c in criteria]
    problems = []
    for criterion in criteria:
        where = criterion.source
        if ids.count(criterion.id) > 1:
            problems.append(f"duplicate criterion id {criterion.id}")
        if not criterion.rollup and not criterion.evidence:
            problems.append(f"{criterion.id} has neither evidence nor rollup")
        problems += [
            f"{criterion.id} rolls up unknown {c}" for c in criterion.rollup if c not in ids
        ]
        if problems:
            raise LwsError(
                [Diagnostic(where.file, where.line, where.col, Severity.ERROR, (), problems[0], "")]
            )


# -- evaluation -------------------------------------------------------------------------------


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
        if isinstance(e, dict) and "justification" in e
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
        today, ordered, modules, overall, _gate(ordered, overall, settings), tuple(problems)
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
        if question not in known:
            found.append(
                _problem(
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
    weights = {
        int(w["module"]): float(w["weight"])
        for w in settings.get("weights") or []
        if isinstance(w, dict) and "module" in w and "weight" in w
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


def _gate(results: Sequence[Result], overall: float, settings: Mapping[str, Any]) -> Gate:
    gate = mapping(settings.get("gate"))
    must = tuple(str(q) for q in gate.get("must_meet") or [])
    minimum = gate.get("minimum_score")
    failures: list[GateFailure] = []
    by_id = {r.criterion.id: r for r in results}
    for question in must:
        result = by_id.get(question)
        if result is not None and result.status is not Status.MET:
            failures.append(UnmetQuestion(question, result.status))
    if isinstance(minimum, (int, float)) and overall * 100 < minimum:
        failures.append(LowScore(overall, minimum))
    return Gate(not failures, tuple(failures), minimum, must)


def gate_diagnostics(report: Report) -> list[Diagnostic]:
    """The gate's failures as errors for ``lws check``, at the file to change."""
    out = list(report.problems)
    if report.gate.passed:
        return out
    by_id = {r.criterion.id: r for r in report.results}
    for failure in report.gate.failures:
        result = by_id.get(failure.question) if isinstance(failure, UnmetQuestion) else None
        if result is not None:
            where = (
                result.finding.gaps[0]
                if result.finding.gaps
                else Location(result.criterion.fix_file, 1)
            )
            hint = result.criterion.fix or result.criterion.help
            out.append(
                Diagnostic(
                    where.file,
                    where.line,
                    where.col,
                    Severity.ERROR,
                    (),
                    f"diagnostic gate: {failure.text} ({result.criterion.question})",
                    hint,
                )
            )
        else:
            out.append(
                Diagnostic(
                    "strategy/diagnostic.yaml",
                    1,
                    1,
                    Severity.ERROR,
                    (),
                    f"diagnostic gate: {failure.text}",
                    "run lws diagnose to see what to add",
                )
            )
    return out


def _problem(
    doc: Document, path: tuple[str | int, ...], message: str, hint: str = ""
) -> Diagnostic:
    mark = doc.position(path)
    return Diagnostic(doc.file, mark.line, mark.col, Severity.ERROR, path, message, hint)
