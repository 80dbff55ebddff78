"""What the last build made, and the no-op check that needs nothing else.

``build/.lws-build.json`` records, for each output, the key of the inputs it was made from,
its SHA-256, size and modification time, and how long it took to convert (so the next build
starts the longest conversions first). For each request (the variants, formats and options
asked for) it also records a digest of every input file: the strategy, the trust's templates,
schemas and criteria, lws's own code and packaged data, and the converters' versions; and the
SHA-256 of each image the strategy names (these may lie anywhere in the repository).

:func:`up_to_date` compares that digest with the files as they are now and checks that every
output is still the file the build wrote. It imports nothing beyond the standard library, so
an unchanged ``lws build`` answers "up to date" without loading YAML, Jinja or Pandoc.
"""

# os.path on strings, not pathlib: this module is most of a no-op build's time, and
# pathlib costs several times more per path.
# (ruff's PTH rules are off for this file in pyproject.toml.)

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lws
from lws import __version__
from lws.core import gitfiles
from lws.core.faults import source_date_epoch
from lws.core.resources import KINDS, packaged

BUILD_DIR = "build"
#: Where charts are kept, drawn once per input (:mod:`lws.publish.figures`).
CHART_DIR = Path(BUILD_DIR) / ".lws" / "charts"
STATE_FILE = ".lws-build.json"
STATE_VERSION = 2
#: HEAD's commit time as git last gave it, by commit id (when its object is not loose).
SOURCE_DATE_FILE = os.path.join(BUILD_DIR, ".lws", "source-date.json")
#: The project's folders whose files decide what a build makes.
INPUT_DIRS = ("strategy", "templates", "schema", "criteria")
#: Distributions whose versions decide the bytes of the outputs (names as pip normalises them).
TOOLS = ("pypandoc-binary", "typst", "matplotlib", "jinja2", "cerberus", "pyyaml", "pypdf")


@dataclass(frozen=True)
class Request:
    """What was asked of a build: everything besides the input files that decides its outputs."""

    names: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    epoch: int = 0
    options: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        text = json.dumps(
            [sorted(self.names), sorted(self.formats), self.epoch, sorted(self.options)]
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def request_for(
    root: Path,
    names: Iterable[str] = (),
    formats: Iterable[str] = (),
    environ: Mapping[str, str] = os.environ,
    options: Mapping[str, str] | None = None,
) -> Request:
    """The request a build of ``names`` in ``formats`` makes, as of its source date."""
    chosen = tuple(sorted((options or {}).items()))
    return Request(tuple(names), tuple(formats), source_date(root, environ), chosen)


def build_options(today: dt.date | None, draft: bool, history: str = "") -> dict[str, str]:
    """The options besides variants and formats that decide a build's outcome.

    ``history`` is the key of the versions in git the trend chart is drawn from
    (:func:`lws.publish.charts.trend.Trend`): the rest of what it is made from (the
    criteria, publication.yaml, lws itself) is already among the inputs digested.
    """
    return {
        **({"today": today.isoformat()} if today else {}),
        **({"draft": "yes"} if draft else {}),
        **({"history": history} if history else {}),
    }


def source_date(root: Path, environ: Mapping[str, str] = os.environ) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else the newest source file.

    The commit's time is read from ``.git`` where it can be (:mod:`lws.core.gitfiles`), else
    kept from the last time git was asked (``build/.lws/source-date.json``, keyed by the
    commit): an unchanged rebuild starts no process.
    """
    epoch = source_date_epoch(environ)
    if epoch is not None:
        return epoch
    try:
        repo = gitfiles.find(str(root))
    except gitfiles.NotARepositoryError:
        return _newest_source(root)
    commit = None if repo is None else gitfiles.head_commit(repo)
    if repo is not None and commit is not None:
        found = gitfiles.commit_time(repo, commit)
        if found is None:
            found = _kept_date(root, commit)
        if found is not None:
            return found
    found = _git_commit_time(root)
    if found is None:
        return _newest_source(root)
    if commit is not None:
        _keep_date(root, commit, found)
    return found


def _git_commit_time(root: Path) -> int | None:
    import subprocess

    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    text = out.stdout.strip()
    return int(text) if out.returncode == 0 and text.isdigit() else None


def _newest_source(root: Path) -> int:
    sources = list((root / "strategy").glob("*.yaml"))
    return int(max((p.stat().st_mtime for p in sources), default=0))


def _kept_date(root: Path, commit: str) -> int | None:
    try:
        with open(os.path.join(root, SOURCE_DATE_FILE), encoding="utf-8") as file:
            kept = json.load(file)
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or not isinstance(kept.get(commit), int):
        return None
    return int(kept[commit])


def _keep_date(root: Path, commit: str, epoch: int) -> None:
    """Keep HEAD's time for the next build (only HEAD's: one entry); best effort."""
    path = os.path.join(root, SOURCE_DATE_FILE)
    partial = f"{path}.{os.getpid()}.partial"
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(partial, "w", encoding="utf-8") as file:
            json.dump({commit: epoch}, file)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.remove(partial)


def epoch_date(epoch: int) -> dt.date:
    """The calendar date (UTC) of a SOURCE_DATE_EPOCH."""
    return dt.datetime.fromtimestamp(epoch, tz=dt.UTC).date()


# -- the state file --------------------------------------------------------------------------


def state_path(root: Path) -> Path:
    return root / BUILD_DIR / STATE_FILE


def read_state(root: Path) -> dict[str, Any]:
    """The recorded state; an unreadable or older file counts as no state (a full build)."""
    try:
        data = json.loads(state_path(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        return {"version": STATE_VERSION, "outputs": {}, "requests": {}}
    data.setdefault("outputs", {})
    data.setdefault("requests", {})
    return data


def encode_state(state: Mapping[str, Any]) -> bytes:
    return json.dumps(state, indent=1, sort_keys=True).encode()


def output_record(path: Path, key: str, sha256: str, seconds: float) -> dict[str, Any]:
    """What the state keeps of one output just written."""
    stat = path.stat()
    return {
        "key": key,
        "sha256": sha256,
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "seconds": round(seconds, 3),
    }


def still_written(path: Path, record: Mapping[str, Any]) -> bool:
    """The output is the file the build wrote (same size and modification time)."""
    try:
        stat = path.stat()
    except OSError:
        return False
    return stat.st_size == record.get("size") and stat.st_mtime_ns == record.get("mtime_ns")


def last_seconds(state: Mapping[str, Any], relative: str) -> float:
    """How long the output took to convert last time (0 when unknown)."""
    seconds = state.get("outputs", {}).get(relative, {}).get("seconds", 0.0)
    return float(seconds) if isinstance(seconds, int | float) else 0.0


# -- the inputs' digest ----------------------------------------------------------------------


def inputs_digest(root: Path, request: Request) -> str:
    """A digest of everything a build reads: input files, lws itself, tools, the request."""
    hasher = hashlib.sha256()

    def add(part: bytes) -> None:
        hasher.update(len(part).to_bytes(8, "big"))
        hasher.update(part)

    add(f"{__version__}\0{STATE_VERSION}\0{request.key}".encode())
    versions = installed_versions()
    for name in TOOLS:
        add(f"{name}={versions.get(name, '-')}".encode())
    for base, folder in _input_folders(root):
        for relative, path in _files_under(base, folder):
            add(relative.encode())
            with open(path, "rb") as file:
                add(file.read())
    return hasher.hexdigest()


def installed_versions() -> dict[str, str]:
    """Each installed distribution's version, read from the names of its metadata folders.

    ``importlib.metadata`` parses every distribution's metadata file; the folder names
    (``typst-0.15.2.dist-info``) say the same for a fraction of the cost.
    """
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            if name.endswith(".dist-info"):
                distribution, _, version = name[: -len(".dist-info")].partition("-")
                key = distribution.lower().replace("_", "-").replace(".", "-")
                found.setdefault(key, version)
    return found


def _input_folders(root: Path) -> Iterator[tuple[str, str]]:
    """(base, folder) pairs: lws's own code and data, then the project's input folders."""
    package = os.path.dirname(os.path.realpath(lws.__file__))
    yield package, package
    for kind in KINDS:  # outside the package when lws runs from a source checkout
        folder = str(packaged(kind))
        if not folder.startswith(package + os.sep):
            yield os.path.dirname(folder), folder
    for name in INPUT_DIRS:
        yield str(root), os.path.join(root, name)


def _files_under(base: str, folder: str) -> list[tuple[str, str]]:
    """(path relative to base, path) of every file below ``folder``, in a stable order."""
    found = []
    cut = len(base.rstrip(os.sep)) + 1  # folder is base or below it: relpath by slicing
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".pyc"):
                path = os.path.join(directory, name)
                found.append((path[cut:], path))
    return found


def up_to_date(root: Path, request: Request) -> list[str] | None:
    """The outputs, when the last build of this request succeeded and nothing it read changed.

    Any doubt (no state, a file that cannot be read, an output changed or gone) is None:
    the full build then decides, so this check can only ever save work, never skip it wrongly.
    """
    state = read_state(root)
    recorded = state["requests"].get(request.key)
    if not isinstance(recorded, dict):
        return None
    outputs = recorded.get("outputs")
    if not isinstance(outputs, list) or not outputs:
        return None
    for relative in outputs:
        record = state["outputs"].get(relative)
        if not isinstance(record, dict) or not still_written(root / str(relative), record):
            return None
    images = recorded.get("images")
    if not isinstance(images, dict) or not unchanged_files(root, images):
        return None
    try:
        same = recorded.get("inputs") == inputs_digest(root, request)
    except OSError:
        return None
    return [str(relative) for relative in outputs] if same else None


def unchanged_files(root: Path, files: Mapping[str, str]) -> bool:
    """Each file (a path relative to ``root``) still has the SHA-256 it had; False if any
    cannot be read. For what a build reads outside the digested folders: the images the
    strategy names (a logo, a photo) may lie anywhere in the repository."""
    for relative, sha256 in files.items():
        try:
            with open(os.path.join(root, relative), "rb") as file:
                if hashlib.sha256(file.read()).hexdigest() != sha256:
                    return False
        except OSError:
            return False
    return True
