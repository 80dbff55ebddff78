"""``lws import``: workforce figures from real CSV and XLSX files into baseline.yaml."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lws.authoring.baseline_merge import import_workforce, yaml_float, yaml_text
from lws.authoring.workforce_import import (
    Cell,
    ImportUsageError,
    column_letter,
    parse_date_text,
    read_table,
    slug,
)
from lws.cli.main import main
from lws.core.diagnostics import Severity, errors
from lws.core.quantities import MAX_NUMBER
from lws.diagnose.check import check_project
from lws.model.load import load_bytes, load_file

TODAY = dt.date(2026, 11, 24)
EVIDENCE = ["ofsted-2025", "sw-return", "workforce-dataset", "staff-survey-2025"]
HEADER = ["Measure", "Value", "Unit", "As at", "Source", "Sector"]


# -- helpers -----------------------------------------------------------------------------


def baseline(project: Path) -> Path:
    return project / "strategy" / "baseline.yaml"


def cli(
    capsys: pytest.CaptureFixture[str], project: Path, *args: str | Path
) -> tuple[int, str, str]:
    """Run ``lws import`` through the real entry point."""
    code = main(["import", *map(str, args), "--project", str(project)])
    out, err = capsys.readouterr()
    return int(code), out, err


def workbook(path: Path, sheets: dict[str, list[list[Any]]], formats: dict[str, str]) -> Path:
    """Write an XLSX; ``formats`` maps ``Sheet!B2`` to an Excel number format."""
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for name, rows in sheets.items():
        ws = book.create_sheet(name)
        for row in rows:
            ws.append(row)
    for ref, fmt in formats.items():
        name, coordinate = ref.split("!")
        book[name][coordinate].number_format = fmt
    book.save(path)
    return path


def rewrite_part(path: Path, name: str, edit: Callable[[str], str]) -> None:
    """Edit one XML part of an XLSX file in place."""
    with zipfile.ZipFile(path) as archive:
        parts = {part: archive.read(part) for part in archive.namelist()}
    parts[name] = edit(parts[name].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def save_results(path: Path, results: dict[str, Any]) -> None:
    """Store each formula's result in the file, as Excel does (openpyxl saves none).

    ``results`` maps ``sheetN!B3`` (N the sheet's position, from 1) to a number or text.
    """
    for ref, result in results.items():
        sheet, coordinate = ref.split("!")
        kind = ' t="str"' if isinstance(result, str) else ""
        pattern = re.compile(rf'<c r="{coordinate}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>')

        def store(
            xml: str,
            pattern: re.Pattern[str] = pattern,
            kind: str = kind,
            coordinate: str = coordinate,
            result: Any = result,
        ) -> str:
            match = pattern.search(xml)
            assert match is not None, coordinate
            cell = (
                f'<c r="{coordinate}"{match[1]}{kind}><f>{match[2]}</f>'
                f"<v>{escape(str(result))}</v></c>"
            )
            return xml[: match.start()] + cell + xml[match.end() :]

        rewrite_part(path, f"xl/worksheets/{sheet}.xml", store)


def formatted(diagnostics: Sequence[Any]) -> list[str]:
    return [d.format() for d in diagnostics]


def items(path: Path, root: Path) -> list[dict[str, Any]]:
    data = load_file(path, root, "strategy/baseline.yaml").data
    assert isinstance(data, dict)
    return list(data["workforce_data"])


# -- CSV ---------------------------------------------------------------------------------


GOOD_CSV = (
    "Measure,Figure,Unit,As at,Source,Sector\n"
    "Residential care worker vacancy rate,12.5%,,30/09/2025,workforce-dataset,Residential care\n"
    'Youth workers,"1,234",FTE,2025-09-30,workforce-dataset,Youth services\n'
    'Spend on agency social workers,"£3,000",,13 January 2026,sw-return,\n'
)


def test_csv_rows_are_appended_and_the_rest_of_the_file_is_kept_byte_for_byte(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = baseline(project).read_bytes()
    data = project / "figures.csv"
    data.write_text(GOOD_CSV, encoding="utf-8")
    code, out, err = cli(capsys, project, data)
    assert (code, out) == (0, "")
    assert err == "lws import: updated strategy/baseline.yaml: 3 added, 0 replaced, 0 unchanged\n"
    new = baseline(project).read_bytes()
    added = (
        b"  - id: residential-care-worker-vacancy-rate-residential-care-2025-09-30\n"
        b"    measure: Residential care worker vacancy rate\n"
        b"    value: 12.5\n"
        b'    unit: "%"\n'
        b"    date: 2025-09-30\n"
        b"    source: workforce-dataset\n"
        b"    sector: Residential care\n"
        b"  - id: youth-workers-youth-services-2025-09-30\n"
        b"    measure: Youth workers\n"
        b"    value: 1234\n"
        b"    unit: FTE\n"
        b"    date: 2025-09-30\n"
        b"    source: workforce-dataset\n"
        b"    sector: Youth services\n"
        b"  - id: spend-on-agency-social-workers-2026-01-13\n"
        b"    measure: Spend on agency social workers\n"
        b"    value: 3000\n"
        b"    unit: \xc2\xa3\n"
        b"    date: 2026-01-13\n"
        b"    source: sw-return\n"
    )
    anchor = b"    sector: All partners\n\nstrengths:\n"  # the end of the last item
    assert old.count(anchor) == 1
    cut = old.index(anchor) + len(b"    sector: All partners\n")
    assert new == old[:cut] + added + old[cut:]
    assert errors(check_project(project, TODAY)) == []


def test_an_id_column_replaces_items_in_place_keeping_comments_in_the_list(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = baseline(project).read_text(encoding="utf-8")
    commented = text.replace(
        "  - id: sw-agency\n",
        "  # Agency figures come from the statutory return. Keep: it is checked yearly.\n"
        "  - id: sw-agency\n",
    ).replace("    value: 21.4\n", "    value: 21.4   # was 19.9 in 2024\n")
    baseline(project).write_text(commented, encoding="utf-8")
    data = project / "update.csv"
    data.write_text(
        "ID,Measure,Value,Unit,Date,Source,Sector\n"
        "sw-vacancy,Social worker vacancy rate,23.1,%,2026-03-31,sw-return,"
        "Children's social care\n",
        encoding="utf-8",
    )
    code, _, err = cli(capsys, project, data)
    assert code == 0, err
    new = baseline(project).read_text(encoding="utf-8")
    old_item = (
        "  - id: sw-vacancy\n    measure: Social worker vacancy rate\n"
        '    value: 21.4   # was 19.9 in 2024\n    unit: "%"\n    date: 2025-09-30\n'
        "    source: sw-return\n    sector: Children's social care\n"
    )
    new_item = (
        "  - id: sw-vacancy\n    measure: Social worker vacancy rate\n"
        '    value: 23.1\n    unit: "%"\n    date: 2026-03-31\n'
        "    source: sw-return\n    sector: Children's social care\n"
    )
    assert commented.count(old_item) == 1
    assert new == commented.replace(old_item, new_item)
    assert "# Agency figures come from the statutory return." in new
    assert [i["id"] for i in items(baseline(project), project)][:3] == [
        "core-headcount",
        "sw-vacancy",
        "sw-agency",
    ]
    assert errors(check_project(project, TODAY)) == []


def test_importing_the_same_file_again_changes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = project / "figures.csv"
    data.write_text(GOOD_CSV, encoding="utf-8")
    assert cli(capsys, project, data)[0] == 0
    once = baseline(project).read_bytes()
    outcome = import_workforce(project, data)
    assert outcome.diagnostics == [] and not outcome.written
    assert outcome.plan is not None and not outcome.plan.changed
    assert len(outcome.plan.unchanged) == 3
    code, _, err = cli(capsys, project, data)
    assert code == 0
    assert err == (
        "lws import: 0 added, 0 replaced, 3 unchanged; "
        "strategy/baseline.yaml is already up to date\n"
    )
    assert baseline(project).read_bytes() == once


def test_a_figure_already_listed_under_another_id_is_updated_not_listed_twice(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without an id column, a row updates the one item with its measure, service and date
    (words compared regardless of case and spacing), keeping that item's id: a figure typed
    in by hand (``sw-vacancy``) or imported before ids named the service (an old-style
    ``measure-date`` id). A figure listed twice is never guessed at: the row is added."""
    path = baseline(project)
    text = path.read_text(encoding="utf-8")
    old_style = (
        "  - id: youth-workers-2025-09-30\n    measure: Youth workers\n    value: 1200\n"
        "    unit: FTE\n    date: 2025-09-30\n    source: workforce-dataset\n"
        "    sector: Youth services\n"
    )
    twice = "".join(
        f"  - id: leavers-{n}\n    measure: Leavers\n    value: {n}\n    unit: people\n"
        "    date: 2025-09-30\n    source: workforce-dataset\n"
        for n in (1, 2)
    )
    path.write_text(
        text.replace("  - id: sw-vacancy\n", old_style + twice + "  - id: sw-vacancy\n")
    )
    data = project / "figures.csv"
    data.write_text(
        "Measure,Figure,Unit,As at,Source,Sector\n"
        "Social worker  vacancy rate,19.8%,,30/09/2025,sw-return,children's social care\n"
        'Youth workers,"1,234",FTE,2025-09-30,workforce-dataset,Youth services\n'
        "Leavers,3,people,2025-09-30,workforce-dataset,\n"
        "Social worker vacancy rate,20.1%,,31/03/2026,sw-return,Children's social care\n",
        encoding="utf-8",
    )
    code, _, err = cli(capsys, project, data)
    assert code == 0
    assert err == "lws import: updated strategy/baseline.yaml: 2 added, 2 replaced, 0 unchanged\n"
    listed = {item["id"]: item for item in items(path, project)}
    assert listed["sw-vacancy"]["value"] == 19.8
    assert listed["sw-vacancy"]["measure"] == "Social worker  vacancy rate"
    assert listed["youth-workers-2025-09-30"]["value"] == 1234
    assert "youth-workers-youth-services-2025-09-30" not in listed
    assert [listed[f"leavers-{n}"]["value"] for n in (1, 2)] == [1, 2]
    assert listed["leavers-2025-09-30"]["value"] == 3  # added: which of the two is unknown
    assert listed["social-worker-vacancy-rate-childrens-social-care-2026-03-31"]["value"] == 20.1
    assert cli(capsys, project, data)[2].startswith("lws import: 0 added, 0 replaced, 4 unchanged")


def test_dry_run_prints_the_change_and_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = baseline(project).read_bytes()
    before = baseline(project).stat().st_mtime_ns
    data = project / "figures.csv"
    data.write_text(GOOD_CSV, encoding="utf-8")
    code, out, err = cli(capsys, project, data, "--dry-run")
    assert code == 0
    assert out.startswith("--- a/strategy/baseline.yaml\n+++ b/strategy/baseline.yaml\n@@ ")
    assert "+  - id: youth-workers-youth-services-2025-09-30\n+    measure: Youth workers\n" in out
    assert all(line[0] in " +@-" for line in out.splitlines()[2:])
    assert not any(line.startswith("-") for line in out.splitlines()[2:])
    assert err == (
        "lws import (dry run): would write strategy/baseline.yaml: 3 added, 0 replaced, "
        "0 unchanged; nothing written\n"
    )
    assert baseline(project).read_bytes() == old
    assert baseline(project).stat().st_mtime_ns == before
    assert not [p for p in baseline(project).parent.iterdir() if p.name.startswith(".")]


def test_bad_csv_rows_are_reported_at_their_cells_and_nothing_is_written(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = baseline(project).read_bytes()
    data = project / "bad.csv"
    data.write_text(
        "Measure,Value,Unit,Date,Source\n"
        "Good row,5,%,13/01/2026,sw-return\n"
        "Bad number,twelve,%,2026-01-31,sw-return\n"
        "Bad date,5,%,31/02/2026,sw-return\n"
        ",5,%,2026-01-31,sw-return\n"
        "US date,5,%,01/13/2026,sw-return\n"
        "Unknown source,5,%,2026-01-31,sw-retrun\n"
        ",,,,\n"
        'Decimal comma,"1,5",%,2026-01-31,sw-return\n',
        encoding="utf-8",
    )
    code, out, err = cli(capsys, project, data)
    assert (code, out) == (1, "")
    shown = str(data)
    assert err.splitlines() == [
        f"{shown}:3:2: error: B3: 'twelve' is not a number",
        "  hint: give the figure as a number, e.g. 12.5, 1,234, 12.5% or £3,000",
        f"{shown}:4:4: error: D4: '31/02/2026' is not a real date: February 2026 has 28 days",
        "  hint: check the day and month; dates are read day first (dd/mm/yyyy, UK order)",
        f"{shown}:5:1: error: A5: the measure is empty",
        "  hint: every row needs a measure: what is counted, e.g. 'Social worker vacancy "
        "rate'; delete the row if it is not a figure",
        f"{shown}:6:4: error: D6: '01/13/2026' is not a date: there is no month 13",
        "  hint: the month must be 1 to 12; dates are read day first (dd/mm/yyyy, UK order); "
        "if you meant 13 January 2026, write 2026-01-13",
        f"{shown}:7:5: error: E7: no evidence has the id 'sw-retrun'",
        "  hint: did you mean 'sw-return'?",
        f"{shown}:9:2: error: B9: '1,5' is not a number",
        "  hint: write decimals with a point (1.5), not a comma",
        "lws import failed: 6 errors; strategy/baseline.yaml was not changed",
    ]
    assert baseline(project).read_bytes() == old


def test_a_uk_date_is_read_day_first() -> None:
    assert parse_date_text("13/01/2026") == dt.date(2026, 1, 13)
    assert parse_date_text("05/04/2026") == dt.date(2026, 4, 5)  # 5 April, never May 4
    assert parse_date_text("01/13/2026") == (
        "'01/13/2026' is not a date: there is no month 13",
        "the month must be 1 to 12; dates are read day first (dd/mm/yyyy, UK order); "
        "if you meant 13 January 2026, write 2026-01-13",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-13", dt.date(2026, 1, 13)),
        ("2026-01-13 00:00:00", dt.date(2026, 1, 13)),
        ("2026/1/13", dt.date(2026, 1, 13)),
        ("13.01.2026", dt.date(2026, 1, 13)),
        ("1 Sept 2025", dt.date(2025, 9, 1)),
        ("29/02/2028", dt.date(2028, 2, 29)),
        ("29/02/2026", "'29/02/2026' is not a real date: February 2026 has 28 days"),
        ("2026-02-30", "'2026-02-30' is not a real date: February 2026 has 28 days"),
        ("13/01/26", "'13/01/26' has a two-digit year"),
        ("Q3 2025", "'Q3 2025' is not a date"),
    ],
)
def test_dates_in_text(text: str, expected: dt.date | str) -> None:
    parsed = parse_date_text(text)
    assert (parsed if isinstance(parsed, dt.date) else parsed[0]) == expected


def test_non_utf8_csv_is_rejected_naming_the_cell(tmp_path: Path) -> None:
    data = tmp_path / "cp1252.csv"
    data.write_bytes(
        "Measure,Value,Unit,Date,Source\nHeadcount,6450,people,2025-09-30,workforce-dataset\n"
        "Agency spend,3000,£,2025-09-30,workforce-dataset\n".encode("cp1252")
    )
    table = read_table(data, "cp1252.csv", evidence_ids=EVIDENCE)
    assert table.rows == []
    assert formatted(table.diagnostics) == [
        "cp1252.csv:3:3: error: C3: byte 0xA3 is not valid UTF-8: the file is not saved as "
        "UTF-8\n  hint: it was probably saved as Windows-1252 ('CSV (Comma delimited)'); lws "
        "reads UTF-8 only. In Excel: File › Save As › 'CSV UTF-8 (Comma delimited) (*.csv)'"
    ]


def test_utf8_with_a_byte_order_mark_and_semicolons_is_read(tmp_path: Path) -> None:
    data = tmp_path / "excel.csv"
    data.write_bytes(
        "\ufeffMeasure;Value;Unit;Date;Source\nAgency spend;3000;£;2025-09-30;sw-return\n".encode()
    )
    table = read_table(data, "excel.csv", evidence_ids=EVIDENCE)
    assert table.diagnostics == []
    assert [r.item for r in table.rows] == [
        {
            "id": "agency-spend-2025-09-30",
            "measure": "Agency spend",
            "value": 3000,
            "unit": "£",
            "date": dt.date(2025, 9, 30),
            "source": "sw-return",
        }
    ]


def test_title_rows_above_the_header_and_default_source(tmp_path: Path) -> None:
    data = tmp_path / "titled.csv"
    data.write_text(
        "Northbridge workforce return,,\n,,\nIndicator,Rate (%),As at\n"
        "Health visitor vacancy rate,16.5,30/09/2025\nEYP level 3,68,30/09/2025\n",
        encoding="utf-8",
    )
    table = read_table(
        data, "titled.csv", evidence_ids=EVIDENCE, default_source="workforce-dataset"
    )
    assert table.diagnostics == []
    assert [(r.row, r.item["value"], r.item["unit"], r.item["source"]) for r in table.rows] == [
        (4, 16.5, "%", "workforce-dataset"),
        (5, 68, "%", "workforce-dataset"),
    ]


def test_missing_columns_and_unknown_columns(tmp_path: Path) -> None:
    data = tmp_path / "columns.csv"
    data.write_text("Measure,Vaule,Date,Notes\nHeadcount,5,2025-09-30,x\n", encoding="utf-8")
    table = read_table(data, "columns.csv", evidence_ids=EVIDENCE)
    assert formatted(table.diagnostics) == [
        "columns.csv:1:1: error: A1: the header has no 'source' column\n"
        "  hint: add a source column of evidence ids, or pass --source EVIDENCE_ID",
        "columns.csv:1:1: error: A1: the header has no 'value' column\n"
        "  hint: name the column of figures 'value' (or 'figure', or '%')",
        "columns.csv:1:2: warning: B1: column 'Vaule' is not imported\n"
        "  hint: did you mean 'value'? lws reads the columns: id, measure, value, unit, date, "
        "source, sector",
        "columns.csv:1:4: warning: D1: column 'Notes' is not imported\n"
        "  hint: lws reads the columns: id, measure, value, unit, date, source, sector",
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("3k", "'3k' is not a number\n  hint: write the number in full (3000, not 3k)"),
        (
            "n/a",
            "'n/a' is not a number\n  hint: give the figure as a number, e.g. 12.5, "
            "1,234, 12.5% or £3,000",
        ),
        (
            "12 days",
            "the value is in days but the unit column says '%'\n  hint: correct the "
            "value or the unit so that they agree",
        ),
        (
            "=SUM(B2:B4)",
            "'=SUM(B2:B4)' is not a number\n  hint: the cell holds a formula as "
            "text; export the values, not the formulas",
        ),
        (
            "1000000000000000",
            "1000000000000000 is too large a number for a strategy (lws reads numbers "
            "below 1,000,000,000,000,000)\n  hint: check the cell for pasted or repeated digits",
        ),
    ],
)
def test_numbers_are_read_safely(tmp_path: Path, cell: str, message: str) -> None:
    data = tmp_path / "n.csv"
    data.write_text(f"measure,value,unit,date,source\nX,{cell},%,2025-09-30,sw-return\n")
    table = read_table(data, "n.csv", evidence_ids=EVIDENCE)
    assert formatted(table.diagnostics) == [f"n.csv:2:2: error: B2: {message}"]


@pytest.mark.parametrize(
    ("cell", "value", "unit"),
    [
        ("12.5%", 12.5, "%"),
        ("12.5 %", 12.5, "%"),
        ("1,234", 1234, "%"),
        ("-3", -3, "%"),
        ("\u22123.5", -3.5, "%"),
        ("0.1", 0.1, "%"),
        ("11.2 percent", 11.2, "%"),
    ],
)
def test_numbers_in_text(tmp_path: Path, cell: str, value: float, unit: str) -> None:
    data = tmp_path / "n.csv"
    data.write_text(
        f'measure,value,unit,date,source\nX,"{cell}",%,2025-09-30,sw-return\n', encoding="utf-8"
    )
    table = read_table(data, "n.csv", evidence_ids=EVIDENCE)
    assert table.diagnostics == []
    assert (table.rows[0].item["value"], table.rows[0].item["unit"]) == (value, unit)
    assert type(table.rows[0].item["value"]) is type(value)


def test_ids_are_made_from_measure_service_and_date_and_kept_unique(tmp_path: Path) -> None:
    data = tmp_path / "ids.csv"
    data.write_text(
        "id,measure,value,unit,date,source,sector\n"
        ",Vacancy rate,10,%,2025-09-30,sw-return,North\n"
        ",Vacancy rate,12,%,2025-09-30,sw-return,South\n"
        "vacancy-rate-2025-09-30,Given,1,%,2025-09-30,sw-return,\n"
        ",2025 leavers (total),1,people,2025-09-30,sw-return,\n"
        ",Écoles maternelles – taux,1,%,2025-09-30,sw-return,\n"
        "dup,First,1,%,2025-09-30,sw-return,\n"
        "dup,Second,1,%,2025-09-30,sw-return,\n"
        ",Vacancy rate,11,%,2025-09-30,sw-return,North\n"
        ",Vacancy rate,9,%,2025-09-30,sw-return,\n",
        encoding="utf-8",
    )
    table = read_table(data, "ids.csv", evidence_ids=EVIDENCE)
    assert [r.item["id"] for r in table.rows] == [
        "vacancy-rate-north-2025-09-30",
        "vacancy-rate-south-2025-09-30",
        "vacancy-rate-2025-09-30",
        "m-2025-leavers-total-2025-09-30",
        "ecoles-maternelles-taux-2025-09-30",
        "dup",
    ]
    assert formatted(table.diagnostics) == [
        "ids.csv:8:1: error: A8: id 'dup' is already used by A7\n"
        "  hint: give each row its own id, or leave the id column empty to have one made",
        "ids.csv:9:2: error: B9: the same measure, service and date as B2 (both would be "
        "'vacancy-rate-north-2025-09-30')\n"
        "  hint: give the rows a service (sector) column that tells them apart, an id column, "
        "or delete the repeated row",
        "ids.csv:10:2: error: B10: the same measure and date as B4 (both would be "
        "'vacancy-rate-2025-09-30')\n"
        "  hint: give the rows a service (sector) column that tells them apart, an id column, "
        "or delete the repeated row",
    ]
    long = slug("A very long measure name that goes on and on about the workforce")
    assert long == "a-very-long-measure-name-that-goes-on"


# -- XLSX --------------------------------------------------------------------------------


def test_xlsx_excel_types_several_sheets_and_formulas(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "workforce.xlsx",
        {
            "Social care": [
                ["Workforce return 2025"],
                [],
                HEADER,
                ["SW vacancy", 0.214, None, dt.datetime(2025, 9, 30), "sw-return", "CSC"],
                ["SW agency", 18, "%", dt.date(2025, 9, 30), "sw-return", "CSC"],
                ["Sickness", "=10+1.2", "days", "30/09/2025", "workforce-dataset", None],
                ["Agency spend", 1250000, None, "2025-09-30", "sw-return", None],
                ["Literal per cent", 19.6, None, dt.datetime(2025, 9, 30), "sw-return", None],
            ],
            "Early years": [
                ["ID", "Metric", "%", "Date", "Evidence"],
                ["ey-level3", "EYP at level 3+", 0.68, dt.date(2025, 9, 30), "workforce-dataset"],
                [None, None, None, None, None],
                [
                    "ey-count",
                    "EY headcount",
                    "=SUM(1,2)",
                    dt.date(2025, 9, 30),
                    "workforce-dataset",
                ],
            ],
            "Notes": [["These figures are provisional."], ["Ask Sam."]],
        },
        {
            "Social care!B4": "0.0%",
            "Social care!B7": '"£"#,##0',
            "Social care!B8": '0.0"%"',
            "Social care!D4": "dd/mm/yyyy",
            "Early years!C2": "0%",
        },
    )
    save_results(path, {"sheet1!B6": 11.2, "sheet2!C4": 1520})
    table = read_table(path, "data/workforce.xlsx", evidence_ids=EVIDENCE)
    assert formatted(table.diagnostics) == [
        "data/workforce.xlsx:1:1: warning: Notes!A1: sheet skipped: no header row naming "
        "measure, value and date (row 1 reads 'These figures are provisional.')\n"
        "  hint: the first row must name the columns: measure, value, unit, date, source (and "
        "optionally id, sector), with a row for each figure below it; pass --sheet NAME to "
        "import one sheet only"
    ]
    got = [(r.sheet, r.row, r.item) for r in table.rows]
    d = dt.date(2025, 9, 30)
    assert got == [
        (
            "Social care",
            4,
            {
                "id": "sw-vacancy-csc-2025-09-30",
                "measure": "SW vacancy",
                "sector": "CSC",
                "value": 21.4,
                "unit": "%",
                "date": d,
                "source": "sw-return",
            },
        ),
        (
            "Social care",
            5,
            {
                "id": "sw-agency-csc-2025-09-30",
                "measure": "SW agency",
                "sector": "CSC",
                "value": 18,
                "unit": "%",
                "date": d,
                "source": "sw-return",
            },
        ),
        (
            "Social care",
            6,
            {
                "id": "sickness-2025-09-30",
                "measure": "Sickness",
                "value": 11.2,
                "unit": "days",
                "date": d,
                "source": "workforce-dataset",
            },
        ),
        (
            "Social care",
            7,
            {
                "id": "agency-spend-2025-09-30",
                "measure": "Agency spend",
                "value": 1250000,
                "unit": "£",
                "date": d,
                "source": "sw-return",
            },
        ),
        (
            "Social care",
            8,
            {
                "id": "literal-per-cent-2025-09-30",
                "measure": "Literal per cent",
                "value": 19.6,
                "unit": "%",
                "date": d,
                "source": "sw-return",
            },
        ),
        (
            "Early years",
            2,
            {
                "id": "ey-level3",
                "measure": "EYP at level 3+",
                "value": 68,
                "unit": "%",
                "date": d,
                "source": "workforce-dataset",
            },
        ),
        (
            "Early years",
            4,
            {
                "id": "ey-count",
                "measure": "EY headcount",
                "value": 1520,
                "unit": "%",
                "date": d,
                "source": "workforce-dataset",
            },
        ),
    ]
    only = read_table(path, "w.xlsx", evidence_ids=EVIDENCE, sheet="Early years")
    assert [r.item["id"] for r in only.rows] == ["ey-level3", "ey-count"]


def xlsx_with_bad_rows(tmp_path: Path) -> Path:
    path = workbook(
        tmp_path / "workforce.xlsx",
        {
            "Sheet1": [
                HEADER,
                ["Good", 5, "%", "13/01/2026", "sw-return", None],
                ["Bad number", "twelve", "%", dt.date(2026, 1, 31), "sw-return", None],
                ["Bad date", 5, "%", "31/02/2026", "sw-return", None],
                [None, 5, "%", dt.date(2026, 1, 31), "sw-return", "CSC"],
                ["US date", 5, "%", "01/13/2026", "sw-return", None],
                ["Unknown source", 5, "%", dt.date(2026, 1, 31), "sw-retrun", None],
                ["Unsaved formula", "=2*3", "%", dt.date(2026, 1, 31), "sw-return", None],
                ["Formula error", "=1/0", "%", dt.date(2026, 1, 31), "sw-return", None],
                ["A boolean", True, "%", dt.date(2026, 1, 31), "sw-return", None],
                ["No unit", 5, None, dt.date(2026, 1, 31), "sw-return", None],
                ["Serial date", 5, "%", 46036, "sw-return", None],
            ],
            "Staff survey": [
                ["Measure", "Value", "Unit", "Date", "Source"],
                ["Too long " + "x" * 2000, 49, "%", dt.date(2025, 10, 31), "staff-survey-2025"],
            ],
        },
        {},
    )
    rewrite_part(
        path,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            '<c r="B9"><f>1/0</f><v></v></c>', '<c r="B9" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        ),
    )
    return path


def test_bad_xlsx_cells_are_reported_with_sheet_row_and_column(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = baseline(project).read_bytes()
    path = xlsx_with_bad_rows(project)
    code, out, err = cli(capsys, project, path)
    assert (code, out) == (1, "")
    f = str(path)
    assert err.splitlines() == [
        f"{f}:3:2: error: Sheet1!B3: 'twelve' is not a number",
        "  hint: give the figure as a number, e.g. 12.5, 1,234, 12.5% or £3,000",
        f"{f}:4:4: error: Sheet1!D4: '31/02/2026' is not a real date: February 2026 has 28 days",
        "  hint: check the day and month; dates are read day first (dd/mm/yyyy, UK order)",
        f"{f}:5:1: error: Sheet1!A5: the measure is empty",
        "  hint: every row needs a measure: what is counted, e.g. 'Social worker vacancy "
        "rate'; delete the row if it is not a figure",
        f"{f}:6:4: error: Sheet1!D6: '01/13/2026' is not a date: there is no month 13",
        "  hint: the month must be 1 to 12; dates are read day first (dd/mm/yyyy, UK order); "
        "if you meant 13 January 2026, write 2026-01-13",
        f"{f}:7:5: error: Sheet1!E7: no evidence has the id 'sw-retrun'",
        "  hint: did you mean 'sw-return'?",
        f"{f}:8:2: error: Sheet1!B8: the formula =2*3 has no saved result",
        "  hint: open the workbook in Excel or LibreOffice and save it, so that each formula's "
        "result is stored with it",
        f"{f}:9:2: error: Sheet1!B9: the formula's result is an error (#DIV/0!)",
        "  hint: fix the formula in the spreadsheet, or replace it with the figure",
        f"{f}:10:2: error: Sheet1!B10: TRUE is not a number",
        "  hint: give the figure",
        f"{f}:11:3: error: Sheet1!C11: the unit is empty",
        "  hint: give the unit, e.g. %, FTE, days or people",
        f"{f}:12:4: error: Sheet1!D12: 46036 is not a date",
        "  hint: format the cell as a date, or write the date as 2026-01-13 (YYYY-MM-DD) or "
        "13/01/2026 (dd/mm/yyyy)",
        f"{f}:2:1: error: 'Staff survey'!A2: measure: is too long: at most 2000 characters, "
        "has 2009",
        "  hint: What is measured.",
        "lws import failed: 11 errors; strategy/baseline.yaml was not changed",
    ]
    assert baseline(project).read_bytes() == old


HOSTILE = [
    "yes",
    "No",
    "1.10",
    "null",
    "~",
    "<<",
    "=",
    "0x1F",
    "1e3",
    ".inf",
    "2025-09-30",
    "12:30",
    "- a list?",
    "key: value",
    "# not a comment",
    "text # with a hash",
    "ends with a colon:",
    "&anchor",
    "*alias",
    "!!python/object/apply:os.system ['rm -rf /']",
    "'single'",
    '"double"',
    "{flow: mapping}",
    "[flow, list]",
    "%TAG ! tag:evil",
    "@at",
    "`tick`",
    "| literal",
    "> folded",
    "back\\slash",
    "line one\nline two\n  indented: three",
    "tab\tinside",
    "Ünïcödé – “curly” £ € 😀",
    "line\u2028separator",
    "bom\ufeffinside",
    "---",
    "...",
    "x" * 1999,
]


def test_hostile_text_round_trips_as_data(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows: list[list[Any]] = [["ID", *HEADER]]
    for n, text in enumerate(HOSTILE):
        rows.append([f"h{n}", text, n, "people", dt.date(2026, 1, 31), "sw-return", text])
    rows.append(["formula", "=A1", 1, "=B1", dt.date(2026, 1, 31), "sw-return", None])
    path = workbook(project / "hostile.xlsx", {"Data": rows}, {})
    formula_row = len(rows)
    cached = "key: value\n- item\n# comment"
    save_results(path, {f"sheet1!B{formula_row}": cached, f"sheet1!D{formula_row}": "!!str"})
    code, _, err = cli(capsys, project, path)
    assert code == 0, err
    assert errors(check_project(project, TODAY)) == []
    by_id = {i["id"]: i for i in items(baseline(project), project)}
    for n, text in enumerate(HOSTILE):
        assert by_id[f"h{n}"]["measure"] == text.strip(), text
        assert by_id[f"h{n}"]["sector"] == text.strip(), text
    assert by_id["formula"]["measure"] == cached
    assert by_id["formula"]["unit"] == "!!str"
    # Re-importing reads the same data back: nothing changes.
    again = import_workforce(project, path)
    assert again.plan is not None and not again.plan.changed
    assert len(again.plan.unchanged) == len(HOSTILE) + 1


def test_control_characters_are_refused(tmp_path: Path) -> None:
    data = tmp_path / "c.csv"
    data.write_text(
        "measure,value,unit,date,source,sector\nBell\x07,1,%,2026-01-31,sw-return,N\x85EL\n",
        encoding="utf-8",
    )
    table = read_table(data, "c.csv", evidence_ids=EVIDENCE)
    assert formatted(table.diagnostics) == [
        "c.csv:2:1: error: A2: text holds the control character U+0007\n"
        "  hint: remove invisible characters (often pasted from another program)",
        "c.csv:2:6: error: F2: text holds the control character U+0085\n"
        "  hint: remove invisible characters (often pasted from another program)",
    ]


# -- usage errors ------------------------------------------------------------------------


def test_usage_errors_exit_2(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = workbook(project / "w.xlsx", {"Social care": [HEADER], "Early years": [HEADER]}, {})
    csv = project / "w.csv"
    csv.write_text(GOOD_CSV)
    (project / "w.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    cases = [
        ((project / "missing.csv",), f"{project / 'missing.csv'}: no such file"),
        (
            (project / "w.txt",),
            f"{project / 'w.txt'}: not a .csv or .xlsx file (the name ends .txt)",
        ),
        (
            (project / "w.xls",),
            f"{project / 'w.xls'}: .xls files are not read; open the file "
            "in your spreadsheet program and save it as Excel Workbook (.xlsx) or CSV UTF-8 "
            "(.csv)",
        ),
        (
            (path, "--sheet", "Early Year"),
            f"{path}: no worksheet named 'Early Year'; did you "
            "mean 'Early years'? the workbook has: 'Social care', 'Early years'",
        ),
        ((csv, "--sheet", "x"), f"{csv}: --sheet applies to workbooks (.xlsx), not CSV"),
        (
            (csv, "--source", "sw-retrun"),
            "--source 'sw-retrun' is not an evidence id in "
            "strategy/baseline.yaml; did you mean 'sw-return'?",
        ),
    ]
    for args, message in cases:
        code, out, err = cli(capsys, project, *args)
        assert (code, out, err) == (2, "", f"lws: error: {message}\n")
    with pytest.raises(ImportUsageError):
        read_table(project / "w.ods", "w.ods", evidence_ids=EVIDENCE)


def test_no_strategy_directory_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, tmp_path, tmp_path / "x.csv")
    assert code == 2
    assert err.startswith(f"lws: error: {tmp_path} has no strategy/ directory")


# -- the textual merge -------------------------------------------------------------------


def one_row_csv(project: Path) -> Path:
    data = project / "one.csv"
    data.write_text(
        "measure,value,unit,date,source\nYouth workers,12,FTE,2025-09-30,workforce-dataset\n",
        encoding="utf-8",
    )
    return data


def test_a_flow_style_or_missing_list_becomes_a_block_list(project: Path) -> None:
    text = baseline(project).read_text(encoding="utf-8")
    start = text.index("workforce_data:\n")
    end = text.index("\nstrengths:")
    for replacement in ("workforce_data: []  # to do\n", ""):
        edited = text[:start] + replacement + text[end:]
        baseline(project).write_text(edited, encoding="utf-8")
        outcome = import_workforce(project, one_row_csv(project))
        assert outcome.diagnostics == [] and outcome.written
        new = baseline(project).read_text(encoding="utf-8")
        block = (
            "workforce_data:\n  - id: youth-workers-2025-09-30\n    measure: Youth workers\n"
            "    value: 12\n    unit: FTE\n    date: 2025-09-30\n"
            "    source: workforce-dataset\n"
        )
        if replacement:
            assert new == text[:start] + block + text[end:]
        else:  # added after the evidence, before the blank line that ended it
            evidence_end = start - 1
            assert new == edited[:evidence_end] + "\n" + block + edited[evidence_end:]
        assert errors(check_project(project, TODAY)) == []


def test_line_endings_and_byte_order_mark_are_kept(project: Path) -> None:
    text = baseline(project).read_text(encoding="utf-8").replace("\n", "\r\n")
    baseline(project).write_bytes(b"\xef\xbb\xbf" + text.encode())
    outcome = import_workforce(project, one_row_csv(project))
    assert errors(outcome.diagnostics) == [] and outcome.written
    new = baseline(project).read_bytes()
    assert new.startswith(b"\xef\xbb\xbf# yaml-language-server")
    assert b"\n" not in new.replace(b"\r\n", b"")
    assert b"  - id: youth-workers-2025-09-30\r\n    measure: Youth workers\r\n" in new


def test_errors_elsewhere_in_baseline_block_the_import_at_their_own_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = baseline(project).read_text(encoding="utf-8")
    broken = text.replace(
        "    importance: high\n    status: struggling\n",
        ("    importance: hihg\n    status: struggling\n"),
        1,
    )
    baseline(project).write_text(broken, encoding="utf-8")
    line = broken[: broken.index("importance: hihg")].count("\n") + 1
    code, _, err = cli(capsys, project, one_row_csv(project), "--dry-run")
    assert code == 1
    assert err.splitlines()[0] == (
        f"strategy/baseline.yaml:{line}:17: error: gaps[0].importance: 'hihg' is not one of: "
        "high, medium, low"
    )
    assert baseline(project).read_text(encoding="utf-8") == broken


def test_a_workforce_data_that_is_not_a_list_is_refused(project: Path) -> None:
    text = baseline(project).read_text(encoding="utf-8")
    start, end = text.index("workforce_data:\n"), text.index("\nstrengths:")
    baseline(project).write_text(
        text[:start] + "workforce_data: see the dataset\n" + text[end:], encoding="utf-8"
    )
    outcome = import_workforce(project, one_row_csv(project))
    assert formatted(outcome.diagnostics) == [
        "strategy/baseline.yaml:1:1: error: workforce_data is not a list\n"
        "  hint: fix workforce_data first; lws check explains how"
    ]
    assert not outcome.written


# -- scalars -----------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_written_so_that_it_reads_back_unchanged(text: str) -> None:
    doc = load_bytes(f"k: {yaml_text(text)}\n".encode(), "t.yaml")
    assert doc.data == {"k": text}


@settings(max_examples=300, deadline=None)
@given(st.floats(1 - MAX_NUMBER, MAX_NUMBER - 1))  # larger: refused by the loader
def test_any_figure_is_written_so_that_it_reads_back_unchanged(value: float) -> None:
    doc = load_bytes(f"k: {yaml_float(value)}\n".encode(), "t.yaml")
    assert doc.data == {"k": value}


def test_cell_references() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert Cell("Sheet1", 7, 3).ref == "Sheet1!C7"
    assert Cell("Staff data", 7, 3).ref == "'Staff data'!C7"
    assert Cell("Bob's", 1, 1).ref == "'Bob''s'!A1"
    assert Cell(None, 7, 3).ref == "C7"


def test_warnings_alone_do_not_stop_an_import(project: Path) -> None:
    data = project / "w.csv"
    data.write_text(
        "Measure,Value,Unit,Date,Source,Comment\nYouth workers,12,FTE,2025-09-30,"
        "workforce-dataset,ok\n",
        encoding="utf-8",
    )
    outcome = import_workforce(project, data, display="w.csv")
    assert [d.severity for d in outcome.diagnostics] == [Severity.WARNING]
    assert outcome.written


EV = "evidence:\n  - {id: src, title: Data, kind: workforce_data, date: 2025-01-01}\n"
ITEM_A = "    measure: A\n    value: 1\n    unit: '%'\n    date: 2025-01-01\n    source: src"
NEW_A = (
    '  - id: a\n    measure: A new\n    value: 5\n    unit: "%"\n    date: 2026-01-01\n'
    "    source: src\n"
)
NEW_N = (
    '  - id: n\n    measure: N\n    value: 3\n    unit: "%"\n    date: 2026-01-01\n'
    "    source: src\n"
)
ITEM_B = (
    "  - id: b\n    measure: B\n    value: 2\n    unit: '%'\n    date: 2025-01-01\n"
    "    source: src\n"
)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            EV + "workforce_data:\n  - id: a\n" + ITEM_A,
            EV + "workforce_data:\n" + NEW_A + NEW_N,
            id="no line break at the end",
        ),
        pytest.param(
            EV
            + "workforce_data:\n- id: a\n"
            + ITEM_A.replace("    ", "  ")
            + "\n# next\nstrengths: [x]\n",
            EV
            + "workforce_data:\n"
            + (NEW_A + NEW_N).replace("\n  ", "\n")[2:]
            + "# next\nstrengths: [x]\n",
            id="list not indented",
        ),
        pytest.param(
            EV + "workforce_data:\n  -\n    id: a\n" + ITEM_A + "\n" + ITEM_B,
            EV + "workforce_data:\n" + NEW_A + ITEM_B + NEW_N,
            id="dash on a line of its own",
        ),
        pytest.param(
            EV
            + "workforce_data:\n  - id: a\n    measure: >-\n      A long\n      # not a comment\n"
            "\n    value: 1\n    unit: '%'\n    date: 2025-01-01\n    source: src\n"
            "    # a comment inside a\n  # about b\n"
            + ITEM_B
            + "\n# Strengths follow\nstrengths: [x]\n",
            EV
            + "workforce_data:\n"
            + NEW_A
            + "  # about b\n"
            + ITEM_B
            + NEW_N
            + "\n# Strengths follow\nstrengths: [x]\n",
            id="comments around items",
        ),
        pytest.param(
            EV + "workforce_data:\n" + ITEM_B + "...\n",
            EV + "workforce_data:\n" + ITEM_B + NEW_A + NEW_N + "...\n",
            id="document end marker",
        ),
        pytest.param(
            EV + "workforce_data:\n# nothing yet\nstrengths: [x]\n",
            EV + "workforce_data:\n" + NEW_A + NEW_N + "# nothing yet\nstrengths: [x]\n",
            id="empty key",
        ),
    ],
)
def test_layouts_of_workforce_data(tmp_path: Path, before: str, after: str) -> None:
    (tmp_path / "strategy").mkdir()
    (tmp_path / "strategy" / "baseline.yaml").write_text(before, encoding="utf-8")
    data = tmp_path / "x.csv"
    data.write_text(
        "id,measure,value,unit,date,source\na,A new,5,%,2026-01-01,src\nn,N,3,%,2026-01-01,src\n",
        encoding="utf-8",
    )
    outcome = import_workforce(tmp_path, data)
    assert outcome.diagnostics == [] and outcome.written
    assert (tmp_path / "strategy" / "baseline.yaml").read_text(encoding="utf-8") == after


def test_a_file_with_nothing_to_import_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("\n\n", encoding="utf-8")
    header_only = tmp_path / "header.csv"
    header_only.write_text("measure,value,unit,date,source\n", encoding="utf-8")
    notes = workbook(tmp_path / "notes.xlsx", {"Notes": [["Nothing here yet"]]}, {})
    hint = (
        "\n  hint: the first row must name the columns: measure, value, unit, date, source "
        "(and optionally id, sector), with a row for each figure below it"
    )
    assert formatted(read_table(empty, "e.csv", evidence_ids=EVIDENCE).diagnostics) == [
        "e.csv:1:1: error: the file is empty" + hint
    ]
    assert formatted(read_table(header_only, "h.csv", evidence_ids=EVIDENCE).diagnostics) == [
        "h.csv:1:1: error: found no rows to import" + hint
    ]
    found = formatted(read_table(notes, "n.xlsx", evidence_ids=EVIDENCE).diagnostics)
    assert [line.split("\n")[0] for line in found] == [
        "n.xlsx:1:1: error: found no rows to import",
        "n.xlsx:1:1: warning: Notes!A1: sheet skipped: no header row naming measure, value and "
        "date (row 1 reads 'Nothing here yet')",
    ]


# -- resource caps: a tiny file declaring a million cells -----------------------------------


def test_a_tiny_workbook_with_millions_of_cells_is_refused_without_reading_them(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(HEADER)
    ws.append(["Headcount", 10, "people", dt.date(2026, 3, 31), "sw-return", "social care"])
    for row in range(3, 200):  # one cell in the last column: each row reads as 16,384 cells
        ws.cell(row=row, column=16_384, value="x")
    path = tmp_path / "wide.xlsx"
    book.save(path)
    assert path.stat().st_size < 20_000
    before = baseline(project).read_bytes()
    code, _, err = cli(capsys, project, path)
    assert code == 1
    assert "error: Sheet!A64: more than 1,000,000 cells" in err
    assert "copy them into a sheet of their own" in err
    assert baseline(project).read_bytes() == before


def test_a_csv_of_millions_of_empty_cells_is_refused_before_it_is_parsed(
    project: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "commas.csv"
    header = ",".join(HEADER)
    path.write_text(f"{header}\nHeadcount,10,people,2026-03-31,sw-return,\n" + "," * 1_200_000)
    code, _, err = cli(capsys, project, path)
    assert code == 1
    assert f"{path}:1:1: error: more than 1,000,000 cells" in err
