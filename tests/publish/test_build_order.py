"""Longest jobs first: variants planned and conversions started by the last build's times
(kept in build/.lws/), and on a first build by the size of each job's Markdown."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lws.publish.build import build, expected_seconds, variant_costs
from lws.publish.jobs import prepare
from lws.publish.plans import last_plan
from lws.publish.state import build_options, read_state, request_for, state_path
from tests.publish.test_build import EPOCH, copy_project

TODAY = dt.date(2026, 11, 24)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example built once in HTML: its state records each output's time."""
    root = copy_project(tmp_path_factory.mktemp("order") / "trust")
    assert not build(root, formats=["html"], today=TODAY, progress=lambda line: None).problems
    return root


def _built(lines: list[str]) -> list[str]:
    return [line.split(" built ")[1].split(" ")[0] for line in lines if " built " in line]


def test_each_variant_costs_its_longest_conversion_last_time(project: Path) -> None:
    state = read_state(project)
    plan = prepare(project, today=TODAY)
    costs = variant_costs(state, plan.variants)
    assert set(costs) == {"leaflet", "board", "full", "slides"}
    assert costs["slides"] == 0.0  # its only format (PPTX) was never built
    for name in ("leaflet", "board", "full"):
        assert costs[name] == state["outputs"][f"build/{name}.html"]["seconds"] > 0


def test_the_costliest_variant_is_planned_first(project: Path) -> None:
    plan = prepare(project, formats=["html"], today=TODAY)
    costs = {"leaflet": 0.5, "board": 2.0, "full": 1.0, "slides": 3.0}
    order = [batch[0].variant.name for batch in plan.jobs(costs) if batch]
    assert order == ["board", "full", "leaflet"]  # slides has no HTML: no jobs
    assert [len(b) for b in plan.jobs()] == [1, 1, 1, 0]  # without costs: as declared


def test_a_first_build_renders_every_variant_then_gives_out_its_jobs(project: Path) -> None:
    plan = prepare(project, formats=["html"], today=TODAY)
    batches = list(plan.jobs(dict.fromkeys(("leaflet", "board", "full", "slides"), 0.0)))
    assert len(batches) == 1
    assert sorted(j.variant.name for j in batches[0]) == ["board", "full", "leaflet"]


def test_conversions_start_longest_first_by_the_recorded_times(project: Path) -> None:
    """One worker converts in the order it is given: what took longest last time first."""
    state = json.loads(state_path(project).read_text("utf-8"))
    state["outputs"]["build/full.html"]["seconds"] = 99.0  # the longest, last time
    state["outputs"]["build/board.html"]["seconds"] = 50.0
    state["outputs"]["build/leaflet.html"]["seconds"] = 0.01
    state_path(project).write_text(json.dumps(state), "utf-8")
    lines: list[str] = []
    result = build(project, formats=["html"], force=True, workers=1, today=TODAY,
                   progress=lines.append)  # fmt: skip
    assert not result.problems
    assert _built(lines) == ["build/full.html", "build/board.html", "build/leaflet.html"]


def test_a_clean_build_starts_with_the_full_document(project: Path) -> None:
    """With no recorded times the longest Markdown goes first: the full document."""
    state_path(project).unlink()
    lines: list[str] = []
    result = build(project, formats=["html"], force=True, workers=1, today=TODAY,
                   progress=lines.append)  # fmt: skip
    assert not result.problems
    assert _built(lines)[0] == "build/full.html"


def test_with_no_recorded_time_the_guess_is_by_format_and_length(project: Path) -> None:
    """A first build's order: the full document's PDF (Pandoc then Typst) first, then its
    HTML and DOCX; HTML's start-up (the embedded font) puts even the leaflet's HTML before
    the board's DOCX; the leaflet's DOCX last."""
    plan = prepare(project, today=TODAY)
    jobs = [job for batch in plan.jobs() for job in batch]
    none = read_state(project / "nowhere")
    names = [j.output.name for j in sorted(jobs, key=lambda j: -expected_seconds(j, none))]
    assert names[:3] == ["full.pdf", "full.html", "full.docx"]
    assert names.index("leaflet.html") < names.index("board.docx")
    assert names[-1] == "leaflet.docx"
    recorded = {"outputs": {"build/leaflet.docx": {"seconds": 9.0}}}
    assert max(jobs, key=lambda j: expected_seconds(j, recorded)).output.name == "leaflet.docx"


def test_a_clean_build_orders_its_variants_by_the_last_kept_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No recorded times (the state removed, as with ``build/``) and a section edited: the
    plan kept from the last build of the request still says which variant is longest, so
    its charts are asked for and its jobs given out first, each variant's as soon as it is
    rendered. (The charts are kept here, so no job waits for one: the order is the plan's.)"""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # the request's date: not the edit's
    root = copy_project(tmp_path / "trust")
    assert not build(root, formats=["html"], today=TODAY, progress=lambda line: None).problems
    state_path(root).unlink()
    vision = root / "strategy" / "vision.yaml"
    vision.write_text("# edited\n" + vision.read_text("utf-8"), "utf-8")
    request = request_for(root, (), ["html"], options=build_options(TODAY, False))
    last = last_plan(root, request)
    assert last is not None
    plan = prepare(root, formats=["html"], today=TODAY)
    costs = variant_costs(read_state(root), plan.variants, last.jobs)
    assert costs["full"] > costs["board"] > costs["leaflet"] > 0 == costs["slides"]
    assert [[j.variant.name for j in b] for b in plan.jobs(costs)] == [
        ["full"],
        ["board"],
        ["leaflet"],
        [],
    ]
    lines: list[str] = []
    result = build(root, formats=["html"], workers=1, today=TODAY, progress=lines.append)
    assert not result.problems
    assert _built(lines) == ["build/full.html", "build/board.html", "build/leaflet.html"]
