"""Diagnostics as text for people, JSON for tools, CI annotations, SARIF and JUnit.

Every renderer is a pure function of the diagnostics; the text renderer also takes the
source lines (read by the caller) to show each problem's line with a caret under its column.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from lws import __version__
from lws.core.diagnostics import Diagnostic, Severity, printable

FORMATS = ("text", "json", "github", "gitlab", "sarif", "junit")
JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

SourceLine = Callable[[str, int], str | None]
Paint = Callable[[str, str], str]


def _no_source(file: str, line: int) -> str | None:
    return None


def _plain(text: str, style: str) -> str:
    return text


def render(
    diagnostics: Sequence[Diagnostic],
    fmt: str,
    *,
    source: SourceLine = _no_source,
    paint: Paint = _plain,
    files: Iterable[str] = (),
    tool: str = "lws check",
) -> str:
    """All diagnostics in one of :data:`FORMATS`, ending with a newline when non-empty.

    ``source(file, line)`` gives a line of a file for the text format's excerpt; ``files``
    are the files that were checked (JUnit reports the clean ones as passing tests).
    """
    if fmt == "json":
        return as_json(diagnostics)
    if fmt == "github":
        return "".join(github_line(d) + "\n" for d in diagnostics)
    if fmt == "gitlab":
        return as_gitlab(diagnostics)
    if fmt == "sarif":
        return as_sarif(diagnostics, tool)
    if fmt == "junit":
        return as_junit(diagnostics, files, tool)
    return "".join(text_block(d, source(d.file, d.line), paint) + "\n" for d in diagnostics)


def text_block(d: Diagnostic, line: str | None = None, paint: Paint = _plain) -> str:
    """One problem for people: the located message, its source line with a caret, the hint.

    ::

        strategy/manifest.yaml:5:9: error: status: 'done' is not one of: draft, consulted
            5 | status: done
              |         ^
          hint: use one of: draft, consulted, approved
    """
    where = paint(f"{d.file}:{d.line}:{d.col}:", "bold")
    severity = paint(str(d.severity), str(d.severity))
    message = printable(f"{d.dotted_path}: {d.message}" if d.path else d.message)
    out = [f"{where} {severity}: {message}"]
    if line is not None:
        text = printable(line.rstrip("\r\n").expandtabs(1))
        if text.strip():
            gutter = str(d.line).rjust(5)
            pad = printable(line[: max(d.col - 1, 0)].expandtabs(1))
            text, pad = _around(text, pad)
            caret_pad = "".join(c if c.isspace() else " " for c in pad)
            out.append(f"{paint(gutter + ' |', 'dim')} {text}")
            out.append(f"{paint(' ' * 5 + ' |', 'dim')} {caret_pad}{paint('^', 'caret')}")
    if d.hint:
        out.append(f"  {paint('hint', 'note')}: {printable(d.hint)}")
    return "\n".join(out)


#: The widest source line an excerpt shows; a longer one (pasted data, a run of digits) is
#: cut to this many characters around the column, marked with … where it is cut.
EXCERPT = 100


def _around(text: str, pad: str) -> tuple[str, str]:
    """``text`` cut to :data:`EXCERPT` characters from a little before the column (``pad``
    is the text before it), and ``pad`` cut to match, so that the caret stays under it."""
    if len(text) <= EXCERPT:
        return text, pad
    start = max(0, min(len(pad) - EXCERPT // 4, len(text) - EXCERPT))
    head = "…" if start else ""
    tail = "…" if start + EXCERPT < len(text) else ""
    return head + text[start : start + EXCERPT] + tail, head + pad[start:]


def summary(diagnostics: Sequence[Diagnostic]) -> str:
    """A one-line count, e.g. ``2 errors, 1 warning in 3 files``."""
    counts = Counter(d.severity for d in diagnostics)
    if not diagnostics:
        return "no problems found"
    files = len({d.file for d in diagnostics})
    parts = [
        _plural(counts[Severity.ERROR], "error"),
        _plural(counts[Severity.WARNING], "warning"),
    ]
    return f"{', '.join(parts)} in {_plural(files, 'file')}"


def as_json(diagnostics: Sequence[Diagnostic]) -> str:
    """A stable document: ``{"version": 1, "diagnostics": [...], "summary": {...}}``."""
    counts = Counter(d.severity.value for d in diagnostics)
    payload = {
        "version": JSON_VERSION,
        "diagnostics": [
            {
                "file": d.file,
                "line": d.line,
                "col": d.col,
                "severity": d.severity.value,
                "path": d.dotted_path,
                "message": d.message,
                "hint": d.hint,
            }
            for d in diagnostics
        ],
        "summary": {"errors": counts["error"], "warnings": counts["warning"]},
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def as_gitlab(diagnostics: Sequence[Diagnostic]) -> str:
    """A GitLab Code Quality report (CodeClimate JSON): merge requests annotate the lines."""
    issues = [
        {
            "type": "issue",
            "check_name": "lws check",
            "description": (f"{d.dotted_path}: {d.message}" if d.path else d.message)
            + (f" (hint: {d.hint})" if d.hint else ""),
            "categories": ["Bug Risk"],
            "severity": "major" if d.severity is Severity.ERROR else "minor",
            "fingerprint": hashlib.sha256(
                f"{d.file}\0{d.dotted_path}\0{d.message}".encode()
            ).hexdigest(),
            "location": {"path": d.file, "lines": {"begin": d.line}},
        }
        for d in diagnostics
    ]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def github_line(d: Diagnostic) -> str:
    """A GitHub Actions workflow command that annotates the line in the pull request."""
    command = "error" if d.severity is Severity.ERROR else "warning"
    # Control characters (from a key name, say) are shown as escapes: in the CI log they
    # could colour or rewrite lines, or start a workflow command of their own.
    text = printable(f"{d.dotted_path}: {d.message}" if d.path else d.message)
    if d.hint:
        text += f"\nhint: {printable(d.hint)}"
    file = printable(d.file)
    props = f"file={_prop(file)},line={d.line},col={d.col},title={_prop('lws ' + command)}"
    return f"::{command} {props}::{_data(text)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def as_sarif(diagnostics: Sequence[Diagnostic], tool: str = "lws check") -> str:
    """SARIF 2.1.0 (GitHub code scanning and other viewers): one result per diagnostic."""
    results = [
        {
            "ruleId": "error" if d.severity is Severity.ERROR else "warning",
            "level": "error" if d.severity is Severity.ERROR else "warning",
            "message": {
                "text": (f"{d.dotted_path}: {d.message}" if d.path else d.message)
                + (f" (hint: {d.hint})" if d.hint else "")
            },
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.file},
                        "region": {"startLine": max(d.line, 1), "startColumn": max(d.col, 1)},
                    }
                }
            ],
        }
        for d in diagnostics
    ]
    rules = [
        {"id": "error", "shortDescription": {"text": "a problem that fails lws check"}},
        {"id": "warning", "shortDescription": {"text": "a problem that fails only --strict"}},
    ]
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": tool, "version": __version__, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"


def as_junit(
    diagnostics: Sequence[Diagnostic], files: Iterable[str] = (), tool: str = "lws check"
) -> str:
    """JUnit XML: one test case per file; its errors fail it, its warnings are its output."""
    by_file: dict[str, list[Diagnostic]] = {name: [] for name in sorted(set(files))}
    for d in diagnostics:
        by_file.setdefault(d.file, []).append(d)
    failed = sum(any(d.severity is Severity.ERROR for d in found) for found in by_file.values())
    import xml.etree.ElementTree as ET  # only for JUnit output: the rest of check stays light

    suites = ET.Element("testsuites", name=tool)
    suite = ET.SubElement(
        suites, "testsuite", name=tool, tests=str(len(by_file)), failures=str(failed), errors="0"
    )
    for name, found in sorted(by_file.items()):
        case = ET.SubElement(suite, "testcase", classname=tool.replace(" ", "."), name=name)
        errors = [d for d in found if d.severity is Severity.ERROR]
        if errors:
            failure = ET.SubElement(
                case, "failure", message=_plural(len(errors), "error"), type="error"
            )
            failure.text = "\n".join(d.format() for d in errors)
        warnings = [d for d in found if d.severity is Severity.WARNING]
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(d.format() for d in warnings)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"
