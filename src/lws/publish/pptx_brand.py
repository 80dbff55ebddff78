"""The trust's colours and font in every PPTX: a branded copy of the reference deck.

The theme's dark 2 and accent 1 become the primary colour (slide titles, table header
rows), accent 2 the accent colour, hyperlinks the primary colour and both theme fonts the
trust's font; slide titles are drawn in dark 2. Pure: bytes in, bytes out, every zip entry
dated 1980-01-01 so builds stay reproducible. ``tools/make_reference_pptx.py`` uses the
same functions to make the packaged ``templates/reference.pptx``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Mapping
from xml.sax.saxutils import escape

from lws.publish.docx_brand import image_size

THEME = "ppt/theme/theme1.xml"
MASTER = "ppt/slideMasters/slideMaster1.xml"
Edit = Callable[[str], str]


def theme(xml: str, primary: str, accent: str, font: str) -> str:
    """The theme with the brand's colours (six hex digits) and font."""
    for slot, colour in (("dk2", primary), ("accent1", primary), ("accent2", accent)):
        xml = _set_colour(xml, slot, colour)
    xml = _set_colour(xml, "hlink", primary)
    family = escape(font, {'"': "&quot;"})
    for scheme in ("majorFont", "minorFont"):
        xml = re.sub(
            rf"(<a:{scheme}><a:latin typeface=\")[^\"]*(\")",
            lambda m: m.group(1) + family + m.group(2),
            xml,
            count=1,
        )
    return xml


def master(xml: str) -> str:
    """Slide titles in dark 2 (the primary colour)."""
    title = re.search(r"<p:titleStyle>.*?</p:titleStyle>", xml, re.S)
    if title is None:
        raise ValueError("reference.pptx: the slide master has no title style")
    styled = title.group(0).replace('<a:schemeClr val="tx1"/>', '<a:schemeClr val="tx2"/>', 1)
    return xml[: title.start()] + styled + xml[title.end() :]


def branded(
    reference: bytes,
    primary: str,
    accent: str,
    font: str,
    logo: bytes | None = None,
    name: str = "",
) -> bytes:
    """``reference`` in the trust's colours and font, with ``logo`` (PNG or JPEG bytes) on the
    slide master, described by the trust's ``name``."""
    edits: dict[str, Edit] = {THEME: lambda xml: theme(xml, primary, accent, font), MASTER: master}
    if logo is None:
        return rewritten(reference, edits)
    ext = "png" if logo[:8] == b"\x89PNG\r\n\x1a\n" else "jpeg"
    size = re.search(r'<p:sldSz cx="(\d+)" cy="(\d+)"', _read(reference, PRESENTATION))
    width = int(size[1]) if size else 9144000
    edits[MASTER] = lambda xml: with_logo(master(xml), logo_box(width, image_size(logo)), name)
    edits[MASTER_RELS] = lambda xml: xml.replace(
        "</Relationships>",
        f'<Relationship Id="{LOGO_ID}" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/image" Target="../media/lws-logo.{ext}"/></Relationships>',
    )
    edits[TYPES] = lambda xml: _with_default(xml, ext)
    return rewritten(reference, edits, {f"ppt/media/lws-logo.{ext}": logo})


PRESENTATION = "ppt/presentation.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
TYPES = "[Content_Types].xml"
LOGO_ID = "rIdLwsLogo"
#: The logo's height on every slide, and its margin from the slide's top and right edges (EMU):
#: the top right, as far from the edge as the title is from the left, the title narrowed.
LOGO_HEIGHT = 457200  # half an inch
LOGO_MARGIN = 457200


def logo_box(slide_width: int, pixels: tuple[int, int]) -> tuple[int, int, int, int]:
    """Where the logo goes: x, y, width and height in EMU, its aspect ratio kept."""
    w, h = pixels
    width = min(LOGO_HEIGHT * 4, round(LOGO_HEIGHT * w / max(h, 1)))
    height = round(width * h / max(w, 1))
    return slide_width - LOGO_MARGIN - width, 228600, width, height


def with_logo(xml: str, box: tuple[int, int, int, int], name: str) -> str:
    """The master with the logo at ``box`` and its title placeholder narrowed to clear it."""
    x, y, width, height = box
    picture = (
        '<p:pic><p:nvPicPr><p:cNvPr id="9001" name="Logo" descr="'
        + escape(name, {'"': "&quot;"})
        + '"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{LOGO_ID}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</p:blipFill><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{width}" '
        f'cy="{height}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )
    title = re.search(
        r'(<p:ph type="title"/>.*?<a:off x="(\d+)" y="\d+"/><a:ext cx=")(\d+)(")', xml, re.S
    )
    if title is not None:
        clear = max(int(title[3]) // 2, x - int(title[2]) - 91440)
        xml = xml[: title.start(3)] + str(clear) + xml[title.end(3) :]
    if "</p:spTree>" not in xml:
        raise ValueError("reference.pptx: the slide master has no shape tree")
    return xml.replace("</p:spTree>", picture + "</p:spTree>", 1)


def _with_default(types: str, ext: str) -> str:
    if f'Extension="{ext}"' in types:
        return types
    mime = "image/png" if ext == "png" else "image/jpeg"
    return types.replace(
        "<Default ", f'<Default Extension="{ext}" ContentType="{mime}"/><Default ', 1
    )


def _read(package: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        return source.read(name).decode("utf-8") if name in source.namelist() else ""


def _set_colour(xml: str, slot: str, colour: str) -> str:
    pattern = rf"<a:{slot}>.*?</a:{slot}>"
    if not re.search(pattern, xml, re.S):
        raise ValueError(f"reference.pptx: the theme has no {slot} colour")
    return re.sub(pattern, f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>', xml, count=1)


def rewritten(
    package: bytes,
    edits: Mapping[str, Edit],
    added: Mapping[str, bytes] | None = None,
    stamp: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0),
) -> bytes:
    """The package with ``edits`` applied, ``added`` entries added and every entry dated
    ``stamp`` (by default 1980-01-01)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
        for filename, data in (added or {}).items():
            entry = zipfile.ZipInfo(filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


def with_title_notes(deck: bytes, text: str) -> bytes:
    """``deck`` (as pandoc writes it) with speaker notes on its title slide too.

    Pandoc gives the title slide it makes from the metadata no notes; this copies the notes
    slide of the second slide, with ``text``, and links it to the first. A deck whose first
    slide already has notes, or that has no notes to copy, is returned unchanged.
    """
    source = zipfile.ZipFile(io.BytesIO(deck))
    files = {info.filename: source.read(info) for info in source.infolist()}
    stamp = source.infolist()[0].date_time
    first_rels = "ppt/slides/_rels/slide1.xml.rels"
    model = "ppt/notesSlides/notesSlide1.xml"
    rels = files.get(first_rels, b"").decode("utf-8")
    if "notesSlide" in rels or model not in files:
        return deck
    notes = files[model].decode("utf-8")
    body = re.search(r'(<p:ph type="body"[^>]*/>.*?<p:txBody>)(.*?)(</p:txBody>)', notes, re.S)
    if body is None:
        return deck
    paragraph = (
        f"<a:bodyPr /><a:lstStyle /><a:p><a:r><a:rPr /><a:t>{escape(text)}</a:t></a:r></a:p>"
    )
    notes = notes[: body.start(2)] + paragraph + notes[body.end(2) :]
    name = "ppt/notesSlides/notesSlide0.xml"
    files[name] = notes.encode("utf-8")
    model_rels = files["ppt/notesSlides/_rels/notesSlide1.xml.rels"].decode("utf-8")
    own_rels = re.sub(r"\.\./slides/slide\d+\.xml", "../slides/slide1.xml", model_rels)
    files["ppt/notesSlides/_rels/notesSlide0.xml.rels"] = own_rels.encode("utf-8")
    link = (
        '<Relationship Id="rIdLwsNotes" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/notesSlide" Target="../notesSlides/notesSlide0.xml" />'
    )
    files[first_rels] = rels.replace("</Relationships>", link + "</Relationships>").encode()
    types = files["[Content_Types].xml"].decode("utf-8")
    override = (
        '<Override PartName="/ppt/notesSlides/notesSlide0.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.presentationml.notesSlide+xml" />'
    )
    files["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for filename, data in files.items():
            entry = zipfile.ZipInfo(filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
    return out.getvalue()


_PICTURE_DESCRIPTION = re.compile(r'(<p:cNvPr descr="[^"]*?)\s*\n[^"\n]*(")')


def described_pictures(deck: bytes) -> bytes:
    """``deck`` with each picture described by its text alone: Pandoc writes a picture's
    title (present.lua makes it the chart's long description), a blank line and the
    image's path, which a screen reader would read out too. Entries keep their date."""
    entries = zipfile.ZipFile(io.BytesIO(deck)).infolist()
    slides = [
        e.filename
        for e in entries
        if e.filename.startswith("ppt/slides/slide") and e.filename.endswith(".xml")
    ]

    def edit(xml: str) -> str:
        return _PICTURE_DESCRIPTION.sub(r"\1\2", xml)

    return rewritten(deck, dict.fromkeys(slides, edit), stamp=entries[0].date_time)


_MEDIA_TARGET = re.compile(r'Target="\.\./media/([^"/]+)"')


def with_master_media(deck: bytes, reference: bytes) -> bytes:
    """``deck`` with the images its slide master and layouts name that Pandoc left out.

    Pandoc copies the reference deck's master, with the logo ``branded`` put on it, but not
    the logo's image, so the master would show a broken picture (and PowerPoint offer to
    repair the file). Entries keep their date."""
    source = zipfile.ZipFile(io.BytesIO(deck))
    names = set(source.namelist())
    wanted = {
        f"ppt/media/{target}"
        for name in names
        if name.startswith(("ppt/slideMasters/_rels/", "ppt/slideLayouts/_rels/"))
        for target in _MEDIA_TARGET.findall(source.read(name).decode("utf-8"))
    }
    with zipfile.ZipFile(io.BytesIO(reference)) as ref:
        added = {n: ref.read(n) for n in sorted(wanted - names) if n in ref.namelist()}
    if not added:
        return deck
    return rewritten(deck, {}, added, stamp=source.infolist()[0].date_time)


def finished(deck: bytes, notes: str, reference: bytes | None) -> bytes:
    """A deck as Pandoc wrote it from ``reference``, finished: notes on its title slide
    (``notes``), the master's images restored and each picture described by its text."""
    deck = with_title_notes(deck, notes)
    if reference is not None:
        deck = with_master_media(deck, reference)
    return described_pictures(deck)
