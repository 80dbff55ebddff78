"""KPI readings: the newest is the latest; a KPI can follow a national indicator."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lws.cli.main import main
from lws.core.diagnostics import errors
from lws.diagnose.check import check_project
from lws.diagnose.health import health_checks
from lws.model.domain import from_documents, from_sections
from lws.model.load import load_bytes
from lws.model.project import load_strategy

ROOT = Path(__file__).resolve().parents[2]
FIRST = ROOT / "tests" / "fixtures" / "national" / "csww_indicators_2021_to_2023.csv"
TODAY = dt.date(2026, 11, 24)

NATIONAL = {
    "authority": {"la_name": "Northbridge (synthetic)", "region_name": "North East"},
    "years": [
        {"year": 2022, "authority": {"vacancy_rate_fte": 19.1},
         "england": {"vacancy_rate_fte": 20.0}},
        {"year": 2021, "authority": {"vacancy_rate_fte": "c"},
         "region": {"vacancy_rate_fte": 10.4}},
        {"year": 2023, "authority": {"vacancy_rate_fte": 16.3, "caseload_fte": "x"}},
        {"year": "bad"},
    ],
}  # fmt: skip


def kpi(**fields: object) -> dict[str, object]:
    return {
        "id": "K1",
        "title": "Vacancy rate",
        "unit": "%",
        "direction": "down",
        "baseline": {"value": 21.4, "date": "2020-09-30"},
        "target": {"value": 12, "date": "2029-03-31"},
        **fields,
    }


def model_of(*kpis: dict[str, object], national: object = None) -> object:
    sections: dict[str, object] = {"measures": {"kpis": list(kpis)}}
    if national is not None:
        sections["national"] = national
    return from_sections(sections)


def test_baseline_target_latest_keeps_working() -> None:
    (k,) = model_of(kpi(latest={"value": 18.9, "date": "2026-09-30"})).kpis  # type: ignore[attr-defined]
    assert k.latest.value == 18.9
    assert k.latest.date == dt.date(2026, 9, 30)
    assert [p.value for p in k.readings] == [18.9]
    assert [p.value for p in k.history] == [21.4, 18.9]
    (none,) = model_of(kpi()).kpis  # type: ignore[attr-defined]
    assert none.latest is None
    assert none.readings == ()
    assert [p.value for p in none.history] == [21.4]


def test_the_newest_reading_is_the_latest_judged_by_partial_dates() -> None:
    readings = [
        {"date": "September 2026", "value": 16.5, "source": "HR report"},  # 30 September
        {"date": "2026-09-15", "value": 17},
        {"date": 2025, "value": "~19"},  # 31 December 2025
        {"date": "2025-06", "value": 19.5},
    ]
    (k,) = model_of(kpi(readings=readings, latest={"value": 18, "date": "2026-03-31"})).kpis  # type: ignore[attr-defined]
    assert k.latest.value == 16.5
    assert k.latest.date_text == "September 2026"
    assert k.latest.source == "HR report"
    assert [p.value for p in k.readings] == [19.5, 19, 18, 17, 16.5]
    assert k.readings[1].value_text == "~19"


def test_a_kpi_follows_a_national_indicator() -> None:
    k, other = model_of(  # type: ignore[attr-defined]
        kpi(national="vacancy_rate_fte", readings=[{"date": "2023-03-31", "value": 17.0}]),
        kpi(id="K2", national="caseload_fte"),
        national=NATIONAL,
    ).kpis
    assert [(p.date_text, p.value, p.value_text) for p in k.readings] == [
        ("2021-09-30", None, "c"),  # suppressed: kept as the symbol, never zero
        ("2022-09-30", 19.1, None),
        ("2023-03-31", 17.0, None),
        ("2023-09-30", 16.3, None),
    ]
    assert k.latest.value == 16.3
    assert k.latest.source == "Children's social work workforce, Department for Education"
    assert other.latest.value is None
    assert other.latest.value_text == "x"
    national = model_of(national=NATIONAL).national  # type: ignore[attr-defined]
    assert [y.year for y in national.years] == [2021, 2022, 2023]
    assert national.years[0].area("region")["vacancy_rate_fte"].value == 10.4
    assert national.authority == "Northbridge (synthetic)"


def test_national_of_odd_shapes_reads_as_absent() -> None:
    assert model_of(national={"years": "none"}).national is None  # type: ignore[attr-defined]
    odd = model_of(national={"years": [{"year": 2022, "england": {"cases": True}}]}).national  # type: ignore[attr-defined]
    assert odd.authority == "our authority"
    assert odd.years[0].england == {}


MEASURES = b"""\
kpis:
  - id: K1
    title: Vacancy rate
    unit: "%"
    direction: down
    national: vacancy_rate_fte
    baseline: {value: 21.4, date: 2021-09-30}
    target: {value: 12, date: 2029-03-31}
  - id: K2
    title: Agency rate
    unit: "%"
    direction: down
    baseline: {value: 18, date: 2025-09-30}
    target: {value: 8, date: 2029-03-31}
    latest: {value: 16, date: 2025-12-31}
    readings:
      - {date: 'October 2026', value: 15.2, source: Monthly HR report}
"""


def test_staleness_reads_the_newest_reading() -> None:
    documents = {"measures": load_bytes(MEASURES, "strategy/measures.yaml")}
    found = [(d.line, d.message, d.hint) for d in health_checks(documents, TODAY)]
    assert found == [
        (2, "KPI 'K1' follows the national figure vacancy_rate_fte, but no national statistics "
         "have been imported", "import them: lws import --national FILE (see local_authority "
         "in manifest.yaml)"),
        (2, "KPI 'K1' has no value in the last 6 months (last recorded 2021-09-30)",
         "import the newest national statistics (lws import --national FILE)"),
    ]  # fmt: skip
    national = load_bytes(
        b"years:\n  - year: 2026\n    authority: {vacancy_rate_fte: 15.0}\n",
        "strategy/national.yaml",
    )
    documents["national"] = national
    assert health_checks(documents, TODAY) == []


def test_check_locates_bad_readings(project: Path) -> None:
    measures = project / "strategy" / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    text = text.replace(
        "    latest:\n      value: 18.9\n      date: 2026-09-30\n",
        "    national: vacancy_rate\n    readings:\n      - {date: 2026-10-31, value: lots}\n",
        1,
    )
    measures.write_text(text, encoding="utf-8")
    found = sorted((d.line, d.message) for d in errors(check_project(project, TODAY)))
    assert found == [
        (22, "'vacancy_rate' is not one of: " + ", ".join(_indicators())),
        (24, 'text "lots" is not a figure lws can read'),
    ], found


def _indicators() -> list[str]:
    from lws.core.statistics import INDICATORS

    return list(INDICATORS)


def test_import_then_check_a_national_kpi(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "strategy" / "national.yaml").unlink()  # the example's: imported again below
    measures = project / "strategy" / "measures.yaml"
    measures.write_text(
        measures.read_text().replace(
            "    direction: down\n", "    direction: down\n    national: vacancy_rate_fte\n", 1
        )
    )
    assert main(["import", "--national", str(FIRST), "--project", str(project)]) == 0
    vacancy = from_documents(load_strategy(project).documents).kpis[0]
    assert vacancy.latest is not None and vacancy.latest.value == 18.9  # 2026 beats 2023
    assert [p.date_text for p in vacancy.readings][:3] == ["2021-09-30", "2022-09-30", "2023-09-30"]
    assert main(["check", str(project), "--strict", "--today", "2026-11-24"]) == 0
    capsys.readouterr()
