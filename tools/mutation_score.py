"""Mutation scores per module, from the last ``mutmut run`` (``nox -s mutate`` runs both).

Prints killed / total for each mutated module and exits 1 if any is below the floor. A
mutant no test covers ("no tests"), one that survived, timed out or was suspicious all
count as not killed; only "killed" kills.

    python tools/mutation_score.py --floor 90
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections import Counter, defaultdict

_LINE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x[_ǁ]\S*__mutmut_\d+: (?P<status>.+?)\s*$")


def scores(lines: list[str]) -> dict[str, Counter[str]]:
    """Each module's mutants counted by status."""
    found: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        match = _LINE.match(line)
        if match:
            found[match["module"]][match["status"]] += 1
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floor", type=float, default=90.0, help="percent killed per module")
    args = parser.parse_args(argv)
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        capture_output=True,
        text=True,
        check=True,
    )
    found = scores(done.stdout.splitlines())
    if not found:
        print("no mutants found: run mutmut first", file=sys.stderr)
        return 1
    below = []
    for module, counts in sorted(found.items()):
        total, killed = sum(counts.values()), counts["killed"]
        percent = 100 * killed / total
        rest = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s != "killed")
        print(f"{module:32} {killed:4} / {total:4} killed  {percent:5.1f}%  {rest}")
        if percent < args.floor:
            below.append(module)
    if below:
        print(f"below {args.floor:g}%: {', '.join(below)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
