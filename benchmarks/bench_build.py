"""Benchmark ``lws build`` against the bare conversions it runs, in the same run.

Measured on a copy of the example, the runs of each kind interleaved so that the machine's
load falls on all of them alike (medians of ``--repeat`` rounds; ratios are medians of the
rounds' paired ratios):

* the floor: the same Markdown through the same Pandoc and Typst calls, at the same
  parallelism as the build (a pool of as many workers as cores, longest first), with no
  loading, checking, rendering or writing around them;
* a full rebuild (``lws build --force``: every output converted again, charts reused);
* a clean build (``build/`` removed: charts drawn and rasterised, every output converted);
* a no-op rebuild (``lws build`` with nothing changed), as a command, in seconds.

Each figure is printed beside its target (issue 16), and the last line says which missed.
Usage: ``nox -s bench`` or ``python benchmarks/bench_build.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lws.publish.build import Job, convert_job
from lws.publish.jobs import plan
from lws.publish.state import BUILD_DIR, source_date

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"force": 1.10, "clean": 1.30, "noop": 0.10}


def seconds(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    workers = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch) / "trust"
        shutil.copytree(ROOT / "strategy", project / "strategy")
        shutil.copytree(ROOT / "templates" / "assets", project / "templates" / "assets")
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date(ROOT)))
        os.environ["XDG_CACHE_HOME"] = str(Path(scratch) / "cache")

        def command(*extra: str) -> Callable[[], object]:
            argv = [sys.executable, "-m", "lws", "build", "--project", str(project), *extra]
            return lambda: subprocess.run(argv, check=True, capture_output=True)

        command()()  # charts drawn and rasterised, templates compiled: the floor's inputs
        jobs, _, epoch = plan(project)
        cost: dict[Path, float] = {}
        for job in jobs:
            start = time.perf_counter()
            convert_job(job, project, epoch)
            cost[job.output] = time.perf_counter() - start
        longest_first = sorted(jobs, key=lambda j: -cost[j.output])

        def floor() -> None:
            def one(job: Job) -> bytes:
                return convert_job(job, project, epoch)

            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(one, longest_first))

        rounds: dict[str, list[float]] = {"floor": [], "force": [], "clean": [], "noop": []}
        for _ in range(args.repeat):
            rounds["floor"].append(seconds(floor))
            rounds["force"].append(seconds(command("--force")))
            shutil.rmtree(project / BUILD_DIR)
            rounds["clean"].append(seconds(command()))
            rounds["noop"].append(seconds(command()))

    median = {name: statistics.median(times) for name, times in rounds.items()}
    paired = {
        name: statistics.median(t / f for t, f in zip(rounds[name], rounds["floor"], strict=True))
        for name in ("force", "clean")
    }
    print(f"outputs: {len(jobs)}; workers: {workers}; rounds: {args.repeat} (medians)")
    print(f"floor, bare conversions ({workers} workers):  {median['floor']:6.2f} s")
    print(f"full rebuild, lws build --force:        {median['force']:6.2f} s")
    print(f"clean build, lws build:                 {median['clean']:6.2f} s")
    print(f"no-op rebuild, lws build:               {median['noop']:6.3f} s")
    figures = {"force": paired["force"], "clean": paired["clean"], "noop": median["noop"]}
    labels = {
        "force": "ratio, --force / floor",
        "clean": "ratio, clean / floor",
        "noop": "no-op, seconds",
    }
    missed = []
    for name, value in figures.items():
        verdict = "met" if value <= TARGETS[name] else "MISSED"
        if verdict != "met":
            missed.append(name)
        print(f"{labels[name]:<26} {value:6.3f}   target <= {TARGETS[name]:.2f}   {verdict}")
    print("build targets missed: " + (", ".join(missed) if missed else "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
