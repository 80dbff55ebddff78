"""Benchmark ``lws check``: the example strategy, and generated ones of growing size.

Reports medians of repeated runs, measured in the same run so ratios are meaningful:

* the whole command (``python -m lws check``, a fresh process: what an author waits for);
* lws's load, schema and reference checks in-process beside libyaml and jsonschema doing the
  same validation (every file parsed by libyaml's C loader, validated against the JSON
  Schemas that ``lws schema --json-schema`` exports) in the same process;
* ``check_project`` in-process on generated strategies with N actions and N risks, and the
  time per item at each size (flat per-item time means linear growth).

Each figure is printed beside its target (issue 16), and the last line says which missed.

Usage: ``nox -s bench`` or ``python benchmarks/bench_check.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import jsonschema
import yaml

from lws.core.diagnostics import errors
from lws.diagnose.check import check_project, check_strategy
from lws.model.project import load_strategy
from lws.publish.state import source_date

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1_000, 5_000, 10_000)
TARGETS = {"vs_libyaml": 1.0, "n10000": 4.0, "growth": 10.0}


class _Yaml12Dates(yaml.CSafeLoader):
    """libyaml's loader with dates left as text, as the exported JSON Schemas expect."""


_Yaml12Dates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def libyaml_and_jsonschema(root: Path) -> Callable[[], object]:
    """The same validation as lws's schema check, by libyaml and jsonschema."""
    schemas = {p.stem: json.loads(p.read_text()) for p in (root / "schema" / "json").glob("*.json")}
    checker = jsonschema.FormatChecker()

    def run() -> None:
        for path in sorted((root / "strategy").glob("*.yaml")):
            data = yaml.load(path.read_bytes(), Loader=_Yaml12Dates)
            validator = jsonschema.Draft202012Validator(schemas[path.stem], format_checker=checker)
            list(validator.iter_errors(data))

    return run


def median_seconds(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generated_project(base: Path, n: int) -> Path:
    """A copy of the example with ``n`` actions and ``n`` risks."""
    target = base / f"n{n}"
    shutil.copytree(ROOT / "strategy", target / "strategy")
    actions = [
        "stages: [resourcing, designing, piloting, roll out, embedding, reviewing]",
        "actions:",
    ]
    risks = ["risks:"]
    for i in range(n):
        actions += [
            f"  - id: G{i}",
            f"    title: Generated action number {i} for the benchmark",
            "    theme: recruit",
            "    responsible: wfd-lead",
            "    accountable: dcs",
            "    start: 2026-04-01",
            "    due: 2027-03-31",
            f"    stage: {i % 7}",
            f"    rag: {('green', 'amber', 'red', 'not_yet_started')[i % 4]}",
            f"    comments: 'Progress note {i}: on track, reviewed at the programme board.'",
        ]
        risks += [
            f"  - id: GR{i}",
            f"    title: Generated risk number {i}",
            f"    probability: {i % 5 + 1}",
            f"    impact: {(i * 3) % 5 + 1}",
            "    owner: dcs",
            "    mitigations: [Monitor monthly, Escalate to the board if it grows]",
            f"    actions: [G{i}]",
            "    next_review: 2027-01-31",
        ]
    (target / "strategy" / "actions.yaml").write_text("\n".join(actions) + "\n")
    (target / "strategy" / "risks.yaml").write_text("\n".join(risks) + "\n")
    return target


def without_words_targets(base: Path) -> Path:
    """A copy of the example whose audiences set no reading-ease target and no plain English,
    so ``lws check`` skips the words check: the same command, without it."""
    target = base / "quiet"
    shutil.copytree(ROOT / "strategy", target / "strategy")
    path = target / "strategy" / "publication.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "\n    variant: ", "\n    plain_english: false\n    reading_ease: null\n    variant: "
    )
    path.write_text(text, encoding="utf-8")
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()

    # Judge due dates at the last commit, as `nox -s check` does, so the example stays valid.
    today = dt.datetime.fromtimestamp(source_date(ROOT), tz=dt.UTC).date()
    problems = errors(check_project(ROOT, today))
    if problems:
        print(f"the example strategy has {len(problems)} errors; fix them first")
        return 1
    command = [sys.executable, "-m", "lws", "check", str(ROOT), "--today", today.isoformat()]
    cli = median_seconds(
        lambda: subprocess.run(command, check=True, capture_output=True), args.repeat
    )
    startup = median_seconds(
        lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), args.repeat
    )
    in_process = median_seconds(lambda: check_project(ROOT, today), args.repeat)
    with tempfile.TemporaryDirectory() as scratch:
        quiet = without_words_targets(Path(scratch))
        off = [sys.executable, "-m", "lws", "check", str(quiet), "--today", today.isoformat()]
        runs: dict[str, list[float]] = {
            "on": [],
            "off": [],
        }  # interleaved, so both see the same machine load
        for _ in range(args.repeat):
            for name, argv in (("on", command), ("off", off)):
                start = time.perf_counter()
                subprocess.run(argv, check=True, capture_output=True)
                runs[name].append(time.perf_counter() - start)
    on, off_median = statistics.median(runs["on"]), statistics.median(runs["off"])
    baseline = libyaml_and_jsonschema(ROOT)
    pairs = []
    for _ in range(args.repeat):  # interleaved, so both see the same load on the machine
        ours = median_seconds(lambda: check_strategy(load_strategy(ROOT)), 1)
        theirs = median_seconds(baseline, 1)
        pairs.append((ours, theirs))
    ours = statistics.median(p[0] for p in pairs)
    theirs = statistics.median(p[1] for p in pairs)
    vs_libyaml = statistics.median(p[0] / p[1] for p in pairs)
    print(f"example, `lws check` command:   median {cli * 1000:7.1f} ms (target <= 300 ms)")
    print(f"  of which bare Python start-up: median {startup * 1000:7.1f} ms")
    print(
        f"  words check (leaflet rendered and read): median {on * 1000:.1f} ms with, "
        f"{off_median * 1000:.1f} ms with it switched off: +{(on - off_median) * 1000:.1f} ms "
        "(target <= 50 ms)"
    )
    print(f"example, check_project():       median {in_process * 1000:7.1f} ms")
    print(f"example, load + schemas + refs: median {ours * 1000:7.1f} ms")
    print(f"example, libyaml + jsonschema:  median {theirs * 1000:7.1f} ms")

    with tempfile.TemporaryDirectory() as scratch:
        rows = []
        for n in SIZES:
            project = generated_project(Path(scratch), n)
            check = partial(check_project, project, today)
            seconds = median_seconds(check, max(3, args.repeat // 2))
            rows.append((n, seconds))
        print("\ngenerated strategies (N actions + N risks), check_project():")
        for n, seconds in rows:
            per_item = seconds / (2 * n) * 1e6
            print(f"  N={n:>6}: median {seconds:7.3f} s, {per_item:6.1f} µs per item")
        first, last = rows[0], rows[-1]
        ratio = (last[1] / last[0]) / (first[1] / first[0])
        print(f"  per-item time at N={last[0]} / at N={first[0]}: {ratio:.2f} (1.00 = linear)")
    by_size = dict(rows)
    figures = {
        "vs_libyaml": ("lws / libyaml+jsonschema", vs_libyaml),
        "n10000": ("N=10000, seconds", by_size[10_000]),
        "growth": ("growth, N=10000 / N=1000", by_size[10_000] / by_size[1_000]),
    }
    missed = []
    print()
    for name, (label, value) in figures.items():
        verdict = "met" if value <= TARGETS[name] else "MISSED"
        if verdict != "met":
            missed.append(name)
        print(f"{label:<26} {value:6.2f}   target <= {TARGETS[name]:.2f}   {verdict}")
    print("check targets missed: " + (", ".join(missed) if missed else "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
