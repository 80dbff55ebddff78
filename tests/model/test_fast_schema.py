"""The fast first answer (lws.model.fast_schema): whatever it accepts, Cerberus accepts.

The property is checked on documents drawn from every packaged section schema — mostly well
formed, with the mistakes authors make mixed in (wrong types, 3.0 for a whole number, empty
text, unknown values and keys, missing required keys, dates where text is wanted, huge
numbers) — and on the example and the fixtures, where the fast path must actually be taken.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lws.cli.main import main
from lws.model.fast_schema import DATE_KEY, compile_section, fast_valid, portable
from lws.model.project import load_strategy
from lws.model.schema import SchemaSet, StrategyValidator, load_schemas
from lws.model.validate import validate_section

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SCHEMAS: SchemaSet = load_schemas(ROOT)

JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3000),
    st.sampled_from([3.0, 0.5, -1.5, 2**60, 1e300, "", " ", "x", "A2\n", "2026-02-30"]),
    st.sampled_from(["TBC", "2026", "July 2026", "not available", "£950,400", "80:20"]),
    st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
    st.just([]),
    st.just({}),
    st.text(max_size=6),
)


def _text(rules: dict[str, Any]) -> st.SearchStrategy[Any]:
    options: list[st.SearchStrategy[Any]] = [st.text(min_size=1, max_size=12)]
    if isinstance(rules.get("allowed"), list):
        options.append(st.sampled_from(rules["allowed"]))
    if isinstance(rules.get("vocabulary"), list):
        options.append(st.sampled_from(rules["vocabulary"]))
    if "regex" in rules:
        pattern = re.compile(rules["regex"])
        matching = st.from_regex(pattern, fullmatch=True).filter(lambda s: len(s) < 80)
        options += [matching, matching.map(lambda s: s + "\n")]  # Python's $ would let it by
    return st.one_of(*options)


def value_for(rules: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    """A value for a field: usually of its type, sometimes any other value."""
    if not isinstance(rules, dict):
        return JUNK
    ctype = rules.get("type")
    typed: st.SearchStrategy[Any]
    if ctype == "string":
        typed = _text(rules)
    elif ctype == "integer":
        low, high = rules.get("min", -5), rules.get("max", 50)
        whole = st.integers(low - 1, high + 1)
        typed = st.one_of(whole, whole.map(float))  # 3.0: a whole number to JSON, not to lws
    elif ctype == "number":
        typed = st.one_of(st.integers(-5, 100), st.floats(-1e6, 1e6, allow_nan=False))
    elif ctype == "boolean":
        typed = st.booleans()
    elif ctype == "date":
        typed = st.one_of(
            st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
            st.sampled_from(["2026-04", "TBC", "July 2026", "2026-27", "2026-04-31", "soon"]),
            st.integers(1890, 2210),
        )
    elif ctype == "quantity":
        typed = st.one_of(
            st.integers(-10, 10**6),
            st.floats(-1e6, 1e6, allow_nan=False),
            st.sampled_from(
                ["£950,400", "80:20", "~700", "25-30", "30-25", "lots", "not available"]
            ),
            st.fixed_dictionaries({"as_written": st.text(max_size=8)}),
        )
    elif ctype == "list" and depth < 4:
        typed = st.lists(value_for(rules.get("schema"), depth + 1), max_size=3)
    elif ctype == "dict" and depth < 4 and isinstance(rules.get("schema"), dict):
        typed = mapping_for(rules["schema"], depth + 1)
    else:
        typed = JUNK
    return st.one_of(typed, typed, typed, typed, JUNK)


def mapping_for(fields: dict[str, Any], depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping of the fields (required ones nearly always there), sometimes with a stray key."""
    required = {k: value_for(r, depth) for k, r in fields.items() if r.get("required")}
    optional = {k: value_for(r, depth) for k, r in fields.items() if not r.get("required")}
    whole = st.fixed_dictionaries(required, optional=optional)
    dropped = st.fixed_dictionaries({}, optional=required | optional)
    stray = st.fixed_dictionaries(
        required, optional={**optional, "unknown_key": JUNK, "2026": JUNK}
    )
    return st.one_of(whole, whole, whole, whole, dropped, stray)


@st.composite
def sections(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(sorted(SCHEMAS)))
    return name, draw(mapping_for(dict(SCHEMAS[name].fields)))


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(sections())
def test_what_the_fast_path_accepts_cerberus_accepts_unchanged(drawn: tuple[str, Any]) -> None:
    name, data = drawn
    schema = SCHEMAS[name]
    assert schema.fast is not None, f"{name}: lws's own schemas all have a fast path"
    if fast_valid(schema.fast, data):
        event("fast path: valid")
        validator = schema.validator
        assert validator.validate(data), (name, data, validator.errors)
        assert validator.document == data
    else:
        event("fast path: ask Cerberus")


def _replaced(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(data) if isinstance(data, dict) else list(data)
    if new is _DELETE and len(path) == 1:
        del copy[path[0]]
    else:
        copy[path[0]] = _replaced(data[path[0]], path[1:], new)
    return copy


_DELETE = object()


def _adversaries(old: Any) -> list[Any]:
    """What an author might write instead of ``old``, most of it wrong in some way."""
    near = [_DELETE, None, "", " ", [], {}, {1: "x"}, True, 3.0, 2**60, dt.date(2026, 4, 1)]
    near += ["2026-02-30", "TBC", "not available", "lots", {"unknown_key": 1}]
    if isinstance(old, str):
        near += [old + "\n", old.upper(), old[:-1], old * 200, [old], old + " "]
    if isinstance(old, int) and not isinstance(old, bool):
        near += [float(old), old + 1, old - 1, -old, str(old), old * 1000]
    if isinstance(old, dt.date):
        near += [old.isoformat(), dt.datetime(old.year, old.month, old.day)]
    if isinstance(old, list):
        near += [[*old, *old], old[:1] * 2, old[1:], [None]]
    if isinstance(old, dict):
        near += [{**old, "unknown_key": 1}, {**old, 2026: "x"}]
    return near


@st.composite
def one_mistake(draw: st.DrawFn) -> tuple[str, Any]:
    """A valid section of the example or a fixture with one value changed, dropped or added."""
    name, data = draw(st.sampled_from(VALID))
    path: tuple[Any, ...] = ()
    at: Any = data
    while isinstance(at, dict | list) and at and draw(st.integers(0, 9)) < 8:
        part = draw(st.sampled_from(list(at) if isinstance(at, dict) else range(len(at))))
        path, at = (*path, part), at[part]  # a random walk down: every field has its chance
    new = draw(st.sampled_from(_adversaries(at)))
    if new is _DELETE and not path:
        new = {}
    return name, _replaced(data, path, new)


@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(one_mistake())
def test_one_mistake_in_a_real_section_is_never_let_by(drawn: tuple[str, Any]) -> None:
    name, data = drawn
    schema = SCHEMAS[name]
    if fast_valid(schema.fast, data):
        event("fast path: valid")
        assert schema.validator.validate(data), (name, data, schema.validator.errors)
        assert schema.validator.document == data
    else:
        event("fast path: ask Cerberus")


def _documents(root: Path) -> list[tuple[str, Any, Any]]:
    strategy = load_strategy(root)
    return [
        (name, doc, strategy.schemas[name])
        for name, doc in strategy.documents.items()
        if name in strategy.schemas and isinstance(doc.data, dict)
    ]


ROOTS = [ROOT, *sorted(p for p in FIXTURES.iterdir() if (p / "strategy").is_dir())]
VALID = [
    (name, doc.data)
    for root in ROOTS
    for name, doc, schema in _documents(root)
    if schema.validator.validate(doc.data)
]


@pytest.mark.parametrize("root", ROOTS, ids=str)
def test_valid_sections_take_the_fast_path(root: Path) -> None:
    """Not a vacuous property: on real strategies, what Cerberus accepts the fast path
    accepts too (so Cerberus is not run), and every answer agrees."""
    for name, doc, schema in _documents(root):
        valid = schema.validator.validate(doc.data)
        fast = schema.fast is not None and fast_valid(schema.fast, doc.data)
        assert fast == valid or (valid and schema.fast is None), (root.name, name)


def test_whole_numbers_dates_and_keys_that_json_would_blur() -> None:
    fields = {
        "n": {"type": "integer", "min": 1, "max": 5},
        "on": {"type": "date"},
        "label": {"type": "string"},
        "tags": {"type": "dict"},
    }
    fast = compile_section(fields)
    assert fast is not None
    assert fast_valid(fast, {"n": 3, "on": dt.date(2026, 4, 1), "label": "x"})
    assert not fast_valid(fast, {"n": 3.0})  # JSON Schema's integer; not Cerberus's
    assert not fast_valid(fast, {"n": True})
    assert not fast_valid(fast, {"label": dt.date(2026, 4, 1)})  # a date is not text
    assert not fast_valid(fast, {"tags": {1: "x"}})  # a key that is not text: Cerberus decides
    assert not fast_valid(fast, {"tags": {DATE_KEY: "2026-04-01"}})
    assert not fast_valid(fast, {"n": 2**60})
    assert portable({"on": dt.date(2026, 4, 1)}) == {"on": {DATE_KEY: "2026-04-01"}}


def test_patterns_keep_lws_meaning() -> None:
    """RE2 against the whole value, as lws's Cerberus rule: no match before a final newline."""
    fast = compile_section({"code": {"type": "string", "regex": "^[A-Z][0-9]$"}})
    assert fast is not None
    assert fast_valid(fast, {"code": "A2"})
    assert not fast_valid(fast, {"code": "A2\n"})
    assert not StrategyValidator({"code": {"type": "string", "regex": "^[A-Z][0-9]$"}}).validate(
        {"code": "A2\n"}
    )


@pytest.mark.parametrize(
    "rules",
    [
        {"type": "string", "coerce": "lower"},
        {"type": "string", "default": "x"},
        {"type": "float"},
        {"type": "string", "min": "a"},
        {"schema": {"type": "string"}},
        {"type": "dict", "keysrules": {"type": "string"}},
    ],
    ids=str,
)
def test_a_rule_the_translation_cannot_express_leaves_cerberus_alone(rules: Any) -> None:
    assert compile_section({"field": rules}) is None


def test_a_problem_is_still_explained_by_cerberus(tmp_path: Path) -> None:
    """An invalid section gets Cerberus's located message, exactly as without the fast path."""
    target = tmp_path / "strategy"
    target.mkdir()
    (target / "risks.yaml").write_text(
        "risks:\n  - id: R1\n    title: Too few staff\n    probability: 3.0\n", encoding="utf-8"
    )
    doc = next(d for n, d, _ in _documents(tmp_path) if n == "risks")
    problems = validate_section(doc, SCHEMAS["risks"])
    assert any(p.path == ("risks", 0, "probability") and p.line == 4 for p in problems)


def test_keys_that_exclude_each_other_are_never_both_let_by() -> None:
    """``excludes`` (the manifest's local authority: by code or by name, not both)."""
    fields = {
        "la": {
            "type": "dict",
            "schema": {
                "code": {"type": "string", "excludes": "name"},
                "name": {"type": "string", "excludes": ["code"]},
            },
        }
    }
    fast = compile_section(fields)
    assert fast is not None
    assert fast_valid(fast, {"la": {"code": "E06000047"}})
    assert fast_valid(fast, {"la": {"name": "County Durham"}})
    both = {"la": {"code": "E06000047", "name": "County Durham"}}
    assert not fast_valid(fast, both)
    assert not StrategyValidator(fields).validate(both)


# -- without jsonschema-rs (the optional extra [fast]): Cerberus alone, the same answers ---------

MISTAKES = {
    "risks.yaml": "risks:\n  - id: R1\n    title: Too few staff\n    probability: 3.0\n",
    "actions.yaml": "actions:\n  - id: A1\n    owner: 7\n    colour: blue\n",
}


def _checked(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", str(root), "--today", "2026-06-01"])
    seen = capsys.readouterr()
    return code, seen.out + seen.err


@pytest.mark.parametrize("mistake", [None, *MISTAKES], ids=str)
@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_without_jsonschema_rs_check_says_exactly_the_same(
    root: Path,
    mistake: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``pip install lws-strategy`` without ``[fast]``: the compiled rules are never built,
    and every message, position and exit status is what the fast path gives."""
    project = tmp_path / "project"
    for part in ("strategy",) if root == ROOT else ("strategy", "criteria"):
        if (root / part).is_dir():  # the example's schema/ and criteria/ are lws's own
            shutil.copytree(root / part, project / part)
    if mistake is not None:
        (project / "strategy" / mistake).write_text(MISTAKES[mistake], encoding="utf-8")
    assert load_schemas(project)["risks"].fast is not None  # the test environment has [fast]
    fast = _checked(project, capsys)
    monkeypatch.setitem(sys.modules, "jsonschema_rs", None)  # its import now fails
    assert load_schemas(project)["risks"].fast is None
    assert compile_section({"n": {"type": "integer"}}) is None
    assert _checked(project, capsys) == fast
    assert mistake is None or (fast[0] == 1 and f"strategy/{mistake}:" in fast[1]), fast
