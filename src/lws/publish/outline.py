"""The full document's parts as its template sees them, from ``publication.yaml``'s structure.

:func:`lws.model.structure.outline` decides the parts and their order; this module adds what
each part prints: the heading level of a guide section (level 1 in the body, level 2 as an
appendix), the trust's own sections with their bodies as safe Markdown
(:mod:`lws.publish.authored`), the foreword and the quotes as the variant's audiences may see
them. A part with nothing to print is left out, and so is the appendices heading when no
appendix follows it. Pure: the audience-filtered sections in, a list of dictionaries out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lws.core.data import mapping, records
from lws.model.structure import APPENDICES, outline
from lws.publish.authored import authored
from lws.publish.render import Markdown, escape


def document_parts(s: Mapping[str, Any]) -> list[dict[str, Any]]:
    """What the full document prints, in order: one dictionary per part (``kind``, ``name``,
    ``level`` and, for the trust's own sections, ``title`` and ``body``)."""
    own = mapping(s.get("own_sections"))
    mine = {
        str(item.get("id")): item
        for item in [*records(own.get("sections")), *records(own.get("appendices"))]
    }
    parts: list[dict[str, Any]] = []
    for part in outline(s.get("publication"), own):
        level = 2 if part.appendix else 1
        if part.kind == "own":
            item = mine[part.name]
            body = authored(str(item.get("body") or ""), level + 1)
            heading = f"{'#' * level} {escape(item.get('title'))} {{#own-{part.name}}}"
            parts.append(
                {"kind": "own", "name": part.name, "level": level, "title": item.get("title"),
                 "heading": Markdown(heading), "body": body}
            )  # fmt: skip
        elif part.kind == "front" and part.name == "foreword":
            if _foreword(s):
                parts.append(_foreword(s))
        elif part.kind == "quotes":
            quotes = quote_rows(s)
            if quotes:
                parts.append({"kind": "quotes", "name": "quotes", "level": level, "quotes": quotes})
        else:
            parts.append({"kind": part.kind, "name": part.name, "level": level})
    return _without_empty_appendices(parts)


def _foreword(s: Mapping[str, Any]) -> dict[str, Any]:
    data = mapping(s.get("foreword"))
    if not data.get("text"):
        return {}
    signatory = mapping(data.get("signatory"))
    return {
        "kind": "front",
        "name": "foreword",
        "level": 1,
        "title": data.get("title") or "Foreword",
        "body": authored(str(data.get("text")), 2),
        "signatory": signatory,
        "signature": signatory.get("signature"),
        "date": data.get("date"),
    }


def quote_rows(s: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The quotes the variant may show, each with who said it as it should be printed: the
    role, after the name only when the person agreed to be named (``show_name``)."""
    out = []
    for quote in records(mapping(s.get("quotes")).get("quotes")):
        by = str(quote.get("by") or "")
        named = quote.get("show_name") is True and quote.get("name")
        out.append({**quote, "said_by": f"{quote.get('name')}, {by}" if named else by})
    return out


def leaflet_quote(s: Mapping[str, Any]) -> dict[str, Any] | None:
    """The quote the staff leaflet prints: the first marked ``leaflet: true`` it may show."""
    return next((q for q in quote_rows(s) if q.get("leaflet") is True), None)


def _without_empty_appendices(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if parts and parts[-1]["kind"] == APPENDICES:
        return parts[:-1]
    return parts
