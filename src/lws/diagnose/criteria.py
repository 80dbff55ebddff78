"""The diagnostic's criteria: the guide's questions as data, checked before they are used.

Loaded from ``criteria/diagnostic.yaml`` (the trust's own copy, else lws's) and the trust's
``criteria/local.yaml``; see :mod:`lws.diagnose.diagnostic` for how they are evaluated.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lws import __version__
from lws.core.atomic import write_atomically
from lws.core.cache import private_cache
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.resources import Resources
from lws.diagnose import grammar
from lws.diagnose.evidence import Location
from lws.diagnose.grammar import check_problems, flatten_errors
from lws.model import schema
from lws.model.load import Document, load_file
from lws.model.packaged import load_packaged
from lws.model.schema import StrategyValidator

_CRITERION = {
    "id": {"type": "string", "required": True, "regex": "^[A-Za-z][A-Za-z0-9_.-]*$"},
    "question": {"type": "string", "required": True, "empty": False},
    "modules": {"type": "list", "required": True, "minlength": 1, "schema": {"type": "integer"}},
    "exercise": {"type": "string"},
    "rollup": {"type": "list", "schema": {"type": "string"}, "excludes": "evidence"},
    "evidence": {"type": "dict", "excludes": "rollup"},
    "fix": {"type": "string"},
    "help": {"type": "string"},
}


_HINT = "see 'Writing your own criteria' in lws's README for what each check takes"
_CRITERIA_FILE = {
    "criteria": {"type": "list", "required": True, "schema": {"type": "dict", "schema": _CRITERION}}
}


@dataclass(frozen=True)
class Criterion:
    """One diagnostic question and how its evidence is checked."""

    id: str
    question: str
    modules: tuple[int, ...]
    exercise: str | None = None
    evidence: Mapping[str, Any] | None = None
    rollup: tuple[str, ...] = ()
    fix: str = ""
    help: str = ""
    source: Location = field(default_factory=lambda: Location("criteria/diagnostic.yaml", 1))

    @property
    def headline(self) -> bool:
        return bool(self.rollup)

    @property
    def fix_file(self) -> str:
        """The strategy file the fix names first (for SARIF and annotations)."""
        found = re.search(r"strategy/[\w.-]+\.yaml", self.fix)
        return found.group(0) if found else "strategy/diagnostic.yaml"


def load_criteria(project: Path) -> list[Criterion]:
    """The packaged criteria (or the trust's replacement), plus the trust's local ones."""
    found = Resources(project)
    main = found.find("criteria", "diagnostic.yaml")
    criteria = _criteria_from(main or found.packaged("criteria") / "diagnostic.yaml", found)
    local = found.own("criteria") / "local.yaml"
    if local.is_file():
        criteria += _criteria_from(local, found)
    _check_criteria(criteria)
    return criteria


#: lws's own criteria, checked once per process (by their bytes): ``lws watch`` and ``serve``
#: and the fuzzing session load them for every run.
_PACKAGED: dict[str, tuple[Criterion, ...]] = {}
#: The code that decides whether a criteria file is valid. lws's own file is checked once per
#: version of it and of this code, and the verdict kept in the user's private cache: checking
#: it took 40 ms of every ``lws check`` (a seventh of the command).
_RULES = (__file__, grammar.__file__, schema.__file__)


def _criteria_from(path: Path, found: Resources) -> list[Criterion]:
    display = found.display("criteria", path)
    if path.resolve() != (found.packaged("criteria") / path.name).resolve():
        return _checked(load_file(path, path.parent, display))
    try:
        key = hashlib.sha256(display.encode() + b"\0" + path.read_bytes()).hexdigest()
    except OSError:
        return _checked(load_packaged(path, display))  # which says what is wrong
    if key not in _PACKAGED:
        _PACKAGED[key] = tuple(_checked(load_packaged(path, display), _verdict(key)))
    return list(_PACKAGED[key])


def _verdict(key: str) -> Path | None:
    """Where the verdict "valid" on lws's own criteria file ``key`` is kept (None: keep none)."""
    folder = private_cache(f"criteria-{__version__}")
    if folder is None:
        return None
    hasher = hashlib.sha256(key.encode())
    try:
        for rules in _RULES:
            hasher.update(b"\0" + Path(rules).read_bytes())
    except OSError:
        return None
    return folder / f"{hasher.hexdigest()[:32]}.valid"


def _checked(doc: Document, verdict: Path | None = None) -> list[Criterion]:
    """The criteria of a loaded criteria file, or its located problems. A file found valid
    before (its ``verdict`` is kept) is not checked again."""
    if verdict is not None and verdict.is_file() and isinstance(doc.data, dict):
        return _criteria(doc)
    _validate(doc)
    if verdict is not None:
        with contextlib.suppress(OSError):  # a verdict that cannot be kept only costs time
            write_atomically(verdict, b"")
    return _criteria(doc)


def _validate(doc: Document) -> None:
    """Raise the located problems of a loaded criteria file, if it has any."""
    validator = StrategyValidator(_CRITERIA_FILE)
    if not isinstance(doc.data, dict):
        raise LwsError([problem_at(doc, (), "criteria file is not valid: not a mapping", _HINT)])
    if not validator.validate(doc.data):
        raise LwsError(
            [
                problem_at(doc, where, f"criteria file is not valid: {message}", _HINT)
                for where, message in flatten_errors(validator.errors)
            ]
        )
    problems = [
        problem_at(doc, ("criteria", index, "evidence", *where), f"{raw['id']}: {message}", _HINT)
        for index, raw in enumerate(doc.data["criteria"])
        if raw.get("evidence") is not None
        for where, message in check_problems(raw["evidence"])
    ]
    if problems:
        raise LwsError(problems)


def _criteria(doc: Document) -> list[Criterion]:
    """The criteria of a valid criteria file."""
    assert isinstance(doc.data, dict)
    out = []
    for index, raw in enumerate(doc.data["criteria"]):
        mark = doc.position(("criteria", index))
        out.append(
            Criterion(
                id=raw["id"],
                question=raw["question"],
                modules=tuple(raw["modules"]),
                exercise=raw.get("exercise"),
                evidence=raw.get("evidence"),
                rollup=tuple(raw.get("rollup", ())),
                fix=raw.get("fix", ""),
                help=raw.get("help", ""),
                source=Location(doc.file, mark.line, mark.col),
            )
        )
    return out


def _check_criteria(criteria: Sequence[Criterion]) -> None:
    ids = [c.id for c in criteria]
    problems = []
    for criterion in criteria:
        where = criterion.source
        if ids.count(criterion.id) > 1:
            problems.append(f"duplicate criterion id {criterion.id}")
        if not criterion.rollup and not criterion.evidence:
            problems.append(f"{criterion.id} has neither evidence nor rollup")
        problems += [
            f"{criterion.id} rolls up unknown {c}" for c in criterion.rollup if c not in ids
        ]
        if problems:
            raise LwsError(
                [Diagnostic(where.file, where.line, where.col, Severity.ERROR, (), problems[0], "")]
            )


def problem_at(
    doc: Document, path: tuple[str | int, ...], message: str, hint: str = ""
) -> Diagnostic:
    mark = doc.position(path)
    return Diagnostic(doc.file, mark.line, mark.col, Severity.ERROR, path, message, hint)
