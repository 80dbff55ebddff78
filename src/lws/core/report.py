"""Diagnostics as text for people, JSON for tools, and GitHub Actions annotations."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence

from lws.core.diagnostics import Diagnostic, Severity

FORMATS = ("text", "json", "github", "gitlab")
JSON_VERSION = 1


def render(diagnostics: Sequence[Diagnostic], fmt: str) -> str:
    """All diagnostics in one of :data:`FORMATS`, ending with a newline when non-empty."""
    if fmt == "json":
        return as_json(diagnostics)
    if fmt == "github":
        return "".join(github_line(d) + "\n" for d in diagnostics)
    if fmt == "gitlab":
        return as_gitlab(diagnostics)
    return "".join(d.format() + "\n" for d in diagnostics)


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
    text = f"{d.dotted_path}: {d.message}" if d.path else d.message
    if d.hint:
        text += f"\nhint: {d.hint}"
    props = f"file={_prop(d.file)},line={d.line},col={d.col},title={_prop('lws ' + command)}"
    return f"::{command} {props}::{_data(text)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
