"""The strategy's history for ``lws build``: "how this strategy has moved", by variant.

The build (``lws.publish``) may not read git; the command line can, through
:mod:`lws.oversight.history` (cached per commit). :func:`versions_key` is cheap (read
from ``.git``: no process, no YAML) so the build's no-op check can include it: a new tag, or
a new commit, rebuilds. :func:`strategy_trend` then reads every chosen version, once per
variant that shows the chart, as that variant's audiences may see it; the series is kept under
``build/.lws/history/`` keyed by everything it is made from, so a build that changes
none of it (an edit to a section's text) does not load the criteria a second time.

``history`` in ``strategy/publication.yaml`` configures it: ``variants`` (default: board
and full; ``[]`` switches the chart off) and ``last`` (the most recent versions shown,
default 12). Fewer than two versions, or a project outside git: no chart and no heading.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lws.oversight.history import Revision
    from lws.publish.charts.trend import Trend, TrendPoint

DEFAULT_VARIANTS = ("board", "full")
DEFAULT_LAST = 12
TREND_VERSION = 2  # how versions are chosen and named; a new one makes the kept series anew
_MANIFEST = "strategy/manifest.yaml"
_ENUM = re.compile(r"[a-z][a-z_]*")  # a schema value (not_yet_started), not the author's words
_SECTION = re.compile(r"^strategy/([a-z_]+)\.ya?ml\b")


def versions_key(root: Path) -> str:
    """A key of HEAD and every tag ("" outside git): what decides which versions are shown.

    Read from ``.git`` (:mod:`lws.core.gitfiles`: no process for an unchanged rebuild);
    where only git can tell, from ``git show-ref``.
    """
    from lws.core import gitfiles

    try:
        repo = gitfiles.find(str(root))
    except gitfiles.NotARepositoryError:
        return ""
    head = None if repo is None else gitfiles.head_commit(repo)
    if repo is not None and head is not None:
        refs = "".join(f"{commit} {name}\n" for name, commit in gitfiles.tags(repo).items())
        listing = f"files\n{head} HEAD\n{refs}".encode()
    else:
        listing = _show_ref(root)
    return hashlib.sha256(listing).hexdigest()[:32] if listing else ""


def _show_ref(root: Path) -> bytes:
    import subprocess

    try:
        done = subprocess.run(
            ["git", "-C", str(root), "show-ref", "--head", "--tags", "--dereference"],
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return b""
    return done.stdout if done.returncode == 0 else b""


def strategy_trend(root: Path, key: str) -> Trend:
    """Each variant's series (only variants that show it; none below two versions)."""
    from lws.publish.charts.trend import Trend

    if not key:
        return Trend(key)
    kept = _kept_path(root, key)
    if kept is not None and (found := _read_kept(kept)) is not None:
        return Trend(key, found)
    trend = _strategy_trend(root, key)
    if kept is not None and trend.series:
        _keep(kept, trend)
    return trend


def _strategy_trend(root: Path, key: str) -> Trend:
    from lws.core.dates import long_date
    from lws.core.errors import LwsError
    from lws.diagnose.diagnostic import load_criteria
    from lws.model.load import load_file
    from lws.model.schema import load_schemas
    from lws.oversight.history import CACHE_DIR, Point, history, revisions
    from lws.publish.audience import load_variants
    from lws.publish.charts.trend import Trend, TrendPoint

    try:
        publication = load_file(root / "strategy" / "publication.yaml", root)
        data: Any = publication.data if isinstance(publication.data, dict) else {}
        wanted = _wanted(data)
        variants = [v for v in load_variants(root, data) if v.name in wanted]
        chosen = named_versions(root, revisions(root)[0])[-_last(data) :]
        if len(chosen) < 2 or not variants:
            return Trend(key)
        criteria = load_criteria(root)
        schemas = load_schemas(root)
    except (LwsError, OSError):  # git's RevisionError too; the build reports the rest
        return Trend(key)
    titles = {name: schemas[name].title for name in schemas}

    def point(found: Point) -> TrendPoint:
        when = long_date(dt.date.fromisoformat(found.revision.date))
        shot = found.snapshot
        if shot is None:
            return TrendPoint(found.revision.label, when, None, gap=_gap(found.gap, titles))
        return TrendPoint(
            found.revision.label, when, shot.overall, len(shot.red_risks), len(shot.overdue)
        )

    series = {}
    for variant in variants:
        found = history(
            root,
            chosen,
            criteria,
            selection="",
            cache=root / CACHE_DIR,
            audiences=variant.audiences,
        )
        series[variant.name] = tuple(point(p) for p in found.points)
    return Trend(key, series)


def named_versions(root: Path, found: Sequence[Revision]) -> list[Revision]:
    """The versions as a reader names them, oldest first, never by commit id.

    A tagged commit is its tags. Untagged commits in a row that declare the same version and
    status in ``strategy/manifest.yaml`` are one version, "2.1, consulted", shown as the
    last of them left it (a day's edits to a draft are not seven versions); a commit whose
    manifest declares neither (or cannot be read) is named by its date.
    """
    from dataclasses import replace

    from lws.authoring.gitrev import files_at
    from lws.core.dates import long_date

    untagged = [rev.commit for rev in found if not rev.tags]
    manifests = dict(zip(untagged, files_at(root, untagged, _MANIFEST), strict=True))
    named: list[Revision] = []
    for rev in found:
        if not rev.tags:
            declared = _declared(manifests.get(rev.commit))
            when = long_date(dt.date.fromisoformat(rev.date))
            rev = replace(rev, label=declared or when)
            if named and not named[-1].tags and named[-1].label == rev.label:
                named[-1] = rev
                continue
        named.append(rev)
    return named


def _declared(raw: bytes | None) -> str:
    """A manifest's version and status as the cover says them ("2.1, consulted"), or ""."""
    from lws.core.errors import LwsError
    from lws.model.load import load_bytes

    if raw is None:
        return ""
    try:
        data = load_bytes(raw, _MANIFEST).data
    except LwsError:
        return ""
    if not isinstance(data, dict):
        return ""
    version, status = data.get("version"), data.get("status")
    if version is not None and not isinstance(version, str):
        return ""  # 2.10 unquoted reads as 2.1: named by its date, not by a changed number
    version = (version or "").strip()
    status = status.strip() if isinstance(status, str) else ""
    status = status.replace("_", " ") if _ENUM.fullmatch(status) else status
    return ", ".join(part for part in (version, status) if part)


def _kept_path(root: Path, key: str) -> Path | None:
    """Where the series made from these inputs is kept (None: an input cannot be read).

    The key covers what the series is made from besides the commits (``key``): lws itself,
    publication.yaml, the variants, the criteria and the schemas (the reasons' section
    names), so a build that changes none of them does not load the criteria again.
    """
    from lws import __version__
    from lws.core.resources import Resources
    from lws.oversight.history import CACHE_DIR
    from lws.oversight.snapshot import SNAPSHOT_VERSION

    found = Resources(root)
    hasher = hashlib.sha256(f"{key}|{__version__}|{SNAPSHOT_VERSION}|{TREND_VERSION}".encode())
    try:
        paths = [root / "strategy" / "publication.yaml", found.find("templates", "variants.yaml")]
        paths += [p for _, p in sorted(found.files("criteria", "*.yaml").items())]
        paths += [p for _, p in sorted(found.files("schema", "*.yaml").items())]
        for path in paths:
            hasher.update(b"\0" + (path.read_bytes() if path is not None else b""))
    except OSError:
        return None
    return root / CACHE_DIR / f"trend-{hasher.hexdigest()[:32]}.json"


def _read_kept(path: Path) -> dict[str, tuple[TrendPoint, ...]] | None:
    import json

    from lws.publish.charts.trend import TrendPoint

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {
            str(name): tuple(TrendPoint(**point) for point in points)
            for name, points in data.items()
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return None  # absent or unreadable: made again


def _keep(path: Path, trend: Trend) -> None:
    import contextlib
    import dataclasses
    import json

    from lws.core.atomic import write_atomically

    data = {name: [dataclasses.asdict(p) for p in points] for name, points in trend.series.items()}
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        write_atomically(path, json.dumps(data, sort_keys=True).encode())


def _wanted(publication: Mapping[str, Any]) -> tuple[str, ...]:
    config = publication.get("history")
    chosen = config.get("variants") if isinstance(config, dict) else None
    if isinstance(chosen, list):
        return tuple(str(name) for name in chosen)
    return DEFAULT_VARIANTS


def _last(publication: Mapping[str, Any]) -> int:
    config = publication.get("history")
    last = config.get("last") if isinstance(config, dict) else None
    if isinstance(last, int) and not isinstance(last, bool) and last >= 2:
        return last
    return DEFAULT_LAST


def _gap(reason: str | None, titles: Mapping[str, str]) -> str:
    """Why a version could not be read, in a reader's words (no file names or positions)."""
    found = _SECTION.match(reason or "")
    if found and found.group(1) in titles:
        return f"not readable: an error in its {titles[found.group(1)].lower()}"
    return "not readable"
