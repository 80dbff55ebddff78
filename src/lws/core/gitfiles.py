"""HEAD's commit, its tags and its time read from ``.git`` itself, without starting git.

An unchanged ``lws build`` must answer "up to date" for almost nothing, and starting a git
process costs more than the rest of that answer. The files git keeps are simple enough for
the few facts the no-op needs: which commit HEAD names (``HEAD``, a loose ref or
``packed-refs``; a worktree's ``.git`` file and ``commondir``), the tags (the same two
places) and a commit's time when its object is loose (a zlib-compressed file).

Every function answers ``None`` where it cannot be sure to say exactly what git would (no git
installed, a repository git would refuse to read as not its user's, ``GIT_DIR`` and the like
in the environment, a reftable or replaced objects, a ref that does not resolve, an object
that is packed): the caller then asks git itself, as before. Standard library only.
"""

# os.path on strings, not pathlib: this runs on every no-op build.

from __future__ import annotations

import os
import shutil
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

#: Variables that move or narrow git's search for a repository: with one set, git decides.
GIT_VARIABLES = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
    "GIT_NAMESPACE",
    "GIT_REPLACE_REF_BASE",
    "GIT_NO_REPLACE_OBJECTS",
)
_HEX = frozenset("0123456789abcdef")
_MAX_OBJECT = 1 << 20  # a commit's header is far smaller; anything bigger: ask git


@dataclass(frozen=True)
class Repository:
    """Where git keeps a work tree's own files (``git``) and the shared ones (``common``)."""

    git: str
    common: str


class NotARepositoryError(Exception):
    """No repository above the directory: git would say "not a git repository"."""


def find(start: str, environ: Mapping[str, str] = os.environ) -> Repository | None:
    """The repository git would find from ``start``, or None where only git can tell.

    Raises :class:`NotARepositoryError` when there is surely none (git is installed, nothing in
    the environment moves its search, and no ``.git`` lies in ``start`` or above it).
    """
    if any(name in environ for name in GIT_VARIABLES) or shutil.which("git") is None:
        return None
    here = os.path.abspath(start)
    while True:
        dot_git = os.path.join(here, ".git")
        if os.path.isdir(dot_git):
            found = Repository(dot_git, dot_git)
            break
        if os.path.isfile(dot_git):
            found_or_none = _linked(here, dot_git)
            if found_or_none is None:
                return None
            found = found_or_none
            break
        parent = os.path.dirname(here)
        if parent == here:
            raise NotARepositoryError(start)
        here = parent
    try:  # git refuses a repository that is not its user's ("dubious ownership"): git decides
        owners = {os.stat(path).st_uid for path in (here, dot_git, found.git, found.common)}
    except OSError:
        return None
    if owners != {os.geteuid()} or _unusual(found):
        return None
    return found


def _linked(top: str, dot_git: str) -> Repository | None:
    """A worktree's or submodule's ``.git`` file: ``gitdir: PATH``, and its ``commondir``."""
    text = _read(dot_git)
    if text is None or not text.startswith("gitdir: "):
        return None
    git = os.path.normpath(os.path.join(top, text[len("gitdir: ") :].strip()))
    common_text = _read(os.path.join(git, "commondir"))
    common = git if common_text is None else os.path.join(git, common_text.strip())
    return Repository(git, os.path.normpath(common))


def _unusual(repo: Repository) -> bool:
    """A layout this reader does not follow: reftable refs, or replaced objects."""
    if os.path.isdir(os.path.join(repo.common, "reftable")):
        return True
    if os.path.exists(os.path.join(repo.common, "info", "grafts")):
        return True
    replace = os.path.join(repo.common, "refs", "replace")
    if os.path.isdir(replace) and any(files for _, _, files in os.walk(replace)):
        return True
    return "refs/replace/" in (_read(os.path.join(repo.common, "packed-refs")) or "")


def head_commit(repo: Repository) -> str | None:
    """The commit id HEAD names (a branch, a detached HEAD), or None if it names none."""
    text = _read(os.path.join(repo.git, "HEAD"))
    for _ in range(5):  # a symbolic ref may name another
        if text is None:
            return None
        text = text.strip()
        if _is_id(text):
            return text
        if not text.startswith("ref: "):
            return None
        name = text[len("ref: ") :].strip()
        text = _loose_ref(repo, name)
        if text is None:
            text = _packed_refs(repo).get(name)
    return None


def tags(repo: Repository) -> dict[str, str]:
    """Every tag's name and the id its ref holds (loose refs over packed ones, as git)."""
    found = {k: v for k, v in _packed_refs(repo).items() if k.startswith("refs/tags/")}
    base = os.path.join(repo.common, "refs", "tags")
    for directory, subdirectories, files in os.walk(base):
        subdirectories.sort()
        for name in files:
            path = os.path.join(directory, name)
            text = (_read(path) or "").strip()
            if _is_id(text):
                found["refs/" + os.path.relpath(path, os.path.join(repo.common, "refs"))] = text
    return dict(sorted(found.items()))


def commit_time(repo: Repository, commit: str) -> int | None:
    """The commit's committer time (``git log -1 --format=%ct``) if its object is loose."""
    if not _is_id(commit):
        return None
    path = os.path.join(repo.common, "objects", commit[:2], commit[2:])
    try:
        with open(path, "rb") as file:
            packed = file.read(_MAX_OBJECT)
        raw = zlib.decompressobj().decompress(packed, _MAX_OBJECT)
    except (OSError, zlib.error):
        return None
    header, _, body = raw.partition(b"\0")
    if not header.startswith(b"commit "):
        return None
    for line in body.split(b"\n"):
        if not line:  # the end of the headers: the message follows
            break
        if line.startswith(b"committer "):
            parts = line.rsplit(b" ", 2)
            if len(parts) == 3 and parts[1].isdigit():
                return int(parts[1])
            return None
    return None


def _loose_ref(repo: Repository, name: str) -> str | None:
    if not name.startswith("refs/") or ".." in name.split("/"):
        return None
    for base in (repo.git, repo.common):  # a worktree's own refs, then the shared ones
        text = _read(os.path.join(base, *name.split("/")))
        if text is not None:
            return text
    return None


def _packed_refs(repo: Repository) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in (_read(os.path.join(repo.common, "packed-refs")) or "").splitlines():
        if line.startswith(("#", "^")):
            continue  # the header; a peeled tag's commit (the tag's own id decides the key)
        commit, _, name = line.partition(" ")
        if _is_id(commit) and name:
            found[name] = commit
    return found


def _is_id(text: str) -> bool:
    return len(text) in (40, 64) and _HEX.issuperset(text)


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except (OSError, UnicodeDecodeError):
        return None
