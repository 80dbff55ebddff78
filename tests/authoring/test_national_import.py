"""``lws import --national``: the release's indicators CSV into national.yaml, through the CLI."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from lws.authoring.national_csv import Match, describe, read_release
from lws.cli.main import main
from lws.core.diagnostics import errors
from lws.diagnose.check import check_project
from lws.model.load import load_file

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "national"
FIRST = FIXTURES / "csww_indicators_2021_to_2023.csv"
NEXT = FIXTURES / "csww_indicators_2021_to_2024.csv"
TODAY = dt.date(2026, 11, 24)


def choose(project: Path, line: str | None = "local_authority: {new_la_code: E06999901}") -> None:
    """The example without its national statistics, its manifest naming ``line``'s authority."""
    (project / "strategy" / "national.yaml").unlink(missing_ok=True)
    manifest = project / "strategy" / "manifest.yaml"
    text = re.sub(r"(?m)^local_authority:.*\n", "", manifest.read_text(encoding="utf-8"))
    if line:
        text = text.replace("\ntrust:", f"\n{line}\ntrust:", 1)
    manifest.write_text(text, encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_national(project: Path) -> None:
    choose(project, None)


def cli(capsys: pytest.CaptureFixture[str], project: Path, *args: str | Path) -> tuple[int, str]:
    code = main(["import", "--national", *map(str, args), "--project", str(project)])
    out, err = capsys.readouterr()
    return int(code), out + err


def national(project: Path) -> Path:
    return project / "strategy" / "national.yaml"


def data(project: Path) -> dict:  # type: ignore[type-arg]
    loaded = load_file(national(project), project).data
    assert isinstance(loaded, dict)
    return loaded


def csv_with(
    tmp_path: Path, edit: dict[tuple[int, int], str] | None = None, text: str = ""
) -> Path:
    """The first fixture with cells replaced: ``{(row, col): value}``, both 1-based."""
    rows = [line.split(",") for line in FIRST.read_text(encoding="utf-8").splitlines()]
    for (row, col), value in (edit or {}).items():
        rows[row - 1][col - 1] = value
    path = tmp_path / "release.csv"
    path.write_text(text or "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


# -- the fixture end to end ----------------------------------------------------------------


def test_fixture_imports_end_to_end(capsys: pytest.CaptureFixture[str], project: Path) -> None:
    choose(project)
    code, said = cli(capsys, project, FIRST)
    assert code == 0, said
    assert "3 years added (2021, 2022, 2023)" in said
    held = data(project)
    assert held["authority"] == {
        "la_name": "Northbridge (synthetic)",
        "new_la_code": "E06999901",
        "old_la_code": "990",
        "region_name": "North East",
        "region_code": "E12000001",
    }
    assert [y["year"] for y in held["years"]] == [2021, 2022, 2023]
    latest = held["years"][-1]
    # England and North East 2023 as the release's data set preview gives them
    assert latest["england"]["vacancy_rate_fte"] == 18.9
    assert latest["england"]["cases"] == 337055
    assert latest["region"]["inpost_fte"] == 2159.9
    assert latest["authority"]["vacancy_rate_fte"] == 16.3
    assert len(latest["england"]) == 22
    # symbols stay symbols: never zero, never a number
    first = held["years"][0]["authority"]
    assert first["absence_rate_fte"] == "c"
    assert first["working_days_lost_fte"] == "c"
    assert first["caseload_fte"] == "x"
    text = national(project).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schema/json/national.json\n")
    assert "      absence_rate_fte: c\n" in text
    assert errors(check_project(project, TODAY)) == []
    assert main(["check", str(project), "--strict", "--today", "2026-11-24"]) == 0


def test_authority_by_name_keeps_its_own_region(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    choose(project, "local_authority: {la_name: southmoor  (SYNTHETIC)}")
    code, said = cli(capsys, project, FIRST)
    assert code == 0, said
    held = data(project)
    assert held["authority"]["region_name"] == "North West"
    years = held["years"]
    assert years[-1]["region"]["inpost_fte"] == 4693.9
    assert years[0]["authority"]["agency_fte"] == "c"
    assert years[0]["authority"]["agency_cover_fte"] == "low"
    assert years[0]["authority"]["vacancy_agency_cover_rate_fte"] == "z"
    assert years[1]["authority"]["vacancy_agency_cover_rate_fte"] == "u"


def test_reimport_appends_the_new_year_and_keeps_every_byte(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    choose(project)
    assert cli(capsys, project, FIRST)[0] == 0
    path = national(project)
    noted = path.read_text(encoding="utf-8").replace(
        "  - year: 2022\n", "  # 2022: the year the Northbridge academy opened\n  - year: 2022\n"
    )
    noted = noted.replace("release:\n", "release:  # as downloaded in March\n")
    path.write_text(noted, encoding="utf-8")
    code, said = cli(capsys, project, NEXT)
    assert code == 0, said
    assert "1 year added (2024), 3 kept" in said
    after = path.read_text(encoding="utf-8")
    assert after.startswith(noted)  # nothing before changed, comments kept
    added = after[len(noted) :]
    assert added.startswith("  - year: 2024\n    authority:\n      inpost_fte: 430.4\n")
    assert [y["year"] for y in data(project)["years"]] == [2021, 2022, 2023, 2024]
    code, said = cli(capsys, project, NEXT)
    assert code == 0
    assert "0 years added, 4 kept; strategy/national.yaml is already up to date" in said
    assert path.read_text(encoding="utf-8") == after


def test_new_years_go_at_the_end_of_years_before_later_keys(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    choose(project)
    only_2021 = tmp_path / "2021.csv"
    lines = FIRST.read_text(encoding="utf-8").splitlines(keepends=True)
    only_2021.write_text("".join(lines[:1] + [x for x in lines if x.startswith("2021")]))
    assert cli(capsys, project, only_2021)[0] == 0
    path = national(project)
    text = path.read_text(encoding="utf-8")
    head, years = text.split("release:\n")[0], text[text.index("years:\n") :]
    about = text[text.index("release:\n") : text.index("years:\n")]
    path.write_text(f"{head}{years}\n# who the figures are for\n{about}", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    assert before.index("years:") < before.index("release:")
    assert cli(capsys, project, FIRST)[0] == 0
    after = path.read_text(encoding="utf-8")
    assert after.index("  - year: 2023") < after.index("# who the figures are for")
    assert [y["year"] for y in data(project)["years"]] == [2021, 2022, 2023]
    at = before.index("\n\n# who the figures are for") + 1  # after the last item, before the gap
    grown = len(after) - len(before)
    assert after[:at] + after[at + grown :] == before
    assert after[at:].startswith("  - year: 2022\n")


def test_a_revised_year_is_kept_with_a_warning(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    choose(project)
    assert cli(capsys, project, FIRST)[0] == 0
    before = national(project).read_bytes()
    revised = csv_with(tmp_path, {(3, 26): "10.7"})  # North East 2021 vacancy rate
    code, said = cli(capsys, project, revised)
    assert code == 0
    assert re.search(
        r"strategy/national.yaml:\d+:5: warning: years\[0\]: 2021 is kept as it is, though "
        r"the release now gives other figures: region vacancy_rate_fte 10.4 → 10.7",
        said,
    ), said
    assert national(project).read_bytes() == before


def test_dry_run_shows_the_change_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    choose(project)
    code, said = cli(capsys, project, FIRST, "--dry-run")
    assert code == 0
    assert "+++ b/strategy/national.yaml" in said
    assert "would write strategy/national.yaml: 3 years added" in said
    assert not national(project).exists()


# -- problems, each at its row and column --------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "value", "message"),
    [
        ((5, 32), "twelve", "release.csv:5:32: error: AF5: absence_rate_fte: 'twelve' is not a "
         "published figure"),
        ((2, 26), "", "release.csv:2:26: error: Z2: vacancy_rate_fte: an empty cell is not a "
         "published figure"),
        ((6, 3), "County", "release.csv:6:3: error: C6: geographic_level 'County' is not one "
         "of: National, Regional, Local authority"),
        ((7, 1), "2022/23", "release.csv:7:1: error: A7: time_period '2022/23' is not a "
         "reporting year such as 2024"),
        ((5, 30), "0", ""),  # a real zero is a number
    ],
)  # fmt: skip
def test_bad_cells_are_located(
    capsys: pytest.CaptureFixture[str],
    project: Path,
    tmp_path: Path,
    cell: tuple[int, int],
    value: str,
    message: str,
) -> None:
    choose(project)
    code, said = cli(capsys, project, csv_with(tmp_path, {cell: value}))
    if not message:
        assert code == 0, said
        assert data(project)["years"][0]["authority"]["caseload_fte"] == 0
        return
    assert code == 1
    assert message in said
    assert "lws import failed: 1 error; strategy/national.yaml was not changed" in said
    assert not national(project).exists()


def test_a_second_row_for_the_same_area_and_year(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    choose(project)
    lines = FIRST.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "twice.csv"
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    code, said = cli(capsys, project, path)
    assert code == 1
    assert "twice.csv:18:1: error: A18: a second england row for 2021 (the first is row 2)" in said


def test_unknown_authority_suggests_the_nearest(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    choose(project, "local_authority: {la_name: Northbrige (synthetic)}")
    code, said = cli(capsys, project, FIRST)
    assert code == 1
    assert "no local authority row has la_name Northbrige (synthetic) (read 16 rows)" in said
    assert "did you mean 'Northbridge (synthetic)' or 'Southmoor (synthetic)'?" in said


def test_a_manifest_without_local_authority(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    code, said = cli(capsys, project, FIRST)
    assert code == 1
    assert "strategy/manifest.yaml:8:1: error: local_authority: manifest.yaml does not say" in said
    assert "add local_authority: {la_name: Northbridge} to manifest.yaml" in said


def test_another_authority_than_the_file_holds(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    choose(project)
    assert cli(capsys, project, FIRST)[0] == 0
    manifest = project / "strategy" / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("E06999901", "E08999902"))
    before = national(project).read_bytes()
    code, said = cli(capsys, project, NEXT)
    assert code == 1
    assert (
        "strategy/national.yaml:16:16: error: authority.new_la_code: strategy/national.yaml "
        "holds the figures of E06999901, not of E08999902" in said
    )
    assert national(project).read_bytes() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "release.csv:1:1: error: file is empty"),
        (b"PK\x03\x04rest", "file is a zip or workbook, not CSV"),
        (b"time_period,geographic_level\n", "the header row has no region_code, region_name, "
         "la_name columns"),
        (b"time_period,geographic_level,region_code,region_name,la_name\n",
         "the header row names none of the release's indicators"),
        (b"time_period,geographic_level\n2021,Nat\xe9onal\n", "release.csv:2:1: error: byte 0xe9 "
         "is not UTF-8"),
    ],
)  # fmt: skip
def test_unreadable_files(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    choose(project)
    path = tmp_path / "release.csv"
    path.write_bytes(content)
    code, said = cli(capsys, project, path)
    assert code == 1
    assert message in said


def test_a_file_missing_some_indicators_imports_the_rest(tmp_path: Path) -> None:
    lines = FIRST.read_text(encoding="utf-8").splitlines()
    cut = [",".join(line.split(",")[:-2]) for line in lines]
    path = tmp_path / "older.csv"
    path.write_text("\n".join(cut) + "\n", encoding="utf-8")
    release = read_release(path, "older.csv", Match("new_la_code", "E06999901"))
    assert not release.failed
    assert [d.message for d in release.found] == [
        "the file has no column for working_days_lost_fte, absence_rate_fte"
    ]
    assert "absence_rate_fte" not in release.years[2023]["england"]
    assert describe(release.years) == "2021–2023"
    assert describe({}) == "no years"
    assert describe({2024: {}}) == "2024"


def test_an_authority_without_its_regional_row(tmp_path: Path) -> None:
    lines = FIRST.read_text(encoding="utf-8").splitlines(keepends=True)
    path = tmp_path / "noregion.csv"
    path.write_text("".join(x for x in lines if "North East,,," not in x), encoding="utf-8")
    release = read_release(path, "noregion.csv", Match("new_la_code", "E06999901"))
    assert not release.failed
    assert [d.message for d in release.found] == [
        f"the file has no regional row for North East (E12000001) in {year}"
        for year in (2021, 2022, 2023)
    ]
    assert "region" not in release.years[2021]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.csv"], "missing.csv: no such file"),
        (["--sheet", "A", "x.csv"], "--sheet does not apply to --national"),
        (["--source", "A", "x.csv"], "--source does not apply to --national"),
    ],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], project: Path, args: list[str], message: str
) -> None:
    code, said = cli(capsys, project, *args)
    assert code == 2
    assert message in said


def test_usage_not_csv_and_not_a_project(
    capsys: pytest.CaptureFixture[str], project: Path, tmp_path: Path
) -> None:
    book = tmp_path / "release.zip"
    with zipfile.ZipFile(book, "w") as z:
        z.writestr("data/csww.csv", FIRST.read_text())
    code, said = cli(capsys, project, book)
    assert code == 2
    assert "not a .csv file; give the release's indicators CSV (unzipped)" in said
    empty = tmp_path / "empty"
    empty.mkdir()
    code, said = cli(capsys, empty, FIRST)
    assert code == 2
    assert "has no strategy/ directory" in said


def test_a_national_file_that_is_not_a_mapping(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    choose(project)
    national(project).write_text("# notes only\n- a list\n", encoding="utf-8")
    code, said = cli(capsys, project, FIRST)
    assert code == 1
    assert "strategy/national.yaml holds no figures lws can add to" in said
    national(project).write_text("years: [}\n", encoding="utf-8")
    code, said = cli(capsys, project, FIRST)
    assert code == 1
    assert "strategy/national.yaml:1:" in said


def test_schema_refuses_a_figure_that_is_not_one(project: Path) -> None:
    choose(project)
    assert main(["import", "--national", str(FIRST), "--project", str(project)]) == 0
    path = national(project)
    path.write_text(path.read_text().replace("absence_rate_fte: c\n", "absence_rate_fte: 'n/a'\n"))
    found = errors(check_project(project, TODAY))
    assert [(d.line, d.message) for d in found] == [(44, 'text "n/a" is not a published figure')], (
        found
    )
    assert "c, x, z, low, u, :" in found[0].hint


def test_the_written_file_passes_its_json_schema(project: Path) -> None:
    import json

    import jsonschema

    choose(project)
    assert main(["import", "--national", str(NEXT), "--project", str(project)]) == 0
    schema = json.loads((ROOT / "schema" / "json" / "national.json").read_text())
    jsonschema.validate(data(project), schema)
    broken = data(project)
    broken["years"][0]["england"]["cases"] = "n/a"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)
