"""Health checks a board would want, beyond the guide's questions.

Each finding is a warning located at the item concerned: actions with no responsible or
accountable person, dates past due (actions, milestones, risk reviews), KPIs with no
recent value (the newest of its readings, national figures included), a KPI following
national figures that were never imported, and red items with nothing mitigating them.
``today`` is a parameter so results are reproducible; thresholds come from
``strategy/diagnostic.yaml`` (``health``).
The checks read the typed model (:mod:`lws.model.domain`), whose items know their place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from lws.core.data import mapping, whole
from lws.core.dates import format_date, judged_note, parse_partial_date
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.risks import RISK_HIGH_MIN
from lws.model.domain import StrategyModel, Where, from_documents
from lws.model.load import Document

DEFAULT_KPI_STALE_MONTHS = 6
#: The longest the setting may be (the schema's ``max``); a larger one is an error there.
MAX_KPI_STALE_MONTHS = 120


def stale_months(documents: Mapping[str, Document]) -> int:
    """The trust's ``kpi_stale_months``, else the default when it is absent or out of range."""
    config = documents.get("diagnostic")
    health = mapping(mapping(config.data if config else None).get("health"))
    found = whole(health.get("kpi_stale_months"))
    if found is None or not 1 <= found <= MAX_KPI_STALE_MONTHS:
        return DEFAULT_KPI_STALE_MONTHS
    return found


def health_checks(documents: Mapping[str, Document], today: dt.date) -> list[Diagnostic]:
    """All health findings, sorted."""
    months = stale_months(documents)
    model = from_documents(documents)
    found = [
        *_owners(model),
        *_past_due(model, today),
        *_stale_kpis(model, today, months),
        *_unmitigated(model),
    ]
    return sorted(found)


def _warn(where: Where | None, message: str, hint: str) -> Diagnostic:
    assert where is not None  # built from documents, every item is located
    return Diagnostic(
        where.file, where.line, where.col, Severity.WARNING, where.path, message, hint
    )


def _owners(model: StrategyModel) -> Iterator[Diagnostic]:
    for action in model.actions:
        for role, person in (
            ("responsible", action.responsible),
            ("accountable", action.accountable),
        ):
            if not person:
                yield _warn(
                    action.where,
                    f"action '{action.id}' has no {role} person",
                    f"add {role}: with a person id from strategy/people.yaml",
                )


def _past_due(model: StrategyModel, today: dt.date) -> Iterator[Diagnostic]:
    for action in model.actions:
        if action.due and action.due < today and action.rag != "complete":
            yield _warn(
                action.where,
                f"action '{action.id}' was due {_when(action.due_text)} and is not complete",
                "mark it complete, or agree a new due date and say why in comments",
            )
    for milestone in model.milestones:
        if milestone.date and milestone.date < today and not milestone.done:
            yield _warn(
                milestone.where,
                f"milestone '{milestone.title}' was due {_when(milestone.date_text)} and is not "
                "done",
                "set done: true, or move the date",
            )
    for risk in model.risks:
        if risk.next_review and risk.next_review < today and risk.open:
            yield _warn(
                risk.where,
                f"risk '{risk.id}' was due for review {_when(risk.next_review_text)}",
                "review the risk and set the next_review date",
            )


def _stale_kpis(model: StrategyModel, today: dt.date, months: int) -> Iterator[Diagnostic]:
    limit = today - dt.timedelta(days=round(months * 30.44))
    for kpi in model.kpis:
        if kpi.national and model.national is None:
            yield _warn(
                kpi.where,
                f"KPI '{kpi.id}' follows the national figure {kpi.national}, but no national "
                "statistics have been imported",
                "import them: lws import --national FILE (see local_authority in manifest.yaml)",
            )
        known = kpi.latest or kpi.baseline  # at publication, the baseline is the latest
        when = known.date if known else None
        if when is None or when < limit:
            written = known.date_text if known else None
            recorded = (
                f"last recorded {_when(written).removeprefix('on ')}"
                if when
                else "no value recorded"
            )
            yield _warn(
                kpi.where,
                f"KPI '{kpi.id}' has no value in the last {months} months ({recorded})",
                "import the newest national statistics (lws import --national FILE)"
                if kpi.national
                else "add the newest value and its date under readings: (or latest:)",
            )


def _unmitigated(model: StrategyModel) -> Iterator[Diagnostic]:
    for action in model.actions:
        if action.rag == "red" and not action.comments:
            yield _warn(
                action.where,
                f"action '{action.id}' is red with no comment on what is being done",
                "red means a problem needing a sponsor's help: say what help is needed",
            )
    for risk in model.risks:
        score = risk.rating.score if risk.rating else 0
        if score >= RISK_HIGH_MIN and risk.open and not risk.mitigated:
            yield _warn(
                risk.where,
                f"high risk '{risk.id}' (score {score}) has no mitigating action",
                "HIGH means plan immediate action: add mitigations or link actions",
            )


def _when(written: Any) -> str:
    """``on 2026-03-31``, or a partial date with how it was judged: ``in July 2015 (judged…)``."""
    day = parse_partial_date(written)
    if day is not None and day.exact is not None:
        return f"on {day.exact.isoformat()}"
    return f"in {format_date(written)}{judged_note(written)}"
