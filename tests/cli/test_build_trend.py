"""``lws build``: "how this strategy has moved" in the board summary and the full document.

A temporary git repository of the example with four tagged versions whose figures differ
in known ways (staff consulted in v2; R3 re-rated HIGH in v2; A1 overdue only by v3's date)
and a broken action plan tagged v2.5 in the middle; its board publishes the diagnostic's
score (the trust's own variants.yaml), its full document does not (the default). Untagged
commits are named by the version and status their manifest declares. The outputs are read
back: the HTML parsed, the PDF's text, the DOCX's paragraphs and tables.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from lws.cli.main import main
from lws.cli.trend import _kept_path, named_versions, strategy_trend, versions_key
from lws.oversight.history import revisions
from lws.publish.state import BUILD_DIR
from tests.oversight.gitrepo import commit_all, edit, git
from tests.oversight.test_history import make_repo
from tests.publish.test_build import docx_text, html_text, pdf_text, squash

ROOT = Path(__file__).resolve().parents[2]
HEADING = "How this strategy has moved"
CAPTION = "How this strategy has moved, version by version"
GAP_NOTE = "not readable: an error in its action plan"


def with_score_on_the_board(root: Path) -> None:
    """The trust's own variants.yaml: the board publishes the diagnostic's score."""
    variants = (ROOT / "templates" / "variants.yaml").read_text(encoding="utf-8")
    board = "    template: board.md.j2\n"
    assert variants.count(board) == 1
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "variants.yaml").write_text(
        variants.replace(board, board + "    show_score: true\n"), encoding="utf-8"
    )


def _columns(path: Path) -> dict[str, dict[str, str]]:
    """Each version's row of the trend table in an HTML output, by column heading."""
    head, *rows = _table(path)
    return {row[0]: dict(zip(head, row, strict=True)) for row in rows}


def _table(path: Path) -> list[list[str]]:
    """The rows of the trend table in an HTML output (header row first)."""
    text = path.read_text(encoding="utf-8")
    found = re.search(r"<table[^>]*>\s*<caption>[^<]*" + CAPTION + r".*?</table>", text, re.S)
    assert found, f"no trend table in {path.name}"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", found.group(0), re.S)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", "", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in rows
    ]


def build(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["build", str(root), *args, "--draft"])  # by 2027 the gate fails
    return code, capsys.readouterr().err


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The history tests' repository, built once: board in every format, full in HTML."""
    root = tmp_path_factory.mktemp("trend")
    make_repo(root)
    shutil.copytree(ROOT / "templates" / "assets", root / "templates" / "assets")
    with_score_on_the_board(root)
    git(root, "add", "templates")
    commit_all(root, "logo", "2027-08-02")
    assert main(["build", str(root), "board", "full", "--format", "html", "--draft"]) == 0
    assert main(["build", str(root), "board", "--format", "pdf,docx", "--draft"]) == 0
    return root


def test_the_board_shows_each_version_with_the_broken_one_a_gap(built: Path) -> None:
    rows = _table(built / BUILD_DIR / "board.html")
    assert rows[0] == [
        "Version",
        "Recorded",
        "Diagnostic met",
        "Open red risks",
        "Overdue actions",
        "Note",
    ]
    by_label = {row[0]: row for row in rows[1:]}
    assert list(by_label) == ["v1", "v2", "v2.5", "v3"]
    assert by_label["v2.5"][1:] == ["1 September 2026", "—", "—", "—", GAP_NOTE]
    v1, v2, v3 = (by_label[v] for v in ("v1", "v2", "v3"))
    assert [v1[1], v2[1], v3[1]] == ["15 January 2026", "1 June 2026", "1 August 2027"]
    score = {label: int(row[2].rstrip("%")) for label, row in by_label.items() if row[2] != "—"}
    assert score["v2"] > score["v1"]  # staff consulted
    assert int(v2[3]) == int(v1[3]) + 1  # R3 re-rated HIGH
    assert (int(v1[4]), int(v2[4])) == (0, 0) and int(v3[4]) >= 1  # A1 overdue by v3's date


def _trend_alts(path: Path) -> list[str]:
    page = html_text(path)
    alts = [str(dict(a).get("alt")) for t, a in page.tags if t == "img"]
    return [alt for alt in alts if "open red risks and overdue actions at each of" in alt.lower()]


def test_the_chart_has_alt_text_naming_every_version_and_the_gap(built: Path) -> None:
    trend = _trend_alts(built / BUILD_DIR / "board.html")
    assert len(trend) == 1 and trend[0].startswith("Diagnostic score (0% to 100%)")
    assert "v2.5 (1 September 2026): not readable" in trend[0]
    assert all(f"{v} (" in trend[0] for v in ("v1", "v2", "v3"))
    text = (built / BUILD_DIR / "board.html").read_text(encoding="utf-8")
    assert text.count(f">{HEADING}<") == 1  # the section heading, once


def test_the_score_only_where_the_variant_publishes_it(built: Path) -> None:
    """The full document does not show the score (variants.yaml's default): its trend has
    no score line, no score in its alt text and no score column; the board's has all three."""
    board, full = (_columns(built / BUILD_DIR / f"{v}.html") for v in ("board", "full"))
    assert board["v1"]["Diagnostic met"].endswith("%")
    assert all("Diagnostic met" not in row for row in full.values())
    assert not any("%" in cell for row in full.values() for cell in row.values())
    (alt,) = _trend_alts(built / BUILD_DIR / "full.html")
    assert alt.startswith("Open red risks and overdue actions at each of 4 versions")
    assert "score" not in alt.lower() and "%" not in alt
    text = (built / BUILD_DIR / "full.html").read_text(encoding="utf-8")
    section = text[text.index(f">{HEADING}<") :]
    assert "diagnostic" not in section[: section.index("</table>")].lower()


def test_the_full_document_counts_only_what_its_audiences_may_see(built: Path) -> None:
    """R8 (HIGH) is for the board only: the full document's red risks are one fewer."""
    board, full = (_columns(built / BUILD_DIR / f"{v}.html") for v in ("board", "full"))
    assert list(full) == list(board)
    for label in ("v1", "v2", "v3"):
        red = "Open red risks"
        assert int(full[label][red]) == int(board[label][red]) - 1, label


def test_pdf_and_docx_carry_the_heading_the_table_and_the_gap(built: Path) -> None:
    pdf = squash(pdf_text(built / BUILD_DIR / "board.pdf"))
    docx = squash(docx_text(built / BUILD_DIR / "board.docx"))
    for text in (pdf, docx):
        assert HEADING in text
        assert "v2.5" in text and GAP_NOTE in text
        assert "15 January 2026" in text


def test_unchanged_is_up_to_date_and_a_new_tag_rebuilds(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build(built, capsys, "board", "--format", "html")  # this request, recorded
    code, err = build(built, capsys, "board", "--format", "html")
    assert code == 0 and "up to date" in err
    git(built, "tag", "-a", "v4", "-m", "version v4", date="2027-08-03")
    code, err = build(built, capsys, "board", "--format", "html")
    assert code == 0 and "built build/board.html" in err
    assert [row[0] for row in _table(built / BUILD_DIR / "board.html")[1:]][-1] == "v4"
    git(built, "tag", "-d", "v4")


def test_a_trust_can_switch_it_off(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    publication = built / "strategy" / "publication.yaml"
    before = publication.read_text(encoding="utf-8")
    try:
        publication.write_text(before + "\nhistory:\n  variants: [full]\n", encoding="utf-8")
        assert build(built, capsys, "board", "full", "--format", "html")[0] == 0
        assert HEADING not in (built / BUILD_DIR / "board.html").read_text(encoding="utf-8")
        assert HEADING in (built / BUILD_DIR / "full.html").read_text(encoding="utf-8")
        publication.write_text(before + "\nhistory:\n  last: 2\n", encoding="utf-8")
        assert build(built, capsys, "board", "--format", "html")[0] == 0
        assert [row[0] for row in _table(built / BUILD_DIR / "board.html")[1:]] == ["v2.5", "v3"]
    finally:
        publication.write_text(before, encoding="utf-8")


@pytest.mark.parametrize("kind", ["one version", "not in git"])
def test_omitted_below_two_versions_with_no_empty_heading(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "trust"
    shutil.copytree(ROOT / "strategy", root / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", root / "templates" / "assets")
    if kind == "one version":
        git(root, "init", "-q", "-b", "main")
        commit_all(root, "first", "2026-11-01", tag="v1")
    assert build(root, capsys, "board", "--format", "html", "--today", "2026-11-24")[0] == 0
    text = (root / BUILD_DIR / "board.html").read_text(encoding="utf-8")
    assert HEADING not in text and CAPTION not in text


def test_the_series_is_kept_and_made_again_when_an_input_changes(built: Path) -> None:
    """A build that changes nothing the series is made from reads it back (no criteria
    loaded again); an edit to publication.yaml, the criteria or the schemas makes it anew."""
    key = versions_key(built)
    first = strategy_trend(built, key)
    kept = _kept_path(built, key)
    assert kept is not None and kept.is_file()
    data = json.loads(kept.read_text(encoding="utf-8"))
    data["board"][0]["label"] = "read from the kept copy"
    kept.write_text(json.dumps(data), encoding="utf-8")
    assert strategy_trend(built, key).series["board"][0].label == "read from the kept copy"
    publication = built / "strategy" / "publication.yaml"
    before = publication.read_text(encoding="utf-8")
    try:
        publication.write_text(before + "# an edit\n", encoding="utf-8")
        assert strategy_trend(built, key).series == first.series
    finally:
        publication.write_text(before, encoding="utf-8")
    kept.write_text("{not json", encoding="utf-8")  # unreadable: made again
    assert strategy_trend(built, key).series == first.series


def _untagged_repo(root: Path) -> list[str]:
    """The example in git without tags: 2.0 drafted over two commits, approved, then 2.1
    drafted; a commit that touches no section between. The commit ids, oldest first."""
    shutil.copytree(ROOT / "strategy", root / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", root / "templates" / "assets")
    manifest = root / "strategy" / "manifest.yaml"
    git(root, "init", "-q", "-b", "main")
    edit(manifest, "version: '2.1'\nstatus: consulted", "version: '2.0'\nstatus: draft")
    commits = [commit_all(root, "first draft", "2026-01-10")]
    edit(root / "strategy" / "vision.yaml", "By 2029", "By 2029,")
    commits.append(commit_all(root, "reworded the vision", "2026-01-20"))
    (root / "README.md").write_text("Not a section.\n", encoding="utf-8")
    commits.append(commit_all(root, "readme", "2026-02-01"))
    edit(manifest, "status: draft", "status: approved")
    commits.append(commit_all(root, "approved by the board", "2026-03-01"))
    edit(manifest, "version: '2.0'\nstatus: approved", "version: '2.1'\nstatus: draft")
    commits.append(commit_all(root, "mid-year refresh", "2026-09-01"))
    return commits


def test_untagged_commits_are_named_as_their_manifest_declares_them_never_by_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "trust"
    commits = _untagged_repo(root)
    code, _ = build(root, capsys, "board", "full", "--format", "html,pdf,docx")
    assert code == 0
    rows = _columns(root / BUILD_DIR / "board.html")
    assert list(rows) == ["2.0, draft", "2.0, approved", "2.1, draft"]
    assert rows["2.0, draft"]["Recorded"] == "20 January 2026"  # as the last edit left it
    assert "Note" not in rows["2.0, draft"]  # no version unreadable: no column of dashes
    (alt,) = _trend_alts(root / BUILD_DIR / "board.html")
    assert "2.0, approved (1 March 2026)" in alt
    ids = re.compile("|".join(commit[:7] for commit in commits))
    for variant in ("board", "full"):
        for text in (
            (root / BUILD_DIR / f"{variant}.html").read_text(encoding="utf-8"),
            pdf_text(root / BUILD_DIR / f"{variant}.pdf"),
            docx_text(root / BUILD_DIR / f"{variant}.docx"),
        ):
            assert HEADING in text and not ids.search(text), variant


def test_a_version_without_a_readable_manifest_is_named_by_its_date(tmp_path: Path) -> None:
    """No manifest, a broken one, a version written as a number (2.10 would read 2.1)
    and a status in the trust's own words."""
    root = tmp_path / "trust"
    _untagged_repo(root)
    manifest = root / "strategy" / "manifest.yaml"
    edit(manifest, "status: draft", "status: approved subject to call-in")
    commit_all(root, "own words", "2026-10-01")
    edit(manifest, "version: '2.1'", "version: 2.10")
    commit_all(root, "unquoted", "2026-10-02")
    manifest.write_text("version: [unclosed\n", encoding="utf-8")
    commit_all(root, "broken", "2026-10-03")
    manifest.unlink()
    commit_all(root, "gone", "2026-10-04")
    labels = [rev.label for rev in named_versions(root, revisions(root)[0])]
    assert labels == [
        "2.0, draft",
        "2.0, approved",
        "2.1, draft",
        "2.1, approved subject to call-in",
        "2 October 2026",
        "3 October 2026",
        "4 October 2026",
    ]
