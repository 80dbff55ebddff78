"""The build's source date and the trend's versions key, without starting git.

``source_date`` must give exactly what ``git log -1 --format=%ct`` gives (or, outside git,
the newest section file's time, as before) on real repositories: loose and packed, a
detached HEAD, a linked worktree, a project in a subfolder, replaced commits, no git at
all; and an unchanged rebuild (``lws build`` twice) must start no process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from lws.cli.trend import versions_key
from lws.publish.state import BUILD_DIR, SOURCE_DATE_FILE, source_date
from tests.oversight.gitrepo import GIT_ENV, commit_all, git
from tests.publish.test_build import copy_project

NO_EPOCH: dict[str, str] = {}  # source_date's environment: no SOURCE_DATE_EPOCH


@pytest.fixture(autouse=True)
def _no_git_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(name)


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    """A small strategy in git: two commits, a tag."""
    root = tmp_path / "trust"
    (root / "strategy").mkdir(parents=True)
    (root / "strategy" / "vision.yaml").write_text("vision: first\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "first", "2025-03-04", tag="v1")
    (root / "strategy" / "vision.yaml").write_text("vision: second\n", encoding="utf-8")
    commit_all(root, "second", "2026-07-08")
    return root


class NoProcess:
    """Fails the test if anything starts a process while it is on."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch

    def __enter__(self) -> None:
        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError(f"a process was started: {args!r}")

        self.context = self.monkeypatch.context()
        patched = self.context.__enter__()
        patched.setattr(subprocess, "Popen", refuse)
        patched.setattr(os, "posix_spawn", refuse)
        patched.setattr(os, "fork", refuse)

    def __exit__(self, *exc: object) -> None:
        self.context.__exit__(None, None, None)


@pytest.fixture
def no_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[NoProcess]:
    yield NoProcess(monkeypatch)


def _git_date(root: Path) -> int:
    return int(git(root, "log", "-1", "--format=%ct"))


def test_a_loose_commit_is_dated_without_git(trust: Path, no_process: NoProcess) -> None:
    expected = _git_date(trust)
    with no_process:
        assert source_date(trust, NO_EPOCH) == expected
    assert not (trust / SOURCE_DATE_FILE).exists()  # nothing to keep: the object is loose


def test_packed_refs_and_objects_ask_git_once_then_keep_it(
    trust: Path, no_process: NoProcess
) -> None:
    git(trust, "gc", "-q", "--prune=now")
    expected = _git_date(trust)
    assert source_date(trust, NO_EPOCH) == expected  # git asked, the answer kept
    assert (trust / SOURCE_DATE_FILE).is_file()
    with no_process:
        assert source_date(trust, NO_EPOCH) == expected
    # a new commit (loose again) is read, not the kept date of the old one
    (trust / "strategy" / "vision.yaml").write_text("vision: third\n", encoding="utf-8")
    commit_all(trust, "third", "2026-09-10")
    third = _git_date(trust)
    with no_process:
        assert source_date(trust, NO_EPOCH) == third != expected


def test_a_kept_date_is_only_for_its_commit(trust: Path) -> None:
    git(trust, "gc", "-q", "--prune=now")
    kept = trust / SOURCE_DATE_FILE
    kept.parent.mkdir(parents=True)
    kept.write_text('{"%s": 12345}' % ("0" * 40), encoding="utf-8")
    assert source_date(trust, NO_EPOCH) == _git_date(trust)
    kept.write_text("not json", encoding="utf-8")
    assert source_date(trust, NO_EPOCH) == _git_date(trust)


def test_a_detached_head_a_worktree_and_a_subfolder(
    trust: Path, tmp_path: Path, no_process: NoProcess
) -> None:
    git(trust, "checkout", "-q", "--detach", "HEAD~1")
    git(trust, "worktree", "add", "-q", str(tmp_path / "other"), "main")
    (trust / "strategy" / "sub").mkdir()
    places = [trust, tmp_path / "other", trust / "strategy" / "sub"]
    expected = [_git_date(place) for place in places]
    assert expected[0] != expected[1]
    with no_process:
        assert [source_date(place, NO_EPOCH) for place in places] == expected


def test_replaced_commits_are_dated_as_git_dates_them(trust: Path) -> None:
    git(trust, "replace", "HEAD", "HEAD~1")
    assert source_date(trust, NO_EPOCH) == _git_date(trust)  # the replacement's time


def test_outside_git_the_newest_section_file(tmp_path: Path, no_process: NoProcess) -> None:
    project = tmp_path / "plain"
    (project / "strategy").mkdir(parents=True)
    for name, when in (("a.yaml", 1_700_000_000), ("b.yaml", 1_750_000_000)):
        (project / "strategy" / name).write_text("x: 1\n", encoding="utf-8")
        os.utime(project / "strategy" / name, (when, when))
    with no_process:
        assert source_date(project, NO_EPOCH) == 1_750_000_000
        assert versions_key(project) == ""


def test_with_no_git_installed_as_before(
    trust: Path, monkeypatch: pytest.MonkeyPatch, no_process: NoProcess
) -> None:
    """A repository but no git on PATH: the newest file, as when ``git log`` could not run."""
    newest = max(int(p.stat().st_mtime) for p in (trust / "strategy").glob("*.yaml"))
    monkeypatch.setenv("PATH", "")
    assert source_date(trust, NO_EPOCH) == newest
    assert versions_key(trust) == ""


def test_source_date_epoch_still_decides(trust: Path, no_process: NoProcess) -> None:
    with no_process:
        assert source_date(trust, {"SOURCE_DATE_EPOCH": "1000"}) == 1000


def test_the_versions_key_follows_head_and_tags_without_git(
    trust: Path, no_process: NoProcess
) -> None:
    with no_process:
        first = versions_key(trust)
        assert first and versions_key(trust) == first
    keys = {first}
    for change in (("tag", "v2"), ("tag", "-a", "v3", "-m", "3"), ("checkout", "-q", "HEAD~1")):
        git(trust, *change)
        with no_process:
            key = versions_key(trust)
        assert key not in keys, change
        keys.add(key)
    git(trust, "gc", "-q", "--prune=now")  # packed refs: the same refs, the same key
    with no_process:
        assert versions_key(trust) == key


def test_an_unborn_branch_asks_git(tmp_path: Path) -> None:
    (tmp_path / "new" / "strategy").mkdir(parents=True)
    git(tmp_path / "new", "init", "-q")
    assert versions_key(tmp_path / "new") == ""


def test_an_unchanged_rebuild_starts_no_process(tmp_path: Path) -> None:
    """``lws build`` twice in a packed repository (a fresh clone is one): the second answers
    "up to date" and starts no process (an audit hook sees every process Python starts)."""
    project = copy_project(tmp_path / "trust")
    git(project, "init", "-q", "-b", "main")
    commit_all(project, "the strategy", "2026-11-24", tag="v1")
    git(project, "gc", "-q", "--prune=now")
    env = {k: v for k, v in GIT_ENV.items() if k != "SOURCE_DATE_EPOCH"}
    argv = ["build", "leaflet", "--format", "html", "--project", str(project)]
    first = subprocess.run(
        [sys.executable, "-m", "lws", *argv], env=env, capture_output=True, text=True, timeout=300
    )
    assert first.returncode == 0, first.stderr
    hook = (
        "import sys\n"
        "def seen(event, args):\n"
        "    if event in ('subprocess.Popen', 'os.posix_spawn', 'os.system', 'os.exec',"
        " 'os.fork', 'os.spawn'):\n"
        "        print('PROCESS', event, args, file=sys.stderr)\n"
        "sys.addaudithook(seen)\n"
        "from lws.cli.main import main\n"
        f"sys.exit(main({argv!r}))\n"
    )
    again = subprocess.run(
        [sys.executable, "-c", hook], env=env, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr
    assert "up to date: 1 output(s)" in again.stderr
    assert "PROCESS" not in again.stderr, again.stderr
    assert (project / BUILD_DIR / "leaflet.html").is_file()
