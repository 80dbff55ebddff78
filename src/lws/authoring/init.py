"""``lws init``: a ready repository for a new trust, built from the schemas.

Every section file gets short commented guidance drawn from its schema (what the section is
for, which part, exercise and template of the guide help) and a skeleton that already passes
``lws check``; the diagnostic will rightly show it incomplete. The repository also gets a
noxfile, CI for GitHub Actions and GitLab, a pre-commit configuration and a README.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Mapping
from typing import Any

from lws import __version__
from lws.model.schema import GUIDE_ORDER, SchemaSet
from lws.model.versions import CURRENT, shown

CUSTOM: dict[str, str] = {
    "manifest": """schema_version: '{schema_version}'
trust:
  name: {trust}
title: {title}
period:
  start: {start}
  end: {end}
version: '0.1'
status: draft
owner: developer
sponsor: sponsor
contacts:
  - person: developer
    about: Getting involved in the strategy
review_date: {review}
""",
    "people": """organisations: []
people:
  # Name each person once; everywhere else refer to them by id.
  - id: developer
    name: To be named
    role: Workforce strategy developer
  - id: sponsor
    name: To be named
    role: Director of Children's Services (sponsor)
groups: []
""",
    "publication": """# Template 8: who reads the strategy, and the variant that meets their needs.
audiences:
  - id: staff
    name: Staff – frontline and support
    uses: To understand what the strategy means for them and how to get involved
    interests: [What will change for me, How to get involved]
    detail: headline
    formats: [pdf, html]
    variant: leaflet
  - id: board
    name: Children's trust board
    uses: To track progress, risks and decisions
    interests: [Progress, Risks, Decisions needed]
    detail: summary
    formats: [pdf, docx]
    variant: board
  - id: partners
    name: Partner organisations and the workforce development group
    uses: The full strategy and action plan
    interests: [Every section]
    detail: full
    formats: [pdf, docx, html]
    variant: full
  - id: workshop
    name: Workshop participants
    uses: To take part in the guide's workshops
    interests: [Vision, Themes, Priorities]
    detail: summary
    formats: [pptx]
    variant: slides
structure: []
brand:
  name: {trust}
  colours:
    primary: '#1d4f91'
    accent: '#e07a1f'
""",
    "diagnostic": """# Your own answer to each question (Q01–Q63; lws diagnose lists them):
#   - question: Q27
#     answer: 'yes'        # yes, partly, no or not_yet_considered
#     comment: Why
self_assessment: []
exemptions: []
# What must hold for lws check to pass, e.g.
# gate:
#   must_meet: [Q52, Q59]
#   minimum_score: 70
""",
    "glossary": """# The acronyms and terms of children's services the strategy uses. lws build
# spells out the first use of each acronym in every output; lws check warns when an
# acronym that is not here reaches the staff or families' leaflet. Remove the ones you do
# not use, add your own; spell_out: false for those every reader knows.
terms:
  - term: CAF
    meaning: Common Assessment Framework
  - term: CYPP
    meaning: Children and Young People's Plan
  - term: DCS
    meaning: Director of Children's Services
  - term: KPI
    meaning: key performance indicator
  - term: LSCB
    meaning: Local Safeguarding Children Board
  - term: RAG
    meaning: red, amber or green status
  - term: CPD
    meaning: continuing professional development
  - term: SEND
    meaning: special educational needs and disabilities
  - term: EHCP
    meaning: education, health and care plan
  - term: NQSW
    meaning: newly qualified social worker
  - term: ASYE
    meaning: Assessed and Supported Year in Employment
  - term: YOT
    meaning: youth offending team
  - term: NEET
    meaning: not in education, employment or training
  - term: VCS
    meaning: voluntary and community sector
  - term: JSNA
    meaning: Joint Strategic Needs Assessment
  - term: EYFS
    meaning: Early Years Foundation Stage
  - term: FTE
    meaning: full-time equivalent
  - term: NHS
    meaning: National Health Service
    spell_out: false
  - term: HR
    meaning: human resources
    spell_out: false
# The plain-words list (GOV.UK style: "utilise" → "use") is checked on plain-English
# audiences' variants. Accept a word with allow:, add your own with words:, or switch
# the list off with check: false.
plain_words:
  check: true
  allow: []
  words: []
""",
}

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


README = """# {trust}: children's workforce strategy

This repository holds the trust's workforce strategy as data, one file per section under
`strategy/`, following the guide *Building and implementing an effective local workforce
strategy*. It is checked and published with [lws](https://pypi.org/project/lws-strategy/).

* `lws check` — validate the files (also run by CI and by pre-commit);
* `lws diagnose` — the guide's diagnostic, answered from the data;
* `lws build` — the staff leaflet, board summary, full document and workshop slides in `build/`.

Start with `strategy/manifest.yaml` and `strategy/people.yaml`, then work through the
sections in the order of the guide. Each file begins with what it is for and which exercise
of the guide helps.
"""


#: Sections that an import writes (lws import --national), not an author: no skeleton.
IMPORTED = frozenset({"national"})


def skeleton(
    schemas: SchemaSet,
    trust: str,
    today: dt.date,
    requirement: str = f"{DISTRIBUTION}=={__version__}",
) -> dict[str, str]:
    """Every file of a new trust repository, by path, as text; CI installs ``requirement``."""
    start = dt.date(today.year if today.month < 4 else today.year + 1, 4, 1)
    values = {
        "schema_version": shown(CURRENT),
        "trust": _yaml_text(trust),
        "title": _yaml_text(f"Children's Workforce Strategy {start.year}–{start.year + 3}"),
        "start": start.isoformat(),
        "end": dt.date(start.year + 3, 3, 31).isoformat(),
        "review": dt.date(start.year + 1, 3, 31).isoformat(),
    }
    files = {}
    for name in [*GUIDE_ORDER, *sorted(set(schemas) - set(GUIDE_ORDER))]:
        if name not in schemas or name in IMPORTED:
            continue
        section = schemas[name]
        if name not in CUSTOM and not any(r.get("type") == "list" for r in section.fields.values()):
            continue  # an optional file with no list to start (foreword.yaml): added when wanted
        body = CUSTOM[name].format(**values) if name in CUSTOM else _generic(section.fields)
        header = _header(name, section.meta)
        files[f"strategy/{name}.yaml"] = header + body
    files.update(ci_files(requirement))
    files[".gitignore"] = "build/\n.nox/\n"
    files["README.md"] = README.format(trust=trust)
    return files


def _header(name: str, meta: Mapping[str, Any]) -> str:
    lines = [f"yaml-language-server: $schema=../schema/json/{name}.json", ""]
    lines.append(f"{meta.get('title', name)} — {meta.get('stage', '')}".strip(" —"))
    lines += textwrap.wrap(str(meta.get("description", "")), 86)
    lines.append("Field reference: docs/reference.md in lws, or lws schema --reference.")
    return "".join(f"# {line}".rstrip() + "\n" for line in lines) + "\n"


def _generic(fields: Mapping[str, Any]) -> str:
    out = []
    for key, rules in fields.items():
        description = str((rules.get("meta") or {}).get("description", "")).strip()
        for line in textwrap.wrap(description, 86):
            out.append(f"# {line}")
        if rules.get("type") == "list":
            out.append(f"{key}: []")
        else:
            out.append(f"# {key}:")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _yaml_text(text: str) -> str:
    """``text`` as a single-quoted YAML scalar (safe whatever it contains)."""
    return "'" + " ".join(text.split()).replace("'", "''") + "'"
