"""The user's own cache: where lws keeps what it can make again, and nothing a repository gives.

Compiled templates are code and parsed files are trusted as lws's own, so they are kept
where only this user can write (``$XDG_CACHE_HOME/lws``, else ``~/.cache/lws``), never in
the trust's repository, which anyone can commit to. A directory that is not the user's own
or that others may write to is not used, and nothing is cached.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path


def private_cache(name: str, environ: Mapping[str, str] = os.environ) -> Path | None:
    """The directory ``NAME`` of the user's private lws cache, made if need be; or None."""
    home = environ.get("XDG_CACHE_HOME") or (
        str(Path(environ["HOME"]) / ".cache") if environ.get("HOME") else ""
    )
    if not home or not Path(home).is_absolute():
        return None
    folder = Path(home) / "lws" / name
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    private = info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return folder if private and stat.S_ISDIR(info.st_mode) else None
