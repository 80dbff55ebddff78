"""Audiences and variants: which published variant exists for whom, and what it may show.

A variant (leaflet, board, full, slides, or a trust's own) is defined in
``templates/variants.yaml``. The target audience groups in ``strategy/publication.yaml``
(template 8) name the variant that meets their needs; a variant exists when some audience
names it. Items (actions, KPIs, risks…) may carry ``audiences: [ids]``; such an item
appears only in variants made for one of those audiences.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lws.core.diagnostics import Diagnostic, Severity
from lws.core.errors import LwsError
from lws.core.resources import Resources
from lws.model.load import load_file
from lws.model.project import Strategy
from lws.model.schema import StrategyValidator
from lws.publish.context import with_defaults
from lws.publish.variant import Variant as Variant  # its home until it moved

FORMATS = ("html", "docx", "pdf", "pptx")
_VARIANT = {
    "title": {"type": "string", "required": True, "empty": False},
    "description": {"type": "string"},
    "template": {"type": "string", "required": True, "regex": r"^[A-Za-z0-9_.-]+\.j2$"},
    "formats": {
        "type": "list",
        "required": True,
        "minlength": 1,
        "schema": {"type": "string", "allowed": list(FORMATS)},
    },
    "max_pages": {"type": "integer", "min": 1},
    "show_score": {"type": "boolean"},  # documented in variants.yaml; was refused as unknown
}
_FILE = {
    "variants": {
        "type": "dict",
        "required": True,
        "keysrules": {"type": "string", "regex": "^[a-z][a-z0-9-]*$"},
        "valuesrules": {"type": "dict", "schema": _VARIANT},
    }
}


def load_variants(
    project: Path,
    publication: Mapping[str, Any],
    positions: Mapping[tuple[str | int, ...], Any] | None = None,
) -> list[Variant]:
    """The variants the strategy's audiences ask for, in the order they are defined.

    An audience naming a variant that is not defined is an error (``positions``, the
    publication document's value positions, locate it).
    """
    positions = positions or {}
    found = Resources(project)
    path = found.find("templates", "variants.yaml")
    assert path is not None, "lws ships templates/variants.yaml"  # without it, a bug in lws
    display = found.display("templates", path)
    doc = load_file(path, path.parent, display)
    validator = StrategyValidator(_FILE)
    if not isinstance(doc.data, dict) or not validator.validate(doc.data):
        detail = validator.errors if isinstance(doc.data, dict) else "not a mapping"
        raise LwsError([_problem(display, f"variants file is not valid: {detail}")])
    wanted: dict[str, set[str]] = {}
    references: dict[str, bool] = {}  # variant → every audience of it asks for guide references
    unknown = []
    for index, audience in enumerate(publication.get("audiences") or []):
        if isinstance(audience, dict) and isinstance(audience.get("variant"), str):
            wanted.setdefault(audience["variant"], set()).add(str(audience.get("id")))
            asks = audience.get("guide_references") is True
            references[audience["variant"]] = references.get(audience["variant"], True) and asks
            if audience["variant"] not in doc.data["variants"]:
                unknown.append((index, audience["variant"]))
    if unknown:
        defined = ", ".join(doc.data["variants"])
        raise LwsError(
            [
                _problem(
                    "strategy/publication.yaml",
                    f"audiences[{index}].variant: no variant named '{name}' (variants: {defined})",
                    line=where.line if where else 1,
                    col=where.col if where else 1,
                )
                for index, name in unknown
                for where in [positions.get(("audiences", index, "variant"))]
            ]
        )
    return [
        Variant(
            name=name,
            title=spec["title"],
            template=spec["template"],
            formats=tuple(spec["formats"]),
            audiences=frozenset(wanted[name]),
            description=spec.get("description", ""),
            max_pages=spec.get("max_pages"),
            show_score=spec.get("show_score") is True,
            guide_references=references.get(name, False),
        )
        for name, spec in doc.data["variants"].items()
        if name in wanted
    ]


def visible_to(value: Any, audiences: Iterable[str]) -> Any:
    """``value`` without the list items restricted to other audiences (recursively)."""
    allowed = frozenset(audiences)
    if isinstance(value, dict):
        return {k: visible_to(v, allowed) for k, v in value.items()}
    if isinstance(value, list):
        return [visible_to(item, allowed) for item in value if _may_see(item, allowed)]
    return value


def sections_for(
    strategy: Strategy, variant: Variant, visible: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Every section's data as the variant's audiences may see it, with schema defaults.

    Items restricted to other audiences are left out, and so is whatever refers to them
    (:mod:`lws.publish.restrict`; ``visible``: those sections, if already worked out).
    """
    if visible is None:
        from lws.publish.restrict import visible_sections

        visible = visible_sections(strategy.documents, strategy.schemas, variant.audiences)
    out = {}
    for name in strategy.schemas:
        rules = {"type": "dict", "schema": dict(strategy.schemas[name].fields)}
        out[name] = with_defaults(visible.get(name), rules)
    return out


def _may_see(item: Any, allowed: frozenset[str]) -> bool:
    if not isinstance(item, dict):
        return True
    restriction = item.get("audiences")
    if not isinstance(restriction, list) or not restriction:
        return True
    return bool(allowed & {str(a) for a in restriction})


def _problem(file: str, message: str, line: int = 1, col: int = 1) -> Diagnostic:
    return Diagnostic(
        file,
        line,
        col,
        Severity.ERROR,
        (),
        message,
        "use a variant defined in templates/variants.yaml, or define it in your own copy",
    )
