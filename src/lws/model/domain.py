"""The strategy as typed values: built once from the section data, read by every stage.

The render context, the health checks, the charts and ``lws diff`` read these objects
instead of walking the YAML dictionaries each in its own way. Construction is pure and
total: it never raises on data of the wrong shape (a field that does not fit reads as
absent), because ``lws diff`` also reads old revisions that were never validated. Fields
the schema lets an author leave out are Optional.

Each item keeps where it came from (:class:`Where`) when built from loaded documents
(:func:`from_documents`); built from plain data (:func:`from_sections`, e.g. the data an
audience may see) it has none. Positions never take part in equality, so comparing two
versions of an item compares only what it says. One-line text (ids, titles, units) is
read as one line, whitespace collapsed; longer text is kept as written.

The diagnostic's evidence checks are not built on this model: criteria name data paths
(``actions.actions``) and must be able to reach any field, so they read the documents.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lws.core.data import mapping, whole
from lws.core.dates import Day, parse_partial_date
from lws.core.diagnostics import DataPath
from lws.core.quantities import parse_quantity
from lws.core.risks import SCALE, RiskBand, band_of
from lws.core.statistics import Statistic, is_statistic, parse_statistic
from lws.model.load import Document
from lws.model.schema import parse_date


@dataclass(frozen=True, slots=True, order=True)
class Where:
    """Where an item stands in its source file: 1-based line and column and its data path
    inside the file, e.g. ``("actions", 3)``."""

    file: str
    line: int
    col: int
    path: DataPath


@dataclass(frozen=True)
class Point:
    """A KPI's baseline, target or latest figure and the date it was (or is to be) true."""

    value: int | float | str | None  # the number (text only where an old revision wrote text)
    date: Day | None
    date_text: str | None  # the date as the author wrote it (ISO for a date), None if absent
    value_text: str | None = None  # the figure as the author wrote it ('~700'), if in words
    source: str | None = None  # where a reading comes from, when it says


@dataclass(frozen=True)
class Kpi:
    id: str
    title: str
    unit: str
    direction: str | None  # up or down: which way is better
    baseline: Point | None
    target: Point | None
    latest: Point | None  # the newest reading (of latest, readings and national figures)
    where: Where | None = field(default=None, compare=False, repr=False)
    readings: tuple[Point, ...] = ()  # every value recorded, oldest first
    national: str | None = None  # the national indicator it follows (national.yaml)

    @property
    def history(self) -> tuple[Point, ...]:
        """The baseline and every reading, oldest first: the KPI's trend."""
        points = ((self.baseline,) if self.baseline else ()) + self.readings
        return tuple(sorted(points, key=_when))


@dataclass(frozen=True)
class NationalYear:
    """One reporting year of the national statistics: each area's published figures."""

    year: int
    authority: Mapping[str, Statistic]
    region: Mapping[str, Statistic]
    england: Mapping[str, Statistic]

    def area(self, name: str) -> Mapping[str, Statistic]:
        return {"authority": self.authority, "region": self.region, "england": self.england}[name]


@dataclass(frozen=True)
class National:
    """The national workforce statistics imported for the trust (``national.yaml``)."""

    authority: str  # the local authority's name, as the release writes it
    region: str
    years: tuple[NationalYear, ...]  # oldest first
    release: str = "Children's social work workforce"
    publisher: str = "Department for Education"


@dataclass(frozen=True)
class Stage:
    """A stage of implementation: 0 before the first, then as listed in ``actions.stages``."""

    number: int
    name: str  # "" before the first stage or when not listed


@dataclass(frozen=True)
class Action:
    id: str
    title: str
    theme: str | None
    rag: str | None  # a RAG status (lws.core.rag), as written
    stage: Stage | None
    due: Day | None
    due_text: str | None  # as written (ISO for a date)
    responsible: str | None  # person ids
    accountable: str | None
    comments: str | None
    where: Where | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Rating:
    """A risk's probability and impact on template 12's scales (each 1–5 when valid)."""

    probability: int
    impact: int

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def on_scales(self) -> bool:
        """Both probability and impact are 1–5 (always so in a validated strategy)."""
        return self.probability in SCALE and self.impact in SCALE

    @property
    def band(self) -> RiskBand:
        """The band of the score; a rating off the scales (only in an unvalidated old
        revision) is banded by its score as if on the matrix."""
        return band_of(max(1, min(self.score, 25)))

    def __str__(self) -> str:
        return f"{self.score} {self.band.name}"


@dataclass(frozen=True)
class Risk:
    id: str
    title: str
    probability: int | None  # 1 rare … 5 almost certain; None when not given
    impact: int | None  # 1 insignificant … 5 catastrophic; None when not given
    status: str  # open or closed
    owner: str | None
    next_review: Day | None  # the day it is judged by: the last a partial date can mean
    mitigated: bool  # it lists mitigations or mitigating actions
    where: Where | None = field(default=None, compare=False, repr=False)
    next_review_text: str | None = None  # as written (ISO for a day)

    @property
    def open(self) -> bool:
        return self.status != "closed"

    @property
    def rating(self) -> Rating | None:
        """Probability and impact together; None unless both are given."""
        if self.probability is None or self.impact is None:
            return None
        return Rating(self.probability, self.impact)


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    lead: str | None
    where: Where | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Milestone:
    title: str
    date: Day | None
    done: bool
    where: Where | None = field(default=None, compare=False, repr=False)
    date_text: str | None = None  # as written (ISO for a day)


@dataclass(frozen=True)
class Candidate:
    """A candidate solution on the prioritisation matrix."""

    solution: str
    number: int | None
    impact: int | None  # 1 (low) to 4 (high)
    doability: int | None  # 1 (weak) to 4 (strong)
    chosen: bool
    where: Where | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class StrategyModel:
    """The items of a strategy each stage reads, in document order."""

    themes: tuple[Theme, ...] = ()
    actions: tuple[Action, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    risks: tuple[Risk, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    candidates: tuple[Candidate, ...] = ()
    statement: str = ""  # the vision statement, one line
    national: National | None = None  # national statistics, when imported


Locate = Callable[[str, DataPath], Where | None]


def from_documents(documents: Mapping[str, Document]) -> StrategyModel:
    """The model of loaded section documents, every item located in its file."""

    def locate(section: str, path: DataPath) -> Where | None:
        doc = documents[section]
        mark = doc.position(path)
        return Where(doc.file, mark.line, mark.col, path)

    return _build({name: doc.data for name, doc in documents.items()}, locate)


def from_sections(sections: Mapping[str, Any]) -> StrategyModel:
    """The model of plain section data (no positions), e.g. what an audience may see."""
    return _build(sections, lambda section, path: None)


def _build(sections: Mapping[str, Any], locate: Locate) -> StrategyModel:
    def listed(section: str, *keys: str) -> list[tuple[dict[str, Any], Where | None]]:
        value: Any = sections.get(section)
        for key in keys:
            value = mapping(value).get(key)
        if not isinstance(value, list):
            return []
        return [
            (item, locate(section, (*keys, index)))
            for index, item in enumerate(value)
            if isinstance(item, dict)
        ]

    stages = mapping(sections.get("actions")).get("stages")
    names = [str(s) for s in stages] if isinstance(stages, list) else []
    national = _national(sections.get("national"))
    return StrategyModel(
        themes=tuple(_theme(t, w) for t, w in listed("vision", "themes")),
        actions=tuple(_action(a, names, w) for a, w in listed("actions", "actions")),
        kpis=tuple(_kpi(k, w, national) for k, w in listed("measures", "kpis")),
        risks=tuple(_risk(r, w) for r, w in listed("risks", "risks")),
        milestones=tuple(_milestone(m, w) for m, w in listed("scope", "charter", "milestones")),
        candidates=tuple(_candidate(c, w) for c, w in listed("prioritisation", "candidates")),
        statement=line(mapping(sections.get("vision")).get("statement")),
        national=national,
    )


def line(value: Any) -> str:
    """Text as one line, whitespace collapsed ("" when absent)."""
    return " ".join(str(value).split()) if value is not None else ""


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _id(value: Any) -> str:
    return line(value)


def _date_text(value: Any) -> str | None:
    """A date as written: ISO for a day, the author's text for a month, year, period or TBC
    (never the day it is judged by, which would be a day the author did not write)."""
    found = parse_partial_date(value)
    if found is not None and found.exact is not None:
        return found.exact.isoformat()
    return None if value is None else line(value)


def _point(value: Any) -> Point | None:
    if not isinstance(value, dict):
        return None
    figure = value.get("value")
    written = parse_quantity(figure)
    words = written.text if written and not isinstance(figure, int | float) else None
    if written is not None:
        figure = written.value
    elif isinstance(figure, bool) or not isinstance(figure, (int, float, type(None))):
        figure = _date_text(figure)
    date = value.get("date")
    source = value.get("source")
    return Point(figure, parse_date(date), _date_text(date), words, _text(source))


def _when(point: Point) -> tuple[bool, Day]:
    """Order of readings: undated first, then by the day each is judged at."""
    return (point.date is not None, point.date or _EARLIEST)


_EARLIEST = dt.date.min


def _kpi(kpi: Mapping[str, Any], where: Where | None, national: National | None) -> Kpi:
    direction = kpi.get("direction")
    indicator = kpi.get("national") if isinstance(kpi.get("national"), str) else None
    listed = kpi.get("readings")
    readings = [p for p in map(_point, listed if isinstance(listed, list) else []) if p]
    latest = _point(kpi.get("latest"))
    if latest is not None:
        readings.append(latest)
    if indicator and national:
        readings += _national_readings(national, indicator)
    ordered = tuple(sorted(readings, key=_when))  # stable: a tie keeps the later-listed last
    return Kpi(
        _id(kpi.get("id")),
        line(kpi.get("title")),
        line(kpi.get("unit")),
        direction if isinstance(direction, str) else None,
        _point(kpi.get("baseline")),
        _point(kpi.get("target")),
        ordered[-1] if ordered else None,
        where,
        ordered,
        indicator,
    )


def _national_readings(national: National, indicator: str) -> list[Point]:
    """One reading per reporting year: the authority's figure, as at 30 September."""
    source = f"{national.release}, {national.publisher}"
    out = []
    for year in national.years:
        figure = year.authority.get(indicator)
        if figure is None:
            continue
        day = dt.date(year.year, 9, 30)
        out.append(Point(figure.value, day, day.isoformat(), figure.symbol, source))
    return out


def _national(value: Any) -> National | None:
    data = mapping(value)
    years = data.get("years")
    if not isinstance(years, list):
        return None
    authority = mapping(data.get("authority"))
    release = mapping(data.get("release"))
    held = []
    for entry in years:
        year = whole(mapping(entry).get("year"))
        if year is None or not 1900 < year < 2200:
            continue
        areas = [_figures(mapping(entry).get(a)) for a in ("authority", "region", "england")]
        held.append(NationalYear(year, *areas))
    return National(
        line(authority.get("la_name")) or "our authority",
        line(authority.get("region_name")) or "our region",
        tuple(sorted(held, key=lambda y: y.year)),
        line(release.get("title")) or "Children's social work workforce",
        line(release.get("publisher")) or "Department for Education",
    )


def _figures(value: Any) -> Mapping[str, Statistic]:
    out = {}
    for name, figure in mapping(value).items():
        found = parse_statistic(figure) if is_statistic(figure) else None
        if found is not None:
            out[str(name)] = found
    return out


def _action(action: Mapping[str, Any], stages: list[str], where: Where | None) -> Action:
    stage = action.get("stage")
    number = (whole(stage) or 0) if stage is not None else None
    name = stages[number - 1] if number and 0 < number <= len(stages) else ""
    rag = action.get("rag")
    return Action(
        _id(action.get("id")),
        line(action.get("title")),
        _text(action.get("theme")),
        None if rag is None else line(rag),
        None if number is None else Stage(number, name),
        parse_date(action.get("due")),
        _date_text(action.get("due")),
        _text(action.get("responsible")),
        _text(action.get("accountable")),
        _text(action.get("comments")),
        where,
    )


def _risk(risk: Mapping[str, Any], where: Where | None) -> Risk:
    return Risk(
        _id(risk.get("id")),
        line(risk.get("title")),
        whole(risk.get("probability")),
        whole(risk.get("impact")),
        "closed" if risk.get("status") == "closed" else "open",
        _text(risk.get("owner")),
        parse_date(risk.get("next_review")),
        bool(risk.get("mitigations") or risk.get("actions")),
        where,
        _date_text(risk.get("next_review")),
    )


def _theme(theme: Mapping[str, Any], where: Where | None) -> Theme:
    return Theme(_id(theme.get("id")), line(theme.get("title")), _text(theme.get("lead")), where)


def _milestone(milestone: Mapping[str, Any], where: Where | None) -> Milestone:
    return Milestone(
        line(milestone.get("title")),
        parse_date(milestone.get("date")),
        bool(milestone.get("done")),
        where,
        _date_text(milestone.get("date")),
    )


def _candidate(candidate: Mapping[str, Any], where: Where | None) -> Candidate:
    return Candidate(
        line(candidate.get("solution")),
        whole(candidate.get("number")),
        whole(candidate.get("impact")),
        whole(candidate.get("doability")),
        candidate.get("chosen") is True,
        where,
    )
