"""Builds shared by the publishing tests: the example and a new trust's sparse skeleton."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lws.authoring.init import skeleton
from lws.model.schema import load_schemas
from lws.publish.build import build
from tests.publish.test_build import EPOCH, copy_project


def _build(project: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = build(project, progress=lambda line: None)
    assert not result.problems, [p.format() for p in result.problems]
    return project


@pytest.fixture(scope="session")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(copy_project(tmp_path_factory.mktemp("example")))


@pytest.fixture(scope="session")
def sparse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new trust's repository as ``lws init`` makes it: almost every section empty."""
    root = tmp_path_factory.mktemp("sparse")
    schemas = load_schemas(Path(__file__).resolve().parents[2] / "schema")
    for name, text in skeleton(
        schemas, "Eastmoor Children's Partnership", dt.date(2026, 11, 1)
    ).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return _build(root)
