"""The trust's own file, else lws's packaged default: one answer for every kind of resource.

A trust's repository may override any of lws's schemas (``schema/``), diagnostic criteria
(``criteria/``) and templates with their assets (``templates/``) by putting a file of the
same name in the same folder. :class:`Resources` answers, for one project, where each file
comes from; :func:`packaged` is lws's own folder of a kind, which is in the wheel
(``lws/_data/KIND``) when lws is installed and at the top of the source tree (``KIND/``)
when it runs from a checkout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lws.core.realpaths import RealPaths

Kind = Literal["schema", "criteria", "templates"]
KINDS: tuple[Kind, ...] = ("schema", "criteria", "templates")

PACKAGE = Path(__file__).resolve().parents[1]  # the installed (or checked-out) lws package


def packaged(kind: Kind, package: Path = PACKAGE) -> Path:
    """lws's own folder of ``kind``: in the wheel, else in the source tree ``package`` is in."""
    shipped = package / "_data" / kind
    return shipped if shipped.is_dir() else package.parents[1] / kind


@dataclass(frozen=True)
class Resources:
    """Where a project's schemas, criteria and templates come from: its own, else lws's."""

    project: Path
    package: Path = PACKAGE
    # Answers that cannot change while a command runs (where lws's own folders are, what the
    # project resolves to), worked out once: a check asks them for every file.
    _known: dict[object, Path] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _real: RealPaths = field(
        default_factory=RealPaths, init=False, repr=False, compare=False, hash=False
    )

    def own(self, kind: Kind) -> Path:
        """The project's folder of ``kind`` (it need not exist)."""
        return self.project / kind

    def packaged(self, kind: Kind) -> Path:
        if kind not in self._known:
            self._known[kind] = packaged(kind, self.package)
        return self._known[kind]

    def dirs(self, kind: Kind) -> list[Path]:
        """The folders to look in, the project's first; each once (lws's own example is both)."""
        own, default = self.own(kind), self.packaged(kind)
        dirs = [own] if own.is_dir() else []
        if self._real.folder(default) != self._real.folder(own):
            dirs.append(default)
        return dirs

    def find(self, kind: Kind, relative: str) -> Path | None:
        """The project's file ``KIND/relative``, else lws's, else None."""
        for directory in self.dirs(kind):
            candidate = directory / relative
            if candidate.is_file():
                return candidate
        return None

    def files(self, kind: Kind, pattern: str) -> dict[str, Path]:
        """Every file matching ``pattern`` by name (stem), the project's replacing lws's."""
        found: dict[str, Path] = {}
        for directory in reversed(self.dirs(kind)):
            found.update({p.stem: p for p in sorted(directory.glob(pattern))})
        return found

    def is_packaged(self, kind: Kind, path: Path) -> bool:
        """True when ``path`` is, or is byte for byte the same as, lws's own copy."""
        default = self.packaged(kind) / path.name
        if path == default:
            return True  # lws's own file (found in lws's own folder)
        try:
            same = self._real.file(path) == self._real.file(default)
            return same or path.read_bytes() == default.read_bytes()
        except OSError:
            return False

    def display(self, kind: Kind, path: Path) -> str:
        """How messages name ``path``: relative to the project, else ``<lws>/KIND/name``."""
        if self._real.file(path).is_relative_to(self._real.folder(self.project)):
            return path.relative_to(self.project).as_posix()
        return f"<lws>/{kind}/{path.name}"
