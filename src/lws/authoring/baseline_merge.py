"""Writing imported workforce figures into ``strategy/baseline.yaml``, keeping the rest.

lws's loader is read-only and no YAML library round-trips comments safely, so the update is
textual and as small as it can be:

* an imported item whose id is already in ``workforce_data`` replaces that item's lines, in
  place (unless the data is the same, when the lines are left alone);
* new items are added after the last item of the list;
* every other byte of the file (comments, blank lines, quoting, the other sections, line
  endings, a byte-order mark) is kept as it was.

Items are found from the positions the loader records: the ``workforce_data`` key, the
``-`` of each item and the next top-level key. Comment lines after an item at the list's
own indentation (or less) are left where they are, for they introduce what follows. A list
written in flow style (``[...]``) or an empty key is written out anew as a block list.

Each value is written on one line: dates as plain ISO dates, numbers as YAML 1.1 reads them
back, text plain only when it is provably read back as the same text, otherwise double
quoted with every character outside printable Unicode escaped. Before anything is written,
the new text is loaded with :func:`lws.model.load.load_bytes`, must hold exactly the expected data
(the old data with ``workforce_data`` merged), and must pass the section's schema; the file
is then replaced atomically, and only if no error was found anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lws.authoring.baseline_editor import KEY, SECTION, BaselineEditor, Edit, RefusedError
from lws.authoring.baseline_yaml import yaml_float, yaml_scalar, yaml_text
from lws.authoring.workforce_import import (
    ImportUsageError,
    Row,
    evidence_hint,
    order_key,
    read_table,
)
from lws.core.atomic import write_atomically
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.textdiff import file_diff
from lws.model.load import Document, load_bytes, load_file
from lws.model.project import section_file
from lws.model.schema import SectionSchema, load_schemas
from lws.model.validate import validate_section

__all__ = [
    "KEY",
    "SECTION",
    "Outcome",
    "Plan",
    "baseline_path",
    "evidence_ids",
    "import_workforce",
    "plan_merge",
    "yaml_float",
    "yaml_scalar",
    "yaml_text",
]


@dataclass
class Plan:
    """The new text of ``baseline.yaml`` and what changed, with every problem found."""

    path: Path
    display: str
    old: bytes
    new: bytes
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    found: list[tuple[int, Diagnostic]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new != self.old

    def diff(self) -> str:
        """A unified diff from the file on disk to the new text ('' if none)."""
        return file_diff(self.display, self.old, self.new)


@dataclass
class Outcome:
    """What ``lws import`` did: the sorted diagnostics, the plan, and whether it wrote."""

    diagnostics: list[Diagnostic]
    plan: Plan | None = None
    written: bool = False

    @property
    def failed(self) -> bool:
        return any(d.severity is Severity.ERROR for d in self.diagnostics)


def baseline_path(root: Path) -> tuple[Path, str]:
    """``strategy/baseline.yaml`` (or ``.yml``) of the project, and its display name."""
    return section_file(root, SECTION)


def import_workforce(
    root: Path,
    file: Path,
    *,
    display: str | None = None,
    sheet: str | None = None,
    default_source: str | None = None,
    dry_run: bool = False,
) -> Outcome:
    """Read ``file`` and merge its rows into the project's ``workforce_data``.

    Raises ImportUsageError (or NotAProjectError) for usage problems; data problems are
    returned as diagnostics, and then nothing is written.
    """
    path, shown = baseline_path(root)
    if not path.exists():
        return Outcome([_problem(shown, f"{shown} does not exist", _NO_BASELINE_HINT)])
    try:
        load_file(path, root, shown)  # refuses links out of the project, huge files…
        raw = path.resolve().read_bytes()
        doc = load_bytes(raw, shown)
        schema = load_schemas(root)[SECTION]
    except LwsError as exc:
        return Outcome(sorted(exc.diagnostics))
    evidence = evidence_ids(doc)
    if default_source is not None and default_source not in evidence:
        raise ImportUsageError(
            f"--source {default_source!r} is not an evidence id in {shown}; "
            + evidence_hint(default_source, evidence)
        )
    table = read_table(
        file,
        display or file.as_posix(),
        evidence_ids=evidence,
        sheet=sheet,
        default_source=default_source,
    )
    plan = plan_merge(doc, raw, path, table.file, table.rows, schema)
    found = sorted([*table.found, *plan.found], key=lambda pair: order_key(*pair))
    outcome = Outcome([d for _, d in found], plan)
    if outcome.failed or dry_run or not plan.changed:
        return outcome
    if path.resolve().read_bytes() != raw:
        outcome.diagnostics.append(
            _problem(shown, f"{shown} changed while importing", "run lws import again")
        )
        return outcome
    write_atomically(path.resolve(), plan.new)
    outcome.written = True
    return outcome


_NO_BASELINE_HINT = "create it with the evidence the figures come from (see lws init)"


def evidence_ids(doc: Document) -> list[str]:
    """The ids defined under ``evidence`` in a loaded baseline."""
    data = doc.data if isinstance(doc.data, dict) else {}
    items = data.get("evidence")
    if not isinstance(items, list):
        return []
    return [str(e["id"]) for e in items if isinstance(e, dict) and isinstance(e.get("id"), str)]


def plan_merge(
    doc: Document,
    raw: bytes,
    path: Path,
    table_file: str,
    rows: Sequence[Row],
    schema: SectionSchema,
) -> Plan:
    """Work out the new text of the baseline with ``rows`` merged in; check it, write nothing."""
    plan = Plan(path, doc.file, raw, raw)
    if not rows:
        return plan
    try:
        edit = BaselineEditor(doc, raw).merge(rows, plan)
    except RefusedError as exc:
        plan.found.append((0, _problem(doc.file, exc.message, exc.hint)))
        plan.new = raw
        return plan
    plan.new = edit.new
    _check(plan, edit, table_file, schema)
    return plan


def _check(plan: Plan, edit: Edit, table_file: str, schema: SectionSchema) -> None:
    """Load the new text as lws will, compare its data, validate it; report every problem."""
    try:
        new_doc = load_bytes(plan.new, plan.display)
    except LwsError as exc:
        first = exc.diagnostics[0].message if exc.diagnostics else "invalid YAML"
        plan.found.append(
            (0, _internal(plan.display, f"the updated file would not load ({first})"))
        )
        plan.new = plan.old
        return
    if new_doc.data != edit.expected:
        plan.found.append((0, _internal(plan.display, "the update would change other data")))
        plan.new = plan.old
        return
    for d in validate_section(new_doc, schema):
        if d.severity is Severity.ERROR:
            plan.found.append(_locate(d, edit, table_file))


def _locate(d: Diagnostic, edit: Edit, table_file: str) -> tuple[int, Diagnostic]:
    """A problem in the new text, placed at the spreadsheet cell or the old file's line."""
    path = d.path
    at = path[1] if len(path) >= 2 and path[0] == KEY else None
    row = edit.rows_at.get(at) if isinstance(at, int) else None
    if row is not None:
        name = path[2] if len(path) > 2 and isinstance(path[2], str) else None
        cell = row.cell(name)
        message = f"{cell.ref}: {name}: {d.message}" if name else f"{cell.ref}: {d.message}"
        located = Diagnostic(table_file, cell.row, cell.col, d.severity, (), message, d.hint)
        return row.rank, located
    line = edit.origin[d.line - 1] if 0 < d.line <= len(edit.origin) else None
    return 0, Diagnostic(d.file, line or d.line, d.col, d.severity, d.path, d.message, d.hint)


def _problem(file: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, 1, 1, Severity.ERROR, (), message, hint)


def _internal(file: str, message: str) -> Diagnostic:
    return _problem(
        file,
        f"lws import cannot update {KEY} safely: {message}; nothing was written",
        "please report this as a bug in lws; meanwhile add the figures by hand",
    )
