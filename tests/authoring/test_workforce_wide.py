"""``lws import`` on files shaped like real returns: services kept apart, the wide layout
(a row per service, a column per measure), units such as "days per FTE"."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from lws.authoring.workforce_header import measure_column
from lws.authoring.workforce_import import read_table
from lws.cli.main import main
from lws.core.diagnostics import errors
from lws.diagnose.check import check_project
from lws.model.load import load_file

ROOT = Path(__file__).resolve().parents[2]
EVIDENCE = ["sw-return", "workforce-dataset"]

# A partnership's quarterly return as councils keep it: a title row with the date, a blank
# row, then a row per service and a column per measure, units in the headers, gaps left
# empty where a service does not collect a figure.
WIDE = (
    "Northbridge children's workforce return, as at 30 September 2025\n"
    "\n"
    "Service,Headcount,FTE,Vacancy rate (%),Sickness (days per FTE),Agency %,Source\n"
    "Children's social care,412,398.5,21.4,11.2,18,sw-return\n"
    "Early help,230,201.2,9.0,8.4,,workforce-dataset\n"
    "Health visiting,96,88,16.5,,3,workforce-dataset\n"
)


def import_into(
    tmp_path: Path, name: str, text: str, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, list[dict[str, object]]]:
    project = tmp_path / "trust"
    if not project.exists():
        shutil.copytree(ROOT / "strategy", project / "strategy")
    data = tmp_path / name
    data.write_text(text, encoding="utf-8")
    code = main(["import", str(data), "--project", str(project)])
    err = capsys.readouterr().err
    doc = load_file(project / "strategy" / "baseline.yaml", project, "strategy/baseline.yaml")
    return code, err, list(doc.data["workforce_data"])


def test_the_wide_layout_is_read_a_figure_per_service_and_measure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err, items = import_into(tmp_path, "return.csv", WIDE, capsys)
    assert code == 0, err
    assert "13 added, 0 replaced" in err
    by_id = {i["id"]: i for i in items}
    assert by_id["sickness-childrens-social-care-2025-09-30"] == {
        "id": "sickness-childrens-social-care-2025-09-30",
        "measure": "Sickness",
        "value": 11.2,
        "unit": "days per FTE",
        "date": dt.date(2025, 9, 30),
        "source": "sw-return",
        "sector": "Children's social care",
    }
    assert by_id["vacancy-rate-health-visiting-2025-09-30"]["value"] == 16.5
    assert by_id["vacancy-rate-health-visiting-2025-09-30"]["unit"] == "%"
    assert by_id["fte-early-help-2025-09-30"]["unit"] == "FTE"
    assert by_id["headcount-early-help-2025-09-30"]["unit"] == "people"
    assert "agency-early-help-2025-09-30" not in by_id  # an empty cell is no figure
    assert "sickness-health-visiting-2025-09-30" not in by_id
    assert not errors(check_project(tmp_path / "trust", today=dt.date(2026, 11, 24)))


def test_sorted_differently_the_same_figures_get_the_same_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = WIDE.splitlines()[3:]
    shuffled = "\n".join([*WIDE.splitlines()[:3], *reversed(rows)]) + "\n"
    long = (
        "Measure,Value,Unit,As at,Source,Service\n"
        "Sickness,11.2,days per FTE,30/09/2025,sw-return,Children's social care\n"
        "Sickness,8.4,days per FTE,30/09/2025,workforce-dataset,Early help\n"
    )
    flipped = long.splitlines()[0] + "\n" + "\n".join(reversed(long.splitlines()[1:])) + "\n"
    first = {r.item["id"]: r.item["value"] for r in _read(tmp_path, "a.csv", WIDE).rows}
    second = {r.item["id"]: r.item["value"] for r in _read(tmp_path, "b.csv", shuffled).rows}
    assert first == second and len(first) == 13
    one = {r.item["id"]: r.item["value"] for r in _read(tmp_path, "c.csv", long).rows}
    two = {r.item["id"]: r.item["value"] for r in _read(tmp_path, "d.csv", flipped).rows}
    assert (
        one
        == two
        == {
            "sickness-childrens-social-care-2025-09-30": 11.2,
            "sickness-early-help-2025-09-30": 8.4,
        }
    )
    # and a re-import of the re-sorted file replaces like with like
    code, err, _ = import_into(tmp_path, "return.csv", WIDE, capsys)
    assert code == 0
    code, err, _ = import_into(tmp_path, "sorted.csv", shuffled, capsys)
    assert code == 0 and "0 added, 0 replaced, 13 unchanged" in err, err


def _read(tmp_path: Path, name: str, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_table(path, name, evidence_ids=EVIDENCE)


def test_a_wide_workbook_with_per_cent_cells_and_a_date_column(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Q2 return"
    ws.append(["Team", "As at", "Vacancy rate", "Turnover (%)", "Caseload (cases per worker)"])
    ws.append(["Assessment", dt.datetime(2025, 9, 30), 0.214, 19.6, 22])
    ws.append(["Children in care", dt.datetime(2025, 9, 30), 0.12, 15, 17.5])
    for row in (2, 3):
        ws[f"C{row}"].number_format = "0.0%"
    path = tmp_path / "q2.xlsx"
    book.save(path)
    table = read_table(path, "q2.xlsx", evidence_ids=EVIDENCE, default_source="sw-return")
    assert [d.format() for d in table.diagnostics] == []
    got = {
        (r.item["measure"], r.item["sector"]): (r.item["value"], r.item["unit"]) for r in table.rows
    }
    assert got == {
        ("Vacancy rate", "Assessment"): (21.4, "%"),
        ("Turnover", "Assessment"): (19.6, "%"),
        ("Caseload", "Assessment"): (22, "cases per worker"),
        ("Vacancy rate", "Children in care"): (12, "%"),
        ("Turnover", "Children in care"): (15, "%"),
        ("Caseload", "Children in care"): (17.5, "cases per worker"),
    }
    assert table.rows[0].cell("value").ref == "'Q2 return'!C2"


def test_a_wide_layout_without_a_date_or_a_unit_is_a_located_error(tmp_path: Path) -> None:
    table = _read(tmp_path, "nodate.csv", "Service,Headcount,Source\nEarly help,230,sw-return\n")
    (problem,) = table.diagnostics
    assert problem.format().startswith("nodate.csv:1:1: error: A1: the header has no 'date' column")
    assert "or write 'as at 30 September 2025' above the header" in problem.hint
    table = _read(
        tmp_path,
        "nounit.csv",
        "Service,As at,Leavers,Source\nEarly help,30/09/2025,14,sw-return\n",
    )
    (problem,) = table.diagnostics
    assert problem.format().startswith("nounit.csv:2:3: error: C2: the unit is empty")
    assert "name the unit in the column's header, e.g. 'Headcount (people)'" in problem.hint


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        ("11.2", "days per FTE", (11.2, "days per FTE")),
        ("11.2 days", "days per FTE", (11.2, "days per FTE")),
        ('"£1,200"', "£ per head", (1200, "£ per head")),
        ("12%", "% of posts", (12, "% of posts")),
    ],
)
def test_units_say_what_the_figure_counts(
    tmp_path: Path, value: str, unit: str, expected: tuple[object, str]
) -> None:
    table = _read(
        tmp_path,
        "u.csv",
        f"Measure,Value,Unit,As at,Source\nSickness,{value},{unit},30/09/2025,sw-return\n",
    )
    assert table.diagnostics == []
    (row,) = table.rows
    assert (row.item["value"], row.item["unit"]) == expected


def test_a_unit_that_contradicts_the_value_is_still_refused(tmp_path: Path) -> None:
    table = _read(
        tmp_path,
        "u.csv",
        "Measure,Value,Unit,As at,Source\nSpend,12%,£ per head,30/09/2025,sw-return\n",
    )
    (problem,) = table.diagnostics
    assert "the value is in % but the unit column says '£ per head'" in problem.message


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Vacancy rate (%)", ("Vacancy rate", "%")),
        ("Sickness (days per FTE)", ("Sickness", "days per FTE")),
        ("Agency %", ("Agency", "%")),
        ("Turnover [per cent]", ("Turnover", "%")),
        ("FTE", ("FTE", "FTE")),
        ("Leavers", ("Leavers", None)),
    ],
)
def test_measure_columns_name_their_unit(header: str, expected: tuple[str, str | None]) -> None:
    assert measure_column(header) == expected


def test_long_names_make_ids_that_fit_and_still_differ() -> None:
    from lws.authoring.workforce_ids import MAX_ID, generated_id

    day = dt.date(2025, 9, 30)
    service = "Residential care homes for children and young people"
    ids = {
        generated_id(
            {"measure": f"Residential care worker vacancy rate {n}", "sector": service, "date": day}
        )
        for n in ("in the north of the county", "in the south of the county")
    }
    assert len(ids) == 2 and all(len(i) <= MAX_ID for i in ids)
    assert all(i.startswith("residential-care-worker-residential-care-") for i in ids)
