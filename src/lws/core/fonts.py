"""The bundled font: Atkinson Hyperlegible (SIL Open Font License 1.1).

Designed by the Braille Institute for low-vision readers, from the
``fontpkg-atkinson-hyperlegible`` package (regular, italic, bold and bold italic TrueType).
Every format and chart uses it unless the trust names a font of its own.
"""

from __future__ import annotations

import base64
from importlib.resources import files
from pathlib import Path

#: The family name of the bundled font.
BUNDLED_FONT = "Atkinson Hyperlegible"


def bundled_font_dir() -> Path:
    """The folder holding the bundled font's files."""
    return Path(str(files("fontpkg_atkinson_hyperlegible") / "files"))


def bundled_font_files() -> list[Path]:
    """The bundled font's TrueType files."""
    return sorted(bundled_font_dir().glob("*.ttf"))


def font_face_css() -> str:
    """``@font-face`` rules embedding the bundled font, so HTML shows it on every device."""
    rules = []
    for path in bundled_font_files():
        stem = path.stem.rsplit("-", 1)[-1].lower()
        weight = 700 if "bold" in stem else 400
        style = "italic" if "italic" in stem else "normal"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{BUNDLED_FONT}"; font-weight: {weight}; '
            f"font-style: {style}; font-display: swap; "
            f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}'
        )
    return "\n".join(rules) + "\n"
