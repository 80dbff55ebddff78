"""The no-op's file listing (lws.publish.state._files_under) names files as relpath would."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lws.publish.state import _files_under


@pytest.mark.parametrize("shape", ["absolute", "relative", "dot", "trailing slash", "dotdot"])
def test_each_file_is_named_relative_to_its_base(
    shape: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "trust"
    for name in ("strategy/a.yaml", "strategy/deep/b.yaml", "strategy/__pycache__/c.pyc"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir({"dot": root, "dotdot": tmp_path / "elsewhere"}.get(shape, tmp_path))
    base = {
        "absolute": str(root),
        "relative": "trust",
        "dot": ".",
        "trailing slash": "trust/",
        "dotdot": "../trust",
    }[shape]
    found = _files_under(base, os.path.join(base, "strategy"))  # noqa: PTH118 (as state.py joins)
    assert [name for name, _ in found] == ["strategy/a.yaml", "strategy/deep/b.yaml"]
    assert all(name == os.path.relpath(path, base) for name, path in found)
