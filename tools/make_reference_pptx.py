"""Make ``templates/reference.pptx``: pandoc's reference deck in the trust's colours and font.

Starts from pandoc's own ``reference.pptx`` (so every layout pandoc uses exists) and edits its
theme: dark 2 and accent 1 become the primary colour (slide titles, table header rows),
accent 2 the accent colour, hyperlinks the primary colour, and both theme fonts the given
font. Slide titles are drawn in dark 2. The zip is written with fixed
timestamps, so the same arguments always give the same bytes.

    python tools/make_reference_pptx.py [--primary 1f3a5f] [--accent d9822b] [--font Arial]
                                        [--output templates/reference.pptx]
"""

from __future__ import annotations

import argparse
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path

from lws.convert.pandoc import default_data_file

OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "reference.pptx"
THEME = "ppt/theme/theme1.xml"
MASTER = "ppt/slideMasters/slideMaster1.xml"
_HEX = re.compile(r"[0-9a-fA-F]{6}\Z")
_FONT = re.compile(r"[A-Za-z0-9 -]+\Z")
_Edit = Callable[[str], str]


def main(argv: Sequence[str] | None = None) -> int:
    """Write the reference deck; return the exit status."""
    args = _parser().parse_args(argv)
    if not (_HEX.match(args.primary) and _HEX.match(args.accent)):
        print("error: colours are six hex digits, like 1f3a5f")
        return 1
    if not _FONT.match(args.font):
        print(f"error: {args.font!r} is not a font name")
        return 1
    deck = default_data_file("reference.pptx")
    edits: dict[str, _Edit] = {
        THEME: lambda xml: theme(xml, args.primary.upper(), args.accent.upper(), args.font),
        MASTER: master,
    }
    args.output.write_bytes(_rewritten(deck, edits))
    print(f"wrote {args.output}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--primary", default="1f3a5f", help="titles, table headers (hex)")
    parser.add_argument("--accent", default="d9822b", help="second theme colour (hex)")
    parser.add_argument("--font", default="Arial", help="font for titles and text")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    return parser


def theme(xml: str, primary: str, accent: str, font: str) -> str:
    """The theme with the brand's colours and font."""
    for slot, colour in (("dk2", primary), ("accent1", primary), ("accent2", accent)):
        xml = _set_colour(xml, slot, colour)
    xml = _set_colour(xml, "hlink", primary)
    for scheme in ("majorFont", "minorFont"):
        xml = re.sub(
            rf"(<a:{scheme}><a:latin typeface=\")[^\"]*(\")", rf"\g<1>{font}\g<2>", xml, count=1
        )
    return xml


def master(xml: str) -> str:
    """Slide titles in dark 2 (the primary colour)."""
    title = re.search(r"<p:titleStyle>.*?</p:titleStyle>", xml, re.S)
    if title is None:
        raise ValueError("reference.pptx: the slide master has no title style")
    styled = title.group(0).replace('<a:schemeClr val="tx1"/>', '<a:schemeClr val="tx2"/>', 1)
    return xml[: title.start()] + styled + xml[title.end() :]


def _set_colour(xml: str, slot: str, colour: str) -> str:
    pattern = rf"<a:{slot}>.*?</a:{slot}>"
    if not re.search(pattern, xml, re.S):
        raise ValueError(f"reference.pptx: the theme has no {slot} colour")
    return re.sub(pattern, f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>', xml, count=1)


def _rewritten(package: bytes, edits: dict[str, _Edit]) -> bytes:
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


if __name__ == "__main__":
    raise SystemExit(main())
