"""Make ``templates/reference.docx``: pandoc's reference document in the trust's look.

Starts from pandoc's own ``reference.docx`` (so every style pandoc uses exists) and sets, with
python-docx: fonts, heading and link colours, captions, quotes, the table style (shaded header
row, light rules), the cover's panel and the staff leaflet's headline and boxes, A4 with
2.2 cm side margins, a header with the brand name and a footer
with "Page X of Y". The zip is written with fixed timestamps, so the same arguments always
give the same bytes.

    python tools/make_reference_docx.py [--primary 1f3a5f] [--accent d9822b]
                                        [--font "Atkinson Hyperlegible"]
                                        [--brand-name "Northshire Children's Trust"]
                                        [--output templates/reference.docx]
"""

from __future__ import annotations

import argparse
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle, CharacterStyle, ParagraphStyle
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from lws.convert.pandoc import default_data_file

OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "reference.docx"
INK = "222222"
MUTED = "5F5F5F"
RULE = "C8C8C8"
_HEX = re.compile(r"[0-9a-fA-F]{6}\Z")


def main(argv: Sequence[str] | None = None) -> int:
    """Write the reference document; return the exit status."""
    args = _parser().parse_args(argv)
    for colour in (args.primary, args.accent):
        if not _HEX.match(colour):
            print(f"error: {colour!r} is not a colour like 1f3a5f")
            return 1
    document = Document(io.BytesIO(default_data_file("reference.docx")))
    style_document(document, args.primary.upper(), args.accent.upper(), args.font)
    set_page(document, args.brand_name, args.primary.upper())
    args.output.write_bytes(_normalised(document))
    print(f"wrote {args.output}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--primary", default="1f3a5f", help="headings, links (hex)")
    parser.add_argument("--accent", default="d9822b", help="rules and quote bar (hex)")
    parser.add_argument("--font", default="Atkinson Hyperlegible", help="font for all text")
    parser.add_argument("--brand-name", default="", help="text of the page header")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    return parser


# -- styles ---------------------------------------------------------------------------------


def style_document(document: DocumentObject, primary: str, accent: str, font: str) -> None:
    """Fonts, colours and spacing of the styles pandoc uses."""
    normal = _paragraph_style(document, "Normal")
    _font(normal, font, 11, INK)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, before in (("Heading 1", 18, 20), ("Heading 2", 14, 14), ("Heading 3", 12, 10)):
        heading = _paragraph_style(document, name)
        _font(heading, font, size, primary, bold=True)
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
    _border(_paragraph_style(document, "Heading 1"), "bottom", accent, size=8)
    title = _paragraph_style(document, "Title")
    _font(title, font, 22, primary, bold=True)  # as the PDF's title: a strategy's title on one line
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    title.paragraph_format.space_after = Pt(4)
    _border(title, "bottom", accent, size=12, space=6)
    for name in ("Subtitle", "Date"):
        _paragraph_style(document, name).paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _font(_paragraph_style(document, "TOC Heading"), font, 18, primary, bold=True)
    _font(_paragraph_style(document, "Subtitle"), font, 14, MUTED)
    _font(_paragraph_style(document, "Date"), font, 10, MUTED)
    for name in ("Caption", "Table Caption", "Image Caption"):
        caption = _paragraph_style(document, name)
        _font(caption, font, 9, MUTED)
        caption.font.italic = False
    _paragraph_style(document, "Table Caption").paragraph_format.keep_with_next = True
    quote = _paragraph_style(document, "Block Text")
    _font(quote, font, 11, INK)
    quote.font.italic = True
    quote.paragraph_format.left_indent = Cm(0.6)
    _border(quote, "left", accent, size=24, space=8)
    link = _style(document, "Hyperlink")
    if isinstance(link, CharacterStyle):
        link.font.color.rgb = RGBColor.from_string(primary)
    _table_style(document, primary)
    _table_text(document, font)
    _cover_panel(document, font, primary)
    _leaflet(document, font, primary, accent)


def _table_text(document: DocumentObject, font: str) -> None:
    """Table cells' paragraphs (present.lua gives them this style): 9.5 pt, as in the PDF,
    which the column widths are worked out for (lws.publish.render.TABLE_BUDGET)."""
    text = document.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = _paragraph_style(document, "Normal")
    _font(text, font, 9.5, INK)
    text.paragraph_format.space_before = Pt(2)
    text.paragraph_format.space_after = Pt(2)
    text.paragraph_format.line_spacing = 1.0


def _cover_panel(document: DocumentObject, font: str, primary: str) -> None:
    """The cover's panel, as the PDF's: the trust, the period and where the strategy stands
    in a band of the primary colour's tint, ruled above in the primary colour, near the foot
    of the page (a "Cover Space" paragraph of fixed height stands before it)."""
    space = document.styles.add_style("Cover Space", WD_STYLE_TYPE.PARAGRAPH)
    space.base_style = _paragraph_style(document, "Normal")
    space.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    space.paragraph_format.line_spacing = Cm(15)
    space.paragraph_format.space_before = space.paragraph_format.space_after = Pt(0)
    panel = document.styles.add_style("Cover Panel", WD_STYLE_TYPE.PARAGRAPH)
    panel.base_style = _paragraph_style(document, "Normal")
    _font(panel, font, 12, INK)
    panel.paragraph_format.space_before = panel.paragraph_format.space_after = Pt(0)
    panel.paragraph_format.line_spacing = 1.5
    fill = _tint(primary, 0.86)
    _border(panel, "top", primary, size=32, space=10)
    for side in ("left", "bottom", "right"):  # in the fill's colour: the panel's padding
        _border(panel, side, fill, size=4, space=10)
    _shading(panel, fill)


def _leaflet(document: DocumentObject, font: str, primary: str, accent: str) -> None:
    """The staff leaflet's pieces, as the PDF's (present.lua gives its paragraphs these
    styles, :mod:`lws.publish.docx_leaflet` sets its body in two columns): the headline message
    across the page; "What changes for you" in a panel of the primary colour's tint ruled at
    its left in the primary colour; "Who to talk to" in a box ruled all round; the quote in
    the accent's tint, ruled at its left in the accent. A box's heading keeps heading 2's
    outline level (its style is based on it); adjacent paragraphs with the same borders make
    one box."""
    headline = document.styles.add_style("Leaflet Headline", WD_STYLE_TYPE.PARAGRAPH)
    headline.base_style = _paragraph_style(document, "Normal")
    _font(headline, font, 17, primary, bold=True)
    headline.paragraph_format.space_before = Pt(2)
    headline.paragraph_format.space_after = Pt(10)
    headline.paragraph_format.line_spacing = 1.05
    fill = _tint(primary, 0.86)
    quote_fill = _tint(accent, 0.9)
    boxes = (
        ("Leaflet Panel", primary, fill, fill),
        ("Leaflet Contact", primary, primary, None),
        ("Leaflet Quote", accent, quote_fill, quote_fill),
    )
    for name, rule, edges, shading in boxes:
        for style_name, base in ((name, "Body Text"), (f"{name} Heading", "Heading 2")):
            style = document.styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = _paragraph_style(document, base)
            style.paragraph_format.keep_together = True
            style.paragraph_format.keep_with_next = style_name.endswith("Heading")
            if style_name.endswith("Heading"):
                style.paragraph_format.space_before = Pt(4)
            _border(style, "top", edges, size=4 if edges != rule else 8, space=6)
            _border(style, "left", rule, size=24 if edges != rule else 8, space=7)
            _border(style, "bottom", edges, size=4 if edges != rule else 8, space=6)
            _border(style, "right", edges, size=4 if edges != rule else 8, space=7)
            if shading is not None:
                _shading(style, shading)
            style.paragraph_format.left_indent = Pt(8)
            style.paragraph_format.right_indent = Pt(8)


def _style(document: DocumentObject, name: str) -> BaseStyle:
    """A style by its name (python-docx's ``styles[name]`` misses pandoc's "Caption")."""
    for style in document.styles:
        if isinstance(style, BaseStyle) and style.name == name:
            return style
    raise KeyError(f"reference.docx has no style {name!r}")


def _paragraph_style(document: DocumentObject, name: str) -> ParagraphStyle:
    style = _style(document, name)
    if not isinstance(style, ParagraphStyle):
        raise TypeError(f"{name} is not a paragraph style")
    return style


def _font(style: ParagraphStyle, name: str, size: float, colour: str, bold: bool = False) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor.from_string(colour)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


#: What follows w:pBdr in a paragraph's properties (the schema fixes their order).
_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _border(style: ParagraphStyle, side: str, colour: str, size: int, space: int = 1) -> None:
    """A paragraph border (size in eighths of a point, space in points)."""
    ppr = style.element.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *_AFTER_BORDERS)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", str(space))):
        edge.set(qn(f"w:{key}"), value)
    edge.set(qn("w:color"), colour)
    borders.append(edge)


def _shading(style: ParagraphStyle, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", fill)):
        shading.set(qn(f"w:{key}"), value)
    style.element.get_or_add_pPr().insert_element_before(shading, *_AFTER_BORDERS[1:])


def _table_style(document: DocumentObject, primary: str) -> None:
    """Pandoc's "Table" style: light rules, shaded bold header row in the primary colour."""
    style = _style(document, "Table").element
    tblpr = style.find(qn("w:tblPr"))
    if tblpr is None:
        raise ValueError("reference.docx: the Table style has no properties")
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "bottom", "insideH"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), "4")
        edge.set(qn("w:color"), RULE)
        borders.append(edge)
    tblpr.append(borders)
    row = OxmlElement("w:trPr")
    row.append(OxmlElement("w:cantSplit"))
    tblpr.addnext(row)
    for old in style.findall(qn("w:tblStylePr")):
        style.remove(old)
    _add_first_row(style, primary)


def _add_first_row(style: BaseOxmlElement, primary: str) -> None:
    """Conditional formatting of the header row: bold, primary colour, light shading."""
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), primary)
    rpr.append(colour)
    tcpr = OxmlElement("w:tcPr")
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", _tint(primary, 0.86))):
        shading.set(qn(f"w:{key}"), value)
    tcpr.append(shading)
    first.append(rpr)
    first.append(tcpr)
    style.append(first)


def _tint(colour: str, amount: float) -> str:
    """``colour`` mixed with white; ``amount`` 0 keeps it, 1 gives white."""
    channels = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)


# -- page -----------------------------------------------------------------------------------


def set_page(document: DocumentObject, brand_name: str, primary: str) -> None:
    """A4, margins, a header with the brand name and a "Page X of Y" footer."""
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.4)
    section.header_distance = section.footer_distance = Cm(1.2)
    header = section.header.paragraphs[0]
    header.text = brand_name
    for run in header.runs:
        run.font.size, run.font.bold = Pt(8.5), True
        run.font.color.rgb = RGBColor.from_string(primary)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for part in ("Page ", "PAGE", " of ", "NUMPAGES"):
        _footer_part(footer, part)


def _footer_part(paragraph: Paragraph, part: str) -> None:
    if part.isupper():
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), f" {part} ")
        paragraph._p.append(field)
        run = Run(OxmlElement("w:r"), paragraph)
        field.append(run._r)
        run.text = "1"
    else:
        run = paragraph.add_run(part)
    run.font.size = Pt(8.5)
    run.font.color.rgb = RGBColor.from_string(MUTED)


def _normalised(document: DocumentObject) -> bytes:
    """The saved document, its zip entries dated 1980-01-01 so that rebuilds are identical."""
    document.core_properties.author = "lws"
    document.core_properties.last_modified_by = "lws"
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
