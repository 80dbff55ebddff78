"""A name that installs, and what ``lws init`` writes installs and runs it, for real.

A wheel is built from this checkout; ``lws init --lws-requirement`` points at it; the
generated GitHub and GitLab CI steps run as shell in a temporary repository (in a fresh
virtual environment), and pre-commit installs the hooks (the one ``lws init`` configures, and
this repository's own from a local clone) with nothing else on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator, Mapping
from importlib.metadata import distribution, packages_distributions
from pathlib import Path
from typing import Any

import junitparser
import pytest
import yaml

from lws.authoring.init import DISTRIBUTION, RequirementError, requirement_forms
from tests.cli.run import ROOT

COMMIT_DATE = "2026-11-24T12:00:00+00:00"
BASE_PATH = "/usr/local/bin:/usr/bin:/bin"  # no lws, no virtual environment of ours
# issue 12's promise; jsonschema-rs (15 MB, check's fast path) is the optional extra [fast]
HOOK_ENV_LIMIT = 60 * 1024 * 1024


def test_the_distribution_is_lws_strategy_and_nothing_else_provides_lws() -> None:
    assert distribution(DISTRIBUTION).metadata["Name"] == DISTRIBUTION
    providers = set(packages_distributions().get("lws", []))
    assert providers <= {DISTRIBUTION}, f"another package installs the module lws: {providers}"
    entry = [e for e in distribution(DISTRIBUTION).entry_points if e.name == "lws"]
    assert [e.value for e in entry] == ["lws.cli.main:main"]


def test_core_requirements_leave_out_publishing() -> None:
    requires = distribution(DISTRIBUTION).requires or []
    core = [r for r in requires if "extra ==" not in r]
    for heavy in ("matplotlib", "pypandoc", "typst", "pypdf"):
        assert not any(r.startswith(heavy) for r in core), heavy
    publish = [r for r in requires if "publish" in r.split(";")[-1]]
    assert any(r.startswith("matplotlib") for r in publish)


@pytest.mark.parametrize(
    ("given", "light", "publishing"),
    [
        ("lws-strategy==0.1.0", "lws-strategy==0.1.0", "lws-strategy[publish]==0.1.0"),
        ("lws_strategy[publish]>=0.1", "lws-strategy>=0.1", "lws-strategy[publish]>=0.1"),
        (
            "git+https://git.example.org/lws.git@v0.1.0",
            "lws-strategy @ git+https://git.example.org/lws.git@v0.1.0",
            "lws-strategy[publish] @ git+https://git.example.org/lws.git@v0.1.0",
        ),
        (
            "lws-strategy @ file:///w/lws_strategy-0.1.0-py3-none-any.whl",
            "lws-strategy @ file:///w/lws_strategy-0.1.0-py3-none-any.whl",
            "lws-strategy[publish] @ file:///w/lws_strategy-0.1.0-py3-none-any.whl",
        ),
    ],
)
def test_requirement_forms(given: str, light: str, publishing: str) -> None:
    assert requirement_forms(given) == (light, publishing)


@pytest.mark.parametrize("bad", ["lws==1.2.8", "numpy", "", "lws-strategy\nrm -rf /", "x; y"])
def test_a_requirement_for_something_else_is_refused(bad: str) -> None:
    with pytest.raises(RequirementError):
        requirement_forms(bad)


# -- the real thing: a wheel, a repository, its CI ---------------------------------------------


def _run(
    argv: list[str] | str, cwd: Path, env: Mapping[str, str], timeout: float = 900
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv,
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        shell=isinstance(argv, str),
        executable="/bin/bash" if isinstance(argv, str) else None,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of lws built from this checkout."""
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    (found,) = out.glob("lws_strategy-*.whl")
    return found


def _git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": COMMIT_DATE,
        "GIT_COMMITTER_DATE": COMMIT_DATE,
        "GIT_AUTHOR_NAME": "Trust",
        "GIT_AUTHOR_EMAIL": "trust@example.org",
        "GIT_COMMITTER_NAME": "Trust",
        "GIT_COMMITTER_EMAIL": "trust@example.org",
    }
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def trust(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """``lws init`` with the requirement at the wheel, committed (twice, for a diff)."""
    repo = tmp_path_factory.mktemp("trust") / "testshire"
    done = subprocess.run(
        [sys.executable, "-m", "lws", "init", str(repo), "--trust", "Testshire Children's Trust",
         "--lws-requirement", str(wheel)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert wheel.as_uri() in (repo / "requirements-lws.txt").read_text()
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "Start our strategy")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # what a PR is compared with
    vision = repo / "strategy" / "vision.yaml"
    vision.write_text(
        vision.read_text(encoding="utf-8")
        + "statement: Every child is known by a worker who stays.\n",
        encoding="utf-8",
    )
    _git(repo, "commit", "-q", "-am", "Our vision")
    return repo


@pytest.fixture(scope="module")
def ci_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment, as a CI runner's Python would be: nothing of lws in it."""
    where = tmp_path_factory.mktemp("ci") / "venv"
    venv.EnvBuilder(with_pip=True).create(where)
    return where / "bin"


def _ci_env(bin_dir: Path, work: Path, **extra: str) -> dict[str, str]:
    home = work / "home"
    home.mkdir(exist_ok=True)
    keep = {k: v for k, v in os.environ.items() if k.startswith(("PIP_", "LANG", "LC_"))}
    return {
        **keep,
        "PATH": f"{bin_dir}:{BASE_PATH}",
        "HOME": str(home),
        "PIP_CACHE_DIR": str(Path.home() / ".cache" / "pip"),  # the machine's wheels, reused
        "NO_COLOR": "",
        **extra,
    }


def _github_steps(repo: Path) -> list[dict[str, Any]]:
    workflow = yaml.safe_load((repo / ".github" / "workflows" / "strategy.yml").read_text())
    steps: list[dict[str, Any]] = workflow["jobs"]["check"]["steps"]
    return steps


def _runs(step: Mapping[str, Any], event: str) -> bool:
    condition = str(step.get("if", "always()"))
    return condition == "always()" or condition == f"github.event_name == '{event}'"


def test_github_workflow_runs_as_written(trust: Path, ci_python: Path, tmp_path: Path) -> None:
    """Every run step, in order, as the runner would (GITHUB_ENV carried between steps)."""
    github_env, summary = tmp_path / "github_env", tmp_path / "summary.md"
    github_env.touch()
    env = _ci_env(
        ci_python,
        tmp_path,
        GITHUB_ENV=str(github_env),
        GITHUB_STEP_SUMMARY=str(summary),
        GITHUB_EVENT_NAME="pull_request",
        GITHUB_BASE_REF="main",
    )
    workflow = yaml.safe_load((trust / ".github" / "workflows" / "strategy.yml").read_text())
    env.update(workflow["jobs"]["check"].get("env") or {})  # the job's own (FORCE_COLOR)
    ran = []
    for step in _github_steps(trust):
        if "run" not in step or not _runs(step, "pull_request"):
            continue
        if step["run"].lstrip().startswith("gh "):  # needs GitHub's own API: not here
            continue
        for line in github_env.read_text().splitlines():
            key, _, value = line.partition("=")
            env[key] = value
        done = _run(step["run"], trust, env)
        assert done.returncode == 0, f"{step['name']}\n{done.stdout}\n{done.stderr}"
        ran.append((step["name"], done))
    names = [name for name, _ in ran]
    assert len(names) == 6, names
    assert env["LWS_TODAY"] == "2026-11-24"  # the commit's date, not the runner's
    check = dict(ran)["Check (annotates the changed lines)"]
    assert "lws check \x1b[1;32mpassed\x1b[0m" in check.stderr  # coloured: FORCE_COLOR
    text = summary.read_text()
    assert "# Local workforce strategy diagnostic (2026-11-24)" in text
    assert "Every child is known by a worker who stays" in text  # the PR's diff, as Markdown
    for output in ("leaflet.pdf", "board.docx", "full.html", "slides.pptx"):
        assert (trust / "build" / output).stat().st_size > 1000, output


def test_github_annotations_for_a_broken_file(trust: Path, ci_python: Path, tmp_path: Path) -> None:
    _run([str(ci_python / "python"), "-m", "pip", "install", "-q", "-r", "requirements-lws.txt"],
         trust, _ci_env(ci_python, tmp_path))  # fmt: skip
    broken = tmp_path / "broken"
    shutil.copytree(trust, broken)
    risks = broken / "strategy" / "risks.yaml"
    risks.write_text(risks.read_text(encoding="utf-8") + "risks: [1]\n", encoding="utf-8")
    (step,) = [s for s in _github_steps(broken) if str(s.get("name", "")).startswith("Check")]
    done = _run(
        step["run"].replace("$LWS_TODAY", "2026-11-24"), broken, _ci_env(ci_python, tmp_path)
    )
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=strategy/risks.yaml,line=")


def test_gitlab_ci_runs_as_written(trust: Path, ci_python: Path, tmp_path: Path) -> None:
    config = yaml.safe_load((trust / ".gitlab-ci.yml").read_text())
    before = config["default"]["before_script"]
    env = _ci_env(ci_python, tmp_path)
    for job in ("check", "build"):
        script = "set -eo pipefail\n" + "\n".join(before + config[job]["script"])
        done = _run(script, trust, env)
        assert done.returncode == 0, f"{job}\n{done.stdout}\n{done.stderr}"
    reports = config["check"]["artifacts"]["reports"]
    for name in reports["junit"]:
        xml = junitparser.JUnitXml.fromfile(str(trust / name))
        assert sum(1 for suite in xml for _ in suite) > 10, name
    quality = json.loads((trust / reports["codequality"]).read_text())
    assert isinstance(quality, list)
    assert all({"description", "fingerprint", "location"} <= set(issue) for issue in quality)


# -- pre-commit ---------------------------------------------------------------------------------


def _pre_commit(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": BASE_PATH,
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(home / "pre-commit"),
        "PIP_CACHE_DIR": str(Path.home() / ".cache" / "pip"),
        **{k: v for k, v in os.environ.items() if k.startswith(("PIP_", "LANG", "LC_"))},
    }
    return _run([sys.executable, "-m", "pre_commit", "run", "--all-files"], repo, env)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.fixture
def hook_home(tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "home"
    home.mkdir()
    yield home


def test_the_hook_lws_init_configures_needs_nothing_installed(
    trust: Path, hook_home: Path, tmp_path: Path
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(trust, repo)
    shutil.rmtree(repo / "build", ignore_errors=True)
    done = _pre_commit(repo, hook_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lws check" in done.stdout and "Passed" in done.stdout
    (environment,) = [p for p in (hook_home / "pre-commit").rglob("py_env-*") if p.is_dir()]
    size = _size(environment)
    print(f"pre-commit environment of lws init's hook: {size / 1e6:.1f} MB")
    assert size < HOOK_ENV_LIMIT, f"{size / 1e6:.1f} MB"
    assert not list(environment.rglob("matplotlib")) and not list(environment.rglob("pypandoc"))

    risks = repo / "strategy" / "risks.yaml"
    risks.write_text("risks: [1]\n", encoding="utf-8")
    done = _pre_commit(repo, hook_home)
    assert done.returncode == 1
    assert "strategy/risks.yaml:1:9: error: risks[0]: expected a mapping" in done.stdout


def test_this_repository_is_a_hook_repository(trust: Path, hook_home: Path, tmp_path: Path) -> None:
    """.pre-commit-hooks.yaml, installed by pre-commit from a local clone of lws."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout of lws")
    clone = tmp_path / "lws-clone"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    rev = subprocess.run(
        ["git", "-C", str(clone), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    repo = tmp_path / "repo"
    shutil.copytree(trust, repo)
    config = {"repos": [{"repo": str(clone), "rev": rev, "hooks": [{"id": "lws-check"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    done = _pre_commit(repo, hook_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "lws check" in done.stdout and "Passed" in done.stdout
    (environment,) = [p for p in (hook_home / "pre-commit").rglob("py_env-*") if p.is_dir()]
    size = _size(environment)
    print(f"pre-commit environment of this repository's hook: {size / 1e6:.1f} MB")
    assert size < HOOK_ENV_LIMIT, f"{size / 1e6:.1f} MB"


# -- light to check ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def light_python(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A fresh environment with lws's light core only (what ``pip install lws-strategy`` gives)."""
    where = tmp_path_factory.mktemp("light") / "venv"
    venv.EnvBuilder(with_pip=True).create(where)
    light, _ = requirement_forms(wheel.as_uri())
    env = _ci_env(where / "bin", where.parent)
    done = _run([str(where / "bin" / "python"), "-m", "pip", "install", "-q", light], where, env)
    assert done.returncode == 0, done.stderr
    return where / "bin"


def test_checking_and_diagnosing_need_no_publishing_tools(
    light_python: Path, trust: Path, tmp_path: Path
) -> None:
    env = _ci_env(light_python, tmp_path)
    heavy = "('matplotlib', 'pypandoc', 'typst', 'pypdf', 'jsonschema_rs')"  # Cerberus alone
    probe = f"import importlib.util as u; print([m for m in {heavy} if u.find_spec(m)])"
    assert _run([str(light_python / "python"), "-c", probe], tmp_path, env).stdout.strip() == "[]"
    for argv in (["check", "--today", "2026-11-24"], ["diagnose", "--format", "json"]):
        done = _run([str(light_python / "lws"), *argv], trust, env)
        assert done.returncode == 0, done.stderr
    done = _run([str(light_python / "lws"), "build"], trust, env)
    assert done.returncode == 2
    assert "lws build publishes the strategy" in done.stderr
    assert "pip install 'lws-strategy[publish]'" in done.stderr
    assert "Traceback" not in done.stderr
