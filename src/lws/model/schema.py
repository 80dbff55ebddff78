"""The section schemas: data files in ``schema/``, turned into Cerberus validators.

Each ``schema/NAME.yaml`` governs ``strategy/NAME.yaml``. It has a ``meta`` mapping (title,
stage of the guide, description, whether the section is required) and a ``fields``
mapping, which is a Cerberus schema with three additions:

* ``use: RULESET`` merges a shared rule set from ``schema/_rules.yaml`` under the field's
  own rules (so every field still carries its own ``meta.description``);
* ``defines: KIND`` marks an id field; ``refers: KIND`` a field naming such an id. Cerberus
  accepts them; :mod:`lws.model.references` checks them across the whole strategy;
* the type ``quantity``: a figure as written (``42``, ``'£950,400'``, ``'80:20'``,
  ``'~700'``, ``'not available'``…: :mod:`lws.core.quantities`);
* the type ``statistic``: an official statistic as published, a number or one of the
  release's symbols (``c``, ``x``, ``z``, ``low``, ``u``, ``:``: :mod:`lws.core.statistics`);
* the type ``date``: a day ``YYYY-MM-DD`` or a partial date as strategies write it (a
  month, a year, a period of years, TBC…: :mod:`lws.core.dates`).

A trust overrides any packaged schema by putting a file of the same name in its own
``schema/`` directory.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import cerberus
import cerberus.schema

from lws import __version__
from lws.core import patterns
from lws.core.dates import judged_day, parse_partial_date
from lws.core.diagnostics import DataPath, Diagnostic, Severity
from lws.core.errors import Location, LwsError
from lws.core.patterns import PatternError, compile_pattern, full_match
from lws.core.quantities import parse_quantity
from lws.core.resources import Resources
from lws.core.statistics import is_statistic
from lws.model.load import Document, Mark, load_file
from lws.model.packaged import keep_json, kept_json, load_packaged, parsed_cache

#: The sections in the order of the guide; any others follow, sorted.
GUIDE_ORDER = (
    "manifest", "people", "scope", "priorities", "impact_mapping", "lessons", "baseline",
    "national", "vision", "innovation", "prioritisation", "actions", "measures", "impact_models",
    "alignment", "communications", "implementation", "sustaining", "risks", "impact",
    "engagement", "publication", "diagnostic",
)  # fmt: skip
RULES_FILE = "_rules.yaml"


class StrategyValidator(cerberus.Validator):  # type: ignore[misc]
    """Cerberus with the ``date`` type and the ``defines``/``refers`` markers."""

    # Cerberus' own ``date`` type admits datetimes, and its numbers admit true/false
    # (``probability: yes`` would read as 1): lws's definitions replace them.
    types_mapping: ClassVar[dict[str, Any]] = {
        **{k: v for k, v in cerberus.Validator.types_mapping.items() if k != "date"},
        "integer": cerberus.TypeDefinition("integer", (int,), (bool,)),
        "number": cerberus.TypeDefinition("number", (int, float), (bool,)),
        "float": cerberus.TypeDefinition("float", (float,), ()),
    }

    def _validate_type_date(self, value: Any) -> bool:
        return is_date(value)

    def _validate_regex(self, pattern: str, field: str, value: Any) -> None:
        """The value matches all of the pattern, in linear time (:mod:`lws.core.patterns`).

        The rule's arguments are validated against this schema:
        {'type': 'string'}
        """
        if isinstance(value, str) and not full_match(pattern, value):
            self._error(field, cerberus.errors.REGEX_MISMATCH)

    def _validate_type_quantity(self, value: Any) -> bool:
        return parse_quantity(value) is not None

    def _validate_type_statistic(self, value: Any) -> bool:
        return is_statistic(value)

    def _validate_defines(self, constraint: str, field: str, value: Any) -> None:
        """Marks an id field; checked by lws.model.references.

        The rule's arguments are validated against this schema:
        {'type': 'string'}
        """

    def _validate_vocabulary(self, constraint: list[str], field: str, value: Any) -> None:
        """The guide's words for an open list: recognised values, never the only ones
        (lws.model.validate warns of a near miss such as 'quartely').

        The rule's arguments are validated against this schema:
        {'type': 'list', 'schema': {'type': 'string'}}
        """

    def _validate_refers(self, constraint: str, field: str, value: Any) -> None:
        """Marks a reference to an id; checked by lws.model.references.

        The rule's arguments are validated against this schema:
        {'type': 'string'}
        """


def is_date(value: Any) -> bool:
    """True for a date as strategies write it: a day (``date`` or ``YYYY-MM-DD``), a month,
    season, quarter, year, financial year, period of years, or TBC (:mod:`lws.core.dates`)."""
    return parse_partial_date(value) is not None


def parse_date(value: Any) -> dt.date | None:
    """The day ``value`` is judged by: the day itself, or the last day a month, year or period
    can mean (the conservative end); None for no date or an unknown one (TBC)."""
    return judged_day(value)


@dataclass(frozen=True)
class SectionSchema:
    """The schema of one section: its name, meta and expanded Cerberus field rules."""

    name: str
    file: str
    meta: Mapping[str, Any]
    fields: Mapping[str, Any]
    validator: StrategyValidator
    #: What was worked out from the same schema before (``translated``, ``marked``: JSON data
    #: kept between runs for lws's own schemas), so it is not worked out again.
    known: Mapping[str, Any] = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.name))

    @property
    def required(self) -> bool:
        return bool(self.meta.get("required", False))

    @functools.cached_property
    def marked(self) -> dict[str, Any] | None:
        """The section's rules cut down to those that lead to an id or a reference
        (``defines``/``refers``), or None when the section has neither: the walk of
        :mod:`lws.model.references` need not look at anything else."""
        if "marked" in self.known:
            return self.known["marked"]  # type: ignore[no-any-return]
        return marked_rules({"type": "dict", "schema": dict(self.fields)})

    @functools.cached_property
    def translated(self) -> dict[str, Any] | None:
        """The rules as the fast path's JSON Schema (:func:`lws.model.fast_schema.translate`)."""
        if "translated" in self.known:
            return self.known["translated"]  # type: ignore[no-any-return]
        from lws.model.fast_schema import translate

        return translate(self.fields)

    @functools.cached_property
    def fast(self) -> Any | None:
        """The rules compiled for the fast first answer (:mod:`lws.model.fast_schema`), or
        None where the schema uses a rule that only Cerberus checks."""
        from lws.model.fast_schema import compile_translated

        return compile_translated(self.translated)


@dataclass(frozen=True)
class SchemaSet:
    """Every section schema in force for a project, by section name."""

    sections: Mapping[str, SectionSchema]

    def __getitem__(self, name: str) -> SectionSchema:
        return self.sections[name]

    def __contains__(self, name: object) -> bool:
        return name in self.sections

    def __iter__(self) -> Iterator[str]:
        return iter(self.sections)


def load_schemas(project: Path) -> SchemaSet:
    """The packaged schemas, each replaced by the project's own copy where it has one."""
    found = Resources(project)
    sources = found.files("schema", "*.yaml")
    rules_path = sources.pop(RULES_FILE.removesuffix(".yaml"), None)
    if rules_path is None:
        raise LwsError([_schema_problem("schema/_rules.yaml", "shared rule sets are missing")])
    cache = parsed_cache()
    packaged_rules = found.is_packaged("schema", rules_path)
    kept = _KeptSections.of(rules_path, cache) if packaged_rules else None
    rules: dict[str, Any] | None = None  # read only for a section that is not kept
    sections = {}
    for name, path in sources.items():
        own = found.is_packaged("schema", path)
        display = found.display("schema", path)
        section = kept.section(name, path, display) if kept and own else None
        if section is None:
            if rules is None:
                rules = _rules(rules_path, found, cache, packaged=packaged_rules)
            doc = _load(path, found, cache, packaged=own)
            where = functools.partial(_position, path, found, cache) if own else None
            section = _section(name, doc, rules, packaged=packaged_rules and own, where=where)
            if kept and own:
                kept.keep(path, display, section)
        sections[name] = section
    return SchemaSet(sections)


def _rules(path: Path, found: Resources, cache: Path | None, *, packaged: bool) -> dict[str, Any]:
    """The shared rule sets of ``schema/_rules.yaml``."""
    rules = _load(path, found, cache, packaged=packaged)  # its data only
    if not isinstance(rules.data, dict):
        raise LwsError([_schema_problem(rules.file, "must be a mapping of rule-set names")])
    return rules.data


@functools.cache
def _code_digest() -> bytes:
    """A digest of the code that makes a section schema from its files (this module, the
    fast path's translation, the pattern check), read once per process."""
    hasher = hashlib.sha256(__version__.encode())
    here = Path(__file__)
    for source in (here, here.with_name("fast_schema.py"), Path(patterns.__file__)):
        hasher.update(b"\0" + source.read_bytes())
    return hasher.digest()


@dataclass(frozen=True)
class _KeptSections:
    """lws's own section schemas, worked out once (rules expanded, patterns checked, the fast
    path's JSON Schema and the marked rules) and kept between runs in the parsed-file cache,
    by the bytes of the section's file, of the shared rules and of the code that works them
    out. Only a section whose file and shared rules are both lws's own is kept."""

    folder: Path
    rules: bytes  # the digest of the shared rules' bytes and the code

    @classmethod
    def of(cls, rules_path: Path, cache: Path | None) -> _KeptSections | None:
        if cache is None:
            return None
        try:
            return cls(cache, hashlib.sha256(_code_digest() + rules_path.read_bytes()).digest())
        except OSError:
            return None

    def _name(self, display: str, path: Path) -> str:
        raw = path.read_bytes()
        key = hashlib.sha256(self.rules + display.encode() + b"\0" + raw).hexdigest()[:32]
        return f"section-{key}.json"

    def section(self, name: str, path: Path, display: str) -> SectionSchema | None:
        """The kept section, or None when none is (or it cannot be read)."""
        try:
            kept = kept_json(self.folder, self._name(display, path))
            file, meta, fields = kept["file"], kept["meta"], kept["fields"]
            known = {"translated": kept["translated"], "marked": kept["marked"]}
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not (type(file) is str and type(meta) is dict and type(fields) is dict):
            return None
        validator = StrategyValidator(cerberus.schema.UnvalidatedSchema(fields))
        return SectionSchema(name, file, meta, fields, validator, known)

    def keep(self, path: Path, display: str, section: SectionSchema) -> None:
        """Keep a section worked out from lws's own files (nothing if it cannot be)."""
        value = {
            "file": section.file,
            "meta": dict(section.meta),
            "fields": dict(section.fields),
            "translated": section.translated,
            "marked": section.marked,
        }
        with contextlib.suppress(OSError):  # the file cannot be read again: keep nothing
            keep_json(self.folder, self._name(display, path), value)


def _load(
    path: Path, found: Resources, cache: Path | None, *, packaged: bool, positions: bool = False
) -> Document:
    """A schema file; lws's own without its positions unless asked (they place a problem)."""
    display = found.display("schema", path)
    if packaged:
        return load_packaged(path, display, cache, positions=positions)
    return load_file(path, path.parent, display)


def _position(path: Path, found: Resources, cache: Path | None, at: DataPath) -> Mark:
    """Where ``at`` stands in lws's own schema file ``path`` (read again, with positions)."""
    return _load(path, found, cache, packaged=True, positions=True).position(at)


def _section(
    name: str,
    doc: Document,
    rules: Mapping[str, Any],
    *,
    packaged: bool = False,
    where: Callable[[DataPath], Mark] | None = None,
) -> SectionSchema:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        raise LwsError([_schema_problem(doc.file, "a section schema needs 'meta' and 'fields'")])
    fields = {key: expand(rule, rules, doc.file) for key, rule in data["fields"].items()}
    for path, pattern in _patterns(fields, ("fields",)):
        try:
            compile_pattern(pattern)
        except PatternError as exc:
            mark = (where or doc.position)(path)
            location = Location(doc.file, mark.line, mark.col)
            raise LwsError(str(exc), location=location, path=path, hint=_PATTERN_HINT) from None
    try:
        # Checking a schema against Cerberus' own rules costs ~10 ms a section; lws's packaged
        # schemas are checked by its test suite, so only a trust's own schemas pay for it.
        schema = cerberus.schema.UnvalidatedSchema(fields) if packaged else fields
        validator = StrategyValidator(schema)
    except cerberus.SchemaError as exc:
        raise LwsError([_schema_problem(doc.file, f"not a valid Cerberus schema: {exc}")]) from None
    return SectionSchema(name, doc.file, data.get("meta") or {}, fields, validator)


_PATTERN_HINT = "write the pattern without backreferences (\\1) or lookaround ((?=…), (?!…))"


def _patterns(rules: Any, path: tuple[str | int, ...]) -> Iterator[tuple[Any, str]]:
    """Every ``regex`` rule in a (expanded) schema, with the path to it in the schema file."""
    if isinstance(rules, dict):
        for key, value in rules.items():
            if key == "regex" and isinstance(value, str):
                yield (*path, key), value
            else:
                yield from _patterns(value, (*path, key))
    elif isinstance(rules, list):
        for index, value in enumerate(rules):
            yield from _patterns(value, (*path, index))


def expand(rule: Any, rules: Mapping[str, Any], file: str) -> Any:
    """Resolve ``use:`` recursively, merging the shared rule set under the field's rules."""
    if not isinstance(rule, dict):
        return rule
    out: dict[str, Any] = {}
    if "use" in rule:
        shared = rules.get(rule["use"])
        if not isinstance(shared, dict):
            known = ", ".join(sorted(rules))
            raise LwsError([_schema_problem(file, f"unknown rule set {rule['use']!r} ({known})")])
        out.update(expand(shared, rules, file))
        if "meta" in shared and "meta" in rule:
            out["meta"] = {**shared["meta"], **rule["meta"]}
    for key, value in rule.items():
        if key == "use" or (key == "meta" and "meta" in out):
            continue
        if key == "schema" and isinstance(value, dict) and not ({"type", "use"} & set(value)):
            out[key] = {k: expand(v, rules, file) for k, v in value.items()}  # dict fields
        else:
            out[key] = expand(value, rules, file)
    return out


def marked_rules(rules: Mapping[str, Any]) -> dict[str, Any] | None:
    """``rules`` with only what leads to a ``defines`` or ``refers`` marker: the markers,
    ``type`` and the ``schema`` entries below that hold one; None where nothing does."""
    kept = {m: rules[m] for m in ("defines", "refers") if isinstance(rules.get(m), str)}
    sub, kind = rules.get("schema"), rules.get("type")
    below: Any = None
    if isinstance(sub, Mapping) and kind == "dict":
        children = {
            key: marked_rules(child) for key, child in sub.items() if isinstance(child, Mapping)
        }
        below = {key: child for key, child in children.items() if child is not None} or None
    elif isinstance(sub, Mapping) and kind == "list":
        below = marked_rules(sub)
    if below is not None:
        kept |= {"type": kind, "schema": below}
    return kept or None


def _schema_problem(file: str, message: str) -> Diagnostic:
    return Diagnostic(
        file,
        1,
        1,
        Severity.ERROR,
        (),
        message,
        "fix the schema file, or delete it to use the default",
    )


def rule_at(fields: Mapping[str, Any], path: tuple[str | int, ...]) -> dict[str, Any] | None:
    """The expanded rules governing the value at ``path`` in a section, if the schema has any."""
    rules: dict[str, Any] | None = {"type": "dict", "schema": dict(fields)}
    for part in path:
        if rules is None:
            return None
        rules = child_rules(rules, part)
    return rules


def child_rules(rules: Mapping[str, Any], part: str | int) -> dict[str, Any] | None:
    """The rules governing the value at ``part`` (a key, or a list index) inside a value
    that ``rules`` governs; one step of :func:`rule_at`."""
    sub = rules.get("schema")
    if not isinstance(sub, dict):
        return None
    if isinstance(part, int):
        return sub if rules.get("type") == "list" else None
    entry = sub.get(part) if rules.get("type") == "dict" else None
    return entry if isinstance(entry, dict) else None


def keys_at(fields: Mapping[str, Any], path: tuple[str | int, ...]) -> list[str]:
    """The keys the schema allows in the mapping at ``path``."""
    rules = rule_at(fields, path)
    sub = rules.get("schema") if rules else None
    return list(sub) if isinstance(sub, dict) and rules and rules.get("type") == "dict" else []
