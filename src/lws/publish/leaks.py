"""The leak verifier: no output carries the words of an item withheld from its audiences.

Filtering (:mod:`lws.publish.restrict`) decides what a variant may show; this module checks
the result, after conversion, in every format. For each item the variant withholds, its
distinctive text — its title and every longer piece of text it holds that no item the
variant shows also holds — is looked for in the output's words: the HTML's text, the DOCX
and PPTX documents' text, and the Typst source the PDF is made from (the PDF's words are
that source's). A hit fails that output, naming the item's file and line.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the check itself needs none of them: a kept plan's jobs are checked too
    from lws.model.load import Document
    from lws.model.schema import SchemaSet
    from lws.publish.restrict import View

#: Shorter texts are too common to be evidence of a leak (ids, "Yes", dates, names).
MIN_LENGTH = 16
_SPACE = re.compile(r"\s+")
_TAG = re.compile(r"<[^>]*>")
_TYPST_ESCAPE = re.compile(r"\\(.)")
_PARAGRAPH_END = re.compile(r"</(?:w:p|a:p|p|li|td|th|h[1-6]|div)>")
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True)
class Fingerprint:
    """Text that marks a withheld item, and where the item is written."""

    text: str
    file: str
    line: int
    label: str


def fingerprints(
    documents: Mapping[str, Document],
    schemas: SchemaSet,
    audiences: Iterable[str],
    seen: View | None = None,
) -> tuple[Fingerprint, ...]:
    """The distinctive text of every item the audiences may not see (``seen``: their view of
    the strategy, if already worked out)."""
    if seen is None:
        from lws.publish.restrict import view

        seen = view(documents, schemas, audiences)
    shown = {normal(text) for text in _texts(seen.sections)}
    shown_blob = "\n".join(shown)
    found: dict[str, Fingerprint] = {}
    for (section, path), withheld in seen.withheld.items():
        doc = documents[section]
        item: Any = doc.data
        for part in path:
            item = item[part]
        mark = doc.position(path)
        for text in _texts(item):
            key = normal(text)
            if len(key) >= MIN_LENGTH and key not in shown_blob and key not in found:
                found[key] = Fingerprint(key, doc.file, mark.line, withheld.label)
    return tuple(found.values())


def leaks(output: bytes, fmt: str, marks: Sequence[Fingerprint]) -> list[Fingerprint]:
    """The fingerprints whose text the output (in ``fmt``) contains."""
    if not marks:
        return []
    words = normal(words_of(output, fmt))
    return [mark for mark in marks if mark.text in words]


def words_of(output: bytes, fmt: str) -> str:
    """The text a reader sees: HTML without markup, DOCX/PPTX document text, Typst source.

    ``fmt`` is html, docx, pptx or typst (the source a PDF is compiled from).
    """
    if fmt in ("docx", "pptx"):
        with zipfile.ZipFile(io.BytesIO(output)) as package:
            parts = [
                package.read(name).decode("utf-8", errors="replace")
                for name in sorted(package.namelist())
                if name.endswith(".xml") and name.startswith(("word/", "ppt/slides/", "ppt/notes"))
            ]
        return " ".join(_markup_text(part) for part in parts)
    text = output.decode("utf-8", errors="replace")
    if fmt == "typst":  # Pandoc escapes Typst's markup characters with a backslash
        return _TYPST_ESCAPE.sub(r"\1", text)
    return _markup_text(text)


def normal(text: str) -> str:
    """Text compared as a reader sees it: one space for any run of spaces, plain quotes."""
    return _SPACE.sub(" ", text.translate(_TYPOGRAPHY)).strip()


def _markup_text(markup: str) -> str:
    return html.unescape(_TAG.sub("", _PARAGRAPH_END.sub(" ", markup)))


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from _texts(child)
    elif isinstance(value, list):
        for child in value:
            yield from _texts(child)
