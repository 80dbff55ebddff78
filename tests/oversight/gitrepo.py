"""Temporary git repositories of strategies, independent of the user's git configuration."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def git(root: Path, *args: str, date: str = "2026-01-01") -> str:
    """Run git in ``root``; commits made are dated ``date`` (noon UTC)."""
    stamp = f"{date}T12:00:00Z"
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        env={**GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp},
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return done.stdout


def commit_all(root: Path, message: str, date: str, tag: str | None = None) -> str:
    """Commit every change in ``root`` on ``date``, optionally tagged; the commit id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    if tag:
        git(root, "tag", "-a", tag, "-m", f"version {tag}", date=date)
    return git(root, "rev-parse", "HEAD").strip()


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in ``path``."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path.name, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
