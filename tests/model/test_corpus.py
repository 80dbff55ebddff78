"""The bad-input corpus: every way an author can get a section file wrong, and what lws says.

Each directory ``tests/corpus/NN-name/`` is one case. Its ``strategy/`` (and, rarely,
``schema/``) files are copied over a copy of the small valid project ``tests/corpus/_base``:
a file of the same name replaces the base's, and ``NAME.yaml.delete`` removes ``NAME.yaml``.
Then ``lws check`` runs on the result, with ``--today`` fixed so date checks never drift.

Control files of a case:

``expected.txt``
    The whole output, line by line (stdout, then stderr; blank lines and the excerpts of
    the source under each message aside): every message, its hint and the summary line,
    so an extra, spurious message fails the case as surely as
    a missing one. ``{project}`` stands for the project directory as passed to lws, ``{tmp}``
    for the test's (resolved) temporary directory. ``pytest --update-golden`` rewrites it
    from lws's output (not for xfail cases); review the diff.
``exit.txt``
    The expected exit status (default 1).
``args.txt``
    Extra command-line arguments, e.g. ``--strict``.
``GENERATOR``
    The name of a function in :data:`GENERATORS` that builds what cannot be stored as a
    plain file (a 10 MiB file, symlinks), applied after the overlay.
``xfail.txt``
    A known bug in lws: why the case fails today. ``expected.txt`` then holds what lws
    *should* say; the case is a strict xfail, so fixing the bug makes it fail until the
    ``xfail.txt`` is removed. A first line ``only on Python < 3.13`` limits the xfail to
    older Pythons (where the bug comes from the standard library's behaviour).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from lws.cli.main import main

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
BASE = CORPUS / "_base"
TODAY = "2026-06-01"
OVERLAID = ("strategy", "schema")
CONTROL_FILES = {"expected.txt", "exit.txt", "args.txt", "GENERATOR", "xfail.txt"}
MIN_CASES = 35
# CPU seconds, not wall-clock: a bound on the work a case does (an alias bomb's expansion,
# a quadratic scan) that load on a shared machine cannot trip; speed lives in benchmarks/
CPU_SECONDS_PER_CASE = 5.0  # generous: every case takes well under a second

Generator = Callable[[Path, Path], None]


# -- generators: inputs that cannot be stored as plain files ---------------------------------


def big_file(project: Path, tmp_path: Path) -> None:
    """A 10 MiB section file (comment lines), above lws's 8 MiB limit."""
    line = b"# " + b"x" * 61 + b"\n"  # 64 bytes
    (project / "strategy" / "lessons.yaml").write_bytes(line * (10 * 1024 * 1024 // len(line)))


def symlink_outside(project: Path, tmp_path: Path) -> None:
    """vision.yaml as a link to a file outside the project."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "vision.yaml").write_text("statement: Not part of this project.\n")
    _link(project / "strategy" / "vision.yaml", outside / "vision.yaml")


def symlink_loop(project: Path, tmp_path: Path) -> None:
    """risks.yaml as a link to itself."""
    target = project / "strategy" / "risks.yaml"
    _link(target, Path("risks.yaml"))


def directory_as_section(project: Path, tmp_path: Path) -> None:
    """A directory named like a section file."""
    (project / "strategy" / "lessons.yaml").mkdir()


def no_strategy_dir(project: Path, tmp_path: Path) -> None:
    """A directory that is not an lws project at all (a usage error)."""
    shutil.rmtree(project / "strategy")


def _link(link: Path, target: Path) -> None:
    link.unlink(missing_ok=True)
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError) as exc:  # e.g. Windows without the privilege
        pytest.skip(f"cannot create symlinks here: {exc}")


GENERATORS: dict[str, Generator] = {
    f.__name__: f
    for f in (big_file, symlink_outside, symlink_loop, directory_as_section, no_strategy_dir)
}


# -- cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One case directory of the corpus."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    def _text(self, name: str) -> str | None:
        file = self.path / name
        return file.read_text(encoding="utf-8") if file.is_file() else None

    @property
    def expected(self) -> list[str]:
        return [line for line in (self._text("expected.txt") or "").splitlines() if line.strip()]

    @property
    def exit_code(self) -> int:
        return int((self._text("exit.txt") or "1").strip())

    @property
    def args(self) -> list[str]:
        return (self._text("args.txt") or "").split()

    @property
    def generator(self) -> str | None:
        text = self._text("GENERATOR")
        return text.strip() if text is not None else None

    @property
    def xfail(self) -> str | None:
        text = self._text("xfail.txt")
        return text.strip() if text is not None else None

    @property
    def xfail_applies(self) -> bool:
        """Whether the known bug shows on this Python (see ``only on Python < X.Y``)."""
        first = (self.xfail or "").splitlines()[:1]
        found = re.fullmatch(r"only on Python < (\d+)\.(\d+)", first[0].strip()) if first else None
        return found is None or sys.version_info < (int(found[1]), int(found[2]))

    def build(self, tmp_path: Path) -> Path:
        """A copy of ``_base`` with this case laid over it, in ``tmp_path/project``."""
        project = tmp_path / "project"
        shutil.copytree(BASE, project)
        for part in OVERLAID:
            if (self.path / part).is_dir():
                _overlay(self.path / part, project / part)
        if self.generator is not None:
            GENERATORS[self.generator](project, tmp_path)
        return project

    def expected_lines(self, project: Path, tmp_path: Path) -> list[str]:
        return [
            line.replace("{project}", str(project)).replace("{tmp}", str(tmp_path.resolve()))
            for line in self.expected
        ]

    def record(self, output: str, project: Path, tmp_path: Path) -> None:
        """Make ``output`` this case's expectation (``--update-golden``)."""
        lines = [
            line.replace(str(project), "{project}").replace(str(tmp_path.resolve()), "{tmp}")
            for line in output_lines(output)
        ]
        (self.path / "expected.txt").write_text("".join(f"{line}\n" for line in lines))


def _overlay(source: Path, target: Path) -> None:
    target.mkdir(exist_ok=True)
    for item in sorted(source.iterdir()):
        if item.name.endswith(".delete"):
            doomed = target / item.name.removesuffix(".delete")
            assert doomed.is_file(), f"{item} deletes {doomed.name}, which _base does not have"
            doomed.unlink()
        else:
            shutil.copyfile(item, target / item.name)


CASES = sorted(
    (Case(p) for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_")),
    key=lambda case: case.name,
)


def _params() -> list[object]:
    return [
        pytest.param(
            case,
            id=case.name,
            marks=[pytest.mark.xfail(case.xfail_applies, reason=case.xfail, strict=True)]
            if case.xfail
            else [],
        )
        for case in CASES
    ]


def run_check(capsys: pytest.CaptureFixture[str], project: Path, *args: str) -> tuple[int, str]:
    """``lws check`` in-process: the exit status and stdout and stderr together."""
    code = main(["check", str(project), "--today", TODAY, *args])
    out, err = capsys.readouterr()
    return code, out + err


# the text format's excerpt of the source under a message: "   8 |     due: 2027/03/31" and
# the caret line "     |          ^" (presentation, tested with the report formats)
EXCERPT = re.compile(r"^ *\d* \|( |$)")


def output_lines(output: str) -> list[str]:
    """The lines a case compares: messages, hints and the summary (no blanks, no excerpts)."""
    return [line for line in output.splitlines() if line.strip() and not EXCERPT.match(line)]


def assert_output(case: Case, code: int, output: str, expected: list[str]) -> None:
    """The exit status, and exactly the expected lines in order: none missing, none extra."""
    shown = f"--- output of {case.name} (exit {code}) ---\n{output}"
    assert "Traceback" not in output, shown
    assert code == case.exit_code, shown
    lines = output_lines(output)
    if lines == expected:
        return
    missing = "".join(f"  {line}\n" for line in expected if line not in lines)
    extra = "".join(f"  {line}\n" for line in lines if line not in expected)
    pytest.fail(
        f"output of {case.name} differs from expected.txt\n"
        f"missing:\n{missing or '  (none: order differs)'}\nunexpected:\n{extra}{shown}"
    )


# -- tests -----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Usage messages are wrapped at a fixed width, whatever the terminal."""
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize("case", _params())
def test_case(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    project = case.build(tmp_path)
    started = time.process_time()
    code, output = run_check(capsys, project, *case.args)
    elapsed = time.process_time() - started
    if update_golden and not case.xfail:
        case.record(output, project, tmp_path)
    assert_output(case, code, output, case.expected_lines(project, tmp_path))
    assert elapsed < CPU_SECONDS_PER_CASE, f"{case.name} took {elapsed:.1f} s of CPU"


def test_corpus_is_big_enough() -> None:
    assert len(CASES) >= MIN_CASES


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case_is_well_formed(case: Case) -> None:
    """Every case states its expectation, and has no stray or misspelt control files."""
    assert (case.path / "expected.txt").is_file()
    assert case.expected or case.xfail or case.exit_code == 0, "expected.txt is empty"
    stray = {p.name for p in case.path.iterdir() if p.name not in CONTROL_FILES | set(OVERLAID)}
    assert not stray, f"unknown files in the case: {sorted(stray)}"
    if case.generator is not None:
        assert case.generator in GENERATORS
    if case.generator is None:
        assert (case.path / "strategy").is_dir() or case.args, "the case changes nothing"


def test_base_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run_check(capsys, BASE)
    assert (code, output) == (0, "lws check passed: no problems found\n")


SUBPROCESS_CASES = ["05-utf8-bom", "26-probability-6", "45-missing-manifest"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_entry_point(name: str, tmp_path: Path) -> None:
    """The real ``python -m lws`` entry point, in a child process, for a few cases."""
    case = Case(CORPUS / name)
    project = case.build(tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "lws", "check", str(project), "--today", TODAY, *case.args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
        check=False,
    )
    assert_output(
        case, done.returncode, done.stdout + done.stderr, case.expected_lines(project, tmp_path)
    )
