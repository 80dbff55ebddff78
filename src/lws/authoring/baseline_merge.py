"""Writing imported workforce figures into ``strategy/baseline.yaml``, keeping the rest.

lws's loader is read-only and no YAML library round-trips comments safely, so the update is
textual and as small as it can be:

* an imported item whose id is already in ``workforce_data`` replaces that item's lines, in
  place (unless the data is the same, when the lines are left alone);
* new items are added after the last item of the list;
* every other byte of the file (comments, blank lines, quoting, the other sections, line
  endings, a byte-order mark) is kept as it was.

Items are found from the positions the loader records: the ``workforce_data`` key, the
``-`` of each item and the next top-level key. Comment lines after an item at the list's
own indentation (or less) are left where they are, for they introduce what follows. A list
written in flow style (``[...]``) or an empty key is written out anew as a block list.

Each value is written on one line: dates as plain ISO dates, numbers as YAML 1.1 reads them
back, text plain only when it is provably read back as the same text, otherwise double
quoted with every character outside printable Unicode escaped. Before anything is written,
the new text is loaded with :func:`lws.model.load.load_bytes`, must hold exactly the expected data
(the old data with ``workforce_data`` merged), and must pass the section's schema; the file
is then replaced atomically, and only if no error was found anywhere.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from lws.authoring.workforce_import import (
    FIELDS,
    ImportUsageError,
    Row,
    evidence_hint,
    order_key,
    read_table,
)
from lws.core.atomic import write_atomically
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.model.load import Document, load_bytes, load_file
from lws.model.project import STRATEGY_DIR, NotAProjectError
from lws.model.schema import SectionSchema, load_schemas
from lws.model.validate import validate_section

SECTION = "baseline"
KEY = "workforce_data"
BOM = b"\xef\xbb\xbf"

_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks, as the loader counts
_LINE = re.compile(r"[^\r\n\x85\u2028\u2029]*(?:\r\n|[\r\n\x85\u2028\u2029]|$)")
_STR_TAG = "tag:yaml.org,2002:str"
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_resolver = Resolver()


class _RefusedError(LwsError):
    """The file cannot be updated safely; carries the message and hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint=hint)


@dataclass
class Plan:
    """The new text of ``baseline.yaml`` and what changed, with every problem found."""

    path: Path
    display: str
    old: bytes
    new: bytes
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    found: list[tuple[int, Diagnostic]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new != self.old

    def diff(self) -> str:
        """A unified diff from the file on disk to the new text ('' if none)."""
        old = self.old.decode("utf-8", "replace").splitlines()
        new = self.new.decode("utf-8", "replace").splitlines()
        lines = difflib.unified_diff(
            old, new, f"a/{self.display}", f"b/{self.display}", lineterm=""
        )
        return "".join(f"{line}\n" for line in lines)


@dataclass
class Outcome:
    """What ``lws import`` did: the sorted diagnostics, the plan, and whether it wrote."""

    diagnostics: list[Diagnostic]
    plan: Plan | None = None
    written: bool = False

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def baseline_path(root: Path) -> tuple[Path, str]:
    """``strategy/baseline.yaml`` (or ``.yml``) of the project, and its display name."""
    strategy = root / STRATEGY_DIR
    if not strategy.is_dir():
        raise NotAProjectError(
            f"{root} has no {STRATEGY_DIR}/ directory; run lws in a trust's repository "
            "or pass its path (--project PATH)"
        )
    for suffix in (".yaml", ".yml"):
        path = strategy / f"{SECTION}{suffix}"
        if path.exists():
            return path, f"{STRATEGY_DIR}/{path.name}"
    return strategy / f"{SECTION}.yaml", f"{STRATEGY_DIR}/{SECTION}.yaml"


def import_workforce(
    root: Path,
    file: Path,
    *,
    display: str | None = None,
    sheet: str | None = None,
    default_source: str | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Read ``file`` and merge its rows into the project's ``workforce_data``.

    Raises ImportUsageError (or NotAProjectError) for usage problems; data problems are
    returned as diagnostics, and then nothing is written.
    """
    path, shown = baseline_path(root)
    if not path.exists():
        return Outcome([_problem(shown, f"{shown} does not exist", _NO_BASELINE_HINT)])
    try:
        load_file(path, root, shown)  # refuses links out of the project, huge files…
        raw = path.resolve().read_bytes()
        doc = load_bytes(raw, shown)
        schema = load_schemas(root)[SECTION]
    except LwsError as exc:
        return Outcome(sorted(exc.diagnostics))
    evidence = evidence_ids(doc)
    if default_source is not None and default_source not in evidence:
        raise ImportUsageError(
            f"--source {default_source!r} is not an evidence id in {shown}; "
            + evidence_hint(default_source, evidence)
        )
    table = read_table(
        file,
        display or file.as_posix(),
        evidence_ids=evidence,
        sheet=sheet,
        default_source=default_source,
    )
    plan = plan_merge(doc, raw, path, table.file, table.rows, schema)
    found = sorted([*table.found, *plan.found], key=lambda pair: order_key(*pair))
    outcome = Outcome([d for _, d in found], plan)
    if outcome.failed or dry_run or not plan.changed:
        return outcome
    if path.resolve().read_bytes() != raw:
        outcome.diagnostics.append(
            _problem(shown, f"{shown} changed while importing", "run lws import again")
        )
        return outcome
    write_atomically(path.resolve(), plan.new)
    outcome.written = True
    return outcome


_NO_BASELINE_HINT = "create it with the evidence the figures come from (see lws init)"


def evidence_ids(doc: Document) -> list[str]:
    """The ids defined under ``evidence`` in a loaded baseline."""
    data = doc.data if isinstance(doc.data, dict) else {}
    items = data.get("evidence")
    if not isinstance(items, list):
        return []
    return [str(e["id"]) for e in items if isinstance(e, dict) and isinstance(e.get("id"), str)]


def plan_merge(
    doc: Document,
    raw: bytes,
    path: Path,
    table_file: str,
    rows: Sequence[Row],
    schema: SectionSchema,
) -> Plan:
    """Work out the new text of the baseline with ``rows`` merged in; check it, write nothing."""
    plan = Plan(path, doc.file, raw, raw)
    if not rows:
        return plan
    try:
        edit = _Editor(doc, raw).merge(rows, plan)
    except _RefusedError as exc:
        plan.found.append((0, _problem(doc.file, exc.message, exc.hint)))
        plan.new = raw
        return plan
    plan.new = edit.new
    _check(plan, edit, table_file, schema)
    return plan


def _check(plan: Plan, edit: _Edit, table_file: str, schema: SectionSchema) -> None:
    """Load the new text as lws will, compare its data, validate it; report every problem."""
    try:
        new_doc = load_bytes(plan.new, plan.display)
    except LwsError as exc:
        first = exc.diagnostics[0].message if exc.diagnostics else "invalid YAML"
        plan.found.append(
            (0, _internal(plan.display, f"the updated file would not load ({first})"))
        )
        plan.new = plan.old
        return
    if new_doc.data != edit.expected:
        plan.found.append((0, _internal(plan.display, "the update would change other data")))
        plan.new = plan.old
        return
    for d in validate_section(new_doc, schema):
        if d.severity is Severity.ERROR:
            plan.found.append(_locate(d, edit, table_file))


def _locate(d: Diagnostic, edit: _Edit, table_file: str) -> tuple[int, Diagnostic]:
    """A problem in the new text, placed at the spreadsheet cell or the old file's line."""
    path = d.path
    at = path[1] if len(path) >= 2 and path[0] == KEY else None
    row = edit.rows_at.get(at) if isinstance(at, int) else None
    if row is not None:
        name = path[2] if len(path) > 2 and isinstance(path[2], str) else None
        cell = row.cell(name)
        message = f"{cell.ref}: {name}: {d.message}" if name else f"{cell.ref}: {d.message}"
        located = Diagnostic(table_file, cell.row, cell.col, d.severity, (), message, d.hint)
        return row.rank, located
    line = edit.origin[d.line - 1] if 0 < d.line <= len(edit.origin) else None
    return 0, Diagnostic(d.file, line or d.line, d.col, d.severity, d.path, d.message, d.hint)


def _problem(file: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, 1, 1, Severity.ERROR, (), message, hint)


def _internal(file: str, message: str) -> Diagnostic:
    return _problem(
        file,
        f"lws import cannot update {KEY} safely: {message}; nothing was written",
        "please report this as a bug in lws; meanwhile add the figures by hand",
    )


# -- the textual edit --------------------------------------------------------------------


@dataclass
class _Edit:
    new: bytes
    expected: dict[str, Any]  # the data the new text must hold
    rows_at: dict[int, Row]  # index in the new list -> the spreadsheet row it came from
    origin: list[int | None]  # new line (0-based) -> old line number (1-based), if kept


class _Editor:
    def __init__(self, doc: Document, raw: bytes) -> None:
        self.doc = doc
        self.bom = raw.startswith(BOM)
        self.text = raw[len(BOM) :].decode("utf-8") if self.bom else raw.decode("utf-8")
        self.lines = _LINE.findall(self.text)
        if self.lines and self.lines[-1] == "":
            self.lines.pop()  # findall's final empty match at the end of the text
        first_break = _BREAK.search(self.text)
        self.nl = first_break.group() if first_break else "\n"
        if not isinstance(doc.data, dict):
            raise _RefusedError(
                f"{doc.file} must be a mapping (evidence:, {KEY}:, …) to import into",
                "start it with the evidence the figures come from; see lws init",
            )
        self.data: dict[str, Any] = doc.data
        for key in self.data:
            mark = doc.keys.get((key,))
            if mark is None or mark.col != 1:
                raise _RefusedError(
                    f"{doc.file} is not written as plain 'key:' lines at the left margin",
                    f"add the figures to {KEY} by hand",
                )

    def merge(self, rows: Sequence[Row], plan: Plan) -> _Edit:
        existing = self.data.get(KEY)
        if existing is not None and not isinstance(existing, list):
            raise _RefusedError(f"{KEY} is not a list", f"fix {KEY} first; lws check explains how")
        old_items: list[Any] = list(existing or [])
        merged = list(old_items)
        index = {
            item["id"]: i
            for i, item in reversed(list(enumerate(old_items)))
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }
        rows_at: dict[int, Row] = {}
        replace: dict[int, dict[str, Any]] = {}
        append: list[dict[str, Any]] = []
        for row in rows:
            item_id = row.item["id"]
            at = index.get(item_id)
            if at is None:
                rows_at[len(old_items) + len(append)] = row
                append.append(row.item)
                plan.added.append(item_id)
            elif old_items[at] == row.item:
                rows_at[at] = row
                plan.unchanged.append(item_id)
            else:
                rows_at[at] = row
                replace[at] = row.item
                plan.replaced.append(item_id)
            if at is not None:
                merged[at] = row.item
        merged.extend(append)
        expected = {**self.data, KEY: merged}
        if not replace and not append:
            origin: list[int | None] = list(range(1, len(self.lines) + 1))
            return _Edit(plan.old, expected, rows_at, origin)
        if existing and self._block_list():
            edits = self._item_edits(len(old_items), replace, append)
        else:
            edits = self._whole_list(merged, missing=KEY not in self.data)
        new_text, origin = self._apply(edits)
        data = new_text.encode("utf-8")
        return _Edit(BOM + data if self.bom else data, expected, rows_at, origin)

    # -- where things are

    def _block_list(self) -> bool:
        mark = self.doc.values.get((KEY,))
        return mark is not None and _dash_at(self.lines[mark.line - 1], mark.col - 1)

    def _key_line(self, key: str) -> int:
        """The 0-based line index of a top-level key."""
        return self.doc.keys[(key,)].line - 1

    def _block_end(self, key: str) -> int:
        """The 0-based index of the first line after ``key``'s value (next key, '...' or EOF)."""
        start = self._key_line(key)
        later = [self._key_line(k) for k in self.data if self._key_line(k) > start]
        end = min(later, default=len(self.lines))
        for i in range(start + 1, end):
            if self.lines[i].startswith("..."):
                return i
        return end

    def _trim(self, start: int, end: int, indent: int) -> int:
        """Move ``end`` back over blank lines and comments indented ``indent`` or less."""
        while end > start and _filler(self.lines[end - 1], indent):
            end -= 1
        return end

    def _item_starts(self, count: int, indent: int) -> list[int]:
        starts: list[int] = []
        floor = self.doc.values[(KEY,)].line - 1
        for i in range(count):
            line = self.doc.values[(KEY, i)].line - 1
            while line > floor and not _dash_at(self.lines[line], indent):
                line -= 1
            if not _dash_at(self.lines[line], indent) or (starts and line <= starts[-1]):
                raise _RefusedError(
                    f"cannot find where item {i} of {KEY} starts",
                    f"write {KEY} as a plain list, one '- id: …' item after another",
                )
            starts.append(line)
            floor = line + 1
        return starts

    # -- edits: (first line, end line, replacement lines), 0-based, end exclusive

    def _item_edits(
        self, count: int, replace: Mapping[int, dict[str, Any]], append: list[dict[str, Any]]
    ) -> list[tuple[int, int, list[str]]]:
        indent = self.doc.values[(KEY,)].col - 1
        starts = self._item_starts(count, indent)
        block_end = self._block_end(KEY)
        ends = [
            self._trim(start, nxt, indent)
            for start, nxt in zip(starts, [*starts[1:], block_end], strict=True)
        ]
        edits = [(starts[i], ends[i], self._render(item, indent)) for i, item in replace.items()]
        if append:
            lines = [line for item in append for line in self._render(item, indent)]
            edits.append((ends[-1], ends[-1], lines))
        return sorted(edits, key=lambda e: (e[0], e[1]))

    def _whole_list(self, merged: list[Any], *, missing: bool) -> list[tuple[int, int, list[str]]]:
        for item in merged:
            if not _renderable(item):
                raise _RefusedError(
                    f"{KEY} is written in flow style with entries lws cannot rewrite",
                    f"write {KEY} as a block list ('- id: …' lines), then import again",
                )
        lines = [f"{KEY}:{self.nl}"]
        lines += [line for item in merged for line in self._render(item, 2)]
        if not missing:
            start = self._key_line(KEY)
            end = self._trim(start + 1, self._block_end(KEY), 0)
            return [(start, end, lines)]
        if "evidence" in self.data:
            end = self._trim(self._key_line("evidence"), self._block_end("evidence"), 0)
            return [(end, end, [self.nl, *lines])]
        return [(len(self.lines), len(self.lines), [self.nl, *lines])]

    def _render(self, item: Mapping[str, Any], indent: int) -> list[str]:
        pad = " " * indent
        keys = [k for k in FIELDS if k in item] + [k for k in item if k not in FIELDS]
        return [
            f"{pad}{'- ' if n == 0 else '  '}{key}: {yaml_scalar(item[key])}{self.nl}"
            for n, key in enumerate(keys)
        ]

    def _apply(self, edits: list[tuple[int, int, list[str]]]) -> tuple[str, list[int | None]]:
        out: list[str] = []
        origin: list[int | None] = []
        at = 0
        for start, end, lines in edits:
            out += self.lines[at:start]
            origin += range(at + 1, start + 1)
            if out and not _BREAK.search(out[-1][-2:]):
                out[-1] += self.nl  # the file ended without a line break
            out += lines
            origin += [None] * len(lines)
            at = end
        out += self.lines[at:]
        origin += range(at + 1, len(self.lines) + 1)
        return "".join(out), origin


def _dash_at(line: str, indent: int) -> bool:
    """True when ``line`` has a block sequence's ``-`` at 0-based column ``indent``."""
    return (
        line[:indent].strip(" ") == ""
        and line[indent : indent + 1] == "-"
        and line[indent + 1 : indent + 2] in ("", " ", "\r", "\n", "\x85", "\u2028", "\u2029")
    )


def _filler(line: str, indent: int) -> bool:
    body = _BREAK.sub("", line)
    stripped = body.strip(" ")
    if not stripped:
        return True
    return stripped.startswith("#") and len(body) - len(body.lstrip(" ")) <= indent


def _renderable(item: Any) -> bool:
    return isinstance(item, dict) and all(
        isinstance(k, str) and _PLAIN_KEY.fullmatch(k) and _scalar_value(v) for k, v in item.items()
    )


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _scalar_value(value: Any) -> bool:
    return isinstance(value, str | int | float | dt.date) and not isinstance(value, bool)


# -- scalars -----------------------------------------------------------------------------


def yaml_scalar(value: Any) -> str:
    """``value`` as a one-line YAML scalar that lws's loader reads back as the same value."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"not a workforce_data value: {value!r}")
    if isinstance(value, dt.datetime):
        raise TypeError("workforce_data dates carry no time")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return yaml_float(value)
    return yaml_text(str(value))


def yaml_float(value: float) -> str:
    """A finite float in a form YAML 1.1's float pattern accepts (a point, no bare exponent)."""
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError("figures must be finite")
    text = repr(value)
    if "e" in text or "E" in text:
        text = format(Decimal(text), "f")
    return text if "." in text else f"{text}.0"


def yaml_text(text: str) -> str:
    """Text as a plain scalar when that is provably read back as the same text, else quoted."""
    return text if _plain_safe(text) else _double_quoted(text)


def _plain_safe(text: str) -> bool:
    if not text or text != text.strip(" ") or text[0] in _INDICATORS:
        return False
    if not all(_printable(ch) and ch != "\\" for ch in text):
        return False  # `\` is harmless in plain text; quoting it just reads more clearly
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    tag = _resolver.resolve(ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _STR_TAG)


def _printable(ch: str) -> bool:
    """Characters written as themselves: printable, and never a YAML line break or BOM."""
    code = ord(ch)
    return (
        0x20 <= code <= 0x7E
        or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    )


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def _double_quoted(text: str) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'
