"""How a strategy has moved: a :class:`~lws.oversight.snapshot.Snapshot` at each version.

Versions are read straight from git, never checked out, through
:func:`lws.authoring.gitrev.documents_at` (the one loader), and scored with the diagnostic
against the working tree's criteria, so every version is held to the same yardstick. By
default each version is judged as at its commit date (its due dates, stale KPIs and review
date as they stood then); ``today`` judges them all at one date instead.

A version that cannot be loaded (a YAML error, a file too large, no ``strategy/``) is a
gap in the series with its reason, never an exception. Results are cached per commit
under ``build/.lws/history/``, keyed by the commit, the lws version, the criteria and the
date judged, so a long history is scored once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lws import __version__
from lws.authoring.gitrev import RevisionError, documents_at, git_text
from lws.core.atomic import write_atomically
from lws.core.diagnostics import Severity
from lws.core.errors import LwsError
from lws.diagnose.diagnostic import Criterion, diagnose
from lws.model.project import STRATEGY_DIR
from lws.model.schema import load_schemas
from lws.oversight.snapshot import (
    SNAPSHOT_VERSION,
    Snapshot,
    from_json,
    seen_by,
    snapshot,
    to_json,
)

CACHE_DIR = Path("build") / ".lws" / "history"
_SEP = "\x1f"  # between the fields of one line of git's output


@dataclass(frozen=True)
class Revision:
    """One version of the strategy in git."""

    commit: str  # the full commit id
    label: str  # its tags, else its short id
    date: str  # the commit date, ISO (YYYY-MM-DD)
    subject: str  # the first line of the commit message
    tags: tuple[str, ...] = ()  # the tags naming it, if any


@dataclass(frozen=True)
class Point:
    """A version and its figures, or why it has none (``gap``)."""

    revision: Revision
    snapshot: Snapshot | None
    gap: str | None = None


@dataclass(frozen=True)
class History:
    """The series ``lws history`` reports."""

    selection: str  # which versions, in words
    judged: str  # against which date, in words
    points: tuple[Point, ...]

    @property
    def kpis(self) -> tuple[tuple[str, str], ...]:
        """(id, title) of every KPI in any version, in order of first appearance."""
        seen: dict[str, str] = {}
        for point in self.points:
            for kpi in point.snapshot.kpis if point.snapshot else ():
                seen.setdefault(kpi.id, kpi.title)
        return tuple(seen.items())

    @property
    def modules(self) -> tuple[int, ...]:
        found = {m for p in self.points if p.snapshot for m, _ in p.snapshot.modules}
        return tuple(sorted(found))


# -- choosing the versions --------------------------------------------------------------------


def revisions(
    root: Path, rev_range: str | None = None, *, every_commit: bool = False
) -> tuple[list[Revision], str]:
    """The versions to report, oldest first, and how they were chosen (in words).

    ``rev_range`` (``v1..v3``, ``main~10..``, or one revision for all its ancestors) selects
    the commits in it that touch ``strategy/``; otherwise every tag, or with ``every_commit``
    (or when there is no tag) every commit on HEAD that touches ``strategy/``.
    """
    tags = _tags(root)  # also checks that root is in a git repository
    try:
        git_text(root, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except RevisionError:
        raise RevisionError(f"the git repository at {root} has no commits yet") from None
    if rev_range is not None:
        if not rev_range.strip() or rev_range.startswith("-"):
            raise RevisionError(f"{rev_range!r} is not a revision range")
        try:
            found = _commits(root, [rev_range], tags)
        except RevisionError as exc:
            raise RevisionError(
                f"unknown revision range {rev_range!r} in {root}; give tags or commits, "
                f"e.g. v1.0..v2.0 (git tag, git log --oneline): {exc}"
            ) from None
        return found, f"commits in {rev_range} that change {STRATEGY_DIR}/"
    if tags and not every_commit:
        return _tagged(root, tags), "tagged versions"
    found = _commits(root, ["HEAD"], tags)
    why = "" if every_commit else " (there are no tags)"
    return found, f"commits that change {STRATEGY_DIR}/{why}"


def _tags(root: Path) -> dict[str, list[str]]:
    """Tag names by the commit they point at (annotated tags peeled)."""
    fields = _SEP.join(("%(refname:short)", "%(objecttype)", "%(objectname)", "%(*objectname)"))
    listing = git_text(root, "for-each-ref", f"--format={fields}", "--sort=refname", "refs/tags")
    tags: dict[str, list[str]] = {}
    for line in listing.splitlines():
        name, kind, target, peeled = line.split(_SEP)
        commit = peeled or (target if kind == "commit" else "")
        if commit:
            tags.setdefault(commit, []).append(name)
    return tags


def _log_format() -> str:
    return "--format=" + _SEP.join(("%H", "%cs", "%ct", "%s"))


def _parse_log(text: str, tags: dict[str, list[str]]) -> list[tuple[int, Revision]]:
    found = []
    for line in text.splitlines():
        if not line:
            continue
        commit, date, stamp, subject = line.split(_SEP, 3)
        named = tuple(tags.get(commit, ()))
        label = ", ".join(named) or commit[:12]
        found.append((int(stamp), Revision(commit, label, date, subject, named)))
    return found


def _tagged(root: Path, tags: dict[str, list[str]]) -> list[Revision]:
    text = git_text(root, "log", "--no-walk=unsorted", _log_format(), *tags)
    return [rev for _, rev in sorted(_parse_log(text, tags), key=lambda found: found[0])]


def _commits(root: Path, spec: Sequence[str], tags: dict[str, list[str]]) -> list[Revision]:
    text = git_text(root, "log", "--reverse", _log_format(), *spec, "--", f"{STRATEGY_DIR}/")
    return [rev for _, rev in _parse_log(text, tags)]


# -- scoring each version ---------------------------------------------------------------------


def history(
    root: Path,
    chosen: Sequence[Revision],
    criteria: Sequence[Criterion],
    *,
    selection: str,
    today: dt.date | None = None,
    cache: Path | None = None,
    audiences: frozenset[str] | None = None,
) -> History:
    """Score each chosen version (as at its commit date, or at ``today``), oldest first.

    ``cache`` is the directory of cached results (None: no cache). ``audiences`` counts only
    what those audiences may see (the build's rule, :mod:`lws.publish.restrict`): the red
    risks, overdue actions, KPIs and RAG counts of a variant made for them; the diagnostic
    score is the whole strategy's, as in the build. None: everything.
    """
    yardstick = hashlib.sha256(repr(list(criteria)).encode()).hexdigest()[:16]
    if audiences is not None:
        yardstick += "|" + ",".join(sorted(audiences))
    points = []
    for revision in chosen:
        judged = today or dt.date.fromisoformat(revision.date)
        key = _key(revision.commit, judged, yardstick)
        point = _cached(cache, key, revision)
        if point is None:
            point = _score(root, revision, criteria, judged, audiences)
            if cache is not None and _cacheable(point):
                _store(cache, key, point)
        points.append(point)
    judged_words = f"as at {today.isoformat()}" if today else "each as at its commit date"
    return History(selection, judged_words, tuple(points))


def _score(
    root: Path,
    revision: Revision,
    criteria: Sequence[Criterion],
    judged: dt.date,
    audiences: frozenset[str] | None = None,
) -> Point:
    try:
        documents = documents_at(root, revision.commit)
    except RevisionError as exc:  # before LwsError, of which it is a kind
        return Point(revision, None, str(exc))
    except LwsError as exc:
        return Point(revision, None, _reason(exc, revision.commit))
    report = diagnose(documents, criteria, judged)
    seen = documents if audiences is None else seen_by(documents, load_schemas(root), audiences)
    return Point(revision, snapshot(seen, report))


def _reason(exc: LwsError, commit: str) -> str:
    errors = [d for d in exc.diagnostics if d.severity is Severity.ERROR] or exc.diagnostics
    if not errors:
        return "could not be loaded"
    first = errors[0]
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    message = first.message.removesuffix(f" (at revision {commit})")
    return f"{first.file}:{first.line}:{first.col}: {message}{more}"


def _cacheable(point: Point) -> bool:
    """A load error belongs to the commit; a failing git command (a timeout) may not."""
    return point.snapshot is not None or (point.gap or "").startswith(f"{STRATEGY_DIR}/")


def _key(commit: str, judged: dt.date, yardstick: str) -> str:
    text = f"{commit}|{__version__}|{SNAPSHOT_VERSION}|{judged.isoformat()}|{yardstick}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def _cached(cache: Path | None, key: str, revision: Revision) -> Point | None:
    if cache is None:
        return None
    try:
        data: Any = json.loads((cache / f"{key}.json").read_text(encoding="utf-8"))
        if data.get("gap") is not None:
            return Point(revision, None, str(data["gap"]))
        return Point(revision, from_json(data["snapshot"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # absent, unreadable or from another version: score it again


def _store(cache: Path, key: str, point: Point) -> None:
    data = {"gap": point.gap, "snapshot": to_json(point.snapshot) if point.snapshot else None}
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        write_atomically(cache / f"{key}.json", json.dumps(data, sort_keys=True).encode())
