"""``lws watch``: re-check and rebuild when a file of the strategy is saved.

Polling (no platform-specific file-system events, no extra dependency): every ``interval``
seconds the sizes and modification times of the files under ``strategy/``, ``schema/``,
``criteria/`` and ``templates/`` are compared with the last look.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

WATCHED = ("strategy", "schema", "criteria", "templates")
Snapshot = dict[str, tuple[int, int]]


def snapshot(root: Path) -> Snapshot:
    """Size and modification time of every watched file, by path relative to ``root``."""
    out: Snapshot = {}
    for top in WATCHED:
        base = root / top
        if not base.is_dir():
            continue
        for path in base.rglob("*"):
            try:
                info = path.stat()
            except OSError:  # removed while we looked
                continue
            if path.is_file() and not path.name.startswith("."):
                out[path.relative_to(root).as_posix()] = (info.st_mtime_ns, info.st_size)
    return out


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added, removed or modified between two snapshots."""
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def watch(
    root: Path,
    on_change: Callable[[list[str]], None],
    *,
    interval: float = 0.5,
    stop: threading.Event | None = None,
    since: Snapshot | None = None,
) -> None:
    """Call ``on_change(files)`` after each save, until ``stop`` is set (or Ctrl-C).

    ``since`` is the state to compare with first (default: now), so that a caller that
    snapshots before its first build also sees files saved during that build.
    """
    stop = stop or threading.Event()
    last = snapshot(root) if since is None else since
    while not stop.wait(interval):
        now = snapshot(root)
        changed = changes(last, now)
        if changed:
            last = now
            on_change(changed)
