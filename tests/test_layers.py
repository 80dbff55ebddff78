"""The package's stages import only the stages beneath them, so data flows one way."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import lws

PACKAGE = Path(lws.__file__).resolve().parent
STAGES = ("core", "model", "diagnose", "convert", "publish", "authoring", "oversight", "cli")


def imported_stages(path: Path) -> set[tuple[str, int]]:
    """Every (stage, line) that a module imports from, including imports inside functions."""
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "lws" and len(parts) > 1 and parts[1] in STAGES:
                found.add((parts[1], node.lineno))
    return found


def test_every_module_belongs_to_a_stage() -> None:
    loose = sorted(
        p.name for p in PACKAGE.glob("*.py") if p.name not in {"__init__.py", "__main__.py"}
    )
    assert loose == []
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name in STAGES) == sorted(
        STAGES
    )


@pytest.mark.parametrize("stage", STAGES)
def test_stage_imports_only_stages_beneath_it(stage: str) -> None:
    rank = STAGES.index(stage)
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} imports lws.{other}"
        for path in sorted((PACKAGE / stage).rglob("*.py"))
        for other, line in sorted(imported_stages(path))
        if STAGES.index(other) > rank
    ]
    assert wrong == []
