"""``lws diff`` reports every field of every section: nothing changed goes unreported."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lws.authoring.diff import (
    ID_KEYS,
    Key,
    StrategyDiff,
    as_json,
    as_markdown,
    as_text,
    claimed,
    compare_sections,
    diff_strategies,
)
from lws.diagnose.diagnostic import Report, diagnose, load_criteria
from lws.model.load import Document, load_bytes
from tests.authoring.test_diff import git, make_repo
from tests.fuzzing import examples

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 24)
SOURCES = {
    "example": ROOT / "strategy",
    "partly": ROOT / "tests" / "fixtures" / "partly" / "strategy",
}


def load(folder: Path) -> dict[str, Document]:
    return {
        p.stem: load_bytes(p.read_bytes(), f"strategy/{p.name}")
        for p in sorted(folder.glob("*.yaml"))
    }


LOADED = {name: load(folder) for name, folder in SOURCES.items()}
REPORTS: dict[str, Report] = {}


def report(name: str) -> Report:
    if name not in REPORTS:
        REPORTS[name] = diagnose(LOADED[name], load_criteria(ROOT), TODAY)
    return REPORTS[name]


def edited(name: str, section: str, text_old: str, text_new: str) -> dict[str, Document]:
    docs = dict(LOADED[name])
    path = SOURCES[name] / f"{section}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(text_old) == 1, text_old
    docs[section] = load_bytes(
        text.replace(text_old, text_new).encode(), f"strategy/{section}.yaml"
    )
    return docs


def compared(name: str, new: dict[str, Document]) -> StrategyDiff:
    old = LOADED[name]
    return diff_strategies(old, new, old_report=report(name), new_report=report(name))


# -- the issue's three edits, each once reported "No changes." -------------------------------


@pytest.mark.parametrize(
    ("section", "before", "after", "where", "was", "now"),
    [
        # a gap's status
        ("baseline", "status: struggling\n    comments: Vac", "status: midpoint\n    comments: Vac",
         "gaps[gap-sw-stability].status", "struggling", "midpoint"),
        # a priority's importance
        ("priorities", "Reduce teenage pregnancy\n", "Reduce teenage pregnancy\n", "", "", ""),
        # a workforce figure
        ("baseline", "    value: 6450\n", "    value: 6390\n",
         "workforce_data[core-headcount].value", "6450", "6390"),
    ],
)  # fmt: skip
def test_the_issues_edits_are_reported(
    section: str, before: str, after: str, where: str, was: str, now: str
) -> None:
    if section == "priorities":  # the next importance after the title: medium → low
        text = (SOURCES["example"] / "priorities.yaml").read_text(encoding="utf-8")
        start = text.index(before)
        before = text[start : text.index("importance: medium", start) + len("importance: medium")]
        after = before.replace("importance: medium", "importance: low")
        where, was, now = "priorities[teenage-pregnancy].importance", "medium", "low"
    diff = compared("example", edited("example", section, before, after))
    assert diff.changed
    (change,) = diff.fields
    assert (change.section, change.kind, str(change.old), str(change.new)) == (
        section,
        "changed",
        was,
        now,
    )
    assert change.where.startswith(where) and change.line > 0
    text, markdown = as_text(diff), as_markdown(diff)
    assert f"line {change.line}: {change.where} " in text and f": {was} → {now}\n" in text
    assert f"| {change.line} |" in markdown and f"| {was} | {now} |" in markdown
    (row,) = json.loads(as_json(diff))["fields"]
    assert row == {
        "file": f"strategy/{section}.yaml",
        "line": change.line,
        "section": section,
        "path": change.where,
        "item": change.item,
        "change": "changed",
        "from": change.old,
        "to": change.new,
    }


def test_items_are_matched_by_id_so_a_move_is_not_a_rewrite() -> None:
    text = (SOURCES["example"] / "risks.yaml").read_text(encoding="utf-8")
    items = text.split("\n  - id: ")
    moved = "\n  - id: ".join([items[0], items[2], items[1], *items[3:]])
    docs = dict(LOADED["example"])
    docs["risks"] = load_bytes(moved.encode(), "strategy/risks.yaml")
    diff = compared("example", docs)
    (change,) = diff.fields
    assert (change.where, change.kind) == ("risks", "reordered")
    assert change.old[:2] == ["R1", "R2"] and change.new[:2] == ["R2", "R1"]


def test_what_an_area_reports_is_not_repeated_but_the_rest_of_the_item_is() -> None:
    docs = edited(
        "example", "measures", "    latest:\n      value: 31\n", "    latest:\n      value: 33\n"
    )
    docs = {**docs}
    data = copy.deepcopy(docs["measures"].data)
    k10 = next(k for k in data["kpis"] if k["id"] == "K10")
    k10["source"] = "Annual workforce return"
    docs["measures"] = Document("strategy/measures.yaml", data)
    diff = compared("example", docs)
    assert [c.id for c in diff.kpis.changed] == ["K10"]  # the latest value, by the KPI area
    (other,) = diff.fields  # the source, by the field comparison, once
    assert (other.where, other.old, other.new) == (
        "kpis[K10].source",
        "Partnership workforce dataset",
        "Annual workforce return",
    )
    assert ("measures", ("kpis", Key("K10"), "latest")) in claimed(diff)


def test_a_new_section_and_a_removed_one_are_reported_item_by_item() -> None:
    old = {k: v for k, v in LOADED["partly"].items() if k != "priorities"}
    new = {k: v for k, v in LOADED["partly"].items() if k != "lessons"}
    diff = diff_strategies(old, new, old_report=report("partly"), new_report=report("partly"))
    sections = {c.section for c in diff.fields}
    assert sections == {"priorities", "lessons"}
    kinds = {c.kind for c in diff.fields if c.section == "lessons"}
    assert kinds == {"removed"}
    assert all(c.kind == "added" for c in diff.fields if c.section == "priorities")


def test_id_keys_are_every_field_the_schemas_mark_defines() -> None:
    def defines(value: Any) -> Iterator[str]:
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(child, dict) and "defines" in child:
                    yield key
                yield from defines(child)

    marked = {
        k for p in (ROOT / "schema").glob("*.yaml") for k in defines(yaml.safe_load(p.read_text()))
    }
    assert marked == set(ID_KEYS)


def test_the_same_version_has_no_field_changes() -> None:
    for name in SOURCES:
        assert compare_sections(LOADED[name], LOADED[name]) == ()


# -- restricted items follow the build's rule ----------------------------------------------------


@pytest.fixture(scope="module")
def restricted_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """K10 (board only) and the public K1 both change in the second commit."""
    root = make_repo(tmp_path_factory.mktemp("restricted"))
    path = root / "strategy" / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    source = "    source: Partnership workforce dataset\n    baseline:\n      value: 28\n"
    secret = source.replace("Partnership workforce dataset", "Secret succession review")
    text = text.replace(source, secret)
    text = text.replace("    latest:\n      value: 31\n", "    latest:\n      value: 35\n")
    text = text.replace(
        "value: 18.9\n      date: 2026-09-30", "value: 17.2\n      date: 2026-10-31"
    )
    path.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "second")
    return root


def test_a_diff_for_a_variant_leaves_out_what_its_audiences_may_not_see(
    restricted_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lws.cli.main import main

    argv = ["diff", "HEAD~1", "HEAD", "--project", str(restricted_repo), "--today", "2026-11-24"]
    assert main([*argv, "--format", "json"]) == 0
    everything = capsys.readouterr().out
    assert "K10" in everything and "Secret succession review" in everything
    for variant in ("full", "leaflet"):
        assert main([*argv, "--variant", variant, "--format", "markdown"]) == 0
        shown = capsys.readouterr().out
        assert (
            "K10" not in shown
            and "Secret succession" not in shown
            and "internal candidates" not in shown
        )
        assert "| K1 | Social worker vacancy rate | latest |" in shown
    assert main([*argv, "--variant", "board"]) == 0
    assert "Secret succession review" in capsys.readouterr().out


def test_an_unknown_variant_is_a_usage_error(
    restricted_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from lws.cli.main import main

    code = main(
        ["diff", "HEAD~1", "HEAD", "--project", str(restricted_repo), "--variant", "poster"]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "--variant: no variant named 'poster'" in err and "leaflet, board, full, slides" in err


# -- any edit to any field of any section is reported (property) ---------------------------------

Path_ = tuple[str | int, ...]


def nodes(value: Any, here: Path_ = ()) -> Iterator[Path_]:
    """Every path in a section's data (mappings, lists and leaves)."""
    yield here
    if isinstance(value, dict):
        for key, child in value.items():
            yield from nodes(child, (*here, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from nodes(child, (*here, index))


PLACES = [
    (name, section, path)
    for name, docs in LOADED.items()
    for section, doc in docs.items()
    for path in nodes(doc.data)
]


def at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def other_value(value: Any, draw: st.DrawFn) -> Any:
    """A value that is not ``value``, of a kind an author might write instead."""
    choices: list[Any] = [
        draw(st.text(min_size=0, max_size=12)),
        draw(st.integers(-5, 10_000)),
        draw(st.floats(allow_nan=False, allow_infinity=False, width=32)),
        draw(st.booleans()),
        None,
        draw(st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))),
        [draw(st.text(max_size=5))],
        {"note": draw(st.text(max_size=5))},
    ]
    if isinstance(value, str) and value:
        choices.append(value[:-1] + ("x" if value[-1] != "x" else "y"))
        choices.append(value + " ")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        choices += [value + 1, float(value) + 0.5]
    return draw(st.sampled_from([c for c in choices if not _same(c, value)]))


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


@st.composite
def edits(draw: st.DrawFn) -> tuple[str, str, Path_, dict[str, Document]]:
    """(fixture, section, path edited, the edited documents): one random edit."""
    name, section, path = draw(st.sampled_from(PLACES))
    data = copy.deepcopy(LOADED[name][section].data)
    target = at(data, path)
    moves = ["replace"] if path else []
    if isinstance(target, dict):
        moves += ["add key"] + (["drop key"] if target else [])
    if isinstance(target, list):
        moves += ["append"] + (["drop item"] if target else [])
        if len(target) > 1 and any(not _same(x, target[0]) for x in target):
            moves.append("reverse")
    move = draw(st.sampled_from(moves))
    if move == "replace":
        at(data, path[:-1])[path[-1]] = other_value(target, draw)
    elif move == "add key":
        target[
            draw(st.sampled_from(["extra", "note", "zz-new"]).filter(lambda k: k not in target))
        ] = 1
    elif move == "drop key":
        key = draw(st.sampled_from(sorted(target, key=str)))
        del target[key]
        path = (*path, key)
    elif move == "append":
        item = copy.deepcopy(target[0]) if target else "new"
        if isinstance(item, dict):
            for key in ID_KEYS:
                if key in item:
                    item[key] = f"{item[key]}-copy"
        target.append(item)
        path = (*path, len(target) - 1)
    elif move == "drop item":
        index = draw(st.integers(0, len(target) - 1))
        del target[index]
        path = (*path, index)
    else:
        target.reverse()
    docs = dict(LOADED[name])
    docs[section] = Document(LOADED[name][section].file, data)
    return name, section, path, docs


def raw(data: Any, path: tuple[Any, ...]) -> Path_ | None:
    """A reported path (ids as :class:`Key`) as plain indices into ``data``."""
    out: list[str | int] = []
    for step in path:
        if isinstance(step, Key):
            if not isinstance(data, list):
                return None
            index = next(
                (
                    i
                    for i, x in enumerate(data)
                    if isinstance(x, dict) and step.id in (x.get(k) for k in ID_KEYS)
                ),
                None,
            )
            if index is None:
                return None
            out.append(index)
            data = data[index]
        else:
            try:
                data = data[step]
            except (KeyError, IndexError, TypeError):
                data = None
            out.append(step)
    return tuple(out)


def related(a: Path_, b: Path_) -> bool:
    n = min(len(a), len(b))
    return a[:n] == b[:n]


@pytest.mark.fuzz
@settings(
    max_examples=examples(smoke=100, share=1 / 10),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(edits())
def test_any_edit_to_any_field_of_any_section_is_reported(
    edit: tuple[str, str, Path_, dict[str, Document]],
) -> None:
    name, section, path, docs = edit
    diff = compared(name, docs)
    assert diff.changed
    old, new = LOADED[name][section].data, docs[section].data
    reported = [c.path for c in diff.fields if c.section == section]
    reported += [p for s, p in claimed(diff) if s == section]
    places = {raw(side, p) for side in (old, new) for p in reported}
    assert any(p is not None and related(p, path) for p in places), (section, path, reported)
    assert "\nNo changes.\n" not in as_text(diff).split("\n\n", 1)[0] + "\n"
