"""``lws history``: a strategy's versions in git, scored as at their commit dates."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from lws.authoring.gitrev import RevisionError
from lws.cli.main import main
from lws.diagnose.diagnostic import diagnose, load_criteria
from lws.model.project import load_strategy
from lws.oversight.history import CACHE_DIR, History, history, revisions
from lws.oversight.history_report import as_csv, as_json, as_markdown, as_text, trend_chart
from lws.oversight.snapshot import Snapshot, snapshot
from tests.oversight.gitrepo import commit_all, edit, git

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "strategy"
STAFF_CONSULTATION = re.compile(r"^  - with: staff\n(?:    .*\n|\n)*?(?=  - |\Z)", re.MULTILINE)
R3_MEDIUM = "probability: 3\n    impact: 4\n    owner: wfd-lead"
R3_HIGH = "probability: 4\n    impact: 4\n    owner: wfd-lead"
BROKEN = "stages: [resourcing, designing\n"


def working_snapshot(root: Path, judged: str) -> Snapshot:
    """The working tree's figures, through the working-tree loader (not git)."""
    documents = load_strategy(root).documents
    return snapshot(
        documents, diagnose(documents, load_criteria(root), dt.date.fromisoformat(judged))
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Snapshot]]:
    """Four tagged versions; v2.5 has a broken actions.yaml; a README commit in between.

    Returns the repository and each readable version's figures as the working-tree
    loader saw them when it was committed (what history must reproduce from git).
    """
    root = tmp_path_factory.mktemp("history")
    return root, make_repo(root)


def make_repo(root: Path) -> dict[str, Snapshot]:
    """:func:`repo`'s versions, made in ``root``; each readable version's figures."""
    shutil.copytree(EXAMPLE, root / "strategy")
    strategy = root / "strategy"
    git(root, "init", "-q", "-b", "main")
    expected: dict[str, Snapshot] = {}
    # v1 (January 2026): no staff consultation yet; R3 rated MEDIUM.
    engagement = strategy / "engagement.yaml"
    text, removed = STAFF_CONSULTATION.subn("", engagement.read_text(encoding="utf-8"))
    assert removed == 2
    engagement.write_text(text, encoding="utf-8")
    commit_all(root, "first version", "2026-01-15", tag="v1")
    expected["v1"] = working_snapshot(root, "2026-01-15")
    (root / "README.md").write_text("A note that does not touch the strategy.\n")
    commit_all(root, "readme", "2026-02-01")
    # v2 (June 2026): staff consulted; R3 re-rated HIGH.
    shutil.copy(EXAMPLE / "engagement.yaml", engagement)
    edit(strategy / "risks.yaml", R3_MEDIUM, R3_HIGH)
    commit_all(root, "consulted staff; R3 worse", "2026-06-01", tag="v2")
    expected["v2"] = working_snapshot(root, "2026-06-01")
    # v2.5 (September 2026): a broken file.
    actions = (strategy / "actions.yaml").read_text(encoding="utf-8")
    (strategy / "actions.yaml").write_text(
        actions.replace(
            "stages: [resourcing, designing, piloting, roll out, embedding, reviewing]\n", BROKEN
        )
    )
    commit_all(root, "half-finished edit", "2026-09-01", tag="v2.5")
    # v3 (August 2027): fixed; A1 (due 2027-06-30, green) is now overdue.
    (strategy / "actions.yaml").write_text(actions, encoding="utf-8")
    commit_all(root, "fixed", "2027-08-01", tag="v3")
    expected["v3"] = working_snapshot(root, "2027-08-01")
    return expected


def scored(root: Path, **kwargs: object) -> History:
    chosen, selection = revisions(root)
    return history(root, chosen, load_criteria(root), selection=selection, **kwargs)  # type: ignore[arg-type]


def test_tagged_versions_in_order_with_the_broken_one_a_gap(
    repo: tuple[Path, dict[str, Snapshot]],
) -> None:
    root, expected = repo
    found = scored(root)
    assert found.selection == "tagged versions"
    assert [p.revision.label for p in found.points] == ["v1", "v2", "v2.5", "v3"]
    assert [p.revision.date for p in found.points] == [
        "2026-01-15",
        "2026-06-01",
        "2026-09-01",
        "2027-08-01",
    ]
    by_label = {p.revision.label: p for p in found.points}
    gap = by_label["v2.5"]
    assert gap.snapshot is None and gap.gap is not None
    assert gap.gap.startswith("strategy/actions.yaml:11:8: YAML syntax error")
    for label, shot in expected.items():
        assert by_label[label].snapshot == shot, label  # git reading = working-tree reading


def test_scores_move_in_the_known_ways(repo: tuple[Path, dict[str, Snapshot]]) -> None:
    _, expected = repo
    v1, v2, v3 = expected["v1"], expected["v2"], expected["v3"]
    assert "Q11" in v1.not_met + v1.partly_met  # staff consulted only in v2
    assert "Q11" not in v2.not_met + v2.partly_met
    assert v1.overall < v2.overall
    assert {r.id for r in v2.red_risks} - {r.id for r in v1.red_risks} == {"R3"}
    # Judged as at each commit's date: A1 (due 2027-06-30) is overdue only in v3.
    assert "A1" not in {a.id for a in v2.overdue}
    assert "A1" in {a.id for a in v3.overdue}
    assert len(v3.overdue) > len(v2.overdue)
    assert v3.judged == "2027-08-01" and v1.judged == "2026-01-15"
    assert v3.review_date == "2027-03-25"
    assert v3.past_review and not v2.past_review


def test_today_judges_every_version_at_one_date(repo: tuple[Path, dict[str, Snapshot]]) -> None:
    root, _ = repo
    found = scored(root, today=dt.date(2030, 1, 1))
    assert found.judged == "as at 2030-01-01"
    shots = [p.snapshot for p in found.points if p.snapshot]
    assert {s.judged for s in shots} == {"2030-01-01"}
    assert all(s.past_review for s in shots)  # review date 2027-03-25


def test_all_commits_and_ranges(repo: tuple[Path, dict[str, Snapshot]]) -> None:
    root, _ = repo
    every, why = revisions(root, every_commit=True)
    assert why == "commits that change strategy/"
    assert [r.label for r in every] == ["v1", "v2", "v2.5", "v3"]  # not the README commit
    ranged, why = revisions(root, "v1..v2.5")
    assert [r.label for r in ranged] == ["v2", "v2.5"]
    assert why == "commits in v1..v2.5 that change strategy/"
    with pytest.raises(RevisionError, match="unknown revision"):
        revisions(root, "nosuch..v3")
    with pytest.raises(RevisionError, match="not a revision range"):
        revisions(root, "--output=/tmp/x")


def test_untagged_repository_falls_back_to_commits(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "strategy")
    git(tmp_path, "init", "-q", "-b", "main")
    first = commit_all(tmp_path, "one", "2026-03-01")
    edit(tmp_path / "strategy" / "risks.yaml", R3_MEDIUM, R3_HIGH)
    commit_all(tmp_path, "two", "2026-04-01")
    chosen, why = revisions(tmp_path)
    assert why == "commits that change strategy/ (there are no tags)"
    assert chosen[0].label == first[:12]
    assert len(chosen) == 2


def test_a_version_without_a_strategy_is_a_gap(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "strategy").mkdir()
    (tmp_path / "strategy" / "notes.txt").write_text("not yet\n")
    commit_all(tmp_path, "placeholder", "2026-01-01", tag="v0")
    found = scored(tmp_path)
    (point,) = found.points
    assert point.snapshot is None
    assert point.gap is not None and "no strategy/ directory of section files" in point.gap


def test_cache_is_used_and_keyed_by_date(
    repo: tuple[Path, dict[str, Snapshot]], tmp_path: Path
) -> None:
    root, _ = repo
    cache = tmp_path / "cache"
    first = scored(root, cache=cache)
    files = sorted(cache.glob("*.json"))
    assert len(files) == 4  # three snapshots and the gap (a load error belongs to its commit)
    # A cached answer is what the next run reports: prove it by altering one.
    for path in files:
        data = json.loads(path.read_text())
        if data["snapshot"] and data["snapshot"]["judged"] == "2026-01-15":
            data["snapshot"]["trust"] = "From the cache"
            path.write_text(json.dumps(data))
    again = scored(root, cache=cache)
    assert again.points[0].snapshot is not None
    assert again.points[0].snapshot.trust == "From the cache"
    assert [p.gap for p in again.points] == [p.gap for p in first.points]
    # Another date, another key; a corrupt entry is scored again.
    scored(root, cache=cache, today=dt.date(2030, 1, 1))
    assert len(list(cache.glob("*.json"))) == 8
    for path in files:
        path.write_text("{not json")
    assert scored(root, cache=cache).points == first.points
    assert all(json.loads(path.read_text()) for path in files)  # rewritten


# -- output -----------------------------------------------------------------------------------


def test_text_and_markdown(repo: tuple[Path, dict[str, Snapshot]]) -> None:
    root, expected = repo
    found = scored(root)
    text = as_text(found)
    assert "How this strategy has moved: 4 versions (tagged versions)" in text
    v2_row = next(line for line in text.splitlines() if line.startswith("v2  "))
    assert f"{expected['v2'].overall * 100:.0f}%" in v2_row
    gap_row = next(line for line in text.splitlines() if line.startswith("v2.5"))
    assert "not readable" in gap_row
    assert "v2.5 (2026-09-01): strategy/actions.yaml:11:8: YAML syntax error" in text
    markdown = as_markdown(found)
    assert markdown.startswith("## How this strategy has moved")
    assert "| v2\\.5 | 2026\\-09\\-01 | not readable |" in markdown
    assert "### KPIs: latest value recorded" in markdown


def test_json_and_csv_read_back(repo: tuple[Path, dict[str, Snapshot]]) -> None:
    root, expected = repo
    found = scored(root)
    data = json.loads(as_json(found))
    assert [r["label"] for r in data["revisions"]] == ["v1", "v2", "v2.5", "v3"]
    assert data["revisions"][2]["snapshot"] is None
    assert data["revisions"][1]["snapshot"]["overall"] == expected["v2"].overall
    rows = list(csv.DictReader(io.StringIO(as_csv(found))))
    assert [r["status"] for r in rows] == ["ok", "ok", "gap", "ok"]
    assert rows[2]["reason"].startswith("strategy/actions.yaml:11:8: YAML syntax error")
    assert float(rows[1]["score"]) == round(expected["v2"].overall * 100, 1)
    assert int(rows[1]["open_red_risks"]) == len(expected["v2"].red_risks)
    assert int(rows[3]["overdue_actions"]) == len(expected["v3"].overdue)
    assert rows[0]["kpi_K1"] == "18.9"


def test_trend_chart_describes_every_version(repo: tuple[Path, dict[str, Snapshot]]) -> None:
    root, expected = repo
    chart = trend_chart(scored(root))
    svg = ElementTree.fromstring(chart.svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.findtext(f"{ns}title") == chart.caption
    desc = svg.findtext(f"{ns}desc") or ""
    assert "v2.5 (2026-09-01): not readable" in desc
    v3 = expected["v3"]
    assert (
        f"v3 (2027-08-01): score {v3.overall * 100:.0f}%, {len(v3.red_risks)} open red risks"
        in desc
    )
    assert chart.svg == trend_chart(scored(root)).svg  # same data, same bytes


# -- the command ------------------------------------------------------------------------------


def lws_history(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["history", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_command_writes_table_chart_and_cache(
    repo: tuple[Path, dict[str, Snapshot]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _ = repo
    chart = tmp_path / "trend.svg"
    code, out, _ = lws_history(
        capsys, "--project", str(root), "--format", "csv", "--chart", str(chart)
    )
    assert code == 0
    assert out.startswith("version,commit,date,status")
    assert chart.read_bytes().startswith(b"<?xml")
    assert len(list((root / CACHE_DIR).glob("*.json"))) == 4
    paper = tmp_path / "papers" / "board.md"
    code, _, _ = lws_history(
        capsys,
        "--project",
        str(root),
        "--format",
        "markdown",
        "-o",
        str(paper),
        "--chart",
        str(chart),
    )
    text = paper.read_text()
    assert code == 0 and "](<../trend.svg>)" in text  # the board paper shows the chart
    assert "\n*The diagnostic score, open red risks and overdue actions at each version" in text
    code, out, _ = lws_history(capsys, "v2..v3", "--project", str(root), "--no-cache")
    assert code == 0 and "2 versions (commits in v2..v3 that change strategy/)" in out
    assert git(root, "status", "--porcelain") == "?? build/\n"  # nothing else touched


def test_command_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = lws_history(capsys, "--project", str(tmp_path))
    assert code == 2 and "is not in a git repository" in err
    git(tmp_path, "init", "-q", "-b", "main")
    code, _, err = lws_history(capsys, "--project", str(tmp_path))
    assert code == 2 and "has no commits yet" in err
