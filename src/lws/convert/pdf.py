"""PDF (and PNG for SVG images) with the Typst compiler from the ``typst`` package.

The Typst source comes from :func:`lws.convert.pandoc.convert` with ``to="typst"``. Typst runs
in-process (``typst`` 0.15.2, paired with pandoc 3.9's Typst writer) with ``root`` set to
the project, so it refuses any file outside it, and without system fonts, so the PDF does
not depend on the machine: the fonts are Typst's embedded ones (Libertinus Serif, New
Computer Modern, DejaVu Sans Mono), the bundled Atkinson Hyperlegible
(:mod:`lws.core.fonts`) and any in ``fonts``. The creation date comes from
``SOURCE_DATE_EPOCH`` (argument, else the caller's environment, else 1980-01-01), so the
same source gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import json
import re
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import typst

from lws.convert.pandoc import ConversionError, build_epoch
from lws.core.fonts import bundled_font_dir


def typst_pdf(
    source: str,
    *,
    root: Path,
    fonts: Sequence[Path] = (),
    source_date_epoch: int | None = None,
    strict: bool = True,
    accessible: bool = False,
) -> bytes:
    """Compile Typst source to PDF; ``strict`` makes Typst's warnings (e.g. a missing font) fail.

    ``accessible`` compiles in Typst's PDF/UA-1 mode, which refuses a document without a
    title, with an image lacking alt text or whose first heading is not of level 1.
    """
    return _compile(
        source.encode("utf-8"),
        root=root,
        fonts=fonts,
        fmt="pdf",
        timestamp=build_epoch(source_date_epoch),
        strict=strict,
        standards=["ua-1"] if accessible else [],
    )


@functools.cache
def typst_version() -> str:
    """The version of the Typst compiler, which decides the bytes it makes."""
    from importlib.metadata import version

    return version("typst")


def svg_to_png(svg: Path, *, root: Path, ppi: int = 192) -> bytes:
    """Rasterise an SVG inside ``root`` at its own size, recording ``ppi`` in the PNG."""
    target = "/" + svg.resolve().relative_to(root.resolve()).as_posix()
    source = (
        "#set page(width: auto, height: auto, margin: 0pt, fill: none)\n"
        f"#image({json.dumps(target)})\n"
    )
    png = _compile(source.encode("utf-8"), root=root, fonts=(), fmt="png", ppi=ppi)
    return _with_resolution(png, ppi)


def _compile(
    source: bytes,
    *,
    root: Path,
    fonts: Sequence[Path],
    fmt: Literal["pdf", "png"],
    ppi: float | None = None,
    timestamp: int | None = None,
    strict: bool = True,
    standards: Sequence[typst.PDFStandard] = (),
) -> bytes:
    compiler = typst.Compiler(
        root=str(root.resolve()),
        font_paths=[str(bundled_font_dir()), *(str(font) for font in fonts)],
        ignore_system_fonts=True,
    )
    try:
        output, warnings = compiler.compile_with_warnings(
            input=source,
            format=fmt,
            ppi=ppi,
            timestamp=timestamp,
            pdf_standards=list(standards),
        )
    except typst.TypstError as exc:
        raise ConversionError(f"typst: {fmt} failed: {_describe(exc)}") from None
    if strict and warnings:
        described = "\n".join(_describe(warning) for warning in warnings)
        raise ConversionError(f"typst: {fmt} has warnings:\n{described}")
    if not isinstance(output, bytes):
        raise ConversionError(f"typst: {fmt} gave {len(output or [])} pages, expected one file")
    return output


def _describe(problem: typst.TypstError | typst.TypstWarning) -> str:
    hints = "".join(f"\n  hint: {hint}" for hint in problem.hints or ())
    return f"{problem.diagnostic or problem.message}{hints}"


def _with_resolution(png: bytes, ppi: int) -> bytes:
    """Insert a pHYs chunk after IHDR so that readers size the image by ``ppi``."""
    per_metre = round(ppi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body))
    ihdr_end = 8 + 4 + 4 + 13 + 4
    return png[:ihdr_end] + chunk + png[ihdr_end:]


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_XREF = re.compile(rb"xref\s+0\s+(\d+)[ \t]*\r?\n")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)


def page_count(data: bytes) -> int:
    """How many pages a PDF has: read from its page tree where Typst writes it (a plain
    cross-reference table, the catalogue and page tree uncompressed), else by pypdf (whose
    import costs a build more than reading a number)."""
    count = _page_tree_count(data)
    if count is not None:
        return count
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def _page_tree_count(data: bytes) -> int | None:
    """``/Count`` of the root page tree, found through the one cross-reference table; None
    for anything else (a cross-reference stream, an incremental update, a compressed
    catalogue, an offset that does not point at its object)."""
    end = _STARTXREF.search(data, max(len(data) - 1024, 0))
    if end is None:
        return None
    start = int(end[1])
    table = _XREF.match(data, start)
    trailer = _TRAILER.search(data, start)
    if table is None or trailer is None or b"/Prev" in trailer[1]:
        return None
    entries, size = table.end(), int(table[1])

    def body(number: int) -> bytes | None:
        if not 0 < number < size:
            return None
        entry = data[entries + 20 * number : entries + 20 * number + 18]
        if len(entry) != 18 or entry[17:18] != b"n":
            return None
        offset = int(entry[:10])
        if not data.startswith(b"%d 0 obj" % number, offset):
            return None
        close = data.find(b"endobj", offset)
        return data[offset:close] if close > 0 else None

    root = re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer[1])
    catalogue = body(int(root[1])) if root else None
    pages = re.search(rb"/Pages\s+(\d+)\s+0\s+R", catalogue) if catalogue else None
    tree = body(int(pages[1])) if pages else None
    if tree is None or not re.search(rb"/Type\s*/Pages\b", tree) or b"stream" in tree:
        return None
    count = re.search(rb"/Count\s+(\d+)", tree)
    return int(count[1]) if count else None
