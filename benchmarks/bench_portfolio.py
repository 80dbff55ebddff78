"""Benchmark ``lws portfolio``: a region of generated trusts, on 2 worker processes.

Trusts are generated real-shaped and imperfect (complete, partly met, sparse, historical,
stretched; see ``tests/oversight/trusts.py``), plus one broken repository and one not cloned.
For 1, 15, 50 and 150 trusts it runs the whole command (``python -m lws portfolio -j 2``, a
fresh process, both reports written) several times, the sizes interleaved so that a busy
machine slows them alike, and reports, from the same run:

* the median wall time, the time per trust, and the time per trust beyond the fixed cost
  of a one-trust region (start-up, imports, workers): flat means linear growth;
* peak memory: the largest resident set of the whole process tree (command plus workers,
  sampled every 20 ms) and of its largest single process.

Target: the whole region of 150 trusts in under a minute, growing linearly.

Usage: ``nox -s bench`` or ``python benchmarks/bench_portfolio.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the trust generator lives with the tests

from tests.oversight.trusts import make_region  # noqa: E402

SIZES = (1, 15, 50, 150)  # 1: the fixed cost (start-up, imports, worker processes)
TARGET_SECONDS = 60.0
TODAY = "2026-11-30"


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of ``pid`` and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            rss = next((line for line in status.splitlines() if line.startswith("VmRSS:")), "")
            total += int(rss.split()[1]) * 1024 if rss else 0
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                todo.extend(int(c) for c in children)
        except (OSError, ValueError):
            continue
    return total


def run_once(portfolio: Path, out: Path) -> tuple[float, int]:
    """One run of the command: (seconds, peak resident bytes of its process tree)."""
    command = [sys.executable, "-m", "lws", "portfolio", str(portfolio)]
    command += ["-o", str(out), "-j", "2", "--today", TODAY]
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"lws portfolio failed:\n{err.decode(errors='replace')}")
    return seconds, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs: dict[int, list[tuple[float, int]]] = {n: [] for n in SIZES}
    with tempfile.TemporaryDirectory() as scratch:
        regions = {}
        for n in SIZES:
            base = Path(scratch) / f"n{n}"
            base.mkdir()
            regions[n] = make_region(base, n)
        for _ in range(args.repeat):
            for n in SIZES:
                runs[n].append(run_once(regions[n], regions[n].parent / "out"))
    rows = [
        (n, statistics.median(s for s, _ in runs[n]), max(p for _, p in runs[n])) for n in SIZES
    ]
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    fixed = rows[0][1]
    print(f"`lws portfolio -j 2` on generated regions (median of {args.repeat} runs each):")
    for n, seconds, peak in rows:
        beyond = f"{(seconds - fixed) / (n - 1) * 1000:6.1f}" if n > 1 else "     –"
        print(
            f"  {n:>4} trusts (+2 unreadable): median {seconds:6.2f} s, "
            f"{seconds / n * 1000:6.1f} ms per trust, {beyond} ms per trust beyond "
            f"the fixed cost, peak memory {peak / 2**20:6.1f} MiB"
        )
    (n0, s0, _), (n1, s1, _) = rows[1], rows[-1]
    print(f"  fixed cost (a one-trust region): {fixed:.2f} s")
    print(f"  time at {n1} / at {n0}: {s1 / s0:.2f} (trusts: {n1 / n0:.0f}×)")
    marginal = ((s1 - fixed) / (n1 - 1)) / ((s0 - fixed) / (n0 - 1))
    print(
        f"  per-trust time beyond the fixed cost, at {n1} / at {n0}: {marginal:.2f} (1.00 = linear)"
    )
    print(f"  largest single process: {largest / 2**20:.1f} MiB")
    verdict = "within" if s1 < TARGET_SECONDS else "OVER"
    print(f"  {n1} trusts: {s1:.1f} s, {verdict} the target of {TARGET_SECONDS:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
