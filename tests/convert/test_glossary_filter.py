"""The glossary filter with the real pandoc: first use spelt out once, never in a heading or
a link, ``<abbr>`` in HTML; outputs read back."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import docx
import pptx
import pytest

from lws.convert.pandoc import convert

GLOSSARY = {
    "CAF": "Common Assessment Framework",
    "KPI": "key performance indicator",
    "DCS": "Director of Children's Services & <partners>",
}
DOCUMENT = """\
# The CAF and KPIs {#sec:caf}

Read [the CAF guide](https://example.org/caf) first.

## What changes

Every practitioner uses the CAF. The CAF helpline opens in May. Our KPIs are below.

| KPI | Owner |
|:----|:------|
| CAFs completed | DCS |

- The DCS's report: KPI 3.
"""


class Elements(HTMLParser):
    """Every element with its attributes, its text, and the tags it sits inside."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.found: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.texts: list[tuple[str, tuple[str, ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs), tuple(self.open)))
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.texts.append((data, tuple(self.open)))


def html_of(glossary: dict[str, str], tmp_path: Path) -> Elements:
    out = convert(DOCUMENT, "html", root=tmp_path, title="Test", glossary=glossary, css="")
    parser = Elements()
    parser.feed(out.decode("utf-8"))
    return parser


def test_html_spells_out_each_first_use_once_with_abbr(tmp_path: Path) -> None:
    page = html_of(GLOSSARY, tmp_path)
    abbrs = [(attrs.get("title"), inside) for tag, attrs, inside in page.found if tag == "abbr"]
    assert [title for title, _ in abbrs] == [
        "Common Assessment Framework",
        "key performance indicator",
        "Director of Children's Services & <partners>",  # escaped in the page, read back
    ]
    assert not any({"h1", "h2", "a", "th"} & set(inside) for _, inside in abbrs)
    text = " ".join("".join(t for t, _ in page.texts).split())
    assert text.count("Common Assessment Framework (CAF)") == 1
    assert "Every practitioner uses the Common Assessment Framework (CAF)." in text
    assert "Our key performance indicators (KPIs) are below." in text


def test_headings_keep_their_text_and_anchors_and_links_their_text(tmp_path: Path) -> None:
    spelt, plain = html_of(GLOSSARY, tmp_path), html_of({}, tmp_path)
    ids = [attrs.get("id") for _, attrs, _ in spelt.found if attrs.get("id")]
    assert ids == [attrs.get("id") for _, attrs, _ in plain.found if attrs.get("id")]
    assert "sec:caf" in ids and "what-changes" in ids
    headings = "|".join(t for t, inside in spelt.texts if {"h1", "h2"} & set(inside))
    assert "The CAF and KPIs" in headings and "Common" not in headings
    link = [t for t, inside in spelt.texts if "a" in inside]
    assert "".join(link) == "the CAF guide"


def test_docx_and_pptx_spell_out_in_plain_text(tmp_path: Path) -> None:
    data = convert(DOCUMENT, "docx", root=tmp_path, title="Test", glossary=GLOSSARY)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    body = " ".join(paragraphs)
    assert body.count("Common Assessment Framework (CAF)") == 1
    assert "The CAF and KPIs" in paragraphs  # the heading as written
    slides = convert(DOCUMENT, "pptx", root=tmp_path, title="Test", glossary=GLOSSARY)
    shown = " ".join(
        shape.text_frame.text
        for slide in pptx.Presentation(io.BytesIO(slides)).slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    assert shown.count("Common Assessment Framework (CAF)") == 1


@pytest.mark.parametrize("meaning", ["Tab\tinside", "New\nline"])
def test_whitespace_in_a_meaning_cannot_break_the_filters_input(
    meaning: str, tmp_path: Path
) -> None:
    page = html_of({"CAF": meaning}, tmp_path)
    titles = [attrs.get("title") for tag, attrs, _ in page.found if tag == "abbr"]
    assert titles == [" ".join(meaning.split())]


def test_no_glossary_leaves_the_document_as_it_was(tmp_path: Path) -> None:
    page = html_of({}, tmp_path)
    assert not [tag for tag, _, _ in page.found if tag == "abbr"]


def test_the_glossary_table_itself_keeps_its_terms_as_written(tmp_path: Path) -> None:
    document = (
        "::: {.lws-glossary}\n| Term | Meaning |\n|:--|:--|\n| CAF | Common |\n:::\n\nThe CAF.\n"
    )
    out = convert(document, "html", root=tmp_path, title="Test", glossary=GLOSSARY, css="")
    page = Elements()
    page.feed(out.decode("utf-8"))
    cells = [t.strip() for t, inside in page.texts if "td" in inside and t.strip()]
    assert cells[:2] == ["CAF", "Common"]
    text = " ".join("".join(t for t, _ in page.texts).split())
    assert "The Common Assessment Framework (CAF)." in text
