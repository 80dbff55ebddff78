"""The charts' look: page width, font, text and line colours, and colour arithmetic."""

from __future__ import annotations

import re
from typing import Final

from lws.core.fonts import BUNDLED_FONT

#: Default brand colours (``publication.yaml`` ``brand.colours`` overrides them).
PRIMARY: Final = "#1d4f91"
ACCENT: Final = "#f2a900"

#: Width of every chart: the text width of A4 with 25 mm margins (160 mm), so the SVG's
#: natural size is its printed size and 9 pt text stays 9 pt on paper.
WIDTH_IN: Final = 160 / 25.4
WIDTH_PT: Final = WIDTH_IN * 72
FONT: Final = BUNDLED_FONT  # registered with matplotlib from its own files (svg._figure)
FONT_SIZE: Final = 9.0

TEXT: Final = "#1a1a1a"
MUTED: Final = "#595959"  # 7:1 on white
LINE: Final = "#bfbfbf"
WHITE: Final = "#ffffff"

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def _check_colour(name: str, value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(f"{name} must be a colour written #RRGGBB, not {value!r}")
    return value.lower()


def _rgb(colour: str) -> tuple[float, float, float]:
    return (int(colour[1:3], 16) / 255, int(colour[3:5], 16) / 255, int(colour[5:7], 16) / 255)


def _mix(colour: str, amount: float, other: str = WHITE) -> str:
    """``colour`` blended towards ``other``: 0 keeps it, 1 gives ``other``."""
    mixed = (a + (b - a) * amount for a, b in zip(_rgb(colour), _rgb(other), strict=True))
    return "#" + "".join(f"{round(c * 255):02x}" for c in mixed)


def _luminance(colour: str) -> float:
    """WCAG relative luminance."""
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(colour)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _ink(background: str) -> str:
    """Black or white text, whichever contrasts more with ``background``."""
    return WHITE if _contrast(background, WHITE) >= _contrast(background, TEXT) else TEXT
