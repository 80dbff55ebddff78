"""Benchmark ``lws import --national`` on a release file of full national size.

The file is generated in the release's format: every reporting year 2017–2025, England, the
9 regions and 153 local authorities (1,467 rows × 32 columns, about 250 KB), a few cells as
the release's symbols. The trust's authority is one of them. Measured, interleaved, medians
of ``--repeat`` rounds in the same run:

* the floor: Python's ``csv`` module reading the file, nothing else;
* reading the file for the trust (:func:`lws.authoring.national_csv.read_release`);
* a first import (:func:`lws.authoring.national_import.import_national`: read, write
  ``national.yaml``, load it back and validate it);
* a re-import of the next year's file (appends one year);
* the command, ``python -m lws import --national`` in a process of its own.

Target (issue 14): the import under one second. Usage: ``nox -s bench`` or
``python benchmarks/bench_national.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lws.authoring.national_csv import Match, read_release
from lws.authoring.national_import import import_national
from lws.core.statistics import INDICATORS

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.0  # seconds, for the import
ID = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
      "region_code", "region_name", "old_la_code", "new_la_code", "la_name"]  # fmt: skip
REGIONS = 9
AUTHORITIES = 153
TRUST = "E06000900"


def release(years: range) -> str:
    """A release file in the indicators file's format, deterministic."""
    rand = random.Random(14)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ID + list(INDICATORS))
    for year in years:
        areas = [("National", "", "", "", "", "")]
        for r in range(REGIONS):
            areas.append(("Regional", f"E120000{r + 1:02d}", f"Region {r + 1}", "", "", ""))
        for a in range(AUTHORITIES):
            r = a % REGIONS
            areas.append(("Local authority", f"E120000{r + 1:02d}", f"Region {r + 1}",
                          str(800 + a), f"E06000{900 + a:03d}", f"Authority {a + 1}"))  # fmt: skip
        for level, rcode, rname, old, new, name in areas:
            cells = []
            for indicator in INDICATORS:
                roll = rand.random()
                if level == "Local authority" and roll < 0.01:
                    cells.append(rand.choice(["c", "x", "z", "low", "u", ":"]))
                elif "rate" in indicator or indicator == "caseload_fte":
                    cells.append(f"{rand.uniform(2, 30):.1f}")
                else:
                    cells.append(str(rand.randint(10, 40000)))
            row = [str(year), "Reporting year", level, "E92000001", "England",
                   rcode, rname, old, new, name]  # fmt: skip
            writer.writerow(row + cells)
    return out.getvalue()


def seconds(run: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (this process's and its children's) of one run: on a
    shared machine the CPU time says what the import costs, the wall clock what one waits."""
    start, cpu = time.perf_counter(), _cpu()
    run()
    return time.perf_counter() - start, _cpu() - cpu


def _cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=11)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        full = base / "csww_indicators_2017_to_2025.csv"
        full.write_text(release(range(2017, 2026)), encoding="utf-8")
        older = base / "csww_indicators_2017_to_2024.csv"
        older.write_text(release(range(2017, 2025)), encoding="utf-8")
        with full.open(encoding="utf-8") as f:
            records = list(csv.reader(f))
        print(f"file: {len(records)} rows × {len(records[0])} columns, "
              f"{full.stat().st_size / 1024:.0f} KB")  # fmt: skip
        project = base / "trust"
        shutil.copytree(ROOT / "strategy", project / "strategy")
        (project / "strategy" / "national.yaml").unlink(missing_ok=True)
        manifest = project / "strategy" / "manifest.yaml"
        text = manifest.read_text(encoding="utf-8")
        manifest.write_text(text.replace("E06999901", TRUST), encoding="utf-8")
        section = project / "strategy" / "national.yaml"
        match = Match("new_la_code", TRUST)

        def floor() -> None:
            with full.open(encoding="utf-8", newline="") as f:
                list(csv.reader(f))

        def first() -> None:
            section.unlink(missing_ok=True)
            outcome = import_national(project, full, display=full.name)
            assert outcome.written and not outcome.failed, outcome.diagnostics

        def again() -> None:
            section.unlink(missing_ok=True)
            assert import_national(project, older, display=older.name).written
            outcome = import_national(project, full, display=full.name)
            assert outcome.written and outcome.plan and outcome.plan.added == ["2025"]

        argv = [sys.executable, "-m", "lws", "import", "--national", str(full),
                "--project", str(project)]  # fmt: skip

        def command() -> None:
            section.unlink(missing_ok=True)
            subprocess.run(argv, check=True, capture_output=True)

        kinds: dict[str, Callable[[], object]] = {
            "csv module (floor)": floor,
            "read for the trust": lambda: read_release(full, full.name, match),
            "first import": first,
            "re-import, one year added (two imports)": again,
            "lws import --national (process)": command,
        }
        times: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
        for _ in range(args.repeat):
            for name, run in kinds.items():
                times[name].append(seconds(run))
    wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
    floor_wall, floor_cpu = wall["csv module (floor)"], cpu["csv module (floor)"]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; medians of "
          f"{args.repeat} interleaved rounds")  # fmt: skip
    for name in kinds:
        print(
            f"{name:42s} wall {wall[name] * 1000:7.1f} ms ({wall[name] / floor_wall:5.1f}×)"
            f"  cpu {cpu[name] * 1000:7.1f} ms ({cpu[name] / floor_cpu:5.1f}×)"
        )
    for label, found in (("wall clock", wall), ("CPU time", cpu)):
        met = found["first import"] < TARGET and found["lws import --national (process)"] < TARGET
        print(f"target: the import under {TARGET:.0f} s ({label}): {'met' if met else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
