"""A heading is never left at the foot of a PDF page (or of a leaflet column) with what it
introduces on the next: read back from every page of every PDF of the example and of the
real-shaped fixtures.

Each heading is found from the PDF's outline (its title, page and top), its lines from the
word boxes of ``pdftotext -bbox-layout`` (Debian poppler-utils). Below its last line, in the
same column and above the page's footer, there must be a figure (its caption: a chart's own
text is drawn as shapes), or at least MIN_LINES lines of text, or the whole of its section
(the next heading on the same page)."""

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
from tests.convert.documents import CHART
from tests.convert.documents import site as chart_site

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
TEMPLATE = ROOT / "templates" / "typst" / "template.typ"
CASES = {
    "example": (ROOT / "strategy", dt.date(2026, 12, 1)),
    "sparse": (FIXTURES / "sparse" / "strategy", dt.date(2014, 6, 1)),
    "historical": (FIXTURES / "historical" / "strategy", dt.date(2026, 12, 1)),
}
FOOTER = 2.4 / 2.54 * 72  # the bottom margin (template.typ), in points
HEADER = 2.6 / 2.54 * 72  # the top margin (template.typ): the running header is above it
MIN_LINES = 3  # below a heading at a page's foot: fewer, and the heading looks stranded
CAPTION = re.compile(r"(Figure|Table) \d+: ")
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
    """The headings left at a page's foot: with too little of their section after them."""
    pages = lines_of(pdf)
    box = PdfReader(pdf).pages[0].mediabox
    height, width = float(box.height), float(box.width)
    headings = headings_of(pdf)
    out = []
    for n, heading in enumerate(headings[1:], 1):  # the first is the document's title
        lines = pages[heading.page]
        want = _words(heading.title)
        start = next(
            (
                i
                for i, line in enumerate(lines)
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
            and line.top < height - FOOTER
        ]
        following = headings[n + 1] if n + 1 < len(headings) else None
        if following is None:
            ends_here = heading.page == len(pages) - 1  # the document ends on its page
        else:
            ends_here = following.page == heading.page or _opens_page(following, pages)
        if not after:
            out.append(f"{heading.title} (page {heading.page + 1})")
        elif not (
            ends_here or len(after) >= MIN_LINES or any(CAPTION.match(line.text) for line in after)
        ):
            out.append(f"{heading.title} (page {heading.page + 1}): {len(after)} lines")
    return out


def _opens_page(heading: Heading, pages: list[list[Line]]) -> bool:
    """Whether a heading is the first thing on its page (below the running header)."""
    body = [line for line in pages[heading.page] if line.bottom > HEADER]
    return bool(body) and _words(heading.title).startswith(_words(body[0].text)[:12] or "-")


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


AFTER = {
    "figure": f"One sentence says what the chart shows.\n\n![Versions of the strategy]({CHART})"
    "{width=90%}\n\nText after the chart.\n",
    "text": "\n\n".join(f"Paragraph {n} of the section, one line long." for n in range(8)),
}


@pytest.mark.parametrize("follows", sorted(AFTER))
def test_a_heading_near_the_foot_moves_with_what_follows(tmp_path: Path, follows: str) -> None:
    """Swept down the page a line at a time, a heading keeps with its intro and figure, or
    starts the next page rather than sit at the foot with a line or two."""
    from lws.convert.pandoc import convert
    from lws.convert.pdf import typst_pdf

    root = chart_site(tmp_path)
    seen = set()
    for filler in range(12, 36):
        markdown = "".join(f"Filler line {n}.\n\n" for n in range(filler))
        markdown += f"## A heading {filler}\n\n{AFTER[follows]}\n\n## The next section\n\nEnd.\n"
        typst = convert(
            markdown, "typst", root=root, resources=[Path(CHART)], template=TEMPLATE, title="T"
        )
        pdf = tmp_path / f"{filler}.pdf"
        pdf.write_bytes(typst_pdf(typst.decode("utf-8"), root=root))
        assert stranded(pdf) == [], filler
        seen.add(next(h.page for h in headings_of(pdf) if h.title.startswith("A heading")))
    assert seen == {0, 1}  # the sweep crossed the page's foot
