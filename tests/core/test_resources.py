"""The trust's file, else lws's packaged default: both layouts lws runs from, both answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lws.core.resources import KINDS, PACKAGE, Resources, packaged


def wheel(tmp_path: Path) -> Path:
    """An installed lws: site-packages/lws with its data in lws/_data/KIND."""
    package = tmp_path / "site-packages" / "lws"
    for kind in KINDS:
        (package / "_data" / kind).mkdir(parents=True)
    (package / "_data" / "templates" / "variants.yaml").write_text("lws's own\n")
    (package / "_data" / "schema" / "people.yaml").write_text("people: lws\n")
    (package / "_data" / "schema" / "risks.yaml").write_text("risks: lws\n")
    return package


def checkout(tmp_path: Path) -> Path:
    """A source checkout: src/lws without _data, the data at the top of the tree."""
    package = tmp_path / "checkout" / "src" / "lws"
    package.mkdir(parents=True)
    for kind in KINDS:
        (tmp_path / "checkout" / kind).mkdir()
    (tmp_path / "checkout" / "templates" / "variants.yaml").write_text("lws's own\n")
    return package


def test_packaged_data_is_in_the_wheel_when_installed(tmp_path: Path) -> None:
    package = wheel(tmp_path)
    assert packaged("schema", package) == package / "_data" / "schema"
    assert packaged("templates", package) == package / "_data" / "templates"


def test_packaged_data_is_at_the_top_of_a_source_checkout(tmp_path: Path) -> None:
    package = checkout(tmp_path)
    assert packaged("criteria", package) == tmp_path / "checkout" / "criteria"
    assert packaged("templates", package) == tmp_path / "checkout" / "templates"


def test_the_running_lws_has_all_its_defaults() -> None:
    # Under nox the package is installed from the wheel; in development it is the checkout.
    assert (packaged("schema") / "_rules.yaml").is_file()
    assert (packaged("criteria") / "diagnostic.yaml").is_file()
    assert (packaged("templates") / "variants.yaml").is_file()
    assert (packaged("templates") / "filters" / "sanitize.lua").is_file()
    assert packaged("schema").is_relative_to(PACKAGE) == (PACKAGE / "_data").is_dir()


@pytest.mark.parametrize("layout", [wheel, checkout])
def test_the_trusts_file_wins_else_the_default(
    layout: Callable[[Path], Path], tmp_path: Path
) -> None:
    package = layout(tmp_path)
    project = tmp_path / "trust"
    found = Resources(project, package)
    default = packaged("templates", package) / "variants.yaml"
    assert found.find("templates", "variants.yaml") == default
    assert found.dirs("templates") == [packaged("templates", package)]
    assert found.display("templates", default) == "<lws>/templates/variants.yaml"

    (project / "templates").mkdir(parents=True)
    (project / "templates" / "variants.yaml").write_text("the trust's own\n")
    own = project / "templates" / "variants.yaml"
    assert found.find("templates", "variants.yaml") == own
    assert found.dirs("templates") == [project / "templates", packaged("templates", package)]
    assert found.display("templates", own) == "templates/variants.yaml"
    assert found.find("templates", "html/style.css") is None


def test_files_of_a_kind_by_name_the_trusts_replacing_lws(tmp_path: Path) -> None:
    package = wheel(tmp_path)
    project = tmp_path / "trust"
    (project / "schema").mkdir(parents=True)
    (project / "schema" / "risks.yaml").write_text("risks: the trust's\n")
    (project / "schema" / "local_section.yaml").write_text("local: yes\n")
    found = Resources(project, package)
    assert found.files("schema", "*.yaml") == {
        "people": package / "_data" / "schema" / "people.yaml",
        "risks": project / "schema" / "risks.yaml",
        "local_section": project / "schema" / "local_section.yaml",
    }


def test_a_copy_is_packaged_only_while_it_is_the_same_bytes(tmp_path: Path) -> None:
    package = wheel(tmp_path)
    project = tmp_path / "trust"
    (project / "schema").mkdir(parents=True)
    copy = project / "schema" / "people.yaml"
    copy.write_text("people: lws\n")
    found = Resources(project, package)
    assert found.is_packaged("schema", package / "_data" / "schema" / "people.yaml")
    assert found.is_packaged("schema", copy)
    copy.write_text("people: changed\n")
    assert not found.is_packaged("schema", copy)
    assert not found.is_packaged("schema", project / "schema" / "missing.yaml")


def test_lws_own_example_is_looked_in_once(tmp_path: Path) -> None:
    package = checkout(tmp_path)
    found = Resources(tmp_path / "checkout", package)
    assert found.dirs("templates") == [tmp_path / "checkout" / "templates"]
    assert found.display("templates", found.dirs("templates")[0] / "variants.yaml") == (
        "templates/variants.yaml"
    )
