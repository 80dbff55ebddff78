"""``build`` and ``diagnose`` through ``main()``, and every branch of the error boundary.

The boundary's exits: 0 clean, 1 problems or a user error, 2 usage error, 130 interrupted,
3 a bug in lws. Interruption and the bug are real: a SIGINT sent to a running
``python -m lws build``, and a stack exhausted inside lws.
"""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from lws.cli.main import main
from tests.cli.run import interruptible

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests" / "corpus" / "_base"
TODAY = "2026-11-24"
LONG_LEAFLET = (
    "{% for n in range(400) %}\nParagraph {{ n }} of a leaflet far too long.\n\n{% endfor %}\n"
)


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example trust's repository (strategy and assets)."""
    shutil.copytree(ROOT / "strategy", tmp_path / "strategy")
    shutil.copytree(ROOT / "templates" / "assets", tmp_path / "templates" / "assets")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# -- build -----------------------------------------------------------------------------------


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)


def test_build_then_rebuild_nothing(example: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ("build", "leaflet", "--project", str(example), "--format", "html")
    code, out, err = run(capsys, *args)
    assert (code, out) == (0, "")
    assert err.splitlines()[-1] == "lws build done: 1 built, 0 unchanged, 0 failed"
    page = _Headings()
    page.feed((example / "build" / "leaflet.html").read_text(encoding="utf-8"))
    assert "h1" in page.tags
    code, _, err = run(capsys, *args)
    assert code == 0
    assert err.splitlines()[-1] == (
        "lws build: up to date: 1 output(s), nothing changed since the last build "
        "(--force rebuilds them)"
    )
    code, _, err = run(capsys, *args, "--force")
    assert err.splitlines()[-1] == "lws build done: 1 built, 0 unchanged, 0 failed"


def test_build_formats_may_be_repeated_or_joined_with_commas(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "build", "leaflet", "board", "--project", str(example), "--format", "html, ,"
    )
    assert code == 0
    assert err.splitlines()[-1] == "lws build done: 2 built, 0 unchanged, 0 failed"
    assert sorted(p.name for p in (example / "build").glob("*.html")) == [
        "board.html",
        "leaflet.html",
    ]


def test_a_request_that_selects_nothing_is_a_usage_error(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The leaflet is not made as slides: nothing published is a failure CI must see."""
    code, out, err = run(capsys, "build", "leaflet", "--project", str(example), "--format", "pptx")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "lws build: error: nothing to build: no audience in strategy/publication.yaml names "
        "a variant (leaflet, board, full, slides) with these formats (each variant's formats "
        "are in templates/variants.yaml)"
    ]
    assert not list((example / "build").glob("leaflet.*"))


def test_a_strategy_whose_audiences_ask_for_nothing_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No publication.yaml, so no audience names a variant: exit 1, not a silent success."""
    project = tmp_path / "partly"
    shutil.copytree(ROOT / "tests" / "fixtures" / "partly", project)
    code, out, err = run(capsys, "build", "--project", str(project), "--draft", "--today", TODAY)
    assert (code, out) == (1, "")
    assert err.splitlines()[-1] == (
        "lws build: error: nothing to build: no audience in strategy/publication.yaml names "
        "a variant; give an audience a variant (leaflet, board, full or slides)"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nosuch",), "lws: error: no variant named nosuch; the strategy's audiences ask for: "),
        (("--format", "epub"), "lws: error: unknown format epub; formats are html, docx, pdf, "),
    ],
)
def test_build_usage_errors_exit_2(
    example: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    code, out, err = run(capsys, "build", "--project", str(example), *args)
    assert (code, out) == (2, "")
    assert err.startswith(message)
    assert not (example / "build").exists()


def test_a_failed_conversion_exits_1_and_keeps_going(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "templates" / "leaflet.md.j2").write_text(LONG_LEAFLET)
    code, out, err = run(capsys, "build", "leaflet", "--project", str(example), "-j", "1")
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines[-1] == "lws build failed: 2 built, 0 unchanged, 1 failed"
    (problem,) = [line for line in lines if ": error: " in line]
    assert problem.startswith("build/leaflet.pdf:1:1: error: could not build: ")
    assert "  hint: the previous file, if any, was kept; fix the cause and rebuild" in lines
    assert not (example / "build" / "leaflet.pdf").exists()
    assert (example / "build" / "leaflet.docx").is_file()


def test_a_broken_template_is_a_located_error_exit_1(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "templates" / "leaflet.md.j2").write_text("Hello\n{{ nosuch }}\n")
    code, out, err = run(capsys, "build", "leaflet", "--project", str(example))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "leaflet.md.j2:1:1: error: template uses an undefined value: 'nosuch' is undefined",
        "  hint: fix the template, or remove your copy of it",
    ]


# -- diagnose --------------------------------------------------------------------------------


def test_diagnose_to_stdout_and_to_a_file(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "diagnose", str(example), "--format", "json", "--today", TODAY)
    assert (code, err) == (0, "")
    report = json.loads(out)
    assert report["gate"]["passed"] is True
    target = example / "reports" / "diagnostic.md"
    code, out, err = run(
        capsys,
        "diagnose",
        str(example),
        "--format",
        "markdown",
        "-o",
        str(target),
        "--today",
        TODAY,
    )
    assert (code, out) == (0, "")
    assert err == f"lws diagnose: wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_diagnose_with_broken_local_criteria_is_a_located_error(
    example: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (example / "criteria").mkdir()
    (example / "criteria" / "local.yaml").write_text("criteria:\n  - id: L1\n    question: [\n")
    code, out, err = run(capsys, "diagnose", str(example), "--today", TODAY)
    assert (code, out) == (1, "")
    first = err.splitlines()[0]
    assert first.startswith("criteria/local.yaml:4:1: error: "), err
    assert "Traceback" not in err


def test_diagnose_outside_a_project_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "diagnose", str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith("lws: error: ")
    assert "has no strategy/ directory" in err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diagnose", "--help")
    assert code == 0
    assert out.startswith("usage: lws diagnose")


# -- interruption and bugs: real ones, in a child process ----------------------------------------


def test_an_interrupted_build_exits_130_without_a_traceback(example: Path) -> None:
    command = [sys.executable, "-m", "lws", "build", "--project", str(example), "-j", "1"]
    with subprocess.Popen(
        command, stderr=subprocess.PIPE, text=True, preexec_fn=interruptible
    ) as process:
        assert process.stderr is not None
        first = process.stderr.readline()  # the first output is written: the build is under way
        assert first.startswith("[1/"), first
        process.send_signal(signal.SIGINT)
        rest = process.stderr.read()
        assert process.wait(timeout=120) == 130, rest
    assert rest.splitlines()[-1] == "lws: interrupted"
    assert "Traceback" not in rest
    done = first.split(" built ")[1].split(" ")[0]
    assert (example / done).stat().st_size > 0


BUG = """
import sys
from lws.cli.main import main
from tests.cli.run import interruptible
sys.setrecursionlimit(50)  # deep enough to start, too shallow to validate: a crash inside lws
sys.exit(main(["check", sys.argv[1]]))
"""


def test_a_crash_inside_lws_exits_3_and_asks_for_a_report() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BUG, str(BASE)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 3, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "Traceback (most recent call last):"
    assert lines[-2].startswith("RecursionError: ")
    assert lines[-1] == (
        "lws: internal error: this is a bug in lws, not in your strategy; "
        "please report it with the output above"
    )
    assert done.stdout == ""
