"""``lws import --update-kpis``: KPI latest values from the figures just imported."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from lws.authoring.kpi_latest import plan_latest
from lws.cli.main import main
from lws.model.load import load_bytes

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 10, 31)


@pytest.fixture
def trust(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    return tmp_path


def run(
    capsys: pytest.CaptureFixture[str], trust: Path, csv: str, *extra: str
) -> tuple[int, str, str]:
    data = trust / "return.csv"
    data.write_text(csv, encoding="utf-8")
    code = main(["import", str(data), "--project", str(trust), "--update-kpis", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_newer_figure_named_like_a_kpi_becomes_its_latest_value(
    trust: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    measures = trust / "strategy" / "measures.yaml"
    before = measures.read_bytes()
    csv = "Measure,Value,As at,Source\nSocial worker vacancy rate,17.2%,31/10/2026,sw-return\n"
    code, out, err = run(capsys, trust, csv, "--dry-run")
    assert code == 0 and measures.read_bytes() == before
    assert (
        "-      value: 18.9\n-      date: 2026-09-30\n+      value: 17.2\n+      date: 2026-10-31\n"
        in out
    )
    assert "would update strategy/measures.yaml: latest value of K1 18.9 → 17.2 (2026-10-31)" in err
    code, _, err = run(capsys, trust, csv)
    assert code == 0, err
    assert "updated strategy/measures.yaml: latest value of K1 18.9 → 17.2 (2026-10-31)" in err
    after = measures.read_bytes()
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        (b"      value: 18.9", b"      value: 17.2"),
        (b"      date: 2026-09-30", b"      date: 2026-10-31"),
    ]  # every other byte, comments included, as it was
    k1 = load_bytes(after, "m").data["kpis"][0]
    assert k1["latest"] == {"value": 17.2, "date": DAY}
    # Importing the same file again changes nothing more.
    code, _, err = run(capsys, trust, csv)
    assert code == 0 and "no KPI's latest value to update" in err
    assert measures.read_bytes() == after


def test_an_older_figure_several_services_or_another_unit_leave_the_kpi_alone(
    trust: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    measures = trust / "strategy" / "measures.yaml"
    before = measures.read_bytes()
    csv = (
        "Measure,Value,Unit,As at,Source,Service\n"
        "Social worker vacancy rate,25,%,31/03/2025,sw-return,\n"  # older than the latest
        "Management vacancies filled by internal candidates,30,%,31/10/2026,sw-return,North\n"
        "Management vacancies filled by internal candidates,40,%,31/10/2026,sw-return,South\n"
    )
    code, _, err = run(capsys, trust, csv)
    assert code == 0, err
    assert "K10: 2 services' figures are named 'Management vacancies filled by internal " in err
    assert "(North, South); not updated" in err
    assert "no KPI's latest value to update" in err
    assert measures.read_bytes() == before
    other = (
        "Measure,Value,Unit,As at,Source\n"
        "Social worker vacancy rate,40,posts,31/10/2026,sw-return\n"
    )
    code, _, err = run(capsys, trust, other)
    assert code == 0
    assert (
        "K1: the imported 'Social worker vacancy rate' is in posts, the KPI in %; not updated"
        in err
    )
    assert measures.read_bytes() == before


SPARSE = (
    "# KPIs of a strategy just begun\n"
    "kpis:\n"
    "  - id: K1\n"
    "    title: Agency social workers\n"
    "    unit: '%'\n"
    "    direction: down\n"
    "    baseline: {value: 22, date: 2025-03-31}\n"
    "    target: {value: 10, date: 2028-03-31}\n"
    "    # latest figure to come from the quarterly return\n"
    "\n"
    "  - id: K2\n"
    "    title: Sickness\n"
    "    unit: days per FTE\n"
    "    direction: down\n"
    "    baseline: {value: 12, date: 2025-03-31}\n"
    "    target: {value: 9, date: 2028-03-31}\n"
    "    latest: {value: 11.5, date: 2026-03-31}\n"
)


def test_a_kpi_without_latest_gets_one_and_a_flow_style_latest_is_named_not_rewritten() -> None:
    doc = load_bytes(SPARSE.encode(), "strategy/measures.yaml")
    figures = [
        {"id": "a", "measure": "agency social workers", "value": 18, "unit": "%", "date": DAY},
        {"id": "s", "measure": "Sickness", "value": 10.9, "unit": "days per FTE", "date": DAY},
    ]
    plan = plan_latest(doc, SPARSE.encode(), figures)
    assert [u.kpi for u in plan.updates] == ["K1"]
    text = plan.new.decode()
    assert text.startswith(SPARSE.split("    # latest")[0])
    assert (
        "    target: {value: 10, date: 2028-03-31}\n"
        "    latest:\n      value: 18\n      date: 2026-10-31\n"
        "    # latest figure" in text
    )
    assert load_bytes(plan.new, "m").data["kpis"][0]["latest"] == {"value": 18, "date": DAY}
    (warning,) = plan.diagnostics
    assert warning.format().startswith(
        "strategy/measures.yaml:17:13: warning: kpis[1].latest: K2: latest is not written as "
        "'value:' and 'date:' lines; not updated"
    )
    assert "set it by hand to 10.9 on 2026-10-31 (from s)" in warning.hint


def test_a_strategy_without_measures_has_no_kpi_to_update(
    trust: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (trust / "strategy" / "measures.yaml").unlink()
    csv = "Measure,Value,As at,Source\nSocial worker vacancy rate,17.2%,31/10/2026,sw-return\n"
    code, _, err = run(capsys, trust, csv)
    assert code == 0
    assert "no strategy/measures.yaml; no KPI to update" in err
