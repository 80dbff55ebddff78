"""Which tests judge a mutant under ``nox -s mutate`` (tests/mutation_selection.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from tests.mutation_selection import judges, mutated_module

ROOT = Path(__file__).resolve().parents[1]


def test_the_module_of_a_mutant_of_a_function_or_a_method() -> None:
    assert mutated_module("lws.model.yaml_errors.x_bad_tag__mutmut_3") == "lws.model.yaml_errors"
    assert mutated_module("lws.model.yaml_tree.xǁTreeBuilderǁbuild__mutmut_12") == (
        "lws.model.yaml_tree"
    )
    for outside in ("", "stats", "fail", "list_all_tests"):
        assert mutated_module(outside) is None


def test_the_longest_prefix_names_the_judges() -> None:
    table = {"lws.model": ["a.py"], "lws.model.load": ["b.py"], "lws.diagnose.evidence": ["c.py"]}
    assert judges("lws.model.yaml_tree", table) == ["a.py"]
    assert judges("lws.model.load", table) == ["b.py"]
    assert judges("lws.model.loader", table) == ["a.py"]  # a prefix of the name is no package
    assert judges("lws.publish.render", table) is None


def test_every_mutated_module_has_judges_that_exist_and_are_selected() -> None:
    tool = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    selected = set(tool["mutmut"]["pytest_add_cli_args_test_selection"])
    for source in tool["mutmut"]["only_mutate"]:
        module = source.removeprefix("src/").removesuffix(".py").replace("/", ".")
        files = judges(module, tool["lws"]["mutation"])
        assert files, module
        assert all((ROOT / f).is_file() and f in selected for f in files), module
