"""The full document's cover, the leaflet's quote and image, the foreword's signature: read
back from PDF, HTML and DOCX, with the images checked like the logo."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document as DocxDocument
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pypdf import PdfReader

from lws.core.errors import LwsError
from lws.publish.build import build
from lws.publish.docx_brand import tint
from lws.publish.state import BUILD_DIR

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 12, 1)
ALT = "An illustration of two practitioners and a child talking together."


def _project(tmp: Path, source: Path = ROOT / "strategy") -> Path:
    shutil.copytree(source, tmp / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", tmp / "templates" / "assets")
    return tmp


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _project(tmp_path_factory.mktemp("example"))
    result = build(root, ["leaflet", "full", "slides"], progress=lambda line: None, today=TODAY)
    assert not result.problems, [p.format() for p in result.problems]
    return root


def _pdf_pages(path: Path) -> list[str]:
    return [p.extract_text().replace("’", "'") for p in PdfReader(path).pages]


def _figure_alts(path: Path) -> list[str]:
    """The alt text of every figure in a PDF's tag tree."""

    def tags(node: Any) -> Iterator[Any]:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                yield from tags(kid)
        elif isinstance(node, dict):
            if "/S" in node:
                yield node
            if "/K" in node:
                yield from tags(node["/K"])

    root = PdfReader(path).root_object["/StructTreeRoot"]
    return [str(t.get("/Alt", "")) for t in tags(root) if str(t["/S"]) == "/Figure"]


def test_the_full_document_opens_on_a_cover_then_its_contents(built: Path) -> None:
    first, second, *_ = _pdf_pages(built / BUILD_DIR / "full.pdf")
    assert "Children's Workforce Strategy 2026–2029" in first
    for fact in ("Northbridge Children's Trust", "1 April 2026 to 31 March 2029",
                 "Version 2.1, consulted · as at 1 December 2026"):  # fmt: skip
        assert fact in first
    assert "A message from our Director" not in first  # the cover has a page of its own
    lines = [line.strip() for line in second.split("\n") if line.strip()]
    assert "Contents" in lines[:4]  # the contents page, after the running header
    assert re.search(r"Page 2 of \d+$", lines[-1])
    html = (built / BUILD_DIR / "full.html").read_text(encoding="utf-8")
    cover = re.search(r'<div class="lws-cover">(.*?)</div>', html, re.S)
    assert cover and "as at 1 December 2026" in cover[1]


def test_the_leaflet_shows_its_quote_and_its_image_described(built: Path) -> None:
    [page] = _pdf_pages(built / BUILD_DIR / "leaflet.pdf")  # still one side
    assert "Good supervision is the reason I stayed." in page
    assert "— A social worker in her second year" in page
    assert ALT in _figure_alts(built / BUILD_DIR / "leaflet.pdf")  # in the tag tree
    html = (built / BUILD_DIR / "leaflet.html").read_text(encoding="utf-8")
    assert re.search(rf'<img [^>]*src="data:image/svg[^"]+"[^>]*alt="{re.escape(ALT)}"', html)
    assert "Good supervision is the reason I stayed." in html
    doc = DocxDocument(str(built / BUILD_DIR / "leaflet.docx"))
    descriptions = [d for d in re.findall(r'descr="([^"]*)"', doc.element.xml)]
    assert ALT in descriptions
    assert any("Good supervision" in p.text for p in doc.paragraphs)


def test_the_foreword_is_signed_with_the_signature_image(built: Path) -> None:
    html = (built / BUILD_DIR / "full.html").read_text(encoding="utf-8")
    assert re.search(
        r'<img [^>]*src="data:image/svg[^"]+"[^>]*alt="Signature of Andrea Pell"', html
    )
    assert "Signature of Andrea Pell" in _figure_alts(built / BUILD_DIR / "full.pdf")


def test_a_quote_withheld_from_staff_stays_off_the_leaflet(tmp_path: Path) -> None:
    root = _project(tmp_path)
    quotes = root / "strategy" / "quotes.yaml"
    quotes.write_text(
        quotes.read_text().replace(
            "    leaflet: true\n", "    leaflet: true\n    audiences: [board]\n"
        )
    )
    assert not build(root, ["leaflet"], ["html"], progress=lambda line: None, today=TODAY).problems
    assert "Good supervision" not in (root / BUILD_DIR / "leaflet.html").read_text()


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "message"),
    [
        ("foreword.yaml", "assets/signature.svg", "assets/gone.png", "strategy/foreword.yaml:25:14",
         "signature file 'templates/assets/gone.png' does not exist"),
        ("publication.yaml", "assets/leaflet.svg", "assets/huge.svg", "strategy/publication.yaml:",
         "leaflet image file 'templates/assets/huge.svg' declares"),
    ],
)  # fmt: skip
def test_an_image_missing_or_too_large_is_a_located_error(
    tmp_path: Path, file: str, old: str, new: str, where: str, message: str
) -> None:
    root = _project(tmp_path)
    (root / "templates" / "assets" / "huge.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"/>'
    )
    path = root / "strategy" / file
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(LwsError) as raised:
        build(root, ["full", "leaflet"], ["html"], progress=lambda line: None, today=TODAY)
    [problem] = raised.value.diagnostics
    assert problem.format().startswith(where)
    assert message in problem.message


def test_the_logo_is_on_the_slide_master_clear_of_every_title(built: Path) -> None:
    deck = Presentation(str(built / BUILD_DIR / "slides.pptx"))
    master = deck.slide_masters[0]
    [logo] = [s for s in master.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert logo._element.xpath("./p:nvPicPr/p:cNvPr/@descr") == ["Northbridge Children’s Trust"]
    width, height = deck.slide_width or 0, deck.slide_height or 0
    assert logo.top > 0 and logo.left + logo.width < width  # on the slide, at its top right
    assert logo.top + logo.height < height // 5
    titles = [s for s in master.shapes if s.is_placeholder and s.name.startswith("Title")]
    [title] = titles
    assert title.left + title.width < logo.left  # the title is narrowed to clear it
    for layout in [slide.slide_layout for slide in deck.slides]:  # each shows the logo
        assert layout._element.get("showMasterSp") != "0", layout.name
        for shape in layout.placeholders:
            if shape.placeholder_format.type == PP_PLACEHOLDER.TITLE and shape.width:
                assert shape.left + shape.width <= logo.left or shape.top > logo.top + logo.height


WML = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph_look(doc: Any, name: str) -> dict[str, dict[str, str]]:
    """A paragraph style's borders, shading and alignment: {"top": {"color": ...}, ...}."""
    style = next(s for s in doc.styles if s.name == name).element
    found = style.findall(f"{WML}pPr/{WML}pBdr/*") + style.findall(f"{WML}pPr/{WML}shd")
    found += style.findall(f"{WML}pPr/{WML}jc")
    return {e.tag.removeprefix(WML): {k.removeprefix(WML): v for k, v in e.items()} for e in found}


def test_the_docx_cover_has_the_pdfs_panel_in_the_brand_colours(built: Path) -> None:
    doc = DocxDocument(str(built / BUILD_DIR / "full.docx"))
    cover = [(p.style.name if p.style else "", p.text) for p in doc.paragraphs[:7]]
    assert cover == [
        ("Title", "Children’s Workforce Strategy 2026–2029"),  # as the text under it reads
        ("Subtitle", "Full strategy"),
        ("Date", "1 December 2026"),
        ("Cover Space", ""),  # a fixed height: the panel stands near the foot of the page
        ("Cover Panel", "Northbridge Children’s Trust"),
        ("Cover Panel", "1 April 2026 to 31 March 2029"),
        ("Cover Panel", "Version 2.1, consulted · as at 1 December 2026"),
    ]
    primary, accent = "1D4F91", "E07A1F"  # the example's brand (publication.yaml)
    panel = _paragraph_look(doc, "Cover Panel")
    assert panel["shd"]["fill"] == tint(primary, 0.86)  # the band, in the brand's tint
    assert (panel["top"]["color"], panel["top"]["sz"]) == (primary, "32")  # a 4 pt rule
    title = _paragraph_look(doc, "Title")  # set like the PDF's title, ruled in the accent
    assert (title["jc"]["val"], title["bottom"]["color"]) == ("left", accent)
    space = next(s for s in doc.styles if s.name == "Cover Space").paragraph_format
    assert space.line_spacing is not None and space.line_spacing.cm > 10


def test_docx_tables_are_set_in_the_pdfs_table_size(built: Path) -> None:
    doc = DocxDocument(str(built / BUILD_DIR / "full.docx"))
    cells = [p for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
    assert len(cells) > 500
    assert {p.style.name for p in cells} == {"Table Text"}
    size = next(s for s in doc.styles if s.name == "Table Text").font.size
    assert size is not None and size.pt == 9.5  # as in the PDF (templates/typst/template.typ)


def test_slide_pictures_are_described_and_captioned_and_the_logo_is_there(built: Path) -> None:
    path = built / BUILD_DIR / "slides.pptx"
    deck = Presentation(str(path))
    with zipfile.ZipFile(path) as package:  # every image the master and layouts name
        names = set(package.namelist())
        masters = ("ppt/slideMasters/_rels/", "ppt/slideLayouts/_rels/")
        for rels in (n for n in names if n.startswith(masters)):
            for target in re.findall(r'Target="\.\./media/([^"]+)"', package.read(rels).decode()):
                assert f"ppt/media/{target}" in names, (rels, target)
    pictures = [
        (slide, shape)
        for slide in deck.slides
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.PICTURE
    ]
    assert len(pictures) == 2  # the prioritisation matrix and the risk heat map
    for slide, picture in pictures:
        [described] = picture._element.xpath("./p:nvPicPr/p:cNvPr/@descr")
        assert described.startswith(("Prioritisation matrix of 10", "Risk heat map of 7"))
        assert ".svg" not in described and "\n" not in described  # the text, not the path
        shown = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert described not in shown  # the slide shows the short caption
        assert re.search(r"candidate solutions by impact|Risks by probability and impact", shown)
        assert len(shown) < 200


def test_no_leaflet_heading_stands_over_nothing(example: Path, sparse: Path) -> None:
    """A new trust's leaflet printed "Our vision" over nothing while the vision was unwritten."""
    bare = re.compile(r"<h[23][^>]*>[^<]*</h[23]>\s*(?=</section>|</div>|<h[23]|</main>)")
    for project in (example, sparse):
        page = (project / BUILD_DIR / "leaflet.html").read_text(encoding="utf-8")
        assert bare.findall(page) == [], project.name
        pdf = "\n".join(
            p.extract_text() for p in PdfReader(project / BUILD_DIR / "leaflet.pdf").pages
        )
        assert ("Our vision" in pdf) == (project == example), project.name


def test_the_html_logo_is_in_the_masthead_beside_the_trust_name(
    example: Path, sparse: Path
) -> None:
    """As the PDF's title block: the logo (its own bytes, as a data: URI; no words of its
    own, the name beside it says it) in the masthead, not under the title's rule; a trust
    without a logo has its name alone."""
    import base64

    logo = (example / "templates" / "assets" / "logo.svg").read_bytes()
    for variant in ("leaflet", "board", "full"):
        text = (example / BUILD_DIR / f"{variant}.html").read_text(encoding="utf-8")
        header = text[text.index('<header id="title-block-header"') : text.index("</header>")]
        found = re.search(
            r'<img class="brand-logo" alt="" src="data:image/svg\+xml;base64,([^"]+)"', header
        )
        assert found and base64.b64decode(found.group(1)) == logo, variant
        assert header.index("brand-logo") < header.index('class="brand-name"') < header.index("<h1")
        body = text[text.index("<main") :]
        assert "<img" not in body[: body.index("<h2")], variant  # nothing before the first heading
        assert "lws:logo" not in text
    for variant in ("leaflet", "board", "full"):
        text = (sparse / BUILD_DIR / f"{variant}.html").read_text(encoding="utf-8")
        assert '<img class="brand-logo"' not in text and '<p class="brand-name">' in text
