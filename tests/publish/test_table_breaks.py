"""Where the PDF's tables go (present.lua's TABLE_OPEN and TABLE_CLOSE, around every table): a
short table is kept whole, a long one starts where it stands and breaks with
its header row repeated, none starts with a row or two at a page's foot; and the example's
full document has no page left mostly empty by a table moved whole.

Real Pandoc and Typst; the rows are found again in each page's words (``pdftotext -bbox``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lws.publish.state import BUILD_DIR
from tests.publish.test_pdf_layout import _text_bottom, pages

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "templates" / "typst" / "template.typ"
PAGE = 842.0  # A4's height in points
_ROW = re.compile(r"Row(\d+)")


def _table(rows: int) -> str:
    lines = ["| Name | Figure |", "|:-----|-----:|"]
    lines += [f"| Row{n:02d} of the table | {n} |" for n in range(rows)]
    return "\n".join(lines) + "\n\n: The table\n"


def _pages_of_rows(tmp_path: Path, filler: int, rows: int) -> list[tuple[list[int], bool]]:
    """For each page: the table's rows on it, and whether its header row is there too."""
    from lws.convert.pandoc import convert
    from lws.convert.pdf import typst_pdf

    markdown = "".join(f"Filler line {n}.\n\n" for n in range(filler)) + _table(rows)
    markdown += "\nThe end of the section.\n"
    typst = convert(markdown, "typst", root=tmp_path, template=TEMPLATE, title="T")
    pdf = tmp_path / f"{filler}-{rows}.pdf"
    pdf.write_bytes(typst_pdf(typst.decode("utf-8"), root=tmp_path))
    out = []
    for words in pages(pdf):
        found = [int(m[1]) for *_, text in words if (m := _ROW.fullmatch(text))]
        header = any(text == "Figure" for *_, text in words)
        out.append((found, header))
    return out


@pytest.mark.parametrize("filler", [8, 20, 26, 30])
def test_a_short_table_is_never_split(tmp_path: Path, filler: int) -> None:
    spread = [rows for rows, _ in _pages_of_rows(tmp_path, filler, 6) if rows]
    assert spread == [list(range(6))], filler


@pytest.mark.parametrize("filler", [6, 14, 22, 28, 31])
def test_a_long_table_starts_where_it_stands_and_repeats_its_header(
    tmp_path: Path, filler: int
) -> None:
    spread = _pages_of_rows(tmp_path, filler, 45)
    parts = [(rows, header) for rows, header in spread if rows]
    assert [n for rows, _ in parts for n in rows] == list(range(45))  # each row once, in order
    assert len(parts) >= 2 and all(header for _, header in parts)  # the header on every page
    assert len(parts[0][0]) >= 3, filler  # never a row or two at a page's foot
    if filler < 28:  # with room for a few rows, it starts on the filler's page
        assert spread[0][0], filler


def test_no_page_of_the_full_document_is_left_mostly_empty(example: Path) -> None:
    """Before tables could break, "Our partners" stood alone on a page (29% of it used),
    the page before the long audiences table that was kept whole."""
    reached = [_text_bottom(words) / PAGE for words in pages(example / BUILD_DIR / "full.pdf")]
    contents = 1  # the contents' page ends where the contents end
    thin = [n + 1 for n, r in enumerate(reached[:-1]) if r < 0.5 and n != contents]
    assert thin == []
