"""The YAML reader's problems, each pinned exactly: where, what and the hint.

Fast, direct tests (``load_bytes`` on a few bytes, or the wording function itself where no
YAML text reaches a branch), so that ``nox -s mutate`` can judge each mutant of the loader
in well under a second. Syntax errors are read by both of PyYAML's parsers: libyaml's (what
lws uses when it is installed) and the pure-Python one (what it falls back to).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml

from lws.core.diagnostics import Severity
from lws.core.errors import Location, LwsError
from lws.model import yaml_errors, yaml_tree
from lws.model.document import Mark
from lws.model.load import load_bytes

Problem = tuple[int, int, str, str, str]  # line, col, path, message, hint


def problems(text: str | bytes) -> list[Problem]:
    raw = text.encode() if isinstance(text, str) else text
    with pytest.raises(LwsError) as caught:
        load_bytes(raw, "f.yaml")
    found = caught.value.diagnostics
    assert all(d.file == "f.yaml" and d.severity is Severity.ERROR for d in found)
    return [(d.line, d.col, d.dotted_path, d.message, d.hint) for d in found]


def one(text: str | bytes) -> Problem:
    (found,) = problems(text)
    return found


@pytest.fixture(params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Each test with this fixture runs under both of PyYAML's parsers."""
    if request.param == "python":
        monkeypatch.setattr(yaml_tree, "_Parser", yaml.SafeLoader)
    else:
        monkeypatch.setattr(yaml_tree, "_Parser", yaml.CSafeLoader)
    yield request.param


TAG_HINT = "lws reads plain data only; remove the tag (quote the value if it is text)"
INDENT_HINT = "check the indentation: items of one list or mapping must line up"
CONTROL_HINT = "remove invisible control characters (often pasted from another program)"
SEQ_HINT = "a '[' is not closed; add the missing ']' (or quote text that starts with '[')"
MAP_HINT = "a '{' is not closed; add the missing '}'"
COLON_VALUE_HINT = "a value containing ': ' must be quoted, or the indentation is off"
MISSING_COLON_HINT = "each line of a mapping needs 'key: value'; check for a missing colon"
TOKEN_HINT = "quote values that begin with special characters such as @, ` or %"
NAME_HINT = "a name must follow & or * directly; quote text that starts with & or *"
FALLBACK_HINT = "check the quoting and indentation near this position"
TAB = (
    "tab character used for indentation",
    "YAML indents with spaces only; replace the tab with spaces",
)


# -- problems reported together ------------------------------------------------------------


def test_a_refused_tag_is_named_as_written_with_its_standard_prefix_shortened() -> None:
    assert problems("a: !!python/object:os.system x\nb: !secret y\nc: !!set {x: null}\n") == [
        (1, 4, "", "tag !!python/object:os.system is not allowed", TAG_HINT),
        (2, 4, "", "tag !secret is not allowed", TAG_HINT),
        (3, 4, "", "tag !!set is not allowed", TAG_HINT),
    ]


def test_a_full_tag_outside_yaml_org_is_named_in_full() -> None:
    assert one("a: !<tag:example.com,2000:x> 1\n")[3] == (
        "tag tag:example.com,2000:x is not allowed"
    )


def test_standard_tags_and_the_non_specific_tag_are_allowed() -> None:
    doc = load_bytes(b"a: !!map {x: !!int 1}\nb: !!seq [!!str 2]\nc: ! x\n", "f.yaml")
    assert doc.data == {"a": {"x": 1}, "b": ["2"], "c": "x"}


def test_merge_keys_are_named_at_the_key() -> None:
    assert problems("base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n") == [
        (3, 3, 'use["<<"]', "merge keys (<<) are not supported", "write the keys out in full")
    ]


def test_a_quoted_merge_key_is_an_ordinary_key() -> None:
    assert load_bytes(b"'<<': 1\n", "f.yaml").data == {"<<": 1}


def test_duplicate_keys_name_the_key_and_the_line_it_was_first_given() -> None:
    hint = "each key may appear once in a mapping; remove or rename one of them"
    assert problems("a:\n  b: 1\n  c: 2\n  b: 3\nd: 4\nd: 5\n") == [
        (4, 3, "a.b", "duplicate key 'b' (first given at line 2)", hint),
        (6, 1, "d", "duplicate key 'd' (first given at line 5)", hint),
    ]


def test_the_same_key_in_two_mappings_is_no_duplicate() -> None:
    doc = load_bytes(b"- id: A\n- id: B\n", "f.yaml")
    assert doc.data == [{"id": "A"}, {"id": "B"}]


# -- problems that stop the reader ---------------------------------------------------------


def test_a_second_document_is_located_at_its_marker() -> None:
    assert one("a: 1\n---\nb: 2\n") == (
        2,
        1,
        "",
        "file holds more than one YAML document (a second '---')",
        "keep one document per file; remove the extra '---' line",
    )


def test_one_document_with_an_explicit_marker_is_fine() -> None:
    assert load_bytes(b"---\na: 1\n...\n", "f.yaml").data == {"a": 1}


def test_an_alias_before_its_anchor_names_both() -> None:
    assert one("a: *x\nb: &x 1\n") == (
        1,
        4,
        "",
        "alias *x refers to no complete anchor &x",
        "define the anchor before using it, or write the value out",
    )


def test_an_alias_inside_its_own_anchor_is_not_complete() -> None:
    assert one("a: &x [1, *x]\n")[:4] == (1, 11, "", "alias *x refers to no complete anchor &x")


def test_too_many_values_without_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_tree, "MAX_NODES", 1_500)
    text = "".join(f"- {i}\n" for i in range(1_500))
    assert one(text) == (
        1_500,
        3,
        "",
        "file holds more than 1,500 values",
        "split the section into smaller files, or remove pasted data",
    )


def test_too_many_values_through_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_tree, "MAX_NODES", 1_000)
    text = "a: &a [" + ",".join(["x"] * 30) + "]\n" + "".join(f"b{i}: *a\n" for i in range(40))
    # 33 values in line 1, then 32 a line (key and alias): line 32 passes 1,000, at *a.
    assert one(text) == (
        32,
        6,
        "",
        "file expands to more than 1,000 values through aliases",
        "this looks like an alias bomb; write values out instead of using & and *",
    )


def test_exactly_the_limit_of_values_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_tree, "MAX_NODES", 11)
    doc = load_bytes(b"".join(b"- %d\n" % i for i in range(10)), "f.yaml")  # 1 list + 10
    assert doc.data == list(range(10))


def test_values_after_an_alias_are_counted_as_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_tree, "MAX_NODES", 8)
    # 1 mapping, key values: a's list (1 + 3) and its alias (4): 9 values, past 8 at b.
    assert one("a: &a [1, 2, 3]\nb: *a\n")[:4] == (
        2,
        4,
        "",
        "file expands to more than 8 values through aliases",
    )


HINT_DEEP = "lws sections are at most a few levels deep; check the indentation"


def test_nesting_deeper_than_the_limit_is_located_where_it_goes_too_deep() -> None:
    depth = yaml_tree.MAX_DEPTH  # the top mapping is the first level, so bracket 64 is one too many
    assert one("a: " + "[" * depth + "]" * depth + "\n") == (
        1,
        3 + depth,
        "",
        f"data is nested more than {depth} levels deep",
        HINT_DEEP,
    )


def test_nesting_to_the_limit_is_read() -> None:
    depth = yaml_tree.MAX_DEPTH
    doc = load_bytes(("[" * depth + "]" * depth).encode(), "f.yaml")
    with pytest.raises(LwsError):
        load_bytes(("[" * (depth + 1) + "]" * (depth + 1)).encode(), "f.yaml")
    value = doc.data
    for _ in range(depth - 1):
        (value,) = value
    assert value == []


def test_nesting_that_the_parser_refuses_is_worded_as_too_deep(parser: str) -> None:
    text = "[" * 5000 + "]" * 5000
    line, _, path, message, hint = one(text)
    assert (line, path, message, hint) == (
        1,
        "",
        f"data is nested more than {yaml_tree.MAX_DEPTH} levels deep",
        HINT_DEEP,
    )


def test_a_list_or_mapping_as_a_key_is_refused() -> None:
    expected = (
        "a mapping key must be plain text, not a list or mapping",
        "write the key as a word followed by a colon, e.g. title:",
    )
    assert one("? [a, b]\n: 1\n") == (1, 3, "", *expected)
    assert one("x:\n  ? {a: 1}\n  : 1\n") == (2, 5, "", *expected)


def test_an_alias_as_a_key_is_refused() -> None:
    assert one("a: &k x\n*k : 1\n") == (
        2,
        1,
        "",
        "an alias cannot be used as a mapping key",
        "write the key out as plain text",
    )


def test_a_control_character_is_located_on_its_line_and_column(parser: str) -> None:
    assert one("a: 1\nbé: 'x\x01'\n") == (
        2,
        7,
        "",
        "character U+0001 is not allowed in YAML",
        CONTROL_HINT,
    )


def test_a_control_character_on_the_first_line(parser: str) -> None:
    assert one("\x07") == (1, 1, "", "character U+0007 is not allowed in YAML", CONTROL_HINT)


def test_a_control_character_after_multibyte_text_is_counted_in_characters(parser: str) -> None:
    assert one("a: ééé\x1b\n")[:4] == (1, 7, "", "character U+001B is not allowed in YAML")


# -- syntax errors, in the author's words --------------------------------------------------


def test_tab_indentation_under_a_key(parser: str) -> None:
    assert one("a:\n\tb: 1\n") == (2, 1, "", *TAB)


def test_tab_indentation_before_a_list_item(parser: str) -> None:
    assert one("a: 1\n\t- b\n") == (2, 1, "", *TAB)


def test_an_unclosed_bracket(parser: str) -> None:
    _line, _col, path, message, hint = one("a: [1, 2\nb: 3\n")
    assert (path, hint) == ("", SEQ_HINT)
    assert message.startswith("YAML syntax error: ")
    assert message.endswith(" (while parsing a flow sequence at line 1)")


def test_an_unclosed_brace(parser: str) -> None:
    _line, _col, _path, message, hint = one("a: {x: 1\nb: 3\n")
    assert hint == MAP_HINT
    assert message.endswith(" (while parsing a flow mapping at line 1)")


def test_an_unquoted_colon_in_a_value(parser: str) -> None:
    assert one("title: a: b\n") == (
        1,
        9,
        "",
        "YAML syntax error: mapping values are not allowed here"
        if parser == "python"
        else "YAML syntax error: mapping values are not allowed in this context",
        COLON_VALUE_HINT,
    )


def test_a_missing_colon(parser: str) -> None:
    assert one("a:\n  b: 1\n  c\n  d: 2\n") == (
        4,
        3,
        "",
        "YAML syntax error: could not find expected ':' (while scanning a simple key at line 3)",
        MISSING_COLON_HINT,
    )


def test_a_value_starting_with_a_reserved_character(parser: str) -> None:
    line, col, path, message, hint = one("a: @x\n")
    assert (line, col, path) == (1, 4, "")
    assert "that cannot start any token" in message
    assert hint == TOKEN_HINT


def test_items_that_do_not_line_up(parser: str) -> None:
    line, col, path, message, hint = one("a:\n  - 1\n - 2\n")
    assert (line, col, path, hint) == (3, 2, "", INDENT_HINT)
    assert message.endswith(" (while parsing a block mapping at line 1)")


def test_a_list_item_after_a_mapping_key(parser: str) -> None:
    line, col, _path, message, hint = one("- a\nb: 1\n")
    assert (line, col, hint) == (2, 1, INDENT_HINT)
    assert message.endswith(" (while parsing a block collection at line 1)")


@pytest.mark.parametrize(("sign", "what"), [("&", "an anchor"), ("*", "an alias")])
def test_an_anchor_or_alias_without_a_name(parser: str, sign: str, what: str) -> None:
    line, col, path, message, hint = one(f"a: {sign}\n")
    assert (line, col, path) == (1, 5, "")
    assert message.endswith(f" (while scanning {what} at line 1)")
    assert hint == NAME_HINT


def test_an_unclosed_quote(parser: str) -> None:
    line, col, _path, message, hint = one("a: 'x\n")
    assert (line, col) == (2, 1)
    assert message.endswith(" (while scanning a quoted scalar at line 1)")
    assert hint == FALLBACK_HINT


# -- the wording functions, where no YAML text reaches a branch ----------------------------


def _error(
    problem: str | None = "bad thing",
    problem_mark: yaml.Mark | None = None,
    context: str | None = None,
    context_mark: yaml.Mark | None = None,
) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(context, context_mark, problem, problem_mark)


def _at(line: int, column: int) -> yaml.Mark:
    return yaml.Mark("f.yaml", 0, line, column, None, 0)


def test_a_syntax_error_is_located_at_its_problem_else_its_context_else_the_start() -> None:
    fallback = FALLBACK_HINT
    both = yaml_errors.syntax_error(
        "f.yaml", _error(problem_mark=_at(2, 4), context_mark=_at(0, 0)), 9
    )
    context_only = yaml_errors.syntax_error("f.yaml", _error(context_mark=_at(5, 0)), 9)
    neither = yaml_errors.syntax_error("f.yaml", _error(), 9)
    assert [e.report() for e in (both, context_only, neither)] == [
        [f"f.yaml:3:5: error: YAML syntax error: bad thing\n  hint: {fallback}"],
        [f"f.yaml:6:1: error: YAML syntax error: bad thing\n  hint: {fallback}"],
        [f"f.yaml:1:1: error: YAML syntax error: bad thing\n  hint: {fallback}"],
    ]
    assert neither.location == Location("f.yaml", 1, 1)


def test_a_syntax_error_without_a_problem_is_invalid_yaml_and_spaces_are_trimmed() -> None:
    unnamed = yaml_errors.syntax_error("f.yaml", _error(problem=None, problem_mark=_at(0, 0)), 9)
    spaced = yaml_errors.syntax_error(
        "f.yaml", _error(problem="  odd  ", problem_mark=_at(0, 0)), 9
    )
    assert unnamed.message == "YAML syntax error: invalid YAML"
    assert spaced.message == "YAML syntax error: odd"


def test_a_context_is_named_only_with_its_line() -> None:
    located = _error(problem_mark=_at(3, 0), context="  while doing x ", context_mark=_at(1, 0))
    unlocated = _error(problem_mark=_at(3, 0), context="while doing x")
    assert yaml_errors.syntax_error("f.yaml", located, 9).message == (
        "YAML syntax error: bad thing (while doing x at line 2)"
    )
    assert (
        yaml_errors.syntax_error("f.yaml", unlocated, 9).message == "YAML syntax error: bad thing"
    )


def test_a_depth_error_of_the_parser_names_the_readers_limit() -> None:
    error = _error(problem="exceeded maximum nesting depth", problem_mark=_at(0, 7))
    assert yaml_errors.syntax_error("f.yaml", error, 12).report() == [
        f"f.yaml:1:8: error: data is nested more than 12 levels deep\n  hint: {HINT_DEEP}"
    ]


@pytest.mark.parametrize(
    "problem", ["found character '\\t' that cannot start any token", "found a tab character"]
)
def test_a_tab_named_by_the_parser_is_a_tab_wherever_it_stands(problem: str) -> None:
    error = _error(problem=problem, problem_mark=_at(0, 2))
    assert yaml_errors.syntax_error("f.yaml", error, 9, "ab c\n").message == TAB[0]


def test_a_tab_at_the_error_is_a_tab_and_elsewhere_is_not() -> None:
    error = _error(problem="found character that cannot start any token", problem_mark=_at(1, 2))
    assert yaml_errors.syntax_error("f.yaml", error, 9, "a:\n  \tb\n").message == TAB[0]
    assert yaml_errors.syntax_error("f.yaml", error, 9, "a:\n \t b\n").message != TAB[0]
    assert yaml_errors.syntax_error("f.yaml", error, 9, "\t\n").message != TAB[0]  # past the end
    assert yaml_errors.syntax_error("f.yaml", error, 9, "a:\n  \t").message == TAB[0]  # last line
    assert yaml_errors.syntax_error("f.yaml", error, 9).message != TAB[0]


@pytest.mark.parametrize(
    ("problem", "context", "hint"),
    [
        (
            "x",
            "while parsing a flow sequence",
            SEQ_HINT,
        ),
        ("x", "while parsing a flow mapping", MAP_HINT),
        (
            "mapping values are not allowed here",
            "",
            COLON_VALUE_HINT,
        ),
        (
            "could not find expected ':'",
            "",
            MISSING_COLON_HINT,
        ),
        (
            "found character that cannot start any token",
            "",
            TOKEN_HINT,
        ),
        ("found character", "", FALLBACK_HINT),
        ("cannot start any token", "", FALLBACK_HINT),
        (
            "x",
            "while scanning an anchor",
            NAME_HINT,
        ),
        (
            "x",
            "while scanning an alias",
            NAME_HINT,
        ),
        ("did not find expected key", "", INDENT_HINT),
        ("expected <block end>, but found '-'", "", INDENT_HINT),
        ("anything else", "", FALLBACK_HINT),
    ],
)
def test_each_syntax_hint(problem: str, context: str, hint: str) -> None:
    assert yaml_errors.syntax_hint(problem, context) == hint


def test_the_flow_hints_come_before_the_problems_hints() -> None:
    assert yaml_errors.syntax_hint("did not find expected ','", "while parsing a flow mapping") == (
        MAP_HINT
    )
    assert yaml_errors.syntax_hint("mapping values are not allowed") == (COLON_VALUE_HINT)


def test_an_unreadable_character_is_placed_from_the_text_before_it() -> None:
    assert yaml_errors.unreadable_character("f.yaml", "ab\ncd\nxyz", "\x85").report() == [
        f"f.yaml:3:4: error: character U+0085 is not allowed in YAML\n  hint: {CONTROL_HINT}"
    ]
    assert yaml_errors.unreadable_character("f.yaml", "", 0xFFFE).location == Location(
        "f.yaml", 1, 1
    )
    assert yaml_errors.unreadable_character("f.yaml", "", 0xFFFE).message == (
        "character U+FFFE is not allowed in YAML"
    )


def test_the_positions_of_reported_problems_are_their_marks() -> None:
    found = yaml_errors.duplicate_key("f.yaml", ("a", 0, "b"), Mark(7, 3), Mark(5, 3))
    assert (found.file, found.line, found.col, found.severity, found.path) == (
        "f.yaml",
        7,
        3,
        Severity.ERROR,
        ("a", 0, "b"),
    )
    assert found.message == "duplicate key 'b' (first given at line 5)"
    stop = yaml_errors.located_error("g.yaml", Mark(4, 9), "m", "h")
    assert (stop.location, stop.message, stop.hint) == (Location("g.yaml", 4, 9), "m", "h")
