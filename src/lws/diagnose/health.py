"""Health checks a board would want, beyond the guide's questions.

Each finding is a warning located at the item concerned: actions with no responsible or
accountable person, dates past due (actions, milestones, risk reviews), KPIs with no
recent value, and red items with nothing mitigating them. ``today`` is a parameter so
results are reproducible; thresholds come from ``strategy/diagnostic.yaml`` (``health``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from lws.core.data import mapping, whole
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.risks import RISK_HIGH_MIN
from lws.diagnose.evidence import Item, items
from lws.model.load import Document
from lws.model.schema import parse_date

DEFAULT_KPI_STALE_MONTHS = 6


def health_checks(documents: Mapping[str, Document], today: dt.date) -> list[Diagnostic]:
    """All health findings, sorted."""
    months = _setting(documents, "kpi_stale_months", DEFAULT_KPI_STALE_MONTHS)
    found = [
        *_owners(documents),
        *_past_due(documents, today),
        *_stale_kpis(documents, today, months),
        *_unmitigated(documents),
    ]
    return sorted(found)


def _setting(documents: Mapping[str, Document], key: str, default: int) -> int:
    config = documents.get("diagnostic")
    data = config.data if config and isinstance(config.data, dict) else {}
    value = mapping(data.get("health")).get(key, default)
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _warn(item: Item, message: str, hint: str) -> Diagnostic:
    where = item.location()
    return Diagnostic(where.file, where.line, where.col, Severity.WARNING, item.path, message, hint)


def _fields(item: Item) -> dict[str, Any]:
    return mapping(item.value)


def _owners(documents: Mapping[str, Document]) -> Iterator[Diagnostic]:
    for item in items(documents, "actions.actions"):
        for role in ("responsible", "accountable"):
            if not _fields(item).get(role):
                yield _warn(
                    item,
                    f"action '{_fields(item).get('id')}' has no {role} person",
                    f"add {role}: with a person id from strategy/people.yaml",
                )


def _past_due(documents: Mapping[str, Document], today: dt.date) -> Iterator[Diagnostic]:
    for item in items(documents, "actions.actions"):
        due = parse_date(_fields(item).get("due"))
        if due and due < today and _fields(item).get("rag") != "complete":
            yield _warn(
                item,
                f"action '{_fields(item).get('id')}' was due on {due} and is not complete",
                "mark it complete, or agree a new due date and say why in comments",
            )
    for item in items(documents, "scope.charter.milestones"):
        when = parse_date(_fields(item).get("date"))
        if when and when < today and not _fields(item).get("done"):
            yield _warn(
                item,
                f"milestone '{_fields(item).get('title')}' was due on {when} and is not done",
                "set done: true, or move the date",
            )
    for item in items(documents, "risks.risks"):
        when = parse_date(_fields(item).get("next_review"))
        if when and when < today and _fields(item).get("status") != "closed":
            yield _warn(
                item,
                f"risk '{_fields(item).get('id')}' was due for review on {when}",
                "review the risk and set the next_review date",
            )


def _stale_kpis(
    documents: Mapping[str, Document], today: dt.date, months: int
) -> Iterator[Diagnostic]:
    limit = today - dt.timedelta(days=round(months * 30.44))
    for item in items(documents, "measures.kpis"):
        latest = _fields(item).get("latest")
        when = parse_date(latest.get("date")) if isinstance(latest, dict) else None
        if when is None or when < limit:
            recorded = f"last recorded {when}" if when else "no value recorded"
            yield _warn(
                item,
                f"KPI '{_fields(item).get('id')}' has no value in the last {months} months "
                f"({recorded})",
                "record the latest value and its date under latest:",
            )


def _unmitigated(documents: Mapping[str, Document]) -> Iterator[Diagnostic]:
    for item in items(documents, "actions.actions"):
        if _fields(item).get("rag") == "red" and not _fields(item).get("comments"):
            yield _warn(
                item,
                f"action '{_fields(item).get('id')}' is red with no comment on what is being done",
                "red means a problem needing a sponsor's help: say what help is needed",
            )
    for item in items(documents, "risks.risks"):
        risk = _fields(item)
        score = _int(risk.get("probability")) * _int(risk.get("impact"))
        closed = risk.get("status") == "closed"
        if (
            score >= RISK_HIGH_MIN
            and not closed
            and not (risk.get("mitigations") or risk.get("actions"))
        ):
            yield _warn(
                item,
                f"high risk '{risk.get('id')}' (score {score}) has no mitigating action",
                "HIGH means plan immediate action: add mitigations or link actions",
            )


def _int(value: Any) -> int:
    return whole(value) or 0
