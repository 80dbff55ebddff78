"""Many trusts at once: ``portfolio.yaml``, and each trust's repository checked and scored.

``portfolio.yaml`` names a region and its trusts' repositories: local paths, or git URLs
already cloned into the ``clones`` directory (lws never fetches anything). It is validated
like a section file, every problem located (``portfolio.yaml:7:5: error: …``).

Each trust is surveyed in a worker process (:func:`survey_all`): its strategy loaded from the
working tree, checked (schemas and references), and diagnosed against its own criteria on
:func:`~lws.oversight.snapshot.public_view` of it, so nothing restricted to an audience
reaches the region's report. A trust whose repository cannot be read is a :class:`TrustRow`
saying why, never a failed run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError, UsageError
from lws.model.load import Document, load_file
from lws.model.schema import SectionSchema, StrategyValidator
from lws.model.validate import validate_section
from lws.oversight.snapshot import Snapshot

PORTFOLIO_FILE = "portfolio.yaml"
DEFAULT_CLONES = "trusts"
MAX_TRUSTS = 1000
_URL = r"^(https?|ssh|git|file)://\S+$|^[\w.-]+@[\w.-]+:\S+$"

_TRUST = {
    "name": {
        "type": "string",
        "empty": False,
        "meta": {"description": "How the trust is named if its manifest cannot be read."},
    },
    "path": {
        "type": "string",
        "empty": False,
        "meta": {
            "description": "The trust's repository: a directory, relative to portfolio.yaml.",
            "example": "../northbridge-strategy",
        },
    },
    "git": {
        "type": "string",
        "empty": False,
        "meta": {
            "description": "The repository's git URL; its clone is looked for in clones/.",
            "example": "https://git.example.org/eastmoor/workforce-strategy.git",
        },
    },
}
FIELDS: dict[str, Any] = {
    "region": {
        "type": "string",
        "required": True,
        "empty": False,
        "meta": {"description": "The region the portfolio covers.", "example": "North West"},
    },
    "clones": {
        "type": "string",
        "empty": False,
        "meta": {
            "description": "Where repositories named by git URL are cloned (default: trusts).",
            "example": "trusts",
        },
    },
    "trusts": {
        "type": "list",
        "required": True,
        "minlength": 1,
        "maxlength": MAX_TRUSTS,
        "schema": {"type": "dict", "schema": _TRUST},
        "meta": {"description": "Each trust's repository: a path or a git URL."},
    },
}
SCHEMA = SectionSchema(
    "portfolio",
    PORTFOLIO_FILE,
    {"title": "Portfolio of trusts", "required": True},
    FIELDS,
    StrategyValidator(FIELDS),
)


@dataclass(frozen=True)
class TrustEntry:
    """One trust of the portfolio: where its repository is, and how it was named."""

    index: int  # position in portfolio.yaml
    source: str  # the path or URL as written
    root: Path  # the directory to read
    name: str = ""  # from portfolio.yaml, if given


@dataclass(frozen=True)
class Portfolio:
    region: str
    file: Path
    trusts: tuple[TrustEntry, ...]


@dataclass(frozen=True)
class TrustRow:
    """What the survey found for one trust: its figures, or why it has none."""

    entry: TrustEntry
    name: str
    snapshot: Snapshot | None
    errors: int = 0  # schema and reference errors (lws check)
    warnings: int = 0
    commit: str = ""  # HEAD of the repository, short, when it is one
    broken: str = ""  # why the repository could not be read ("" when it could)


# -- portfolio.yaml ---------------------------------------------------------------------------


def load_portfolio(path: Path) -> Portfolio:
    """The portfolio in ``path``; an LwsError locating every problem in it."""
    if path.is_dir():
        path = path / PORTFOLIO_FILE
    if not path.is_file():
        raise UsageError(
            f"no portfolio file at {path}",
            hint=f"write a {PORTFOLIO_FILE} listing the region and its trusts' repositories "
            "(see lws portfolio --help)",
        )
    base = path.parent
    doc = load_file(path, base, path.name)
    problems = [d for d in validate_section(doc, SCHEMA) if d.severity is Severity.ERROR]
    data: Any = doc.data if isinstance(doc.data, dict) else {}
    listed = data.get("trusts") if isinstance(data.get("trusts"), list) else []
    clones = base / str(data.get("clones") or DEFAULT_CLONES)
    entries: list[TrustEntry] = []
    seen: dict[Path, int] = {}
    for index, item in enumerate(listed):
        if not isinstance(item, dict):
            continue  # the schema said so
        entry, problem = _entry(doc, index, item, base, clones)
        if problem is None and entry.root in seen:
            problem = _located(
                doc,
                ("trusts", index),
                f"the same repository as trusts[{seen[entry.root]}]",
                "list each trust once",
            )
        if problem is not None:
            problems.append(problem)
            continue
        seen[entry.root] = index
        entries.append(entry)
    if problems:
        raise LwsError(sorted(set(problems)))
    return Portfolio(str(data["region"]), path, tuple(entries))


def _entry(
    doc: Document, index: int, item: dict[str, Any], base: Path, clones: Path
) -> tuple[TrustEntry, Diagnostic | None]:
    name = str(item.get("name", ""))
    where = ("trusts", index)
    if ("path" in item) == ("git" in item):
        entry = TrustEntry(index, "", base, name)
        return entry, _located(
            doc,
            where,
            "give the trust's repository as path: or git:, one of them",
            f"path: ../trust-strategy (a local directory) or git: URL (cloned into {clones.name}/)",
        )
    if "path" in item:
        source = str(item["path"])
        return TrustEntry(index, source, base / Path(source).expanduser(), name), None
    url = str(item["git"])
    entry = TrustEntry(index, url, clones / clone_name(url), name)
    if not _is_url(url):
        return entry, _located(
            doc,
            (*where, "git"),
            f"{url!r} is not a git URL",
            "write it as https://host/owner/repository.git or git@host:owner/repository; "
            "for a local directory use path:",
        )
    return entry, None


def clone_name(url: str) -> str:
    """The directory ``git clone URL`` makes: the URL's last part without ``.git``."""
    last = re.split(r"[/:]", url.rstrip("/"))[-1]
    return last.removesuffix(".git") or "repository"


def _located(doc: Document, path: tuple[str | int, ...], message: str, hint: str) -> Diagnostic:
    mark = doc.position(path)
    return Diagnostic(doc.file, mark.line, mark.col, Severity.ERROR, path, message, hint)


# -- surveying the trusts ---------------------------------------------------------------------


def survey(entry: TrustEntry, today: dt.date) -> TrustRow:
    """Check and diagnose one trust; a broken repository is a row saying why."""
    fallback = entry.name or entry.root.name
    if not entry.root.is_dir():
        why = "no such directory"
        if entry.source != str(entry.root) and not Path(entry.source).is_absolute():
            why += f" ({entry.root})"
        if _is_url(entry.source):
            why = f"not cloned: git clone {entry.source} {entry.root}"
        return TrustRow(entry, fallback, None, broken=why)
    try:
        return _survey(entry, today, fallback)
    except LwsError as exc:
        return TrustRow(entry, fallback, None, broken=_first_line(exc))
    except Exception as exc:  # one trust's repository must not stop the region's report
        return TrustRow(
            entry,
            fallback,
            None,
            broken=f"lws failed on this repository ({type(exc).__name__}); please report it",
        )


def _survey(entry: TrustEntry, today: dt.date, fallback: str) -> TrustRow:
    from lws.diagnose.check import check_strategy
    from lws.diagnose.diagnostic import diagnose, load_criteria
    from lws.model.project import load_strategy
    from lws.oversight.snapshot import public_view, snapshot

    strategy = load_strategy(entry.root)
    if "manifest" in strategy.unreadable or "manifest" not in strategy.documents:
        missing = next((d for d in strategy.problems if d.file.endswith("manifest.yaml")), None)
        detail = (
            f"{missing.file}:{missing.line}:{missing.col}: {missing.message}" if missing else ""
        )
        return TrustRow(entry, fallback, None, broken=detail or "strategy/manifest.yaml unreadable")
    found = check_strategy(strategy)
    public = public_view(strategy.documents, strategy.schemas)
    shot = snapshot(public, diagnose(public, load_criteria(entry.root), today))
    return TrustRow(
        entry,
        shot.trust or fallback,
        shot,
        errors=sum(1 for d in found if d.severity is Severity.ERROR),
        warnings=sum(1 for d in found if d.severity is Severity.WARNING),
        commit=_head(entry.root),
    )


def _head(root: Path) -> str:
    from lws.authoring.gitrev import RevisionError, git_text

    try:
        return git_text(root, "rev-parse", "--short=12", "HEAD").strip()
    except RevisionError:
        return ""


def _is_url(source: str) -> bool:
    return re.match(_URL, source) is not None


def _first_line(exc: LwsError) -> str:
    if exc.diagnostics:
        d = exc.diagnostics[0]
        return f"{d.file}:{d.line}:{d.col}: {d.message}"
    return exc.message or type(exc).__name__


def _survey_one(args: tuple[TrustEntry, dt.date]) -> TrustRow:
    return survey(*args)


def default_jobs() -> int:
    """Worker processes: one per core lws may use (at most 2 on the project's machines)."""
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)


def survey_all(
    entries: Sequence[TrustEntry], today: dt.date, *, jobs: int | None = None
) -> list[TrustRow]:
    """Every trust surveyed, ``jobs`` at a time in worker processes, in portfolio order."""
    workers = max(1, min(jobs or default_jobs(), len(entries) or 1))
    work: Iterable[tuple[TrustEntry, dt.date]] = [(e, today) for e in entries]
    if workers == 1:
        return [_survey_one(item) for item in work]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_survey_one, work, chunksize=max(1, len(entries) // (workers * 8))))
