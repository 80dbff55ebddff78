"""``Path.resolve()`` for many files in a few folders, each folder resolved once.

A check resolves every file it reads (a symbolic link must not lead outside the project),
and ``Path.resolve()`` examines every part of the path, about 50 µs a file. A file whose own
name is not a symbolic link resolves to its folder's real path followed by its name, which
is exactly how ``os.path.realpath`` itself works, part by part; so only the folder needs
resolving, once. Anything else (a link, a path that cannot be examined, ``.`` or ``..``) is
resolved in full. Folders are taken as they were when first asked: keep one for the reading
one command does, not across runs.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class RealPaths:
    """Real paths of files, with each folder's real path worked out once."""

    _folders: dict[Path, Path] = field(default_factory=dict, repr=False)

    def folder(self, path: Path) -> Path:
        """``path.resolve()``, kept for the next file in it (or the next ask)."""
        if path not in self._folders:
            self._folders[path] = path.resolve()
        return self._folders[path]

    def file(self, path: Path) -> Path:
        """``path.resolve()``: its folder's real path and its name, unless it is a link."""
        if path.name in ("", ".", ".."):
            return path.resolve()
        try:
            link = stat.S_ISLNK(os.lstat(path).st_mode)
        except (OSError, ValueError):
            return path.resolve()
        return path.resolve() if link else self.folder(path.parent) / path.name
