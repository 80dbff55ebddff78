"""What a strategy stands at on a date: the figures its history and the portfolio compare.

Pure: loaded section documents and their diagnostic report in, a :class:`Snapshot` out.
A snapshot holds only plain values (numbers, ids, titles, ISO dates) so it can be cached
as JSON (:func:`to_json`, :func:`from_json`) and sent between processes.

:func:`public_view` leaves out every item restricted to audiences (``audiences: [...]``),
and whatever refers to such an item, for reports read outside the trust: the portfolio
computes everything from that view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

from lws.core.rag import tally
from lws.core.risks import risk_band
from lws.core.statistics import HEADLINE, Statistic
from lws.diagnose.diagnostic import Report
from lws.diagnose.evidence import Status
from lws.diagnose.health import stale_months
from lws.model.domain import from_documents
from lws.model.load import Document
from lws.model.schema import SchemaSet, parse_date
from lws.publish.restrict import visible_sections

SNAPSHOT_VERSION = 2
#: The risk band the board pack colours red (template 12: plan immediate action).
RED_BAND = "HIGH"


@dataclass(frozen=True)
class KpiValue:
    """A KPI's latest recorded value (``None``: none recorded) and its target."""

    id: str
    title: str
    unit: str
    direction: str | None  # up or down: which way is better
    value: float | None
    date: str | None  # ISO date of the latest value
    target: float | None
    stale: bool  # no value within the trust's kpi_stale_months


@dataclass(frozen=True)
class Comparison:
    """One national indicator in the newest reporting year with a figure for the trust:
    the trust's, its region's and England's figures (number None: a symbol, or absent)."""

    indicator: str
    year: int
    region: str
    ours: float | None
    theirs: float | None  # the region's
    england: float | None
    texts: tuple[str, str, str]  # as published: trust, region, England ('c', '—'…)


@dataclass(frozen=True)
class Item:
    """An action or risk named in a report."""

    id: str
    title: str
    detail: str = ""  # e.g. "due 2026-03-31" or "score 16"


@dataclass(frozen=True)
class Snapshot:
    """A strategy's standing on ``judged`` (the date due dates were judged against)."""

    judged: str  # ISO date
    trust: str
    title: str
    version: str
    review_date: str | None
    overall: float  # diagnostic score, 0.0–1.0
    modules: tuple[tuple[int, float | None], ...]  # (module, score) in module order
    gate_passed: bool
    not_met: tuple[str, ...]  # criteria (not headline questions) not met
    partly_met: tuple[str, ...]  # criteria (not headline questions) partly met
    criteria: int  # criteria that apply (not "not applicable")
    kpis: tuple[KpiValue, ...]
    rag: tuple[tuple[str, int], ...]  # (RAG status, actions), in RAG_ORDER order
    red_risks: tuple[Item, ...]  # open risks in the HIGH band
    overdue: tuple[Item, ...]  # actions past due and not complete
    national: tuple[Comparison, ...] = ()  # when national statistics were imported

    @property
    def past_review(self) -> bool:
        review = parse_date(self.review_date)
        return review is not None and review < dt.date.fromisoformat(self.judged)

    @property
    def stale_kpis(self) -> tuple[KpiValue, ...]:
        return tuple(k for k in self.kpis if k.stale)

    def module_score(self, module: int) -> float | None:
        return dict(self.modules).get(module)

    def rag_count(self, status: str) -> int:
        return dict(self.rag).get(status, 0)


def public_view(documents: Mapping[str, Document], schemas: SchemaSet) -> dict[str, Document]:
    """The documents without the items restricted to any audience, nor what refers to them
    (the build's one rule, :func:`lws.publish.restrict.visible_sections`)."""
    return seen_by(documents, schemas, ())


def seen_by(
    documents: Mapping[str, Document], schemas: SchemaSet, audiences: Iterable[str]
) -> dict[str, Document]:
    """The documents as a variant made for ``audiences`` shows them (the build's one rule)."""
    data = visible_sections(documents, schemas, audiences)
    return {name: replace(doc, data=data[name]) for name, doc in documents.items()}


def snapshot(documents: Mapping[str, Document], report: Report) -> Snapshot:
    """The figures of a strategy, with due dates judged on ``report.today``."""
    today = report.today
    manifest = _section(documents, "manifest")
    trust = _mapping(manifest.get("trust"))
    headline = {r.criterion.id for r in report.results if r.criterion.headline}
    return Snapshot(
        judged=today.isoformat(),
        trust=_text(trust.get("name")),
        title=_text(manifest.get("title")),
        version=_text(manifest.get("version")),
        review_date=_iso(manifest.get("review_date")),
        overall=report.overall,
        modules=tuple((m.module, m.score) for m in report.modules),
        gate_passed=report.gate.passed,
        not_met=_with(report, Status.NOT_MET, headline),
        partly_met=_with(report, Status.PARTLY_MET, headline),
        criteria=sum(1 for r in report.results if r.status is not Status.NOT_APPLICABLE),
        kpis=_kpis(documents, today),
        rag=_rag(documents),
        red_risks=_red_risks(documents),
        overdue=_overdue(documents, today),
        national=_national(documents),
    )


# -- JSON -------------------------------------------------------------------------------------


def to_json(shot: Snapshot) -> dict[str, Any]:
    """Plain JSON data for ``shot`` (:func:`from_json` reads it back)."""
    return {"snapshot_version": SNAPSHOT_VERSION, **asdict(shot)}


def from_json(data: Mapping[str, Any]) -> Snapshot:
    """The snapshot :func:`to_json` wrote; ValueError if it was written by another version."""
    if data.get("snapshot_version") != SNAPSHOT_VERSION:
        raise ValueError("snapshot written by another version of lws")
    return Snapshot(
        judged=data["judged"],
        trust=data["trust"],
        title=data["title"],
        version=data["version"],
        review_date=data["review_date"],
        overall=data["overall"],
        modules=tuple((int(m), s) for m, s in data["modules"]),
        gate_passed=data["gate_passed"],
        not_met=tuple(data["not_met"]),
        partly_met=tuple(data["partly_met"]),
        criteria=data["criteria"],
        kpis=tuple(KpiValue(**k) for k in data["kpis"]),
        rag=tuple((s, int(n)) for s, n in data["rag"]),
        red_risks=tuple(Item(**i) for i in data["red_risks"]),
        overdue=tuple(Item(**i) for i in data["overdue"]),
        national=tuple(
            Comparison(**{**c, "texts": tuple(c["texts"])}) for c in data.get("national", [])
        ),
    )


# -- reading the documents --------------------------------------------------------------------


def _with(report: Report, status: Status, headline: set[str]) -> tuple[str, ...]:
    return tuple(
        r.criterion.id
        for r in report.results
        if r.status is status and r.criterion.id not in headline
    )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _section(documents: Mapping[str, Document], name: str) -> dict[str, Any]:
    document = documents.get(name)
    return _mapping(document.data) if document is not None else {}


def _list(documents: Mapping[str, Document], name: str, key: str) -> list[dict[str, Any]]:
    found = _section(documents, name).get(key)
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _iso(value: Any) -> str | None:
    when = parse_date(value)
    return when.isoformat() if when else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _kpis(documents: Mapping[str, Document], today: dt.date) -> tuple[KpiValue, ...]:
    """Each KPI's newest reading (of latest, readings and national figures) and its target."""
    limit = today - dt.timedelta(days=round(stale_months(documents) * 30.44))
    found = []
    for kpi in from_documents(documents).kpis:
        when = kpi.latest.date if kpi.latest else None
        found.append(
            KpiValue(
                id=kpi.id,
                title=kpi.title,
                unit=kpi.unit,
                direction=kpi.direction if kpi.direction in ("up", "down") else None,
                value=_number(kpi.latest.value if kpi.latest else None),
                date=when.isoformat() if when else None,
                target=_number(kpi.target.value if kpi.target else None),
                stale=when is None or when < limit,
            )
        )
    return tuple(found)


def _national(documents: Mapping[str, Document]) -> tuple[Comparison, ...]:
    """For each headline indicator, the newest year the trust has a figure (else the newest
    year): the trust beside its region and England."""
    national = from_documents(documents).national
    if national is None or not national.years:
        return ()
    found = []
    for indicator in HEADLINE:
        years = [y for y in national.years if indicator in y.authority] or list(national.years)
        with_number = [y for y in years if y.authority.get(indicator, _NONE).value is not None]
        year = (with_number or years)[-1]
        figures = [year.area(a).get(indicator) for a in ("authority", "region", "england")]
        if not any(figures):
            continue
        ours, theirs, england = (None if f is None else f.value for f in figures)
        texts = tuple("—" if f is None else f.text for f in figures)
        found.append(
            Comparison(
                indicator,
                year.year,
                national.region,
                _number(ours),
                _number(theirs),
                _number(england),
                (texts[0], texts[1], texts[2]),
            )
        )
    return tuple(found)


_NONE = Statistic("—", None)


def _rag(documents: Mapping[str, Document]) -> tuple[tuple[str, int], ...]:
    return tuple(tally(a.get("rag") for a in _list(documents, "actions", "actions")).items())


def _red_risks(documents: Mapping[str, Document]) -> tuple[Item, ...]:
    found = []
    for risk in _list(documents, "risks", "risks"):
        probability, impact = _int(risk.get("probability")), _int(risk.get("impact"))
        if risk.get("status") == "closed" or not (1 <= probability <= 5 and 1 <= impact <= 5):
            continue
        if risk_band(probability, impact).name == RED_BAND:
            found.append(
                Item(
                    _text(risk.get("id")), _text(risk.get("title")), f"score {probability * impact}"
                )
            )
    return tuple(found)


def _overdue(documents: Mapping[str, Document], today: dt.date) -> tuple[Item, ...]:
    found = []
    for action in _list(documents, "actions", "actions"):
        due = parse_date(action.get("due"))
        if due and due < today and action.get("rag") != "complete":
            found.append(
                Item(_text(action.get("id")), _text(action.get("title")), f"due {due.isoformat()}")
            )
    return tuple(found)
