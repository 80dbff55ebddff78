"""RealPaths gives what Path.resolve() gives, for files, links, folders and odd names."""

from __future__ import annotations

from pathlib import Path

import pytest

from lws.core.realpaths import RealPaths


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project with a plain file, links to files inside and outside, a linked folder,
    a dangling link and a loop."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.yaml").write_text("a: 1\n")
    project = tmp_path / "trust"
    (project / "strategy").mkdir(parents=True)
    (project / "strategy" / "vision.yaml").write_text("a: 1\n")
    (project / "strategy" / "inside.yaml").symlink_to("vision.yaml")
    (project / "strategy" / "out.yaml").symlink_to(tmp_path / "outside" / "secret.yaml")
    (project / "strategy" / "dangling.yaml").symlink_to("nowhere.yaml")
    (project / "strategy" / "loop.yaml").symlink_to("loop.yaml")
    (project / "linked").symlink_to(tmp_path / "outside")
    return project


def cases(project: Path) -> list[Path]:
    strategy = project / "strategy"
    return [
        strategy / "vision.yaml",
        strategy / "inside.yaml",
        strategy / "out.yaml",
        strategy / "dangling.yaml",
        strategy / "missing.yaml",
        project / "linked" / "secret.yaml",
        project / "linked" / ".." / "trust" / "strategy" / "vision.yaml",
        strategy / "..",
        project,
        Path("strategy") / "vision.yaml",
        Path("vision.yaml"),
    ]


def test_every_kind_of_path_resolves_as_path_resolve_does(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree)
    real = RealPaths()
    for _ in range(2):  # asked again, from what was kept
        for path in cases(tree):
            assert real.file(path) == path.resolve(), path
            assert real.folder(path) == path.resolve(), path


def test_a_loop_raises_as_path_resolve_does(tree: Path) -> None:
    loop = tree / "strategy" / "loop.yaml"
    with pytest.raises((OSError, RuntimeError)) as expected:
        loop.resolve()
    with pytest.raises(expected.type):
        RealPaths().file(loop)
