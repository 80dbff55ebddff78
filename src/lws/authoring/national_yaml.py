"""Writing imported national statistics into ``strategy/national.yaml``, line by line.

The first import writes the whole file (a comment saying what it is, the release, the
authority, the years). A later import only *appends*: each reporting year not yet in the
file is added as a new item at the end of ``years``, and every other byte (comments, blank
lines, quoting, the years already there) is kept as it was — a line-level edit, as for
``baseline.yaml``, since no YAML library round-trips comments safely. A year already in the
file whose figures the release has since revised is kept, with a warning naming the figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lws.authoring.baseline_yaml import yaml_scalar, yaml_text
from lws.core.statistics import INDICATORS

SECTION = "national"
AREAS = ("authority", "region", "england")
RELEASE = {
    "title": "Children's social work workforce",
    "publisher": "Department for Education",
    "url": "https://explore-education-statistics.service.gov.uk/find-statistics/"
    "children-s-social-work-workforce",
}
HEADER = """\
# yaml-language-server: $schema=../schema/json/national.json
# National statistics: the Department for Education's children's social work workforce
# figures for our authority, our region and England, every reporting year (1 October to
# 30 September). Written by lws import --national from the release's underlying data;
# a later import adds new years at the end and changes nothing else, so notes written
# here stay. A figure the release withholds is its symbol, never zero: 'c' suppressed,
# 'x' unavailable, 'z' not applicable, 'low' rounds to 0, 'u' low reliability,
# ':' not available.

"""


def new_file(authority: Mapping[str, str], years: Mapping[int, Mapping[str, Any]]) -> str:
    """The whole text of a first ``national.yaml``."""
    lines = [HEADER.rstrip("\n"), "", "release:"]
    lines += [f"  {key}: {yaml_text(value)}" for key, value in RELEASE.items()]
    lines.append("authority:")
    lines += [f"  {key}: {_text(value)}" for key, value in authority.items()]
    lines.append("years:")
    return "\n".join(lines) + "\n" + year_items(years)


def year_items(years: Mapping[int, Mapping[str, Any]]) -> str:
    """Block-list items for ``years``, indented two spaces under the key."""
    out: list[str] = []
    for year, areas in years.items():
        out.append(f"  - year: {year}")
        for area in AREAS:
            figures = areas.get(area)
            if not figures:
                continue
            out.append(f"    {area}:")
            out += [f"      {name}: {_figure(figures[name])}" for name in figures]
    return "".join(f"{line}\n" for line in out)


def _figure(value: Any) -> str:
    return yaml_text(value) if isinstance(value, str) else yaml_scalar(value)


def _text(value: str) -> str:
    # Codes such as '840' must stay text: quote anything YAML would read otherwise.
    return yaml_text(value)


def revised(held: Mapping[str, Any], fresh: Mapping[str, Any]) -> list[str]:
    """``area.indicator: old → new`` for each figure of one year that differs."""
    changes: list[str] = []
    for area in AREAS:
        old, new = held.get(area) or {}, fresh.get(area) or {}
        for name in INDICATORS:
            if name in new and old.get(name) != new[name]:
                changes.append(f"{area} {name} {old.get(name, 'absent')} → {new[name]}")
    return changes
