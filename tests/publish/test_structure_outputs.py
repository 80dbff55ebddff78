"""publication.yaml's structure drives the full document, read back from every format: the
foreword with its signatory, the quotes attributed by role, the trust's own sections under
their own headings, appendices, in the trust's order, and nothing the structure leaves out.

On the example (Northbridge) and on the historical fixture (a 2010–13 strategy with its own
foreword, context section, commitments and appendix, in the order its document had)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from pypdf import PdfReader

from lws.publish.build import build
from lws.publish.state import BUILD_DIR

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 12, 1)
#: The level-1 headings of each full document, in order (the title is the HTML masthead's).
HEADINGS = {
    "historical": [
        "Foreword",
        "Contents",
        "Westvale in context",
        "Our vision",
        "In their own words",
        "The action plan",
        "Measuring progress",
        "Our commitments to the workforce",
        "Risks",
        "How the strategy is governed",
        "Appendices",
    ],
    "example": [
        "Contents",
        "A message from our Director of Children's Services",
        "The strategy at a glance",
        "Why we are doing this and what it covers",
        "Northbridge and its children today",
        "What problems and challenges are we tackling?",
    ],
}


class _Headings(HTMLParser):
    """The text of each heading of an HTML page's <main>, with its level, and all its text."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self._level = 0
        self._main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._main = self._main or tag == "main"
        if self._main and re.fullmatch(r"h[1-6]", tag):
            self._level = int(tag[1])
            self.headings.append((self._level, ""))

    def handle_endtag(self, tag: str) -> None:
        if re.fullmatch(r"h[1-6]", tag):
            self._level = 0

    def handle_data(self, data: str) -> None:
        if self._main:
            self.text.append(data)
        if self._level and self.headings:
            level, text = self.headings[-1]
            self.headings[-1] = (level, " ".join((text + data).replace("’", "'").split()))


def _html(path: Path) -> _Headings:
    parser = _Headings()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _project(tmp: Path, name: str) -> Path:
    source = ROOT / "strategy" if name == "example" else FIXTURES / name / "strategy"
    shutil.copytree(source, tmp / "strategy")
    if name == "example":
        shutil.copytree(ROOT / "templates" / "assets", tmp / "templates" / "assets")
    return tmp


@pytest.fixture(scope="module", params=["historical", "example"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    name = str(request.param)
    root = _project(tmp_path_factory.mktemp(name), name)
    formats = ("html", "docx", "pdf") if name == "historical" else ("html", "pdf")
    result = build(root, ["full"], formats, progress=lambda line: None, today=TODAY)
    assert not result.problems, [p.format() for p in result.problems]
    return root


def _name(root: Path) -> str:
    return (
        "historical" if "Westvale" in (root / "strategy/manifest.yaml").read_text() else "example"
    )


def _in_order(found: list[str], wanted: list[str]) -> bool:
    at = [found.index(w) for w in wanted]
    return at == sorted(at)


def test_html_parts_come_in_the_structure_s_order(built: Path) -> None:
    page = _html(built / BUILD_DIR / "full.html")
    top = [text.strip() for level, text in page.headings if level == 1]
    wanted = [h for h in HEADINGS[_name(built)] if h != "Contents"]  # HTML: a nav
    assert _in_order(top, wanted), top
    if _name(built) == "historical":
        assert top == wanted  # nothing the structure leaves out
        second = [text.strip() for level, text in page.headings if level == 2]
        assert second[-1] == "Membership of the Children's Workforce Development Group"
        assert "Our vision" in top and "Why we are doing this and what it covers" not in top


def test_the_foreword_is_signed_and_the_quotes_attributed_by_role(built: Path) -> None:
    text = " ".join(" ".join(_html(built / BUILD_DIR / "full.html").text).split())
    text = text.replace("’", "'")
    if _name(built) == "historical":
        assert "Councillor Janet Morrow Chair, Westvale Children's Trust Board Feb 2010" in (text)
        assert "“Since we started using the CAF I only have to tell my story once.”" in text
        assert "— A parent in the Northern locality" in text
        assert "c. 8%" in text  # a figure in an own section, as written
    else:
        assert "Andrea Pell Director of Children's Services, on behalf of" in text
        assert "— Kemi Okafor, Designated safeguarding lead" in text  # named: show_name
        assert "— A social worker in her second year" in text  # otherwise the role only
        assert "joint strategic needs assessment" in text


def test_pdf_pages_follow_the_structure(built: Path) -> None:
    reader = PdfReader(built / BUILD_DIR / "full.pdf")
    pages = [p.extract_text().replace("’", "'") for p in reader.pages]
    last = 0
    for heading in HEADINGS[_name(built)]:  # each on a page at or after the one before
        starts = [
            n for n, page in enumerate(pages) if re.search(rf"(?m)^{re.escape(heading)}", page)
        ]
        assert any(n >= last for n in starts), (heading, starts, last)
        last = min(n for n in starts if n >= last)


def test_docx_headings_follow_the_structure(built: Path) -> None:
    if _name(built) != "historical":
        pytest.skip("the example's DOCX is read back by test_build")
    doc = DocxDocument(str(built / BUILD_DIR / "full.docx"))
    top = [p.text for p in doc.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert top == [h for h in HEADINGS["historical"] if h != "Contents"]
    body = "\n".join(p.text for p in doc.paragraphs).replace("’", "'")
    assert "Chair, Westvale Children's Trust Board" in body
    assert "joint training in integrated working, free to every partner;" in body


def test_a_quote_for_the_board_only_stays_out_of_the_full_document(tmp_path: Path) -> None:
    root = _project(tmp_path, "example")
    quotes = root / "strategy" / "quotes.yaml"
    quotes.write_text(
        quotes.read_text().replace("audiences: [board, partners]", "audiences: [board]")
    )
    structure = root / "strategy" / "publication.yaml"
    text = structure.read_text()
    structure.write_text(text.replace("  - contents\n", "").replace("  - risks\n", ""))
    result = build(root, ["full"], ["html"], progress=lambda line: None, today=TODAY)
    assert not result.problems
    page = (root / BUILD_DIR / "full.html").read_text(encoding="utf-8")
    assert "Every agency worker we replace" not in page
    assert "Good supervision is the reason I stayed" in page
    assert 'id="TOC"' not in page  # no contents unless the structure lists them
    assert '<h1 id="risks"' not in page
