"""Planning a build: the checked strategy, and each variant's jobs rendered from it.

:func:`prepare` loads and checks the strategy once (refusing one with errors, or one whose
diagnostic gate fails unless a draft is asked for) and chooses the variants; the
:class:`Plan` then renders one variant at a time, so its conversions can start while the
next is rendered. Each :class:`Job` carries a key: a digest of everything its output
depends on, so an unchanged output is skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from lws import __version__
from lws.core.cache import private_cache
from lws.core.diagnostics import errors
from lws.core.errors import LwsError, UsageError
from lws.core.resources import Resources
from lws.diagnose.check import check_strategy
from lws.diagnose.diagnostic import Report, diagnose, gate_diagnostics, load_criteria
from lws.diagnose.glossary import spelt_out, terms
from lws.model.as_at import as_at
from lws.model.project import Strategy, load_strategy
from lws.model.references import occurrences
from lws.publish.audience import (
    Variant,
    load_variants,
    sections_for,
)
from lws.publish.brand import Look, brand
from lws.publish.charts.trend import Trend, TrendPoint
from lws.publish.context import build_context, diagnostic_context
from lws.publish.drawer import Drawer
from lws.publish.figures import draw_charts
from lws.publish.glance import figures_against
from lws.publish.guide import references_for
from lws.publish.job import EXTENSIONS, GateError, Job
from lws.publish.leaks import fingerprints
from lws.publish.render import environment, render
from lws.publish.restrict import Marked, view
from lws.publish.state import BUILD_DIR, epoch_date, source_date

__all__ = [
    "BUILD_FORMAT",
    "EXTENSIONS",
    "GateError",
    "Job",
    "Plan",
    "plan",
    "prepare",
    "trend_rows",
]

BUILD_FORMAT = 3  # part of every output's key: bump when lws changes how outputs are made


@dataclass
class Plan:
    """A checked strategy and what it takes to render each requested variant's jobs."""

    root: Path
    strategy: Strategy
    epoch: int
    variants: list[Variant]
    formats: Sequence[str]
    report: Report
    look: Look
    env: jinja2.Environment
    title: str
    support: str
    today: dt.date  # the date the diagnostic and due dates are judged at
    glossary: Mapping[str, str] = field(default_factory=dict)
    trend: Trend = field(default_factory=lambda: Trend(""))  # the history, by variant
    drawer: Drawer | None = None  # where charts are drawn (default: at once, while planning)
    #: Every variant the strategy publishes, requested or not (the board's figures are
    #: compared with the slides' even when only the slides are built).
    published: list[Variant] = field(default_factory=list)
    #: Each variant's context as rendered so far, by name (the slides read the board's).
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Each repository image the jobs so far were made from (relative path → SHA-256).
    images: dict[str, str] = field(default_factory=dict)

    @property
    def draft(self) -> bool:
        """Published although the diagnostic gate fails (``lws build --draft``)."""
        return not self.report.gate.passed

    @functools.cached_property
    def marked(self) -> Marked:
        """The strategy's ids and references: the same for every variant, listed once."""
        return list(occurrences(self.strategy.documents, self.strategy.schemas))

    def jobs(self, costs: Mapping[str, float] | None = None) -> Iterator[list[Job]]:
        """Each variant's jobs, rendered one variant at a time (so conversions can start).

        ``costs`` (a variant's longest conversion last time, by name) puts the variants
        whose jobs take longest first, so their conversions start first. When no variant
        has a cost (a first build), every variant is rendered before any job is given out,
        in one batch: the jobs can then be ordered by the size of their Markdown.
        """
        if costs is None:
            for variant in self.variants:
                yield self._jobs_for(variant)
            return
        if not any(costs.get(v.name) for v in self.variants):
            yield [job for variant in self.variants for job in self._jobs_for(variant)]
            return
        for variant in sorted(self.variants, key=lambda v: -costs.get(v.name, 0.0)):
            yield self._jobs_for(variant)

    def _jobs_for(self, variant: Variant) -> list[Job]:
        root, look = self.root, self.look
        strategy = self.strategy
        seen = view(strategy.documents, strategy.schemas, variant.audiences, self.marked)
        context = build_context(sections_for(strategy, variant, seen.sections), self.today)
        context["board_figures"] = functools.partial(self._board_figures, variant, context)
        self.contexts[variant.name] = context
        marks = fingerprints(strategy.documents, strategy.schemas, variant.audiences, seen)
        points = self.trend.series.get(variant.name, ())
        charts = draw_charts(context, self.report, look, root, points, self.drawer,
                             show_score=variant.show_score)  # fmt: skip
        context["charts"] = charts
        context["trend_rows"] = trend_rows(points) if "trend" in charts else []
        context["variant"] = variant.as_context()
        complete = bool(context["variant"].get("guide_references"))
        context["diagnostic"] = diagnostic_context(self.report, complete=complete)
        context["guide"] = references_for(context["variant"], self.report)
        markdown = render(self.env, variant.template, context)
        charts_digest = _digest(*(c["key"].encode() for c in charts.drawn))  # equal key, bytes
        shown = (*look.images, *((look.logo,) if look.logo else ()))
        images = [self._image(image) for image in shown]  # a new logo is a new output
        jobs = []
        for fmt in variant.formats:
            if self.formats and fmt not in self.formats:
                continue
            key = _digest(
                __version__.encode(),
                fmt.encode(),
                markdown.encode(),
                self.title.encode(),
                json.dumps(look.variables(), sort_keys=True).encode(),
                str(self.epoch).encode(),
                self.today.isoformat().encode(),
                self.support.encode(),
                charts_digest.encode(),
                json.dumps(self.glossary, sort_keys=True).encode(),
                *images,
            )
            output = root / BUILD_DIR / f"{variant.name}.{EXTENSIONS[fmt]}"
            brand_vars = look.variables() | {"name": look.name}
            jobs.append(
                Job(
                    variant,
                    fmt,
                    markdown,
                    self.title,
                    brand_vars,
                    key,
                    output,
                    self.glossary,
                    marks,
                    str(context["today"]),
                    tuple(image.as_posix() for image in look.images),
                    tuple(c["path"] for c in charts.drawn),
                )
            )
        return jobs

    def _board_figures(self, variant: Variant, context: Mapping[str, Any]) -> str:
        """Whether the board summary counts the progress ``context`` counts (a slide's note
        says so): ``"same"``, what it counts differently ("actions and risks"), or ``""``
        when the strategy has no board summary (or this is it). Called by a template that
        makes the claim, so only that variant pays for the board's context."""
        board = next((v for v in self.published if v.name == "board"), None)
        if board is None or board.name == variant.name:
            return ""
        theirs = self.contexts.get(board.name)
        if theirs is None:  # the board is not built this time, or not yet
            strategy = self.strategy
            seen = view(strategy.documents, strategy.schemas, board.audiences, self.marked)
            theirs = build_context(sections_for(strategy, board, seen.sections), self.today)
        return figures_against(context, theirs)

    def _image(self, image: Path) -> bytes:
        """A repository image's bytes, its digest noted (the build records what it read)."""
        data = (self.root / image).read_bytes()
        self.images[image.as_posix()] = hashlib.sha256(data).hexdigest()
        return data


def prepare(
    root: Path,
    names: Sequence[str] = (),
    formats: Sequence[str] = (),
    environ: Mapping[str, str] = os.environ,
    *,
    today: dt.date | None = None,
    draft: bool = False,
    trend: Trend | None = None,
    drawer: Drawer | None = None,
) -> Plan:
    """Load and check the strategy (refusing one with errors) and choose the variants.

    ``today`` (default: the day of the source date) is the date the diagnostic and due
    dates are judged at. A strategy whose diagnostic gate fails raises :class:`GateError`
    unless ``draft``. ``trend`` is the strategy's history, by variant (the command line
    reads it from git; a build without it shows no trend chart). ``drawer`` draws the
    charts (default: each at once, while its variant is planned).
    """
    root = root.resolve()
    strategy = load_strategy(root)
    problems = errors(check_strategy(strategy))
    if problems:
        raise LwsError(problems)
    epoch = source_date(root, environ)
    publication = strategy.documents.get("publication")
    pub_data = publication.data if publication and isinstance(publication.data, dict) else {}
    variants = load_variants(root, pub_data, publication.values if publication else None)
    _check_requested(variants, names, formats)
    title = str((strategy.documents["manifest"].data or {}).get("title", "Workforce strategy"))
    manifest = strategy.documents.get("manifest")
    today = as_at(manifest.data if manifest else None, today or epoch_date(epoch))
    report = diagnose(strategy.documents, load_criteria(root), today)
    if not report.gate.passed and not draft:
        raise GateError(gate_diagnostics(report))
    return Plan(
        root=root,
        strategy=strategy,
        epoch=epoch,
        variants=[v for v in variants if not names or v.name in names],
        published=list(variants),
        formats=formats,
        report=report,
        look=brand(strategy),
        env=environment(Resources(root).dirs("templates"), private_cache(f"jinja-{__version__}")),
        title=title,
        support=_support_digest(root),
        today=today,
        glossary=spelt_out(terms(strategy.documents)),
        trend=trend or Trend(""),
        drawer=drawer,
    )


def plan(
    root: Path,
    names: Sequence[str] = (),
    formats: Sequence[str] = (),
    environ: Mapping[str, str] = os.environ,
    *,
    today: dt.date | None = None,
    draft: bool = False,
) -> tuple[list[Job], Strategy, int]:
    """Gather: check the strategy, render every requested variant, list the jobs."""
    prepared = prepare(root, names, formats, environ, today=today, draft=draft)
    jobs = [job for batch in prepared.jobs() for job in batch]
    return jobs, prepared.strategy, prepared.epoch


def _check_requested(
    variants: Sequence[Variant], names: Sequence[str], formats: Sequence[str]
) -> None:
    known = {v.name for v in variants}
    unknown = [n for n in names if n not in known]
    if unknown:
        listed = ", ".join(sorted(known)) or "none"
        raise UsageError(
            f"no variant named {', '.join(unknown)}; the strategy's audiences ask for: {listed}"
        )
    bad = [f for f in formats if f not in EXTENSIONS]
    if bad:
        raise UsageError(f"unknown format {', '.join(bad)}; formats are html, docx, pdf, pptx")


def trend_rows(points: Sequence[TrendPoint]) -> list[dict[str, str]]:
    """The table behind the trend chart: each version's figures, or why it has none."""
    return [
        {
            "label": p.label,
            "recorded": p.date,
            "score": "" if p.score is None else f"{round(p.score * 100)}%",
            "red_risks": "" if p.score is None else str(p.red_risks),
            "overdue": "" if p.score is None else str(p.overdue),
            "note": (p.gap or "not readable") if p.score is None else "",
        }
        for p in points
    ]


def _digest(*parts: bytes) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)
    return hasher.hexdigest()


def _support_digest(root: Path) -> str:
    """A hash of the look-and-feel files and converter versions every output depends on."""
    from lws.convert import pandoc, pdf

    files = [
        Resources(root).find("templates", name)
        for name in (
            "typst/template.typ",
            "html/style.css",
            "html/template.html",
            "reference.docx",
            "reference.pptx",
            "filters/sanitize.lua",
            "filters/present.lua",
            "filters/glossary.lua",
            "filters/typst_text.lua",
        )
    ]
    parts = [str(BUILD_FORMAT).encode(), pandoc.pandoc_version().encode()]
    parts.append(pdf.typst_version().encode())
    parts += [p.read_bytes() for p in files if p is not None]
    return _digest(*parts)
