"""The upgrade's machinery: a version's own rewrites run before the version is set."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from lws.authoring.upgrade import apply, keep_the_0_2_document, plan_upgrade, steps_after
from lws.core.errors import LwsError
from lws.model.structure import BEFORE_0_3
from lws.model.versions import CURRENT, shown
from lws.publish.jobs import prepare

V0_1 = Path(__file__).resolve().parents[1] / "fixtures" / "v0_1" / "strategy"


def rename_stage(texts: Mapping[str, str]) -> dict[str, str]:
    """A rewrite as a future version might need: one line of actions.yaml edited."""
    old = texts["strategy/actions.yaml"]
    return {"strategy/actions.yaml": old.replace("stages:", "phases:", 1)}


def test_only_0_3_rewrites_more_than_the_version() -> None:
    # 0.2 only relaxed and extended the model; 0.3 made structure decide the full document
    assert steps_after((0, 1)) == steps_after((0, 2)) == [keep_the_0_2_document]
    assert steps_after((0, 3)) == []


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


#: The sections of the full document a 0.2 build printed from the example, in order (their
#: heading ids in tests/golden/full.md at ecf49f7^, the last 0.2 commit), without the four
#: part headings (Vision, Strategy, Embed, Enable) that 0.3 prints for no strategy. The 0.1
#: fixture has no glossary.yaml; 0.3 prints the impact mapping under its own heading, where
#: 0.2 printed it inside the priorities.
PRINTED_BY_0_2 = [
    "summary", "scope", "priorities", "impact-mapping", "lessons", "baseline", "vision",
    "innovation", "prioritisation", "actions", "measures", "alignment", "communications",
    "implementation", "sustaining", "risks", "impact", "engagement", "audiences",
    "appendices", "impact-models", "contacts",
]  # fmt: skip
LOGO = Path(__file__).resolve().parents[2] / "templates" / "assets" / "logo.svg"


def full_document(root: Path) -> str:
    """The full document's Markdown, as lws build renders it."""
    (root / "templates" / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy(LOGO, root / "templates" / "assets")
    plan = prepare(root, ["full"], ["html"], today=dt.date(2026, 11, 24), draft=True)
    (jobs,) = list(plan.jobs())
    return jobs[0].markdown


def sections(markdown: str) -> list[str]:
    """The ids of the document's sections (level 1 and 2 headings), in order."""
    return re.findall(r"^#{1,2} .*\{#([a-z-]+)\}$", markdown, flags=re.MULTILINE)


def test_an_upgraded_old_strategy_prints_the_document_a_0_2_build_printed(
    tmp_path: Path,
) -> None:
    shutil.copytree(V0_1, tmp_path / "strategy")
    lost = sections(full_document(tmp_path))  # 0.3 reads the old list as what to print
    assert "summary" not in lost and "appendices" not in lost

    apply(plan_upgrade(tmp_path))

    markdown = full_document(tmp_path)
    # 0.2 printed the strategy's facts under the title; the cover now puts them in a section
    assert sections(markdown) == ["about", *PRINTED_BY_0_2]
    assert "::: {.lws-contents}" in markdown


def publication(root: Path, structure: str) -> Path:
    """A copy of the 0.1 strategy whose publication.yaml's structure is written ``structure``."""
    shutil.copytree(V0_1, root / "strategy")
    path = root / "strategy" / "publication.yaml"
    text = path.read_text(encoding="utf-8")
    head, tail = text[: text.index("structure:")], text[text.index("\nbrand:") :]
    path.write_text(head + structure + tail, encoding="utf-8")
    return path


def new_structure(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["structure"]


@pytest.mark.parametrize(
    "structure",
    [
        "structure: [manifest, scope, risks]  # the order we want\n",
        "structure: [manifest,\n  scope,   # the problem\n  risks]\n",
        "structure:\n- manifest\n# what we do\n- scope\n- risks    # last\n",
        "structure:\n    - manifest\n    - scope\n\n    - risks\n",
    ],
    ids=["flow", "flow-over-lines", "unindented-with-comments", "deep-indent"],
)
def test_every_layout_of_an_old_list_is_rewritten_and_its_words_kept(
    tmp_path: Path, structure: str
) -> None:
    path = publication(tmp_path, structure)
    before = path.read_text(encoding="utf-8")
    plan = plan_upgrade(tmp_path)
    apply(plan)
    after = path.read_text(encoding="utf-8")
    assert new_structure(path) == list(BEFORE_0_3)
    head = before[: before.index("structure")]
    tail = before[before.index("\nbrand:") :]
    assert after.startswith(head) and after.endswith(tail)
    comments = [line.split("#", 1)[1] for line in after.splitlines() if "#   " in line]
    for word in ("manifest", "scope", "risks"):  # the old list, and its comments, as comments
        assert any(word in comment for comment in comments), word
    for remark in re.findall(r"# (the order we want|the problem|what we do|last)", before):
        assert any(remark in comment for comment in comments), remark
    assert plan_upgrade(tmp_path).changes == ()  # idempotent


def test_crlf_is_kept_in_the_rewritten_lines(tmp_path: Path) -> None:
    path = publication(tmp_path, "structure:\n  - manifest\n  - scope\n")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    apply(plan_upgrade(tmp_path))
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")
    assert new_structure(path) == list(BEFORE_0_3)


@pytest.mark.parametrize(
    "structure", ["structure: []\n", "", "structure:\n" + "".join(f"  - {p}\n" for p in BEFORE_0_3)]
)
def test_no_list_an_empty_one_or_the_0_2_list_is_left_as_it_is(
    tmp_path: Path, structure: str
) -> None:
    path = publication(tmp_path, structure)
    before = path.read_bytes()
    plan = plan_upgrade(tmp_path)
    assert [c.display for c in plan.changes] == ["strategy/manifest.yaml"]
    apply(plan)
    assert path.read_bytes() == before


def test_a_list_it_cannot_rewrite_in_place_is_a_located_error(tmp_path: Path) -> None:
    path = publication(tmp_path, "")
    path.write_text("{audiences: [], structure: [manifest, scope]}\n", encoding="utf-8")
    with pytest.raises(LwsError) as raised:
        plan_upgrade(tmp_path)
    (problem,) = raised.value.diagnostics
    assert problem.format().startswith("strategy/publication.yaml:1:17: error: ")
    assert "cannot rewrite this structure list" in problem.message
    assert "cover, manifest, contents" in problem.hint
