"""The plain-words list: words to avoid in plain English, and what to say instead.

The list is data: lws ships ``criteria/plain_words.yaml`` (GOV.UK style); a trust replaces it
with its own ``criteria/plain_words.yaml``, or adjusts it in ``strategy/glossary.yaml``
(``plain_words``: ``allow`` words, add its own ``words``, or ``check: false``). An entry
matches its word with the usual endings (``utilise``, ``utilises``, ``utilised``,
``utilising``) or its phrase as written, in any case.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lws.core.data import mapping, records
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.diagnose.diagnostic import packaged_criteria_dir
from lws.model.load import Document, load_file
from lws.model.schema import StrategyValidator

LIST_FILE = "plain_words.yaml"
_ENTRY = {"type": "dict", "schema": {
    "avoid": {"type": "string", "required": True, "empty": False},
    "instead": {"type": "string", "required": True, "empty": False},
}}  # fmt: skip
_FILE = {"words": {"type": "list", "required": True, "schema": _ENTRY}}


@dataclass(frozen=True)
class PlainWord:
    """A word or phrase to avoid, what to use instead, and how to find it."""

    avoid: str
    instead: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Hit:
    """One use of a word to avoid: as written, where in the text, and the entry."""

    written: str
    start: int
    word: PlainWord


def entry(avoid: str, instead: str) -> PlainWord:
    """A list entry, with the pattern that finds it and its usual endings."""
    words = avoid.split()
    last = re.escape(words[-1])
    if len(words) == 1:
        stem = last[:-1] if last.endswith("e") else last
        ending = r"(?:e|es|ed|ing)" if last.endswith("e") else r"(?:s|es|ed|ing)?"
        body = stem + ending
    else:
        body = r"\s+".join(re.escape(w) for w in words)
    return PlainWord(avoid, instead, re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE))


def load_list(root: Path, documents: Mapping[str, Document]) -> list[PlainWord]:
    """The list in force for this trust (empty when it is switched off)."""
    settings = mapping(mapping(_data(documents.get("glossary"))).get("plain_words"))
    if settings.get("check") is False:
        return []
    own = root / "criteria" / LIST_FILE
    path = own if own.is_file() else packaged_criteria_dir() / LIST_FILE
    inside = path.resolve().is_relative_to(root.resolve())
    display = path.relative_to(root).as_posix() if inside else f"<lws>/criteria/{LIST_FILE}"
    doc = load_file(path, path.parent, display)
    validator = StrategyValidator(_FILE)
    if not isinstance(doc.data, dict) or not validator.validate(doc.data):
        detail = validator.errors if isinstance(doc.data, dict) else "not a mapping"
        raise LwsError(
            [
                Diagnostic(
                    display,
                    1,
                    1,
                    Severity.ERROR,
                    (),
                    f"plain-words list is not valid: {detail}",
                    "each entry is {avoid: WORD, instead: PLAIN WORDS}",
                )
            ]
        )
    allowed = {str(a).lower() for a in settings.get("allow") or [] if isinstance(a, str)}
    chosen = [*doc.data["words"], *records(settings.get("words"))]
    out: dict[str, PlainWord] = {}
    for item in chosen:
        avoid, instead = item.get("avoid"), item.get("instead")
        usable = isinstance(avoid, str) and isinstance(instead, str) and avoid.strip()
        if usable and str(avoid).lower() not in allowed:
            out[str(avoid).lower()] = entry(str(avoid), str(instead))
    return list(out.values())


def hits(text: str, words: Sequence[PlainWord], allowed: Sequence[str] = ()) -> Iterator[Hit]:
    """Each use in ``text`` of a word on the list, in order."""
    exempt = {a.lower() for a in allowed}
    found = [
        Hit(m.group(0), m.start(), word)
        for word in words
        for m in word.pattern.finditer(text)
        if m.group(0).lower() not in exempt
    ]
    yield from sorted(found, key=lambda h: h.start)


def _data(doc: Document | None) -> object:
    return doc.data if doc is not None else None
