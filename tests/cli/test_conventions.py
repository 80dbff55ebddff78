"""One command-line convention, through the real entry point: the project option on every
subcommand, quiet and verbose, colour, exit codes, completion."""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lws.cli.main import build_parser, main, parse
from lws.core.errors import EXIT_BUG, EXIT_INTERRUPTED, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from tests.cli.run import copy_example, interruptible, lws

ROOT = Path(__file__).resolve().parents[2]
ESC = "\x1b["

# Each subcommand with the arguments it needs besides the project; "{p}" is the project.
INVOCATIONS = {
    "check": [],
    "diagnose": [],
    "build": ["leaflet"],
    "init": [],
    "explain": ["leaflet"],
    "watch": ["leaflet"],
    "serve": ["leaflet"],
    "diff": ["v1"],
    "schema": ["--reference"],
    "import": ["figures.csv"],
    "history": ["v1..v2"],
    "upgrade": [],
}


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example strategy in a git repository (so dates and diffs are stable)."""
    return copy_example(tmp_path / "trust")


def test_every_subcommand_has_a_project_option() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    missing = [
        name
        for name, sub in commands.choices.items()  # type: ignore[union-attr]
        if name not in ("completion", "portfolio")  # portfolio reads many trusts' projects
        and not any("--project" in action.option_strings for action in sub._actions)
    ]
    assert missing == []
    assert set(INVOCATIONS) | {"completion", "serve", "portfolio"} >= set(commands.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", sorted(INVOCATIONS))
def test_the_project_is_chosen_the_same_way_everywhere(command: str, example: Path) -> None:
    rest = INVOCATIONS[command]
    by_option = parse([command, *rest, "--project", str(example)])
    first = parse([command, str(example), *rest])
    assert by_option.project == first.project == example
    ignored = ("console", "project_arg", "project_opt")
    other = {k: v for k, v in vars(by_option).items() if k not in ignored}
    assert other == {k: v for k, v in vars(first).items() if k not in ignored}
    assert parse([command, *rest]).project == Path()


@pytest.mark.parametrize("command", ["check", "build", "explain"])
def test_two_different_projects_are_a_usage_error(
    command: str, example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rest = INVOCATIONS[command]
    code = main([command, str(example), *rest, "--project", str(tmp_path)])
    assert code == EXIT_USAGE
    assert "two projects given" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "{p}", "--today", "2026-11-24"],
        ["check", "--project", "{p}", "--today", "2026-11-24"],
        ["diagnose", "{p}", "--format", "json"],
        ["diagnose", "--project", "{p}", "--format", "json"],
        ["explain", "{p}", "board"],
        ["explain", "board", "--project", "{p}"],
        ["schema", "{p}", "--reference"],
        ["schema", "--project", "{p}", "--reference"],
    ],
)
def test_either_form_runs_from_another_directory(
    argv: list[str], example: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    relative = os.path.relpath(example, elsewhere)
    done = lws(*[a.replace("{p}", relative) for a in argv], cwd=elsewhere)
    assert done.returncode == EXIT_OK, done.stderr
    assert done.stdout or done.stderr == "lws check passed: no problems found\n"


def test_build_with_a_relative_project_path(example: Path, tmp_path: Path) -> None:
    """Regression: the project path was joined onto chart paths twice ("pandoc: image …")."""
    env = {"SOURCE_DATE_EPOCH": "1795478400"}
    done = lws("build", "--project", "trust", "board", "--format", "html", cwd=tmp_path, env=env)
    assert done.returncode == EXIT_OK, done.stderr
    assert "<svg" in (example / "build" / "board.html").read_text() or list(
        (example / "build").rglob("*.svg")
    )
    done = lws("build", "trust", "board", "--format", "html", "--force", cwd=tmp_path, env=env)
    assert done.returncode == EXIT_OK, done.stderr


# -- exit codes ---------------------------------------------------------------------------


def test_exit_0_clean_and_1_problems(example: Path) -> None:
    assert lws("check", "--today", "2026-11-24", cwd=example).returncode == EXIT_OK
    (example / "strategy" / "risks.yaml").write_text("risks: [1]\n")
    done = lws("check", "--today", "2026-11-24", cwd=example)
    assert done.returncode == EXIT_PROBLEMS
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "junit"])
def test_diagnose_exits_1_and_reports_nothing_when_a_section_cannot_be_read(
    example: Path, fmt: str
) -> None:
    """Answering from the rest would call Q59 not met for a risk register that is there."""
    (example / "strategy" / "risks.yaml").write_text("risks: [\n  - id: R1\n", "utf-8")
    (example / "strategy" / "glossary.yaml").write_bytes(b"terms: \xff\n")
    done = lws("diagnose", "--format", fmt, "--today", "2026-11-24", cwd=example)
    assert (done.returncode, done.stdout) == (EXIT_PROBLEMS, "")
    lines = done.stderr.splitlines()
    assert lines[0].startswith("strategy/glossary.yaml:1:")
    syntax = "strategy/risks.yaml:2:3: error: YAML syntax error"
    assert any(line.startswith(syntax) for line in lines)
    assert "    2 |   - id: R1" in lines  # the line itself, as lws check shows it
    assert lines[-1] == (
        "lws diagnose: error: not diagnosed: strategy/glossary.yaml, strategy/risks.yaml "
        "cannot be read (above); fix them and run lws diagnose again"
    )
    assert "Q59" not in done.stderr and "Traceback" not in done.stderr


def test_diagnose_still_reports_a_section_that_reads_but_has_errors(example: Path) -> None:
    """Invalid data is lws check's to report; the diagnostic answers from what is there."""
    (example / "strategy" / "risks.yaml").write_text("risks: [1]\n", "utf-8")
    done = lws("diagnose", "--format", "json", "--today", "2026-11-24", cwd=example)
    assert done.returncode == EXIT_OK
    assert '"version": 1' in done.stdout


def test_exit_2_usage(example: Path, tmp_path: Path) -> None:
    assert lws("check", "--format", "xml", cwd=example).returncode == EXIT_USAGE
    assert lws("check", cwd=tmp_path).returncode == EXIT_USAGE
    assert lws("build", "poster", cwd=example).returncode == EXIT_USAGE
    assert lws("frobnicate", cwd=example).returncode == EXIT_USAGE


def test_exit_3_is_a_bug_in_lws_with_a_request_to_report_it(
    example: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr("lws.diagnose.check.check_project", broken)
    assert main(["check", str(example)]) == EXIT_BUG
    err = capsys.readouterr().err
    assert "ZeroDivisionError: a bug" in err
    assert "this is a bug in lws, not in your strategy" in err


def test_exit_130_on_ctrl_c(example: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "lws", "watch", "leaflet", "--today=2026-11-24", "--interval=0.1"],
        cwd=example,
        preexec_fn=interruptible,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1795478400"},
    )
    assert process.stderr is not None
    try:
        deadline = time.monotonic() + 120
        seen = ""
        while "watching for changes" not in seen:
            assert time.monotonic() < deadline, seen
            seen += process.stderr.readline()
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == EXIT_INTERRUPTED
        assert "Traceback" not in process.stderr.read()
    finally:
        process.kill()
        process.wait()
        process.stderr.close()


# -- quiet, verbose, colour ------------------------------------------------------------------


def test_quiet_prints_only_problems(example: Path) -> None:
    done = lws("check", "-q", "--today", "2026-11-24", cwd=example)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    loud = lws("check", "--today", "2026-11-24", cwd=example)
    assert loud.stderr == "lws check passed: no problems found\n"
    (example / "strategy" / "risks.yaml").write_text("risks: [1]\n")
    done = lws("check", "--quiet", "--today", "2026-11-24", cwd=example)
    assert done.returncode == 1 and "expected a mapping" in done.stdout and done.stderr == ""


def test_verbose_and_quiet_exclude_each_other(example: Path) -> None:
    assert lws("check", "-q", "-v", cwd=example).returncode == EXIT_USAGE


def test_verbose_says_more(example: Path) -> None:
    quiet = lws("diagnose", "-o", "d.txt", "-q", cwd=example)
    assert quiet.stderr == "" and (example / "d.txt").is_file()
    plain = lws("check", "--today", "2026-11-24", cwd=example)
    loud = lws("check", "-v", "--today", "2026-11-24", cwd=example)
    assert plain.stderr == "lws check passed: no problems found\n"
    assert "judged at 2026-11-24" in loud.stderr
    assert "risks.yaml" in loud.stderr


@pytest.fixture
def with_error(example: Path) -> Path:
    (example / "strategy" / "risks.yaml").write_text("risks: [1]\n")
    return example


def test_no_colour_when_piped(with_error: Path) -> None:
    done = lws("check", cwd=with_error, env={"NO_COLOR": "", "FORCE_COLOR": ""})
    assert ESC not in done.stdout + done.stderr


def test_force_color_colours_a_pipe_and_no_color_wins(with_error: Path) -> None:
    forced = lws("check", cwd=with_error, env={"FORCE_COLOR": "1", "NO_COLOR": ""})
    assert f"{ESC}1;31merror{ESC}0m" in forced.stdout
    assert f"{ESC}1;31mfailed{ESC}0m" in forced.stderr
    both = lws("check", cwd=with_error, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert ESC not in both.stdout + both.stderr
    assert both.stdout == re.sub(r"\x1b\[[0-9;]*m", "", forced.stdout)


def _on_a_terminal(argv: list[str], cwd: Path, env: dict[str, str]) -> str:
    """What ``lws ARGV`` writes to a real pseudo-terminal."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "lws", *argv],
        cwd=cwd,
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env={**os.environ, "TERM": "xterm", **env},
    )
    os.close(follower)
    chunks = []
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: lws has exited
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(leader)
        process.wait(60)
    return b"".join(chunks).decode()


def test_colour_on_a_terminal_unless_no_color(with_error: Path) -> None:
    shown = _on_a_terminal(["check"], with_error, {"NO_COLOR": "", "FORCE_COLOR": ""})
    assert f"{ESC}1;31merror{ESC}0m" in shown
    plain = _on_a_terminal(["check"], with_error, {"NO_COLOR": "1", "FORCE_COLOR": ""})
    assert "error" in plain and ESC not in plain
    dumb = _on_a_terminal(["check"], with_error, {"TERM": "dumb", "NO_COLOR": ""})
    assert ESC not in dumb


# -- errors a person reads once ----------------------------------------------------------------


def test_the_source_line_is_shown_with_a_caret_under_the_column(example: Path) -> None:
    risks = example / "strategy" / "risks.yaml"
    risks.write_text(risks.read_text().replace("probability: 4", "probability: 6", 1))
    done = lws("check", "--today", "2026-11-24", cwd=example)
    lines = done.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if "probability" in line and "error" in line)
    column = int(lines[head].split(":")[2])
    source, caret = lines[head + 1], lines[head + 2]
    number, text = source.split(" | ", 1)
    assert int(number) == int(lines[head].split(":")[1])
    assert text.strip().startswith("probability: 6")
    assert caret.index("^") - len(number) - 3 == column - 1
    assert text[column - 1 :].startswith("6")


def test_a_broken_section_is_not_judged_by_the_gate(example: Path) -> None:
    (example / "strategy" / "risks.yaml").write_text("risks:\n  - id: [R1\n")
    done = lws("check", "--today", "2026-11-24", cwd=example)
    assert done.returncode == EXIT_PROBLEMS
    assert "YAML syntax error" in done.stdout
    assert "Q59 must be met" not in done.stdout
    assert (
        "strategy/risks.yaml:1:1: warning: not judged: the diagnostic gate (Q59); "
        "strategy/risks.yaml has errors" in done.stdout.splitlines()
    )
    errors = [line for line in done.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1, errors


# -- shell completion ---------------------------------------------------------------------------


def _complete(script: str, words: list[str]) -> list[str]:
    line = " ".join(words)
    program = (
        f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _lws; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(
        ["bash", "-c", program], capture_output=True, text=True, timeout=30, check=True
    )
    return done.stdout.split()


def test_bash_completion_comes_from_the_parser(tmp_path: Path) -> None:
    script = lws("completion", "bash", cwd=tmp_path).stdout
    subcommands = _complete(script, ["lws", "''"])
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    assert set(commands.choices) <= set(subcommands)  # type: ignore[arg-type]
    assert "--strict" in _complete(script, ["lws", "check", "--s"])
    assert _complete(script, ["lws", "check", "--format", "s"]) == ["sarif"]
    assert _complete(script, ["lws", "diagnose", "--format", "j"]) == ["json", "junit"]


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_other_shells_get_a_script_naming_every_subcommand(shell: str, tmp_path: Path) -> None:
    script = lws("completion", shell, cwd=tmp_path).stdout
    for name in ("check", "diagnose", "build", "--project", "--quiet"):
        assert name.lstrip("-") in script


def test_a_subcommand_alone_parses_as_the_whole_parser_does(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """parse() builds only the subcommand it runs (start-up): same names, same arguments,
    same help and the same usage errors as the whole parser."""
    from lws.cli.main import BY_NAME

    whole = build_parser()
    commands = next(a for a in whole._actions if isinstance(a, argparse._SubParsersAction))
    assert sorted(commands.choices) == sorted(BY_NAME)
    for name in BY_NAME:
        alone = build_parser(name)
        for words in ([name], [name, "--quiet"], [name, "--project", "somewhere"]):
            try:
                expected = vars(whole.parse_args(words))
            except SystemExit:
                continue  # a required argument: the error case is below
            assert vars(alone.parse_args(words)) == expected, words
        capsys.readouterr()  # the required-argument errors above
        outputs = []
        for parser in (whole, alone):
            for words in ([name, "--help"], [name, "--no-such-option"]):
                with pytest.raises(SystemExit):
                    parser.parse_args(words)
                outputs.append(capsys.readouterr())
        assert outputs[:2] == outputs[2:], name
