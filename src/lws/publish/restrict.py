"""Who may see what: an item's own audience restriction, and the ones it inherits.

An item (a list entry in any section) may carry ``audiences: [ids]``; a variant made for
other audiences does not show it. The one rule, applied here and nowhere else: whatever
refers to a withheld item is withheld with it — an impact-achieved row naming a board-only
action, a chain naming a restricted KPI, a risk whose mitigation is that action — and so,
in turn, is whatever refers to those. (A reference that is one of a list of references,
such as a KPI's ``actions: [A1, A7]``, drops out of the list instead, unless it was the
list's last.) References are the fields the schemas mark
``refers: KIND``; ids are the fields marked ``defines: KIND`` (see
:mod:`lws.model.references`). Derived lists, charts and decisions are computed from the
filtered sections, so they inherit the rule without knowing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lws.core.diagnostics import DataPath
from lws.model.load import Document
from lws.model.references import Occurrence, occurrences
from lws.model.schema import SchemaSet

#: Every id and reference in a strategy, as :func:`lws.model.references.occurrences` lists
#: them: the same for every audience, so a build lists them once.
Marked = Sequence[tuple[str, Occurrence]]


@dataclass(frozen=True)
class Withheld:
    """An item a variant does not show, and why."""

    section: str
    path: DataPath
    label: str
    reason: str
    inherited: bool  # withheld because it refers to a withheld item, not for its own audiences


@dataclass(frozen=True)
class View:
    """What a set of audiences may see: the items withheld from them, and every section's
    data without those items."""

    withheld: Mapping[tuple[str, DataPath], Withheld]
    sections: Mapping[str, Any]


def view(
    documents: Mapping[str, Document],
    schemas: SchemaSet,
    audiences: Iterable[str],
    marked: Marked | None = None,
) -> View:
    """The audiences' view of the strategy, worked out once (``marked``: the strategy's ids
    and references, if already listed)."""
    withheld = withheld_items(documents, schemas, audiences, marked)
    by_section: dict[str, set[DataPath]] = {}
    for section, path in withheld:
        by_section.setdefault(section, set()).add(path)
    sections = {
        name: without(doc.data, by_section.get(name, set())) for name, doc in documents.items()
    }
    return View(withheld, sections)


def withheld_items(
    documents: Mapping[str, Document],
    schemas: SchemaSet,
    audiences: Iterable[str],
    marked: Marked | None = None,
) -> dict[tuple[str, DataPath], Withheld]:
    """Every item the given audiences may not see, keyed by (section, path)."""
    allowed = frozenset(audiences)
    out: dict[tuple[str, DataPath], Withheld] = {}
    for name, doc in documents.items():
        for path, item in restricted(doc.data):
            own = [str(a) for a in item["audiences"]]
            if not allowed & set(own):
                out[(name, path)] = Withheld(
                    name, path, label_of(item), "for " + ", ".join(own), False
                )
    section_of = {id(doc): name for name, doc in documents.items()}
    found = list(occurrences(documents, schemas)) if marked is None else marked
    defines = [o for marker, o in found if marker == "defines"]
    refers = [o for marker, o in found if marker == "refers"]
    changed = bool(out)
    while changed:  # to a fixed point: what refers to a withheld item is withheld in turn
        changed = False
        gone = {
            (o.kind, o.value)
            for o in defines
            if _covering(out, section_of[id(o.doc)], o.path) is not None
        }
        for ref in refers:
            if (ref.kind, ref.value) not in gone:
                continue
            section = section_of[id(ref.doc)]
            if _covering(out, section, ref.path) is not None:
                continue
            reason = f"refers to {ref.kind.replace('_', ' ')} {ref.value}, which is withheld"
            path = _target(ref.doc.data, ref.path, section, out)
            out[(section, path)] = Withheld(
                section, path, label_of(_at(ref.doc.data, path)), reason, True
            )
            changed = True
    return out


def _target(
    data: Any, path: DataPath, section: str, out: Mapping[tuple[str, DataPath], Withheld]
) -> DataPath:
    """What a reference to a withheld item takes with it.

    One of a list of references (a KPI's ``actions: [A1, A7]``) drops out of the list,
    unless it is the last one left; any other reference takes its whole item (a row, a
    chain, a model) with it.
    """
    parent = _at(data, path[:-1]) if path else None
    if path and isinstance(path[-1], int) and isinstance(parent, list):
        others = [
            i for i in range(len(parent)) if i != path[-1] and (section, (*path[:-1], i)) not in out
        ]
        if others:
            return path
    return _enclosing_item(data, path)


def visible_sections(
    documents: Mapping[str, Document], schemas: SchemaSet, audiences: Iterable[str]
) -> dict[str, Any]:
    """Each section's data without the items the audiences may not see (new copies)."""
    return dict(view(documents, schemas, audiences).sections)


def without(value: Any, paths: set[DataPath], here: DataPath = ()) -> Any:
    """A copy of ``value`` without the values at ``paths`` (list items drop out)."""
    if isinstance(value, dict):
        return {
            k: without(v, paths, (*here, k)) for k, v in value.items() if (*here, k) not in paths
        }
    if isinstance(value, list):
        return [
            without(v, paths, (*here, i)) for i, v in enumerate(value) if (*here, i) not in paths
        ]
    return value


def restricted(value: Any, path: DataPath = ()) -> Iterator[tuple[DataPath, dict[str, Any]]]:
    """Every list item that carries its own ``audiences`` restriction, with its path."""
    if isinstance(value, dict):
        restriction = value.get("audiences")
        in_list = bool(path) and isinstance(path[-1], int)
        strings = isinstance(restriction, list) and all(isinstance(a, str) for a in restriction)
        if in_list and restriction and strings:
            yield path, value
        for key, child in value.items():
            yield from restricted(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from restricted(child, (*path, index))


def label_of(item: Any) -> str:
    """What to call an item in a message: its id, title or name."""
    if isinstance(item, dict):
        return str(item.get("id") or item.get("title") or item.get("name") or "")
    return str(item)


def _covering(
    out: Mapping[tuple[str, DataPath], Withheld], section: str, path: DataPath
) -> tuple[str, DataPath] | None:
    """The withheld item that ``path`` lies in (or is), if any."""
    for depth in range(len(path), 0, -1):
        key = (section, path[:depth])
        if key in out:
            return key
    return None


def _enclosing_item(data: Any, path: DataPath) -> DataPath:
    """The nearest list item that is a mapping (a row, a chain…) holding ``path``."""
    for depth in range(len(path), 0, -1):
        prefix = path[:depth]
        if isinstance(prefix[-1], int) and isinstance(_at(data, prefix), dict):
            return prefix
    return path


def _at(data: Any, path: DataPath) -> Any:
    for part in path:
        data = data[part]
    return data
