"""What a variant's template sees: the strategy's data with everything computed.

Templates format, Python computes. This module turns the (audience-filtered) section data
into a plain context: people's names resolved from ids, risk scores and bands, KPI
progress against target, RAG counts by theme, the top risks and the decisions needed.
What is computed about actions, risks and KPIs is read from the typed model
(:mod:`lws.model.domain`); each row also keeps the author's own fields for the templates.
It is pure: documents' data and a date in, a dictionary out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from lws.core.data import mapping, records
from lws.core.dates import in_figure
from lws.core.quantities import format_percent, format_quantity
from lws.core.rag import RAG_LABELS, rag_label, tally, theme_status
from lws.core.risks import impact_label, probability_label
from lws.core.statistics import SYMBOLS
from lws.model.as_at import as_at_text
from lws.model.domain import Action, Kpi, Point, Risk, from_sections
from lws.publish.context_rows import HML, date_text, embed_rows, strategy_rows, vision_rows
from lws.publish.gaps import gap_areas
from lws.publish.glance import glance
from lws.publish.governance import governance
from lws.publish.national import national_context, trend_words
from lws.publish.outline import document_parts, leaflet_quote

if TYPE_CHECKING:
    from lws.diagnose.diagnostic import Report

GAP_STATUS = {
    "not_yet_begun": "Not yet begun",
    "struggling": "Struggling",
    "midpoint": "Average or midpoint",
    "making_progress": "Making progress",
    "excelling": "Excelling",
}


def build_context(sections: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The template context for one variant from its audience-filtered section data."""
    s = {name: mapping(data) for name, data in sections.items()}
    people = {p.get("id"): p for p in records(s.get("people", {}).get("people"))}
    groups = {g.get("id"): g for g in records(s.get("people", {}).get("groups"))}
    orgs = {o.get("id"): o for o in records(s.get("people", {}).get("organisations"))}

    def body(owner_id: Any) -> str:
        """A group's or organisation's name (owners may be boards and partners)."""
        found = groups.get(owner_id) or orgs.get(owner_id)
        return str(found.get("name")) if found else str(owner_id or "")

    def name(person_id: Any) -> str:
        person = people.get(person_id)
        return f"{person.get('name')}, {person.get('role')}" if person else body(person_id)

    def short(person_id: Any) -> str:
        person = people.get(person_id)
        return str(person.get("name")) if person else body(person_id)

    def named_as(person_id: Any, word: str) -> str:
        """A person's name and role under a label that already says ``word``: the role's
        own "(strategy sponsor)" is left out after "Sponsor:" (it would say it twice)."""
        person = people.get(person_id)
        if not person:
            return body(person_id)
        return f"{person.get('name')}, {without_word(str(person.get('role')), word)}"

    model = from_sections(s)  # one item for each mapping of each list, in order
    themes = records(s.get("vision", {}).get("themes"))
    actions = [
        _action(a, m, short)
        for a, m in zip(records(s.get("actions", {}).get("actions")), model.actions, strict=True)
    ]
    risks = sorted(
        (
            _risk(r, m, short)
            for r, m in zip(records(s.get("risks", {}).get("risks")), model.risks, strict=True)
        ),
        key=lambda r: (-r["score"], r["id"]),
    )
    kpis = _kpis(s, model)
    theme_items = [_theme(t, actions, short) for t in themes]
    kpi_items = [_kpi(k, m) for k, m in kpis]
    open_risks = [r for r in risks if r["status"] != "closed"]
    manifest = s.get("manifest", {})
    period = mapping(manifest.get("period"))
    return {
        "period": _period(period),
        # a title that gives the years ("… Strategy 2014–17") needs no "2014 to 2017" after it
        "title_gives_period": _gives_years(manifest.get("title"), period),
        "people_names": {k: name(k) for k in people},
        "team_names": [
            short(p) for p in mapping(s.get("scope", {}).get("charter")).get("team") or []
        ],
        "group_names": {k: str(g.get("name")) for k, g in groups.items()},
        **vision_rows(s),
        **strategy_rows(s, short),
        **embed_rows(s, short, today),
        "today": as_at_text(manifest, today),  # as printed: "1 December 2026", "the end of 2013"
        "manifest": manifest,
        "trust": mapping(manifest.get("trust")).get("name", ""),
        "owner": named_as(manifest.get("owner"), "owner") if manifest.get("owner") else "",
        "sponsor": named_as(manifest.get("sponsor"), "sponsor") if manifest.get("sponsor") else "",
        "owner_name": short(manifest.get("owner")) if manifest.get("owner") else "",
        "sponsor_name": short(manifest.get("sponsor")) if manifest.get("sponsor") else "",
        # a person under a label (the charter's "Developer", "Sponsor"), the role not repeating it
        "people_as": {
            word: {k: named_as(k, word) for k in people} for word in ("developer", "sponsor")
        },
        "contacts": [
            {**mapping(people.get(c.get("person"))), "about": c.get("about")}
            for c in records(manifest.get("contacts"))
        ],
        "people": people,
        "groups": groups,
        "governance": governance(s.get("people", {}), name, short),
        "organisations": orgs,
        "sections": s,
        "themes": theme_items,
        "leaflet_themes": [t for t in theme_items if t["staff_text"]],
        "actions": actions,
        "kpis": kpi_items,
        "national": national_context(model),
        "risks": risks,
        # ranked by score, highest first: a risk not yet scored is not ranked above nothing
        "top_risks": [r for r in open_risks if r["band"]][:5],
        "unscored_risks": [r for r in open_risks if not r["band"]],
        "risk_counts": dict(Counter(r["band"] for r in open_risks)),
        "decisions": _decisions(actions, open_risks),
        "glance": glance(actions, kpi_items, open_risks),
        "theme_rows": [{**t, **t["rag_counts"]} for t in theme_items],
        "rag_labels": RAG_LABELS,
        "hml": HML,
        "gap_status": GAP_STATUS,
        "outline": document_parts(s),
        "leaflet_quote": leaflet_quote(s),
        "leaflet_photo": _photo(mapping(s.get("publication", {}).get("leaflet"))),
        "leaflet_aims": [] if manifest.get("contacts") else kpi_items[:4],
    }


_ASIDE = re.compile(r"\s*\(([^()]*)\)\s*$")


def without_word(role: str, word: str) -> str:
    """A role without its closing aside when the aside says ``word``: "Director of Children's
    Services (strategy sponsor)" under "Sponsor" is "Director of Children's Services"."""
    aside = _ASIDE.search(role)
    if aside and word in aside.group(1).lower().split():
        return role[: aside.start()]
    return role


def _period(period: Mapping[str, Any]) -> str:
    """ "1 April 2026 to 31 March 2029"; "from 2014" or "until 2017" with one end; "" with none."""
    start, end = (date_text(period.get(k)) if period.get(k) else "" for k in ("start", "end"))
    if start and end:
        return f"{start} to {end}"
    return f"from {start}" if start else f"until {end}" if end else ""


def _gives_years(title: Any, period: Mapping[str, Any]) -> bool:
    """Whether ``title`` names the year the period starts in (its end is then written too,
    as "2014–17" or "2026–2029")."""
    start = re.search(r"\d{4}", date_text(period.get("start")) if period.get("start") else "")
    return bool(start and start[0] in str(title or ""))


def _photo(leaflet: Mapping[str, Any]) -> dict[str, Any] | None:
    """The leaflet's image (publication.yaml leaflet), as the photo filter takes it."""
    if not leaflet.get("image"):
        return None
    return {"path": leaflet["image"], "alt": leaflet.get("alt"), "caption": leaflet.get("caption")}


def _action(action: Mapping[str, Any], model: Action, short: Any) -> dict[str, Any]:
    return {
        **action,
        "responsible_name": short(action.get("responsible")),
        "accountable_name": short(action.get("accountable")),
        "rag_label": rag_label(str(action.get("rag", ""))),
        "stage_name": model.stage.name if model.stage else "",
        "due_text": date_text(model.due_text),
    }


def _staff_text(theme: Mapping[str, Any], mine: Sequence[Mapping[str, Any]]) -> str:
    """What a theme means for staff (the leaflet): its ``for_staff`` line, else its
    description, else what is being done under it (its first three actions), else nothing."""
    from babel.lists import format_list

    said = theme.get("for_staff") or theme.get("description")
    if said:
        return str(said)
    titles = [str(a["title"]).strip() for a in mine if a.get("title")][:3]
    if not titles:
        return ""
    doing = format_list([_lower_first(t) for t in titles], locale="en_GB")
    return f"What we are doing: {doing.rstrip('.')}."


def _lower_first(text: str) -> str:
    """'Run a campaign' → 'run a campaign' (an action's title starts with its verb, mid-sentence
    here); an acronym ('CAF training') or a one-word title is kept as written."""
    if len(text) > 1 and text[0].isupper() and text[1].islower() and " " in text:
        return text[0].lower() + text[1:]
    return text


def _theme(
    theme: Mapping[str, Any], actions: Sequence[Mapping[str, Any]], short: Any
) -> dict[str, Any]:
    mine = [a for a in actions if a.get("theme") == theme.get("id")]
    counts = tally(a.get("rag") for a in mine)
    overall = theme_status(a.get("rag") for a in mine)
    return {
        **theme,
        "lead_name": short(theme.get("lead")),
        "actions": mine,
        "staff_text": _staff_text(theme, mine),
        "rag_counts": counts,
        "overall": RAG_LABELS[overall] if overall else "Not rated" if mine else "No actions",
    }


def _risk(risk: Mapping[str, Any], model: Risk, short: Any) -> dict[str, Any]:
    rating = model.rating
    rated = rating if rating and rating.on_scales else None  # always so once validated
    return {
        **risk,
        "score": rating.score if rating else 0,
        "band": rated.band.key if rated else "",
        "band_label": rated.band.name if rated else "",
        "probability_label": probability_label(rated.probability) if rated else "",
        "impact_label": impact_label(rated.impact) if rated else "",
        "rating_text": (
            f"{rated.band.name}: {probability_label(rated.probability).lower()}, "
            f"{impact_label(rated.impact).lower()} impact"
            if rated
            else ""
        ),
        "owner_name": short(risk.get("owner")),
        "status": risk.get("status", "open"),
        "next_review_text": date_text(model.next_review_text),
    }


def _kpi(kpi: Mapping[str, Any], model: Kpi) -> dict[str, Any]:
    b, t, latest = (_figure(p) for p in (model.baseline, model.target, model.latest))
    progress = None
    if b is not None and t is not None and latest is not None and t != b:
        progress = round(100 * (latest - b) / (t - b))
    expected = _expected_progress(model)
    on_track = progress is not None and progress >= expected
    unit = model.unit
    return {
        **kpi,
        "baseline_text": _value_text(model.baseline, unit),
        "target_text": _value_text(model.target, unit),
        "aim_text": _value_text(model.target, unit)
        + (f", from {_value_text(model.baseline, unit)}" if b is not None else ""),
        # a KPI not yet measured says so once, in its status: no latest, progress or trend
        "latest_text": _value_text(model.latest, unit) if model.latest else "",
        "progress": progress,
        "progress_text": "" if progress is None else f"{format_percent(progress / 100)} of the way",
        "on_track": on_track,
        "status_text": _kpi_status(progress, on_track),
        "trend_text": trend_words(model) if model.latest else "",
    }


def _kpis(s: Mapping[str, Any], model: Any) -> list[tuple[Mapping[str, Any], Kpi]]:
    return list(zip(records(s.get("measures", {}).get("kpis")), model.kpis, strict=True))


def _expected_progress(model: Kpi) -> float:
    """How far along the way from baseline to target the KPI should be by its latest figure,
    in per cent: the share of the time between the two dates that has passed (50 when a
    date is missing)."""
    start = model.baseline.date if model.baseline else None
    end = model.target.date if model.target else None
    now = model.latest.date if model.latest else None
    if start is None or end is None or now is None or end <= start:
        return 50.0
    return max(0.0, min(100.0, 100 * (now - start).days / (end - start).days))


def _kpi_status(progress: int | None, on_track: bool) -> str:
    """A KPI's status and direction at a glance, in words (never colour alone)."""
    if progress is None:
        return "Not yet measured"
    if progress >= 100:
        return "Target met"
    direction = "improving" if progress > 0 else "getting worse" if progress < 0 else "no change"
    return f"{'On track' if on_track else 'Behind'}: {direction}"


def _decisions(
    actions: Sequence[Mapping[str, Any]], risks: Sequence[Mapping[str, Any]]
) -> list[dict[str, str]]:
    """What the board is asked to agree: one recommendation per red action and high risk,
    each with why, by when and who brings it."""
    out = [
        {
            "ask": f"Help unblock “{a.get('title')}”",
            "why": str(a.get("comments") or "The action is red and needs the sponsor's help."),
            "by": "",
            "who": str(a.get("accountable_name") or ""),
        }
        for a in actions
        if a.get("rag") == "red"
    ]
    out += [
        {
            "ask": f"Agree the response to the risk “{r.get('title')}”",
            "why": (f"Rated high: {r['probability_label']}, with {r['impact_label']} impact."),
            "by": str(r.get("next_review_text") or ""),
            "who": str(r.get("owner_name") or ""),
        }
        for r in risks
        if r["band"] == "high"
    ]
    return out


def _figure(point: Point | None) -> int | float | None:
    """The number of a KPI's figure, if it has one."""
    value = point.value if point else None
    return value if isinstance(value, (int, float)) else None


def _value_text(point: Point | None, unit: str) -> str:
    if point is None or (point.value is None and point.value_text is None):
        return ""
    symbol = point.value_text or ""
    if point.value is None and symbol in SYMBOLS:  # a published figure the release withheld
        number, suffix = f"{symbol} ({SYMBOLS[symbol]})", ""
    elif point.value_text is not None:  # the figure as the author wrote it: '~700', '80:20'
        number, suffix = point.value_text, ""
    else:
        value = point.value
        number = format_quantity(value, unit) if isinstance(value, int | float) else str(value)
        suffix = ""
    when = in_figure(point.date_text)
    return f"{number}{suffix} ({when})" if when else f"{number}{suffix}"


def with_defaults(data: Any, rules: Mapping[str, Any], *, root: bool = True) -> Any:
    """``data`` with every key its schema knows present (None or [] when absent).

    Templates run under StrictUndefined, so a misspelt key fails the build, while an
    optional key the author left out reads as empty. A mapping the author left out is None
    (so ``{% if section.charter %}`` is false); the section itself is always a mapping.
    """
    kind = rules.get("type")
    sub = rules.get("schema")
    if kind == "dict" and isinstance(sub, Mapping):
        if not isinstance(data, dict) and not root:
            return None
        given = data if isinstance(data, dict) else {}
        return {key: with_defaults(given.get(key), child, root=False) for key, child in sub.items()}
    if kind == "list":
        if not isinstance(data, list):
            return []
        if not isinstance(sub, Mapping):
            return data
        return [with_defaults(item, sub, root=False) for item in data]
    return data


def diagnostic_context(report: Report, *, complete: bool = False) -> dict[str, Any]:
    """The diagnostic as the board summary shows it: its gaps by the guide's area, every one
    listed only when ``complete`` (the working group's copy)."""
    return {
        "percent": round(report.overall * 100),
        "score": format_percent(report.overall),
        "passed": report.gate.passed,
        "gaps": gap_areas(report, complete=complete),
        "modules": [
            {
                "module": m.module,
                "score": "n/a" if m.score is None else format_percent(m.score),
                **{status.value: count for status, count in m.counts.items()},
            }
            for m in report.modules
        ],
    }
