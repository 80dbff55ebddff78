"""The region's picture from the trusts' rows: pure figures, rendered by portfolio_report.

Everything here is computed from :class:`~lws.oversight.portfolio.TrustRow` values, which
hold only what each trust shows everyone (its public view).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lws.oversight.portfolio import TrustRow
from lws.oversight.snapshot import Comparison, KpiValue

TOP_CRITERIA = 15


@dataclass(frozen=True)
class CriterionTally:
    """A criterion and how many trusts do not meet it, or meet it only in part."""

    id: str
    question: str
    not_met: int
    partly_met: int


@dataclass(frozen=True)
class Position:
    """A trust's overall score against the region's median, and its rank (1: highest)."""

    trust: str
    score: float
    difference: float  # score − the region's median, as a fraction
    rank: int


@dataclass(frozen=True)
class Region:
    region: str
    judged: dt.date
    rows: tuple[TrustRow, ...]  # every trust, in portfolio order
    modules: tuple[int, ...]
    median: float | None  # the region's median overall score
    module_medians: tuple[tuple[int, float | None], ...]
    criteria: tuple[CriterionTally, ...]  # most often not met first
    past_review: tuple[tuple[TrustRow, int], ...]  # (trust, days past its review date)
    stale: tuple[tuple[TrustRow, tuple[KpiValue, ...]], ...]
    positions: tuple[Position, ...]  # highest score first
    #: each trust with national statistics imported, and its comparisons
    national: tuple[tuple[TrustRow, tuple[Comparison, ...]], ...] = ()

    @property
    def scored(self) -> tuple[TrustRow, ...]:
        return tuple(r for r in self.rows if r.snapshot is not None)

    @property
    def broken(self) -> tuple[TrustRow, ...]:
        return tuple(r for r in self.rows if r.snapshot is None)


def region(
    name: str,
    rows: Sequence[TrustRow],
    judged: dt.date,
    questions: Mapping[str, str],
    *,
    top: int = TOP_CRITERIA,
) -> Region:
    """The region's figures; ``questions`` gives each criterion's wording by id."""
    scored = [r for r in rows if r.snapshot is not None]
    shots = [r.snapshot for r in scored if r.snapshot is not None]
    modules = tuple(sorted({m for s in shots for m, _ in s.modules}))
    median = statistics.median(s.overall for s in shots) if shots else None
    return Region(
        region=name,
        judged=judged,
        rows=tuple(rows),
        modules=modules,
        median=median,
        module_medians=tuple((m, _median([s.module_score(m) for s in shots])) for m in modules),
        criteria=_criteria(scored, questions, top),
        past_review=_past_review(scored, judged),
        stale=tuple(
            (r, r.snapshot.stale_kpis) for r in scored if r.snapshot and r.snapshot.stale_kpis
        ),
        positions=_positions(scored, median),
        national=tuple(
            (r, r.snapshot.national) for r in scored if r.snapshot and r.snapshot.national
        ),
    )


def _median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _criteria(
    rows: Sequence[TrustRow], questions: Mapping[str, str], top: int
) -> tuple[CriterionTally, ...]:
    not_met: Counter[str] = Counter()
    partly: Counter[str] = Counter()
    for row in rows:
        if row.snapshot:
            not_met.update(set(row.snapshot.not_met))
            partly.update(set(row.snapshot.partly_met))
    ids = sorted(
        set(not_met) | set(partly),
        key=lambda c: (-not_met[c], -partly[c], _natural(c)),
    )
    return tuple(CriterionTally(c, questions.get(c, ""), not_met[c], partly[c]) for c in ids[:top])


def _natural(text: str) -> tuple[str, int]:
    digits = "".join(ch for ch in text if ch.isdigit())
    return (text.rstrip("0123456789"), int(digits) if digits else 0)


def _past_review(rows: Sequence[TrustRow], judged: dt.date) -> tuple[tuple[TrustRow, int], ...]:
    late = []
    for row in rows:
        if row.snapshot and row.snapshot.past_review and row.snapshot.review_date:
            days = (judged - dt.date.fromisoformat(row.snapshot.review_date)).days
            late.append((row, days))
    return tuple(sorted(late, key=lambda item: -item[1]))


def _positions(rows: Sequence[TrustRow], median: float | None) -> tuple[Position, ...]:
    ordered = sorted(
        (r for r in rows if r.snapshot),
        key=lambda r: (-(r.snapshot.overall if r.snapshot else 0), r.name),
    )
    out, rank, last = [], 0, None
    for index, row in enumerate(ordered, start=1):
        assert row.snapshot is not None
        if row.snapshot.overall != last:
            rank, last = index, row.snapshot.overall
        out.append(
            Position(row.name, row.snapshot.overall, row.snapshot.overall - (median or 0), rank)
        )
    return tuple(out)
