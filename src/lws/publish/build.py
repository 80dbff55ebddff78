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
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lws import __version__
from lws.core.atomic import write_atomically
from lws.core.diagnostics import Diagnostic, Severity, errors
from lws.core.errors import LwsError, UsageError
from lws.diagnose.check import check_strategy
from lws.diagnose.diagnostic import diagnose, load_criteria
from lws.model.project import Strategy, load_strategy
from lws.publish.audience import Variant, find_template, load_variants, template_dirs, visible_to
from lws.publish.brand import brand, branded_reference_docx, font_files
from lws.publish.context import build_context, diagnostic_context, with_defaults
from lws.publish.figures import CHART_DIR, draw_charts
from lws.publish.render import environment, escape, render

BUILD_DIR = "build"
STATE_FILE = ".lws-build.json"
EXTENSIONS = {"html": "html", "docx": "docx", "pdf": "pdf", "pptx": "pptx"}
BUILD_FORMAT = 2  # part of every output's key: bump when lws changes how outputs are made


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


@dataclass
class BuildResult:
    built: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)


def source_date(root: Path, environ: Mapping[str, str] = os.environ) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else the newest source file."""
    if environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if out.returncode == 0 and out.stdout.strip().isdigit():
            return int(out.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        pass
    sources = list((root / "strategy").glob("*.yaml"))
    return int(max((p.stat().st_mtime for p in sources), default=0))


def sections_for(strategy: Strategy, variant: Variant) -> dict[str, Any]:
    """Every section's data as the variant's audiences may see it, with schema defaults."""
    out = {}
    for name in strategy.schemas:
        doc = strategy.documents.get(name)
        data = visible_to(doc.data if doc else None, variant.audiences)
        rules = {"type": "dict", "schema": dict(strategy.schemas[name].fields)}
        out[name] = with_defaults(data, rules)
    return out


def plan(
    root: Path,
    names: Sequence[str] = (),
    formats: Sequence[str] = (),
    environ: Mapping[str, str] = os.environ,
) -> tuple[list[Job], Strategy, int]:
    """Gather: check the strategy, render every requested variant, list the jobs."""
    strategy = load_strategy(root)
    problems = errors(check_strategy(strategy))
    if problems:
        raise LwsError(problems)
    epoch = source_date(root, environ)
    today = dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()
    publication = strategy.documents.get("publication")
    pub_data = publication.data if publication and isinstance(publication.data, dict) else {}
    variants = load_variants(root, pub_data, publication.values if publication else None)
    _check_requested(variants, names, formats)
    report = diagnose(strategy.documents, load_criteria(root), today)
    look = brand(strategy)
    env = environment(template_dirs(root))
    title = str((strategy.documents["manifest"].data or {}).get("title", "Workforce strategy"))
    support = _support_digest(root)
    jobs = []
    for variant in variants:
        if names and variant.name not in names:
            continue
        context = build_context(sections_for(strategy, variant), today)
        context["charts"] = draw_charts(context, report, look, root)
        context["diagnostic"] = diagnostic_context(report)
        context["variant"] = {"name": variant.name, "title": variant.title}
        markdown = render(env, variant.template, context)
        charts_digest = _digest(
            *(
                (root / c["path"]).read_bytes()
                for c in sorted(context["charts"].values(), key=lambda c: c["name"])
            )
        )
        for fmt in variant.formats:
            if formats and fmt not in formats:
                continue
            key = _digest(
                __version__.encode(),
                fmt.encode(),
                markdown.encode(),
                title.encode(),
                json.dumps(look.variables(), sort_keys=True).encode(),
                str(epoch).encode(),
                support.encode(),
                charts_digest.encode(),
            )
            output = root / BUILD_DIR / f"{variant.name}.{EXTENSIONS[fmt]}"
            jobs.append(
                Job(
                    variant,
                    fmt,
                    markdown,
                    title,
                    look.variables() | {"name": look.name},
                    key,
                    output,
                )
            )
    return jobs, strategy, epoch


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
    from lws.convert import pandoc

    files = [
        find_template(root, name)
        for name in (
            "typst/template.typ",
            "html/style.css",
            "reference.docx",
            "reference.pptx",
            "filters/sanitize.lua",
        )
    ]
    parts = [str(BUILD_FORMAT).encode(), pandoc.pandoc_version().encode()]
    parts.append(_typst_version().encode())
    parts += [p.read_bytes() for p in files if p is not None]
    return _digest(*parts)


def _typst_version() -> str:
    from importlib.metadata import version

    return version("typst")


def convert_job(job: Job, root: Path, epoch: int) -> bytes:
    """Run the converters for one job and return the output's bytes."""
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
        "date": dt.datetime.fromtimestamp(epoch, tz=dt.UTC).strftime("%-d %B %Y"),
        "lang": "en-GB",
    }
    common: dict[str, Any] = {
        "root": root,
        "resources": resources,
        "metadata": metadata,
        "title": job.title,
        "variables": variables,
        "source_date_epoch": epoch,
    }
    if job.fmt == "html":
        css_path = find_template(root, "html/style.css")
        css = css_path.read_text(encoding="utf-8") if css_path else ""
        if font:  # the reader's own copy of the brand font, if installed; else the fallback
            css += f'\n:root {{ --font-body: "{font}", system-ui, sans-serif; }}\n'
        markdown = job.markdown
        logo = job.brand.get("logo")
        if logo:  # the trust's logo under the title block: an inline image (a trailing "\ "
            # keeps Pandoc from making it a captioned figure), named by the trust's name
            css += "\n.lws-logo { height: 3.5rem; width: auto; margin-bottom: 1rem; }\n"
            markdown = f"![{escape(job.brand['name'])}]({logo}){{.lws-logo}}\\ \n\n" + markdown
            common["resources"] = [*resources, root / logo]
        return pandoc.convert(markdown, "html", css=css, toc=job.variant.name == "full", **common)
    if job.fmt == "docx":
        return pandoc.convert(
            job.markdown,
            "docx",
            reference_doc=branded_reference_docx(root, job.brand, root / BUILD_DIR / ".lws"),
            toc=job.variant.name == "full",
            **common,
        )
    if job.fmt == "pptx":
        return pandoc.convert(
            job.markdown, "pptx", reference_doc=find_template(root, "reference.pptx"), **common
        )
    source = pandoc.convert(
        job.markdown,
        "typst",
        template=find_template(root, "typst/template.typ"),
        toc=job.variant.name == "full",
        **common,
    )
    data = pdf.typst_pdf(source.decode("utf-8"), root=root, fonts=fonts, source_date_epoch=epoch)
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
    state_path = root / BUILD_DIR / STATE_FILE
    for stale in (root / BUILD_DIR).glob(".*.tmp"):  # left by a build that was killed
        stale.unlink(missing_ok=True)
    state = _read_state(state_path)
    result = BuildResult()
    todo = []
    for job in jobs:
        relative = job.output.relative_to(root).as_posix()
        recorded = state.get(relative, {})
        if (
            not force
            and recorded.get("key") == job.key
            and _sha(job.output) == recorded.get("sha256")
        ):
            result.unchanged.append(job.output)
        else:
            todo.append(job)
    total = len(jobs)
    done = len(result.unchanged)
    if done:
        progress(f"[{done}/{total}] {done} output(s) unchanged")
    with ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 1) as pool:
        futures = {pool.submit(_timed, convert_job, job, root, epoch): job for job in todo}
        for future in as_completed(futures):
            job = futures[future]
            relative = job.output.relative_to(root).as_posix()
            done += 1
            try:
                data, seconds = future.result()
            except Exception as exc:  # ConversionError, or a converter crash
                result.problems.append(
                    Diagnostic(
                        relative,
                        1,
                        1,
                        Severity.ERROR,
                        (),
                        f"could not build: {exc}",
                        "the previous file, if any, was kept; fix the cause and rebuild",
                    )
                )
                progress(f"[{done}/{total}] FAILED {relative}")
                continue
            write_atomically(job.output, data)
            state[relative] = {"key": job.key, "sha256": hashlib.sha256(data).hexdigest()}
            result.built.append(job.output)
            progress(f"[{done}/{total}] built {relative} ({seconds:.2f} s)")
    write_atomically(state_path, json.dumps(state, indent=1, sort_keys=True).encode())
    return result


def _timed(function: Callable[..., bytes], *args: Any) -> tuple[bytes, float]:
    start = time.perf_counter()
    data = function(*args)
    return data, time.perf_counter() - start


def _sha(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _read_state(path: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def build(
    root: Path,
    names: Sequence[str] = (),
    formats: Sequence[str] = (),
    *,
    workers: int = 0,
    force: bool = False,
    progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> BuildResult:
    """Gather, then write: the whole of ``lws build``."""
    jobs, _, epoch = plan(root, names, formats)
    return execute(jobs, root, epoch, workers=workers, force=force, progress=progress)
