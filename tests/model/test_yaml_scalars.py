"""Scalar values as lws reads them, and the YAML 1.1 surprises worded exactly.

Fast, direct tests for ``nox -s mutate``: each reads a few bytes through ``load_bytes``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from lws.model.load import load_bytes
from lws.model.yaml_scalars import COLLECTION_TAGS, SCALAR_TAGS, refused_tag, yaml11_surprise


def value(text: str) -> object:
    return load_bytes(f"a: {text}\n".encode(), "f.yaml").data["a"]


def warned(text: str) -> list[tuple[str, str]]:
    doc = load_bytes(f"a: {text}\n".encode(), "f.yaml")
    return [(w.message, w.hint) for w in doc.warnings]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("42", 42),
        ("-7", -7),
        ("1.5", 1.5),
        ("true", True),
        ("FALSE", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("2026-04-01", dt.date(2026, 4, 1)),
        ("plain words", "plain words"),
        ("'quoted 80:20'", "quoted 80:20"),
    ],
)
def test_plain_values_read_as_yaml_reads_them(text: str, read: object) -> None:
    assert value(text) == read
    assert type(value(text)) is type(read)
    assert warned(text) == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("!!int 017", 15),
        ("!!float 1_0.5", 10.5),
        ("!!bool yes", True),
        ("!!float 1", 1.0),
        ("!!timestamp 2026-01-01", dt.date(2026, 1, 1)),
        ("!!str 5", "5"),
        ("!!null ''", None),
        ("! 017", "017"),  # YAML's non-specific tag: text
        ("! yes", "yes"),
    ],
)
def test_an_explicit_standard_tag_is_the_authors_choice_and_not_a_surprise(
    text: str, read: object
) -> None:
    assert value(text) == read
    assert type(value(text)) is type(read)
    assert warned(text) == []


@pytest.mark.parametrize(
    "text",
    ["!!int x", "!!int ''", "!!float ''", "!!float x", "!!bool x", "!!timestamp x",
     "!!timestamp 2026-02-30", "!!int 1.5", "!!float .inf", "!!float .nan"],
)  # fmt: skip
def test_text_that_does_not_fit_its_tag_is_kept_as_text(text: str) -> None:
    written = text.split(" ", 1)[1].strip("'")
    assert value(text) == written


def test_times_and_non_finite_numbers_are_kept_as_text() -> None:
    assert value("2026-01-01 10:00:00") == "2026-01-01 10:00:00"
    assert value("!!timestamp 2026-01-01t10:00:00") == "2026-01-01t10:00:00"
    assert value("!!float -.inf") == "-.inf"


def test_the_implicit_merge_and_value_tags_are_text() -> None:
    assert value("=") == "="
    assert load_bytes(b"- <<\n", "f.yaml").data == ["<<"]


def test_a_value_yaml_read_as_other_than_text_keeps_its_source_text() -> None:
    doc = load_bytes(b"a: 1.10\nb: 2026-04-01\nc: text\nd: 5\ne: ''\nf: !!int 017\n", "f.yaml")
    assert doc.plain == {("a",): "1.10", ("b",): "2026-04-01", ("d",): "5", ("f",): "017"}


def test_an_anchored_value_keeps_its_source_text_under_each_alias() -> None:
    doc = load_bytes(b"a: &n 1.10\nb: *n\nc: &t x\nd: *t\n", "f.yaml")
    assert doc.data == {"a": 1.1, "b": 1.1, "c": "x", "d": "x"}
    assert doc.plain == {("a",): "1.10", ("b",): "1.10"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("80:20", "80:20 was read by YAML 1.1 as the base-60 number 4820, not as written"),
        ("-1:30", "-1:30 was read by YAML 1.1 as the base-60 number -90, not as written"),
        ("017", "017 was read by YAML 1.1 as the octal number 15, not as written"),
        ("-017", "-017 was read by YAML 1.1 as the octal number -15, not as written"),
        ("0x1F", "0x1F was read by YAML 1.1 as the hexadecimal number 31, not as written"),
        ("+0x1f", "+0x1f was read by YAML 1.1 as the hexadecimal number 31, not as written"),
        ("0b101", "0b101 was read by YAML 1.1 as the binary number 5, not as written"),
        ("-0b1", "-0b1 was read by YAML 1.1 as the binary number -1, not as written"),
        ("1_000", "1_000 was read by YAML 1.1 as the number 1000, not as written"),
        ("0.5_0", "0.5_0 was read by YAML 1.1 as the number 0.5, not as written"),
        ("1.", "1. was read by YAML 1.1 as the number 1.0, not as written"),
        ("+5", "+5 was read by YAML 1.1 as the number 5, not as written"),
        ("00", "00 was read by YAML 1.1 as the octal number 0, not as written"),
        ("01_0", "01_0 was read by YAML 1.1 as the octal number 8, not as written"),
        ("01.5", "01.5 was read by YAML 1.1 as the number 1.5, not as written"),
        ("-01.5", "-01.5 was read by YAML 1.1 as the number -1.5, not as written"),
        (".inf", ".inf was read by YAML 1.1 as infinity, not as written"),
        ("-.Inf", "-.Inf was read by YAML 1.1 as infinity, not as written"),
        (".NaN", ".NaN was read by YAML 1.1 as not a number, not as written"),
    ],
)
def test_each_number_surprise_is_worded_exactly(text: str, message: str) -> None:
    assert value(text) == text
    assert warned(text) == [(message, f"put it in quotes: '{text}'")]


@pytest.mark.parametrize(
    ("text", "meaning"),
    [("yes", "true"), ("Yes", "true"), ("ON", "true"), ("y", None), ("no", "false"),
     ("Off", "false"), ("NO", "false")],
)  # fmt: skip
def test_each_yes_no_surprise_is_worded_exactly(text: str, meaning: str | None) -> None:
    if meaning is None:  # PyYAML does not read y and n as booleans
        assert (value(text), warned(text)) == (text, [])
        return
    assert value(text) == text
    assert warned(text) == [
        (
            f"{text} was read by YAML 1.1 as {meaning} (a yes/no value)",
            f"put it in quotes: '{text}' if you mean the word; write {meaning} for a yes/no value",
        )
    ]


@pytest.mark.parametrize(
    "text", ["0", "-0", "0X1F", "0B1", "-0.0", "10", "1.10", "-1.5e+3", "2.0E-1", "True"]
)
def test_faithful_numbers_and_booleans_are_no_surprise(text: str) -> None:
    assert warned(text) == []


def test_surprises_are_judged_only_for_numbers_and_booleans() -> None:
    assert yaml11_surprise("~", "tag:yaml.org,2002:null") is None
    assert yaml11_surprise("2026-04-01", "tag:yaml.org,2002:timestamp") is None
    assert yaml11_surprise("1:x", "tag:yaml.org,2002:int") is None  # not a number after all


def test_a_surprise_in_a_key_is_no_warning_and_the_key_stays_text() -> None:
    doc = load_bytes(b"no: 1\n017: 2\n", "f.yaml")
    assert (doc.data, doc.warnings) == ({"no": 1, "017": 2}, [])
    assert doc.plain == {("no",): "1", ("017",): "2"}


def test_a_surprise_is_located_at_its_value() -> None:
    doc = load_bytes(b"list:\n  - ok\n  - 80:20\n", "f.yaml")
    (warning,) = doc.warnings
    assert (warning.line, warning.col, warning.path) == (3, 5, ("list", 1))
    assert doc.plain == {("list", 1): "80:20"}


def test_which_tags_are_refused() -> None:
    assert not refused_tag(None, SCALAR_TAGS)
    assert not refused_tag("!", SCALAR_TAGS)
    assert not refused_tag("tag:yaml.org,2002:str", SCALAR_TAGS)
    assert not refused_tag("tag:yaml.org,2002:map", COLLECTION_TAGS)
    assert refused_tag("tag:yaml.org,2002:map", SCALAR_TAGS)
    assert refused_tag("tag:yaml.org,2002:binary", SCALAR_TAGS)
    assert refused_tag("!local", COLLECTION_TAGS)


TOO_LARGE = "is too large a number for a strategy (lws reads numbers below 1,000,000,000,000,000)"
TOO_LARGE_HINT = "check for pasted or repeated digits; quote the value if it is not a figure"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1000000000000000", "1000000000000000"),
        ("-1000000000000000", "-1000000000000000"),
        ("!!int 1000000000000000", "1000000000000000"),
        ("1.5e+15", "1.5e+15"),
        ("1.0e+400", "1.0e+400"),  # infinity, read as a float
        ("9" * 4000, "999999999999… (4,000 digits)"),
        ("-" + "3" * 5000, "-33333333333… (5,000 digits)"),  # past Python's own 4,300 limit
        ("1" + "0" * 5000, "100000000000… (5,001 digits)"),
        ("1" + "0" * 23, "1" + "0" * 23),  # 24 characters are shown as written
        ("1" + "0" * 24, "100000000000… (25 digits)"),
    ],
)
def test_a_number_too_large_for_any_strategy_is_kept_as_written_and_refused(
    text: str, shown: str
) -> None:
    written = text.removeprefix("!!int ")
    assert value(text) == written
    assert warned(text) == [(f"{shown} {TOO_LARGE}", TOO_LARGE_HINT)]


@pytest.mark.parametrize("text", ["999999999999999", "-999999999999999", "9.99e+14", "0.5"])
def test_numbers_below_the_cap_are_read(text: str) -> None:
    assert warned(text) == []
    assert isinstance(value(text), int | float)
