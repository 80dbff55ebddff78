"""The loader: safe, strict YAML with positions for every value."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lws.core.errors import LwsError
from lws.core.quantities import MAX_NUMBER
from lws.model.load import MAX_DEPTH, Document, Mark, load_bytes, load_file


def load(text: str | bytes) -> Document:
    return load_bytes(text.encode() if isinstance(text, str) else text, "f.yaml")


def problem(text: str | bytes) -> str:
    with pytest.raises(LwsError) as caught:
        load(text)
    return "\n".join(d.format() for d in caught.value.diagnostics)


def test_positions_of_values_and_keys() -> None:
    doc = load("title: Plan\nactions:\n  - id: A1\n    rag: green\n")
    assert doc.data == {"title": "Plan", "actions": [{"id": "A1", "rag": "green"}]}
    assert doc.values[("title",)] == Mark(1, 8)
    assert doc.values[("actions", 0, "rag")] == Mark(4, 10)
    assert doc.keys[("actions", 0, "rag")] == Mark(4, 5)
    assert doc.position(("actions", 0, "missing")) == Mark(3, 5)


def test_yaml_11_surprises_are_remembered_with_their_source_text() -> None:
    doc = load("b: 1.10\nc: 2026-04-01\nd: 'no'\n")
    assert doc.data == {"b": 1.1, "c": dt.date(2026, 4, 1), "d": "no"}
    assert doc.plain == {("b",): "1.10", ("c",): "2026-04-01"}


@pytest.mark.parametrize(
    ("text", "read_as"),
    [
        ("80:20", "the base-60 number 4820"),
        ("1:30.5", "the base-60 number 90.5"),
        ("017", "the octal number 15"),
        ("1_000", "the number 1000"),
        ("1_000.5", "the number 1000.5"),
        ("0x1F", "the hexadecimal number 31"),
        ("0b101", "the binary number 5"),
        ("+5", "the number 5"),
        (".5", "the number 0.5"),
        (".inf", "infinity"),
        ("-.inf", "infinity"),
        (".nan", "not a number"),
        ("no", "false (a yes/no value)"),
        ("Yes", "true (a yes/no value)"),
        ("off", "false (a yes/no value)"),
        ("ON", "true (a yes/no value)"),
    ],
)
def test_a_yaml_11_conversion_is_a_located_error_and_the_text_is_kept(
    text: str, read_as: str
) -> None:
    doc = load(f"title: x\nkpis:\n  - target: {text}\n")
    assert doc.data["kpis"][0]["target"] == text
    (error,) = doc.warnings
    assert (error.line, error.col, error.path) == (3, 13, ("kpis", 0, "target"))
    assert error.message == f"{text} was read by YAML 1.1 as {read_as}, not as written" or (
        error.message == f"{text} was read by YAML 1.1 as {read_as}"
    )
    assert f"put it in quotes: '{text}'" in error.hint


@pytest.mark.parametrize("text", ["42", "-3", "0", "-1.5", "1.10", "1.5e+3", "true", "False"])
def test_plain_numbers_and_booleans_read_as_written_without_a_message(text: str) -> None:
    assert load(f"a: {text}\n").warnings == []


def test_quoted_values_are_never_reported() -> None:
    doc = load("a: '80:20'\nb: \"no\"\n")
    assert doc.data == {"a": "80:20", "b": "no"}
    assert doc.warnings == []


def test_keys_stay_text() -> None:
    doc = load("no: 1\n2026-01-01: x\n80:20: y\n")
    assert doc.data == {"no": 1, "2026-01-01": "x", "80:20": "y"}
    assert doc.warnings == []


def test_impossible_date_is_kept_as_text_for_the_schema_to_explain() -> None:
    assert load("d: 2026-02-30\n").data == {"d": "2026-02-30"}


def test_datetime_is_kept_as_text() -> None:
    assert load("d: 2026-02-03 10:00:00\n").data == {"d": "2026-02-03 10:00:00"}


def test_duplicate_keys_are_all_reported_with_the_first_line() -> None:
    text = problem("a: 1\nb: 2\na: 3\nb: 4\n")
    assert "f.yaml:3:1: error: a: duplicate key 'a' (first given at line 1)" in text
    assert "f.yaml:4:1: error: b: duplicate key 'b' (first given at line 2)" in text


def test_problems_inside_a_duplicate_key_are_at_the_key_as_written() -> None:
    text = problem("a: 1\na:\n  <<: {b: 1}\na: 3\n")
    assert text.splitlines()[::2] == [
        "f.yaml:2:1: error: a: duplicate key 'a' (first given at line 1)",
        'f.yaml:3:3: error: a["<<"]: merge keys (<<) are not supported',
        "f.yaml:4:1: error: a: duplicate key 'a' (first given at line 1)",
    ]


def test_tab_indentation() -> None:
    assert problem("a:\n  b: 1\n\tc: 2\n").startswith(
        "f.yaml:3:1: error: tab character used for indentation"
    )


def test_tab_inside_a_value_is_fine() -> None:
    assert load("a: 'x\ty'\n").data == {"a": "x\ty"}


def test_utf8_bom_is_a_warning_and_the_data_loads() -> None:
    doc = load(b"\xef\xbb\xbfa: 1\n")
    assert doc.data == {"a": 1}
    assert [w.message for w in doc.warnings] == ["file starts with a UTF-8 byte-order mark"]


def test_utf16_is_refused() -> None:
    assert "encoded as UTF-16" in problem("a: 1\n".encode("utf-16"))


def test_non_utf8_byte_is_located() -> None:
    text = problem(b"a: 1\nb: caf\xe9\n")
    assert text.startswith("f.yaml:2:7: error: byte 0xE9 is not valid UTF-8")
    assert "Windows-1252" in text


def test_control_character_is_located() -> None:
    assert problem("a: 1\nb: x\x07\n").startswith(
        "f.yaml:2:5: error: character U+0007 is not allowed in YAML"
    )


def test_python_tags_are_refused() -> None:
    text = problem("a: !!python/object/apply:os.system ['echo hi']\n")
    assert "tag !!python/object/apply:os.system is not allowed" in text


def test_local_tags_are_refused() -> None:
    assert "tag !secret is not allowed" in problem("a: !secret x\n")


def test_standard_str_tag_is_allowed() -> None:
    assert load("a: !!str 1.10\n").data == {"a": "1.10"}


def test_billion_laughs_fails_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    assert "expands to more than 250,000 values through aliases" in problem("\n".join(lines))


def test_small_aliases_are_expanded_with_positions() -> None:
    doc = load("a: &x\n  k: v\nb: *x\n")
    assert doc.data == {"a": {"k": "v"}, "b": {"k": "v"}}
    assert doc.values[("b",)] == Mark(3, 4)
    assert doc.values[("b", "k")] == Mark(2, 6)


def test_deep_nesting_is_refused() -> None:
    text = problem("[" * 1000 + "]" * 1000)
    assert f"nested more than {MAX_DEPTH} levels deep" in text


def test_two_documents_are_refused() -> None:
    assert "more than one YAML document" in problem("a: 1\n---\nb: 2\n")


def test_syntax_error_is_located_with_a_hint() -> None:
    text = problem("title: a: b\n")
    assert text.startswith("f.yaml:1:9: error: YAML syntax error: mapping values are not allowed")
    assert "hint: a value containing ': ' must be quoted" in text


def test_empty_file_loads_as_nothing() -> None:
    assert load("").data is None
    assert load("# just a comment\n").data is None


def test_collection_as_key_is_refused() -> None:
    assert "a mapping key must be plain text" in problem("? [a, b]\n: 1\n")


def test_merge_keys_are_refused() -> None:
    assert "merge keys (<<) are not supported" in problem("a: &a {x: 1}\nb:\n  <<: *a\n")


def test_symlink_outside_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("a: 1\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "link.yaml").symlink_to(outside)
    with pytest.raises(LwsError) as caught:
        load_file(project / "link.yaml", project, "link.yaml")
    assert "outside the project" in caught.value.diagnostics[0].message


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as out:
        out.truncate(10 * 1024 * 1024)
    with pytest.raises(LwsError) as caught:
        load_file(big, tmp_path, "big.yaml")
    assert "file is 10 MiB" in caught.value.diagnostics[0].message


PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"))


def _inside(doc: Document, source: str) -> bool:
    lines = source.split("\n")
    marks = [*doc.values.values(), *doc.keys.values()]
    return all(1 <= m.line <= len(lines) + 1 and m.col >= 1 for m in marks)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(st.sampled_from([*"ab:- \n[]{}&*!'\"#|>?,\t0y.", "no", "1.10", "<<", "\n  "])).map(
        "".join
    )
)
def test_property_yaml_like_text_loads_or_fails_cleanly(source: str) -> None:
    try:
        doc = load(source)
    except LwsError as exc:
        assert exc.diagnostics
        assert all(d.line >= 1 and d.col >= 1 for d in exc.diagnostics)
        return
    assert _inside(doc, source)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_property_arbitrary_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    try:
        load_bytes(raw, "f.yaml")
    except LwsError as exc:
        assert all(d.line >= 1 and d.col >= 1 for d in exc.diagnostics)


@settings(max_examples=100, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(1 - MAX_NUMBER, MAX_NUMBER - 1)  # larger: a located error
        | st.text(PRINTABLE, max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(PRINTABLE, min_size=1, max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_property_dumped_data_round_trips_with_positions(value: object) -> None:
    import yaml

    source = yaml.safe_dump({"root": value}, allow_unicode=True)
    doc = load(source)
    assert doc.data == {"root": value}
    assert _inside(doc, source)


_TRICKY = st.sampled_from(
    ["80:20", "1:30", "017", "0o17", "1_000", "0x1F", "0b11", ".inf", "-.Inf", ".NaN", "+5",
     ".5", "1.", "1.10", "yes", "No", "ON", "off", "y", "n", "~", "null", "2026-04-01",
     "2026-4-1", "1e3", "1.5e+3", "12:30:45", "0", "-0", "007", "1,000", "£5"]
)  # fmt: skip
_PLAIN = st.text(alphabet="0123456789:_.+-xbeEoOnNyYsSfFaAlLiI~£%", min_size=1, max_size=8)


def _says_what_it_says(text: str, value: object) -> bool:
    """An independent reading of the author's text: itself, or JSON's reading, or a date."""
    if isinstance(value, str):
        return value == text
    if value is None:
        return text in ("~", "null", "Null", "NULL")
    if isinstance(value, dt.date):
        return value.isoformat() == text
    try:
        meant = json.loads(text.lower() if text.lower() in ("true", "false") else text)
    except ValueError:
        return False
    return type(meant) is type(value) and meant == value


@settings(max_examples=300, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(st.one_of(_TRICKY, _PLAIN), min_size=1, max_size=6))
def test_any_value_the_loader_changes_from_the_text_is_reported_at_its_line(
    texts: list[str],
) -> None:
    source = "".join(f"k{i}: {text}\n" for i, text in enumerate(texts))
    try:
        doc: Document | None = load(source)
    except LwsError:
        doc = None  # not a valid scalar in this position (e.g. '-' or ': '): a syntax error
    assume(doc is not None)
    assert doc is not None
    assume(isinstance(doc.data, dict) and len(doc.data) == len(texts))
    reported = {d.line for d in doc.warnings}
    for line, text in enumerate(texts, start=1):
        value = doc.data[f"k{line - 1}"]
        if line in reported:
            assert value == text  # kept exactly as written, never the converted value
        else:
            assert _says_what_it_says(text, value), (text, value)
