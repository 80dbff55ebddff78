"""The size an image declares in its header, read before anything decodes it.

A logo of a few hundred bytes can declare a picture of 100,000 × 100,000 pixels; decoding it
(Typst for PDF, the SVG rasteriser for DOCX and PPTX, a browser for HTML) would then ask for
tens of gigabytes. :func:`declared_size` reads only the header of a PNG, JPEG, GIF, WebP or
SVG file, and :func:`too_large` says why an image exceeds lws's caps, so that the build refuses
it with a located error instead.
"""

from __future__ import annotations

import re
import struct

from lws.core.quantities import format_number

#: The caps: pixels in all, and pixels along either side (rasterised SVGs included).
MAX_PIXELS = 40_000_000
MAX_SIDE = 16_384

#: CSS pixels per unit, for an SVG's width and height (96 px to the inch).
_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54}
_UNITS["mm"] = _UNITS["cm"] / 10
_SVG_ROOT = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE)
_LENGTH = r"\s*([0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)\s*(px|pt|pc|in|cm|mm)?\s*"
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def declared_size(data: bytes) -> tuple[float, float] | None:
    """Width and height in pixels that the image's header declares; None if not stated."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return float(width), float(height)
    if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return float(width), float(height)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp(data)
    if data[:2] == b"\xff\xd8":
        return _jpeg(data)
    return _svg(data)


def too_large(size: tuple[float, float] | None) -> str:
    """Why an image of ``size`` pixels is refused, or "" when it is within the caps."""
    if size is None:
        return ""
    width, height = size
    if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
        return (
            f"declares {format_number(round(width))} × {format_number(round(height))} pixels; "
            "lws takes images of at most "
            f"{format_number(MAX_SIDE)} pixels a side and {MAX_PIXELS // 1_000_000} million in all"
        )
    return ""


def _jpeg(data: bytes) -> tuple[float, float] | None:
    index = 2
    while index + 9 < len(data) and data[index] == 0xFF:
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return float(width), float(height)
        index += 2 + length
    return None


def _webp(data: bytes) -> tuple[float, float] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return float(width), float(height)
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return float((bits & 0x3FFF) + 1), float(((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return float(width & 0x3FFF), float(height & 0x3FFF)
    return None


def _svg(data: bytes) -> tuple[float, float] | None:
    root = _SVG_ROOT.search(data[:65_536])
    if root is None:
        return None
    tag = root.group().decode("utf-8", "replace")
    width, height = _attribute(tag, "width"), _attribute(tag, "height")
    box = re.search(r'\bviewBox\s*=\s*["\']([^"\']*)["\']', tag)
    numbers = re.findall(r"[-+]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?", box.group(1)) if box else []
    if len(numbers) == 4:
        box_width, box_height = abs(float(numbers[2])), abs(float(numbers[3]))
        width = box_width if width is None else width
        height = box_height if height is None else height
    if width is None or height is None:
        return None
    return width, height


def _attribute(tag: str, name: str) -> float | None:
    found = re.search(rf'\b{name}\s*=\s*["\']{_LENGTH}["\']', tag)
    if found is None:
        return None
    return float(found.group(1)) * _UNITS[found.group(2) or ""]
