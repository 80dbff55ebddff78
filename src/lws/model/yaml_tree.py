"""From PyYAML's event stream to plain data, with the position of every value and key.

See :mod:`lws.model.load` for what the reader accepts and why it reads events; the values
of scalars are :mod:`~lws.model.yaml_scalars`' business, positions
:mod:`~lws.model.yaml_positions`' and the wording of problems :mod:`~lws.model.yaml_errors`'.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from lws.core.diagnostics import DataPath, Diagnostic
from lws.core.errors import LwsError
from lws.model import yaml_errors as problem
from lws.model.document import Document, Mark
from lws.model.yaml_positions import Anchor, Positions
from lws.model.yaml_scalars import (
    COLLECTION_TAGS,
    SCALAR_TAGS,
    refused_tag,
    scalar_value,
    source_text,
)

MAX_DEPTH = 64
MAX_NODES = 250_000

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _mark(event: Any) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)


def _events(text: str) -> Iterator[Any]:
    loader = _Parser(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def _text_before(text: str, position: int) -> str:
    """The text before a reader error (libyaml counts bytes, PyYAML characters)."""
    if _Parser is yaml.SafeLoader:
        return text[:position]
    return text.encode("utf-8")[:position].decode("utf-8", "replace")


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
    """Builds one document from ``text``; raises :class:`LwsError` for every problem found."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.doc = Document(file, None)
        self.positions = Positions(self.doc)
        self.anchors: dict[str, Anchor] = {}
        self.problems: list[Diagnostic] = []
        self.nodes = 0
        self.aliased = False
        self.stack: list[_Frame] = []
        self.result: Any = None

    def build(self) -> Document:
        documents = 0
        try:
            for event in _events(self.text):
                if isinstance(event, yaml.DocumentStartEvent):
                    documents += 1
                    if documents > 1:
                        raise problem.second_document(self.file, _mark(event))
                elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                    self._add(event, *self._node(event))
                elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    self._open(event)
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    self._close()
        except yaml.MarkedYAMLError as exc:
            raise problem.syntax_error(self.file, exc, MAX_DEPTH, self.text) from None
        except yaml.reader.ReaderError as exc:
            before = _text_before(self.text, exc.position)
            raise problem.unreadable_character(self.file, before, exc.character) from None
        if self.problems:
            raise LwsError(self.problems)
        self.doc.data = self.result
        return self.doc

    def _child_path(self) -> DataPath | None:
        """The path of the next node, or None when the node is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.value, list):
            return (*top.path, len(top.value))
        if top.pending_key is None:
            return None
        return (*top.path, top.pending_key)

    def _at_key(self) -> bool:
        """Whether the next node is a mapping key."""
        return (
            bool(self.stack)
            and self.stack[-1].pending_key is None
            and not isinstance(self.stack[-1].value, list)
        )

    def _count(self, size: int, mark: Mark, *, alias: bool = False) -> None:
        self.nodes += size
        self.aliased = self.aliased or alias
        if self.nodes > MAX_NODES:
            raise problem.too_many_values(self.file, mark, MAX_NODES, aliased=self.aliased)

    # -- scalars and aliases -------------------------------------------------------------

    def _node(self, event: Any) -> tuple[Any, Mark, Anchor | None]:
        mark = _mark(event)
        if isinstance(event, yaml.AliasEvent):
            anchor = self.anchors.get(event.anchor or "")
            if anchor is None:
                raise problem.unknown_alias(self.file, mark, event.anchor)
            self._count(anchor.size, mark, alias=True)
            return anchor.value, mark, anchor
        self._count(1, mark)
        if not event.anchor and self._at_key():
            value, surprise = event.value, None  # keys stay text: YAML's reading is never used
        else:
            value, surprise = scalar_value(event)
        if refused_tag(event.tag, SCALAR_TAGS):
            self.problems.append(problem.bad_tag(self.file, event.tag, mark))
        if surprise is not None:
            self._surprise(event.value, mark, *surprise)
        if event.anchor:
            text = source_text(event, value)
            plain: dict[DataPath, str] = {(): text} if text is not None else {}
            self.anchors[event.anchor] = Anchor(value, {(): mark}, {}, plain, 1)
        return value, mark, None

    def _surprise(self, text: str, mark: Mark, message: str, hint: str) -> None:
        path = self._child_path()
        if path is None:
            return  # a mapping key: keys stay text (`no:` is the key "no")
        self.positions.plain(path, text)  # what an editor reading YAML 1.2 sees
        self.doc.warnings.append(problem.problem_at(self.file, mark, path, message, hint))

    def _add(self, event: Any, value: Any, mark: Mark, anchor: Anchor | None) -> None:
        top = self.stack[-1] if self.stack else None
        if isinstance(top, _Frame) and isinstance(top.value, dict) and top.pending_key is None:
            self._key(top, event, mark)
            return
        path = self._child_path()
        assert path is not None
        if anchor is not None:
            self.positions.replay(anchor, path)
        elif (text := source_text(event, value)) is not None:
            self.positions.plain(path, text)
        self.positions.value(path, mark)
        self._attach(value)

    # -- collections ---------------------------------------------------------------------

    def _open(self, event: Any) -> None:
        mark = _mark(event)
        if refused_tag(event.tag, COLLECTION_TAGS):
            self.problems.append(problem.bad_tag(self.file, event.tag, mark))
        if len(self.stack) >= MAX_DEPTH:
            raise problem.too_deep(self.file, mark, MAX_DEPTH)
        self._count(1, mark)
        path = self._child_path()
        if path is None:
            raise problem.collection_key(self.file, mark)
        value: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
        self.positions.value(path, mark)
        since = len(self.positions.log)
        self.stack.append(_Frame(path, value, event.anchor, self.nodes, since))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            size = self.nodes - frame.start_nodes + 1
            anchor = self.positions.capture(frame.path, frame.value, frame.start_log, size)
            self.anchors[frame.anchor] = anchor
        self._attach(frame.value)

    def _key(self, frame: _Frame, event: Any, mark: Mark) -> None:
        if not isinstance(event, yaml.ScalarEvent):
            raise problem.alias_key(self.file, mark)
        key = event.value  # keys stay text: `no:` is the key "no", not False
        path = (*frame.path, key)
        if key == "<<" and event.implicit[0]:
            self.problems.append(problem.merge_key(self.file, path, mark))
        assert isinstance(frame.value, dict)
        frame.pending_key = key
        frame.pending_duplicate = key in frame.key_marks
        if frame.pending_duplicate:
            self.problems.append(problem.duplicate_key(self.file, path, mark, frame.key_marks[key]))
            return  # its value is parsed for problems of its own, then dropped
        frame.key_marks[key] = mark
        self.positions.key(path, mark)

    def _attach(self, value: Any) -> None:
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
