"""Under ``nox -s mutate``, each mutant is judged by its own module's tests only.

mutmut runs, for each mutant, every selected test that called the mutated function; the
loader is called by nearly every test, so its mutants would each run the evidence and
render tests too. ``[tool.lws.mutation]`` in pyproject.toml names, per module (or package
prefix), the fast unit tests that judge it; the rest are deselected. A mutant none of its
module's tests reaches is then reported "no tests", which counts as surviving.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

MUTANT = "__mutmut_"


def mutated_module(mutant: str) -> str | None:
    """``lws.model.yaml_errors`` for ``lws.model.yaml_errors.x_bad_tag__mutmut_3`` (or a
    method's ``…xǁTreeBuilderǁbuild__mutmut_1``); None outside a mutant's run."""
    if MUTANT not in mutant:
        return None
    for marker in (".x_", ".xǁ"):
        if marker in mutant:
            return mutant.split(marker, 1)[0]
    return None


def judges(module: str, table: Mapping[str, Sequence[str]]) -> list[str] | None:
    """The test files for ``module``: its own entry, else its longest package prefix."""
    for name in sorted(table, key=len, reverse=True):
        if module == name or module.startswith(f"{name}."):
            return list(table[name])
    return None


def select(config: pytest.Config, items: list[pytest.Item]) -> None:
    module = mutated_module(os.environ.get("MUTANT_UNDER_TEST", ""))
    if module is None:
        return
    pyproject = Path(config.rootpath, "pyproject.toml")
    table = tomllib.loads(pyproject.read_text("utf-8"))["tool"]["lws"]["mutation"]
    files = judges(module, table)
    if files is None:
        return
    keep = [item for item in items if item.nodeid.split("::", 1)[0] in files]
    drop = [item for item in items if item not in keep]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
