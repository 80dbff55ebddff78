"""A heading is never the last thing on a PDF page (or at the foot of a leaflet column): read
back from every page of every PDF of the example and of the real-shaped fixtures.

Each heading is found from the PDF's outline (its title, page and top), its lines from the
word boxes of ``pdftotext -bbox-layout`` (Debian poppler-utils); below its last line, in the
same column and above the page's footer, some text must follow."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from lws.publish.build import build
from lws.publish.state import BUILD_DIR

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
CASES = {
    "example": (ROOT / "strategy", dt.date(2026, 12, 1)),
    "sparse": (FIXTURES / "sparse" / "strategy", dt.date(2014, 6, 1)),
    "historical": (FIXTURES / "historical" / "strategy", dt.date(2026, 12, 1)),
}
FOOTER = 2.4 / 2.54 * 72  # the bottom margin (template.typ), in points
NS = "{http://www.w3.org/1999/xhtml}"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@dataclass(frozen=True)
class Line:
    x: float
    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class Heading:
    title: str
    page: int
    top: float  # from the top of the page, in points


def lines_of(pdf: Path) -> list[list[Line]]:
    """Each page's lines of text, top to bottom, from pdftotext's word boxes."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, check=True
    ).stdout
    pages = []
    for page in ET.fromstring(out).iter(f"{NS}page"):
        found = [
            Line(
                float(line.get("xMin", 0)),
                float(line.get("yMin", 0)),
                float(line.get("yMax", 0)),
                " ".join(w.text or "" for w in line.iter(f"{NS}word")),
            )
            for line in page.iter(f"{NS}line")
        ]
        pages.append(sorted(found, key=lambda line: (line.top, line.x)))
    return pages


def headings_of(pdf: Path) -> list[Heading]:
    """Every bookmarked heading (the outline) with its page and its top."""
    reader = PdfReader(pdf)
    out: list[Heading] = []

    def walk(items: Sequence[object]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            elif isinstance(item, Destination):
                page = reader.get_destination_page_number(item)
                assert page is not None
                height = float(reader.pages[page].mediabox.height)
                out.append(Heading(str(item.title), page, height - float(item.top or 0)))

    walk(reader.outline)
    return out


def _words(text: str) -> str:
    return re.sub(r"\W+", "", text.replace("’", "'")).lower()


def stranded(pdf: Path) -> list[str]:
    """The headings with nothing after them on their page, in their column."""
    pages = lines_of(pdf)
    box = PdfReader(pdf).pages[0].mediabox
    height, width = float(box.height), float(box.width)
    out = []
    for heading in headings_of(pdf)[1:]:  # the first is the document's title
        lines = pages[heading.page]
        want = _words(heading.title)
        start = next(
            (
                n
                for n, line in enumerate(lines)
                if line.bottom >= heading.top and want.startswith(_words(line.text)[:12] or "-")
            ),
            None,
        )
        if start is None:
            out.append(f"{heading.title} (page {heading.page + 1}): not found on its page")
            continue
        first, got, end = lines[start], "", start
        while end < len(lines) and want.startswith(got + _words(lines[end].text)):
            got += _words(lines[end].text)
            end += 1
        last = lines[end - 1]
        after = [
            line
            for line in lines[end:]
            if line.top >= last.bottom - 1
            and first.x - 5 <= line.x < first.x + 0.38 * width  # its column, not the next
            and line.bottom < height - FOOTER
        ]
        if not after:
            out.append(f"{heading.title} (page {heading.page + 1})")
    return out


@pytest.fixture(scope="module", params=sorted(CASES))
def pdfs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    source, today = CASES[str(request.param)]
    root = tmp_path_factory.mktemp(str(request.param))
    shutil.copytree(source, root / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", root / "templates" / "assets")
    result = build(root, formats=["pdf"], progress=lambda line: None, today=today)
    assert not result.problems, [p.format() for p in result.problems]
    return sorted((root / BUILD_DIR).glob("*.pdf"))


def test_no_heading_is_the_last_thing_on_a_page(pdfs: list[Path]) -> None:
    assert sum(len(headings_of(pdf)) for pdf in pdfs) > 10  # there are headings to look at
    for pdf in pdfs:
        assert stranded(pdf) == [], pdf.name


def test_the_check_sees_a_stranded_heading(tmp_path: Path) -> None:
    """A PDF whose only heading sits at a page's foot, with its text on the next page."""
    from lws.convert.pdf import typst_pdf

    source = (
        '#set page(paper: "a4", margin: (top: 2.6cm, bottom: 2.4cm, x: 2.2cm))\n'
        "#heading[Opening]\n#lorem(20)\n#v(1fr)\n#heading[Stranded at the foot]\n"
        "#pagebreak()\n#lorem(30)\n"
    )
    pdf = tmp_path / "stranded.pdf"
    pdf.write_bytes(typst_pdf(source, root=tmp_path, fonts=[], source_date_epoch=0))
    assert stranded(pdf) == ["Stranded at the foot (page 1)"]
