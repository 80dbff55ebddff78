"""From PyYAML's event stream to plain data, with the position of every value and key.

See :mod:`lws.model.load` for what the reader accepts and why it reads events; the values
of scalars are :mod:`~lws.model.yaml_scalars`' business, positions
:mod:`~lws.model.yaml_positions`' and the wording of problems :mod:`~lws.model.yaml_errors`'.
"""

from __future__ import annotations

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
_new_mark: Any = tuple.__new__  # Mark(line, col) without the named tuple's own __new__


def _mark(event: Any) -> Mark:
    start = event.start_mark
    return _new_mark(Mark, (start.line + 1, start.column + 1))  # type: ignore[no-any-return]


def _text_before(text: str, position: int) -> str:
    """The text before a reader error (libyaml counts bytes, PyYAML characters)."""
    if _Parser is yaml.SafeLoader:
        return text[:position]
    return text.encode("utf-8")[:position].decode("utf-8", "replace")


@dataclass(slots=True)
class _Frame:
    """A collection under construction."""

    path: DataPath
    value: dict[str, Any] | list[Any]
    anchor: str | None
    start_nodes: int
    start_log: int
    is_list: bool
    pending_key: str | None = None
    # The pending key was given before: its value is parsed for its own problems, then dropped
    # (a duplicate key is an error, so no document with one is returned).
    pending_duplicate: bool = False
    key_marks: dict[str, Mark] = field(default_factory=dict)


_Scalar, _Alias = yaml.ScalarEvent, yaml.AliasEvent
_Mapping, _Sequence = yaml.MappingStartEvent, yaml.SequenceStartEvent
_Ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


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
        loader = None
        try:
            loader = _Parser(self.text)
            self._read(loader)
        except yaml.MarkedYAMLError as exc:
            raise problem.syntax_error(self.file, exc, MAX_DEPTH, self.text) from None
        except yaml.reader.ReaderError as exc:
            before = _text_before(self.text, exc.position)
            raise problem.unreadable_character(self.file, before, exc.character) from None
        finally:
            if loader is not None:
                loader.dispose()
        if self.problems:
            raise LwsError(self.problems)
        self.doc.data = self.result
        return self.doc

    def _read(self, loader: Any) -> None:
        """Every event of the stream, in order."""
        check_event, get_event, scalar = loader.check_event, loader.get_event, self._scalar
        documents = 0
        while check_event():
            event = get_event()
            kind = event.__class__
            if kind is _Scalar:  # the commonest event by far
                scalar(event)
            elif kind is _Mapping or kind is _Sequence:
                self._open(event)
            elif kind in _Ends:
                self._close()
            elif kind is _Alias:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise problem.second_document(self.file, _mark(event))

    def _scalar(self, event: Any) -> None:
        """A scalar in one pass (its value, tag, surprise, and its key or place): the hot
        path, so written out rather than through the helpers below."""
        start = event.start_mark
        mark = _new_mark(Mark, (start.line + 1, start.column + 1))
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise problem.too_many_values(self.file, mark, MAX_NODES, aliased=self.aliased)
        stack = self.stack
        top = stack[-1] if stack else None
        if top is not None and not top.is_list and top.pending_key is None:
            self._key(top, event, mark)
            return
        value, surprise = scalar_value(event)
        if event.tag is not None and refused_tag(event.tag, SCALAR_TAGS):
            self.problems.append(problem.bad_tag(self.file, event.tag, mark))
        path: DataPath
        if top is None:
            path = ()
        elif top.is_list:
            path = (*top.path, len(top.value))
        else:
            assert top.pending_key is not None
            path = (*top.path, top.pending_key)
        positions = self.positions
        if surprise is not None:
            positions.plain(path, event.value)  # what an editor reading YAML 1.2 sees
            self.doc.warnings.append(problem.problem_at(self.file, mark, path, *surprise))
        if event.anchor:
            self._anchor_scalar(event, value, mark)
        if (text := source_text(event, value)) is not None:
            positions.plain(path, text)
        if positions.open_anchors:
            positions.value(path, mark)
        else:
            self.doc.values[path] = mark  # written out: the hot path
        self._attach(top, value)

    def _count(self, size: int, mark: Mark, *, alias: bool = False) -> None:
        self.nodes += size
        self.aliased = self.aliased or alias
        if self.nodes > MAX_NODES:
            raise problem.too_many_values(self.file, mark, MAX_NODES, aliased=self.aliased)

    def _child_path(self) -> DataPath | None:
        """The path of the next node, or None when the node is a mapping key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if top.is_list:
            return (*top.path, len(top.value))
        if top.pending_key is None:
            return None
        return (*top.path, top.pending_key)

    # -- anchors and aliases -------------------------------------------------------------

    def _anchor_scalar(self, event: Any, value: Any, mark: Mark) -> None:
        text = source_text(event, value)
        plain: dict[DataPath, str] = {(): text} if text is not None else {}
        self.anchors[event.anchor] = Anchor(value, {(): mark}, {}, plain, 1)

    def _alias(self, event: Any) -> None:
        mark = _mark(event)
        anchor = self.anchors.get(event.anchor or "")
        if anchor is None:
            raise problem.unknown_alias(self.file, mark, event.anchor)
        self._count(anchor.size, mark, alias=True)
        path = self._child_path()
        if path is None:
            raise problem.alias_key(self.file, mark)
        self.positions.replay(anchor, path)
        self.positions.value(path, mark)
        self._attach(self.stack[-1] if self.stack else None, anchor.value)

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
        is_list = event.__class__ is _Sequence
        value: dict[str, Any] | list[Any] = [] if is_list else {}
        self.positions.value(path, mark)
        since = self.positions.open_anchor() if event.anchor else 0
        self.stack.append(_Frame(path, value, event.anchor, self.nodes, since, is_list))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor:
            size = self.nodes - frame.start_nodes + 1
            anchor = self.positions.capture(frame.path, frame.value, frame.start_log, size)
            self.positions.close_anchor()
            self.anchors[frame.anchor] = anchor
        self._attach(self.stack[-1] if self.stack else None, frame.value)

    def _key(self, frame: _Frame, event: Any, mark: Mark) -> None:
        key = event.value  # keys stay text: `no:` is the key "no", not False
        if event.tag is not None and refused_tag(event.tag, SCALAR_TAGS):
            self.problems.append(problem.bad_tag(self.file, event.tag, mark))
        if event.anchor:  # an alias of it is a value, read as YAML reads values
            self._anchor_scalar(event, scalar_value(event)[0], mark)
        path = (*frame.path, key)
        if key == "<<" and event.implicit[0]:
            self.problems.append(problem.merge_key(self.file, path, mark))
        frame.pending_key = key
        frame.pending_duplicate = key in frame.key_marks
        if frame.pending_duplicate:
            self.problems.append(problem.duplicate_key(self.file, path, mark, frame.key_marks[key]))
            return  # its value is parsed for problems of its own, then dropped
        frame.key_marks[key] = mark
        self.positions.key(path, mark)

    def _attach(self, top: _Frame | None, value: Any) -> None:
        if top is None:
            self.result = value
        elif isinstance(top.value, list):
            top.value.append(value)
        else:
            if not top.pending_duplicate:
                assert top.pending_key is not None
                top.value[top.pending_key] = value
            top.pending_key, top.pending_duplicate = None, False
