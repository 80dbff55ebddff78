"""From PyYAML's event stream to plain data, with the position of every value and key.

See :mod:`lws.model.load` for what the loader accepts and why it reads events.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from lws.core.diagnostics import DataPath, Diagnostic, Severity
from lws.core.errors import LwsError
from lws.model.document import Document, Mark
from lws.model.yaml_errors import codepoint, located_error, syntax_hint

MAX_DEPTH = 64
MAX_NODES = 250_000

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {f"{_STD}seq", f"{_STD}map"}
_resolver = Resolver()
_constructor = SafeConstructor()


def _mark(event: Any) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)


@dataclass
class _Anchor:
    value: Any
    values: dict[DataPath, Mark]
    keys: dict[DataPath, Mark]
    plain: dict[DataPath, str]
    size: int


@dataclass
class _Frame:
    """A collection under construction."""

    path: DataPath
    value: dict[str, Any] | list[Any]
    anchor: str | None
    start_nodes: int
    start_log: int
    pending_key: str | None = None
    # The pending key was given before: its value is parsed for its own problems, then dropped
    # (a duplicate key is an error, so no document with one is returned).
    pending_duplicate: bool = False
    key_marks: dict[str, Mark] = field(default_factory=dict)


class TreeBuilder:
    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.doc = Document(file, None)
        self.anchors: dict[str, _Anchor] = {}
        self.problems: list[Diagnostic] = []
        self.nodes = 0
        self.aliased = False
        self.stack: list[_Frame] = []
        # Every position recorded, in order, so an anchor can copy its own slice cheaply.
        self.log: list[tuple[dict[DataPath, Any], DataPath, Any]] = []
        self.result: Any = None

    def build(self) -> Document:
        documents = 0
        try:
            for event in self._events():
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise located_error(
                            self.file,
                            _mark(event),
                            "file holds more than one YAML document (a second '---')",
                            "keep one document per file; remove the extra '---' line",
                        )
                elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                    self._add(event, *self._node(event))
                elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    self._open(event)
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    self._close()
        except yaml.MarkedYAMLError as exc:
            raise self._syntax_error(exc) from None
        except yaml.reader.ReaderError as exc:
            before = self._text_before(exc.position)
            where = Mark(before.count("\n") + 1, len(before) - before.rfind("\n"))
            raise located_error(
                self.file,
                where,
                f"character U+{codepoint(exc.character):04X} is not allowed in YAML",
                "remove invisible control characters (often pasted from another program)",
            ) from None
        if self.problems:
            raise LwsError(self.problems)
        self.doc.data = self.result
        return self.doc

    def _text_before(self, position: int) -> str:
        """The text before a reader error (libyaml counts bytes, PyYAML characters)."""
        if _Parser is yaml.SafeLoader:
            return self.text[:position]
        return self.text.encode("utf-8")[:position].decode("utf-8", "replace")

    def _events(self) -> Iterator[Any]:
        loader = _Parser(self.text)
        try:
            while loader.check_event():
                yield loader.get_event()
        finally:
            loader.dispose()

    # -- paths ---------------------------------------------------------------------------

    def _child_path(self, mark: Mark) -> DataPath | None:
        """The path of the next node, or None when the node is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.pending_key is None:
            return None
        return (*top.path, top.pending_key)

    # -- scalars and aliases -------------------------------------------------------------

    def _node(self, event: Any) -> tuple[Any, Mark, _Anchor | None]:
        mark = _mark(event)
        if isinstance(event, yaml.AliasEvent):
            anchor = self.anchors.get(event.anchor or "")
            if anchor is None:
                raise located_error(
                    self.file,
                    mark,
                    f"alias *{event.anchor} refers to no complete anchor &{event.anchor}",
                    "define the anchor before using it, or write the value out",
                )
            self._count(anchor.size, mark, alias=True)
            return anchor.value, mark, anchor
        self._count(1, mark)
        value = self._scalar(event, mark)
        if event.anchor:
            plain = self._plain_for(event, value, ())
            self.anchors[event.anchor] = _Anchor(value, {(): mark}, {}, plain, 1)
        return value, mark, None

    def _count(self, size: int, mark: Mark, *, alias: bool = False) -> None:
        self.nodes += size
        self.aliased = self.aliased or alias
        if self.nodes > MAX_NODES and not self.aliased:
            raise located_error(
                self.file,
                mark,
                f"file holds more than {MAX_NODES:,} values",
                "split the section into smaller files, or remove pasted data",
            )
        if self.nodes > MAX_NODES:
            raise located_error(
                self.file,
                mark,
                f"file expands to more than {MAX_NODES:,} values through aliases",
                "this looks like an alias bomb; write values out instead of using & and *",
            )

    def _scalar(self, event: Any, mark: Mark) -> Any:
        tag = event.tag
        if tag in (None, "!"):
            tag = _resolver.resolve(ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        elif tag not in _SCALAR_TAGS:
            self._bad_tag(event.tag, mark)
            return event.value
        if tag not in _SCALAR_TAGS or tag == f"{_STD}str":
            return event.value  # implicit merge (<<) and value (=) tags: plain text
        if event.tag is None and (surprise := yaml11_surprise(event.value, tag)) is not None:
            self._surprise(event.value, mark, *surprise)
            return event.value  # kept as the author wrote it; never a silent 4820 for 80:20
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark)
        try:
            value = SafeConstructor.yaml_constructors[tag](_constructor, node)
        except (ValueError, ConstructorError, OverflowError):
            return event.value  # e.g. 2025-02-30: kept as text; the schema explains it
        if isinstance(value, dt.datetime):
            return event.value  # lws records dates, not times; the schema explains it
        if isinstance(value, float) and not math.isfinite(value):
            return event.value  # .nan and .inf are never meant as figures
        return value

    def _surprise(self, text: str, mark: Mark, message: str, hint: str) -> None:
        path = self._child_path(mark)
        if path is None:
            return  # a mapping key: keys stay text (`no:` is the key "no")
        self._record(self.doc.plain, path, text)  # what an editor reading YAML 1.2 sees
        self.doc.warnings.append(
            Diagnostic(self.file, mark.line, mark.col, Severity.ERROR, path, message, hint)
        )

    def _plain_for(self, event: Any, value: Any, path: DataPath) -> dict[DataPath, str]:
        if isinstance(event, yaml.ScalarEvent) and not isinstance(value, str) and event.value:
            return {path: event.value}
        return {}

    def _bad_tag(self, tag: str, mark: Mark) -> None:
        shown = tag.replace(_STD, "!!")
        self.problems.append(
            Diagnostic(
                self.file,
                mark.line,
                mark.col,
                Severity.ERROR,
                (),
                f"tag {shown} is not allowed",
                "lws reads plain data only; remove the tag (quote the value if it is text)",
            )
        )

    # -- collections ---------------------------------------------------------------------

    def _open(self, event: Any) -> None:
        mark = _mark(event)
        if event.tag not in (None, "!") and event.tag not in _COLLECTION_TAGS:
            self._bad_tag(event.tag, mark)
        if len(self.stack) >= MAX_DEPTH:
            raise located_error(
                self.file,
                mark,
                f"data is nested more than {MAX_DEPTH} levels deep",
                "lws sections are at most a few levels deep; check the indentation",
            )
        self._count(1, mark)
        path = self._child_path(mark)
        if path is None:
            raise located_error(
                self.file,
                mark,
                "a mapping key must be plain text, not a list or mapping",
                "write the key as a word followed by a colon, e.g. title:",
            )
        value: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        self._record(self.doc.values, path, mark)
        self.stack.append(_Frame(path, value, event.anchor, self.nodes, len(self.log)))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            self.anchors[frame.anchor] = self._capture(frame)
        self._attach(frame.path, frame.value)

    def _capture(self, frame: _Frame) -> _Anchor:
        """Record an anchored collection's positions relative to itself, for its aliases."""
        cut = len(frame.path)
        tables: dict[int, dict[DataPath, Any]] = {id(self.doc.values): {(): None}}
        tables.update({id(self.doc.keys): {}, id(self.doc.plain): {}})
        for table, path, value in self.log[frame.start_log :]:
            tables[id(table)][path[cut:]] = value
        values = tables[id(self.doc.values)]
        values[()] = self.doc.values[frame.path]
        return _Anchor(
            frame.value,
            values,
            tables[id(self.doc.keys)],
            tables[id(self.doc.plain)],
            self.nodes - frame.start_nodes + 1,
        )

    def _record(self, table: dict[DataPath, Any], path: DataPath, value: Any) -> None:
        table[path] = value
        self.log.append((table, path, value))

    def _add(self, event: Any, value: Any, mark: Mark, anchor: _Anchor | None) -> None:
        top = self.stack[-1] if self.stack else None
        if isinstance(top, _Frame) and isinstance(top.value, dict) and top.pending_key is None:
            self._key(top, event, value, mark)
            return
        path = self._child_path(mark)
        assert path is not None
        if anchor is not None:
            for table, source in (
                (self.doc.values, anchor.values),
                (self.doc.keys, anchor.keys),
                (self.doc.plain, anchor.plain),
            ):
                for rel, item in source.items():
                    if rel or table is not self.doc.values:
                        self._record(table, (*path, *rel), item)
        else:
            for plain_path, text in self._plain_for(event, value, path).items():
                self._record(self.doc.plain, plain_path, text)
        self._record(self.doc.values, path, mark)
        self._attach(path, value)

    def _key(self, frame: _Frame, event: Any, value: Any, mark: Mark) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise located_error(
                self.file,
                mark,
                "an alias cannot be used as a mapping key",
                "write the key out as plain text",
            )
        key = event.value  # keys stay text: `no:` is the key "no", not False
        if key == "<<" and event.implicit[0]:
            self.problems.append(
                Diagnostic(
                    self.file,
                    mark.line,
                    mark.col,
                    Severity.ERROR,
                    (*frame.path, key),
                    "merge keys (<<) are not supported",
                    "write the keys out in full",
                )
            )
        assert isinstance(frame.value, dict)
        frame.pending_key = key
        frame.pending_duplicate = key in frame.key_marks
        if frame.pending_duplicate:
            first = frame.key_marks[key]
            self.problems.append(
                Diagnostic(
                    self.file,
                    mark.line,
                    mark.col,
                    Severity.ERROR,
                    (*frame.path, key),
                    f"duplicate key '{key}' (first given at line {first.line})",
                    "each key may appear once in a mapping; remove or rename one of them",
                )
            )
            return  # its value is parsed for problems of its own, then dropped
        frame.key_marks[key] = mark
        self._record(self.doc.keys, (*frame.path, key), mark)

    def _attach(self, path: DataPath, value: Any) -> None:
        if not self.stack:
            self.result = value
            return
        top = self.stack[-1]
        if isinstance(top.value, list):
            top.value.append(value)
            return
        key = top.pending_key
        assert key is not None
        if not top.pending_duplicate:
            top.value[key] = value
        top.pending_key, top.pending_duplicate = None, False

    def _syntax_error(self, exc: yaml.MarkedYAMLError) -> LwsError:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        problem = (exc.problem or "invalid YAML").strip()
        if "'\\t'" in problem or "found a tab" in problem:
            return located_error(
                self.file,
                where,
                "tab character used for indentation",
                "YAML indents with spaces only; replace the tab with spaces",
            )
        if "maximum nesting depth" in problem:
            return located_error(
                self.file,
                where,
                f"data is nested more than {MAX_DEPTH} levels deep",
                "lws sections are at most a few levels deep; check the indentation",
            )
        context = (
            f" ({exc.context.strip()} at line {exc.context_mark.line + 1})"
            if (exc.context and exc.context_mark)
            else ""
        )
        return located_error(
            self.file,
            where,
            f"YAML syntax error: {problem}{context}",
            syntax_hint(problem, exc.context or ""),
        )


_FAITHFUL = {
    f"{_STD}int": re.compile(r"-?(0|[1-9][0-9]*)"),
    f"{_STD}float": re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+([eE][-+][0-9]+)?"),
    f"{_STD}bool": re.compile(r"true|false|True|False|TRUE|FALSE"),
}


def yaml11_surprise(text: str, tag: str) -> tuple[str, str] | None:
    """Why YAML 1.1 would read plain ``text`` as something other than what it says, or None.

    Plain decimals (``42``, ``-1.5``, ``1.10``: the number written), ``true``/``false``, dates
    and nulls read as written; anything else YAML 1.1 resolves to a number or a boolean
    changes what the author wrote: ``80:20`` is the base-60 number 4820, ``017`` the octal
    15, ``1_000`` is 1000, ``0x1F`` is 31, ``.inf`` infinity, ``no`` is false.
    """
    pattern = _FAITHFUL.get(tag)
    if pattern is None or pattern.fullmatch(text):
        return None
    quote = f"put it in quotes: '{text}'"
    if tag == f"{_STD}bool":
        meaning = "true" if text.lower() in ("yes", "on", "y") else "false"
        return (
            f"{text} was read by YAML 1.1 as {meaning} (a yes/no value)",
            f"{quote} if you mean the word; write {meaning} for a yes/no value",
        )
    node = ScalarNode(tag, text)
    try:
        number = SafeConstructor.yaml_constructors[tag](_constructor, node)
    except (ValueError, ConstructorError, OverflowError):
        return None
    if isinstance(number, float) and not math.isfinite(number):
        read = "not a number" if math.isnan(number) else "infinity"
    else:
        read = f"{_number_kind(text)}{number}"
    return f"{text} was read by YAML 1.1 as {read}, not as written", quote


def _number_kind(text: str) -> str:
    bare = text.lstrip("+-")
    if ":" in bare:
        return "the base-60 number "
    if bare[:2] in ("0x", "0X"):
        return "the hexadecimal number "
    if bare[:2] in ("0b", "0B"):
        return "the binary number "
    if bare[:1] == "0" and bare[1:2].isdigit() and "." not in bare:
        return "the octal number "
    return "the number "
