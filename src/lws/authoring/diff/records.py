"""The diff as typed values: what moved, from what to what, per area of the strategy.

The items themselves (KPIs, actions, risks, themes) are the model's (:mod:`lws.model.domain`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from lws.authoring.diff.fields import FieldChange
from lws.model.domain import Action, Kpi, Point, Rating, Risk, Stage, Theme

T = TypeVar("T")


# -- the diff ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move(Generic[T]):
    """A value before (``old``) and after (``new``)."""

    old: T
    new: T


@dataclass(frozen=True)
class CriterionChange:
    """A diagnostic question whose status changed (``None``: absent on that side)."""

    id: str
    question: str
    status: Move[str | None]  # Status values: met, partly_met, not_met, not_applicable


@dataclass(frozen=True)
class DiagnosticDiff:
    percent: Move[float]  # overall score, 0–100, one decimal
    gate_passed: Move[bool]
    gate_reasons: tuple[str, ...]  # why the gate fails in the new version (empty: it passes)
    criteria: tuple[CriterionChange, ...]

    @property
    def changed(self) -> bool:
        return bool(self.criteria) or _moved(self.percent) or _moved(self.gate_passed)


@dataclass(frozen=True)
class KpiChange:
    """A KPI present in both versions; a field is ``None`` when it did not change."""

    id: str
    title: str
    unit: Move[str]
    baseline: Move[Point | None] | None
    target: Move[Point | None] | None
    latest: Move[Point | None] | None
    trend: str | None  # of the latest value: better, worse or same (by the KPI's direction)


@dataclass(frozen=True)
class KpisDiff:
    added: tuple[Kpi, ...]
    removed: tuple[Kpi, ...]
    changed: tuple[KpiChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class ActionChange:
    """An action present in both versions; a field is ``None`` when it did not change."""

    id: str
    title: str
    rag: Move[str | None] | None
    stage: Move[Stage | None] | None
    due: Move[str | None] | None

    @property
    def completed(self) -> bool:
        return self.rag is not None and self.rag.new == "complete"


@dataclass(frozen=True)
class ActionsDiff:
    added: tuple[Action, ...]
    removed: tuple[Action, ...]
    changed: tuple[ActionChange, ...]

    @property
    def completed(self) -> tuple[ActionChange, ...]:
        """Actions whose RAG became complete."""
        return tuple(c for c in self.changed if c.completed)

    @property
    def rag_changed(self) -> tuple[ActionChange, ...]:
        """Every RAG change, including those to complete."""
        return tuple(c for c in self.changed if c.rag is not None)

    @property
    def stage_changed(self) -> tuple[ActionChange, ...]:
        return tuple(c for c in self.changed if c.stage is not None)

    @property
    def due_changed(self) -> tuple[ActionChange, ...]:
        return tuple(c for c in self.changed if c.due is not None)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class ClosedRisk:
    risk: Risk  # as it was before
    how: str  # closed (status closed) or removed (no longer in the register)


@dataclass(frozen=True)
class RiskChange:
    id: str
    title: str
    rating: Move[Rating | None]


@dataclass(frozen=True)
class RisksDiff:
    added: tuple[Risk, ...]
    closed: tuple[ClosedRisk, ...]
    reopened: tuple[Risk, ...]
    rerated: tuple[RiskChange, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.closed or self.reopened or self.rerated)


@dataclass(frozen=True)
class Edit:
    """One word-level change to the vision statement: ``old`` words became ``new`` ones."""

    old: str  # "" when words were added
    new: str  # "" when words were removed
    after: str  # up to three words before the change, for context ("" at the start)


@dataclass(frozen=True)
class StatementChange:
    old: str
    new: str
    edits: tuple[Edit, ...]
    rewritten: bool  # too many edits to list: show the old and new text instead


@dataclass(frozen=True)
class ThemeRename:
    id: str
    title: Move[str]


@dataclass(frozen=True)
class VisionDiff:
    statement: StatementChange | None
    themes_added: tuple[Theme, ...]
    themes_removed: tuple[Theme, ...]
    themes_renamed: tuple[ThemeRename, ...]

    @property
    def empty(self) -> bool:
        return not (
            self.statement or self.themes_added or self.themes_removed or self.themes_renamed
        )


@dataclass(frozen=True)
class StrategyDiff:
    """Everything ``lws diff`` shows, from the ``old`` version to the ``new`` one."""

    old_label: str
    new_label: str
    today: dt.date  # the date both diagnostic reports were judged against
    diagnostic: DiagnosticDiff
    kpis: KpisDiff
    actions: ActionsDiff
    risks: RisksDiff
    vision: VisionDiff
    #: Every other difference, field by field, in every section (:mod:`.fields`): what the
    #: areas above do not already report.
    fields: tuple[FieldChange, ...] = ()

    @property
    def changed(self) -> bool:
        return (
            self.diagnostic.changed
            or bool(self.fields)
            or not (
                self.kpis.empty and self.actions.empty and self.risks.empty and self.vision.empty
            )
        )


def _moved(move: Move[Any]) -> bool:
    return bool(move.old != move.new)
