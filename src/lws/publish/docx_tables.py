"""DOCX tables that break across pages as the PDF's do.

Pandoc writes no row or keep properties, so Word and LibreOffice split a row's lines across
a page break (a name on one page, its role on the next), leave a table's caption or first
row alone at a page's foot and its last row alone at the next page's top. This pure step
(bytes in, bytes out; every zip entry kept as it was, so builds stay reproducible) marks
each row ``w:cantSplit`` and keeps paragraphs with the next (``w:keepNext``):

* a table of at most :data:`WHOLE` rows: every row but the last, and its caption, so the
  table moves to the next page whole;
* a longer one: its caption, the header and first body row, and the row before the last,
  so it breaks with at least two rows on either side (its header repeats on each page, as
  pandoc marks it).
"""

from __future__ import annotations

import re

from lws.publish.ooxml import keep_next, repacked, unpacked

DOCUMENT = "word/document.xml"
WHOLE = 6  # rows (header included): a table this short is never broken (a longer one
# kept whole would leave most of a page empty, as the PDF's breaks a table over a third of a page)
_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
_ROW = re.compile(r"<w:tr(?:\s[^>]*)?>.*?</w:tr>", re.S)
_ROW_START = re.compile(r"<w:tr(?:\s[^>]*)?>")
_PARAGRAPH = re.compile(r"<w:p(?:\s[^>]*)?>.*?</w:p>", re.S)
_PARAGRAPH_START = re.compile(r"<w:p(?:\s[^>]*)?>")
CAPTION_STYLE = 'w:val="TableCaption"'


def kept_together(docx: bytes) -> bytes:
    """``docx`` with its tables' rows unsplittable and kept as the module says."""
    infos, files = unpacked(docx)
    document = files.get(DOCUMENT)
    if document is None or b"<w:tbl>" not in document:
        return docx
    files[DOCUMENT] = tables_kept(document.decode("utf-8")).encode("utf-8")
    return repacked(infos, files)


def tables_kept(document: str) -> str:
    """The document's XML with each table (and the caption before it) kept together."""
    parts, at = [], 0
    for found in _TABLE.finditer(document):
        before = document[at : found.start()]
        caption = _caption_before(before)
        if caption is not None:
            before = before[:caption] + keep_next(before[caption:])
        parts += [before, _table_kept(found.group(0))]
        at = found.end()
    parts.append(document[at:])
    return "".join(parts)


def _caption_before(text: str) -> int | None:
    """Where the table caption paragraph that ends ``text`` starts (None: no caption)."""
    if not text.rstrip().endswith("</w:p>"):
        return None
    starts = list(_PARAGRAPH_START.finditer(text))
    if not starts:
        return None
    start = starts[-1].start()
    return start if CAPTION_STYLE in text[start:] else None


def _table_kept(table: str) -> str:
    rows = list(_ROW.finditer(table))
    count = len(rows)
    if count < 2:
        kept: set[int] = set()
    elif count <= WHOLE:
        kept = set(range(count - 1))
    else:
        kept = {0, 1, count - 2}
    parts, at = [], 0
    for index, row in enumerate(rows):
        parts.append(table[at : row.start()])
        parts.append(_row_kept(row.group(0), with_next=index in kept))
        at = row.end()
    parts.append(table[at:])
    return "".join(parts)


def _row_kept(row: str, *, with_next: bool) -> str:
    opening = _ROW_START.match(row)
    assert opening is not None  # _ROW matched it
    head, rest = row[: opening.end()], row[opening.end() :]
    if rest.startswith("<w:trPr>"):
        if "<w:cantSplit" not in rest[: rest.index("</w:trPr>")]:
            rest = "<w:trPr><w:cantSplit/>" + rest[len("<w:trPr>") :]
    elif rest.startswith("<w:trPr/>"):
        rest = "<w:trPr><w:cantSplit/></w:trPr>" + rest[len("<w:trPr/>") :]
    else:
        rest = "<w:trPr><w:cantSplit/></w:trPr>" + rest
    if with_next:
        rest = _PARAGRAPH.sub(lambda p: keep_next(p.group(0)), rest)
    return head + rest
