"""``lws portfolio``: a region's trusts checked, scored and reported at once."""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from lws.cli.main import main
from lws.core.errors import LwsError, UsageError
from lws.diagnose.diagnostic import diagnose, load_criteria
from lws.model.project import load_strategy
from lws.oversight.portfolio import TrustRow, load_portfolio, survey, survey_all
from lws.oversight.portfolio_report import as_html, as_markdown, draw_charts, questions_of
from lws.oversight.region import Region, region
from lws.oversight.snapshot import public_view, snapshot
from lws.publish.charts.style import _contrast
from tests.oversight.gitrepo import commit_all, git
from tests.oversight.trusts import KINDS, make_region, secret, trust_name

TODAY = dt.date(2026, 11, 30)
COUNT = 10  # generated trusts, two of each kind; then one broken and one not cloned


@pytest.fixture(scope="module")
def portfolio_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("region")
    path = make_region(base, COUNT)
    git(base / "trust-000", "init", "-q", "-b", "main")
    commit_all(base / "trust-000", "strategy", "2026-11-01")
    return path


@pytest.fixture(scope="module")
def rows(portfolio_file: Path) -> list[TrustRow]:
    return survey_all(load_portfolio(portfolio_file).trusts, TODAY, jobs=2)


@pytest.fixture(scope="module")
def picture(portfolio_file: Path, rows: list[TrustRow]) -> Region:
    return region("Generated Region", rows, TODAY, questions_of(load_criteria(portfolio_file)))


@pytest.fixture(scope="module")
def html_page(picture: Region) -> str:
    return as_html(picture, draw_charts(picture), source="portfolio.yaml")


# -- portfolio.yaml ---------------------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "portfolio.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(LwsError) as caught:
        load_portfolio(path)
    return [d.format() for d in caught.value.diagnostics]


def test_portfolio_file_is_read(tmp_path: Path) -> None:
    write(
        tmp_path,
        "region: North West\nclones: repos\ntrusts:\n  - path: a\n    name: Alpha\n"
        "  - git: https://git.example.org/beta/strategy.git\n  - git: git@example.org:g/gamma\n",
    )
    found = load_portfolio(tmp_path)  # a directory means its portfolio.yaml
    assert found.region == "North West"
    assert [(t.source, t.root, t.name) for t in found.trusts] == [
        ("a", tmp_path / "a", "Alpha"),
        ("https://git.example.org/beta/strategy.git", tmp_path / "repos" / "strategy", ""),
        ("git@example.org:g/gamma", tmp_path / "repos" / "gamma", ""),
    ]


def test_portfolio_errors_are_located(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "region: North West\ntrusts:\n  - path: a\n  - pth: b\n  - path: c\n    git: https://x.org/c\n"
        "  - path: a\n  - git: not a url\n",
    )
    found = problems(path)
    text = "\n".join(found)
    assert re.search(r"portfolio\.yaml:4:5: error: trusts\[1\]\.pth: .*'pth'", text), text
    assert (
        "portfolio.yaml:5:5: error: trusts[2]: give the trust's repository as path: or git:" in text
    )
    assert "portfolio.yaml:7:5: error: trusts[3]: the same repository as trusts[0]" in text
    assert "portfolio.yaml:8:10: error: trusts[4].git: 'not a url' is not a git URL" in text
    assert "portfolio.yaml:4:5: error: trusts[1]: give the trust's repository" in text
    assert "hint: did you mean 'path'?" in text


def test_portfolio_missing_parts(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "trusts: []\n"))
    assert any("required key 'region' is missing" in p for p in found)
    assert any(p.startswith("portfolio.yaml:1:9: error: trusts:") for p in found)
    assert problems(write(tmp_path, "region: [unclosed\n"))[0].startswith("portfolio.yaml:2:1:")
    with pytest.raises(UsageError, match="no portfolio file"):
        load_portfolio(tmp_path / "elsewhere")


# -- surveying --------------------------------------------------------------------------------


def test_every_trust_is_a_row_in_portfolio_order(rows: list[TrustRow]) -> None:
    assert [r.name for r in rows[:COUNT]] == [trust_name(i) for i in range(COUNT)]
    assert all(r.snapshot is not None and r.broken == "" for r in rows[:COUNT])
    broken, uncloned = rows[COUNT:]
    assert broken.snapshot is None and broken.name == "Brokenshire Children's Trust"
    assert broken.broken.startswith("strategy/manifest.yaml:2:1: YAML syntax error")
    assert uncloned.snapshot is None
    assert uncloned.broken.startswith(
        "not cloned: git clone https://git.example.org/uncloned/workforce-strategy.git "
    )
    assert rows[0].commit != "" and rows[1].commit == ""  # trust-000 alone is in git


def test_parallel_survey_equals_one_at_a_time(portfolio_file: Path, rows: list[TrustRow]) -> None:
    entries = load_portfolio(portfolio_file).trusts
    assert survey_all(entries, TODAY, jobs=1) == rows


def test_scores_are_the_public_views(portfolio_file: Path, rows: list[TrustRow]) -> None:
    for index in (0, 1, 4):
        root = portfolio_file.parent / f"trust-{index:03d}"
        strategy = load_strategy(root)
        full = strategy.documents
        public = public_view(full, strategy.schemas)
        criteria = load_criteria(root)
        assert rows[index].snapshot == snapshot(public, diagnose(public, criteria, TODAY))
        whole = snapshot(full, diagnose(full, criteria, TODAY))
        assert "RSECRET" in {r.id for r in whole.red_risks}  # restricted, so left out
        assert "RSECRET" not in {r.id for r in rows[index].snapshot.red_risks}  # type: ignore[union-attr]


def test_kinds_differ_in_known_ways(rows: list[TrustRow]) -> None:
    shots = {KINDS[i % 5]: rows[i].snapshot for i in range(5)}
    complete, partly, sparse = shots["complete"], shots["partly met"], shots["sparse"]
    historical, stretched = shots["historical"], shots["stretched"]
    assert complete and partly and sparse and historical and stretched
    assert complete.overall > partly.overall > sparse.overall
    assert "Q11" in partly.not_met + partly.partly_met
    assert partly.past_review and historical.past_review and not complete.past_review
    assert len(partly.stale_kpis) == 5 and not complete.stale_kpis
    assert len(historical.overdue) > 0 and not complete.overdue
    assert stretched.rag_count("red") > complete.rag_count("red")
    assert len(stretched.red_risks) > len(complete.red_risks)
    assert rows[2].errors > 0 and rows[0].errors == 0  # the sparse draft has dangling refs


def test_a_bug_in_one_trust_is_a_row(tmp_path: Path, portfolio_file: Path) -> None:
    entry = load_portfolio(portfolio_file).trusts[0]
    fifo_root = tmp_path / "odd"
    (fifo_root / "strategy").mkdir(parents=True)
    (fifo_root / "strategy" / "manifest.yaml").write_bytes(b"\xff\xfe\x00garbage")
    row = survey(type(entry)(0, "odd", fifo_root), TODAY)
    assert row.snapshot is None and row.broken.startswith("strategy/manifest.yaml:")
    missing = survey(type(entry)(0, "gone", tmp_path / "gone"), TODAY)
    assert missing.broken.startswith("no such directory")


# -- the region -------------------------------------------------------------------------------


def test_region_figures(picture: Region) -> None:
    assert len(picture.scored) == COUNT and len(picture.broken) == 2
    assert picture.modules == tuple(range(1, 13))
    q11 = next(c for c in picture.criteria if c.id == "Q11")
    assert q11.not_met + q11.partly_met >= 4  # partly met and sparse kinds, twice each
    assert q11.question.startswith("Have we asked staff at all levels")
    counts = [(c.not_met, c.partly_met) for c in picture.criteria]
    assert counts == sorted(counts, key=lambda c: (-c[0], -c[1]))
    late = {row.name for row, _ in picture.past_review}
    assert late == {
        trust_name(i) for i in range(COUNT) if KINDS[i % 5] in ("partly met", "historical")
    }
    assert next(p.rank for p in picture.positions) == 1
    assert picture.positions[0].score >= picture.positions[-1].score
    compared = {row.name: comparisons for row, comparisons in picture.national}
    assert set(compared) == {trust_name(i) for i in range(COUNT) if KINDS[i % 5] != "sparse"}
    vacancy = compared[trust_name(0)][0]
    assert (vacancy.indicator, vacancy.year, vacancy.region) == (
        "vacancy_rate_fte",
        2023,
        "North East",
    )
    assert (vacancy.ours, vacancy.theirs, vacancy.england) == (16.3, 10.9, 18.9)
    absence = next(c for c in compared[trust_name(0)] if c.indicator == "absence_rate_fte")
    assert absence.texts == ("3.3", "3.6", "3.2")


# -- the report, read back --------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of a page the accessibility checks look at."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.tables: list[dict[str, object]] = []
        self.text: list[str] = []
        self.cells: list[tuple[str, str]] = []  # (style, text) of the heat map's cells
        self._cell: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "table":
            self.tables.append({"caption": False, "th": 0, "scoped": 0})
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        if tag == "th" and self.tables:
            self.tables[-1]["th"] = int(str(self.tables[-1]["th"])) + 1
            if attributes.get("scope") in ("col", "row"):
                self.tables[-1]["scoped"] = int(str(self.tables[-1]["scoped"])) + 1
        if tag == "td" and "score" in attributes.get("class", ""):
            self._cell = attributes.get("style", "")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self.cells.append((self._cell, data))
            self._cell = None

    def all(self, tag: str) -> Iterator[dict[str, str]]:
        return (attributes for name, attributes in self.tags if name == tag)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    return parser


def test_html_landmarks_tables_and_alt_text(html_page: str, picture: Region) -> None:
    page = parse(html_page)
    assert next(page.all("html"))["lang"] == "en-GB"
    names = [tag for tag, _ in page.tags]
    for landmark in ("header", "nav", "main", "footer"):
        assert names.count(landmark) == 1, landmark
    assert next(page.all("nav"))["aria-label"] == "Contents"
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids))
    for link in page.all("a"):
        assert link["href"].lstrip("#") in ids  # the skip link and contents resolve
    assert next(tag for tag in names if re.fullmatch(r"h[1-6]", tag)) == "h1"
    assert names.count("h1") == 1
    for table in page.tables:
        assert table["caption"] and table["th"] == table["scoped"], table
    images = list(page.all("img"))
    assert len(images) == 2  # heat map and criteria
    for image in images:
        assert len(image["alt"]) > 40
        svg = base64.b64decode(image["src"].removeprefix("data:image/svg+xml;base64,"))
        root = ElementTree.fromstring(svg)
        assert root.findtext("{http://www.w3.org/2000/svg}desc") == image["alt"]
    assert "Q11: not met by" in images[1]["alt"]
    # Each chart is followed by a table of its figures: the heat map's has every trust.
    text = " ".join(page.text)
    for row in picture.scored:
        assert row.name in text


def test_heat_map_cells_have_contrast(html_page: str) -> None:
    page = parse(html_page)
    assert len(page.cells) == (COUNT + 1) * 12  # trusts and the region's median
    for style, text in page.cells:
        fill, ink = re.findall(r"#[0-9a-f]{6}", style)
        assert _contrast(fill, ink) >= 4.5, (style, text)
        assert re.fullmatch(r"\d+%|n/a", text)


def test_nothing_restricted_reaches_the_report(
    portfolio_file: Path, picture: Region, html_page: str
) -> None:
    markdown = as_markdown(picture)
    for index in range(COUNT + 1):
        marker = secret(index)
        files = (portfolio_file.parent / f"trust-{index:03d}" / "strategy").glob("*.yaml")
        assert any(marker in p.read_text(encoding="utf-8") for p in files)  # it is there…
        assert marker not in html_page and marker not in markdown  # …and not here
    for page in (html_page, markdown):
        for item in ("KSECRET", "RSECRET", "ASECRET", "KINHERIT"):
            assert item not in page, item


def test_markdown_report(picture: Region) -> None:
    markdown = as_markdown(picture)
    assert markdown.startswith("# Workforce strategies in Generated Region\n")
    for heading in (
        "## The trusts",
        "## Score by module",
        "## Criteria most often not met",
        "## Strategies past their review date",
        "## Stale KPIs",
        "## Position against the region",
    ):
        assert heading in markdown
    assert "No national statistics have been imported" not in markdown
    assert (
        f"| {trust_name(0)} | Vacancy rate | 2023 | 16\\.3\\% | 10\\.9\\% \\(North East\\) | "
        "18\\.9\\% | 2\\.6 points below \\(better\\) |" in markdown
    ), markdown
    sparse = [r for r in picture.rows if r.name == trust_name(2)]
    alone = region("Sparse Region", sparse, TODAY, {})
    assert alone.national == ()
    assert "No national statistics have been imported" in as_markdown(alone)
    assert "| Brokenshire Children's Trust | not readable |" in markdown
    assert "Region \\(median\\)" in markdown


def test_hostile_trust_names_are_escaped(tmp_path: Path) -> None:
    path = make_region(tmp_path, 1, broken=False)
    manifest = tmp_path / "trust-000" / "strategy" / "manifest.yaml"
    manifest.write_text(
        manifest.read_text().replace(
            "Ashford Children's Trust", "'<script>alert(1)</script> | *x*'"
        )
    )
    rows = survey_all(load_portfolio(path).trusts, TODAY, jobs=1)
    found = region("R", rows, TODAY, {})
    page = as_html(found, draw_charts(found), source="portfolio.yaml")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\<script\\>" in as_markdown(found) or "&lt;script" in as_markdown(found)


# -- the command ------------------------------------------------------------------------------


def test_command_writes_both_reports(
    portfolio_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(
        ["portfolio", str(portfolio_file), "-o", str(out), "--today", "2026-11-30", "-j", "2"]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert f"{COUNT + 2} trusts, {COUNT} scored, 2 could not be read" in err
    assert parse((out / "portfolio.html").read_text()).tables
    assert (out / "portfolio.md").read_text().startswith("# Workforce strategies")
    code = main(["portfolio", str(portfolio_file), "-o", str(out), "--format", "markdown"])
    assert code == 0


def test_command_bad_portfolio_is_located(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "region: R\ntrusts:\n  - {path: a, git: 'https://x.org/a'}\n")
    assert main(["portfolio", str(tmp_path)]) == 1
    assert (
        "portfolio.yaml:3:5: error: trusts[0]: give the trust's repository"
        in capsys.readouterr().err
    )
    assert main(["portfolio", str(tmp_path / "none.yaml")]) == 2


def test_html_shows_each_trust_beside_its_region_and_england(html_page: str) -> None:
    page = Page()
    page.feed(html_page)
    text = " ".join(" ".join(page.text).split())
    assert "Each trust's newest national workforce figures beside its region and England" in text
    assert "Vacancy rate 2023 16.3% 10.9% (North East) 18.9% 2.6 points below (better)" in text
    assert "No national statistics have been imported" not in text
