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


def branded(reference: bytes, primary: str, accent: str, font: str) -> bytes:
    """``reference`` in the trust's colours and font."""
    return rewritten(
        reference,
        {THEME: lambda xml: theme(xml, primary, accent, font), MASTER: master},
    )


def _set_colour(xml: str, slot: str, colour: str) -> str:
    pattern = rf"<a:{slot}>.*?</a:{slot}>"
    if not re.search(pattern, xml, re.S):
        raise ValueError(f"reference.pptx: the theme has no {slot} colour")
    return re.sub(pattern, f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>', xml, count=1)


def rewritten(package: bytes, edits: Mapping[str, Edit]) -> bytes:
    """The package with ``edits`` applied and every entry dated 1980-01-01."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
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
