"""Make ``templates/reference.pptx``: pandoc's reference deck in the trust's colours and font.

Starts from pandoc's own ``reference.pptx`` (so every layout pandoc uses exists) and edits its
theme: dark 2 and accent 1 become the primary colour (slide titles, table header rows),
accent 2 the accent colour, hyperlinks the primary colour, and both theme fonts the given
font. Slide titles are drawn in dark 2. The zip is written with fixed
timestamps, so the same arguments always give the same bytes.

    python tools/make_reference_pptx.py [--primary 1f3a5f] [--accent d9822b]
                                        [--font "Atkinson Hyperlegible"]
                                        [--output templates/reference.pptx]
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from lws.convert.pandoc import default_data_file
from lws.publish.pptx_brand import MASTER, THEME, master, rewritten, theme

OUTPUT = Path(__file__).resolve().parents[1] / "templates" / "reference.pptx"
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
    args.output.write_bytes(rewritten(deck, edits))
    print(f"wrote {args.output}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--primary", default="1f3a5f", help="titles, table headers (hex)")
    parser.add_argument("--accent", default="d9822b", help="second theme colour (hex)")
    parser.add_argument("--font", default="Atkinson Hyperlegible", help="font for titles and text")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
