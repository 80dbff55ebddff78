"""Where the PDF's tables go (present.lua's TABLE_OPEN and TABLE_CLOSE, around every table): a
short table is kept whole, a long one starts where it stands and breaks with
its header row repeated, none starts with a row or two at a page's foot nor ends with one row
alone at the next page's top; and the example's full document has no page left mostly empty
by a table moved whole.

Real Pandoc and Typst; the rows are found again in each page's words (``pdftotext -bbox``),
and in the built PDFs by the pages of each table row in the tag tree."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

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


# (rows, filler lines before the table): the last six each left the table's last row alone at
# the top of a page under the repeated header before its last two rows were kept together
LONG = [(45, 6), (45, 14), (45, 22), (45, 28), (45, 31)]
LONG += [(20, 16), (30, 8), (60, 17), (21, 15), (31, 7), (61, 16)]


@pytest.mark.parametrize(("rows", "filler"), LONG)
def test_a_long_table_starts_where_it_stands_and_repeats_its_header(
    tmp_path: Path, rows: int, filler: int
) -> None:
    spread = _pages_of_rows(tmp_path, filler, rows)
    parts = [(found, header) for found, header in spread if found]
    assert [n for found, _ in parts for n in found] == list(range(rows))  # each row once
    assert len(parts) >= 2 and all(header for _, header in parts)  # the header on every page
    assert len(parts[0][0]) >= 3, filler  # never a row or two at a page's foot
    assert all(len(found) >= 2 for found, _ in parts), [len(f) for f, _ in parts]  # nor one
    if filler < 28 and rows == 45:  # with room for a few rows, it starts on the filler's page
        assert spread[0][0], filler


def _kids(node: Any) -> list[Any]:
    found = node.get_object().get("/K")
    if found is None:
        return []
    found = found.get_object()
    return [k.get_object() for k in (found if isinstance(found, ArrayObject) else [found])]


def _tagged(node: Any, kind: str) -> list[Any]:
    return [k for k in _kids(node) if isinstance(k, DictionaryObject) and k.get("/S") == kind]


def _pages_of(node: Any, numbers: dict[int, int], page: int = 0) -> set[int]:
    """The pages that a tagged element's content is on."""
    if "/Pg" in node:
        page = numbers[node.raw_get("/Pg").idnum]
    found = set()
    for kid in _kids(node):
        if not isinstance(kid, DictionaryObject):  # a marked-content id on the element's page
            found.add(page)
        elif kid.get("/Type") == "/MCR":
            found.add(numbers[kid.raw_get("/Pg").idnum] if "/Pg" in kid else page)
        elif "/S" in kid:
            found |= _pages_of(kid, numbers, page)
    return found


def _tables(node: Any) -> Iterator[Any]:
    for kid in _kids(node):
        if isinstance(kid, DictionaryObject) and "/S" in kid:
            yield from [kid] if kid.get("/S") == "/Table" else _tables(kid)


def body_rows_per_page(pdf: Path) -> list[list[int]]:
    """For each table of a tagged PDF that spans pages: how many body rows each page holds."""
    reader = PdfReader(pdf)
    numbers = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, 1)}  # type: ignore[union-attr]
    spread = []
    for table in _tables(reader.root_object["/StructTreeRoot"]):
        rows = [row for body in _tagged(table, "/TBody") for row in _tagged(body, "/TR")]
        count = Counter(min(_pages_of(row, numbers)) for row in rows)
        if len(count) > 1:
            spread.append([count[n] for n in sorted(count)])
    return spread


def test_no_table_leaves_a_row_alone_on_a_page(example: Path, sparse: Path) -> None:
    """The example's "The impact we are having" ended with its last row alone on page 33."""
    for project in (example, sparse):
        for variant in ("board", "full"):
            spread = body_rows_per_page(project / BUILD_DIR / f"{variant}.pdf")
            assert all(min(parts) >= 2 for parts in spread), (project.name, variant, spread)
    assert body_rows_per_page(example / BUILD_DIR / "full.pdf")  # it has tables that break


def test_no_page_of_the_full_document_is_left_mostly_empty(example: Path) -> None:
    """Before tables could break, "Our partners" stood alone on a page (29% of it used),
    the page before the long audiences table that was kept whole."""
    reached = [_text_bottom(words) / PAGE for words in pages(example / BUILD_DIR / "full.pdf")]
    contents = 1  # the contents' page ends where the contents end
    thin = [n + 1 for n, r in enumerate(reached[:-1]) if r < 0.5 and n != contents]
    assert thin == []


def test_a_long_table_keeps_its_distance_from_a_list_before_it(tmp_path: Path) -> None:
    """The room kept for a long table's start once swallowed the spacing before it: the
    caption printed over a list's last line (the example's project milestones)."""
    from lws.convert.pandoc import convert
    from lws.convert.pdf import typst_pdf

    markdown = "* A first point\n* The last point of the list\n\n" + _table(25)
    typst = convert(markdown, "typst", root=tmp_path, template=TEMPLATE, title="T")
    pdf = tmp_path / "list.pdf"
    pdf.write_bytes(typst_pdf(typst.decode("utf-8"), root=tmp_path))
    words = next(iter(pages(pdf)))
    last_line = max(w[3] for w in words if w[4] == "list")
    caption = min(w[1] for w in words if w[4] == "table")
    assert caption - last_line > 4  # points
