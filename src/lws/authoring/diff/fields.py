"""Every field of every section compared: the generic part of ``lws diff``.

Two versions' section data are walked side by side. Mappings are compared key by key; a
list whose entries all carry a distinct id (the fields the schemas mark ``defines:``,
:data:`ID_KEYS`) is matched by id, so an item added, removed, edited or moved is named by
its id; other lists of mappings are aligned by content (an entry inserted in the middle is
one entry added, not every later one changed); any other list or value is compared whole.
Nothing is hand-picked, so no edit to a section's content can go unreported.

Pure: plain data in, :class:`FieldChange` values out.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from lws.model.document import Document

#: The fields that identify an item in a list (every field lws's schemas mark ``defines:``).
ID_KEYS = ("id", "term")

Kind = Literal["added", "removed", "changed", "reordered"]


@dataclass(frozen=True, order=True)
class Key:
    """A step into a list, to the item with this id."""

    id: str


Step = str | int | Key
Path = tuple[Step, ...]
At = tuple[Any, ...]  # a raw path into one version's data (list items by index)


@dataclass(frozen=True)
class FieldChange:
    """One difference: ``path`` in ``section`` was ``added``, ``removed``, ``changed``…

    ``old`` and ``new`` are the values as loaded (``None`` on the side where there is none);
    for ``reordered``, the ids in their old and new order. ``item`` is the title
    the list item the change lies in (``""`` when it lies in none), ``line`` where it stands
    in the newer version (the older one for a removal; 0: not known).
    """

    section: str
    file: str
    path: Path
    kind: Kind
    old: Any
    new: Any
    item: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        """The path as lws writes it: ``gaps[G3].status``, ``consultations[2].with``."""
        return path_text(self.path)


def path_text(path: Path) -> str:
    out = ""
    for step in path:
        if isinstance(step, Key):
            out += f"[{step.id}]"
        elif isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else step
    return out


def compare_sections(
    old: Mapping[str, Document], new: Mapping[str, Document]
) -> tuple[FieldChange, ...]:
    """Every difference between two versions' sections, section by section in file order."""
    names = sorted({*old, *new}, key=lambda n: (new.get(n) or old[n]).file)
    out: list[FieldChange] = []
    for name in names:
        before, after = old.get(name), new.get(name)
        file = (after or before).file  # type: ignore[union-attr]
        walk = _Walk(name, file, before, after)
        out += walk.changes(
            before.data if before is not None else {},
            after.data if after is not None else {},
            (),
            (),
            (),
        )
    return tuple(out)


Changes = Iterator[FieldChange]


@dataclass
class _Walk:
    section: str
    file: str
    before: Document | None
    after: Document | None

    def changes(self, old: Any, new: Any, path: Path, old_at: At, new_at: At) -> Changes:
        """The differences under ``path`` (``old_at``/``new_at``: the raw paths on each side)."""
        if isinstance(old, dict) and isinstance(new, dict):
            for key in [*new, *(k for k in old if k not in new)]:
                step = key if isinstance(key, str) else str(key)
                if key not in old and _identified(new[key]):
                    yield from self.changes([], new[key], (*path, step), old_at, (*new_at, key))
                elif key not in new and _identified(old[key]):
                    yield from self.changes(old[key], [], (*path, step), (*old_at, key), new_at)
                elif key not in old:
                    yield self._one((*path, step), "added", None, new[key], (*new_at, key), True)
                elif key not in new:
                    yield self._one((*path, step), "removed", old[key], None, (*old_at, key), False)
                else:
                    yield from self.changes(
                        old[key], new[key], (*path, step), (*old_at, key), (*new_at, key)
                    )
        elif isinstance(old, list) and isinstance(new, list) and _by_ids(old, new):
            yield from self._by_id(old, new, path, old_at, new_at)
        elif isinstance(old, list) and isinstance(new, list) and _all_mappings(old, new):
            yield from self._aligned(old, new, path, old_at, new_at)
        elif not same(old, new):
            yield self._one(path, "changed", old, new, new_at, True)

    def _by_id(self, old: list[Any], new: list[Any], path: Path, old_at: At, new_at: At) -> Changes:
        before = {_id_of(item): i for i, item in enumerate(old)}
        after = {_id_of(item): i for i, item in enumerate(new)}
        for ident, i in after.items():
            if ident not in before:
                yield self._one((*path, Key(ident)), "added", None, new[i], (*new_at, i), True)
        for ident, i in before.items():
            if ident not in after:
                yield self._one((*path, Key(ident)), "removed", old[i], None, (*old_at, i), False)
        for ident, i in after.items():
            if ident in before:
                j = before[ident]
                yield from self.changes(
                    old[j], new[i], (*path, Key(ident)), (*old_at, j), (*new_at, i)
                )
        kept_old = [k for k in before if k in after]
        kept_new = [k for k in after if k in before]
        if kept_old != kept_new:
            yield self._one(path, "reordered", kept_old, kept_new, new_at, True)

    def _aligned(
        self, old: list[Any], new: list[Any], path: Path, old_at: At, new_at: At
    ) -> Changes:
        matcher = difflib.SequenceMatcher(
            None, [_canonical(x) for x in old], [_canonical(x) for x in new], autojunk=False
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            pairs = min(i2 - i1, j2 - j1) if tag == "replace" else 0
            for k in range(pairs):
                i, j = i1 + k, j1 + k
                yield from self.changes(old[i], new[j], (*path, j), (*old_at, i), (*new_at, j))
            for j in range(j1 + pairs, j2):
                yield self._one((*path, j), "added", None, new[j], (*new_at, j), True)
            for i in range(i1 + pairs, i2):
                yield self._one((*path, i), "removed", old[i], None, (*old_at, i), False)

    def _one(self, path: Path, kind: Kind, old: Any, new: Any, at: At, newer: bool) -> FieldChange:
        doc = self.after if newer else self.before
        line = doc.position(at).line if doc is not None and doc.values else 0
        item = self._item(path, doc, new if newer else old)
        return FieldChange(self.section, self.file, path, kind, old, new, item, line)

    def _item(self, path: Path, doc: Document | None, value: Any) -> str:
        """The title of the innermost list item ``path`` lies in (or is), in ``doc``."""
        items = [i for i, step in enumerate(path) if not isinstance(step, str)]
        if not items:
            return ""
        last = items[-1]
        found = _lookup(doc.data if doc else None, path[: last + 1])
        if last == len(path) - 1 and not isinstance(found, dict):
            found = value
        return _title(found) if isinstance(found, dict) else ""


def same(old: Any, new: Any) -> bool:
    """Whether two loaded values are the same, type included (``90`` is not ``90.0``)."""
    return _canonical(old) == _canonical(new)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=_tagged, ensure_ascii=False)


def _tagged(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{type(value).__name__}:{value.isoformat()}"
    return f"{type(value).__name__}:{value!r}"


def _id_of(item: Any) -> str:
    for key in ID_KEYS:
        if isinstance(item, dict) and isinstance(item.get(key), str):
            return str(item[key])
    return ""


def _identified(value: Any) -> bool:
    """A non-empty list of mappings each with its own id (an id that no other one holds)."""
    if not isinstance(value, list) or not value:
        return False
    ids = [_id_of(item) for item in value]
    return all(ids) and len(set(ids)) == len(ids) and _one_key(value)


def _one_key(items: list[Any]) -> bool:
    """Every item is identified by the same key (all ``id`` or all ``term``)."""
    used = {next((k for k in ID_KEYS if isinstance(item.get(k), str)), None) for item in items}
    return len(used) == 1


def _by_ids(old: list[Any], new: list[Any]) -> bool:
    if not old and not new:
        return False
    if not old or not new:
        return _identified(old or new)
    return _identified(old) and _identified(new) and _one_key([*old, *new])


def _all_mappings(old: list[Any], new: list[Any]) -> bool:
    return bool(old or new) and all(isinstance(x, dict) for x in [*old, *new])


def _lookup(data: Any, path: Path) -> Any:
    for step in path:
        if isinstance(step, Key) and isinstance(data, list):
            data = next((x for x in data if _id_of(x) == step.id), None)
        elif isinstance(step, int) and isinstance(data, list) and 0 <= step < len(data):
            data = data[step]
        elif isinstance(step, str) and isinstance(data, dict):
            data = data.get(step)
        else:
            return None
    return data


def _title(item: Mapping[str, Any]) -> str:
    for key in ("title", "name", "measure", "objective", "question", "term", "with"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""
