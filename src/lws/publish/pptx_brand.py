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
