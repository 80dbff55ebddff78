"""``lws build``: the one orchestrator. Gather everything, then write.

1. Load and check the strategy; refuse to publish a strategy with errors.
2. For each variant its audiences ask for: filter the data to what those audiences may
   see, compute the context, draw the charts, render the Markdown (pure).
3. Convert each (variant, format) through Pandoc (and Typst for PDF), in parallel.
4. Write each output atomically under ``build/``; skip outputs whose inputs are unchanged.

Builds are reproducible: the date shown in outputs and embedded by the converters comes
from ``SOURCE_DATE_EPOCH``, defaulting to the time of the last git commit.

The stages live in their own modules: :mod:`lws.publish.jobs` plans (steps 1 and 2),
:mod:`lws.publish.conversion` converts one job (step 3); this module schedules the
conversions and writes the outputs and the build state (steps 3 and 4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # planning is imported when a build plans: a kept plan needs none of it
    from lws.publish.charts.trend import Trend
    from lws.publish.variant import Variant

from lws.core.atomic import write_atomically
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.lock import exclusive
from lws.publish.conversion import RASTER_DIR, LeakError, convert_job
from lws.publish.drawer import Drawer
from lws.publish.job import EXTENSIONS, GateError, Job
from lws.publish.plans import KeptPlan, keep_plan, last_plan, still_the_plan
from lws.publish.schedule import LongestFirst, Outcome
from lws.publish.state import (
    BUILD_DIR,
    CHART_DIR,
    Request,
    build_options,
    encode_state,
    inputs_digest,
    last_seconds,
    output_record,
    read_state,
    request_for,
    state_path,
)

LOCK_FILE = Path(BUILD_DIR) / ".lws" / "lock"
#: A first build's guess at how long each conversion takes, by format: seconds to start and
#: seconds per character of Markdown (fitted to the example's conversions on 2 cores: HTML
#: starts slowest, embedding the font; a PDF costs most per character, Pandoc then Typst).
#: Only the order matters (longest first); later builds use the times they measured.
_GUESS = {
    "pdf": (0.20, 1.3e-5),
    "html": (0.33, 1.0e-5),
    "docx": (0.06, 1.0e-5),
    "pptx": (0.10, 1.4e-5),
}

__all__ = [
    "EXTENSIONS",
    "LOCK_FILE",
    "RASTER_DIR",
    "BuildResult",
    "GateError",
    "Job",
    "LeakError",
    "build",
    "convert_job",
    "execute",
]


@dataclass
class BuildResult:
    built: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    draft: bool = False  # published although the diagnostic gate fails


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
    return _write([list(jobs)], root.resolve(), epoch, workers, force, progress)


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
    trend: Trend | None = None,
) -> BuildResult:
    """Gather, then write: the whole of ``lws build``.

    ``today``, ``draft`` and ``trend`` are as for :func:`lws.publish.jobs.prepare`;
    ``result.draft`` says whether what was published fails the diagnostic gate. The trend's
    key is part of the request (:func:`lws.publish.state.build_options`), so a new version
    rebuilds.

    Conversions start as soon as each variant is rendered, while the next is still being
    rendered; charts are drawn meanwhile in a worker process (started at once when no chart
    has been drawn before, as in a clean build), and a conversion that shows a chart waits
    for that chart only. The request and a digest of its inputs (taken before anything is
    read, so an edit made during the build is seen by the next) let an unchanged rebuild stop
    at once (:func:`lws.publish.state.up_to_date`); with ``force``, or an output lost, the
    plan kept from the last build of the same inputs is converted again without loading,
    checking or rendering anything (:mod:`lws.publish.plans`).
    """
    root = root.resolve()
    options = build_options(today, draft, trend.key if trend else "")
    request = request_for(root, names, formats, environ, options=options)
    digest = inputs_digest(root, request)
    last = last_plan(root, request)
    if last is not None and still_the_plan(last, root, digest):  # convert from it
        record = _Record(request, digest, last.images)
        result = _write([list(last.jobs)], root, request.epoch, workers, force, progress, record)
        result.draft = last.draft
        return result
    from lws.publish import jobs  # the planning stack: models, checks, templates

    with Drawer(root, processes=1) as drawer:
        if not (root / CHART_DIR).is_dir():
            drawer.start()  # matplotlib is imported there while the strategy is checked
        prepared = jobs.prepare(
            root, names, formats, environ, today=today, draft=draft, trend=trend, drawer=drawer
        )
        record = _Record(request, digest, prepared.images)  # filled in as variants render
        costs = variant_costs(read_state(root), prepared.variants, last.jobs if last else ())
        batches = prepared.jobs(costs)
        result = _write(batches, root, prepared.epoch, workers, force, progress, record, drawer)
    result.draft = prepared.draft
    if not result.problems:
        made = KeptPlan(digest, prepared.images, list(record.planned), prepared.draft)
        keep_plan(root, request, made)
    return result


@dataclass
class _Record:
    """What a build of a request records: its inputs' digest, the images it read, its jobs."""

    request: Request
    inputs: str
    images: Mapping[str, str]
    planned: list[Job] = field(default_factory=list)


def _write(
    batches: Iterable[list[Job]],
    root: Path,
    epoch: int,
    workers: int,
    force: bool,
    progress: Callable[[str], None],
    record: _Record | None = None,
    drawer: Drawer | None = None,
) -> BuildResult:
    """Convert and write under the project's build lock: one build writes at a time."""

    def waiting() -> None:
        progress("waiting for another lws build of this project to finish…")

    with exclusive(root / LOCK_FILE, on_wait=waiting):
        return _write_locked(batches, root, epoch, workers, force, progress, record, drawer)


def _write_locked(
    batches: Iterable[list[Job]],
    root: Path,
    epoch: int,
    workers: int,
    force: bool,
    progress: Callable[[str], None],
    record: _Record | None,
    drawer: Drawer | None,
) -> BuildResult:
    for stale in (root / BUILD_DIR).glob(".*.tmp"):  # left by a build that was killed
        stale.unlink(missing_ok=True)
    state = read_state(root)
    result = BuildResult()

    def convert_and_write(job: Job) -> str:
        if drawer is not None:
            drawer.wait(job.charts)  # drawn by now (queued when drawn); a failure is the job's
        data = convert_job(job, root, epoch)
        write_atomically(job.output, data)
        return hashlib.sha256(data).hexdigest()

    pool: LongestFirst[Job, str] = LongestFirst(convert_and_write, workers or os.cpu_count() or 1)
    planned: list[Job] = record.planned if record is not None else []
    try:
        for batch in batches:
            for job in sorted(batch, key=lambda job: -expected_seconds(job, state)):
                planned.append(job)
                relative = job.output.relative_to(root).as_posix()
                recorded = state["outputs"].get(relative, {})
                if (
                    not force
                    and recorded.get("key") == job.key
                    and _sha(job.output) == recorded.get("sha256")
                ):
                    result.unchanged.append(job.output)
                    # the same bytes, touched or copied since: the next no-op may trust it again
                    seconds = last_seconds(state, relative)
                    state["outputs"][relative] = output_record(
                        job.output, job.key, str(recorded["sha256"]), seconds
                    )
                else:
                    after = drawer.pending(job.charts) if drawer is not None else []
                    pool.submit(job, expected_seconds(job, state), after)
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
    fault = drawer.machine_fault() if drawer is not None else None
    if fault is not None:  # a chart the machine would not let us write: the command's error
        raise fault
    return result


def variant_costs(
    state: Mapping[str, Any], variants: Iterable[Variant], last: Iterable[Job] = ()
) -> dict[str, float]:
    """Each variant's longest conversion in the last build, by name: as recorded in the
    state, else (a clean build: ``build/`` removed) as guessed from the jobs of the last
    plan kept for the request (``last``), else 0 (never built)."""
    guessed: dict[str, float] = {}
    for job in last:
        cost = expected_seconds(job, {})
        guessed[job.variant.name] = max(guessed.get(job.variant.name, 0.0), cost)
    recorded = {
        v.name: max(
            (last_seconds(state, f"{BUILD_DIR}/{v.name}.{EXTENSIONS[fmt]}") for fmt in v.formats),
            default=0.0,
        )
        for v in variants
    }
    if any(recorded.values()):
        return recorded
    return {name: guessed.get(name, 0.0) for name in recorded}


def expected_seconds(job: Job, state: Mapping[str, Any]) -> float:
    """How long the job should take: as long as last time, else guessed from its format and
    the length of its Markdown (a first build: no recorded time)."""
    relative = f"{BUILD_DIR}/{job.output.name}"
    start, per_character = _GUESS[job.fmt]
    return last_seconds(state, relative) or start + len(job.markdown) * per_character


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
    record: _Record | None,
) -> None:
    """Remember a successful request's inputs, so the same request unchanged is a no-op."""
    if record is None:
        return
    if result.problems:
        state["requests"].pop(record.request.key, None)
        return
    outputs = sorted(job.output.relative_to(root).as_posix() for job in planned)
    images = dict(record.images)
    state["requests"][record.request.key] = {
        "inputs": record.inputs,
        "images": images,
        "outputs": outputs,
    }


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
