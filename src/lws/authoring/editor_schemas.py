"""Whether the editor JSON Schemas in ``schema/json/`` still match the schemas in force.

``lws schema --json-schema`` writes them from the schemas in force: lws's own, each replaced
by the trust's ``schema/<section>.yaml`` where it has one. A trust that overrides a schema
(or upgrades lws) and does not write them again leaves the editor checking against the old
rules: a new required key is not asked for, a new allowed value is underlined as wrong.
:func:`stale_editor_schemas` is the ``lws check`` warning for that, located at each stale
file and naming the command that writes it again.

What the files should hold is a pure function of the schema files and of lws itself, so
its digests are kept in the user's private cache (:func:`lws.core.cache.private_cache`),
keyed by those inputs: an unchanged repository costs a hash of a few dozen small files,
not the 30–40 ms of translating every schema.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from pathlib import Path

from lws import __version__
from lws.authoring import jsonschema
from lws.core import dates, quantities
from lws.core.atomic import write_atomically
from lws.core.cache import private_cache
from lws.core.diagnostics import Diagnostic, Severity
from lws.core.resources import Resources
from lws.diagnose.diagnostic import Report
from lws.model.project import Strategy
from lws.model.schema import SchemaSet

REGENERATE = "lws schema --json-schema"
#: The modules whose code decides the JSON Schemas' bytes (with the schema files and lws's
#: version): a change to any of them during development must not reuse a cached answer.
_GENERATORS = (jsonschema.__file__, dates.__file__, quantities.__file__)


def editor_schema_check(strategy: Strategy, report: Report, today: dt.date) -> list[Diagnostic]:
    """:func:`stale_editor_schemas` as one of ``lws check``'s later checks."""
    del report, today  # the same answer on any day
    return stale_editor_schemas(strategy.root, strategy.schemas)


def stale_editor_schemas(root: Path, schemas: SchemaSet) -> list[Diagnostic]:
    """A warning for each ``schema/json/<section>.json`` that differs from what the schemas
    in force make, or is missing; nothing when the project has no ``schema/json/``."""
    directory = root / jsonschema.JSON_DIR
    if not directory.is_dir():
        return []
    expected = _expected_digests(root, schemas)
    overrides = _overrides(root)
    found = []
    for name, digest in expected.items():
        path = directory / f"{name}.json"
        display = path.relative_to(root).as_posix()
        editing = f"strategy/{name}.yaml"
        try:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
        except FileNotFoundError:
            found.append(_warning(display, f"is missing, so an editor cannot check {editing}"))
            continue
        except OSError as exc:
            problem = f"cannot be read ({exc.strerror}), so an editor cannot check {editing}"
            found.append(_warning(display, problem))
            continue
        if actual != digest:
            made = (
                f"other schemas than those in force ({', '.join(overrides)})"
                if overrides
                else "other schemas than this lws's"
            )
            found.append(
                _warning(
                    display,
                    f"is out of date: it was made from {made}, so an editor checks "
                    f"{editing} against rules lws check does not apply",
                )
            )
    return found


def _warning(display: str, problem: str) -> Diagnostic:
    return Diagnostic(
        display,
        1,
        1,
        Severity.WARNING,
        (),
        f"the editor schema {display} {problem}",
        f"run {REGENERATE} to write schema/json/ again, and commit it",
    )


def _overrides(root: Path) -> list[str]:
    """The trust's own schema files, as messages name them (lws's own copies excluded)."""
    found = Resources(root)
    own = found.own("schema")
    return sorted(
        found.display("schema", path)
        for path in (sorted(own.glob("*.yaml")) if own.is_dir() else [])
        if not found.is_packaged("schema", path)
    )


def _expected_digests(root: Path, schemas: SchemaSet) -> dict[str, str]:
    """SHA-256 of each section's JSON Schema as ``lws schema --json-schema`` writes it."""
    folder = private_cache(f"editor-schemas-{__version__}")
    key = _inputs_key(root)
    kept = folder / f"{key}.json" if folder is not None and key else None
    if kept is not None:
        try:
            data = json.loads(kept.read_text(encoding="utf-8"))
            if isinstance(data, dict) and set(data) == set(schemas):
                return {str(name): str(digest) for name, digest in data.items()}
        except (OSError, ValueError):
            pass
    digests = {
        name: hashlib.sha256(jsonschema.dumps(schema).encode("utf-8")).hexdigest()
        for name, schema in jsonschema.all_json_schemas(schemas).items()
    }
    if kept is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            write_atomically(kept, json.dumps(digests, sort_keys=True).encode())
    return digests


def _inputs_key(root: Path) -> str | None:
    """A hash of everything the JSON Schemas are made from; None if a file cannot be read."""
    hasher = hashlib.sha256(__version__.encode())
    try:
        for name, path in sorted(Resources(root).files("schema", "*.yaml").items()):
            hasher.update(f"\0{name}\0".encode())
            hasher.update(path.read_bytes())
        for generator in _GENERATORS:
            hasher.update(b"\0")
            hasher.update(Path(generator).read_bytes())
    except OSError:
        return None
    return hasher.hexdigest()[:32]
