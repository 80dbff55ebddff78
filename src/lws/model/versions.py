"""The version of the data model a strategy is written for, and what changed between versions.

A strategy names its model in ``manifest.yaml`` as ``schema_version: '0.3'``. A strategy with no
``schema_version`` predates it and is read as 0.1. lws accepts every version up to its own:
a strategy written for an older model gets a warning listing what changed since (``lws
upgrade`` rewrites it); one written for a newer model than this lws knows is an error, since
lws cannot tell what its fields mean.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from lws.core.diagnostics import Diagnostic, Severity
from lws.model.load import Document

#: The model this lws reads and writes.
CURRENT = (0, 3)
#: The version of a strategy that does not say.
UNVERSIONED = (0, 1)

#: What each version changed, for the message on an older strategy. Every change from 0.1 to
#: 0.2 relaxes the model, so a 0.1 strategy still passes unchanged; so does
#: every change to 0.3 (new optional files; structure gains entries).
CHANGES: Mapping[tuple[int, int], tuple[str, ...]] = {
    (0, 2): (
        "manifest.yaml gains schema_version",
        "glossary.yaml (optional): acronyms with their meanings, and plain-words choices",
        "publication.yaml audiences gain plain_english and reading_ease",
        "diagnostic.yaml gate gains plain_english",
        "a date may be a month, season, quarter, year, financial year, period of years or TBC",
        "a figure (KPI and workforce values, costs, budget) may be written as words in quotes "
        "('£950,400', '80:20', '~700', 'not available')",
        "optional: manifest version, owner, sponsor and review_date; theme descriptions; risk "
        "probability, impact, owner and next_review; KPI dates; priority importance and "
        "workforce implications; alignment workforce implications",
        "owners (actions, risks, manifest) may be groups and organisations as well as people",
        "priority source, reporting frequency and manifest status take your own words besides "
        "the guide's (status adds superseded and archived)",
        "manifest.yaml gains local_authority (new_la_code or la_name), naming the authority "
        "whose national statistics lws import --national reads",
        "national.yaml (optional): the Department for Education's children's social work "
        "workforce statistics for the authority, its region and England, each reporting year",
        "measures.yaml KPIs gain readings (date, value, source; the newest is the latest) and "
        "national (a national indicator whose yearly figures are the KPI's readings)",
    ),
    (0, 3): (
        "publication.yaml gains history: which variants show how the strategy has moved",
        "foreword.yaml (optional): a foreword with its signatory (name, role, signature image)",
        "quotes.yaml (optional): quotes from staff, children, young people and partners, "
        "attributed by role",
        "own_sections.yaml (optional): the trust's own sections and appendices, in Markdown",
        "publication.yaml structure now decides the full document's parts and their order "
        "(it may name cover, contents, foreword, summary, quotes, appendices and your own "
        "sections; what it leaves out is left out; lws upgrade lists what earlier versions "
        "printed, so an older document stays as it was)",
        "the full document prints governance (people.yaml groups and organisations): name "
        "governance in structure to place it",
    ),
}

_VERSION = re.compile(r"^(\d+)\.(\d+)$")


def shown(version: tuple[int, int]) -> str:
    """``(0, 2)`` as authors write it: ``0.2``."""
    return f"{version[0]}.{version[1]}"


def declared_version(manifest: Document | None) -> tuple[int, int] | None:
    """The version a manifest declares (0.1 if it says none), or None if it is unreadable."""
    data = manifest.data if manifest is not None else None
    if not isinstance(data, dict) or "schema_version" not in data:
        return UNVERSIONED
    match = _VERSION.match(str(data["schema_version"]))
    return (int(match[1]), int(match[2])) if match else None


def version_problems(manifest: Document | None) -> list[Diagnostic]:
    """A newer-than-known or malformed ``schema_version`` (error), an older one (warning)."""
    if manifest is None or not isinstance(manifest.data, dict):
        return []
    path = ("schema_version",)
    version = declared_version(manifest)
    mark = manifest.position(path) if "schema_version" in manifest.data else manifest.position(())
    at = (manifest.file, mark.line, mark.col)
    if version is None:
        raw = manifest.plain.get(path, str(manifest.data["schema_version"]))
        return [
            Diagnostic(
                *at,
                Severity.ERROR,
                path,
                f"'{raw}' is not a schema version",
                f"write the version lws gave you, in quotes: schema_version: '{shown(CURRENT)}'",
            )
        ]
    if version > CURRENT:
        return [
            Diagnostic(
                *at,
                Severity.ERROR,
                path,
                f"this strategy is written for data model {shown(version)}, newer than this "
                f"lws knows ({shown(CURRENT)})",
                "upgrade lws (pip install --upgrade lws-strategy) to read it",
            )
        ]
    if version < CURRENT:
        changes = [c for v, items in CHANGES.items() if v > version for c in items]
        return [
            Diagnostic(
                *at,
                Severity.WARNING,
                path,
                f"this strategy is written for data model {shown(version)}; lws reads "
                f"{shown(CURRENT)}, which changed: " + "; ".join(changes),
                "it still passes as it is; run lws upgrade to bring it up to date (it sets "
                f"schema_version: '{shown(CURRENT)}' and keeps the rest as written)",
            )
        ]
    return []
