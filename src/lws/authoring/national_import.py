"""``lws import --national FILE``: the release's figures for the trust into ``national.yaml``.

The authority is the one ``manifest.yaml`` names under ``local_authority`` (by
``new_la_code`` or ``la_name``). The file is read (:mod:`lws.authoring.national_csv`);
years not yet in ``strategy/national.yaml`` are appended (:mod:`lws.authoring.national_yaml`)
and nothing else changes. The new text is loaded back and validated before it replaces the
file atomically; nothing is written if any problem is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lws.authoring.baseline_merge import Outcome, Plan
from lws.authoring.national_csv import Match, Release, read_release
from lws.authoring.national_yaml import SECTION, new_file, revised, year_items
from lws.core.atomic import write_atomically
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.model.load import Document, load_bytes, load_file
from lws.model.project import STRATEGY_DIR, section_file
from lws.model.schema import load_schemas
from lws.model.validate import validate_section

MANIFEST = f"{STRATEGY_DIR}/manifest.yaml"


def section_path(root: Path) -> tuple[Path, str]:
    """``strategy/national.yaml`` (or the ``.yml`` that exists) and its display name."""
    return section_file(root, SECTION)


def import_national(root: Path, file: Path, *, display: str, dry_run: bool = False) -> Outcome:
    """Read ``file`` and append its new years to the project's ``national.yaml``."""
    path, shown = section_path(root)
    try:
        manifest = load_file(root / MANIFEST, root, MANIFEST)
        match = _match(manifest)
        if isinstance(match, Diagnostic):
            return Outcome([match], Plan(path, shown, b"", b""))
        old = path.resolve().read_bytes() if path.exists() else b""
        if old:
            load_file(path, root, shown)  # refuses links out of the project, huge files…
        held = load_bytes(old, shown) if old else None
        schema = load_schemas(root)[SECTION]
    except LwsError as exc:
        return Outcome(sorted(exc.diagnostics), Plan(path, shown, b"", b""))
    release = read_release(file, display, match)
    plan = Plan(path, shown, old, old)
    outcome = Outcome(list(release.found), plan)
    if release.failed:
        return outcome
    problems = _plan(plan, held, release)
    if not problems and plan.changed:
        problems = _check(plan, held, release, schema)
    outcome.diagnostics.extend(problems)
    if outcome.failed or dry_run or not plan.changed:
        return outcome
    if (path.resolve().read_bytes() if path.exists() else b"") != old:
        outcome.diagnostics.append(_problem(shown, f"{shown} changed while importing", _AGAIN))
        return outcome
    write_atomically(path.resolve(), plan.new)
    outcome.written = True
    return outcome


_AGAIN = "run lws import --national again"


def _match(manifest: Document) -> Match | Diagnostic:
    data = manifest.data if isinstance(manifest.data, dict) else {}
    chosen = data.get("local_authority")
    if isinstance(chosen, dict):
        for column in ("new_la_code", "la_name"):
            if isinstance(chosen.get(column), str) and chosen[column].strip():
                return Match(column, chosen[column].strip())
    mark = manifest.position(("local_authority",) if chosen is not None else ())
    trust = data.get("trust") if isinstance(data.get("trust"), dict) else {}
    area = trust.get("area") if isinstance(trust, dict) else None
    example = f"{{la_name: {area}}}" if isinstance(area, str) else "{new_la_code: E06000047}"
    return Diagnostic(
        manifest.file, mark.line, mark.col, Severity.ERROR, ("local_authority",),
        "manifest.yaml does not say which local authority's statistics are the trust's",
        f"add local_authority: {example} to manifest.yaml (new_la_code, the ONS code in "
        "the release, is surer than la_name)",
    )  # fmt: skip


def _plan(plan: Plan, held: Document | None, release: Release) -> list[Diagnostic]:
    """Work out the new text; report a different authority or revised years."""
    if held is None:
        plan.new = new_file(release.authority, release.years).encode()
        plan.added = [str(year) for year in release.years]
        return []
    if not isinstance(held.data, dict):
        return [
            _at(held.file, 1, f"{held.file} holds no figures lws can add to",
                f"move its text elsewhere and delete {held.file}, then import again")
        ]  # fmt: skip
    data: dict[str, Any] = held.data
    found_authority = data.get("authority")
    ours: dict[str, Any] = found_authority if isinstance(found_authority, dict) else {}
    theirs = release.authority
    key = "new_la_code" if ours.get("new_la_code") and theirs.get("new_la_code") else "la_name"
    if ours.get(key) != theirs.get(key):
        mark = held.position(("authority", key))
        return [
            Diagnostic(
                held.file,
                mark.line,
                mark.col,
                Severity.ERROR,
                ("authority", key),
                f"{held.file} holds the figures of {ours.get(key)}, not of "
                f"{theirs.get(key)} (the authority manifest.yaml names)",
                f"check local_authority in manifest.yaml; to start again for "
                f"{theirs.get('la_name')}, delete {held.file} and import",
            )
        ]
    items = data.get("years")
    if not isinstance(items, list):
        mark = held.position(("years",))
        return [_at(held.file, mark.line, "years is not a list", "write years as a list")]
    years = {e.get("year"): (i, e) for i, e in enumerate(items) if isinstance(e, dict)}
    found: list[Diagnostic] = []
    new: dict[int, dict[str, dict[str, Any]]] = {}
    for year, areas in release.years.items():
        if year not in years:
            new[year] = areas
            continue
        index, entry = years[year]
        changes = revised(entry, areas)
        if changes:
            mark = held.position(("years", index))
            found.append(
                Diagnostic(
                    held.file,
                    mark.line,
                    mark.col,
                    Severity.WARNING,
                    ("years", index),
                    f"{year} is kept as it is, though the release now gives other figures: "
                    + "; ".join(changes[:4])
                    + (f" and {len(changes) - 4} more" if len(changes) > 4 else ""),
                    f"the Department revises past years; to take its new figures, delete "
                    f"the {year} entry and import again",
                )
            )
        plan.unchanged.append(str(year))
    if new:
        plan.new = _append(plan.old, held, year_items(new))
        plan.added = [str(year) for year in new]
    return found


def _append(old: bytes, held: Document, items: str) -> bytes:
    """``old`` with ``items`` inserted after the last item of ``years``."""
    lines = old.decode("utf-8").splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    years_line = held.key_position(("years",)).line
    later = [
        mark.line for path, mark in held.keys.items() if len(path) == 1 and mark.line > years_line
    ]
    end = min(later) - 1 if later else len(lines)
    # comments and blank lines just above the next key introduce it: insert before them
    while later and end > years_line and lines[end - 1].strip()[:1] in ("", "#"):
        end -= 1
    return "".join([*lines[:end], items, *lines[end:]]).encode()


def _check(plan: Plan, held: Document | None, release: Release, schema: Any) -> list[Diagnostic]:
    """Load the new text as lws will: same data as before plus the new years, and valid."""
    try:
        doc = load_bytes(plan.new, plan.display)
    except LwsError as exc:
        plan.new = plan.old
        return [_internal(plan.display, exc.diagnostics[0].message if exc.diagnostics else "")]
    data = doc.data if isinstance(doc.data, dict) else {}
    before = held.data.get("years", []) if held is not None else []
    added = [y for y in data.get("years", [])[len(before) :] if isinstance(y, dict)]
    if held is not None and (
        data.get("years", [])[: len(before)] != before
        or {k: v for k, v in data.items() if k != "years"}
        != {k: v for k, v in held.data.items() if k != "years"}
    ):
        plan.new = plan.old
        return [_internal(plan.display, "the update would change other data")]
    if [y.get("year") for y in added] != [int(y) for y in plan.added]:
        plan.new = plan.old
        return [_internal(plan.display, "the new years did not read back")]
    errors = [d for d in validate_section(doc, schema) if d.severity is Severity.ERROR]
    if errors:
        plan.new = plan.old
    return errors


def _problem(file: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, 1, 1, Severity.ERROR, (), message, hint)


def _at(file: str, line: int, message: str, hint: str) -> Diagnostic:
    return Diagnostic(file, line, 1, Severity.ERROR, (), message, hint)


def _internal(file: str, message: str) -> Diagnostic:
    return _problem(
        file,
        f"lws import cannot update {file} safely: {message}; nothing was written",
        "please report this as a bug in lws",
    )
