"""The trust's name, logo, font and colours in every DOCX.

Pandoc takes styles, headers and footers from the reference document, which is generic;
this module makes a copy whose header carries the brand name (in the primary colour) and the
logo, and whose styles and theme use the trust's font and colours in place of the reference's
(:data:`REFERENCE_FONT`, :data:`REFERENCE_COLOURS`, as ``tools/make_reference_docx.py``
makes it). Pure: bytes in, bytes out, with fixed zip timestamps so builds stay reproducible.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from xml.sax.saxutils import escape

HEADER = "word/header1.xml"
STYLES = "word/styles.xml"
THEME = "word/theme/theme1.xml"
#: What the packaged reference document uses, replaced by the trust's choices.
REFERENCE_FONT = "Atkinson Hyperlegible"
REFERENCE_PRIMARY = ("1F3A5F", "0F4761")  # lws's default, and pandoc's own heading colour
REFERENCE_ACCENT = "D9822B"
REFERENCE_FILL = "E0E3E9"  # the table header row: the primary colour mixed 86% with white
REFERENCE_ACCENT_FILL = "FBF2EA"  # the leaflet's quote: the accent mixed 90% with white
HEADER_RELS = "word/_rels/header1.xml.rels"
LOGO_HEIGHT_EMU = 324_000  # 0.9 cm
_RUN = re.compile(r"<w:r>.*?</w:r>", re.S)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rIdLwsLogo" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
    'Target="media/lws-logo.{ext}"/></Relationships>'
)
_DRAWING = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0">'
    '<wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="9001" name="Logo" descr="{alt}"/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:nvPicPr><pic:cNvPr id="9001" name="lws-logo"/><pic:cNvPicPr/></pic:nvPicPr>'
    '<pic:blipFill><a:blip r:embed="rIdLwsLogo"/><a:stretch><a:fillRect/></a:stretch>'
    '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
    '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
    "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG or JPEG (1×1 if unreadable)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    index = 2
    while data[:2] == b"\xff\xd8" and index + 9 < len(data):
        marker, length = data[index + 1], struct.unpack(">H", data[index + 2 : index + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return 1, 1


def tint(colour: str, amount: float) -> str:
    """``colour`` (six hex digits) mixed with white; ``amount`` 0 keeps it, 1 gives white."""
    channels = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return "".join(f"{round(c + (255 - c) * amount):02X}" for c in channels)


def restyled(xml: str, font: str, primary: str, accent: str) -> str:
    """Styles or theme XML with the reference's font and colours replaced by the trust's."""
    family = escape(font, {'"': "&quot;"})
    xml = xml.replace(f'"{REFERENCE_FONT}"', f'"{family}"')
    xml = re.sub(r'(<a:(?:latin) typeface=")[^"]*(")', rf"\g<1>{family}\g<2>", xml)
    for old in REFERENCE_PRIMARY:
        xml = xml.replace(f'"{old}"', f'"{primary}"')
    xml = xml.replace(f'"{REFERENCE_FILL}"', f'"{tint(primary, 0.86)}"')
    xml = xml.replace(f'"{REFERENCE_ACCENT_FILL}"', f'"{tint(accent, 0.9)}"')
    return xml.replace(f'"{REFERENCE_ACCENT}"', f'"{accent}"')


def branded(
    reference: bytes,
    name: str,
    primary: str,
    logo: bytes | None = None,
    logo_ext: str = "png",
    *,
    font: str = REFERENCE_FONT,
    accent: str = REFERENCE_ACCENT,
) -> bytes:
    """``reference`` with ``name`` (and ``logo``) in the page header, in ``font`` and colours."""
    source = zipfile.ZipFile(io.BytesIO(reference))
    files = {info.filename: source.read(info) for info in source.infolist()}
    colours = (primary.lstrip("#").upper(), accent.lstrip("#").upper())
    for part in (STYLES, THEME):
        if part in files:
            files[part] = restyled(files[part].decode("utf-8"), font, *colours).encode("utf-8")
    header = files[HEADER].decode("utf-8")
    colour = primary.lstrip("#").upper()
    text = (
        f'<w:r><w:rPr><w:b/><w:color w:val="{colour}"/><w:sz w:val="17"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(name)}</w:t></w:r>'
    )
    runs = text
    if logo is not None:
        width, height = image_size(logo)
        cx = LOGO_HEIGHT_EMU * width // max(height, 1)
        drawing = _DRAWING.format(cx=cx, cy=LOGO_HEIGHT_EMU, alt=escape(name, {'"': "&quot;"}))
        runs = drawing + '<w:r><w:t xml:space="preserve">  </w:t></w:r>' + text
        files[f"word/media/lws-logo.{logo_ext}"] = logo
        files[HEADER_RELS] = _RELS.format(ext=logo_ext).encode("utf-8")
        types = files["[Content_Types].xml"].decode("utf-8")
        mime = "image/png" if logo_ext == "png" else "image/jpeg"
        if f'Extension="{logo_ext}"' not in types:
            types = types.replace(
                "<Default ", f'<Default Extension="{logo_ext}" ContentType="{mime}"/><Default ', 1
            )
            files["[Content_Types].xml"] = types.encode("utf-8")
    files[HEADER] = _RUN.sub(lambda _: runs, header, count=1).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for filename in sorted(files):
            info = zipfile.ZipInfo(filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, files[filename])
    return out.getvalue()
