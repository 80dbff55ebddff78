"""``lws build``: "how this strategy has moved" in the board summary and the full document.

A temporary git repository of the example with four tagged versions whose figures differ
in known ways (staff consulted in v2; R3 re-rated HIGH in v2; A1 overdue only by v3's date)
and a broken action plan tagged v2.5 in the middle. The outputs are read back: the HTML
parsed, the PDF's text, the DOCX's paragraphs and tables.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from lws.cli.main import main
from lws.cli.trend import _kept_path, strategy_trend, versions_key
from lws.publish.state import BUILD_DIR
from tests.oversight.gitrepo import commit_all, git
from tests.oversight.test_history import make_repo
from tests.publish.test_build import docx_text, html_text, pdf_text, squash

ROOT = Path(__file__).resolve().parents[2]
HEADING = "How this strategy has moved"
CAPTION = "How this strategy has moved, version by version"
GAP_NOTE = "not readable: an error in its action plan"


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


def test_the_chart_has_alt_text_naming_every_version_and_the_gap(built: Path) -> None:
    page = html_text(built / BUILD_DIR / "board.html")
    alts = [str(dict(a).get("alt")) for t, a in page.tags if t == "img"]
    trend = [alt for alt in alts if alt.startswith("Diagnostic score (0% to 100%)")]
    assert len(trend) == 1
    assert "v2.5 (1 September 2026): not readable" in trend[0]
    assert all(f"{v} (" in trend[0] for v in ("v1", "v2", "v3"))
    text = (built / BUILD_DIR / "board.html").read_text(encoding="utf-8")
    assert text.count(f">{HEADING}<") == 1  # the section heading, once


def test_the_full_document_counts_only_what_its_audiences_may_see(built: Path) -> None:
    """R8 (HIGH) is for the board only: the full document's red risks are one fewer."""
    board = {row[0]: row for row in _table(built / BUILD_DIR / "board.html")[1:]}
    full = {row[0]: row for row in _table(built / BUILD_DIR / "full.html")[1:]}
    assert list(full) == list(board)
    for label in ("v1", "v2", "v3"):
        assert int(full[label][3]) == int(board[label][3]) - 1, label
        assert full[label][2] == board[label][2]  # the whole strategy's score, as in the build


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
