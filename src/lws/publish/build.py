"""``lws build``: the one orchestrator. Gather everything, then write.

1. Load and check the strategy; refuse to publish a strategy with errors.
2. For each variant its audiences ask for: filter the data to what those audiences may
   see, compute the context, draw the charts, render the Markdown (pure).
3. Convert each (variant, format) through Pandoc (and Typst for PDF), in parallel.
4. Write each output atomically under ``build/``; skip outputs whose inputs are unchanged.

Builds are reproducible: the date shown in outputs and embedded by the converters comes
from ``SOURCE_DATE_EPOCH``, defaulting to the time of the last git commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from lws import __version__
from lws.core.atomic import write_atomically
from lws.core.cache import private_cache
from lws.core.dates import long_date
from lws.core.diagnostics import Diagnostic, Severity, errors
from lws.core.errors import LwsError, UsageError
from lws.core.fonts import BUNDLED_FONT, font_face_css
from lws.core.lock import exclusive
from lws.core.resources import Resources
from lws.diagnose.check import check_strategy
from lws.diagnose.diagnostic import Report, diagnose, gate_diagnostics, load_criteria
from lws.diagnose.glossary import spelt_out, terms
from lws.model.as_at import as_at
from lws.model.project import Strategy, load_strategy
from lws.publish.audience import (
    Variant,
    load_variants,
    sections_for,
)
from lws.publish.brand import (
    Look,
    brand,
    branded_reference_docx,
    branded_reference_pptx,
    font_files,
)
from lws.publish.context import build_context, diagnostic_context
from lws.publish.figures import CHART_DIR, draw_charts
from lws.publish.leaks import Fingerprint, fingerprints, leaks
from lws.publish.render import environment, escape, render
from lws.publish.schedule import LongestFirst, Outcome
from lws.publish.state import (
    BUILD_DIR,
    Request,
    build_options,
    encode_state,
    epoch_date,
    inputs_digest,
    last_seconds,
    output_record,
    read_state,
    request_for,
    source_date,
    state_path,
)

EXTENSIONS = {"html": "html", "docx": "docx", "pdf": "pdf", "pptx": "pptx"}
BUILD_FORMAT = 2  # part of every output's key: bump when lws changes how outputs are made
RASTER_DIR = Path(BUILD_DIR) / ".lws" / "raster"
LOCK_FILE = Path(BUILD_DIR) / ".lws" / "lock"
#: Rough seconds per character of Markdown, by format: the first build's guess at which
#: conversions take longest (later builds use the times they measured).
#: Where a variant's Markdown asks for its contents (publication.yaml structure: contents).
CONTENTS_MARK = "::: {.lws-contents}"
_EXPECTED = {"pdf": 3.0e-6, "docx": 4.0e-6, "html": 3.5e-6, "pptx": 1.5e-6}


@dataclass(frozen=True)
class Job:
    """One output to produce: a variant in a format, from its rendered Markdown."""

    variant: Variant
    fmt: str
    markdown: str
    title: str
    brand: Mapping[str, Any]
    key: str
    output: Path
    glossary: Mapping[str, str] = field(default_factory=dict)  # acronyms spelt out at first use
    fingerprints: tuple[Fingerprint, ...] = ()  # text of the items its audiences may not see


@dataclass
class BuildResult:
    built: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    draft: bool = False  # published although the diagnostic gate fails


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

    @property
    def draft(self) -> bool:
        """Published although the diagnostic gate fails (``lws build --draft``)."""
        return not self.report.gate.passed

    def jobs(self) -> Iterator[list[Job]]:
        """Each variant's jobs, rendered one variant at a time (so conversions can start)."""
        for variant in self.variants:
            yield self._jobs_for(variant)

    def _jobs_for(self, variant: Variant) -> list[Job]:
        root, look = self.root, self.look
        context = build_context(sections_for(self.strategy, variant), self.today)
        strategy = self.strategy
        marks = fingerprints(strategy.documents, strategy.schemas, variant.audiences)
        context["charts"] = draw_charts(context, self.report, look, root)
        context["diagnostic"] = diagnostic_context(self.report)
        context["variant"] = variant.as_context()
        markdown = render(self.env, variant.template, context)
        charts_digest = _digest(
            *(
                (root / c["path"]).read_bytes()
                for c in sorted(context["charts"].values(), key=lambda c: c["name"])
            )
        )
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
                )
            )
        return jobs


def prepare(
    root: Path,
    names: Sequence[str] = (),
    formats: Sequence[str] = (),
    environ: Mapping[str, str] = os.environ,
    *,
    today: dt.date | None = None,
    draft: bool = False,
) -> Plan:
    """Load and check the strategy (refusing one with errors) and choose the variants.

    ``today`` (default: the day of the source date) is the date the diagnostic and due
    dates are judged at. A strategy whose diagnostic gate fails raises :class:`GateError`
    unless ``draft``.
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
        formats=formats,
        report=report,
        look=brand(strategy),
        env=environment(Resources(root).dirs("templates"), private_cache(f"jinja-{__version__}")),
        title=title,
        support=_support_digest(root),
        today=today,
        glossary=spelt_out(terms(strategy.documents)),
    )


class GateError(LwsError):
    """The diagnostic gate fails: nothing is published unless a draft is asked for."""


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
        )
    ]
    parts = [str(BUILD_FORMAT).encode(), pandoc.pandoc_version().encode()]
    parts.append(pdf.typst_version().encode())
    parts += [p.read_bytes() for p in files if p is not None]
    return _digest(*parts)


def convert_job(job: Job, root: Path, epoch: int) -> bytes:
    """Run the converters for one job and return the output's bytes, checked for leaks."""
    data = _convert(job, root, epoch)
    if job.fmt != "pdf":  # a PDF's words were checked in its Typst source
        _refuse_leaks(job, data, job.fmt)
    return data


def _refuse_leaks(job: Job, output: bytes, fmt: str) -> None:
    """Fail the output when it carries the words of an item withheld from its audiences."""
    found = leaks(output, fmt, job.fingerprints)
    if found:
        first = found[0]
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise LeakError(
            f"it shows text of {first.label or 'an item'} ({first.file}:{first.line}), which "
            f"the {job.variant.title} may not show: {first.text[:60]!r}{more}; nothing was "
            "written (check the trust's templates for where this text comes from)"
        )


class LeakError(LwsError):
    """An output carries text withheld from its audiences (the build refuses to write it)."""


def _convert(job: Job, root: Path, epoch: int) -> bytes:
    from lws.convert import pandoc, pdf

    resources = _resources(job.markdown, root)
    variables = {k: v for k, v in job.brand.items() if k not in ("name", "font")}
    fonts = font_files(root)
    font = job.brand.get("font")
    if font and fonts and job.fmt == "pdf":
        variables["mainfont"] = str(font)  # Typst finds it among the trust's font files
    metadata = {
        "brand-name": str(job.brand["name"]),
        "subtitle": job.variant.title,
        "date": long_date(dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()),
        "lang": "en-GB",
    }
    common: dict[str, Any] = {
        "root": root,
        "resources": resources,
        "metadata": metadata,
        "title": job.title,
        "variables": variables,
        "source_date_epoch": epoch,
        "glossary": job.glossary,
    }
    if job.fmt == "html":
        css_path = Resources(root).find("templates", "html/style.css")
        css = css_path.read_text(encoding="utf-8") if css_path else ""
        css = font_face_css() + css  # the bundled font, embedded; the trust's, if installed
        if font:
            family = f'"{font}", "{BUNDLED_FONT}", system-ui, sans-serif'
            css += f"\n:root {{ --font-body: {family}; }}\n"
        markdown = job.markdown
        logo = job.brand.get("logo")
        if logo:  # the trust's logo under the title block: an inline image (a trailing "\ "
            # keeps Pandoc from making it a captioned figure), named by the trust's name
            css += "\n.lws-logo { height: 3.5rem; width: auto; margin-bottom: 1rem; }\n"
            markdown = f"![{escape(job.brand['name'])}]({logo}){{.lws-logo}}\\ \n\n" + markdown
            common["resources"] = [*resources, root / logo]
        return pandoc.convert(
            markdown,
            "html",
            css=css,
            template=Resources(root).find("templates", "html/template.html"),
            toc=CONTENTS_MARK in job.markdown,
            **common,
        )
    if job.fmt == "docx":
        return pandoc.convert(
            job.markdown,
            "docx",
            reference_doc=branded_reference_docx(root, job.brand, root / BUILD_DIR / ".lws"),
            toc=CONTENTS_MARK in job.markdown,
            raster_cache=root / RASTER_DIR,
            **common,
        )
    if job.fmt == "pptx":
        from lws.publish.pptx_brand import with_title_notes

        reference = branded_reference_pptx(root, job.brand, root / BUILD_DIR / ".lws")
        deck = pandoc.convert(
            job.markdown, "pptx", reference_doc=reference, raster_cache=root / RASTER_DIR, **common
        )
        notes = (
            f"{job.title}: {job.variant.title.lower()} from {job.brand['name']}. Introduce "
            "yourself and say what the session is for: what the strategy means for each team."
        )
        return with_title_notes(deck, notes)
    source = pandoc.convert(
        job.markdown,
        "typst",
        template=Resources(root).find("templates", "typst/template.typ"),
        **common,  # the contents come where the template's .lws-contents div stands
    )
    _refuse_leaks(job, source, "typst")
    data = pdf.typst_pdf(
        source.decode("utf-8"),
        root=root,
        fonts=fonts,
        source_date_epoch=epoch,
        accessible=True,
    )
    if job.variant.max_pages is not None:
        pages = _page_count(data)
        if pages > job.variant.max_pages:
            raise pandoc.ConversionError(
                f"{job.variant.title} is {pages} pages long; it must fit in "
                f"{job.variant.max_pages} (shorten the text it shows, or change max_pages "
                "in templates/variants.yaml)"
            )
    return data


def _page_count(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _resources(markdown: str, root: Path) -> list[Path]:
    """The images the Markdown shows: lws's charts and the logo, all inside the project."""
    found = []
    for line in markdown.splitlines():
        start = line.find(f"]({CHART_DIR.as_posix()}/")
        if start >= 0:
            path = line[start + 2 : line.index(")", start)]
            found.append(root / path)
    return found


def execute(
    jobs: Sequence[Job],
    root: Path,
    epoch: int,
    *,
    workers: int = 0,
    force: bool = False,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> BuildResult:
    """Write: convert the jobs in parallel, each output atomically; skip unchanged ones."""
    return _write([list(jobs)], root.resolve(), epoch, workers, force, progress, None)


def build(
    root: Path,
    names: Sequence[str] = (),
    formats: Sequence[str] = (),
    *,
    workers: int = 0,
    force: bool = False,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
    environ: Mapping[str, str] = os.environ,
    today: dt.date | None = None,
    draft: bool = False,
) -> BuildResult:
    """Gather, then write: the whole of ``lws build``.

    ``today`` and ``draft`` are as for :func:`prepare`; ``result.draft`` says whether what
    was published fails the diagnostic gate.

    Conversions start as soon as each variant is rendered, while the next is still being
    rendered. The request and a digest of its inputs (taken before anything is read, so an
    edit made during the build is seen by the next) let an unchanged rebuild stop at once
    (:func:`lws.publish.state.up_to_date`).
    """
    root = root.resolve()
    request = request_for(root, names, formats, environ, options=build_options(today, draft))
    digest = inputs_digest(root, request)
    prepared = prepare(root, names, formats, environ, today=today, draft=draft)
    record = (request, digest)
    result = _write(prepared.jobs(), root, prepared.epoch, workers, force, progress, record)
    result.draft = prepared.draft
    return result


def _write(
    batches: Iterable[list[Job]],
    root: Path,
    epoch: int,
    workers: int,
    force: bool,
    progress: Callable[[str], None],
    record: tuple[Request, str] | None,
) -> BuildResult:
    """Convert and write under the project's build lock: one build writes at a time."""

    def waiting() -> None:
        progress("waiting for another lws build of this project to finish…")

    with exclusive(root / LOCK_FILE, on_wait=waiting):
        return _write_locked(batches, root, epoch, workers, force, progress, record)


def _write_locked(
    batches: Iterable[list[Job]],
    root: Path,
    epoch: int,
    workers: int,
    force: bool,
    progress: Callable[[str], None],
    record: tuple[Request, str] | None,
) -> BuildResult:
    for stale in (root / BUILD_DIR).glob(".*.tmp"):  # left by a build that was killed
        stale.unlink(missing_ok=True)
    state = read_state(root)
    result = BuildResult()

    def convert_and_write(job: Job) -> str:
        data = convert_job(job, root, epoch)
        write_atomically(job.output, data)
        return hashlib.sha256(data).hexdigest()

    pool: LongestFirst[Job, str] = LongestFirst(convert_and_write, workers or os.cpu_count() or 1)
    planned: list[Job] = []
    try:
        for batch in batches:
            for job in batch:
                planned.append(job)
                relative = job.output.relative_to(root).as_posix()
                recorded = state["outputs"].get(relative, {})
                if (
                    not force
                    and recorded.get("key") == job.key
                    and _sha(job.output) == recorded.get("sha256")
                ):
                    result.unchanged.append(job.output)
                else:
                    expected = last_seconds(state, relative)
                    pool.submit(job, expected or len(job.markdown) * _EXPECTED[job.fmt])
    finally:  # even when rendering a later variant fails: finish and record what started
        total = len(planned)
        done = len(result.unchanged)
        if done:
            progress(f"[{done}/{total}] {done} output(s) unchanged")
        for outcome in pool.outcomes():
            done += 1
            _record(outcome, root, state, result, progress, f"[{done}/{total}]")
        _record_request(state, root, planned, result, record)
        write_atomically(state_path(root), encode_state(state))
    return result


def _record(
    outcome: Outcome[Job, str],
    root: Path,
    state: dict[str, Any],
    result: BuildResult,
    progress: Callable[[str], None],
    count: str,
) -> None:
    job = outcome.job
    relative = job.output.relative_to(root).as_posix()
    if outcome.error is not None or outcome.result is None:
        result.problems.append(
            Diagnostic(
                relative,
                1,
                1,
                Severity.ERROR,
                (),
                f"could not build: {outcome.error}",
                "the previous file, if any, was kept; fix the cause and rebuild",
            )
        )
        state["outputs"].pop(relative, None)
        progress(f"{count} FAILED {relative}")
        return
    state["outputs"][relative] = output_record(job.output, job.key, outcome.result, outcome.seconds)
    result.built.append(job.output)
    progress(f"{count} built {relative} ({outcome.seconds:.2f} s)")


def _record_request(
    state: dict[str, Any],
    root: Path,
    planned: Sequence[Job],
    result: BuildResult,
    record: tuple[Request, str] | None,
) -> None:
    """Remember a successful request's inputs, so the same request unchanged is a no-op."""
    if record is None:
        return
    request, digest = record
    if result.problems:
        state["requests"].pop(request.key, None)
        return
    outputs = sorted(job.output.relative_to(root).as_posix() for job in planned)
    state["requests"][request.key] = {"inputs": digest, "outputs": outputs}


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
