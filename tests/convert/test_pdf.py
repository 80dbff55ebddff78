"""lws.convert.pdf with the real pandoc and Typst: Typst output compiles, reads back, is pinned."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pypdf
import pytest

from lws.convert.pandoc import ConversionError, convert
from lws.convert.pdf import _page_tree_count, page_count, svg_to_png, typst_pdf
from tests.convert.documents import CHART, PASSWD_LINE, PRIORITIES, REPO
from tests.convert.documents import site as chart_site
from tests.pngs import solid_png

TEMPLATE = REPO / "templates" / "typst" / "template.typ"
LOGO = "build/logo.png"
A4 = (595.28, 841.89)
PARAGRAPH = "The trust will grow a skilled, stable and confident workforce across services. " * 8

DOCUMENT = f"""\
# Where we are now

{PARAGRAPH}

{PRIORITIES}
# Next steps

{PARAGRAPH}

{PARAGRAPH}

{PARAGRAPH}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = chart_site(tmp_path_factory.mktemp("site"))
    (root / LOGO).write_bytes(solid_png(60, 30, b"\x20\x60\xa0"))
    return root


@pytest.fixture(scope="module")
def source(site: Path) -> str:
    """The document as Typst, through lws's template with the trust's brand."""
    typst = convert(
        DOCUMENT,
        "typst",
        root=site,
        resources=[Path(CHART), Path(LOGO)],
        template=TEMPLATE,
        title="Workforce strategy",
        metadata={"brand-name": "Northshire Children's Trust", "date": "November 2026"},
        variables={"brand-primary": "#5b2a86", "logo": LOGO},
    )
    return typst.decode("utf-8")


@pytest.fixture(scope="module")
def pdf(source: str, site: Path) -> bytes:
    return typst_pdf(source, root=site)


def _reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def _size(page: pypdf.PageObject) -> tuple[float, float]:
    return float(page.mediabox.width), float(page.mediabox.height)


def _text(data: bytes) -> list[str]:
    return [page.extract_text() for page in _reader(data).pages]


def test_pages_are_a4(pdf: bytes) -> None:
    pages = _reader(pdf).pages
    assert len(pages) >= 2
    assert all(_size(page) == pytest.approx(A4, abs=0.1) for page in pages)


def test_text_reads_back(pdf: bytes) -> None:
    pages = _text(pdf)
    first = pages[0]
    for expected in ("Workforce strategy", "Where we are now", "Priorities", "Recruit and retain"):
        assert expected in first
    assert "Joint induction" in first and "Workforce lead" in first
    assert "Table 1: Actions and owners" in first
    assert "Page 1 of" not in first  # the title block gives the date; no footer on page 1
    assert f"Page 2 of {len(pages)}" in pages[1]
    assert "Northshire Children's Trust" in pages[1]  # the running header, from page 2


def test_images_are_embedded(pdf: bytes) -> None:
    reader = _reader(pdf)
    rasters = [image for page in reader.pages for image in page.images]
    assert len(rasters) == 1  # the PNG logo
    streams = [page.get_contents() for page in reader.pages]
    content = b"".join(stream.get_data() for stream in streams if stream is not None)
    orange_bar = b"0.8509804 0.50980395 0.16862746 scn"  # the SVG's bar, drawn as vector paths
    assert orange_bar in content


def test_pandocs_default_template_compiles_too(site: Path) -> None:
    typst = convert(
        DOCUMENT, "typst", root=site, resources=[Path(CHART)], title="Default template"
    ).decode("utf-8")
    assert "image.decode" not in typst
    page = _reader(typst_pdf(typst, root=site)).pages[0]
    assert float(page.mediabox.width) == pytest.approx(A4[0], abs=0.1)


def test_same_source_gives_the_same_bytes(source: str, site: Path, pdf: bytes) -> None:
    assert typst_pdf(source, root=site) == pdf


def test_the_creation_date_is_the_source_date(source: str, site: Path) -> None:
    stamped = typst_pdf(source, root=site, source_date_epoch=1_700_000_000)
    assert _created(stamped).startswith("D:20231114221320")
    assert _created(typst_pdf(source, root=site)).startswith("D:19800101")


def _created(pdf: bytes) -> str:
    metadata = _reader(pdf).metadata
    assert metadata is not None
    return str(metadata["/CreationDate"])


def test_errors_carry_typsts_message(site: Path) -> None:
    with pytest.raises(ConversionError, match=r"(?s)typst: pdf failed: .*missing\.png"):
        typst_pdf('#image("missing.png")\n', root=site)


@pytest.mark.parametrize(
    "code",
    ['#image("../outside.png")', '#read("/etc/passwd")', '#read("../../../../../../etc/passwd")'],
)
def test_typst_cannot_read_outside_the_root(site: Path, code: str) -> None:
    with pytest.raises(ConversionError) as caught:
        typst_pdf(f"{code}\n", root=site)
    assert PASSWD_LINE not in str(caught.value)


def test_warnings_fail_only_when_strict(site: Path) -> None:
    source = '#set text(font: "No Such Font")\nHello\n'
    with pytest.raises(ConversionError, match="unknown font family"):
        typst_pdf(source, root=site)
    assert typst_pdf(source, root=site, strict=False).startswith(b"%PDF")


def test_hostile_typst_never_takes_effect(site: Path) -> None:
    hostile = (
        "```{=typst}\n#set page(width: 5cm)\n```\n\n"
        "Inline `#set page(height: 5cm)`{=typst} here.\n\n"
        '[x]{typst:text:fill="red) + read(\\"/etc/passwd\\") + text(fill: (red"}\n'
    )
    typst = convert(hostile, "typst", root=site, template=TEMPLATE, title="t", strict=False)
    pdf = typst_pdf(typst.decode("utf-8"), root=site)
    assert all(_size(page) == pytest.approx(A4, abs=0.1) for page in _reader(pdf).pages)
    assert PASSWD_LINE not in "".join(_text(pdf))


def test_svg_to_png_keeps_the_physical_size(site: Path) -> None:
    png = svg_to_png(site / CHART, root=site, ppi=192)
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (480, 240)  # 240 x 120 px at 96 px/in, drawn at 192 ppi
    assert png[37:41] == b"pHYs"
    assert struct.unpack(">IIB", png[41:50]) == (7559, 7559, 1)  # 192 ppi in pixels per metre


def test_accessible_mode_refuses_an_image_without_alt_text(site: Path) -> None:
    """PDF/UA-1: a titled document whose image has no alt text is refused, with alt it passes."""
    head = "#set document(title: [Plan])\n#heading(level: 1)[Plan]\n"
    with pytest.raises(ConversionError, match="alt text"):
        typst_pdf(f'{head}#image("{LOGO}")\n', root=site, accessible=True)
    pdf = typst_pdf(f'{head}#image("{LOGO}", alt: "A blue box")\n', root=site, accessible=True)
    assert b"pdfuaid" in pdf or b"/Alt" in pdf


@pytest.mark.parametrize("pages", [1, 3, 12])
def test_the_page_count_is_read_from_typsts_page_tree(tmp_path: Path, pages: int) -> None:
    source = "#set document(title: [Pages])\n" + "\n#pagebreak()\n".join(["Text."] * pages)
    data = typst_pdf(source, root=tmp_path, accessible=True)
    assert _page_tree_count(data) == page_count(data) == len(_reader(data).pages) == pages


def test_a_pdf_whose_tree_is_not_where_typst_puts_it_is_counted_by_pypdf(tmp_path: Path) -> None:
    """An incremental update (a second cross-reference section), or offsets that point at no
    object (bytes inserted before them): the page tree is not looked for, pypdf counts."""
    original = typst_pdf("#set document(title: [T])\nOne\n#pagebreak()\nTwo", root=tmp_path)
    writer = pypdf.PdfWriter(io.BytesIO(original), incremental=True)
    writer.add_blank_page(100, 100)
    updated = io.BytesIO()
    writer.write(updated)
    shifted = b"%PDF-1.7\n%\n" + original[len(b"%PDF-1.7\n") :]
    for data, pages in ((updated.getvalue(), 3), (shifted, 2), (b"not a pdf%%EOF", None)):
        assert _page_tree_count(data) is None
        if pages is not None:
            assert page_count(data) == pages
