"""The glossary (``strategy/glossary.yaml``): acronyms and terms with their meanings.

Pure functions. :func:`terms` reads the glossary; :func:`acronyms` finds what looks like an
acronym in published text (two or more capitals, maybe with digits or ``&``, maybe plural);
:func:`spell_out_first` spells out the first use of each glossary acronym in a sequence of
texts, exactly as ``lws build``'s Pandoc filter (``templates/filters/glossary.lua``) does in
each output, so ``lws check`` scores the words readers will see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from lws.core.data import mapping, records
from lws.model.load import Document

# Capitals (two or more, digits and & allowed inside), then perhaps a plural s or 's.
_ACRONYM = re.compile(r"(?<![\w&])([A-Z][A-Z0-9&]*[A-Z0-9])(s|'s|’s)?(?![\w&])")
#: Capitals that are not acronyms a reader has to learn.
NOT_ACRONYMS = frozenset({"OK", "TV", "UK", "AM", "PM", "I", "A"})


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    term: str
    meaning: str
    spell_out: bool = True


@dataclass(frozen=True)
class Acronym:
    """An acronym found in text: as written (``KPIs``), its singular (``KPI``), where."""

    written: str
    term: str
    start: int


def terms(documents: Mapping[str, Document]) -> dict[str, Term]:
    """The glossary's terms by how they are written (empty when there is no glossary)."""
    doc = documents.get("glossary")
    data = mapping(doc.data if doc is not None else None)
    out: dict[str, Term] = {}
    for entry in records(data.get("terms")):
        term, meaning = entry.get("term"), entry.get("meaning")
        if isinstance(term, str) and isinstance(meaning, str) and term not in out:
            out[term] = Term(term, " ".join(meaning.split()), entry.get("spell_out") is not False)
    return out


def spelt_out(glossary: Mapping[str, Term]) -> dict[str, str]:
    """The acronyms to spell out at first use, with their meanings."""
    return {
        t.term: t.meaning for t in glossary.values() if t.spell_out and _ACRONYM.fullmatch(t.term)
    }


def acronyms(text: str) -> Iterator[Acronym]:
    """Everything in ``text`` that reads as an acronym, in order."""
    for match in _ACRONYM.finditer(text):
        core = match.group(1)
        if sum(c.isupper() for c in core) < 2 or core in NOT_ACRONYMS:
            continue
        yield Acronym(match.group(0), core, match.start())


def known(acronym: Acronym, glossary: Mapping[str, Term]) -> bool:
    """Whether the glossary explains this acronym (``KPIs`` is explained by ``KPI``)."""
    plural = acronym.written.endswith("s") and acronym.written[:-1] in glossary
    return acronym.term in glossary or acronym.written in glossary or plural


def spell_out_first(texts: Sequence[str], meanings: Mapping[str, str]) -> list[str]:
    """``texts`` (in reading order) with the first use of each acronym spelt out once."""
    seen: set[str] = set()
    out = []
    for text in texts:
        pieces, last = [], 0
        for found in acronyms(text):
            meaning = meanings.get(found.term)
            if meaning is None or found.term in seen:
                continue
            seen.add(found.term)
            suffix = found.written[len(found.term) :]  # "s" (plural) or "'s" (possessive)
            if suffix == "s":
                spelt = f"{meaning}{'' if meaning.endswith('s') else 's'} ({found.written})"
            else:
                spelt = f"{meaning} ({found.term}){suffix}"
            pieces += [text[last : found.start], spelt]
            last = found.start + len(found.written)
        out.append("".join(pieces) + text[last:])
    return out
