"""Report formats: text, stable JSON, GitHub Actions annotations."""

from __future__ import annotations

import json

from lws.core.diagnostics import Diagnostic, Severity
from lws.core.report import render, summary

PROBLEMS = [
    Diagnostic(
        "strategy/actions.yaml",
        42,
        7,
        Severity.ERROR,
        ("actions", 3, "accountable"),
        "required key 'accountable' is missing",
        "name the person accountable, e.g. dcs",
    ),
    Diagnostic("strategy/a,b.yaml", 1, 1, Severity.WARNING, (), "100% odd: yes", ""),
]


def test_text() -> None:
    assert render(PROBLEMS, "text") == (
        "strategy/actions.yaml:42:7: error: actions[3].accountable: required key "
        "'accountable' is missing\n  hint: name the person accountable, e.g. dcs\n"
        "strategy/a,b.yaml:1:1: warning: 100% odd: yes\n"
    )


def test_a_long_line_is_cut_around_its_column_with_the_caret_under_it() -> None:
    from lws.core.report import EXCERPT, text_block

    at = Diagnostic("f.yaml", 3, 16, Severity.ERROR, (), "too large", "")
    digits = "    headcount: " + "3" * 4000
    block = text_block(at, digits).splitlines()
    assert block[1] == "    3 |     headcount: " + "3" * (EXCERPT - 15) + "…"
    assert block[2] == "      |                ^"
    late = Diagnostic("f.yaml", 3, 2999, Severity.ERROR, (), "here", "")
    line, caret = text_block(late, "x" * 2998 + "!y" + "z" * 5).splitlines()[1:]
    assert line == "    3 | …" + ("x" * 2998 + "!yzzzzz")[-EXCERPT:]
    assert caret.index("^") == line.index("!")
    middle = Diagnostic("f.yaml", 3, 500, Severity.ERROR, (), "here", "")
    line, caret = text_block(middle, "a" * 499 + "!" + "b" * 1000).splitlines()[1:]
    assert line.endswith("…") and line[8] == "…" and caret.index("^") == line.index("!")
    assert len(line) == len("    3 | ") + EXCERPT + 2
    short = Diagnostic("f.yaml", 1, 3, Severity.ERROR, (), "m", "")
    assert text_block(short, "a: b").splitlines()[1:] == ["    1 | a: b", "      |   ^"]


def test_json_is_versioned_and_complete() -> None:
    payload = json.loads(render(PROBLEMS, "json"))
    assert payload["version"] == 1
    assert payload["summary"] == {"errors": 1, "warnings": 1}
    assert payload["diagnostics"][0] == {
        "file": "strategy/actions.yaml",
        "line": 42,
        "col": 7,
        "severity": "error",
        "path": "actions[3].accountable",
        "message": "required key 'accountable' is missing",
        "hint": "name the person accountable, e.g. dcs",
    }


def test_github_annotations_escape_properties_and_data() -> None:
    lines = render(PROBLEMS, "github").splitlines()
    assert lines[0] == (
        "::error file=strategy/actions.yaml,line=42,col=7,title=lws error::"
        "actions[3].accountable: required key 'accountable' is missing"
        "%0Ahint: name the person accountable, e.g. dcs"
    )
    assert lines[1] == (
        "::warning file=strategy/a%2Cb.yaml,line=1,col=1,title=lws warning::100%25 odd: yes"
    )


def test_summary() -> None:
    assert summary([]) == "no problems found"
    assert summary(PROBLEMS) == "1 error, 1 warning in 2 files"


def test_gitlab_code_quality_report() -> None:
    issues = json.loads(render(PROBLEMS, "gitlab"))
    assert issues[0]["location"] == {"path": "strategy/actions.yaml", "lines": {"begin": 42}}
    assert issues[0]["severity"] == "major" and issues[1]["severity"] == "minor"
    assert issues[0]["description"].startswith("actions[3].accountable: required key")
    assert len({i["fingerprint"] for i in issues}) == 2
