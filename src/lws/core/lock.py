"""One writer at a time: an advisory lock on a file, held for the length of a block.

Two ``lws build`` runs on the same project would otherwise race: each writes outputs and
the build state, and each clears temporary files that a killed build left behind, which
would delete the other's files in flight. The build holds ``build/.lws/lock`` while it
writes; a second build waits for it (saying so) and then finds the first one's work done.
The lock is the operating system's (``flock``), so it is released when its holder exits,
however it exits.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(path: Path, on_wait: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (made if need be); ``on_wait`` runs if it is busy."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            on_wait()
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
