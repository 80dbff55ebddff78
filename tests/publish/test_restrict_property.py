"""No restricted item, nor what refers to one, reaches an output its audiences may not see.

A property over generated restrictions: any few items of the example (actions, KPIs, risks,
gaps, priorities, themes, workforce figures…) restricted to any audiences. Every item that
has a text of its own carries a unique marker; each variant's document, rendered as the
build renders it, must hold no marker of an item withheld from its audiences — the items
restricted directly (decided here, from the drawn restrictions alone) and those withheld
for referring to them — while the markers of the items it shows do appear.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lws.publish.build import Plan, prepare
from lws.publish.restrict import withheld_items
from tests.fuzzing import examples

ROOT = Path(__file__).resolve().parents[2]
TEXT_FIELDS = ("title", "name", "measure", "objective", "solution", "description", "what")
#: Lists whose items a trust restricts: (section, key).
RESTRICTABLE = (
    ("actions", "actions"),
    ("measures", "kpis"),
    ("risks", "risks"),
    ("baseline", "gaps"),
    ("baseline", "workforce_data"),
    ("priorities", "priorities"),
    ("vision", "themes"),
    ("innovation", "solutions"),
    ("impact_models", "models"),
)


def marker(n: int) -> str:
    return f"Qzx{n:03d}k"  # a word no template or text of lws writes


def texts(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path of a list item, its text field) for every list item that has one."""
    if isinstance(value, dict):
        for key, child in value.items():
            yield from texts(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            here = (*path, index)
            if isinstance(child, dict):
                field = next((f for f in TEXT_FIELDS if isinstance(child.get(f), str)), None)
                if field:
                    yield here, field
            yield from texts(child, here)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    root = tmp_path_factory.mktemp("restricted")
    shutil.copytree(ROOT / "strategy", root / "strategy")
    shutil.copytree(ROOT / "templates", root / "templates")
    return prepare(root, today=dt.date(2026, 11, 24))


def marked(plan: Plan) -> tuple[dict[str, Any], dict[tuple[str, tuple[Any, ...]], str]]:
    """Every section's data with a marker before each item's text, and the markers."""
    data = {name: copy.deepcopy(doc.data) for name, doc in plan.strategy.documents.items()}
    marks: dict[tuple[str, tuple[Any, ...]], str] = {}
    for name in sorted(data):
        for path, field in list(texts(data[name])):
            item = data[name]
            for part in path:
                item = item[part]
            marks[(name, path)] = marker(len(marks))
            item[field] = f"{marks[(name, path)]} {item[field]}"
    return data, marks


def candidates(plan: Plan) -> list[tuple[str, tuple[Any, ...]]]:
    out = []
    for section, key in RESTRICTABLE:
        doc = plan.strategy.documents.get(section)
        items = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
        out += [(section, (key, i)) for i in range(len(items or []))]
    return out


@pytest.mark.fuzz
@settings(
    max_examples=examples(smoke=20, share=1 / 200),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_withheld_item_reaches_an_output_of_an_audience_not_entitled(
    plan: Plan, data: st.DataObject
) -> None:
    audiences = sorted({a for v in plan.variants for a in v.audiences})
    chosen = data.draw(
        st.lists(st.sampled_from(candidates(plan)), min_size=1, max_size=4, unique=True),
        label="restricted items",
    )
    sections, marks = marked(plan)
    restriction = {}
    for section, path in chosen:
        who = data.draw(st.lists(st.sampled_from(audiences), min_size=1, unique=True))
        item = sections[section]
        for part in path:
            item = item[part]
        item["audiences"] = who
        restriction[(section, path)] = set(who)
    documents = {
        name: dataclasses.replace(doc, data=sections[name])
        for name, doc in plan.strategy.documents.items()
    }
    strategy = dataclasses.replace(plan.strategy, documents=documents)
    trial = dataclasses.replace(plan, strategy=strategy)
    for variant in plan.variants:
        (job, *_) = trial._jobs_for(variant)
        text = job.markdown
        # Decided here: the items restricted to other audiences, and what lies inside them.
        direct = [where for where, who in restriction.items() if not who & set(variant.audiences)]
        hidden = {
            mark
            for (section, path), mark in marks.items()
            if any(section == s and path[: len(p)] == p for s, p in direct)
        }
        # And what refers to them, to a fixed point (the build's rule).
        withheld = withheld_items(documents, strategy.schemas, variant.audiences)
        hidden |= {
            mark
            for (section, path), mark in marks.items()
            if any(section == s and path[: len(p)] == p for s, p in withheld)
        }
        leaked = sorted(mark for mark in hidden if mark in text)
        assert not leaked, (variant.name, leaked, direct)
    shown = [mark for mark in marks.values() if mark in text]
    assert shown  # the markers do reach the outputs: the test can see a leak
