"""The command line's one error boundary, through the real entry points.

Every user error is an ``LwsError`` and ends the command with its own exit status and its
message (located ones as ``file:line:col: error:`` lines), never a traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lws.cli.main import main
from lws.core.errors import EXIT_PROBLEMS, EXIT_USAGE
from tests.cli.run import lws

BROKEN_CRITERIA = (
    "criteria:\n  - id: L01\n    question: Q?\n    modules: [5]\n"
    "    evidence: {sometimes: {items: vision.themes}}\n"
)


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A project whose local criteria file names an evidence check that does not exist."""
    (tmp_path / "strategy").mkdir()
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "local.yaml").write_text(BROKEN_CRITERIA)
    return tmp_path


def test_a_located_user_error_is_its_diagnostics_and_exit_1(broken: Path) -> None:
    done = lws("diagnose", ".", cwd=broken)
    assert done.returncode == EXIT_PROBLEMS
    assert done.stdout == ""
    assert done.stderr == (
        "criteria/local.yaml:5:27: error: criteria[0].evidence.sometimes: L01: unknown evidence "
        "check 'sometimes' (known: count, every, present, date, referenced, all, any)\n"
        "    5 |     evidence: {sometimes: {items: vision.themes}}\n"
        "      |                           ^\n"
        "  hint: see 'Writing your own criteria' in lws's README for what each check takes\n"
    )
    assert "Traceback" not in done.stderr


def test_a_usage_error_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = lws("diagnose", ".", cwd=tmp_path)
    assert done.returncode == EXIT_USAGE
    assert done.stderr == (
        "lws: error: . has no strategy/ directory; run lws in a trust's repository or pass "
        "its path (lws check PATH)\n"
    )
    assert done.stdout == ""


@pytest.mark.parametrize("command", ["check", "diagnose", "explain leaflet --project"])
def test_every_command_reaches_the_boundary_with_the_same_usage_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*command.split(), str(tmp_path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert (
        err == f"lws: error: {tmp_path} has no strategy/ directory; run lws in a trust's "
        "repository or pass its path (lws check PATH)\n"
    )


def test_an_absurd_headcount_is_a_located_error_not_a_crash(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    engagement = project / "strategy" / "engagement.yaml"
    text = engagement.read_text(encoding="utf-8")
    assert "    headcount: 3\n" in text
    engagement.write_text(text.replace("    headcount: 3\n", f"    headcount: {'3' * 4000}\n", 1))
    assert main(["check", str(project), "--today", "2026-11-01"]) == EXIT_PROBLEMS
    out, err = capsys.readouterr()
    assert "strategy/engagement.yaml:14:16: error: stakeholders[0].headcount: 333333333333… " in out
    assert "(4,000 digits) is too large a number for a strategy" in out
    assert "Traceback" not in out + err and "internal error" not in err


# -- the one boundary: no subcommand turns a user error into a message and an exit status ----

CLI = Path(__file__).resolve().parents[2] / "src" / "lws" / "cli"
# Long-running commands report a failed rebuild and carry on watching; the build's optional
# trend chart is left out when the history cannot be read (the build reports the rest);
# nothing else may.
CARRY_ON = {"watch.py", "serve.py", "trend.py"}


def _user_errors() -> set[str]:
    import lws.authoring.baseline_editor
    import lws.authoring.gitrev
    import lws.authoring.workforce_import
    import lws.convert.pandoc
    import lws.model.project
    import lws.publish.build  # noqa: F401  (each defines user errors of its own)
    from lws.core.errors import LwsError

    found, todo = set(), [LwsError]
    while todo:
        kind = todo.pop()
        found.add(kind.__name__)
        todo.extend(kind.__subclasses__())
    return found


def test_subcommands_catch_a_user_error_only_to_add_context_and_raise_it_again() -> None:
    import ast

    errors = _user_errors()
    assert {"LwsError", "UsageError", "RevisionError", "GateError"} <= errors
    offenders = []
    for module in sorted(CLI.glob("*.py")):
        if module.name in CARRY_ON | {"main.py"}:
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ExceptHandler) or node.type is None:
                continue
            caught = {n.id for n in ast.walk(node.type) if isinstance(n, ast.Name)}
            raises = any(isinstance(n, ast.Raise) and n.exc is None for n in ast.walk(node))
            if caught & errors and not raises:
                offenders.append(f"{module.name}:{node.lineno}")
    assert offenders == []


def test_a_command_adds_what_the_error_means_for_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    late = "2031-01-01"  # reviews and the action plan are long out of date by then
    code = main(
        ["build", "leaflet", "--format", "html", "--today", late, "--project", str(project)]
    )
    err = capsys.readouterr().err
    assert code == EXIT_PROBLEMS
    assert "error: diagnostic gate:" in err
    assert err.endswith(
        "lws: error: not published: the diagnostic gate fails (above); fix it, or publish a "
        "draft for the working group with lws build --draft\n"
    )
    assert not (project / "build" / "leaflet.html").exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["import", "a.csv", "b.csv"], "name one file to import, not 2: a.csv b.csv"),
        (["history", "v1..v2", "v3..v4"], "name one range, not 2: v1..v2 v3..v4"),
        (["diff", "v1", "v2", "v3"], "name at most two revisions, not 3: v1 v2 v3"),
    ],
)
def test_a_subcommands_usage_error_is_the_boundarys_one_line(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main([*argv, "--project", str(project)]) == EXIT_USAGE
    assert capsys.readouterr() == ("", f"lws: error: {message}\n")


def test_a_revision_error_reaches_the_boundary(tmp_path: Path) -> None:
    done = lws("diff", "nosuch", cwd=tmp_path)  # not a git repository, not a project
    assert done.returncode == EXIT_USAGE
    assert done.stderr.startswith("lws: error: ")
    assert done.stdout == "" and "Traceback" not in done.stderr
