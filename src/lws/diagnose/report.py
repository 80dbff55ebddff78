"""The diagnostic report in every format: terminal table, Markdown, HTML, JSON, JUnit, SARIF.

All renderers are pure functions of a :class:`~lws.diagnose.diagnostic.Report` (plus the health
findings). The JSON document is versioned and documented in the README; other tools read it.
"""

from __future__ import annotations

import html
import json
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from lws import __version__
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.quantities import format_percent
from lws.core.report import render
from lws.diagnose.areas import area_heading, areas_for_change, step_text
from lws.diagnose.diagnostic import Report, Result, gate_diagnostics
from lws.diagnose.evidence import Status

JSON_VERSION = 1
REPORT_FORMATS = ("text", "markdown", "html", "json", "github", "gitlab", "sarif", "junit")
MARKS = {
    Status.MET: "met",
    Status.PARTLY_MET: "partly met",
    Status.NOT_MET: "not met",
    Status.NOT_APPLICABLE: "n/a",
}
INTRO = (
    "This diagnostic is not a prescriptive picture of best practice: it highlights areas "
    "for change and improvement, from the evidence in the strategy's data."
)
AREAS = "Areas for change"
AREAS_INTRO = "the guide's questions not yet met, and what to add for each"


def render_report(report: Report, health: Sequence[Diagnostic], fmt: str) -> str:
    renderers = {
        "text": as_text,
        "markdown": as_markdown,
        "html": as_html,
        "json": as_json,
        "junit": as_junit,
        "sarif": as_sarif,
        "github": as_github,
        "gitlab": as_gitlab,
    }
    return renderers[fmt](report, health)


def as_diagnostics(report: Report, health: Sequence[Diagnostic]) -> list[Diagnostic]:
    """The report as located problems: the gate's failures are errors, every other question
    not (fully) met a warning at the file and line to change, and the health findings."""
    gate = gate_diagnostics(report)
    failing = {d.message for d in gate}
    out = list(gate)
    for r in report.results:
        if r.status in (Status.MET, Status.NOT_APPLICABLE) or r.criterion.headline:
            continue
        where = r.finding.gaps[0] if r.finding.gaps else None
        file, line, col = (
            (where.file, where.line, where.col) if where else (r.criterion.fix_file, 1, 1)
        )
        message = f"{r.criterion.id} is {MARKS[r.status]}: {r.criterion.question}"
        if any(m.startswith(f"diagnostic gate: {r.criterion.id} ") for m in failing):
            continue
        out.append(
            Diagnostic(
                file, line, col, Severity.WARNING, (), message, r.criterion.fix or r.criterion.help
            )
        )
    return sorted(set(out + list(health)))


def as_github(report: Report, health: Sequence[Diagnostic]) -> str:
    """GitHub Actions annotations on the lines to change."""
    return render(as_diagnostics(report, health), "github")


def as_gitlab(report: Report, health: Sequence[Diagnostic]) -> str:
    """A GitLab Code Quality report of the questions not met."""
    return render(as_diagnostics(report, health), "gitlab")


def _detail(result: Result) -> str:
    """Evidence for a met criterion; otherwise what to add, where, and what helps."""
    if result.status is Status.NOT_APPLICABLE:
        return f"exempted: {result.exemption}" if result.exemption else "not applicable"
    if result.status is Status.MET:
        shown = [str(e) for e in result.finding.evidence[:3]]
        more = len(result.finding.evidence) - len(shown)
        text = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
        return f"evidence: {text}" if text else "evidence: all questions beneath it are met"
    parts = []
    if result.finding.missing:
        parts.append("found: " + "; ".join(result.finding.missing[:2]))
    if result.criterion.fix:
        parts.append(f"to do: {result.criterion.fix}")
    if result.criterion.help:
        parts.append(f"help: {result.criterion.help}")
    return " — ".join(parts)


def _headline(report: Report) -> str:
    verdict = "passes" if report.gate.passed else "does not pass"
    counts = {s: sum(1 for r in report.results if r.status is s) for s in Status}
    summary = ", ".join(f"{n} {MARKS[s]}" for s, n in counts.items() if n)
    return f"Overall {format_percent(report.overall)} ({summary}); the trust's gate {verdict}."


def as_text(report: Report, health: Sequence[Diagnostic]) -> str:
    lines = [f"Local workforce strategy diagnostic, {report.today}", ""]
    lines += [*textwrap.wrap(INTRO, 96), ""]
    for module in report.modules:
        score = "n/a" if module.score is None else format_percent(module.score)
        lines.append(f"Module {module.module}  {score}")
        for result in report.results:
            if result.criterion.modules[0] != module.module:
                continue
            c = result.criterion
            tag = f"{c.id} [{MARKS[result.status]}]"
            exercise = f" (exercise {c.exercise})" if c.exercise else ""
            lines += textwrap.wrap(
                f"{tag} {c.question}{exercise}", 96, initial_indent="  ", subsequent_indent="      "
            )
            lines += textwrap.wrap(
                _detail(result), 96, initial_indent="      ", subsequent_indent="      "
            )
            if result.disagreement:
                lines.append(f"      self-assessment: {result.disagreement}")
        lines.append("")
    lines.append(_headline(report))
    lines += [f"  - {reason}" for reason in report.gate.reasons]
    areas = areas_for_change(report)
    if areas:
        lines += ["", f"{AREAS} ({len(areas)}): {AREAS_INTRO}"]
        for n, area in enumerate(areas, 1):
            lines += textwrap.wrap(
                f"{n}. {area_heading(area)}", 96, initial_indent="  ", subsequent_indent="     "
            )
            for step in area.steps:
                lines += textwrap.wrap(
                    f"- {step_text(step, area)}",
                    96,
                    initial_indent="     ",
                    subsequent_indent="       ",
                )
    if health:
        lines += ["", "Health checks:"] + [d.format() for d in health]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Escape author-influenced text for a Markdown table cell."""
    out = html.escape(text, quote=False)
    for char in "\\`*_[]|#<>":
        out = out.replace(char, "\\" + char)
    return out.replace("\n", " ")


def as_markdown(report: Report, health: Sequence[Diagnostic]) -> str:
    lines = [f"# Local workforce strategy diagnostic ({report.today})", "", INTRO, ""]
    lines += [_md(_headline(report)), ""]
    lines += [f"- {_md(reason)}" for reason in report.gate.reasons]
    lines += ["## Score by module", "", "| Module | Score | Met | Partly | Not met | N/A |"]
    lines.append("|---:|---:|---:|---:|---:|---:|")
    for m in report.modules:
        score = "n/a" if m.score is None else format_percent(m.score)
        c = m.counts
        lines.append(
            f"| {m.module} | {score} | {c[Status.MET]} | {c[Status.PARTLY_MET]} | "
            f"{c[Status.NOT_MET]} | {c[Status.NOT_APPLICABLE]} |"
        )
    areas = areas_for_change(report)
    if areas:
        lines += ["", f"## {AREAS}", "", f"{AREAS_INTRO[0].upper()}{AREAS_INTRO[1:]}:", ""]
        for n, area in enumerate(areas, 1):
            lines.append(f"{n}. **{_md(area_heading(area))}**")
            lines += [f"    - {_md(step_text(step, area))}" for step in area.steps]
    lines += [
        "",
        "## Questions",
        "",
        "| Id | Module | Question | Status | Evidence or what to add |",
    ]
    lines.append("|---|---|---|---|---|")
    for r in report.results:
        modules = ", ".join(str(m) for m in r.criterion.modules)
        detail = _detail(r) + (f" — self-assessment: {r.disagreement}" if r.disagreement else "")
        lines.append(
            f"| {r.criterion.id} | {modules} | {_md(r.criterion.question)} | "
            f"{MARKS[r.status]} | {_md(detail)} |"
        )
    if health:
        lines += ["", "## Health checks", ""]
        lines += [f"- `{d.file}:{d.line}` {_md(d.message)}" for d in health]
    return "\n".join(lines) + "\n"


def as_html(report: Report, health: Sequence[Diagnostic]) -> str:
    e = html.escape
    rows = "".join(
        f"<tr class='{r.status.value}'><td>{e(r.criterion.id)}</td><td>{e(r.criterion.question)}"
        f"</td><td>{e(MARKS[r.status])}</td><td>{e(_detail(r))}"
        + (f"<br><em>Self-assessment: {e(r.disagreement)}</em>" if r.disagreement else "")
        + "</td></tr>"
        for r in report.results
    )
    modules = "".join(
        f"<tr><td>{m.module}</td><td>{'n/a' if m.score is None else format_percent(m.score)}"
        "</td></tr>"
        for m in report.modules
    )
    checks = "".join(f"<li>{e(d.file)}:{d.line} {e(d.message)}</li>" for d in health)
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Diagnostic {report.today}</title><style>"
        "body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem;"
        "color:#1b1b1b}table{border-collapse:collapse;width:100%;margin:1rem 0}"
        "td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}"
        ".met td:nth-child(3){background:#d7f0dc}.partly_met td:nth-child(3){background:#fdebc8}"
        ".not_met td:nth-child(3){background:#f6d2d2}</style></head><body>"
        f"<h1>Local workforce strategy diagnostic</h1><p>{e(INTRO)}</p>"
        f"<p><strong>{e(_headline(report))}</strong></p>"
        + "".join(f"<p>{e(reason)}</p>" for reason in report.gate.reasons)
        + f"<h2>Score by module</h2><table><tr><th>Module</th><th>Score</th></tr>{modules}</table>"
        + _html_areas(report)
        + f"<h2>Questions</h2><table><tr><th>Id</th><th>Question</th><th>Status</th>"
        f"<th>Evidence or what to add</th></tr>{rows}</table>"
        + (f"<h2>Health checks</h2><ul>{checks}</ul>" if checks else "")
        + "</body></html>\n"
    )


def _html_areas(report: Report) -> str:
    e = html.escape
    items = "".join(
        f"<li><strong>{e(area_heading(area))}</strong><ul>"
        + "".join(f"<li>{e(step_text(step, area))}</li>" for step in area.steps)
        + "</ul></li>"
        for area in areas_for_change(report)
    )
    return f"<h2>{AREAS}</h2><p>{e(AREAS_INTRO.capitalize())}:</p><ol>{items}</ol>" if items else ""


def to_data(report: Report, health: Sequence[Diagnostic]) -> dict[str, Any]:
    """The stable JSON document (version 1)."""
    return {
        "version": JSON_VERSION,
        "today": report.today.isoformat(),
        "overall": {"score": round(report.overall, 4), "percent": round(report.overall * 100)},
        "gate": {
            "passed": report.gate.passed,
            "reasons": list(report.gate.reasons),
            "minimum_score": report.gate.minimum_score,
            "must_meet": list(report.gate.must_meet),
        },
        "modules": [
            {
                "module": m.module,
                "score": None if m.score is None else round(m.score, 4),
                "weight": m.weight,
                "counts": {s.value: n for s, n in m.counts.items()},
            }
            for m in report.modules
        ],
        "criteria": [
            {
                "id": r.criterion.id,
                "question": r.criterion.question,
                "modules": list(r.criterion.modules),
                "exercise": r.criterion.exercise,
                "headline": r.criterion.headline,
                "status": r.status.value,
                "evidence": [str(e) for e in r.finding.evidence],
                "missing": list(r.finding.missing),
                "fix": r.criterion.fix,
                "help": r.criterion.help,
                "self_assessment": (
                    {"answer": r.answer.answer, "comment": r.answer.comment} if r.answer else None
                ),
                "disagreement": r.disagreement,
                "exemption": r.exemption,
            }
            for r in report.results
        ],
        "health": [
            {
                "file": d.file,
                "line": d.line,
                "col": d.col,
                "path": d.dotted_path,
                "message": d.message,
                "hint": d.hint,
            }
            for d in health
        ],
    }


def as_json(report: Report, health: Sequence[Diagnostic]) -> str:
    return json.dumps(to_data(report, health), indent=2, ensure_ascii=False) + "\n"


def as_junit(report: Report, health: Sequence[Diagnostic]) -> str:
    """One test case per criterion: met passes, n/a is skipped, the rest fail."""
    counts = {s: sum(1 for r in report.results if r.status is s) for s in Status}
    suites = ET.Element("testsuites", name="lws diagnostic")
    suite = ET.SubElement(
        suites,
        "testsuite",
        name="lws diagnostic",
        tests=str(len(report.results)),
        failures=str(counts[Status.NOT_MET] + counts[Status.PARTLY_MET]),
        errors="0",
        skipped=str(counts[Status.NOT_APPLICABLE]),
        timestamp=f"{report.today.isoformat()}T00:00:00",
    )
    for r in report.results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"lws.diagnostic.module{r.criterion.modules[0]}",
            name=f"{r.criterion.id} {r.criterion.question}",
            time="0",
        )
        if r.status is Status.NOT_APPLICABLE:
            ET.SubElement(case, "skipped", message=r.exemption or "not applicable")
        elif r.status is not Status.MET:
            failure = ET.SubElement(case, "failure", message=MARKS[r.status], type=r.status.value)
            failure.text = _detail(r)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def as_sarif(report: Report, health: Sequence[Diagnostic]) -> str:
    """SARIF 2.1.0: each unmet criterion located at the file and line to change."""
    rules = [
        {
            "id": r.criterion.id,
            "name": f"Module{r.criterion.modules[0]}Question{r.criterion.id}",
            "shortDescription": {"text": r.criterion.question},
            "help": {"text": r.criterion.help or r.criterion.question},
        }
        for r in report.results
    ]
    results = []
    for index, r in enumerate(report.results):
        if r.status in (Status.MET, Status.NOT_APPLICABLE):
            continue
        where = r.finding.gaps[0] if r.finding.gaps else None
        uri, line, col = (
            (where.file, where.line, where.col) if where else (r.criterion.fix_file, 1, 1)
        )
        results.append(
            {
                "ruleId": r.criterion.id,
                "ruleIndex": index,
                "level": "warning" if r.status is Status.NOT_MET else "note",
                "message": {"text": f"{r.criterion.question} ({MARKS[r.status]}): {_detail(r)}"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": {"startLine": line, "startColumn": col},
                        }
                    }
                ],
            }
        )
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "lws diagnostic",
                        "version": __version__,
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2, ensure_ascii=False) + "\n"
