"""The trust's gate: questions that must be met and a minimum score, its failures as data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lws.core.data import mapping
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.quantities import format_percent
from lws.diagnose.evidence import Location, Status

if TYPE_CHECKING:  # the diagnostic applies the gate to its results
    from lws.diagnose.diagnostic import Report, Result


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
        return (
            f"overall score {format_percent(self.overall)} is below the required "
            f"{format_percent(self.minimum / 100, 1)}"
        )


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


def evaluate_gate(results: Sequence[Result], overall: float, settings: Mapping[str, Any]) -> Gate:
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
