"""Markdown to HTML, DOCX, Typst and PPTX: the only place lws runs pandoc.

Pandoc is the binary shipped by ``pypandoc-binary`` (3.9), run as a subprocess with list
arguments, no shell, a timeout, ``cwd`` set to the project root and a minimal environment.

Safety (defence in depth; lws escapes author text before it becomes Markdown):

* The reader is :data:`READER`: no raw HTML, raw attributes (``{=html}``, ``{=typst}``), raw
  TeX, TeX math, YAML metadata blocks or title blocks, so the Markdown cannot smuggle markup
  or metadata; metadata comes only from :func:`convert`'s arguments, set by the filter as
  literal text that each writer escapes.
* ``templates/filters/sanitize.lua`` (always the packaged copy, never a trust's override)
  removes raw elements, every attribute outside a small allowlist (event handlers,
  ``style``, and ``typst:*``, which the Typst writer copies verbatim into Typst code),
  unsafe link targets and every image that is not one of the build's ``resources``. Each
  removal is a pandoc warning, so with ``strict`` (the default) the build fails naming it.
* ``--sandbox`` stops pandoc's readers and writers from reading any file not named on the
  command line, and ``--fail-if-warnings`` turns a resource pandoc could not read into a
  :class:`ConversionError` instead of a silently missing image.

How lws's own images pass the sandbox (measured with pandoc 3.9): a plain path, with or
without ``--resource-path``, is refused ("Could not fetch resource"); ``data:`` URIs embed
in HTML and DOCX but make the Typst writer emit ``image.decode``, which Typst 0.15 rejects.
So ``convert`` lists each resource in the filter's environment (``LWS_RESOURCES``) and the
filter, which the sandbox does not confine, reads exactly those files into pandoc's media
bag, where the writers find them without touching the disk. Image targets in the Markdown
are paths relative to ``root``; resources must lie inside ``root`` (write build temporaries
under ``build/``) because Typst, which reads images itself for the PDF, is confined there.
In the sandbox pandoc cannot run ``rsvg-convert`` for the PNG fallback DOCX needs (without
it LibreOffice and Word before 2016 show an empty box), so for DOCX and PPTX each SVG is
rasterised with Typst at :data:`RASTER_PPI` and embedded as PNG.

Reproducibility: under ``--sandbox`` pandoc ignores ``SOURCE_DATE_EPOCH`` and dates DOCX
and PPTX 1970-01-01 (zip entries 1980-01-01), which is stable but wrong, so lws re-dates the
zip entries and document properties with the build's timestamp (argument, else the caller's
``SOURCE_DATE_EPOCH``, else 1980-01-01). ``--data-dir`` points at an empty directory so no
user-level pandoc templates or defaults change the output.

Why this module is one of about 400 lines: a quarter of it is the safety argument above,
and the rest is one command line, built by small private helpers that :func:`convert`
alone calls (reader, filter environment, metadata, variables, files, CSS, resources,
rasterised SVG, dated archives). Kept together, each defence stands next to the argument
that implements it; split, the sandbox's reasons would live apart from its flags.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import io
import json
import os
import re
import subprocess
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from lws.core.atomic import write_atomically
from lws.core.errors import LwsError
from lws.core.faults import source_date_epoch as environ_epoch
from lws.core.resources import packaged

Format = Literal["html", "docx", "typst", "pptx"]

#: Pandoc Markdown with every way to reach raw output or set metadata switched off.
READER = (
    "markdown"
    + "".join(
        f"-{extension}"
        for extension in (
            "raw_html",
            "raw_attribute",
            "raw_tex",
            "tex_math_dollars",
            "tex_math_single_backslash",
            "yaml_metadata_block",
            "pandoc_title_block",
        )
    )
    + "+ascii_identifiers"
)  # a heading's own id in ASCII ("Café" → cafe), as the sanitizer allows

#: The default SOURCE_DATE_EPOCH: 1980-01-01, the earliest time a zip entry can carry.
DEFAULT_EPOCH = 315532800
#: Resolution at which SVG images are rasterised for DOCX and PPTX.
RASTER_PPI = 192
TIMEOUT = 120.0

_MIME = {".png": "image/png", ".svg": "image/svg+xml", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_KEY = re.compile(r"[a-z][a-z0-9-]*\Z")
_VARIABLE_VALUE = re.compile(r"(#[0-9A-Fa-f]{6}|[A-Za-z0-9%._/ -]*)\Z")
_WRITER_ARGS: dict[str, tuple[str, ...]] = {
    "html": ("--to=html5", "--standalone", "--embed-resources"),
    "docx": ("--to=docx",),
    "typst": ("--to=typst", "--standalone", "--variable=papersize=a4"),
    "pptx": ("--to=pptx",),
}
_SCRIPT_WARNING = re.compile(r"^\[WARNING\] Scripting warning at .*? line \d+ column \d+: ", re.M)


class ConversionError(LwsError):
    """A conversion failed; the message names the tool, the format and the tool's own words."""


def pandoc_version() -> str:
    """The version of the pandoc lws runs, e.g. ``"3.9"``."""
    return _pandoc_version(_pandoc_path())


def build_epoch(source_date_epoch: int | None = None) -> int:
    """The build's timestamp: the argument, else ``SOURCE_DATE_EPOCH``, else 1980-01-01."""
    if source_date_epoch is not None:
        return source_date_epoch
    epoch = environ_epoch(os.environ)
    return DEFAULT_EPOCH if epoch is None else epoch


def default_data_file(name: str) -> bytes:
    """One of pandoc's own data files, e.g. ``reference.docx`` (for tools/make_reference_*)."""
    args = [f"--print-default-data-file={name}", "--output=-"]
    with tempfile.TemporaryDirectory(prefix="lws-pandoc-") as scratch:
        env = {"HOME": scratch, "LANG": "C.UTF-8"}
        return _run(args, "", what=f"data file {name}", root=Path(scratch), env=env)


def convert(
    markdown: str,
    to: Format,
    *,
    root: Path,
    resources: Sequence[Path] = (),
    metadata: Mapping[str, str] = {},
    reference_doc: Path | None = None,
    template: Path | None = None,
    css: str | None = None,
    title: str,
    variables: Mapping[str, str] = {},
    toc: bool = False,
    strict: bool = True,
    source_date_epoch: int | None = None,
    timeout: float = TIMEOUT,
    raster_cache: Path | None = None,
    glossary: Mapping[str, str] = {},
) -> bytes:
    """Convert lws's Pandoc Markdown to one output format and return the bytes.

    ``resources`` are the images the Markdown may show (paths inside ``root``, referred to
    in the Markdown relative to ``root``). ``metadata`` values are text that pandoc escapes
    for the output (use it for ``brand-name``, ``subtitle``, ``date``, ``lang``).
    ``variables`` go verbatim into the template, so their values are restricted to letters,
    digits, spaces and ``%._/-``, or a colour such as ``#1f3a5f`` (``brand-primary``,
    ``brand-accent``, the ``logo`` path). ``css`` is the stylesheet text for HTML. ``strict``
    makes every removal by the sanitising filter fail the conversion, not just drop it.
    ``raster_cache`` (a directory inside ``root``) keeps the PNGs that SVG images become in
    DOCX and PPTX, named by a hash of the SVG, so each is rasterised once, not per build.
    ``glossary`` maps acronyms to their meanings: the glossary filter spells out the first
    use of each (in HTML with ``<abbr>``), never in a heading or a link.
    """
    if to not in _WRITER_ARGS:
        raise ConversionError(f"pandoc: unknown output format {to!r}")
    root = root.resolve()
    with tempfile.TemporaryDirectory(prefix="lws-pandoc-") as scratch:
        work = Path(scratch)
        listed = _resource_lines(resources, root, to, work, raster_cache)
        args = [
            f"--from={READER}",
            *_WRITER_ARGS[to],
            "--sandbox",
            "--fail-if-warnings",
            f"--data-dir={work}",
            f"--lua-filter={_filter_path('sanitize.lua')}",
            f"--lua-filter={_filter_path('present.lua')}",
            f"--lua-filter={_filter_path('glossary.lua')}",
            *([f"--lua-filter={_filter_path('typst_text.lua')}"] if to == "typst" else []),
            *_variable_args(variables),
            *_file_args(reference_doc, template, to),
            *_css_args(css, variables, to, work),
            *(["--toc", "--toc-depth=1"] if toc else []),  # one line per section
            "--output=-",
        ]
        epoch = build_epoch(source_date_epoch)
        env = _environment(listed, _metadata_json(metadata, title), strict, epoch, work)
        env["LWS_GLOSSARY"] = _glossary_lines(glossary)
        what = f"conversion to {to}"
        output = _run(args, markdown, what=what, root=root, env=env, timeout=timeout)
    return _dated(output, epoch) if to in ("docx", "pptx") else output


# -- running pandoc -------------------------------------------------------------------------


def _pandoc_path() -> str:
    """The pandoc binary: the one bundled by pypandoc-binary, else pypandoc's choice.

    ``pypandoc.get_pandoc_path()`` prefers whichever pandoc on the machine is newest, which
    would tie lws's output (and the Typst pairing) to the machine, so the pinned bundled
    binary comes first. It is found where pypandoc is installed without importing pypandoc
    (whose import costs more than a short conversion).
    """
    spec = importlib.util.find_spec("pypandoc")
    if spec is not None and spec.origin:
        name = "pandoc.exe" if os.name == "nt" else "pandoc"
        bundled = Path(spec.origin).parent / "files" / name
        if bundled.is_file():
            return str(bundled)
    try:
        import pypandoc  # type: ignore[import-untyped]

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as exc:
        raise ConversionError(f"pandoc: not found ({exc}); install pypandoc-binary") from None


@functools.cache
def _pandoc_version(path: str) -> str:
    try:
        done = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=30, check=True
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise ConversionError(f"pandoc: cannot run {path}: {exc}") from None
    return done.stdout.split()[1]


def _run(
    args: list[str],
    markdown: str,
    *,
    what: str,
    root: Path,
    env: dict[str, str],
    timeout: float = TIMEOUT,
) -> bytes:
    try:
        done = subprocess.run(
            [_pandoc_path(), *args],
            input=markdown.encode("utf-8"),
            capture_output=True,
            cwd=root,
            env=env,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ConversionError(f"pandoc: {what} took longer than {timeout:g}s") from None
    except OSError as exc:
        raise ConversionError(f"pandoc: cannot run pandoc for {what}: {exc}") from None
    if done.returncode != 0:
        raise ConversionError(f"pandoc: {what} failed:\n{_tidy(done.stderr)}")
    return done.stdout


def _tidy(stderr: bytes) -> str:
    """Pandoc's messages without the filter's file and line prefix."""
    text = stderr.decode("utf-8", errors="replace").strip()
    return _SCRIPT_WARNING.sub("[WARNING] ", text) or "(pandoc said nothing)"


def _environment(
    listed: list[str], metadata: str, strict: bool, epoch: int, work: Path
) -> dict[str, str]:
    """A minimal environment: the filter's inputs and nothing of the caller's."""
    return {
        "SOURCE_DATE_EPOCH": str(epoch),
        "LWS_RESOURCES": "\n".join(listed),
        "LWS_METADATA": metadata,
        "LWS_SANITIZE_STRICT": "1" if strict else "0",
        "HOME": str(work),
        "LANG": "C.UTF-8",
    }


def _filter_path(name: str) -> Path:
    """A packaged filter (never a trust's copy: it is what keeps their text inert)."""
    path = packaged("templates") / "filters" / name
    if not path.is_file():
        raise ConversionError(f"pandoc: the filter {path} is missing; reinstall lws")
    return path


def _glossary_lines(glossary: Mapping[str, str]) -> str:
    """``TERM<TAB>MEANING`` lines for the glossary filter (whitespace in either flattened)."""
    return "\n".join(
        f"{' '.join(term.split())}\t{' '.join(meaning.split())}"
        for term, meaning in glossary.items()
        if term.strip() and meaning.strip()
    )


# -- arguments ------------------------------------------------------------------------------


def _metadata_json(metadata: Mapping[str, str], title: str) -> str:
    """The metadata for the filter, which sets each value as literal text."""
    fields = {"lang": "en-GB", "toc-title": "Contents", **metadata, "title": title}
    for key, value in fields.items():
        if not _KEY.match(key) or not isinstance(value, str) or "\0" in value:
            raise ConversionError(f"pandoc: metadata {key!r} is not allowed")
    return json.dumps(fields)


def _variable_args(variables: Mapping[str, str]) -> list[str]:
    for key, value in variables.items():
        if not _KEY.match(key) or not _VARIABLE_VALUE.match(value):
            raise ConversionError(
                f"pandoc: template variable {key}={value!r} is not allowed; variables take "
                "a #rrggbb colour or letters, digits, spaces and %._/- (pass text as metadata)"
            )
    return [f"--variable={key}:{value}" for key, value in variables.items()]


def _file_args(reference_doc: Path | None, template: Path | None, to: str) -> list[str]:
    args = []
    if reference_doc is not None:
        if to not in ("docx", "pptx"):
            raise ConversionError(f"pandoc: a reference document does not apply to {to}")
        args.append(f"--reference-doc={_existing(reference_doc)}")
    if template is not None:
        args.append(f"--template={_existing(template)}")
    return args


def _css_args(css: str | None, variables: Mapping[str, str], to: str, work: Path) -> list[str]:
    if to != "html":
        return []
    brand = "".join(
        f"--{key}: {variables[key]}; "
        for key in ("brand-primary", "brand-accent")
        if key in variables
    )
    # After the stylesheet, so that the brand wins over its fallback values.
    style = (css or "") + (f"\n:root {{ {brand}}}" if brand else "")
    if "</" in style:
        raise ConversionError("pandoc: the stylesheet must not contain '</'")
    # pandoc reads -M values as YAML, so this is boolean false (a -V "false" is truthy).
    args = ["--metadata=document-css:false"] if css is not None else []
    if style:  # a file, not an argument: embedded fonts exceed the length of one argument
        header = work / "style.html"
        header.write_text(f"<style>\n{style}\n</style>\n", encoding="utf-8")
        args.append(f"--include-in-header={header}")
    return args


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise ConversionError(f"pandoc: {path} does not exist")
    return path.resolve()


# -- resources ------------------------------------------------------------------------------


def _resource_lines(
    resources: Sequence[Path], root: Path, to: str, work: Path, cache: Path | None
) -> list[str]:
    """``target<TAB>file<TAB>mime`` for each resource, as the sanitising filter reads them."""
    lines = []
    for number, resource in enumerate(resources):
        target, file = _locate(resource, root)
        mime = _MIME.get(file.suffix.lower())
        if mime is None:
            raise ConversionError(f"pandoc: {target}: images must be PNG, JPEG or SVG")
        if mime == "image/svg+xml" and to in ("docx", "pptx"):
            out = work / f"raster-{number}.png"
            file, mime = _rasterise(file, root, out, cache), "image/png"
        lines.append(f"{target}\t{file}\t{mime}")
    return lines


def _locate(resource: Path, root: Path) -> tuple[str, Path]:
    """The resource's target (POSIX path relative to root) and its resolved file."""
    given = Path(os.path.normpath(root / resource))
    file = given.resolve()
    if not given.is_relative_to(root) or not file.is_relative_to(root):
        raise ConversionError(
            f"pandoc: image {resource} is outside the project {root}; "
            "write build images under the project's build/ directory"
        )
    if not file.is_file():
        raise ConversionError(f"pandoc: image {resource} does not exist")
    target = given.relative_to(root).as_posix()
    if any(char in target for char in "\t\n\r"):
        raise ConversionError(f"pandoc: image path {target!r} has a tab or newline")
    return target, file


def _rasterise(svg: Path, root: Path, out: Path, cache: Path | None) -> Path:
    """The SVG as a PNG: from ``cache`` when it was rasterised before, else made (and kept)."""
    # Imported here: lws.convert.pdf imports ConversionError from this module.
    from lws.convert.pdf import svg_to_png, typst_version

    if cache is None:
        out.write_bytes(svg_to_png(svg, root=root, ppi=RASTER_PPI))
        return out
    key = hashlib.sha256(f"{typst_version()}\0{RASTER_PPI}\0".encode() + svg.read_bytes())
    kept = cache / f"{key.hexdigest()[:32]}.png"
    if not kept.is_file():
        write_atomically(kept, svg_to_png(svg, root=root, ppi=RASTER_PPI))
    return kept


# -- dates ----------------------------------------------------------------------------------


def _dated(package: bytes, epoch: int) -> bytes:
    """DOCX/PPTX with the zip entries and document properties dated ``epoch``, order kept."""
    moment = datetime.fromtimestamp(max(epoch, DEFAULT_EPOCH), tz=UTC)
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = data.replace(b"1970-01-01T00:00:00Z", stamp)
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()
