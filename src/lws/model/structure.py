"""The full document's structure: ``publication.yaml``'s ``structure`` list, read and checked.

Each entry names one part of the full document, in order: the front matter (``cover``,
``manifest`` — the strategy's facts —, ``contents``, ``foreword``, ``summary``), a section of
the guide by its file name (``scope``, ``risks``…), ``quotes``, one of the trust's own
sections by its id (``own_sections.yaml``), and ``appendices``: everything listed after it is
an appendix. What the list leaves out, the full document leaves out. A strategy without a
``structure`` gets :data:`DEFAULT`, the guide's order.

The trust's own appendices that the list does not name follow the listed appendices, in
their file's order; its own sections, a foreword it does not place, are warned about
(they would be printed nowhere).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lws.core.diagnostics import DataPath, Diagnostic, Severity
from lws.model.document import Document
from lws.model.versions import declared_version, shown

#: The data model from which ``structure`` decides the full document.
VERSION_0_3 = (0, 3)
FRONT = ("cover", "manifest", "contents", "foreword", "summary")
#: The guide's sections that the full document can print, each by its own partial template.
SECTIONS = (
    "scope", "priorities", "impact_mapping", "lessons", "baseline", "national", "vision",
    "innovation", "prioritisation", "actions", "measures", "impact_models", "alignment",
    "communications", "implementation", "sustaining", "risks", "impact", "engagement",
    "governance", "people", "publication", "diagnostic", "glossary",
)  # fmt: skip
QUOTES = "quotes"
APPENDICES = "appendices"
KNOWN = (*FRONT, *SECTIONS, QUOTES, APPENDICES)
#: The structure of a strategy that gives none: the guide's order, details in appendices.
DEFAULT = (
    "cover", "contents", "foreword", "summary", "manifest",
    "scope", "priorities", "impact_mapping", "lessons", "baseline", "national", "vision",
    "innovation", "prioritisation", "actions", "measures", "alignment", "communications",
    "implementation", "sustaining", "risks", "impact", "engagement", "governance",
    "publication", "diagnostic",
    QUOTES,
    APPENDICES, "impact_models", "people", "glossary",
)  # fmt: skip


#: The parts a full document of data model 0.2 or older printed, in its order. Its build printed
#: every part whatever ``structure`` said (a 0.2 structure could not even name the cover, the
#: contents, the summary or the glossary); from 0.3 the list decides. ``lws upgrade`` writes
#: this list into an older strategy's structure, so that its document stays as it was.
BEFORE_0_3 = (
    "cover", "manifest", "contents", "summary",
    "scope", "priorities", "impact_mapping", "lessons", "baseline", "vision",
    "innovation", "prioritisation", "actions", "measures",
    "alignment", "communications", "implementation", "sustaining", "risks", "impact",
    "engagement", "publication", "diagnostic",
    APPENDICES, "impact_models", "people", "glossary",
)  # fmt: skip


@dataclass(frozen=True)
class Part:
    """One part of the full document: its name (an entry of the structure) and kind."""

    name: str
    kind: str  # "front", "section", "quotes", "own" or "appendices"
    appendix: bool = False  # listed after ``appendices``


def own_ids(own: Any) -> tuple[list[str], list[str]]:
    """The ids of the trust's own sections and own appendices (``own_sections.yaml``)."""
    data = own if isinstance(own, dict) else {}
    return _ids(data.get("sections")), _ids(data.get("appendices"))


def _ids(items: Any) -> list[str]:
    if not isinstance(items, list):
        return []
    return [str(i["id"]) for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)]


def given(publication: Any) -> list[str] | None:
    """The structure as written (its text entries), or None when the strategy gives none."""
    data = publication if isinstance(publication, dict) else {}
    entries = data.get("structure")
    if not isinstance(entries, list) or not entries:
        return None
    return [e for e in entries if isinstance(e, str)]


def outline(publication: Any, own: Any) -> list[Part]:
    """The full document's parts, in order (unknown and repeated entries left out).

    Own sections appear where the structure names them (by default, after the guide's
    sections and before the quotes); own appendices the structure does not name follow
    the appendices it lists.
    """
    sections, appendices = own_ids(own)
    written = given(publication)
    entries = list(written) if written is not None else _default(sections)
    mine = set(sections) | set(appendices)
    parts: list[Part] = []
    seen: set[str] = set()
    after = False
    for entry in entries:
        if entry in seen or (entry not in KNOWN and entry not in mine):
            continue
        seen.add(entry)
        after = after or entry == APPENDICES
        parts.append(Part(entry, _kind(entry), after and entry != APPENDICES))
    if APPENDICES in seen:
        parts += [Part(a, "own", True) for a in appendices if a not in seen]
    return parts


def _default(sections: Sequence[str]) -> list[str]:
    at = DEFAULT.index(QUOTES)
    return [*DEFAULT[:at], *sections, *DEFAULT[at:]]


def _kind(entry: str) -> str:
    if entry in FRONT:
        return "front"
    if entry in SECTIONS:
        return "section"
    if entry in (QUOTES, APPENDICES):
        return entry
    return "own"


def structure_problems(documents: Mapping[str, Document]) -> list[Diagnostic]:
    """Unknown or repeated structure entries (errors), and content the structure leaves
    with nowhere to go: own sections it does not list, own appendices when it has no
    ``appendices``, a foreword it does not place (warnings)."""
    publication = documents.get("publication")
    own = documents.get("own_sections")
    sections, appendices = own_ids(own.data if own else None)
    found: list[Diagnostic] = []
    written = given(publication.data if publication else None)
    if publication is None or written is None:
        return found
    found += _older_structure(publication, written, declared_version(documents.get("manifest")))
    clash = set(KNOWN) & (set(sections) | set(appendices))
    allowed = [*KNOWN, *(i for i in sections + appendices if i not in clash)]
    seen: set[str] = set()
    for index, entry in enumerate(publication.data["structure"]):
        if not isinstance(entry, str):
            continue  # the schema reports it
        at: DataPath = ("structure", index)
        if entry in seen:
            found.append(
                _at(publication, at, Severity.ERROR, f"'{entry}' is listed twice",
                    "list each part of the full document once, where it should go")
            )  # fmt: skip
        elif entry not in allowed:
            found.append(_unknown(publication, at, entry, sections + appendices))
        seen.add(entry)
    if own is not None:
        found += _unplaced(own, seen, sections, appendices)
        found += [
            _at(own, (group, n, "id"), Severity.ERROR,
                f"'{ident}' is already the name of a part of the full document",
                "give your own section another id, e.g. our-" + ident)
            for group, ids in (("sections", sections), ("appendices", appendices))
            for n, ident in _positions(own, group, ids) if ident in clash
        ]  # fmt: skip
    foreword = documents.get("foreword")
    if foreword is not None and foreword.data and "foreword" not in seen:
        found.append(
            _at(foreword, (), Severity.WARNING,
                "publication.yaml's structure does not list foreword, so the full document "
                "leaves this foreword out",
                "add foreword to structure in strategy/publication.yaml, e.g. after contents")
        )  # fmt: skip
    return found


def _older_structure(
    publication: Document, written: list[str], version: tuple[int, int] | None
) -> list[Diagnostic]:
    """A structure written for data model 0.2 or older that leaves out parts its build printed:
    from 0.3 the list decides the full document, so they would go missing silently."""
    if version is None or version >= VERSION_0_3:
        return []
    missing = [part for part in BEFORE_0_3 if part not in written and part != APPENDICES]
    if not missing:
        return []
    return [
        _at(publication, ("structure",), Severity.WARNING,
            f"this strategy is written for data model {shown(version)}, whose full document "
            "printed every part whatever structure said; from 0.3 structure decides, and this "
            f"list leaves out {_and(missing)}",
            "run lws upgrade: it lists every part the document had, so it stays as it was "
            "(your list is kept beside it as a comment); or add each part where it should go")
    ]  # fmt: skip


def _and(words: Sequence[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else words[0]


def _unplaced(
    own: Document, seen: set[str], sections: list[str], appendices: list[str]
) -> list[Diagnostic]:
    out = []
    for n, ident in _positions(own, "sections", sections):
        if ident not in seen:
            out.append(
                _at(own, ("sections", n, "id"), Severity.WARNING,
                    f"publication.yaml's structure does not list '{ident}', so the full "
                    "document leaves this section out",
                    f"add {ident} to structure in strategy/publication.yaml where it should go")
            )  # fmt: skip
    if APPENDICES not in seen:
        for n, ident in _positions(own, "appendices", appendices):
            if ident not in seen:
                out.append(
                    _at(own, ("appendices", n, "id"), Severity.WARNING,
                        "publication.yaml's structure has no appendices, so the full "
                        "document leaves this appendix out",
                        "add appendices to the end of structure in strategy/publication.yaml")
                )  # fmt: skip
    return out


def _positions(own: Document, group: str, ids: list[str]) -> list[tuple[int, str]]:
    """(index in the file's list, id) for each id of ``group``."""
    items = own.data.get(group) if isinstance(own.data, dict) else None
    if not isinstance(items, list):
        return []
    return [
        (n, str(item["id"]))
        for n, item in enumerate(items)
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"] in ids
    ]


def _unknown(doc: Document, at: DataPath, entry: str, own: list[str]) -> Diagnostic:
    near = difflib.get_close_matches(entry, [*KNOWN, *own], n=1, cutoff=0.7)
    mine = f"; your own sections: {', '.join(own)}" if own else ""
    return _at(
        doc,
        at,
        Severity.ERROR,
        f"'{entry}' is not a part of the full document",
        (f"did you mean '{near[0]}'? " if near else "")
        + f"the parts are: {', '.join(KNOWN)}{mine}",
    )


def _at(doc: Document, path: DataPath, severity: Severity, message: str, hint: str) -> Diagnostic:
    mark = doc.position(path)
    return Diagnostic(doc.file, mark.line, mark.col, severity, path, message, hint)
