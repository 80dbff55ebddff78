"""Accessibility of every output: axe-core in Chromium, the PDF's tag tree, described images.

Run on the bundled example and on a new trust's sparse skeleton (``lws init``), so that
empty sections and missing charts are covered too.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, StreamObject

from lws.publish.state import BUILD_DIR
from tests.chromium import probe
from tests.publish.test_build import html_text

WIDTHS = (320, 375, 1280)
VARIANTS = ("leaflet", "board", "full")
TITLES = {"leaflet": "Staff leaflet", "board": "Board summary", "full": "Full strategy"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("variant", VARIANTS)
def test_example_html_has_no_axe_violations_and_nothing_clipped(
    example: Path, variant: str, width: int
) -> None:
    """axe-core finds nothing, of any impact; tables fit or reflow, nothing is cut off, no
    date in a table breaks across lines, and a reflowed cell's value stays whole."""
    result = probe(example / BUILD_DIR / f"{variant}.html", width)
    assert result["width"] == width
    assert result["violations"] == []
    assert result["overflow"] <= 0 and result["clipped"] == []
    assert result["brokenDates"] == []
    assert result["splitCells"] == []


@pytest.mark.parametrize("width", WIDTHS)
def test_sparse_html_has_no_axe_violations(sparse: Path, width: int) -> None:
    for variant in VARIANTS:
        result = probe(sparse / BUILD_DIR / f"{variant}.html", width)
        assert result["violations"] == [] and result["clipped"] == [], variant
        assert result["brokenDates"] == [] and result["splitCells"] == [], variant


@pytest.mark.parametrize("variant", VARIANTS)
def test_html_has_landmarks_skip_link_and_table_captions(example: Path, variant: str) -> None:
    text = (example / BUILD_DIR / f"{variant}.html").read_text(encoding="utf-8")
    page = html_text(example / BUILD_DIR / f"{variant}.html")
    tags = [t for t, _ in page.tags]
    assert tags.count("main") == 1 and tags.count("h1") >= 1
    first_link = next(dict(a) for t, a in page.tags if t == "a")
    assert first_link.get("href") == "#main" and 'id="main"' in text
    assert tags.count("table") == tags.count("caption")
    assert "data-fig-alt" not in text
    title = re.search(r"<title>(.*?)</title>", text)
    assert title and title.group(1).endswith(TITLES[variant])


def test_chart_descriptions_are_the_images_text_alternative(example: Path) -> None:
    page = html_text(example / BUILD_DIR / "board.html")
    alts = [str(dict(a).get("alt")) for t, a in page.tags if t == "img"]
    charts = [alt for alt in alts if alt.startswith("Actions by RAG status")]
    assert charts and "Recruiting and retaining: 5 actions" in charts[0]


def _tags(node: Any) -> Iterator[DictionaryObject]:
    node = node.get_object()
    if isinstance(node, ArrayObject):
        for item in node:
            yield from _tags(item)
    elif isinstance(node, DictionaryObject):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from _tags(node["/K"])


@pytest.mark.parametrize("variant", VARIANTS)
def test_pdf_is_pdf_ua_with_a_title_heading_and_described_figures(
    example: Path, variant: str
) -> None:
    reader = PdfReader(example / BUILD_DIR / f"{variant}.pdf")
    catalog = reader.root_object
    metadata = catalog["/Metadata"].get_object()
    assert isinstance(metadata, StreamObject)
    assert re.search(r"pdfuaid:part[^0-9]*1", metadata.get_data().decode())
    tags = list(_tags(catalog["/StructTreeRoot"]))
    kinds = [str(t["/S"]) for t in tags]
    headings = [k for k in kinds if re.fullmatch(r"/H\d", k)]
    assert headings[0] == "/H1"
    figures = [t for t in tags if str(t["/S"]) == "/Figure"]
    assert all(str(f.get("/Alt", "")).strip() for f in figures)
    if variant != "leaflet":
        assert figures, "the board and full document have charts"
    title = str(reader.metadata.title if reader.metadata else "")
    assert title.endswith(TITLES[variant])


def _descriptions(path: Path, part: str) -> list[str]:
    with zipfile.ZipFile(path) as package:
        xml = "".join(
            package.read(name).decode()
            for name in package.namelist()
            if name.startswith(part) and name.endswith(".xml")
        )
    return re.findall(r'<(?:wp|p):(?:docPr|cNvPr) [^>]*?descr="([^"]*)"', xml)


def test_docx_and_pptx_pictures_are_described_by_the_charts_text(example: Path) -> None:
    docx = _descriptions(example / BUILD_DIR / "full.docx", "word/document")
    assert docx and all(d.strip() for d in docx)
    assert any(d.startswith("Actions by RAG status") for d in docx)
    pptx = _descriptions(example / BUILD_DIR / "slides.pptx", "ppt/slides/")
    assert pptx and all(d.strip() for d in pptx)
