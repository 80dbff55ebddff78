"""The reader's structure: positions under anchors and aliases, counting values, the file
named in every message (fast tests for ``nox -s mutate``)."""

from __future__ import annotations

import pytest

from lws.core.errors import LwsError
from lws.model import yaml_tree
from lws.model.load import Mark, load_bytes


def test_an_anchor_after_other_values_replays_only_its_own_positions() -> None:
    doc = load_bytes(b"x: 1\nlist:\n  - k: 2\nb: &b\n  k: v\n  n: [1.10]\nc: *b\n", "f.yaml")
    assert doc.data["c"] == {"k": "v", "n": [1.1]}
    under_c = {path: mark for path, mark in doc.values.items() if path[:1] == ("c",)}
    assert under_c == {
        ("c",): Mark(7, 4),
        ("c", "k"): Mark(5, 6),
        ("c", "n"): Mark(6, 6),
        ("c", "n", 0): Mark(6, 7),
    }
    assert {p: m for p, m in doc.keys.items() if p[:1] == ("c",)} == {
        ("c",): Mark(7, 1),
        ("c", "k"): Mark(5, 3),
        ("c", "n"): Mark(6, 3),
    }
    assert {path: text for path, text in doc.plain.items() if path[0] in ("b", "c")} == {
        ("b", "n", 0): "1.10",
        ("c", "n", 0): "1.10",
    }


def test_an_anchored_scalar_counts_as_one_value_per_alias(monkeypatch: pytest.MonkeyPatch) -> None:
    # 1 mapping + keys a, b, c + 1 scalar + 2 aliases of it = 7 values.
    monkeypatch.setattr(yaml_tree, "MAX_NODES", 7)
    assert load_bytes(b"a: &s x\nb: *s\nc: *s\n", "f.yaml").data == {"a": "x", "b": "x", "c": "x"}
    monkeypatch.setattr(yaml_tree, "MAX_NODES", 6)
    with pytest.raises(LwsError, match="through aliases"):
        load_bytes(b"a: &s x\nb: *s\nc: *s\n", "f.yaml")


def test_a_list_that_passes_the_limit_is_located_where_it_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yaml_tree, "MAX_NODES", 4)  # the mapping, a, its value, b; then b's list
    with pytest.raises(LwsError) as caught:
        load_bytes(b"a: 1\nb:\n  - 2\n", "f.yaml")
    (problem,) = caught.value.diagnostics
    assert (problem.line, problem.col, problem.message) == (3, 3, "file holds more than 4 values")


def test_every_message_and_warning_names_the_file() -> None:
    doc = load_bytes(b"a: 017\n", "strategy/kpis.yaml")
    assert doc.file == "strategy/kpis.yaml"
    assert [w.file for w in doc.warnings] == ["strategy/kpis.yaml"]
    with pytest.raises(LwsError) as caught:
        load_bytes(b"a: !x 1\nb: 1\nb: 2\n", "strategy/kpis.yaml")
    assert [d.file for d in caught.value.diagnostics] == ["strategy/kpis.yaml"] * 2


def test_keys_after_a_duplicate_are_kept() -> None:
    with pytest.raises(LwsError) as caught:
        load_bytes(b"a: 1\na: 2\nb: 3\nb: 4\n", "f.yaml")
    assert [d.line for d in caught.value.diagnostics] == [2, 4]


def test_keys_stay_text_but_an_anchored_key_is_read_as_a_value_where_aliased() -> None:
    """A key is never resolved (``no:`` and ``3:`` are the keys "no" and "3", no warning);
    an anchored key is, because an alias of it is a value."""
    doc = load_bytes(b"no: 1\n&n 3: three\nagain: *n\n017: x\n", "f.yaml")
    assert doc.data == {"no": 1, "3": "three", "again": 3, "017": "x"}
    assert doc.warnings == [] and ("again",) in doc.plain
    with pytest.raises(LwsError, match="tag"):
        load_bytes(b"!!python/object x: 1\n", "f.yaml")


def test_nested_anchors_and_aliases_replay_their_positions() -> None:
    """An anchored collection holding an alias of another, aliased in turn; then an anchor
    opened after every earlier one has closed (the reader logs positions only meanwhile)."""
    text = b"a: &x\n  k: 1\nb: &y\n  inner: *x\n  m: [2]\nc: *y\nd: &z {n: &w 3, o: *w}\ne: *z\n"
    doc = load_bytes(text, "f.yaml")
    assert doc.data["c"] == {"inner": {"k": 1}, "m": [2]} and doc.data["e"] == {"n": 3, "o": 3}
    assert {p: m for p, m in doc.values.items() if p[:1] in (("c",), ("e",))} == {
        ("c",): Mark(6, 4),
        ("c", "inner"): Mark(4, 10),
        ("c", "inner", "k"): Mark(2, 6),
        ("c", "m"): Mark(5, 6),
        ("c", "m", 0): Mark(5, 7),
        ("e",): Mark(8, 4),
        ("e", "n"): Mark(7, 11),
        ("e", "o"): Mark(7, 20),
    }
    assert {p: m for p, m in doc.keys.items() if p[:1] in (("c",), ("e",))} == {
        ("c",): Mark(6, 1),
        ("c", "inner"): Mark(4, 3),
        ("c", "inner", "k"): Mark(2, 3),
        ("c", "m"): Mark(5, 3),
        ("e",): Mark(8, 1),
        ("e", "n"): Mark(7, 8),
        ("e", "o"): Mark(7, 17),
    }
    assert {p: t for p, t in doc.plain.items() if p[:1] in (("c",), ("e",))} == {
        ("c", "inner", "k"): "1",
        ("c", "m", 0): "2",
        ("e", "n"): "3",
        ("e", "o"): "3",
    }


def test_a_quoted_or_patternless_scalar_is_text_and_others_are_resolved() -> None:
    doc = load_bytes(b"a: Text\nb: '3'\nc: 3\nd: \"yes\"\ne: ~\nf: ''\ng:\nh: Null\n", "f.yaml")
    assert doc.data == {
        "a": "Text",
        "b": "3",
        "c": 3,
        "d": "yes",
        "e": None,
        "f": "",
        "g": None,
        "h": None,
    }
