"""A date in a table never breaks across lines ('30 September' / '2025'): its parts are held by
non-breaking spaces (:func:`lws.publish.render.unbroken_dates`) and its column has room for
it. Read back from the built PDF (each table cell is a block of ``pdftotext -bbox-layout``),
DOCX (python-docx) and HTML (Chromium at 320, 375 and 1280 px: test_accessibility)."""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
import shutil
import subprocess
from pathlib import Path

from docx import Document as DocxDocument

from lws.core.dates import MONTHS
from lws.publish.build import build
from lws.publish.render import _text_width, _widths, table, unbroken_dates
from lws.publish.state import BUILD_DIR
from tests.publish.test_pdf_layout import pages

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
TODAY = dt.date(2026, 12, 1)  # the historical fixture's date, as in test_fixture_publications
_MONTH = "|".join(MONTHS)
_DATE = re.compile(rf"(?:\b\d{{1,2}}[ \u00a0])?\b(?:{_MONTH})[ \u00a0]\d{{4}}\b")
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>'
)
NARROW = 220.0  # points: a line narrower than this is in a table's column, not the text's


def broken_dates_in_cells(pdf: Path) -> list[str]:
    """The dates that a line break splits in a narrow column (a table cell) of the PDF.

    The words in the order they are drawn (``pdftotext -raw``: a cell's lines one after
    another); a date is split where its words are drawn on two lines, and in a narrow column
    where the line it starts on, as drawn up to the date, is narrower than :data:`NARROW`
    (a line of the text's column that breaks is nearly its full width)."""
    list(pages(pdf))  # skips when poppler-utils is missing
    raw = subprocess.run(
        ["pdftotext", "-bbox", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    broken = []
    for page in raw.split("<page ")[1:]:
        words = [
            (float(a), float(b), float(c), html.unescape(t)) for a, b, c, t in _WORD.findall(page)
        ]
        text = " ".join(w[3] for w in words)
        starts = [0]
        for word in words[:-1]:
            starts.append(starts[-1] + len(word[3]) + 1)
        for found in _DATE.finditer(text):
            first = bisect.bisect_right(starts, found.start()) - 1
            last = bisect.bisect_right(starts, found.end() - 1) - 1
            if all(abs(w[1] - words[first][1]) < 1 for w in words[first : last + 1]):
                continue
            line = first
            while line > 0 and abs(words[line - 1][1] - words[first][1]) < 1:
                line -= 1
            if words[first][2] - words[line][0] < NARROW:
                broken.append(found[0])
    return broken


def test_a_table_holds_each_date_together_and_gives_it_room() -> None:
    rows = [{"what": "Review the induction " * 6, "due": "30 September 2025"}]
    markdown = table(rows, ["Action", "Due"], ["what", "due"])
    assert "30\u00a0September\u00a02025" in markdown and "30 September" not in markdown
    widths = _widths([["Action", "Due"], ["Review", unbroken_dates("30 September 2025")]])
    assert widths[1] >= _text_width("30 September 2025") + 2


def test_unbroken_dates_joins_dates_and_only_dates() -> None:
    text = "From 1 April 2026 to March 2029; 4 people in May and 2025 staff"
    assert unbroken_dates(text) == (
        "From 1\u00a0April\u00a02026 to March\u00a02029; 4 people in May and 2025 staff"
    )


def test_the_check_sees_a_date_broken_in_a_cell(tmp_path: Path) -> None:
    from lws.convert.pdf import typst_pdf

    source = "#set page(width: 10cm, height: 6cm)\n#table(columns: (1.8cm, 4cm), "
    source += "[30 September 2025], [Text of a row that is long enough])"
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(typst_pdf(source, root=tmp_path))
    assert broken_dates_in_cells(pdf) == ["30 September 2025"]


def test_no_date_in_a_pdf_table_breaks(example: Path, sparse: Path, tmp_path: Path) -> None:
    """On main the example's board broke 33 dates in its tables and the full document 101
    ('30 September' / '2025' in the actions' due dates, '(September' / '2025)' in the
    KPIs' figures); the historical fixture's full document one."""
    historical = tmp_path / "historical"
    shutil.copytree(FIXTURES / "historical" / "strategy", historical / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", historical / "templates" / "assets")
    result = build(historical, ["board", "full"], progress=lambda line: None, today=TODAY)
    assert not result.problems
    for project in (example, sparse, historical):
        for variant in ("board", "full"):
            pdf = project / BUILD_DIR / f"{variant}.pdf"
            assert broken_dates_in_cells(pdf) == [], (project.name, variant)


def test_docx_table_dates_are_held_together(example: Path) -> None:
    dates = []
    for variant in ("board", "full"):
        for grid in DocxDocument(str(example / BUILD_DIR / f"{variant}.docx")).tables:
            dates += [m[0] for row in grid.rows for c in row.cells for m in _DATE.finditer(c.text)]
    assert len(dates) > 50
    assert [d for d in dates if " " in d] == []
