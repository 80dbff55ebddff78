"""``lws import FILE``: workforce figures from a spreadsheet into ``baseline.yaml``;
``lws import --national FILE``: the national statistics into ``national.yaml``.

Reads a CSV or XLSX file (see :mod:`lws.authoring.workforce_import`) and merges its rows
into ``workforce_data`` in ``strategy/baseline.yaml`` (see
:mod:`lws.authoring.baseline_merge`): items with the same id are replaced, new ones added,
all else in the file kept byte for byte.

Diagnostics go to standard error, sorted by file, sheet, row and column; ``--dry-run``
prints the change as a unified diff on standard output. Exit status: 0 imported (or nothing
to change), 1 problems in the data (nothing written), 2 usage error (no such file, not a
.csv or .xlsx, no such sheet, unknown ``--source``, no ``strategy/`` directory).

With ``--national`` the file is the underlying-data CSV of the Department for Education's
"Children's social work workforce" release (its indicators file): the rows of the trust's
local authority (``local_authority`` in ``manifest.yaml``), its region and England, every
year, are added to ``strategy/national.yaml`` (:mod:`lws.authoring.national_import`); years
already there are kept as they are.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lws.cli.console import Console
from lws.cli.options import add_project
from lws.core.diagnostics import Severity
from lws.core.errors import EXIT_OK, EXIT_PROBLEMS, UsageError

if TYPE_CHECKING:  # the import machinery (and openpyxl) loads only when the command runs
    from lws.authoring.baseline_merge import Outcome, Plan


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "import",
        help="import workforce figures from a CSV or XLSX file into baseline.yaml",
        description="Read workforce figures (headcount, vacancies, turnover, sickness, agency "
        "use, qualifications…) from a spreadsheet with a header row (measure, value, unit, "
        "date, source, and optionally id and sector) and merge them into workforce_data in "
        "strategy/baseline.yaml: rows with an id already there replace that item, others are "
        "added, and the rest of the file is kept as it is. Nothing is written if any cell has "
        "a problem; each is reported as file:row:column with the cell, e.g. Sheet1!C7.",
    )
    parser.add_argument("file", nargs="+", metavar="FILE", help="a .csv (UTF-8) or .xlsx file")
    add_project(parser, leading="file")
    parser.add_argument(
        "--sheet",
        default=None,
        metavar="NAME",
        help="import this worksheet only (default: every sheet with a header row)",
    )
    parser.add_argument(
        "--source",
        default=None,
        metavar="EVIDENCE_ID",
        help="the evidence id for rows that give no source",
    )
    parser.add_argument(
        "--national",
        action="store_true",
        help="FILE is the Department for Education's children's social work workforce "
        "indicators CSV: add the trust's authority, its region and England, every year not "
        "yet there, to strategy/national.yaml",
    )
    parser.add_argument(
        "--update-kpis",
        action="store_true",
        help="also set each KPI's latest value from the imported figure named like it "
        "(same title and unit, one service) when that figure is newer",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="show what would change (a diff of baseline.yaml) and write nothing",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from lws.authoring.baseline_merge import import_workforce

    console: Console = args.console
    if len(args.file) != 1:
        raise UsageError(f"name one file to import, not {len(args.file)}: {' '.join(args.file)}")
    file = Path(args.file[0])
    if args.national:
        return _national(args, console, file)
    outcome = import_workforce(
        args.project,
        file,
        display=str(file),
        sheet=args.sheet,
        default_source=args.source,
        dry_run=args.dry_run,
    )
    return _report(args, console, outcome, _summary)


def _national(args: argparse.Namespace, console: Console, file: Path) -> int:
    from lws.authoring.national_import import import_national, section_path

    for option in ("sheet", "source"):
        if getattr(args, option) is not None:
            raise UsageError(f"--{option} does not apply to --national (a release CSV)")
    if args.update_kpis:
        raise UsageError("--update-kpis does not apply to --national (a release CSV)")
    section_path(args.project)  # not a project: the boundary says so
    if not file.is_file() or file.suffix.lower() != ".csv":
        problem = "no such file" if not file.is_file() else "not a .csv file"
        raise UsageError(f"{file}: {problem}; give the release's indicators CSV (unzipped)")
    outcome = import_national(args.project, file, display=str(file), dry_run=args.dry_run)
    return _report(args, console, outcome, _years)


def _years(plan: Plan, *, written: bool, dry_run: bool) -> str:
    added = f"{len(plan.added)} year{'s' * (len(plan.added) != 1)} added"
    if plan.added:
        added += f" ({', '.join(plan.added)})"
    counts = f"{added}, {len(plan.unchanged)} kept"
    if not plan.changed:
        return f"lws import: {counts}; {plan.display} is already up to date"
    if dry_run:
        return f"lws import (dry run): would write {plan.display}: {counts}; nothing written"
    return f"lws import: {'updated' if written else 'would update'} {plan.display}: {counts}"


def _report(
    args: argparse.Namespace, console: Console, outcome: Outcome, summary: Callable[..., str]
) -> int:
    for diagnostic in outcome.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    plan = outcome.plan
    if outcome.failed or plan is None:
        print(_failed(outcome), file=sys.stderr)
        return EXIT_PROBLEMS
    if args.dry_run:
        sys.stdout.write(plan.diff())
    console.info(summary(plan, written=outcome.written, dry_run=args.dry_run))
    if args.update_kpis and not args.national:
        return _update_kpis(args, plan)
    return EXIT_OK


def _update_kpis(args: argparse.Namespace, plan: Plan) -> int:
    """``--update-kpis``: the KPIs' latest values from the figures just imported."""
    from lws.authoring.kpi_latest import update_kpis

    imported = [*plan.added, *plan.replaced, *plan.unchanged]
    kpis, written = update_kpis(args.project, plan.new, imported, dry_run=args.dry_run)
    if kpis is None:
        args.console.info("lws import: no strategy/measures.yaml; no KPI to update")
        return EXIT_OK
    for diagnostic in kpis.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    if any(d.severity is Severity.ERROR for d in kpis.diagnostics):
        return EXIT_PROBLEMS
    if args.dry_run:
        sys.stdout.write(kpis.diff())
    if not kpis.updates:
        args.console.info(f"lws import: no KPI's latest value to update in {kpis.display}")
        return EXIT_OK
    moved = "; ".join(
        f"{u.kpi} {'none' if u.old is None else u.old} → {u.value} ({u.date.isoformat()})"
        for u in kpis.updates
    )
    verb = "updated" if written else "would update"
    args.console.info(f"lws import: {verb} {kpis.display}: latest value of {moved}")
    return EXIT_OK


def _failed(outcome: Outcome) -> str:
    errors = sum(d.severity is Severity.ERROR for d in outcome.diagnostics)
    warnings = len(outcome.diagnostics) - errors
    counts = f"{errors} error{'s' * (errors != 1)}"
    if warnings:
        counts += f", {warnings} warning{'s' * (warnings != 1)}"
    where = outcome.plan.display if outcome.plan else "strategy/baseline.yaml"
    return f"lws import failed: {counts}; {where} was not changed"


def _summary(plan: Plan, *, written: bool, dry_run: bool) -> str:
    counts = (
        f"{len(plan.added)} added, {len(plan.replaced)} replaced, {len(plan.unchanged)} unchanged"
    )
    if not plan.changed:
        return f"lws import: {counts}; {plan.display} is already up to date"
    if dry_run:
        return f"lws import (dry run): would write {plan.display}: {counts}; nothing written"
    verb = "updated" if written else "would update"
    return f"lws import: {verb} {plan.display}: {counts}"
