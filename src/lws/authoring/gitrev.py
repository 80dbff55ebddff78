"""A strategy as it was at a git revision, and the revisions ``lws diff`` compares by default.

Git runs as a subprocess with list arguments (no shell) and a timeout. The section files of
a revision are listed with ``git ls-tree`` and read in one ``git cat-file --batch``; each is
parsed by :func:`lws.model.load.load_bytes`, the only YAML reader, so a revision is held to the
same limits as the working tree.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError, UsageError
from lws.core.quantities import format_number
from lws.model.load import MAX_FILE_BYTES, Document, load_bytes
from lws.model.project import STRATEGY_DIR, load_strategy

GIT_TIMEOUT = 30  # seconds, per git command
WORKING_TREE = "the working tree"
SUFFIXES = (".yaml", ".yml")
# Variables that would point git at another repository than the project's (set in hooks).
_GIT_LOCATORS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX")


class RevisionError(UsageError):
    """A revision cannot be read: no git, not a repository, an unknown revision (exit 2)."""


def label(rev: str | None) -> str:
    """How a side of the comparison is named in reports."""
    return WORKING_TREE if rev is None else rev


def documents_at(root: Path, rev: str | None) -> dict[str, Document]:
    """The section documents of the strategy at ``rev``, or in the working tree for None.

    A file that cannot be loaded is an :class:`LwsError` naming the file (and revision);
    a missing repository or revision is a :class:`RevisionError`.
    """
    if rev is None:
        return _working_tree(root)
    commit = resolve(root, rev)
    entries = _section_entries(root, commit, rev)
    blobs = _read_blobs(root, [oid for oid, _ in entries])
    documents: dict[str, Document] = {}
    for (_, name), raw in zip(entries, blobs, strict=True):
        display = f"{STRATEGY_DIR}/{name}"
        try:
            document = load_bytes(raw, display)
        except LwsError as exc:
            raise LwsError(
                [replace(d, message=f"{d.message} (at revision {rev})") for d in exc.diagnostics]
            ) from None
        documents.setdefault(name.rsplit(".", 1)[0], document)
    return documents


def resolve(root: Path, rev: str) -> str:
    """The commit id ``rev`` names; a RevisionError when it names none."""
    if not rev or rev.startswith("-"):
        raise RevisionError(f"{rev!r} is not a revision")
    _ensure_repository(root)
    found = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}")
    if found.returncode != 0:
        raise RevisionError(
            f"unknown revision {rev!r} in {root}; give a commit, branch or tag "
            "(git log --oneline, git tag)"
        )
    return found.stdout.decode().strip()


def default_base(root: Path) -> tuple[str, str]:
    """The revision ``lws diff`` compares the working tree with, and why it was chosen.

    The last tag reachable from HEAD; else the merge base of HEAD with the default branch
    (``origin/HEAD``, ``main`` or ``master``, the first that exists); else ``HEAD``.
    """
    _ensure_repository(root)
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        raise RevisionError(f"the git repository at {root} has no commits yet")
    tag = _git(root, "describe", "--tags", "--abbrev=0")
    if tag.returncode == 0 and tag.stdout.strip():
        return tag.stdout.decode().strip(), "the last tag"
    for branch in ("origin/HEAD", "main", "master"):
        base = _git(root, "merge-base", "HEAD", branch)
        if base.returncode == 0 and base.stdout.strip():
            return base.stdout.decode().strip()[:12], f"the merge base with {branch}"
    return "HEAD", "the last commit"


def git_text(root: Path, *args: str) -> str:
    """The output of a read-only git command in ``root``; a RevisionError if it fails."""
    _ensure_repository(root)
    done = _git(root, *args)
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip()
        raise RevisionError(f"git {args[0]} failed in {root}: {message}")
    return done.stdout.decode("utf-8", errors="replace")


def files_at(root: Path, commits: Sequence[str], path: str) -> list[bytes | None]:
    """The bytes of ``path`` at each commit, in order: None where it is absent, not a file
    or larger than lws reads (``MAX_FILE_BYTES``). One ``git cat-file --batch-check`` and
    one ``--batch``, however many commits."""
    if not commits:
        return []
    specs = "".join(f"{commit}:{path}\n" for commit in commits).encode()
    check = _git(root, "cat-file", "--batch-check", stdin=specs)
    if check.returncode != 0:
        message = check.stderr.decode(errors="replace").strip()
        raise RevisionError(f"cannot read files from git: {message}")
    oids: list[str | None] = []
    for line in check.stdout.decode(errors="replace").splitlines()[: len(commits)]:
        fields = line.split()  # "<oid> <type> <size>", or "<spec> missing"
        found = len(fields) == 3 and fields[1] == "blob" and fields[2].isdigit()
        oids.append(fields[0] if found and int(fields[2]) <= MAX_FILE_BYTES else None)
    oids += [None] * (len(commits) - len(oids))
    blobs = iter(_read_blobs(root, [oid for oid in oids if oid is not None]))
    return [None if oid is None else next(blobs) for oid in oids]


# -- git --------------------------------------------------------------------------------------


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in _GIT_LOCATORS}
    env["LC_ALL"] = "C"
    try:
        return subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            timeout=GIT_TIMEOUT,
            env=env,
            check=False,
        )
    except FileNotFoundError:
        raise RevisionError("git is not installed (or not on PATH); lws diff needs it") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git {args[0]} took more than {GIT_TIMEOUT} s; gave up") from None


def _ensure_repository(root: Path) -> None:
    if not root.is_dir():
        raise RevisionError(f"{root} is not a directory")
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise RevisionError(
            f"{root} is not in a git repository; lws diff compares versions kept in git "
            "(git init, then commit the strategy)"
        )


def _section_entries(root: Path, commit: str, rev: str) -> list[tuple[str, str]]:
    """(object id, file name) of each section file in strategy/ at ``commit``, by name."""
    listing = _git(root, "ls-tree", "-z", "-l", commit, f"{STRATEGY_DIR}/")
    if listing.returncode != 0:
        message = listing.stderr.decode(errors="replace").strip()
        raise RevisionError(f"cannot list {STRATEGY_DIR}/ at {rev}: {message}")
    entries = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        mode, kind, oid, size = meta.decode().split()
        name = path.decode("utf-8", errors="replace").rsplit("/", 1)[-1]
        if kind != "blob" or not name.endswith(SUFFIXES):
            continue
        _check_entry(rev, name, mode, int(size))
        entries.append((oid, name))
    if not entries:
        raise RevisionError(f"revision {rev} has no {STRATEGY_DIR}/ directory of section files")
    return sorted(entries, key=lambda entry: entry[1])


def _check_entry(rev: str, name: str, mode: str, size: int) -> None:
    file = f"{STRATEGY_DIR}/{name}"
    if mode == "120000":
        raise _load_error(
            file, rev, "is a symbolic link", "lws reads only regular files from git history"
        )
    if size > MAX_FILE_BYTES:
        raise _load_error(
            file,
            rev,
            f"is {format_number(round(size / 1024 / 1024, 1))} MiB; lws reads section files up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MiB",
            "split the section into smaller files",
        )


def _load_error(file: str, rev: str, message: str, hint: str) -> LwsError:
    return LwsError(
        [Diagnostic(file, 1, 1, Severity.ERROR, (), f"{message} (at revision {rev})", hint)]
    )


def _read_blobs(root: Path, oids: list[str]) -> list[bytes]:
    """The contents of the given blobs, in order, through one ``git cat-file --batch``."""
    if not oids:
        return []
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    if batch.returncode != 0:
        message = batch.stderr.decode(errors="replace").strip()
        raise RevisionError(f"cannot read files from git: {message}")
    out, data, at = [], batch.stdout, 0
    for oid in oids:
        end = data.index(b"\n", at)
        header = data[at:end].decode().split()
        if len(header) != 3 or header[0] != oid:
            raise RevisionError(f"git cat-file gave an unexpected answer for {oid}")
        size = int(header[2])
        out.append(data[end + 1 : end + 1 + size])
        at = end + 1 + size + 1  # the contents end with a newline of git's own
    return out


def _working_tree(root: Path) -> dict[str, Document]:
    strategy = load_strategy(root)  # NotAProjectError when there is no strategy/
    if strategy.unreadable:
        broken = [
            d
            for d in strategy.problems
            if d.severity is Severity.ERROR and Path(d.file).stem in strategy.unreadable
        ]
        raise LwsError(broken)
    return dict(strategy.documents)
