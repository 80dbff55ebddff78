"""KPI latest values from imported workforce figures (``lws import --update-kpis``).

A KPI matches a figure when the figure's measure is the KPI's title (case and spacing aside)
and their units agree. When one service's figure matches, and it is newer than the KPI's
latest value (or of the same date with another value, a correction), the KPI's ``latest``
becomes that figure's value and date. Figures of several services matching one KPI are
ambiguous: the KPI is left alone, with a warning naming them.

The edit is textual, like the baseline merge: the ``value:`` and ``date:`` lines of the
KPI's ``latest`` are rewritten in place (comments kept), or a ``latest`` block is added at
the end of the KPI; the new text must load to exactly the expected data, else nothing is
written and the KPI is named as one to update by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lws.authoring.baseline_yaml import yaml_scalar
from lws.authoring.workforce_values import unit_key
from lws.core.atomic import write_atomically
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.textdiff import file_diff
from lws.model.load import Document, load_bytes, load_file
from lws.model.project import STRATEGY_DIR

_TOKEN = re.compile(
    r"^(?P<token>'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"|[^\s#][^#]*?)(?P<rest>\s*(?:#.*)?)$"
)


@dataclass(frozen=True)
class Update:
    """A KPI whose latest value moves to an imported figure."""

    kpi: str
    title: str
    old: Any  # the latest value before (None: none)
    value: int | float
    date: dt.date
    figure: str  # the workforce_data id it comes from


@dataclass
class LatestPlan:
    """The new text of ``measures.yaml``, the updates and every warning or refusal."""

    display: str
    old: bytes
    new: bytes
    updates: list[Update] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def diff(self) -> str:
        return file_diff(self.display, self.old, self.new)


def _norm(text: Any) -> str:
    return " ".join(str(text).casefold().split())


def plan_latest(doc: Document, raw: bytes, figures: Sequence[Mapping[str, Any]]) -> LatestPlan:
    """The KPIs of ``doc`` (``measures.yaml``, loaded from ``raw``) that ``figures`` update."""
    plan = LatestPlan(doc.file, raw, raw)
    kpis = doc.data.get("kpis") if isinstance(doc.data, dict) else None
    if not isinstance(kpis, list):
        return plan
    lines = raw.decode("utf-8").splitlines(keepends=True)
    expected = _copy(doc.data)
    edits: list[Edit] = []
    for index, kpi in enumerate(kpis):
        if not isinstance(kpi, dict) or not isinstance(kpi.get("title"), str):
            continue
        found = _match(plan, doc, index, kpi, figures)
        if found is None:
            continue
        latest = kpi.get("latest") if isinstance(kpi.get("latest"), dict) else None
        when = latest.get("date") if latest else None
        if isinstance(when, dt.date) and (
            found["date"] < when
            or (found["date"] == when and latest and latest.get("value") == found["value"])
        ):
            continue  # the KPI already has this figure, or a newer one
        edit = _edit(doc, lines, index, kpi, found)
        if edit is None:
            plan.diagnostics.append(
                _where(
                    doc,
                    ("kpis", index, "latest"),
                    Severity.WARNING,
                    f"{kpi.get('id')}: latest is not written as 'value:' and 'date:' lines; "
                    "not updated",
                    f"set it by hand to {yaml_scalar(found['value'])} on "
                    f"{found['date'].isoformat()} (from {found['id']})",
                )
            )
            continue
        edits += edit
        expected["kpis"][index]["latest"] = {
            **(latest or {}),
            "value": found["value"],
            "date": found["date"],
        }
        plan.updates.append(
            Update(
                str(kpi.get("id")),
                kpi["title"],
                latest.get("value") if latest else None,
                found["value"],
                found["date"],
                str(found["id"]),
            )
        )
    for first, count, new in sorted(edits, reverse=True):
        lines[first : first + count] = new
    plan.new = "".join(lines).encode("utf-8")
    if plan.new != raw:
        try:
            again = load_bytes(plan.new, doc.file).data
        except LwsError:
            again = None
        if again != expected:
            plan.diagnostics.append(
                Diagnostic(
                    doc.file,
                    1,
                    1,
                    Severity.ERROR,
                    (),
                    "the KPIs' latest values could not be updated safely; nothing was written",
                    "update them by hand: " + ", ".join(u.kpi for u in plan.updates),
                )
            )
            plan.new, plan.updates = raw, []
    return plan


def _match(
    plan: LatestPlan,
    doc: Document,
    index: int,
    kpi: Mapping[str, Any],
    figures: Sequence[Mapping[str, Any]],
) -> Mapping[str, Any] | None:
    named = [
        f
        for f in figures
        if _norm(f.get("measure")) == _norm(kpi["title"])
        and isinstance(f.get("value"), (int, float))
        and not isinstance(f.get("value"), bool)
        and isinstance(f.get("date"), dt.date)
    ]
    if not named:
        return None
    same_unit = [
        f for f in named if unit_key(str(f.get("unit", ""))) == unit_key(str(kpi.get("unit", "")))
    ]
    kid = kpi.get("id")
    if not same_unit:
        plan.diagnostics.append(
            _where(
                doc,
                ("kpis", index, "unit"),
                Severity.WARNING,
                f"{kid}: the imported '{named[0].get('measure')}' is in {named[0].get('unit')}, "
                f"the KPI in {kpi.get('unit')}; not updated",
                "give the figure in the KPI's unit, or update the KPI by hand",
            )
        )
        return None
    services = sorted({str(f.get("sector") or "") for f in same_unit})
    if len(services) > 1:
        plan.diagnostics.append(
            _where(
                doc,
                ("kpis", index, "title"),
                Severity.WARNING,
                f"{kid}: {len(services)} services' figures are named '{kpi['title']}' "
                f"({', '.join(s or 'no service' for s in services)}); not updated",
                "name the partnership-wide figure after the KPI and the services' figures "
                "otherwise",
            )
        )
        return None
    return max(same_unit, key=lambda f: f["date"])


Edit = tuple[int, int, list[str]]  # (first line, how many lines it replaces, the new lines)


def _edit(
    doc: Document, lines: list[str], index: int, kpi: Mapping[str, Any], found: Mapping[str, Any]
) -> list[Edit] | None:
    """The line edits that set the KPI's latest value and date (None: not safely possible)."""
    value, date = yaml_scalar(found["value"]), found["date"].isoformat()
    latest = kpi.get("latest")
    if isinstance(latest, dict) and "value" in latest and "date" in latest:
        out: list[Edit] = []
        for key, text in (("value", value), ("date", date)):
            mark = doc.values.get(("kpis", index, "latest", key))
            if mark is None:
                return None
            line = lines[mark.line - 1]
            head, tail = line[: mark.col - 1], line[mark.col - 1 :].rstrip("\r\n")
            match = _TOKEN.match(tail)
            if match is None or not head.rstrip().endswith(f"{key}:"):
                return None  # flow style, a block scalar, another key on the line…
            ending = line[len(line.rstrip("\r\n")) :]
            out.append((mark.line - 1, 1, [f"{head}{text}{match['rest']}{ending}"]))
        return out if out[0][0] != out[1][0] else None
    if "latest" in kpi:
        return None
    start = doc.keys.get(("kpis", index, "id")) or doc.keys.get(("kpis", index, "title"))
    if start is None:
        return None
    indent = " " * (start.col - 1)
    last = _last_line(lines, start.line - 1, len(indent))
    end = "\r\n" if lines[last].endswith("\r\n") else "\n"
    block = [
        f"{indent}latest:{end}",
        f"{indent}  value: {value}{end}",
        f"{indent}  date: {date}{end}",
    ]
    if not lines[last].endswith(("\n", "\r")):
        return [(last, 1, [lines[last] + end, *block])]
    return [(last + 1, 0, block)]


def _last_line(lines: list[str], first: int, indent: int) -> int:
    """The last line of the item that starts at ``first`` (its keys at ``indent``)."""
    last = first
    for number in range(first + 1, len(lines)):
        text = lines[number]
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(text) - len(text.lstrip(" ")) < indent:
            break
        last = number
    return last


def _where(
    doc: Document, path: tuple[Any, ...], severity: Severity, message: str, hint: str
) -> Diagnostic:
    mark = doc.position(path)
    return Diagnostic(doc.file, mark.line, mark.col, severity, path, message, hint)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def update_kpis(
    root: Path, baseline: bytes, imported: Sequence[str], *, dry_run: bool
) -> tuple[LatestPlan | None, bool]:
    """Update ``strategy/measures.yaml`` from the figures ``imported`` (workforce_data ids,
    as they stand in the ``baseline`` text just written or planned): the plan, and whether
    the file was written. None when the strategy has no measures file."""
    path = root / STRATEGY_DIR / "measures.yaml"
    if not path.is_file():
        return None, False
    display = f"{STRATEGY_DIR}/measures.yaml"
    load_file(path, root, display)  # refuses links out of the project, huge files…
    raw = path.resolve().read_bytes()
    doc = load_bytes(raw, display)
    data = load_bytes(baseline, f"{STRATEGY_DIR}/baseline.yaml").data
    rows = data.get("workforce_data") if isinstance(data, dict) else None
    wanted = set(imported)
    figures = [r for r in rows or [] if isinstance(r, dict) and r.get("id") in wanted]
    plan = plan_latest(doc, raw, figures)
    errors = any(d.severity is Severity.ERROR for d in plan.diagnostics)
    if dry_run or errors or plan.new == raw:
        return plan, False
    write_atomically(path.resolve(), plan.new)
    return plan, True
