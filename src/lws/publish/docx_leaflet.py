"""The staff leaflet's DOCX laid out as the PDF's: the title block across the page, the rest in
two columns, at the text size that fills one A4 side when it fits, or else two full sides.

Pandoc writes one column and has no say over text size, so this finishes the DOCX it wrote
for the leaflet (``present.lua`` marks where the columns begin with an empty paragraph of
the style ``LeafletColumns`` and gives the boxes the reference document's styles):

* the title block (everything before the marker) becomes a section of its own, one column;
  the rest a continuous section of two columns, page size and margins as the reference's;
* the image is sized to its column, its alt text kept;
* a box's paragraphs keep together (each but its last keeps with the next);
* the body's styles are set at the largest size, from :data:`LARGEST` down to
  :data:`SMALLEST` points for body text, at which the text is estimated to fill the two
  columns of the first page (and, if it cannot fit there, of two pages) without running
  over. With too little for two columns (all of it in the first at the largest size), or
  enough to fill the page across at 11 pt, it is one column across at up to :data:`ACROSS`
  points, as the PDF's ``lws-fit`` decides. The estimate wraps each paragraph's words with
  the font's advance widths (fontTools; the trust's font files, else the bundled font) at
  its column's width, and places them in columns as Word does: headings and boxes kept with
  what follows, a paragraph split between lines otherwise, the larger of two paragraphs'
  spacings between them. It allows :data:`SLACK` for the word processor breaking lines
  otherwise.

Pure: bytes in, bytes out (every zip entry keeps its name, order and date), so builds stay
reproducible. A DOCX without the marker is returned unchanged. Over 400 lines: the estimate
and the edits it decides are one piece of layout, for the leaflet alone.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lws.core.fonts import bundled_font_files
from lws.publish.ooxml import keep_next, repacked, unpacked

DOCUMENT = "word/document.xml"
STYLES = "word/styles.xml"
MARKER = '<w:p><w:pPr><w:pStyle w:val="LeafletColumns"/></w:pPr></w:p>'
#: The body text's size, in points, at most and at least (the PDF's leaflet: 13 to 9).
LARGEST, SMALLEST = 13.5, 9.0
#: The body text's size at most in one column across the page (the PDF's: 16).
ACROSS = 16.0
#: Room kept free in each column for the word processor breaking lines otherwise.
SLACK = 0.05
#: The gap between the columns, in twentieths of a point (0.6 cm, as the PDF's 16 pt).
GUTTER = 340
#: Paragraph spacing in the leaflet relative to the reference's (its body text is spaced for
#: a long document: 9 pt before and after).
SPACING = 0.55
#: The body's line spacing, a multiple of the font's line height (the reference's 1.15 is
#: for a long document; the PDF's leaflet sets its lines closer).
LINE = 1.05
#: Styles set at their own size whatever the body's (the title block).
FIXED = frozenset({"Title", "Subtitle", "Date", "LeafletHeadline", "LeafletColumns"})
BODY_STYLE = "BodyText"
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_STYLE = re.compile(r'<w:style [^>]*w:styleId="([^"]+)"[^>]*>.*?</w:style>', re.S)
_EMU_PER_TWIP = 635


@dataclass
class _Style:
    based_on: str | None = None
    size: float | None = None  # points
    bold: bool | None = None
    before: float | None = None  # points
    after: float | None = None
    line: float | None = None  # a multiple (auto) of the font's line height
    exact: float | None = None  # points
    left: float | None = None
    right: float | None = None
    keep_next: bool | None = None
    keep_lines: bool | None = None
    borders: str = ""
    pad: float = 0.0  # top and bottom border, with their spacing, in points


@dataclass
class _Para:
    style: str
    runs: list[tuple[str, bool]]
    xml: str
    listed: bool = False
    pictures: list[tuple[float, float]] = field(default_factory=list)  # width, height (pt)
    props: _Style = field(default_factory=_Style)


def laid_out(docx: bytes, fonts: Sequence[Path] = ()) -> bytes:
    """The leaflet ``docx`` in two columns at the size that fills its pages (see above),
    estimated with ``fonts`` (the trust's font files; the bundled font without them)."""
    files_of_font = tuple(fonts) or tuple(bundled_font_files())
    infos, files = unpacked(docx)
    document = files[DOCUMENT].decode("utf-8")
    if MARKER not in document:
        return docx
    styles_xml = files[STYLES].decode("utf-8")
    styles = _styles(styles_xml)
    section = document[document.rindex("<w:sectPr") : document.rindex("</w:sectPr>") + 11]
    width, height = _attr(section, "pgSz", "w"), _attr(section, "pgSz", "h")
    left, right = _attr(section, "pgMar", "left"), _attr(section, "pgMar", "right")
    top, bottom = _attr(section, "pgMar", "top"), _attr(section, "pgMar", "bottom")
    text_width = (width - left - right) / 20
    column = (text_width - GUTTER / 20) / 2
    head, body = document.split(MARKER, 1)
    body = _boxes_kept(body, styles)
    start = head.rindex("<w:body>") + len("<w:body>")
    head_paras = [_para(p, styles) for p in _PARAGRAPH.findall(head[start:])]
    body_paras = [_para(p, styles) for p in _PARAGRAPH.findall(body)]
    room = (height - top - bottom) / 20
    first = room - _height(head_paras, text_width, files_of_font)
    base = _resolved(styles, BODY_STYLE).size or 11
    size, columns, sides = _chosen_size(
        body_paras, (text_width, column), (first, room), base, files_of_font
    )

    body = _pictures_sized(body, text_width if columns == 1 else column)
    files[STYLES] = _scaled(styles_xml, size / base)
    document = _sectioned(head, body, section, columns)
    if sides == 1:  # one side is not "Page 1 of 1": no footer, as the PDF's leaflet has none
        document = _FOOTER.sub("", document)
    files[DOCUMENT] = document.encode("utf-8")
    return repacked(infos, files)


def _attr(xml: str, element: str, name: str) -> int:
    found = re.search(rf'<w:{element}\b[^>]*\bw:{name}="(\d+)"', xml)
    return int(found.group(1)) if found else 0


# -- the document's parts ---------------------------------------------------------------------


_FOOTER = re.compile(r"<w:footerReference\b[^>]*/>")


def _sectioned(head: str, body: str, section: str, columns: int) -> str:
    """The title block's last paragraph ends a one-column section; the body's section is
    continuous, in ``columns`` columns."""
    cols = f'<w:cols w:num="{columns}" w:space="{GUTTER}"/>'
    single = re.sub(r"<w:cols\b[^>]*/>", "", section)
    single = single.replace("</w:sectPr>", "").rstrip()
    single = _placed(single, '<w:cols w:space="720"/>', _AFTER_COLS) + "</w:sectPr>"
    start = head.index("<w:body>") + len("<w:body>")
    if "</w:p>" not in head[start:]:  # no title block: an empty paragraph ends the section
        head += "<w:p></w:p>"
    last = head.rindex("</w:p>")
    opening = [m.start() for m in re.finditer(r"<w:p[ >]", head[:last])][-1]
    paragraph = head[opening:last]
    if "<w:pPr>" in paragraph:
        paragraph = paragraph.replace("</w:pPr>", single + "</w:pPr>", 1)
    else:
        end = paragraph.index(">") + 1
        paragraph = paragraph[:end] + "<w:pPr>" + single + "</w:pPr>" + paragraph[end:]
    head = head[:opening] + paragraph + head[last:]
    two = re.sub(r"<w:cols\b[^>]*/>", "", section)
    two = re.sub(r"<w:type\b[^>]*/>", "", two)
    two = two.replace("</w:sectPr>", "").rstrip()
    two = _placed(two, '<w:type w:val="continuous"/>', _AFTER_TYPE)
    two = _placed(two, cols, _AFTER_COLS) + "</w:sectPr>"
    index = body.rindex("<w:sectPr")
    return head + body[:index] + two + body[index + len(section) :]


#: What may follow w:cols in a section's properties (the schema fixes their order).
_AFTER_COLS = ("<w:formProt", "<w:vAlign", "<w:noEndnote", "<w:titlePg", "<w:textDirection",
               "<w:bidi", "<w:rtlGutter", "<w:docGrid", "<w:printerSettings",
               "<w:sectPrChange")  # fmt: skip


#: What may follow w:type.
_AFTER_TYPE = ("<w:pgSz", "<w:pgMar", "<w:paperSrc", "<w:pgBorders", "<w:lnNumType",
               "<w:pgNumType", "<w:cols", *_AFTER_COLS)  # fmt: skip


def _placed(section: str, element: str, after: Sequence[str]) -> str:
    """``element`` placed in ``section`` (without its end tag) before the first of the
    elements that must follow it, else at the end: where the schema wants it."""
    for tag in after:
        if tag in section:
            at = section.index(tag)
            return section[:at] + element + section[at:]
    return section + element


def _pictures_sized(body: str, column: float) -> str:
    """Every inline picture at most the column's width, its proportions kept."""
    limit = int(column * 20 * _EMU_PER_TWIP)

    def sized(match: re.Match[str]) -> str:
        drawing = match.group(0)
        extent = re.search(r'<wp:extent cx="(\d+)" cy="(\d+)"', drawing)
        if extent is None or int(extent.group(1)) <= limit:
            return drawing
        cx, cy = int(extent.group(1)), int(extent.group(2))
        new = (limit, cy * limit // cx)
        for tag in ("wp:extent", "a:ext"):
            drawing = drawing.replace(
                f'<{tag} cx="{cx}" cy="{cy}"', f'<{tag} cx="{new[0]}" cy="{new[1]}"'
            )
        return drawing

    body = re.sub(r"<w:drawing>.*?</w:drawing>", sized, body, flags=re.S)
    # no distance to the text around it: LibreOffice would set an inline picture 9 pt in
    return body.replace("<wp:inline>", '<wp:inline distT="0" distB="0" distL="0" distR="0">')


def _boxes_kept(body: str, styles: dict[str, _Style]) -> str:
    """Each paragraph of a box but its last keeps with the next: a box never splits."""
    paragraphs = list(_PARAGRAPH.finditer(body))
    out, at = [], 0
    for i, match in enumerate(paragraphs):
        style = _style_of(match.group(0))
        following = _style_of(paragraphs[i + 1].group(0)) if i + 1 < len(paragraphs) else ""
        borders = _resolved(styles, style).borders
        paragraph = match.group(0)
        if borders and _resolved(styles, following).borders == borders:
            paragraph = keep_next(paragraph)
        out += [body[at : match.start()], paragraph]
        at = match.end()
    return "".join(out) + body[at:]


def _style_of(paragraph: str) -> str:
    found = re.search(r'<w:pStyle w:val="([^"]+)"', paragraph)
    return found.group(1) if found else "Normal"


# -- styles -----------------------------------------------------------------------------------


def _styles(xml: str) -> dict[str, _Style]:
    """What the estimate needs of each style, as the style itself sets it."""
    out = {}
    for match in _STYLE.finditer(xml):
        text = re.sub(r"\s+/>", "/>", match.group(0))
        based = _attrs(text, "basedOn")
        size = _attrs(text, "sz")
        style = _Style(
            based_on=based.get("val") if based else None,
            size=int(size["val"]) / 2 if size else None,
            bold=_flag(text, "b"),
            keep_next=_flag(text, "keepNext"),
            keep_lines=_flag(text, "keepLines"),
        )
        spacing = _attrs(text, "spacing") or {}
        if "before" in spacing:
            style.before = int(spacing["before"]) / 20
        if "after" in spacing:
            style.after = int(spacing["after"]) / 20
        if "line" in spacing and spacing.get("lineRule", "auto") == "auto":
            style.line = int(spacing["line"]) / 240
        elif "line" in spacing:
            style.exact = int(spacing["line"]) / 20
        ind = _attrs(text, "ind")
        if ind is not None:
            style.left = int(ind.get("left", "0")) / 20
            style.right = int(ind.get("right", "0")) / 20
        borders = re.search(r"<w:pBdr>.*?</w:pBdr>", text, re.S)
        if borders:
            style.borders = borders.group(0)
            for side in ("top", "bottom"):
                edge = _attrs(style.borders, side) or {}
                style.pad += int(edge.get("sz", "0")) / 8 + int(edge.get("space", "0"))
        out[match.group(1)] = style
    return out


def _attrs(xml: str, element: str) -> dict[str, str] | None:
    """The attributes of the first ``w:element`` in ``xml`` (None if there is none)."""
    found = re.search(rf"<w:{element}((?: [^>]*?)?)/?>", xml)
    return dict(re.findall(r'w:(\w+)="([^"]*)"', found.group(1))) if found else None


def _flag(xml: str, element: str) -> bool | None:
    """An on/off property: None when not set."""
    found = _attrs(xml, element)
    return None if found is None else found.get("val", "true") not in ("0", "false")


def _resolved(styles: dict[str, _Style], name: str) -> _Style:
    """A style with what it inherits filled in."""
    chain, seen = [], set()
    current: str | None = name
    while current and current in styles and current not in seen:
        seen.add(current)
        chain.append(styles[current])
        current = styles[current].based_on
    out = _Style()
    for style in reversed(chain):
        for key, value in vars(style).items():
            if key == "borders" and not value:
                continue
            if value is not None and key != "pad":
                setattr(out, key, value)
        if style.borders:
            out.pad = style.pad
    return out


def _scaled(xml: str, factor: float) -> bytes:
    """The styles with every size (but the title block's) multiplied by ``factor`` and the
    body's paragraph spacing by :data:`SPACING` as well, to the half point."""

    def style(match: re.Match[str]) -> str:
        text = match.group(0)
        if match.group(1) in FIXED:
            return text
        text = re.sub(
            r'(<w:sz(?:Cs)? w:val=")(\d+)"',
            lambda m: f'{m.group(1)}{max(2, round(int(m.group(2)) * factor))}"',
            text,
        )
        text = re.sub(
            r'w:line="\d+" w:lineRule="auto"',
            f'w:line="{round(240 * LINE)}" w:lineRule="auto"',
            text,
        )
        return re.sub(
            r'(w:(?:before|after)=")(\d+)"',
            lambda m: f'{m.group(1)}{round(int(m.group(2)) * factor * SPACING)}"',
            text,
        )

    return _STYLE.sub(style, xml).encode("utf-8")


# -- the estimate -----------------------------------------------------------------------------


def _para(xml: str, styles: dict[str, _Style]) -> _Para:
    xml = re.sub(r"\s+/>", "/>", xml)
    style = _style_of(xml)
    runs = []
    for run in re.findall(r"<w:r>.*?</w:r>|<w:r .*?</w:r>", xml, re.S):
        texts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", run)
        bold = bool(re.search(r"<w:b/>|<w:b />", run))
        runs.append((html.unescape("".join(texts)), bold))
    pictures = re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"', xml)
    picture = [(int(cx) / 12700, int(cy) / 12700) for cx, cy in pictures]
    props = _resolved(styles, style)
    if "<w:keepNext/>" in xml:
        props.keep_next = True
    return _Para(style, runs, xml, "<w:numPr>" in xml, picture, props)


@cache
def _widths(bold: bool, files: tuple[Path, ...]) -> tuple[dict[str, float], float]:
    """A font's advance widths (in ems) by character, and its line height: the regular or
    bold one of ``files`` (by name; the first if none says)."""
    from fontTools.ttLib import TTFont, TTLibError

    wanted = [f for f in files if ("Bold" in f.stem) == bold and "Italic" not in f.stem]
    try:
        font = TTFont(str((wanted or files)[0]))
        em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        widths = {chr(code): metrics[name][0] / em for code, name in font.getBestCmap().items()}
        os2, hhea = font["OS/2"], font["hhea"]
        line = max(os2.usWinAscent + os2.usWinDescent, hhea.ascent - hhea.descent + hhea.lineGap)
    except (OSError, KeyError, AttributeError, TTLibError):  # a font file it cannot read
        bundled = tuple(bundled_font_files())
        if files == bundled:
            raise
        return _widths(bold, bundled)
    return widths, line / em


def _lines(
    runs: Iterable[tuple[str, bool]], width: float, size: float, fonts: tuple[Path, ...]
) -> int:
    """How many lines the runs take in ``width`` points at ``size`` points (greedy)."""
    words: list[float] = []
    gap = _widths(False, fonts)[0].get(" ", 0.25) * size
    glued = False
    for text, bold in runs:
        table = _widths(bold, fonts)[0]
        parts = text.split(" ")
        for i, part in enumerate(parts):
            length = sum(table.get(c, 0.6) for c in part) * size
            if i == 0 and glued and words:
                words[-1] += length
            elif part or i:
                words.append(length)
        glued = not text.endswith(" ")
    lines, used = 1, -gap
    for word in words:
        if used + gap + word > width and used > 0:
            lines, used = lines + 1, word
        else:
            used += gap + word
    return lines


@dataclass
class _Block:
    lines: int
    line: float
    above: float
    below: float
    keep_next: bool
    keep_lines: bool


def _blocks(
    paras: Sequence[_Para], width: float, factor: float, spacing: float, fonts: tuple[Path, ...]
) -> list[_Block]:
    """Each paragraph's lines, line height and spacing at ``factor`` times its size."""
    out: list[_Block] = []
    for i, para in enumerate(paras):
        props = para.props
        scale = 1.0 if para.style in FIXED else factor
        space = 1.0 if para.style in FIXED else spacing * factor
        size = (props.size or 11) * scale
        multiple = (props.line or 1.0) if para.style in FIXED else LINE
        line = props.exact or size * _widths(bool(props.bold), fonts)[1] * multiple
        indent = (props.left or 0) + (props.right or 0) + (24 if para.listed else 0)
        words = any(t for t, _ in para.runs)
        count = _lines(para.runs, width - indent, size, fonts) if words else 1
        above = (props.before or 0) * space
        below = (props.after or 0) * space
        if out:  # between two paragraphs the larger spacing counts, as Word and LibreOffice do
            previous = out[-1].below
            above = max(0.0, above - previous)
        before = paras[i - 1].props.borders if i else ""
        after = paras[i + 1].props.borders if i + 1 < len(paras) else ""
        if props.borders and props.borders != before:
            above += props.pad / 2
        if props.borders and props.borders != after:
            below += props.pad / 2
        if para.pictures:  # each sized to the column (laid_out makes it so)
            above += sum(h * min(1.0, width / w) for w, h in para.pictures) + line * 0.3
            count = count if any(t.strip() for t, _ in para.runs) else 0
        keep = bool(props.keep_next)
        out.append(_Block(count, line, above, below, keep, bool(props.keep_lines)))
    return out


def _height(paras: Sequence[_Para], width: float, fonts: tuple[Path, ...]) -> float:
    blocks = _blocks(paras, width, 1.0, 1.0, fonts)
    return sum(b.above + b.lines * b.line + b.below for b in blocks)


def _columns(blocks: Sequence[_Block], rooms: Sequence[float]) -> int:
    """How many columns the blocks fill, placed in turn in columns of the given heights (one
    more than there are rooms: they do not fit)."""
    column, used, i = 0, 0.0, 0
    while i < len(blocks):
        if column >= len(rooms):
            return len(rooms) + 1
        room = rooms[column] * (1 - SLACK)
        # a block kept with the next moves with it: the run up to the first line of the next
        j, need = i, 0.0
        while j < len(blocks) and blocks[j].keep_next and j + 1 < len(blocks):
            b = blocks[j]
            need += b.above + b.lines * b.line + b.below
            j += 1
        last = blocks[j]
        whole = last.above + last.lines * last.line + last.below
        first = last.above + min(last.lines, 2) * last.line
        if used + need + (whole if last.keep_lines else first) <= room:
            start, used, i = i, used + need, j
            if used + whole <= room:
                used += whole
                i += 1
                continue
            # split the last block between lines, two at least on each side
            fit = int((room - used - last.above) // last.line)
            fit = min(fit, last.lines - 2)
            if fit < 2:  # the run moves on whole
                column, used, i = column + 1, 0.0, start
                continue
            rest = _Block(last.lines - fit, last.line, 0, last.below, last.keep_next, False)
            blocks = [*blocks[:i], rest, *blocks[i + 1 :]]
            column, used = column + 1, 0.0
            continue
        if used == 0:  # taller than a column: it runs on
            overflow = need + whole - room
            used = 0.0
            column += 1
            i = j + 1
            if column < len(rooms):
                used = max(0.0, overflow)
            continue
        column, used = column + 1, 0.0
    return column + 1


def _chosen_size(
    paras: Sequence[_Para],
    widths: tuple[float, float],
    rooms: tuple[float, float],
    body: float,
    fonts: tuple[Path, ...],
) -> tuple[float, int, int]:
    """The body text's size, the number of columns and of sides, as the PDF's leaflet
    decides them:
    too little for two columns (it all fits in the first at the largest size), or enough to
    fill the page across at 11 pt or more: one column across, at the largest size up to
    :data:`ACROSS` that fits; otherwise two columns at the largest size that fits the first
    side, else two sides."""
    text_width, column = widths
    first, room = rooms

    def fits(size: float, width: float, rooms: Sequence[float]) -> bool:
        return _columns(_blocks(paras, width, size / body, SPACING, fonts), rooms) <= len(rooms)

    def steps(largest: float) -> list[float]:
        return [largest - 0.5 * n for n in range(int((largest - SMALLEST) * 2) + 1)]

    across = next((s for s in steps(ACROSS) if fits(s, text_width, (first,))), None)
    if fits(LARGEST, column, (first,)) or (across is not None and across >= 11):
        return (across or SMALLEST), 1, 1 if across is not None else 2
    for sides, columns in ((1, (first, first)), (2, (first, first, room, room))):
        for size in steps(LARGEST):
            if fits(size, column, columns):
                return size, 2, sides
    return SMALLEST, 2, 2
