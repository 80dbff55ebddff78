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
from functools import cached_property
from pathlib import Path

from lws.core.data import mapping, records
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.resources import Resources
from lws.model.load import Document, load_file

LIST_FILE = "plain_words.yaml"


@dataclass(frozen=True)
class PlainWord:
    """A word or phrase to avoid, what to use instead, and how to find it."""

    avoid: str
    instead: str

    @cached_property
    def stem(self) -> str:
        """Text every match contains (lower case): a cheap test before the pattern."""
        first = self.avoid.split()[0].lower()
        return first[:-1] if len(self.avoid.split()) == 1 and first.endswith("e") else first

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The word with its usual endings, or the phrase with any spaces, in any case."""
        words = self.avoid.split()
        if len(words) == 1:
            last = re.escape(words[0])
            ending = r"(?:e|es|ed|ing)" if words[0].endswith("e") else r"(?:s|es|ed|ing)?"
            body = (last[:-1] if words[0].endswith("e") else last) + ending
        else:
            body = r"\s+".join(re.escape(w) for w in words)
        return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class Hit:
    """One use of a word to avoid: as written, where in the text, and the entry."""

    written: str
    start: int
    word: PlainWord


def entry(avoid: str, instead: str) -> PlainWord:
    """A list entry."""
    return PlainWord(" ".join(avoid.split()), " ".join(instead.split()))


def load_list(root: Path, documents: Mapping[str, Document]) -> list[PlainWord]:
    """The list in force for this trust (empty when it is switched off)."""
    settings = mapping(mapping(_data(documents.get("glossary"))).get("plain_words"))
    if settings.get("check") is False:
        return []
    found = Resources(root)
    path = found.find("criteria", LIST_FILE) or found.packaged("criteria") / LIST_FILE
    display = found.display("criteria", path)
    doc = load_file(path, path.parent, display)
    listed = mapping(doc.data).get("words")
    bad = (
        [()]
        if not isinstance(listed, list)
        else [("words", i) for i, item in enumerate(listed) if not _is_entry(item)]
    )
    if bad:
        raise LwsError([_invalid(doc, path) for path in bad])
    allowed = {str(a).lower() for a in settings.get("allow") or [] if isinstance(a, str)}
    chosen = [*records(listed), *records(settings.get("words"))]
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
    lowered = text.lower()
    found = [
        Hit(m.group(0), m.start(), word)
        for word in words
        if word.stem in lowered
        for m in word.pattern.finditer(text)
        if m.group(0).lower() not in exempt
    ]
    yield from sorted(found, key=lambda h: h.start)


def _is_entry(item: object) -> bool:
    return isinstance(item, dict) and all(
        isinstance(item.get(k), str) and str(item.get(k)).strip() for k in ("avoid", "instead")
    )


def _invalid(doc: Document, path: tuple[str | int, ...]) -> Diagnostic:
    mark = doc.position(path)
    what = "an entry" if path else "the file"
    return Diagnostic(
        doc.file,
        mark.line,
        mark.col,
        Severity.ERROR,
        path,
        f"{what} of the plain-words list is not valid",
        "the file is words: followed by entries {avoid: WORD, instead: PLAIN WORDS}",
    )


def _data(doc: Document | None) -> object:
    return doc.data if doc is not None else None
