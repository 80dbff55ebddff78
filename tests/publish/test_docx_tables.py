"""DOCX tables break across pages as the PDF's do (lws.publish.docx_tables).

The rules on pandoc's own XML, then the example's and the fixtures' board and full
document built, every row read back with python-docx, and the example's board rendered by
LibreOffice (with the bundled font) to check where its rows fell.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as DocxDocument
from docx.oxml.ns import qn

from lws.publish.build import build
from lws.publish.docx_tables import WHOLE, tables_kept
from lws.publish.state import BUILD_DIR
from tests.publish.test_docx_leaflet import soffice, to_pdf

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
#: The day the example's board was seen to split a row across its first two pages
#: (as at a day, the recommendations' lengths and so the page breaks are fixed)
SEEN = dt.date(2026, 12, 2)


def _row(text: str, head: bool = False) -> str:
    props = '<w:trPr><w:tblHeader w:val="on" /></w:trPr>' if head else ""
    cell = (
        '<w:tc><w:tcPr /><w:p><w:pPr><w:pStyle w:val="TableText" /><w:jc w:val="left" />'
        f'</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
    )
    return f"<w:tr>{props}{cell}</w:tr>"


def _table(rows: int) -> str:
    caption = (
        '<w:p><w:pPr><w:pStyle w:val="TableCaption" /></w:pPr><w:r><w:t>Table</w:t></w:r></w:p>'
    )
    body = "".join(_row(f"row {n}", head=n == 0) for n in range(rows))
    return f"{caption}<w:tbl><w:tblPr /><w:tblGrid />{body}</w:tbl>"


def _kept(xml: str) -> list[bool]:
    """Whether each row's paragraphs are kept with the next, in order."""
    return ["<w:keepNext/>" in row for row in re.findall(r"<w:tr>.*?</w:tr>", xml, re.S)]


@pytest.mark.parametrize("rows", [1, 2, WHOLE, WHOLE + 1, 40])
def test_rows_never_split_short_tables_stay_whole_long_ones_keep_two_a_side(rows: int) -> None:
    xml = tables_kept(f"<w:body>{_table(rows)}<w:p /></w:body>")
    assert xml.count("<w:cantSplit/>") == rows
    assert xml.count('<w:tblHeader w:val="on" />') == 1  # pandoc's own properties kept
    kept = _kept(xml)
    if rows <= WHOLE:
        assert kept == [True] * (rows - 1) + [False]
    else:
        assert kept == [True, True] + [False] * (rows - 4) + [True, False]
    caption = xml[: xml.index("<w:tbl>")]
    assert caption.endswith("</w:p>") and "<w:keepNext/>" in caption
    # keepNext in its schema place: right after the paragraph's style, before w:jc
    assert "<w:keepNext/><w:jc" in xml or rows == 1
    assert '<w:pStyle w:val="TableCaption" /><w:keepNext/>' in xml


def test_the_same_document_gives_the_same_xml_and_a_table_without_a_caption_keeps_none() -> None:
    once = tables_kept(_table(3))
    assert tables_kept(once) == once  # nothing added twice
    bare = tables_kept("<w:p><w:r><w:t>text</w:t></w:r></w:p><w:tbl>" + _row("a") + "</w:tbl>")
    assert bare.startswith("<w:p><w:r>")  # a paragraph that is no caption is not kept
    assert tables_kept("<w:p />") == "<w:p />"


def _built(tmp: Path, name: str) -> Path:
    root = tmp / name
    source = ROOT if name == "example" else FIXTURES / name
    shutil.copytree(source / "strategy", root / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", root / "templates" / "assets")
    with pytest.MonkeyPatch.context() as patch:
        stamp = dt.datetime.combine(SEEN, dt.time(), tzinfo=dt.UTC).timestamp()
        patch.setenv("SOURCE_DATE_EPOCH", str(int(stamp)))
        result = build(root, ["board", "full"], ["docx"], progress=lambda line: None,
                       today=SEEN, draft=name != "example")  # fmt: skip
    assert not [p for p in result.problems if p.severity.value == "error"], name
    return root


@pytest.mark.parametrize("name", ["example", "sparse", "historical"])
def test_every_row_of_every_built_table_is_unsplittable(name: str, tmp_path: Path) -> None:
    root = _built(tmp_path, name)
    tables = 0
    for variant in ("board", "full"):
        for table in DocxDocument(str(root / BUILD_DIR / f"{variant}.docx")).tables:
            tables += 1
            rows = table._tbl.tr_lst
            for row in rows:
                props = row.find(qn("w:trPr"))
                assert props is not None and props.find(qn("w:cantSplit")) is not None
            last = rows[-1].xml
            assert "<w:keepNext/>" not in last  # the last row lets the page go on
    assert tables > 0


def _filled(paragraphs: int) -> str:
    """Filler, then a table whose every row wraps to several lines (its first and last
    words mark where the row starts and ends)."""
    filler = "\n\n".join(f"Paragraph {n} of the filler that moves the table down." for n in
                           range(paragraphs))  # fmt: skip
    words = " ".join(["words"] * 40)
    rows = "\n".join(f"| start{n} {words} end{n} | start{n}b {words} end{n}b |" for n in range(8))
    return f"{filler}\n\n| One | Two |\n|---|---|\n{rows}\n\n: Rows that wrap\n"


def test_libreoffice_keeps_every_row_on_one_page(tmp_path: Path) -> None:
    """The same documents with and without the step, at twelve positions on the page, set by
    LibreOffice with the bundled font: without it some row starts on one page and ends on
    the next (what the example's board showed); with it none."""
    from lws.convert.pandoc import convert
    from lws.publish.docx_tables import kept_together

    binary = soffice()
    files = []
    for paragraphs in range(20, 44, 2):
        docx = convert(_filled(paragraphs), "docx", root=tmp_path, title="Rows",
                       reference_doc=ROOT / "templates" / "reference.docx")  # fmt: skip
        for kind, data in (("plain", docx), ("kept", kept_together(docx))):
            files.append(tmp_path / f"{kind}-{paragraphs}.docx")
            files[-1].write_bytes(data)
    to_pdf(binary, tmp_path, files)
    split: dict[str, int] = {"plain": 0, "kept": 0}
    for file in files:
        pages = subprocess.run(
            ["pdftotext", str(file.with_suffix(".pdf")), "-"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout.split("\f")  # fmt: skip
        page_of = {
            w: n for n, page in enumerate(pages) for w in re.findall(r"(?:start|end)\d+b?", page)
        }
        for n in range(8):
            for cell in (f"{n}", f"{n}b"):
                if page_of[f"start{cell}"] != page_of[f"end{cell}"]:
                    split[file.name.split("-")[0]] += 1
    assert split["plain"] > 0  # the test can see a split row
    assert split["kept"] == 0
