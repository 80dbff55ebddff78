"""Schema validation messages: located, in the author's terms, with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from lws.core.diagnostics import Diagnostic, Severity
from lws.model.load import load_bytes
from lws.model.schema import load_schemas
from lws.model.validate import describe, validate_section

SCHEMAS = load_schemas(Path(__file__).resolve().parents[2])


def check(section: str, text: str) -> list[str]:
    doc = load_bytes(text.encode(), f"strategy/{section}.yaml")
    return [d.format() for d in validate_section(doc, SCHEMAS[section])]


def only(section: str, text: str) -> str:
    found = check(section, text)
    assert len(found) == 1, found
    return found[0]


RISK = """risks:
  - id: R1
    title: Budget cut
    probability: {p}
    impact: 3
    owner: dcs
    next_review: 2027-01-31
"""


def test_valid_risk_has_no_problems() -> None:
    assert check("risks", RISK.format(p=2)) == []


def test_out_of_range_rating() -> None:
    assert only("risks", RISK.format(p=6)) == (
        "strategy/risks.yaml:4:18: error: risks[0].probability: 6 is above the maximum of 5\n"
        "  hint: Probability: 1 rare, 2 possible, 3 likely, 4 probable, 5 almost certain."
    )


def test_unknown_key_suggests_the_nearest() -> None:
    text = RISK.format(p=2) + "    mitigation: [x]\n"
    assert only("risks", text) == (
        "strategy/risks.yaml:8:5: error: risks[0].mitigation: unknown key 'mitigation'\n"
        "  hint: did you mean 'mitigations'?"
    )


def test_missing_required_key_points_at_the_mapping() -> None:
    text = RISK.format(p=2).replace("    title: Budget cut\n", "")
    message = only("risks", text)
    assert message.startswith(
        "strategy/risks.yaml:2:5: error: risks[0].title: required key 'title' is missing"
    )
    assert "hint: title: The risk" in message


def test_yaml_11_boolean_where_text_is_wanted() -> None:
    assert only(
        "lessons", "lessons:\n  - about: strategy\n    outcome: worked_ok\n    lesson: no\n"
    ) == (
        "strategy/lessons.yaml:4:13: error: lessons[0].lesson: no was read by YAML 1.1 as "
        "false (a yes/no value)\n  hint: put it in quotes: 'no' if you mean the word; "
        "write false for a yes/no value"
    )


def test_yaml_11_number_where_text_is_wanted() -> None:
    message = check("manifest", "version: 1.10\n")
    assert any("1.10 was read by YAML as the number 1.1, not text" in m for m in message)


def test_single_letter_rating_suggests_the_word() -> None:
    text = "gaps:\n  - id: g1\n    objective: x\n    importance: H\n    status: struggling\n"
    assert only("baseline", text) == (
        "strategy/baseline.yaml:4:17: error: gaps[0].importance: 'H' is not one of: high, "
        "medium, low\n  hint: did you mean 'high'? use one of: high, medium, low"
    )


def test_impossible_date() -> None:
    message = only("risks", RISK.format(p=2).replace("2027-01-31", "2027-02-30"))
    assert "'2027-02-30' is not a real date (day is out of range for month)" in message


@pytest.mark.parametrize("value", ["2027/01/31", "31-01-2027", "soon"])
def test_badly_written_date(value: str) -> None:
    message = only("risks", RISK.format(p=2).replace("2027-01-31", value))
    assert f"'{value}' is not a date lws can read" in message


def test_quoted_iso_date_is_accepted() -> None:
    assert check("risks", RISK.format(p=2).replace("2027-01-31", "'2027-01-31'")) == []


def test_datetime_is_not_a_date() -> None:
    message = only("risks", RISK.format(p=2).replace("2027-01-31", "2027-01-31 09:00:00"))
    assert "is not a plain date" in message


def test_list_where_a_mapping_belongs() -> None:
    assert only("manifest", "- a\n- b\n").startswith(
        "strategy/manifest.yaml:1:1: error: a section must be a mapping (key: value lines), "
        "not a list"
    )


def test_scalar_where_a_list_belongs() -> None:
    assert only("risks", "risks: none\n") == (
        "strategy/risks.yaml:1:8: error: risks: expected a list (lines starting with '- '), "
        'found text "none"\n  hint: The risk register.'
    )


def test_empty_required_section_is_an_error_and_optional_one_a_warning() -> None:
    assert check("manifest", "")[0].startswith("strategy/manifest.yaml:1:1: error: file is empty")
    assert check("lessons", "")[0].startswith(
        "strategy/lessons.yaml:1:1: warning: section file is empty"
    )


def test_empty_value() -> None:
    assert only("vision", "statement:\n") == (
        "strategy/vision.yaml:1:1: error: statement: has no value\n"
        "  hint: statement: The vision statement: clear and motivating (exercise 5.1)"
    )


def test_bad_url_scheme() -> None:
    text = "links:\n  - {id: l1, title: t, level: local, kind: policy, "
    text += "workforce_implications: w, url: 'javascript:alert(1)'}\n"
    assert "'javascript:alert(1)' should be an http(s):// or mailto: link" in only(
        "alignment", text
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, "nothing"), (True, "true (a yes/no value)"), ([1], "a list"), ({}, "a mapping")],
)
def test_describe(value: object, text: str) -> None:
    assert describe(value) == text


def test_diagnostics_sort_by_file_then_position() -> None:
    def at(file: str, line: int) -> Diagnostic:
        return Diagnostic(file, line, 1, Severity.ERROR, (), "m")

    assert sorted([at("b.yaml", 1), at("a.yaml", 10), at("a.yaml", 9)]) == [
        at("a.yaml", 9),
        at("a.yaml", 10),
        at("b.yaml", 1),
    ]


def test_a_near_miss_of_the_guides_words_is_a_warning_where_it_stands() -> None:
    """Open lists (``vocabulary``), at the top of a mapping and inside a list's items; own
    words and the guide's words pass without a word."""
    reporting = "reporting:\n  frequency: {f}\n  to: board\n  what: [Progress]\n  how: Report\n"
    (warning,) = check("sustaining", reporting.format(f="quartely"))
    assert warning.startswith("strategy/sustaining.yaml:2:14: warning: reporting.frequency: ")
    assert "'quartely' is not one of the guide's words" in warning
    assert "did you mean 'quarterly'?" in warning
    assert not check("sustaining", reporting.format(f="quarterly"))
    assert not check("sustaining", reporting.format(f="fortnightly"))
    priority = "priorities:\n  - id: P1\n    title: Safeguarding\n    source: {s}\n"
    (warning,) = check("priorities", priority.format(s="childrens_plann"))
    assert warning.startswith("strategy/priorities.yaml:4:13: warning: priorities[0].source: ")
    assert not check("priorities", priority.format(s="Ofsted inspection report 2012"))
