"""Helpers for the command-line tests: ``python -m lws`` in a process, and example copies."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def lws(
    *args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m lws ARGS``: the installed entry point, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "lws", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        check=False,
    )


def interruptible() -> None:
    """For ``preexec_fn``: the child takes SIGINT (Ctrl-C) as a terminal's foreground job does.

    A process started in the background by a shell without job control (as CI runners and
    scripts start pytest) inherits SIGINT ignored, and an ignored signal stays ignored across
    exec: a test's SIGINT would then never reach lws, and waiting for its exit would time out.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def copy_example(target: Path) -> Path:
    """A copy of the example strategy (with the logo it names) at ``target``."""
    shutil.copytree(ROOT / "strategy", target / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", target / "templates" / "assets")
    return target
