"""``check_project`` runs without Python's cycle collector and leaves it exactly as it was."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lws.diagnose.check import check_project
from lws.model.project import NotAProjectError

TODAY = dt.date(2026, 6, 1)


@pytest.fixture
def collections() -> Iterator[list[int]]:
    """The generation of each collection the cycle collector starts meanwhile."""
    started: list[int] = []

    def note(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started.append(info["generation"])

    gc.collect()
    gc.callbacks.append(note)
    try:
        yield started
    finally:
        gc.callbacks.remove(note)


def _grown(project: Path, n: int) -> None:
    """The example with ``n`` more actions: enough objects for several collections."""
    actions = project / "strategy" / "actions.yaml"
    extra = "".join(
        f"  - id: X{i}\n    title: Extra action {i}\n    theme: recruit\n"
        "    responsible: wfd-lead\n    accountable: dcs\n"
        for i in range(n)
    )
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("actions:\n", "actions:\n" + extra, 1), encoding="utf-8")


def test_a_check_starts_no_collection(project: Path, collections: list[int]) -> None:
    _grown(project, 500)
    thresholds = gc.get_threshold()
    check_project(project, TODAY)
    # at most the young generation once, as the collector resumes (without the pause: dozens
    # of collections, the oldest generation's among them)
    assert collections in ([], [0])
    assert gc.isenabled() and gc.get_threshold() == thresholds


def test_the_collector_resumes_after_a_failed_check(tmp_path: Path) -> None:
    with pytest.raises(NotAProjectError):
        check_project(tmp_path, TODAY)
    assert gc.isenabled()


def test_a_check_leaves_a_disabled_collector_disabled(project: Path) -> None:
    gc.disable()
    try:
        check_project(project, TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()
