"""Characters YAML reads as line breaks but editors do not show: located, never a drift.

PyYAML and libyaml end a line at U+2028, U+2029, U+0085 and a lone carriage return; an editor
(and ``git diff``) ends lines at line feeds. Left alone, every line number after such a
character is one too many. Each is an error at the line and column the author sees, and the
excerpt under it is that line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lws.cli.main import main
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.report import github_line


@pytest.mark.parametrize(
    ("character", "name"),
    [
        ("\u2028", "U+2028 LINE SEPARATOR"),
        ("\u2029", "U+2029 PARAGRAPH SEPARATOR"),
        ("\u0085", "U+0085 NEXT LINE"),
        ("\r", "a carriage return without a line feed (an old Mac line ending)"),
    ],
)
def test_a_hidden_line_break_is_located_where_the_editor_shows_it(
    project: Path, character: str, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "strategy" / "vision.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines.insert(3, f"# pasted from a document:{character}the rest of the note")
    lines.insert(6, "# a later line")
    path.write_bytes("\n".join(lines).encode("utf-8"))
    assert main(["check", str(project)]) == 1
    out = capsys.readouterr().out
    assert f"strategy/vision.yaml:4:26: error: {name}: YAML reads it as a line break" in out
    assert "    4 | # pasted from a document:" in out  # the author's line 4, as the editor shows it
    assert "Traceback" not in out


def test_crlf_line_endings_are_not_hidden_breaks(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in (project / "strategy").glob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    main(["check", str(project)])
    assert "line break" not in capsys.readouterr().out


def test_github_annotations_carry_no_control_characters() -> None:
    key = "bad\x1b[31mkey\u2028x\x85y\n::warning::injected"
    d = Diagnostic(
        "strategy/vision.yaml", 88, 1, Severity.ERROR, (key,), f"unknown key '{key}'", "hint\x07"
    )
    line = github_line(d)
    assert line.count("\n") == 0
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in line)
    assert "\u2028" not in line
    assert "\\x1b[31m" in line and "\\u2028" in line and "\\x85" in line
    assert line.startswith("::error file=strategy/vision.yaml,line=88,col=1,")  # one command


def test_check_in_github_format_escapes_a_key_with_control_characters(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "strategy" / "vision.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + '"bad\\e[31mkey\\x85y": 1\n', encoding="utf-8"
    )
    assert main(["check", str(project), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "unknown key 'bad\\x1b[31mkey\\x85y'" in out
    assert "\x1b" not in out and "\x85" not in out
