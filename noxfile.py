"""The project's sessions: tests, lint, check, bench."""

from __future__ import annotations

import datetime as dt
import subprocess

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["tests", "lint", "check"]
CLI_FLOOR = 95  # line coverage of lws.cli, on top of the overall floor in pyproject.toml


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite against an installed (not editable) copy of lws, with the
    coverage floor (``[tool.coverage.report] fail_under``) and the CLI's own floor."""
    # lws was distributed as "lws" before it became lws-strategy: a reused environment may
    # hold both, which the packaging test rightly refuses. Remove the old one, then put
    # back the files the two shared.
    session.run("python", "-m", "pip", "uninstall", "-y", "-q", "lws")
    session.install(".[test]")
    session.install("--no-deps", "--force-reinstall", ".")
    session.run("pytest", "--cov", "--cov-report=", "--cov-fail-under=0", *session.posargs)
    session.run("coverage", "report")
    session.run("coverage", "report", "--include=*/lws/cli/*", f"--fail-under={CLI_FLOOR}")


@nox.session
def fuzz(session: nox.Session) -> None:
    """The property tests marked ``fuzz`` with many more examples (profile "fuzz"), over
    two pytest-xdist workers: mutated repositories through ``check``, ``diagnose`` and
    ``build`` never exit 3 nor change a source file (``LWS_FUZZ_EXAMPLES`` cases, default
    10,000), random edits to every field reported by ``lws diff`` (a tenth as many), random
    restrictions never reaching an audience not entitled (a two-hundredth). ``-n N``
    after ``--`` sets the workers."""
    session.install(".[fuzz]")
    workers = [] if any(a.startswith("-n") for a in session.posargs) else ["-n", "2"]
    session.run(
        "pytest",
        "-m",
        "fuzz",
        "--hypothesis-profile=fuzz",
        "--hypothesis-show-statistics",
        "-p",
        "no:cacheprovider",
        *workers,
        *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (style, imports, complexity) and mypy (strict types)."""
    session.install(".[test,lint]", "nox")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


def last_commit_day() -> str:
    """The date of the last commit, so the example is judged the same way on any day."""
    done = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or dt.date.today().isoformat()


@nox.session
def check(session: nox.Session) -> None:
    """Validate the bundled example strategy (due dates judged at the last commit's date)."""
    session.install(".")
    session.run("lws", "check", ".", "--strict", "--today", last_commit_day(), *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Build every variant of the bundled example into build/ (lws build)."""
    session.install(".[publish]")
    session.run("lws", "build", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Time `lws check`, `lws build`, `lws portfolio` and `lws import --national` (medians,
    ratios, peak memory)."""
    session.install(".[test]")  # jsonschema: the check benchmark's libyaml + jsonschema baseline
    session.run("python", "benchmarks/bench_check.py", *session.posargs)
    session.run("python", "benchmarks/bench_build.py", *session.posargs)
    session.run("python", "benchmarks/bench_portfolio.py", *session.posargs)
    session.run("python", "benchmarks/bench_national.py", *session.posargs)


@nox.session
def mutate(session: nox.Session) -> None:
    """Mutation testing (mutmut, ``[tool.mutmut]``) of the loader, the evidence vocabulary,
    the Markdown layer and the audience rules; fails if a module has under 90% killed."""
    session.install("-e", ".[test]", "mutmut==3.8.1")
    session.run("mutmut", "run", "--max-children", "2", *session.posargs)
    session.run("python", "tools/mutation_score.py", "--floor", "90")
