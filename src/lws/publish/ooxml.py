"""The pieces lws's DOCX steps share (:mod:`lws.publish.docx_tables`,
:mod:`lws.publish.docx_leaflet`): a package's entries read and written back with every
entry's own zip info (its date: the build's, so outputs stay reproducible), and a
paragraph kept with the next.
"""

from __future__ import annotations

import io
import re
import zipfile

_PARAGRAPH_START = re.compile(r"<w:p(?:\s[^>]*)?>")
_STYLE = re.compile(r'<w:pStyle w:val="[^"]*"\s*/>')


def unpacked(package: bytes) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    """Each entry's zip info, in order, and each entry's bytes by name."""
    with zipfile.ZipFile(io.BytesIO(package)) as source:
        infos = source.infolist()
        return infos, {info.filename: source.read(info) for info in infos}


def repacked(infos: list[zipfile.ZipInfo], files: dict[str, bytes]) -> bytes:
    """The package again: each entry as ``files`` has it, under its own zip info."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in infos:
            target.writestr(info, files[info.filename])
    return out.getvalue()


def keep_next(paragraph: str) -> str:
    """The paragraph kept with the next one (``w:keepNext`` in its schema place: first in
    ``w:pPr``, after ``w:pStyle``)."""
    opening = _PARAGRAPH_START.match(paragraph)
    if opening is None:
        return paragraph
    head, rest = paragraph[: opening.end()], paragraph[opening.end() :]
    if rest.startswith("<w:pPr/>"):
        return head + "<w:pPr><w:keepNext/></w:pPr>" + rest[len("<w:pPr/>") :]
    if not rest.startswith("<w:pPr>"):
        return head + "<w:pPr><w:keepNext/></w:pPr>" + rest
    properties = rest[: rest.index("</w:pPr>")]
    if "<w:keepNext" in properties:
        return paragraph
    at = len("<w:pPr>")
    style = _STYLE.match(rest, at)
    at = style.end() if style else at
    return head + rest[:at] + "<w:keepNext/>" + rest[at:]
