"""Reading data of untrusted shape: defaults, never exceptions."""

from __future__ import annotations

from typing import Any

import pytest

from lws.core.data import mapping, records, whole


@pytest.mark.parametrize("value", [None, "text", 3, ["a"], ("a", 1)])
def test_mapping_of_anything_else_is_empty(value: Any) -> None:
    assert mapping(value) == {}


def test_mapping_is_the_same_object() -> None:
    data = {"a": 1}
    assert mapping(data) is data


def test_records_keeps_only_mappings() -> None:
    assert records([{"id": "A1"}, "stray", None, {"id": "A2"}]) == [{"id": "A1"}, {"id": "A2"}]
    assert records({"id": "A1"}) == []
    assert records(None) == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3), (0, 0), (-2, -2), (True, None), (2.0, None), ("3", None), (None, None)],
)
def test_whole(value: Any, expected: int | None) -> None:
    assert whole(value) == expected
