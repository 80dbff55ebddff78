"""``lws upgrade``: rewrite a strategy written for an older data model to the current one.

The edit is textual, line by line, like ``lws import``'s: a YAML round-trip library
(ruamel.yaml) re-indents sequences, re-flows long lines and re-quotes scalars, so it cannot
promise that every byte outside the changed lines is kept. Here the loader's recorded
positions say where each key and value stands, only the lines an upgrade step changes are
rewritten, and everything else — comments, blank lines, quoting, key order, line endings, a
byte-order mark — is kept byte for byte.

Each version (:data:`STEPS`) may rewrite the sections it changed; the plan then sets
``schema_version`` in ``manifest.yaml`` (replacing an older value in place, or adding the
line before the first key, below the file's opening comments). Every change from 0.1 to
0.2 relaxed or extended the model (:data:`lws.model.versions.CHANGES`), so that step
rewrites nothing but the version; 0.3 made ``publication.yaml``'s ``structure`` decide the
full document, so an older list is replaced by what a 0.2 build printed
(:func:`keep_the_0_2_document`). Before anything is written, each new text is loaded again
and must hold exactly the old data with only the expected changes; files are replaced
atomically. A strategy already at the current version is left alone (the upgrade is
idempotent); a newer or malformed version, or a manifest that cannot be read, is a located
error and nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lws.core.atomic import write_atomically
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.textdiff import file_diff
from lws.model.load import Document, Mark, load_bytes, load_file
from lws.model.project import STRATEGY_DIR, NotAProjectError
from lws.model.structure import BEFORE_0_3, VERSION_0_3
from lws.model.versions import CHANGES, CURRENT, declared_version, shown, version_problems

MANIFESTS = (f"{STRATEGY_DIR}/manifest.yaml", f"{STRATEGY_DIR}/manifest.yml")
KEY = "schema_version"

#: A version step's own rewrites: from the section texts by file name (as displayed, e.g.
#: ``strategy/actions.yaml``) to the new texts of the files it changes.
Step = Callable[[Mapping[str, str]], dict[str, str]]

PUBLICATIONS = (f"{STRATEGY_DIR}/publication.yaml", f"{STRATEGY_DIR}/publication.yml")
STRUCTURE = "structure"
#: What the rewritten structure says above its new list (the old list follows, commented).
_STRUCTURE_NOTE = (
    "lws upgrade to data model 0.3: this list now decides the full document's parts and",
    "their order. It lists every part lws printed before 0.3, so the document stays as it",
    "was; reorder or remove parts as you wish. The list written before, not followed then:",
)


def keep_the_0_2_document(texts: Mapping[str, str]) -> dict[str, str]:
    """0.3: ``publication.yaml``'s ``structure`` decides the full document, where a 0.2 build
    printed every part in the guide's order whatever it said. A structure written before is
    replaced by the parts the 0.2 build printed (:data:`~lws.model.structure.BEFORE_0_3`),
    so the document stays as it was, and the old list is kept above it as a comment. A
    strategy with no structure (or ``structure: []``) gets the default order and is left as
    it is."""
    name = next((n for n in PUBLICATIONS if n in texts), None)
    if name is None:
        return {}
    text = texts[name]
    document = load_bytes(text.encode(), name)
    entries = document.data.get(STRUCTURE) if isinstance(document.data, dict) else None
    if not isinstance(entries, list) or not entries or entries == list(BEFORE_0_3):
        return {}
    new = _replaced_structure(text, document)
    expected = {**document.data, STRUCTURE: list(BEFORE_0_3)}
    try:
        same = load_bytes(new.encode(), name).data == expected
    except LwsError:
        same = False
    if not same:  # a layout the line edit does not understand: nothing is written
        raise LwsError([_structure_by_hand(document)])
    return {name: new}


def _replaced_structure(text: str, document: Document) -> str:
    """``text`` with the structure list's lines replaced by the note, the old lines as
    comments and the new list, as a block list indented like the old one (or two spaces
    under the key for a flow list); every other line kept."""
    lines = text.splitlines(keepends=True)
    key = document.key_position((STRUCTURE,))
    entries = document.data[STRUCTURE]
    first = document.position((STRUCTURE, 0))
    last = document.position((STRUCTURE, len(entries) - 1))
    ending = "\r\n" if "\r\n" in text else "\n"
    head: list[str] = []
    if first.line > key.line:  # a block list: its items' lines
        start, end = first.line - 1, last.line
        dash = lines[start][: first.col - 1]
    else:  # a flow list [a, b]: from the key's line to the line that closes it
        start, end = key.line - 1, _closing_line(lines, last.line - 1)
        dash = " " * (key.col + 1) + "- "
        head = [f"{' ' * (key.col - 1)}{STRUCTURE}:{ending}"]
    indent = dash[: len(dash) - len(dash.lstrip())]
    old = [f"{indent}#   {line.strip()}{ending}" for line in lines[start:end] if line.strip()]
    note = [f"{indent}# {line}{ending}" for line in _STRUCTURE_NOTE]
    items = [f"{dash}{part}{ending}" for part in BEFORE_0_3]
    return "".join([*lines[:start], *head, *note, *old, *items, *lines[end:]])


def _closing_line(lines: list[str], at: int) -> int:
    """The number of the line, from index ``at``, whose code closes a flow list (``]``)."""
    for n in range(at, len(lines)):
        code = lines[n].split(" #", 1)[0]  # part names never hold " #"
        if "]" in code:
            return n + 1
    return len(lines)  # pragma: no cover - a flow list that loaded is closed


#: The rewrites that take a strategy to each version (by the version it reaches), for the
#: versions whose change an older strategy does not already meet. Every version in
#: :data:`lws.model.versions.CHANGES` without one here only relaxed or extended the model
#: (0.2 did): upgrading to it sets ``schema_version`` and rewrites nothing else.
STEPS: Mapping[tuple[int, int], Step] = {VERSION_0_3: keep_the_0_2_document}


def steps_after(
    version: tuple[int, int], steps: Mapping[tuple[int, int], Step] = STEPS
) -> list[Step]:
    """The rewrites from ``version`` to the current model, oldest first."""
    return [steps[v] for v in sorted(CHANGES) if version < v <= CURRENT and v in steps]


@dataclass(frozen=True)
class FileChange:
    """One file's old and new bytes."""

    path: Path
    display: str
    old: bytes
    new: bytes

    def diff(self) -> str:
        """A unified diff from the file on disk to the new text."""
        return file_diff(self.display, self.old, self.new)


@dataclass(frozen=True)
class Plan:
    """What an upgrade would do: from which version to which, and the files it changes."""

    old_version: tuple[int, int]
    new_version: tuple[int, int]
    changes: tuple[FileChange, ...]

    @property
    def due(self) -> bool:
        """Whether the strategy is written for an older model than this lws's."""
        return self.old_version < self.new_version

    def diff(self) -> str:
        return "".join(change.diff() for change in self.changes)


def plan_upgrade(root: Path, steps: Mapping[tuple[int, int], Step] = STEPS) -> Plan:
    """What upgrading the strategy at ``root`` would change (nothing is written).

    Raises :class:`~lws.model.project.NotAProjectError` (usage) without a ``strategy/``
    directory, and :class:`~lws.core.errors.LwsError` with located diagnostics for a
    manifest that cannot be read or upgraded.
    """
    if not (root / STRATEGY_DIR).is_dir():
        raise NotAProjectError(
            f"{root} has no {STRATEGY_DIR}/ directory; run lws in a trust's repository "
            "or pass its path (lws upgrade PATH)"
        )
    name = next((n for n in MANIFESTS if (root / n).is_file()), MANIFESTS[0])
    if not (root / name).is_file():
        raise LwsError([_problem(name, 1, 1, "there is no manifest to upgrade", _CREATE)])
    manifest = load_file(root / name, root, name)
    if not isinstance(manifest.data, dict):
        raise LwsError(
            [_problem(name, 1, 1, "the manifest is not a mapping of keys to values", _CREATE)]
        )
    errors = [d for d in version_problems(manifest) if d.severity is Severity.ERROR]
    if errors:
        raise LwsError(errors)
    version = declared_version(manifest)
    assert version is not None  # a malformed version is among the errors above
    if version >= CURRENT:
        return Plan(version, version, ())
    texts = _section_texts(root)
    changed: dict[str, str] = {}
    for step in steps_after(version, steps):
        changed.update(step({**texts, **changed}))
    stepped = set(changed)
    manifest_text = changed.get(name, texts[name])
    changed[name] = set_version(manifest_text, load_bytes(manifest_text.encode(), name), CURRENT)
    changes = tuple(
        FileChange(root / file, file, (root / file).read_bytes(), _encoded(root / file, text))
        for file, text in sorted(changed.items())
    )
    for change in changes:  # a manifest only versioned must hold the old data and the version
        _verify(change, manifest if change.display == name and name not in stepped else None)
    return Plan(version, CURRENT, tuple(c for c in changes if c.old != c.new))


def apply(plan: Plan) -> None:
    """Write every changed file, each atomically."""
    for change in plan.changes:
        write_atomically(change.path, change.new)


_VERSION_TOKEN = re.compile(r"'[^'\n]*'|\"[^\"\n]*\"|[0-9][0-9.]*")
_CREATE = (
    "start manifest.yaml with the trust, title, period and status (lws init writes one), "
    "then run lws upgrade again"
)


def set_version(text: str, document: Document, version: tuple[int, int]) -> str:
    """``text`` with ``schema_version`` set to ``version``, every other line unchanged.

    ``document`` is ``text`` loaded. An existing value is replaced where it stands (a
    comment after it kept); a missing key is added as a line of its own before the first
    top-level key, with that key's indentation and the file's line ending.
    """
    lines = text.splitlines(keepends=True)
    value = f"'{shown(version)}'"
    if KEY in document.data:
        mark = document.position((KEY,))
        line = lines[mark.line - 1]
        start = mark.col - 1
        token = _VERSION_TOKEN.match(line, start)
        if token is None:  # a version written over several lines, or as a block scalar
            raise LwsError(
                [
                    _problem(
                        document.file,
                        mark.line,
                        mark.col,
                        f"{KEY} is not written on one line",
                        f"write it as {KEY}: {value} and run lws upgrade again",
                    )
                ]
            )
        lines[mark.line - 1] = line[:start] + value + line[token.end() :]
        return "".join(lines)
    mark = document.position(())
    if lines[mark.line - 1][mark.col - 1 :].startswith("{"):
        raise LwsError(
            [
                _problem(
                    document.file,
                    mark.line,
                    mark.col,
                    "the manifest is written in flow style ({...}); lws upgrade edits block "
                    "mappings only",
                    f"add {KEY}: {value} to it by hand",
                )
            ]
        )
    first = min((document.key_position((key,)) for key in document.data), key=_order)
    ending = "\r\n" if "\r\n" in text else "\n"
    indent = " " * (first.col - 1)
    lines.insert(first.line - 1, f"{indent}{KEY}: {value}{ending}")
    return "".join(lines)


def _order(mark: Mark) -> tuple[int, int]:
    return (mark.line, mark.col)


def _section_texts(root: Path) -> dict[str, str]:
    """Every section file's text by display name (a byte-order mark left out)."""
    strategy = root / STRATEGY_DIR
    texts = {}
    for path in sorted(strategy.iterdir()):
        if path.suffix in (".yaml", ".yml") and path.is_file():
            raw = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
            texts[f"{STRATEGY_DIR}/{path.name}"] = raw.decode("utf-8")
    return texts


def _encoded(path: Path, text: str) -> bytes:
    """``text`` as the file's bytes: UTF-8, with its byte-order mark if it had one."""
    bom = b"\xef\xbb\xbf" if path.read_bytes().startswith(b"\xef\xbb\xbf") else b""
    return bom + text.encode("utf-8")


def _verify(change: FileChange, manifest: Document | None) -> None:
    """The new text loads and, for the manifest, holds the old data with the new version."""
    new = load_bytes(change.new, change.display)
    if manifest is None:
        return
    expected: dict[str, Any] = {**manifest.data, KEY: shown(CURRENT)}
    if new.data != expected:  # pragma: no cover - a bug in set_version, never the user's input
        raise AssertionError(f"upgrading {change.display} would change more than {KEY}")


def _structure_by_hand(document: Document) -> Diagnostic:
    mark = document.key_position((STRUCTURE,))
    return _problem(
        document.file,
        mark.line,
        mark.col,
        f"lws upgrade cannot rewrite this {STRUCTURE} list where it stands",
        f"write {STRUCTURE} as a block list (one '- part' a line) and run lws upgrade again, "
        f"or write it by hand: {', '.join(BEFORE_0_3)}",
    )


def _problem(file: str, line: int, col: int, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, line, col, Severity.ERROR, (), message, hint)
