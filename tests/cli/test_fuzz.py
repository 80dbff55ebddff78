"""Mutated repositories through ``lws check``, ``lws diagnose`` and ``lws build``: never exit 3,
never a traceback, never a changed source file, never a half-written output.

Each case changes one file of a fixture (the example, and the partly met, sparse and
historical strategies): a random edit to its data (a value replaced by one of another kind,
a key added or dropped, an item added, dropped or the list reversed), a few random
characters put into its text, or a line dropped, doubled or re-indented. Strategy sections,
the example's templates (Jinja and ``variants.yaml``) and the partly fixture's criteria are
all mutated. The three commands then run through lws's real entry point (``main`` with an
argument list), in process.

Speed (``nox -s fuzz`` runs 10,000 cases): each pytest-xdist worker keeps one copy of each
fixture and puts the mutated file back after the case, so ``build`` stays incremental and
converts only the outputs whose Markdown changed. Each case builds one variant in its
cheapest format (HTML; PPTX for the slides); one case in about sixteen builds every variant
in every format (DOCX and PDF included). The normal run tries a few dozen cases, so the
harness cannot rot.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from lws.authoring.diff import ID_KEYS
from lws.cli.main import main
from lws.core.errors import EXIT_BUG
from tests.authoring.test_diff_fields import at, nodes, other_value
from tests.fuzzing import examples

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"
FIXTURES = {
    "example": (ROOT, ("strategy", "templates")),
    "partly": (ROOT / "tests" / "fixtures" / "partly", ("strategy", "criteria")),
    "sparse": (ROOT / "tests" / "fixtures" / "sparse", ("strategy",)),
    "historical": (ROOT / "tests" / "fixtures" / "historical", ("strategy",)),
}
#: The files mutated, by fixture: what a trust writes (sections, templates, criteria).
MUTABLE = ("strategy/*.yaml", "templates/*.j2", "templates/partials/*.j2", "templates/*.yaml")
MUTABLE_CRITERIA = ("criteria/*.yaml",)
#: What each case builds: one variant in its cheapest format, or (None) everything.
TARGETS: tuple[tuple[str, str] | None, ...] = (
    ("leaflet", "html"),
    ("board", "html"),
    ("full", "html"),
    ("slides", "pptx"),
)
SHARDS = 4  # tests, so pytest-xdist can spread the cases over its workers
NOISE = st.lists(
    st.sampled_from([*":-[]{}#&*!|>'\"%@`,?\t\n ", "{{", "}}", "{%", "\u2028", "\x00", "é", "9"]),
    min_size=1,
    max_size=4,
).map("".join)


def sources(name: str) -> dict[str, bytes]:
    """The fixture's mutable files (relative path → bytes)."""
    root, _ = FIXTURES[name]
    patterns = MUTABLE + (MUTABLE_CRITERIA if name == "partly" else ())
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for pattern in patterns
        for p in sorted(root.glob(pattern))
    }


SOURCES = {name: sources(name) for name in FIXTURES}
DATA = {
    (name, path): yaml.safe_load(content)
    for name, files in SOURCES.items()
    for path, content in files.items()
    if path.endswith(".yaml")
}
PLACES = [(name, path, where) for (name, path), data in DATA.items() for where in nodes(data)]
FILES = sorted((name, path) for name, files in SOURCES.items() for path in files)


@dataclass(frozen=True)
class Case:
    fixture: str
    path: str  # relative to the fixture's root
    content: bytes
    how: str  # the kind of mutation, for the statistics
    target: tuple[str, str] | None  # (variant, format), or None for every output
    draft: bool

    def __repr__(self) -> str:  # what hypothesis prints for a failing case
        return (
            f"Case({self.fixture}:{self.path} [{self.how}], build {self.target or 'all'}"
            f"{' --draft' if self.draft else ''}, content={self.content!r})"
        )


@st.composite
def data_edit(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A random edit of one YAML file's data, dumped again (comments and layout lost)."""
    name, path, where = draw(st.sampled_from(PLACES))
    data = copy.deepcopy(DATA[(name, path)])
    target = at(data, where)
    moves = ["replace"] if where else []
    if isinstance(target, dict):
        moves += ["add key"] + (["drop key"] if target else [])
    if isinstance(target, list):
        moves += ["append"] + (["drop item"] if target else []) + ["reverse"]
    move = draw(st.sampled_from(moves))
    if move == "replace":
        at(data, where[:-1])[where[-1]] = other_value(target, draw)
    elif move == "add key":
        target[draw(st.sampled_from(["extra", "note", "id", "title", "audiences"]))] = draw(
            st.sampled_from([1, "x", None, [], {}])
        )
    elif move == "drop key":
        del target[draw(st.sampled_from(sorted(target, key=str)))]
    elif move == "append":
        item = copy.deepcopy(target[0]) if target else "new"
        if isinstance(item, dict) and draw(st.booleans()):  # a copy with fresh ids, or a twin
            for key in ID_KEYS:
                if key in item:
                    item[key] = f"{item[key]}-copy"
        target.append(item)
    elif move == "drop item":
        del target[draw(st.integers(0, len(target) - 1))]
    else:
        target.reverse()
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return name, path, text.encode("utf-8")


@st.composite
def text_edit(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """A few random characters put into one file's text, replacing up to three."""
    name, path = draw(st.sampled_from(FILES))
    text = SOURCES[name][path].decode("utf-8")
    at_ = draw(st.integers(0, len(text)))
    cut = draw(st.integers(0, 3))
    return name, path, (text[:at_] + draw(NOISE) + text[at_ + cut :]).encode("utf-8")


@st.composite
def line_edit(draw: st.DrawFn) -> tuple[str, str, bytes]:
    """One line of one file dropped, doubled, indented or dedented."""
    name, path = draw(st.sampled_from(FILES))
    lines = SOURCES[name][path].decode("utf-8").splitlines(keepends=True) or [""]
    index = draw(st.integers(0, len(lines) - 1))
    move = draw(st.sampled_from(["drop", "double", "indent", "dedent"]))
    line = lines[index]
    replaced = {
        "drop": [],
        "double": [line, line],
        "indent": ["  " + line],
        "dedent": [line[2:] if line.startswith("  ") else line.lstrip()],
    }[move]
    return name, path, "".join([*lines[:index], *replaced, *lines[index + 1 :]]).encode("utf-8")


@st.composite
def cases(draw: st.DrawFn) -> Case:
    how = draw(st.sampled_from(["data", "text", "line"]))
    name, path, content = draw({"data": data_edit, "text": text_edit, "line": line_edit}[how]())
    everything = draw(st.integers(0, 15)) == 15  # every output on a sample of the cases
    target = None if everything else draw(st.sampled_from(TARGETS))
    return Case(name, path, content, how, target, draw(st.booleans()))


def digest(root: Path) -> dict[str, str]:
    """Every file of the project outside ``build/``, by its SHA-256."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] != "build"
    }


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """One copy of each fixture per worker, reused by every case (a build stays incremental)."""
    base = tmp_path_factory.mktemp("fuzz")
    out = {}
    for name, (root, folders) in FIXTURES.items():
        for folder in folders:
            shutil.copytree(root / folder, base / name / folder)
        out[name] = base / name
    with pytest.MonkeyPatch.context() as patch:  # no git: the outputs' date is fixed
        patch.setenv("SOURCE_DATE_EPOCH", "1764547200")
        yield out


def run(argv: list[str]) -> tuple[int, str]:
    """lws's entry point in process: (exit status, standard error)."""
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # main returns its status; an escaped exit is judged too
            code = exc.code if isinstance(exc.code, int) else 1
    return code, err.getvalue()


def commands(case: Case, project: Path) -> Iterator[list[str]]:
    common = ["--project", str(project), "--today", TODAY]
    yield ["check", *common]
    yield ["diagnose", *common]
    build = ["build", *common, "--jobs", "1", *(["--draft"] if case.draft else [])]
    if case.target is not None:
        variant, fmt = case.target
        build += [variant, "--format", fmt]
    yield build


def try_case(case: Case, project: Path, note: Callable[[str], None] = event) -> None:
    """Run the three commands on the mutated file, then put the file back."""
    source = project / case.path
    original = source.read_bytes()
    source.write_bytes(case.content)
    codes: list[int] = []
    start, outcome = time.perf_counter(), "error"
    try:
        before = digest(project)
        for argv in commands(case, project):
            code, err = run(argv)
            codes.append(code)
            note(f"{argv[0]} exit {code}")
            assert code != EXIT_BUG and "Traceback" not in err, (argv[0], err[-3000:])
            assert code in (0, 1, 2), (argv[0], code, err[-3000:])
        assert digest(project) == before, "a source file was changed"
        build = project / "build"
        left = sorted(p.name for p in build.glob("*.tmp")) if build.is_dir() else []
        assert not left, f"half-written outputs left: {left}"
        outcome = "ok"
    except AssertionError as exc:
        outcome = "FAILED " + " ".join(str(exc).split())[:160]
        raise
    finally:
        source.write_bytes(original)
        _log(case, codes, time.perf_counter() - start, outcome)


def _log(case: Case, codes: list[int], seconds: float, outcome: str) -> None:
    """One line a case in ``$LWS_FUZZ_LOG``, if set: the figures of a long run as it goes
    (time, file, mutation, build, exit statuses, seconds, ok or FAILED and why)."""
    if log := os.environ.get("LWS_FUZZ_LOG"):
        target = "all" if case.target is None else "/".join(case.target)
        line = f"{time.time():.1f}\t{case.fixture}:{case.path}\t{case.how}\t{target}\t"
        with Path(log).open("a", encoding="utf-8") as out:
            out.write(f"{line}{','.join(map(str, codes))}\t{seconds:.2f}\t{outcome}\n")


@pytest.mark.fuzz
@pytest.mark.parametrize("shard", range(SHARDS))
@settings(
    max_examples=examples(smoke=8, share=1 / SHARDS),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
@given(case=cases())
def test_a_mutated_repository_is_never_a_crash_and_never_changed(
    projects: dict[str, Path], shard: int, case: Case
) -> None:
    event(f"mutation: {case.how}")
    event(f"build: {'every output' if case.target is None else '/'.join(case.target)}")
    try_case(case, projects[case.fixture])


# -- what the fuzzing found ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "old", "new"),
    [
        ("diagnostic", "- question: Q49\n", "- question: ['']\n"),  # nox -s fuzz: was exit 3
        (
            "diagnostic",
            "- question: Q29\n    justification",
            "- question: [Q29]\n    justification",
        ),
        # nox -s fuzz, 600 cases in: a reference (or an id) that is a mapping was exit 3
        ("engagement", "  - stakeholder: commissioning-board\n", "  - stakeholder: {note: ''}\n"),
        ("engagement", "  - stakeholder: commissioning-board\n", "  - stakeholder: [{a: 1}]\n"),
        ("engagement", "  - id: commissioning-board\n", "  - id: {note: ''}\n"),
    ],
)
def test_an_id_or_reference_that_is_not_an_id_is_a_located_error_not_a_crash(
    tmp_path: Path, section: str, old: str, new: str, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    path = tmp_path / "strategy" / f"{section}.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    assert main(["check", "--project", str(tmp_path), "--today", "2026-11-24"]) == 1
    shown = capsys.readouterr()
    assert f"strategy/{section}.yaml:{line}:" in shown.out + shown.err
    assert "Traceback" not in shown.err
    assert main(["diagnose", "--project", str(tmp_path), "--today", "2026-11-24"]) != EXIT_BUG
    assert "Traceback" not in capsys.readouterr().err


def test_the_harness_sees_a_crash(projects: dict[str, Path]) -> None:
    """A case that makes lws exit 3 fails the harness (it is not a test that cannot fail)."""
    case = Case("example", "templates/variants.yaml", b"", "text", ("leaflet", "html"), False)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("lws.cli.check.run", _crash)
        with pytest.raises(AssertionError, match="check"):
            try_case(case, projects["example"], note=lambda _: None)
    assert (projects["example"] / case.path).read_bytes() == SOURCES["example"][case.path]


def _crash(args: Any) -> int:
    raise RuntimeError("a bug")
