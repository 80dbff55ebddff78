"""Converting one job: its Markdown through Pandoc (and Typst for PDF) into an output's bytes.

Each format gets its look here (the HTML's style sheet and logo, the branded DOCX and PPTX
references, the Typst template and fonts); every output is read back for the words of items
its audiences may not see (:mod:`lws.publish.leaks`) before it may be written, and a PDF is
held to its variant's page limit.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lws.core.dates import long_date
from lws.core.errors import LwsError
from lws.core.fonts import BUNDLED_FONT, font_face_css
from lws.core.resources import Resources
from lws.publish.brand import branded_reference_docx, branded_reference_pptx, font_files
from lws.publish.job import Job
from lws.publish.leaks import leaks
from lws.publish.state import BUILD_DIR, CHART_DIR
from lws.publish.typography import curled

RASTER_DIR = Path(BUILD_DIR) / ".lws" / "raster"


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

    resources = _resources(job.markdown, root, job.images)
    variables = {k: v for k, v in job.brand.items() if k not in ("name", "font")}
    fonts = font_files(root)
    font = job.brand.get("font")
    if font and fonts and job.fmt == "pdf":
        variables["mainfont"] = str(font)  # Typst finds it among the trust's font files
    metadata = {
        "brand-name": str(job.brand["name"]),  # curled in the brand
        "subtitle": curled(job.variant.title),
        "date": _capitalised(
            job.as_at or long_date(dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date())
        ),
        "lang": "en-GB",
    }
    common: dict[str, Any] = {
        "root": root,
        "resources": resources,
        "metadata": metadata,
        "title": curled(job.title),
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
        page = pandoc.convert(
            job.markdown,
            "html",
            css=css,
            template=Resources(root).find("templates", "html/template.html"),
            toc=False,  # present.lua places the contents where the structure lists them
            **common,
        )
        logo = job.brand.get("logo")
        return with_logo(page, root / str(logo)) if logo else page
    if job.fmt == "docx":
        from lws.publish.docx_leaflet import laid_out
        from lws.publish.docx_tables import kept_together

        return laid_out(
            kept_together(
                pandoc.convert(
                    job.markdown,
                    "docx",
                    reference_doc=branded_reference_docx(
                        root, job.brand, root / BUILD_DIR / ".lws"
                    ),
                    toc=False,  # present.lua writes the contents (a TOC field) after the cover
                    raster_cache=root / RASTER_DIR,
                    **common,
                )
            ),  # no row split across pages, short tables whole, long ones 2+ rows a side
            fonts if font else (),  # its lines estimated in the trust's font when it has the files
        )  # the leaflet in two columns (present.lua marks it); any other DOCX unchanged
    if job.fmt == "pptx":
        from lws.publish.pptx_brand import finished

        reference = branded_reference_pptx(root, job.brand, root / BUILD_DIR / ".lws")
        deck = pandoc.convert(
            job.markdown, "pptx", reference_doc=reference, raster_cache=root / RASTER_DIR, **common
        )
        notes = (
            f"{job.title}: {job.variant.title.lower()} from {job.brand['name']}. Introduce "
            "yourself and say what the session is for: what the strategy means for each team."
        )
        return finished(deck, notes, reference.read_bytes() if reference else None)
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
        pages = pdf.page_count(data)
        if pages > job.variant.max_pages:
            raise pandoc.ConversionError(
                f"{job.variant.title} is {pages} pages long; it must fit in "
                f"{job.variant.max_pages} (shorten the text it shows, or change max_pages "
                "in templates/variants.yaml)"
            )
    return data


def _resources(markdown: str, root: Path, images: Sequence[str] = ()) -> list[Path]:
    """The images the Markdown shows: lws's charts and the repository images the strategy
    names (checked by :func:`lws.publish.brand.checked_image`), all inside the project."""
    found = [root / image for image in images if f"]({image})" in markdown]
    for line in markdown.splitlines():
        start = line.find(f"]({CHART_DIR.as_posix()}/")
        if start >= 0:
            path = line[start + 2 : line.index(")", start)]
            found.append(root / path)
    return found


_MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


LOGO_MARK = b"<!--lws:logo-->"  # where the HTML template's masthead shows the trust's logo


def with_logo(page: bytes, logo: Path) -> bytes:
    """The HTML page with the trust's logo where its template marks it (:data:`LOGO_MARK`),
    beside the trust's name, so it takes no words of its own (``alt=""``).

    Put in after pandoc, as a ``data:`` URI: the sandboxed pandoc embeds only the Markdown's
    own images, a template's are none of them, and a template variable cannot carry one.
    A trust's template without the mark shows no logo.
    """
    mime = _MIME.get(logo.suffix.lower(), "application/octet-stream")
    encoded = base64.b64encode(logo.read_bytes())
    tag = b'<img class="brand-logo" alt="" src="data:' + mime.encode() + b";base64," + encoded
    return page.replace(LOGO_MARK, tag + b'">', 1)


def _capitalised(text: str) -> str:
    """A date as a line of its own on the cover: "The end of 2013", "1 December 2026"."""
    return text[:1].upper() + text[1:]
