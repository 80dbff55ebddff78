"""Shared fixtures: the repository root, the bundled example, and scratch projects."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "strategy"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the bundled example project (strategy only) in a temporary directory."""
    shutil.copytree(EXAMPLE, tmp_path / "strategy")
    return tmp_path


@pytest.fixture
def write(project: Path) -> Callable[[str, str], Path]:
    """Write a section file of the scratch project."""

    def _write(name: str, text: str) -> Path:
        path = project / "strategy" / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """lws's user cache (compiled templates, parsed packaged files) lives in the session's
    temporary directory, so tests never read or write the real ~/.cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield
