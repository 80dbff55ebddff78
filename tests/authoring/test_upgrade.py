"""The upgrade's machinery: a version's own rewrites run before the version is set."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from lws.authoring.upgrade import apply, plan_upgrade, steps_after
from lws.model.versions import CURRENT, shown

V0_1 = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1" / "strategy"


def rename_stage(texts: Mapping[str, str]) -> dict[str, str]:
    """A rewrite as a future version might need: one line of actions.yaml edited."""
    old = texts["strategy/actions.yaml"]
    return {"strategy/actions.yaml": old.replace("stages:", "phases:", 1)}


def test_the_current_model_has_no_rewrite_besides_the_version() -> None:
    assert steps_after((0, 1)) == []  # 0.2 only relaxed and extended the model


def test_a_versions_rewrite_runs_and_is_written_with_the_version(tmp_path: Path) -> None:
    shutil.copytree(V0_1, tmp_path / "strategy")
    actions = (tmp_path / "strategy" / "actions.yaml").read_text()
    assert steps_after((0, 1), {CURRENT: rename_stage}) == [rename_stage]
    assert steps_after(CURRENT, {CURRENT: rename_stage}) == []

    plan = plan_upgrade(tmp_path, {CURRENT: rename_stage})

    assert [c.display for c in plan.changes] == ["strategy/actions.yaml", "strategy/manifest.yaml"]
    assert "-stages:" in plan.diff() and "+phases:" in plan.diff()
    apply(plan)
    assert (tmp_path / "strategy" / "actions.yaml").read_text() == actions.replace(
        "stages:", "phases:", 1
    )
    assert (
        f"schema_version: '{shown(CURRENT)}'\n"
        in (tmp_path / "strategy" / "manifest.yaml").read_text()
    )
    assert plan_upgrade(tmp_path, {CURRENT: rename_stage}).changes == ()  # now current
