"""``lws diff``: what changed between two versions of a strategy kept in git."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from lws.authoring.diff import StrategyDiff, as_json, as_markdown, as_text, diff_strategies
from lws.authoring.gitrev import RevisionError, default_base, documents_at, resolve
from lws.cli.main import main
from lws.core.errors import LwsError
from lws.diagnose.diagnostic import diagnose, load_criteria
from lws.model.load import Document, load_bytes
from tests.conftest import Golden

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "strategy"
TODAY = dt.date(2026, 11, 24)
# The repositories made here are independent of the user's git configuration and hooks.
GIT_ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_AUTHOR_DATE": "2026-11-01T12:00:00Z",
    "GIT_COMMITTER_DATE": "2026-11-01T12:00:00Z",
}

# Each edit: (file, old text, new text); the old text must occur exactly once.
EDITS = [
    # KPIs: K1's latest value moves (and is re-dated), K3's target moves.
    ("measures.yaml", "value: 18.9\n      date: 2026-09-30", "value: 17.2\n      date: 2026-10-31"),
    ("measures.yaml", "value: 90\n      date: 2027-09-30", "value: 85\n      date: 2027-09-30"),
    # Actions: A2 amber → red, A1 green → complete (and stage 4 → 6), A16 removed, A17 new.
    ("actions.yaml", "rag: amber\n    updated: 2026-11-12\n    comments: >-\n      Caseload",
     "rag: red\n    updated: 2026-11-12\n    comments: >-\n      Caseload"),
    ("actions.yaml", "stage: 4\n    rag: green\n    updated: 2026-11-12\n    comments: Site live",
     "stage: 6\n    rag: complete\n    updated: 2026-11-12\n    comments: Site live"),
    ("actions.yaml", "- id: A16\n    title: Early years workforce plan for new childcare places\n",
     "- id: A17\n    title: Pay | grading review for early help (with *stars*)\n"),
    # Risks: R3 3×4 = 12 MEDIUM → 4×4 = 16 HIGH, R4 closed, R10 new.
    ("risks.yaml", "probability: 3\n    impact: 4\n    owner: wfd-lead",
     "probability: 4\n    impact: 4\n    owner: wfd-lead"),
    ("risks.yaml", "each autumn\n    next_review: 2027-03-11\n    status: open",
     "each autumn\n    next_review: 2027-03-11\n    status: closed"),
    ("risks.yaml", "    next_review: 2027-05-13\n    status: closed\n",
     "    next_review: 2027-05-13\n    status: closed\n  - id: R10\n"
     "    title: Agency rates rise across the region\n    probability: 3\n    impact: 3\n"
     "    owner: dcs\n    next_review: 2027-02-11\n    status: open\n"),
    # Vision: the statement's year changes, a theme is renamed.
    ("vision.yaml", "  By 2029 everyone", "  By 2030 everyone"),
    ("vision.yaml", "    title: Modernising\n", "    title: Modernising how we work\n"),
]  # fmt: skip
STAFF_CONSULTATION = re.compile(r"^  - with: staff\n(?:    .*\n|\n)*?(?=  - |\Z)", re.MULTILINE)


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        env=GIT_ENV,
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return done.stdout


def make_repo(root: Path) -> Path:
    """A git repository holding a copy of the example strategy, one commit on main."""
    shutil.copytree(EXAMPLE, root / "strategy")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "strategy")
    git(root, "commit", "-q", "-m", "first version")
    return root


def change_everything(root: Path) -> None:
    for name, old, new in EDITS:
        path = root / "strategy" / name
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    engagement = root / "strategy" / "engagement.yaml"
    text, removed = STAFF_CONSULTATION.subn("", engagement.read_text(encoding="utf-8"))
    assert removed == 2
    engagement.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """v1 (tagged) is the example; HEAD, a second commit, changes each kind of thing."""
    root = make_repo(tmp_path_factory.mktemp("repo"))
    git(root, "tag", "v1")
    change_everything(root)
    git(root, "commit", "-q", "-am", "second version")
    return root


@pytest.fixture(scope="module")
def diff(repo: Path) -> StrategyDiff:
    criteria = load_criteria(repo)
    old, new = documents_at(repo, "v1"), documents_at(repo, "HEAD")
    return diff_strategies(
        old,
        new,
        old_report=diagnose(old, criteria, TODAY),
        new_report=diagnose(new, criteria, TODAY),
        old_label="v1",
        new_label="HEAD",
    )


def lws_diff(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["diff", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# -- what the diff finds --------------------------------------------------------------------


def test_diagnostic_status_changes(diff: StrategyDiff) -> None:
    q11 = next(c for c in diff.diagnostic.criteria if c.id == "Q11")
    assert q11.status.old == "met"
    assert q11.status.new in ("partly_met", "not_met")
    assert q11.question.startswith("Have we asked staff at all levels")
    assert diff.diagnostic.percent.new < diff.diagnostic.percent.old


def test_kpi_changes(diff: StrategyDiff) -> None:
    changed = {c.id: c for c in diff.kpis.changed}
    assert set(changed) == {"K1", "K3"}
    k1 = changed["K1"]
    assert k1.latest is not None and k1.latest.old is not None and k1.latest.new is not None
    assert (k1.latest.old.value, k1.latest.old.date_text) == (18.9, "2026-09-30")
    assert (k1.latest.new.value, k1.latest.new.date_text) == (17.2, "2026-10-31")
    assert k1.trend == "better"  # the vacancy rate is better down
    assert k1.unit.new == "%" and k1.target is None and k1.baseline is None
    k3 = changed["K3"]
    assert k3.target is not None and k3.target.old is not None and k3.target.new is not None
    assert (k3.target.old.value, k3.target.new.value) == (90, 85)
    assert k3.latest is None
    assert diff.kpis.added == () and diff.kpis.removed == ()


def test_action_changes(diff: StrategyDiff) -> None:
    actions = diff.actions
    assert [a.id for a in actions.added] == ["A17"]
    assert actions.added[0].title == "Pay | grading review for early help (with *stars*)"
    assert [a.id for a in actions.removed] == ["A16"]
    assert [a.id for a in actions.completed] == ["A1"]
    rag = {c.id: c.rag for c in actions.rag_changed if c.rag}
    assert (rag["A2"].old, rag["A2"].new) == ("amber", "red")
    assert (rag["A1"].old, rag["A1"].new) == ("green", "complete")
    (a1,) = actions.stage_changed
    assert a1.id == "A1" and a1.stage is not None
    assert a1.stage.old is not None and a1.stage.new is not None
    assert (a1.stage.old.number, a1.stage.old.name) == (4, "roll out")
    assert (a1.stage.new.number, a1.stage.new.name) == (6, "reviewing")


def test_risk_changes(diff: StrategyDiff) -> None:
    risks = diff.risks
    assert [r.id for r in risks.added] == ["R10"]
    assert [(c.risk.id, c.how) for c in risks.closed] == [("R4", "closed")]
    (r3,) = risks.rerated
    assert r3.id == "R3"
    assert f"{r3.rating.old} → {r3.rating.new}" == "12 MEDIUM → 16 HIGH"
    assert risks.reopened == ()


def test_vision_changes(diff: StrategyDiff) -> None:
    statement = diff.vision.statement
    assert statement is not None and not statement.rewritten
    assert [(e.old, e.new, e.after) for e in statement.edits] == [("2029", "2030", "By")]
    assert statement.new.startswith("By 2030 everyone who works with children")
    (renamed,) = diff.vision.themes_renamed
    assert (renamed.id, renamed.title.old, renamed.title.new) == (
        "modernise",
        "Modernising",
        "Modernising how we work",
    )
    assert diff.vision.themes_added == () and diff.vision.themes_removed == ()


def test_a_version_compared_with_itself_has_no_changes(repo: Path) -> None:
    docs = documents_at(repo, "HEAD")
    report = diagnose(docs, load_criteria(repo), TODAY)
    same = diff_strategies(docs, docs, old_report=report, new_report=report)
    assert not same.changed
    assert as_markdown(same).endswith("\n\nNo changes.\n")
    assert json.loads(as_json(same))["changed"] is False


def test_removed_and_reopened_risks_and_themes(diff: StrategyDiff, repo: Path) -> None:
    # Reversed, the same two versions show R4 reopened, R10 removed and A17 removed.
    criteria = load_criteria(repo)
    old, new = documents_at(repo, "HEAD"), documents_at(repo, "v1")
    back = diff_strategies(
        old,
        new,
        old_report=diagnose(old, criteria, TODAY),
        new_report=diagnose(new, criteria, TODAY),
    )
    assert [(c.risk.id, c.how) for c in back.risks.closed] == [("R10", "removed")]
    assert [r.id for r in back.risks.reopened] == ["R4"]
    assert [c.id for c in back.actions.completed] == []
    assert [a.id for a in back.actions.removed] == ["A17"]


# -- renderers ------------------------------------------------------------------------------


def test_golden_markdown(repo: Path, capsys: pytest.CaptureFixture[str], golden: Golden) -> None:
    code, out, _ = lws_diff(
        capsys,
        "v1",
        "HEAD",
        "--project",
        str(repo),
        "--format",
        "markdown",
        "--today",
        "2026-11-24",
    )
    assert code == 0
    golden("diff.md", out)


def test_markdown_escapes_author_text(diff: StrategyDiff) -> None:
    text = as_markdown(diff)
    row = next(line for line in text.splitlines() if line.startswith("| A17 "))
    assert r"Pay \| grading review for early help \(with \*stars\*\)" in row
    assert row.count(" | ") == 4  # five cells: the author's | does not make a sixth
    for heading in ("Diagnostic", "Measures (KPIs)", "Actions", "Risks", "Vision"):
        assert f"\n### {heading}\n" in text


def test_json_has_the_documented_keys(diff: StrategyDiff) -> None:
    data = json.loads(as_json(diff))
    assert set(data) == {
        "version", "old", "new", "today", "changed",
        "diagnostic", "kpis", "actions", "risks", "vision", "fields",
    }  # fmt: skip
    assert (data["version"], data["old"], data["new"]) == (1, "v1", "HEAD")
    assert data["today"] == "2026-11-24" and data["changed"] is True
    assert set(data["diagnostic"]) == {"percent", "gate_passed", "gate_reasons", "criteria"}
    q11 = next(c for c in data["diagnostic"]["criteria"] if c["id"] == "Q11")
    assert set(q11) == {"id", "question", "from", "to"} and q11["from"] == "met"
    assert set(data["kpis"]) == {"added", "removed", "changed"}
    k1 = data["kpis"]["changed"][0]
    assert set(k1) == {"id", "title", "unit", "baseline", "target", "latest", "trend"}
    assert k1["latest"] == {
        "from": {"value": 18.9, "date": "2026-09-30"},
        "to": {"value": 17.2, "date": "2026-10-31"},
    }
    assert set(data["actions"]) == {"added", "removed", "completed", "changed"}
    assert data["actions"]["completed"] == [
        {"id": "A1", "title": diff.actions.completed[0].title, "from": "green"}
    ]
    a1 = next(c for c in data["actions"]["changed"] if c["id"] == "A1")
    assert set(a1) == {"id", "title", "rag", "stage", "due"}
    assert a1["stage"] == {
        "from": {"number": 4, "name": "roll out"},
        "to": {"number": 6, "name": "reviewing"},
    }
    assert set(data["risks"]) == {"added", "closed", "reopened", "rerated"}
    (r3,) = data["risks"]["rerated"]
    assert r3["from"] == {"probability": 3, "impact": 4, "score": 12, "band": "medium"}
    assert r3["to"]["band"] == "high"
    assert data["risks"]["closed"][0]["how"] == "closed"
    assert set(data["risks"]["added"][0]) == {
        "id", "title", "status", "probability", "impact", "score", "band"
    }  # fmt: skip
    statement = data["vision"]["statement"]
    assert set(statement) == {"from", "to", "rewritten", "edits"}
    assert statement["edits"] == [{"from": "2029", "to": "2030", "after": "By"}]
    assert data["vision"]["themes"]["renamed"] == [
        {"id": "modernise", "from": "Modernising", "to": "Modernising how we work"}
    ]


def test_text_output(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = lws_diff(capsys, "v1", "HEAD", "--project", str(repo), "--today", "2026-11-24")
    assert code == 0
    assert out.startswith("Strategy changes: v1 → HEAD (judged on 2026-11-24)\n")
    for line in (
        "  Q11 Have we asked staff at all levels",
        "?: met → partly met\n",
        "    K1 Social worker vacancy rate latest: 18.9% (30 September 2026) → "
        "17.2% (31 October 2026), better\n",
        "    K3 New starters completing the multi-agency induction within 12 weeks target: "
        "90% (30 September 2027) → 85% (30 September 2027)\n",
        "  Newly completed\n    A1 Partnership careers site",
        "  RAG changed\n    A2 Retention offer for social workers: amber → red\n",
        ": 4 roll out → 6 reviewing\n",
        "  New actions\n    A17 Pay | grading review for early help (with *stars*): RAG green; "
        "stage 2 designing; due 30 June 2027\n",
        "  Removed actions\n    A16 Early years workforce plan for new childcare places\n",
        ": 12 MEDIUM (P3 × I4) → 16 HIGH (P4 × I4)\n",
        "  Closed\n    R4 Frontline staff do not see what the strategy means for them (closed; ",
        "    R10 Agency rates rise across the region: rating 9 MEDIUM (P3 × I3)\n",
        "  Statement changed\n    “2029” → “2030” after “By”\n",
        "    renamed modernise: Modernising → Modernising how we work\n",
        "Every other field\n  strategy/engagement.yaml\n    line 322: consultations[3] (staff): "
        "{with: staff, date: 2025-10-31, method: Children's workforce staff survey, ",
    ):
        assert line in out, line


def test_json_output_to_a_file(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "out" / "diff.json"
    code, out, err = lws_diff(
        capsys, "v1", "HEAD", "--project", str(repo), "--format", "json", "-o", str(target)
    )
    assert (code, out) == (0, "")
    assert f"wrote {target}" in err
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == 1


# -- choosing revisions ---------------------------------------------------------------------


def test_default_is_the_last_tag_against_the_working_tree(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert default_base(repo) == ("v1", "the last tag")
    code, out, err = lws_diff(capsys, "--project", str(repo), "--format", "json")
    assert code == 0
    assert "comparing v1 (the last tag) with the working tree" in err
    data = json.loads(out)
    assert (data["old"], data["new"]) == ("v1", "the working tree")
    assert [a["id"] for a in data["actions"]["added"]] == ["A17"]


def test_one_revision_is_compared_with_the_working_tree(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    path = root / "strategy" / "risks.yaml"
    path.write_text(path.read_text().replace("status: closed", "status: open"))
    criteria = load_criteria(root)
    old, new = documents_at(root, "HEAD"), documents_at(root, None)
    changed = diff_strategies(
        old,
        new,
        old_report=diagnose(old, criteria, TODAY),
        new_report=diagnose(new, criteria, TODAY),
    )
    assert [r.id for r in changed.risks.reopened] == ["R9"]


def test_default_without_tags_is_the_merge_base_with_main(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    first = git(root, "rev-parse", "HEAD").strip()
    git(root, "checkout", "-q", "-b", "feature")
    change_everything(root)
    git(root, "commit", "-q", "-am", "on a branch")
    base, why = default_base(root)
    assert (resolve(root, base), why) == (first, "the merge base with main")


def test_default_without_tags_or_main_is_head(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    git(root, "branch", "-q", "-m", "trunk")
    assert default_base(root) == ("HEAD", "the last commit")


def test_project_in_a_subdirectory_of_the_repository(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    shutil.copytree(EXAMPLE, outer / "trust" / "strategy")
    git(outer, "init", "-q", "-b", "main")
    git(outer, "add", ".")
    git(outer, "commit", "-q", "-m", "nested")
    docs = documents_at(outer / "trust", "HEAD")
    assert set(docs) == {p.stem for p in EXAMPLE.glob("*.yaml")}


# -- errors ---------------------------------------------------------------------------------


def test_unknown_revision_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = lws_diff(capsys, "v9", "--project", str(repo))
    assert code == 2
    assert "lws: error: unknown revision 'v9'" in err
    with pytest.raises(RevisionError, match="'--help' is not a revision"):
        documents_at(repo, "--help")


def test_not_a_git_repository_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "strategy")
    code, _, err = lws_diff(capsys, "--project", str(tmp_path))
    assert code == 2
    assert "is not in a git repository" in err
    code, _, err = lws_diff(capsys, "HEAD", "--project", str(tmp_path))
    assert code == 2


def test_a_revision_without_a_strategy_is_a_usage_error(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    git(root, "rm", "-q", "-r", "strategy")
    git(root, "commit", "-q", "-m", "gone")
    with pytest.raises(RevisionError, match="revision HEAD has no strategy/ directory"):
        documents_at(root, "HEAD")


def test_a_broken_file_at_a_revision_names_the_revision_and_file(tmp_path: Path) -> None:
    root = make_repo(tmp_path)
    (root / "strategy" / "risks.yaml").write_text("risks: [\n", encoding="utf-8")
    git(root, "commit", "-q", "-am", "broken")
    with pytest.raises(LwsError) as caught:
        documents_at(root, "HEAD")
    (problem,) = caught.value.diagnostics
    assert problem.file == "strategy/risks.yaml"
    assert problem.message.endswith("(at revision HEAD)")
    with pytest.raises(LwsError, match=r"strategy/risks\.yaml"):
        documents_at(root, None)  # the working tree is held to the same standard


def test_every_kind_of_change_renders_safely() -> None:
    def docs(kpi: dict[str, Any], statement: str, theme: str, title: str) -> dict[str, Document]:
        return {
            "measures": Document("strategy/measures.yaml", {"kpis": [kpi]}),
            "vision": Document(
                "strategy/vision.yaml",
                {"statement": statement, "themes": [{"id": theme, "title": "T | x"}]},
            ),
            "actions": Document(
                "strategy/actions.yaml",
                {"actions": [{"id": "A1", "title": title, "rag": "red", "stage": 0}]},
            ),
        }

    point: dict[str, Any] = {"value": 5, "date": dt.date(2026, 1, 1)}
    kpi: dict[str, Any] = {
        "id": "K1",
        "title": "Days",
        "unit": "days",
        "target": point,
        "latest": point,
    }
    later = {**kpi, "target": {**point, "date": dt.date(2027, 1, 1)}, "latest": {"value": 3}}
    old = docs(kpi, "We listen.", "old-theme", "Plan\x1b[31m")
    new = docs(later, "Entirely new words | *here*.", "new-theme", "Plan\x1b[31m")
    new["actions"].data["actions"][0]["rag"] = "amber"
    report = diagnose(old, load_criteria(ROOT), TODAY)
    changed = diff_strategies(old, new, old_report=report, new_report=report)
    (k1,) = changed.kpis.changed
    assert k1.trend is None  # no direction given
    text = as_text(changed)
    assert "\x1b" not in text and "Plan\\x1b[31m" in text
    assert "K1 Days target re-dated: 5 days (1 January 2026) → 5 days (1 January 2027)\n" in text
    assert "K1 Days latest: 5 days (1 January 2026) → 3 days\n" in text
    assert "  Statement rewritten\n    Was: We listen.\n    Now: Entirely new" in text
    assert "added new-theme: T | x\n" in text and "removed old-theme: T | x\n" in text
    markdown = as_markdown(changed)
    assert "**Statement rewritten**" in markdown
    assert r"Now: Entirely new words \| \*here\*\." in markdown
    assert "| added | new\\-theme |  | T \\| x |" in markdown
    assert "\x1b" not in markdown and "| A1 | Plan" in markdown
    assert "### Diagnostic\n\nNo changes.\n" in markdown
    assert json.loads(as_json(changed))["vision"]["statement"]["rewritten"] is True


def test_command_formats_match_the_renderers() -> None:
    from lws.authoring.diff import RENDERERS
    from lws.cli.diff import FORMATS

    assert tuple(RENDERERS) == FORMATS


# -- sparse and unvalidated versions ----------------------------------------------------------


def _sparse_diff(old_risks: bytes, new_risks: bytes) -> StrategyDiff:
    criteria = load_criteria(ROOT)
    old = {"risks": load_bytes(old_risks, "strategy/risks.yaml")}
    new = {"risks": load_bytes(new_risks, "strategy/risks.yaml")}
    return diff_strategies(
        old,
        new,
        old_report=diagnose(old, criteria, TODAY),
        new_report=diagnose(new, criteria, TODAY),
    )


def test_a_risk_not_yet_rated_is_shown_as_not_rated() -> None:
    old = b"risks:\n  - {id: R1, title: Pay}\n  - {id: R2, title: Junk, probability: high}\n"
    new = b"risks:\n  - {id: R1, title: Pay, probability: 3, impact: 5}\n  - {id: R3, title: New}\n"
    diff = _sparse_diff(old, new)
    (rerated,) = diff.risks.rerated
    assert (rerated.id, rerated.rating.old, str(rerated.rating.new)) == ("R1", None, "15 HIGH")
    text = as_text(diff)
    assert "  Re-rated\n    R1 Pay: not rated → 15 HIGH (P3 × I5)\n" in text
    assert "  New risks\n    R3 New: rating not rated\n" in text
    assert "R2 Junk (removed from the register; was not rated)" in text
    data = json.loads(as_json(diff))
    added = data["risks"]["added"][0]
    assert (added["probability"], added["impact"], added["score"], added["band"]) == (None,) * 4
    assert data["risks"]["rerated"][0]["to"]["band"] == "high"
    assert "not rated" in as_markdown(diff)
