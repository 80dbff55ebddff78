"""What ``lws init`` writes to install and run lws: noxfile, CI for GitHub Actions and
GitLab, pre-commit, the requirements file and the editor settings (:func:`ci_files`), and
the forms of ``--lws-requirement`` they install lws with (:func:`requirement_forms`).

:mod:`lws.authoring.init` writes the strategy's own files and calls :func:`ci_files`.
"""

from __future__ import annotations

import json

DISTRIBUTION = "lws-strategy"  # lws's name on PyPI (the name lws is another project's)
REQUIREMENTS_FILE = "requirements-lws.txt"

NOXFILE = '''"""Sessions for this trust's strategy: check and build.

Both install lws as requirements-lws.txt pins it (lws init --lws-requirement chose it).
"""

import subprocess

import nox

nox.options.sessions = ["check"]


def commit_day() -> list[str]:
    """--today at the last commit's date, so an unchanged strategy is judged the same later."""
    done = subprocess.run(
        ["git", "log", "-1", "--format=%cs"], capture_output=True, text=True, check=False
    )
    return ["--today", done.stdout.strip()] if done.stdout.strip() else []


@nox.session
def check(session: nox.Session) -> None:
    """Validate the strategy and apply the diagnostic gate."""
    session.install("-r", "requirements-lws.txt")
    session.run("lws", "check", *commit_day(), *session.posargs)


@nox.session
def build(session: nox.Session) -> None:
    """Publish every variant into build/."""
    session.install("-r", "requirements-lws.txt")
    session.run("lws", "build", *commit_day(), *session.posargs)
'''

GITHUB = """name: strategy
on:
  push:
  pull_request:
permissions:
  contents: read
  pull-requests: write  # the comment saying what changed
jobs:
  check:
    runs-on: ubuntu-latest
    env:
      FORCE_COLOR: "1"
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install lws (as requirements-lws.txt pins it)
        run: python -m pip install -r requirements-lws.txt
      - name: Judge at the commit's date (an unchanged strategy stays green)
        run: echo "LWS_TODAY=$(git log -1 --format=%cs)" >> "$GITHUB_ENV"
      - name: Check (annotates the changed lines)
        run: lws check --format github --today "$LWS_TODAY"
      - name: Diagnostic as the job summary
        if: always()
        run: lws diagnose --format markdown --today "$LWS_TODAY" >> "$GITHUB_STEP_SUMMARY"
      - name: What changed, for the pull request
        if: github.event_name == 'pull_request'
        run: |
          lws diff "origin/$GITHUB_BASE_REF" HEAD --format markdown --today "$LWS_TODAY" \\
            --output diff.md
          cat diff.md >> "$GITHUB_STEP_SUMMARY"
      - name: Comment on the pull request
        if: github.event_name == 'pull_request'
        env:
          GH_TOKEN: ${{ github.token }}
          PR: ${{ github.event.pull_request.number }}
        run: |
          gh pr comment "$PR" --edit-last --body-file diff.md ||
            gh pr comment "$PR" --body-file diff.md
      - name: Build the outputs
        run: lws build --today "$LWS_TODAY"
      - uses: actions/upload-artifact@v4
        with:
          name: strategy
          path: build/*.*
"""

GITLAB = """stages: [check, build]

variables:
  GIT_DEPTH: "0"  # the whole history: lws judges at the commit's date
  FORCE_COLOR: "1"

default:
  image: python:3.11
  before_script:
    - python -m pip install -r requirements-lws.txt
    - export LWS_TODAY="$(git log -1 --format=%cs)"

check:
  stage: check
  script:
    - lws diagnose --format junit --output diagnostic.xml --today "$LWS_TODAY"
    - lws check --quiet --format junit --output lws-check.xml --today "$LWS_TODAY" || true
    - lws check --quiet --format gitlab --output gl-code-quality.json --today "$LWS_TODAY" || true
    - lws check --today "$LWS_TODAY"
  artifacts:
    when: always
    reports:
      junit: [diagnostic.xml, lws-check.xml]
      codequality: gl-code-quality.json

build:
  stage: build
  script:
    - lws build --today "$LWS_TODAY"
  artifacts:
    paths:
      - build/*.*
"""

PRE_COMMIT = """# lws check before each commit, in an environment pre-commit makes for it: only
# the light core of lws (no Pandoc, Typst or matplotlib); nothing need be installed first.
repos:
  - repo: local
    hooks:
      - id: lws-check
        name: lws check
        entry: lws check --quiet
        language: python
        additional_dependencies: [{requirement}]
        pass_filenames: false
        files: ^(strategy|schema|criteria|templates)/
"""

REQUIREMENTS = """# How CI and the noxfile install lws: a published version, or a git URL of lws
# (lws-strategy[publish] @ git+https://…@TAG). lws init --lws-requirement wrote this line;
# .pre-commit-config.yaml names the same version without [publish].
{requirement}
"""

VSCODE_SETTINGS = """{
  "yaml.yamlVersion": "1.1",
  "yaml.validate": true,
  "yaml.completion": true,
  "files.associations": {"*.yaml": "yaml"},
  "[yaml]": {"editor.insertSpaces": true, "editor.tabSize": 2}
}
"""

VSCODE_EXTENSIONS = """{
  "recommendations": ["redhat.vscode-yaml"]
}
"""


class RequirementError(ValueError):
    """``--lws-requirement`` names neither lws-strategy nor a URL of it."""


def requirement_forms(requirement: str) -> tuple[str, str]:
    """The light and the publishing form of a requirement for lws.

    ``lws-strategy==0.1.0`` gives ``("lws-strategy==0.1.0", "lws-strategy[publish]==0.1.0")``;
    a URL (``git+https://…@v0.1.0``, ``file:///…/lws_strategy-0.1.0-py3-none-any.whl``)
    gives the ``lws-strategy @ URL`` forms.
    """
    text = requirement.strip()
    if not text or any(c in text for c in ("\n", "\r", '"', "'", "#", ";")):
        raise RequirementError(f"not a requirement: {requirement!r}")
    name = DISTRIBUTION
    lowered = text.lower().replace("_", "-")
    if lowered.startswith(name) and (len(text) == len(name) or text[len(name)] in " [=<>!~@"):
        rest = text[len(name) :].lstrip()
        if rest.startswith("[") and "]" in rest:  # extras given: ours replace them
            rest = rest[rest.index("]") + 1 :].lstrip()
        joiner = " " if rest.startswith("@") else ""
        return f"{name}{joiner}{rest}", f"{name}[publish]{joiner}{rest}"
    if "://" in text or text.startswith("git+"):
        return f"{name} @ {text}", f"{name}[publish] @ {text}"
    raise RequirementError(
        f"{requirement!r} is not a requirement for lws: give {name}==VERSION, a git URL "
        f"(git+https://…/lws.git@TAG) or a file:// URL of a wheel built from lws"
    )


def ci_files(requirement: str) -> dict[str, str]:
    """The files that install and run lws: noxfile, GitHub and GitLab CI, pre-commit, and
    the editor settings."""
    light, publishing = requirement_forms(requirement)
    return {
        REQUIREMENTS_FILE: REQUIREMENTS.format(requirement=publishing),
        "noxfile.py": NOXFILE,
        ".github/workflows/strategy.yml": GITHUB,
        ".gitlab-ci.yml": GITLAB,
        ".pre-commit-config.yaml": PRE_COMMIT.format(requirement=json.dumps(light)),
        ".vscode/settings.json": VSCODE_SETTINGS,
        ".vscode/extensions.json": VSCODE_EXTENSIONS,
    }
