"""The brand in every format: the bundled font by default, the trust's when given, brand colours.

Read back from the outputs themselves: ``pdffonts`` for PDF, the styles of the DOCX, the theme
of the PPTX, and the font Chromium actually loads for the HTML.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from lws.core.fonts import BUNDLED_FONT
from lws.publish.state import BUILD_DIR
from tests.chromium import probe

EXAMPLE_FONT = "Source Sans 3"  # strategy/publication.yaml names it, without font files
EXAMPLE_PRIMARY = "1D4F91"


def _pdf_fonts(path: Path) -> set[str]:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return {line.split()[0].split("+", 1)[-1] for line in lines}


@pytest.mark.parametrize("variant", ["leaflet", "board", "full"])
def test_pdf_uses_only_the_bundled_font_without_the_trusts_files(
    example: Path, variant: str
) -> None:
    fonts = _pdf_fonts(example / BUILD_DIR / f"{variant}.pdf")
    assert fonts and all(f.startswith("AtkinsonHyperlegible-") for f in fonts), fonts
    assert "AtkinsonHyperlegible-Bold" in fonts


def _docx_fonts(path: Path) -> dict[str, tuple[str | None, str | None]]:
    doc = DocxDocument(str(path))
    out = {}
    for name in ("Normal", "Heading 1", "Heading 2", "Title"):
        style = doc.styles[name]
        colour = style.font.color.rgb if style.font.color and style.font.color.type else None
        out[name] = (style.font.name, str(colour) if colour else None)
    return out


def test_docx_styles_use_the_trusts_font_and_primary_colour(example: Path) -> None:
    styles = _docx_fonts(example / BUILD_DIR / "full.docx")
    assert {font for font, _ in styles.values()} == {EXAMPLE_FONT}
    assert styles["Heading 1"][1] == styles["Title"][1] == EXAMPLE_PRIMARY


def test_docx_without_a_trust_font_uses_the_bundled_one(sparse: Path) -> None:
    styles = _docx_fonts(sparse / BUILD_DIR / "leaflet.docx")
    assert {font for font, _ in styles.values()} == {BUNDLED_FONT}


def _theme(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return package.read("ppt/theme/theme1.xml").decode()


def test_pptx_theme_carries_the_trusts_font_and_colours(example: Path, sparse: Path) -> None:
    theme = _theme(example / BUILD_DIR / "slides.pptx")
    fonts = re.findall(r'<a:(?:major|minor)Font><a:latin typeface="([^"]*)"', theme)
    assert fonts == [EXAMPLE_FONT, EXAMPLE_FONT]
    assert re.search(rf'<a:dk2><a:srgbClr val="{EXAMPLE_PRIMARY}"/>', theme)
    bare = _theme(sparse / BUILD_DIR / "slides.pptx")
    assert re.findall(r'<a:(?:major|minor)Font><a:latin typeface="([^"]*)"', bare) == [
        BUNDLED_FONT,
        BUNDLED_FONT,
    ]


def test_html_names_the_trusts_font_and_loads_the_bundled_one(example: Path) -> None:
    result = probe(example / BUILD_DIR / "leaflet.html", 1280)
    assert result["font"].startswith(f'"{EXAMPLE_FONT}", "{BUNDLED_FONT}"')
    assert BUNDLED_FONT in result["loaded"]  # the trust's font is not installed here
    assert result["headingColour"] == "rgb(29, 79, 145)"  # the brand's primary, #1d4f91


def test_html_without_a_trust_font_renders_in_the_bundled_one(sparse: Path) -> None:
    result = probe(sparse / BUILD_DIR / "board.html", 375)
    assert result["font"].startswith(f'"{BUNDLED_FONT}"')
    assert BUNDLED_FONT in result["loaded"]
