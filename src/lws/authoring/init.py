"""``lws init``: a ready repository for a new trust, built from the schemas.

Every section file gets short commented guidance drawn from its schema (what the section is
for, which part, exercise and template of the guide help) and a skeleton that already passes
``lws check``; the diagnostic will rightly show it incomplete. The repository also gets a
noxfile, CI for GitHub Actions and GitLab, a pre-commit configuration and a README.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping
from typing import Any

from lws import __version__
from lws.authoring.init_ci import (
    DISTRIBUTION,
    REQUIREMENTS_FILE,
    RequirementError,
    ci_files,
    requirement_forms,
)
from lws.model.schema import GUIDE_ORDER, SchemaSet
from lws.model.versions import CURRENT, shown

__all__ = [  # the installation files are init_ci's; their names stay importable from here
    "CUSTOM",
    "DISTRIBUTION",
    "README",
    "REQUIREMENTS_FILE",
    "RequirementError",
    "ci_files",
    "requirement_forms",
    "skeleton",
]

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
# Who develops and who sponsors the strategy, and whom to contact about it: ids from
# people.yaml (a person or a group), once they are named there. For example:
# owner: developer
# sponsor: dcs
# contacts:
#   - person: developer
#     about: Getting involved in the strategy
review_date: {review}
""",
    "people": """organisations: []
# Name each person once; everywhere else refer to them by id. For example:
#   - id: developer
#     name: Sam Patel
#     role: Workforce strategy developer
#   - id: dcs
#     name: Director of Children's Services   # or the role, if the post holder changes
#     role: Sponsor
people: []
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
