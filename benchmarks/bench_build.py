"""Benchmark ``lws build`` against the bare conversions it runs, in the same run.

Measured on a copy of the example (medians of ``--repeat`` runs):

* a clean build (``build/`` removed: charts drawn, every output converted), as a command,
  on all cores and with ``--jobs 1``;
* a full rebuild (``--force``: every output converted again, unchanged charts reused);
* a no-op rebuild (nothing changed), as a command;
* the bare conversions: the same Markdown through the same Pandoc and Typst calls, one after
  another in one process, with no loading, checking, rendering or writing around them;
* the ratios of the builds to the bare conversions (target ≤ 1.25).

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
from pathlib import Path

from lws.publish.build import convert_job, plan
from lws.publish.state import BUILD_DIR, source_date

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(run: Callable[[], object], repeat: int, before: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        project = Path(scratch)
        shutil.copytree(ROOT / "strategy", project / "strategy")
        shutil.copytree(ROOT / "templates" / "assets", project / "templates" / "assets")
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_date(ROOT)))

        def command(*extra: str) -> Callable[[], object]:
            argv = [sys.executable, "-m", "lws", "build", "--project", str(project), *extra]
            return lambda: subprocess.run(argv, check=True, capture_output=True)

        def clean() -> None:
            shutil.rmtree(project / BUILD_DIR, ignore_errors=True)

        clean_build = median_seconds(command(), args.repeat, clean)
        clean_serial = median_seconds(command("--jobs", "1"), args.repeat, clean)
        command()()
        forced = median_seconds(command("--force"), args.repeat, lambda: None)
        noop = median_seconds(command(), args.repeat, lambda: None)

        jobs, _, epoch = plan(project)  # renders the Markdown (and draws charts) once

        def bare() -> None:
            for job in jobs:
                convert_job(job, project, epoch)

        bare_seconds = median_seconds(bare, args.repeat, lambda: None)

    n = len(jobs)
    print(f"outputs: {n} (4 variants; html, docx, pdf and pptx)")
    print(f"clean build, lws build (2 cores):    median {clean_build:6.2f} s")
    print(f"clean build, lws build --jobs 1:     median {clean_serial:6.2f} s")
    print(f"full rebuild, lws build --force:     median {forced:6.2f} s (charts unchanged)")
    print(f"no-op rebuild, lws build:            median {noop:6.2f} s")
    print(f"bare conversions, one after another: median {bare_seconds:6.2f} s")
    print(f"ratio, clean build / bare:        {clean_build / bare_seconds:.2f} (target <= 1.25)")
    print(f"ratio, full rebuild / bare:       {forced / bare_seconds:.2f}")
    print(f"ratio, clean --jobs 1 / bare:     {clean_serial / bare_seconds:.2f} (no parallelism)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
