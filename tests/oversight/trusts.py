"""Generated trusts' repositories for portfolio tests and the benchmark: real-shaped, imperfect.

Each is the example strategy reshaped by its kind (``index % 5``):

0. *complete*: the example as it is;
1. *partly met*: staff not consulted, half the KPIs without a latest value, past its review;
2. *sparse*: a first draft with the manifest, vision, people, five actions and three KPIs;
3. *historical*: everything dated two years back, so due dates and review have passed;
4. *stretched*: two thirds of the actions red with no comment, more high risks.

Every trust also has a KPI, an action and a HIGH risk restricted to its board, and a public
KPI referring only to that action (withheld with it), all titled with a marker
(:func:`secret`) that must never appear in a region's report.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "strategy"
STEMS = (
    "Ash", "Brook", "Cliff", "Dale", "Elm", "Fair", "Glen", "Hazel", "Iron", "Kings",
    "Lark", "Mill", "North", "Oak", "Pine", "Queens", "Red", "Stone", "Thorn", "Upper",
    "Vale", "West", "Willow", "York", "Bay", "Chalk", "Fern", "Holm", "Marsh", "Rose",
)  # fmt: skip
ENDINGS = ("ford", "ley", "bridge", "moor", "ton")
KINDS = ("complete", "partly met", "sparse", "historical", "stretched")
SPARSE = ("manifest", "vision", "people", "actions", "measures")


def trust_name(index: int) -> str:
    stem, ending = STEMS[index % len(STEMS)], ENDINGS[(index // len(STEMS)) % len(ENDINGS)]
    round_ = index // (len(STEMS) * len(ENDINGS))
    return f"{stem}{ending}{f' {round_ + 1}' if round_ else ''} Children's Trust"


def secret(index: int) -> str:
    """The marker in the titles of trust ``index``'s restricted items."""
    return f"RESTRICTED-{index:03d}-BOARD-ONLY"


@cache
def _example() -> dict[str, Any]:
    return {
        p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        for p in sorted(EXAMPLE.glob("*.yaml"))
    }


def _shift_dates(value: Any, years: int) -> Any:
    if isinstance(value, dt.date):
        try:
            return value.replace(year=value.year - years)
        except ValueError:  # 29 February
            return value.replace(year=value.year - years, day=28)
    if isinstance(value, dict):
        return {k: _shift_dates(v, years) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift_dates(v, years) for v in value]
    return value


def _restricted(sections: dict[str, Any], index: int) -> None:
    marker = secret(index)
    sections["measures"]["kpis"].append(
        {
            "id": "KSECRET",
            "title": f"Board-only KPI {marker}",
            "unit": "%",
            "direction": "down",
            "audiences": ["board"],
            "baseline": {"value": 90, "date": dt.date(2025, 9, 30)},
            "target": {"value": 50, "date": dt.date(2029, 3, 31)},
            "latest": {"value": 99, "date": dt.date(2020, 1, 1)},
        }
    )
    # A board-only action, and a public KPI that refers to it alone (so withheld with it,
    # by the build's one rule) and has no value (so it would be listed as stale).
    action = copy.deepcopy(sections["actions"]["actions"][0])
    action.update(id="ASECRET", title=f"Board-only action {marker}", audiences=["board"])
    sections["actions"]["actions"].append(action)
    sections["measures"]["kpis"].append(
        {
            "id": "KINHERIT",
            "title": f"KPI of the board-only action {marker}",
            "unit": "%",
            "direction": "up",
            "actions": ["ASECRET"],
            "baseline": {"value": 10, "date": dt.date(2025, 9, 30)},
            "target": {"value": 50, "date": dt.date(2029, 3, 31)},
        }
    )
    if "risks" in sections:
        sections["risks"]["risks"].append(
            {
                "id": "RSECRET",
                "title": f"Board-only risk {marker}",
                "probability": 5,
                "impact": 5,
                "owner": "dcs",
                "mitigations": [f"Board-only mitigation {marker}"],
                "next_review": dt.date(2027, 1, 31),
                "status": "open",
                "audiences": ["board"],
            }
        )


def _reshape(sections: dict[str, Any], kind: str) -> dict[str, Any]:
    if kind == "partly met":
        sections["engagement"]["consultations"] = [
            c for c in sections["engagement"]["consultations"] if c.get("with") != "staff"
        ]
        for kpi in sections["measures"]["kpis"][::2]:
            kpi.pop("latest", None)
        sections["manifest"]["review_date"] = dt.date(2025, 12, 31)
    elif kind == "sparse":
        sections = {k: v for k, v in sections.items() if k in SPARSE}
        sections["actions"]["actions"] = sections["actions"]["actions"][:5]
        sections["measures"]["kpis"] = sections["measures"]["kpis"][:3]
    elif kind == "historical":
        sections = _shift_dates(sections, 2)
    elif kind == "stretched":
        for number, action in enumerate(sections["actions"]["actions"]):
            if number % 3:
                action["rag"] = "red"
                action.pop("comments", None)
        for risk in sections["risks"]["risks"]:
            risk["probability"] = min(5, int(risk["probability"]) + 1)
    return sections


def make_trust(base: Path, index: int) -> Path:
    """Write trust ``index``'s repository under ``base``; its directory."""
    sections = copy.deepcopy(_example())
    kind = KINDS[index % len(KINDS)]
    sections["manifest"]["trust"]["name"] = trust_name(index)
    sections = _reshape(sections, kind)
    _restricted(sections, index)
    root = base / f"trust-{index:03d}"
    strategy = root / "strategy"
    strategy.mkdir(parents=True)
    for name, data in sections.items():
        text = yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
        (strategy / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


def make_region(base: Path, count: int, *, broken: bool = True) -> Path:
    """``count`` trusts and a portfolio.yaml listing them, with one broken repository
    (a manifest that is not YAML) and one not cloned yet when ``broken``; the file."""
    lines = ["region: Generated Region", "clones: clones", "trusts:"]
    for index in range(count):
        make_trust(base, index)
        lines.append(f"  - path: trust-{index:03d}")
    if broken:
        bad = make_trust(base, count)
        (bad / "strategy" / "manifest.yaml").write_text("trust: {name: [unclosed\n")
        lines += [f"  - path: trust-{count:03d}", "    name: Brokenshire Children's Trust"]
        lines.append("  - git: https://git.example.org/uncloned/workforce-strategy.git")
    (base / "portfolio.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return base / "portfolio.yaml"


def reset(base: Path) -> None:
    """Remove everything :func:`make_region` wrote."""
    for path in base.glob("trust-*"):
        shutil.rmtree(path)
    (base / "portfolio.yaml").unlink(missing_ok=True)


def words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z0-9-]+", text))
