"""The title and the trust's name as the text under them reads: typographic quotes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from lws.publish.state import BUILD_DIR
from lws.publish.typography import curled


@pytest.mark.parametrize(
    ("written", "set"),
    [
        ("Children's Workforce Strategy 2026–2029", "Children’s Workforce Strategy 2026–2029"),
        ("Trusts' plan", "Trusts’ plan"),
        ("The 'best' plan", "The ‘best’ plan"),
        ('A "quoted" word', "A “quoted” word"),
        ('("Aim") high', "(“Aim”) high"),
        ("No quotes – 2014–17", "No quotes – 2014–17"),
        ("", ""),
    ],
)
def test_quotes_are_curled_as_pandoc_and_typst_curl_the_body(written: str, set: str) -> None:
    assert curled(written) == set
    assert curled(set) == set


def test_every_outputs_title_and_trust_name_read_childrens_with_its_apostrophe(
    example: Path,
) -> None:
    """On main the HTML's masthead and <title>, the DOCX's title and header and the slide
    master said "Children's" over a body that says "Children’s"."""
    for variant in ("leaflet", "board", "full"):
        page = (example / BUILD_DIR / f"{variant}.html").read_text(encoding="utf-8")
        header = page[page.index("<header") : page.index("</header>")]
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        assert title and "Children’s" in title.group(1) and "Children's" not in title.group(1)
        assert "Children’s" in header and "Children's" not in header
    doc = DocxDocument(str(example / BUILD_DIR / "full.docx"))
    assert doc.paragraphs[0].text.startswith("Children’s Workforce Strategy")
    header = " ".join(p.text for p in doc.sections[0].header.paragraphs)
    assert "Northbridge Children’s Trust" in header
    with zipfile.ZipFile(example / BUILD_DIR / "slides.pptx") as deck:
        masters = [
            deck.read(n).decode()
            for n in deck.namelist()
            if "slideMaster" in n and n.endswith(".xml")
        ]
    assert any("Children’s" in xml for xml in masters) and not any(
        "Children's" in x for x in masters
    )
