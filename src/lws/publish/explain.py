"""``lws explain VARIANT``: which sections and items reach an audience, and why the others do not.

Two things decide what a variant shows: its template (which sections it uses at all) and the
items' audience restrictions (``audiences: [...]``). This module reads both and explains them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import jinja2
import jinja2.meta

from lws.core.diagnostics import format_path
from lws.model.project import Strategy
from lws.publish.audience import Variant
from lws.publish.restrict import restricted, withheld_items

# Context values computed from sections (see lws.publish.context), by the sections they come from.
DERIVED = {
    "trust": ("manifest",), "owner": ("manifest", "people"), "sponsor": ("manifest", "people"),
    "owner_name": ("manifest", "people"), "sponsor_name": ("manifest", "people"),
    "people_as": ("people",),
    "period": ("manifest",), "title_gives_period": ("manifest",),
    "contacts": ("manifest", "people"), "themes": ("vision",),
    "leaflet_themes": ("vision", "actions"), "leaflet_aims": ("measures",),
    "leaflet_quote": ("quotes",), "leaflet_photo": ("publication",),
    "theme_rows": ("vision", "actions"), "actions": ("actions",), "kpis": ("measures",),
    "risks": ("risks",), "top_risks": ("risks",), "unscored_risks": ("risks",),
    "decisions": ("actions", "risks"),
    "workforce_rows": ("baseline",),
    "priority_sources": ("priorities",), "impact_matrix": ("impact_mapping", "innovation"),
    "chain_rows": ("impact_mapping",), "lesson_grid": ("lessons",),
    "solutions_by_challenge": ("innovation",), "candidate_rows": ("prioritisation",),
    "budget_line": ("prioritisation", "scope"), "model_rows": ("impact_models",),
    "endorser_rows": ("communications",), "comms_rows": ("communications",),
    "engagement_rows": ("engagement",), "involvement": ("communications",),
    "diagnostic": ("diagnostic",), "team_names": ("scope",),
}  # fmt: skip
_SECTION = re.compile(r"\bsections\.(\w+)")
_NAME = re.compile(r"\b([a-z_]+)\b")


@dataclass(frozen=True)
class Restricted:
    """An item limited to some audiences, and whether this variant shows it."""

    where: str
    label: str
    audiences: tuple[str, ...]
    shown: bool
    inherited_from: str = ""  # for an item withheld because it refers to a withheld one


def template_sources(env: jinja2.Environment, name: str) -> Iterator[tuple[str, str]]:
    """The template and every template it includes, as (name, source)."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        source, _, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
        yield current, source
        included = jinja2.meta.find_referenced_templates(env.parse(source))
        pending += [t for t in included if isinstance(t, str)]


def sections_used(env: jinja2.Environment, template: str) -> dict[str, set[str]]:
    """Section name → the template values through which the template uses it."""
    used: dict[str, set[str]] = {}
    for _, source in template_sources(env, template):
        for match in _SECTION.finditer(source):
            used.setdefault(match.group(1), set()).add(f"sections.{match.group(1)}")
        for word in set(_NAME.findall(source)):
            for section in DERIVED.get(word, ()):
                used.setdefault(section, set()).add(word)
    return used


def restricted_items(strategy: Strategy, variant: Variant) -> list[Restricted]:
    """Every item carrying an audience restriction, with whether the variant shows it;
    then every item withheld because it refers to a withheld one."""
    out = []
    for _, doc in sorted(strategy.documents.items()):
        for path, item in restricted(doc.data):
            audiences = tuple(str(a) for a in item["audiences"])
            mark = doc.position(path)
            label = str(item.get("id") or item.get("title") or item.get("name") or "")
            out.append(
                Restricted(
                    f"{doc.file}:{mark.line} {format_path(path)}",
                    label,
                    audiences,
                    bool(variant.audiences & set(audiences)),
                )
            )
    withheld = withheld_items(strategy.documents, strategy.schemas, variant.audiences)
    for (section, path), why in sorted(withheld.items(), key=lambda kv: (kv[0][0], str(kv[0][1]))):
        if why.inherited:
            doc = strategy.documents[section]
            mark = doc.position(path)
            where = f"{doc.file}:{mark.line} {format_path(path)}"
            out.append(Restricted(where, why.label, (), False, why.reason))
    return out


def explain(
    strategy: Strategy, variant: Variant, env: jinja2.Environment, names: Mapping[str, str]
) -> str:
    """The explanation as text. ``names`` maps audience ids to their names."""
    formats = ", ".join(variant.formats)
    audiences = ", ".join(f"{a} ({names.get(a, a)})" for a in sorted(variant.audiences))
    lines = [f"{variant.name}: {variant.title} ({formats})", f"Made for: {audiences}", ""]
    used = sections_used(env, variant.template)
    lines.append(f"Sections it shows (its template {variant.template} uses them):")
    for name in strategy.schemas:
        if name in used:
            title = strategy.schemas[name].title
            lines.append(f"  {name:<16} {title} — through {', '.join(sorted(used[name]))}")
    left_out = [n for n in strategy.schemas if n not in used]
    if left_out:
        lines += ["", f"Sections it leaves out ({variant.template} does not use them):"]
        lines += [f"  {n:<16} {strategy.schemas[n].title}" for n in left_out]
    items = restricted_items(strategy, variant)
    if items:
        lines += ["", "Items restricted to some audiences:"]
        for item in items:
            verdict = "shown   " if item.shown else "withheld"
            if item.inherited_from:
                lines.append(f"  {verdict} {item.where} {item.label}: {item.inherited_from}")
                continue
            reason = "for " + ", ".join(item.audiences)
            if not item.shown:
                reason += f"; this variant is for {', '.join(sorted(variant.audiences))}"
            lines.append(f"  {verdict} {item.where} {item.label}: {reason}")
    return "\n".join(lines) + "\n"
