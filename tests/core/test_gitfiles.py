"""HEAD, tags and a commit's time read from ``.git`` (lws.core.gitfiles), against git itself.

Every answer is compared with what git prints for the same real repository; where the reader
cannot be sure (packed objects, replaced commits, a reftable, GIT_DIR, another user's
repository, no git on PATH) it must say None, never guess.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from lws.core import gitfiles
from tests.oversight.gitrepo import GIT_ENV, git


def _commit(root: Path, name: str, authored: str, committed: str) -> str:
    """Commit a new file, authored on one day and committed on another (noon UTC)."""
    (root / name).write_text(name, encoding="utf-8")
    git(root, "add", "-A")
    message = f"{name}\n\ncommitter x <x@example.org> 1 +0000: in the message, not a header"
    subprocess.run(
        ["git", "-C", str(root), "commit", "-q", "-m", message],
        env={
            **GIT_ENV,
            "GIT_AUTHOR_DATE": f"{authored}T12:00:00Z",
            "GIT_COMMITTER_DATE": f"{committed}T12:00:00Z",
        },
        check=True,
        timeout=30,
    )
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two commits, authored and committed on different days; one lightweight, one annotated tag."""
    for name in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(name)
    root = tmp_path / "trust"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    _commit(root, "a", "2025-01-02", "2025-03-04")
    git(root, "tag", "v1")
    _commit(root, "b", "2026-05-06", "2026-07-08")
    git(root, "tag", "-a", "v2", "-m", "version 2")
    return root


def _found(root: Path | str) -> gitfiles.Repository:
    found = gitfiles.find(str(root))
    assert found is not None
    return found


def _git_time(root: Path) -> int:
    return int(git(root, "log", "-1", "--format=%ct"))


def test_head_tags_and_time_as_git_says(repo: Path) -> None:
    found = _found(repo)
    head = gitfiles.head_commit(found)
    assert head == git(repo, "rev-parse", "HEAD").strip()
    assert gitfiles.commit_time(found, head) == _git_time(repo)  # the committer's, not the author's
    assert _git_time(repo) != int(git(repo, "log", "-1", "--format=%at"))
    listed = dict(line.split(" ")[::-1] for line in git(repo, "show-ref", "--tags").splitlines())
    assert gitfiles.tags(found) == listed


def test_packed_refs_and_objects(repo: Path) -> None:
    """After ``git gc`` the refs are in packed-refs and the objects in a pack: HEAD and the
    tags still read; the commit's time is not guessed (the caller asks git)."""
    before = gitfiles.tags(_found(repo))
    git(repo, "gc", "-q", "--prune=now")
    assert not (repo / ".git" / "refs" / "heads" / "main").exists()
    assert (repo / ".git" / "packed-refs").is_file()
    found = _found(repo)
    head = gitfiles.head_commit(found)
    assert head == git(repo, "rev-parse", "HEAD").strip()
    assert gitfiles.tags(found) == before
    assert gitfiles.commit_time(found, head) is None
    # a loose ref written after the packing wins over the packed one, as in git
    _commit(repo, "c", "2026-08-01", "2026-08-02")
    git(repo, "tag", "-f", "v1")
    found = _found(repo)
    assert gitfiles.head_commit(found) == git(repo, "rev-parse", "HEAD").strip()
    assert gitfiles.tags(found)["refs/tags/v1"] == git(repo, "rev-parse", "HEAD").strip()
    assert gitfiles.commit_time(found, git(repo, "rev-parse", "HEAD").strip()) == _git_time(repo)


def test_a_detached_head(repo: Path) -> None:
    git(repo, "checkout", "-q", "--detach", "HEAD~1")
    found = _found(repo)
    assert (repo / ".git" / "HEAD").read_text().strip() == git(repo, "rev-parse", "HEAD").strip()
    head = gitfiles.head_commit(found)
    assert head == git(repo, "rev-parse", "HEAD").strip()
    assert gitfiles.commit_time(found, head) == _git_time(repo)


def test_a_linked_worktree_and_a_project_in_a_subfolder(repo: Path, tmp_path: Path) -> None:
    git(repo, "worktree", "add", "-q", "-b", "other", str(tmp_path / "other"), "HEAD~1")
    other = tmp_path / "other"
    (other / "sub").mkdir()
    found = _found(other / "sub")
    assert found.common == str(repo / ".git")
    head = gitfiles.head_commit(found)
    assert head == git(other, "rev-parse", "HEAD").strip() != git(repo, "rev-parse", "HEAD").strip()
    assert gitfiles.commit_time(found, head) == _git_time(other)
    (repo / "deep" / "er").mkdir(parents=True)
    head = gitfiles.head_commit(_found(repo / "deep" / "er"))
    assert head == git(repo, "rev-parse", "HEAD").strip()


def test_outside_any_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(name)
    (tmp_path / "plain").mkdir()
    assert not any((p / ".git").exists() for p in (tmp_path / "plain").parents)
    with pytest.raises(gitfiles.NotARepositoryError):
        gitfiles.find(str(tmp_path / "plain"))


def test_where_only_git_can_tell(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """None, never a guess: GIT_DIR and the like, no git on PATH, another user's repository,
    replaced commits, a reftable; an unborn branch names no commit."""
    assert gitfiles.find(str(repo), {**GIT_ENV, "GIT_DIR": str(repo / ".git")}) is None
    assert gitfiles.find(str(repo), {"GIT_CEILING_DIRECTORIES": str(repo.parent)}) is None
    with monkeypatch.context() as patched:
        patched.setenv("PATH", "")
        assert gitfiles.find(str(repo)) is None
    with monkeypatch.context() as patched:
        patched.setattr(os, "geteuid", lambda: repo.stat().st_uid + 1)
        assert gitfiles.find(str(repo)) is None
    git(repo, "replace", "HEAD", "HEAD~1")
    assert gitfiles.find(str(repo)) is None
    git(repo, "replace", "-d", "HEAD")
    assert gitfiles.find(str(repo)) is not None
    (repo / ".git" / "reftable").mkdir()
    assert gitfiles.find(str(repo)) is None
    (repo / ".git" / "reftable").rmdir()
    git(repo, "checkout", "-q", "--orphan", "unborn")
    assert gitfiles.head_commit(_found(repo)) is None
