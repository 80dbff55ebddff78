"""The render context's rows for the vision, strategy and embed stages' tables.

:mod:`lws.publish.context` builds the whole context; these are the rows of the guide's
tables that only join one section's records to another's titles: workforce figures by
their source's title, priorities by source, the impact matrix and chains, the lessons
grid, solutions by challenge, the prioritised candidates and the budget line, impact
models, endorsers, communications and engagement.
Pure, like the context: section data in, rows out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from lws.core.data import mapping, records, whole
from lws.core.dates import format_date
from lws.core.quantities import format_money, format_quantity, parse_quantity
from lws.model.schema import parse_date

HML = {"high": "High", "medium": "Medium", "low": "Low"}


def date_text(value: Any) -> str:
    return format_date(value) if value is not None else ""


def _int(value: Any) -> int:
    return whole(value) or 0


SOURCES = {
    "childrens_plan": "From the children and young people's plan",
    "community_strategy": "From the community strategy and local area agreement",
    "sector_interviews": "From interviews with sector leads",
    "sector_plans": "From sector plans, strategies and data",
    "national_regional": "National and regional priorities",
}
OUTCOMES = ("worked_well", "worked_ok", "did_not_work")


def vision_rows(s: Mapping[str, Any]) -> dict[str, Any]:
    baseline = s.get("baseline", {})
    sources = {e.get("id"): e.get("title") for e in records(baseline.get("evidence"))}
    priorities = records(s.get("priorities", {}).get("priorities"))
    titles = {p.get("id"): p.get("title") for p in priorities}
    solutions = {
        x.get("id"): x.get("title") for x in records(s.get("innovation", {}).get("solutions"))
    }
    kpis = {k.get("id"): k.get("title") for k in records(s.get("measures", {}).get("kpis"))}
    mapping = s.get("impact_mapping", {})
    columns = [p for p in priorities if p.get("trust_objective")]
    matrix = []
    for row in records(mapping.get("matrix")):
        rated = {r.get("priority"): r.get("impact") for r in records(row.get("ratings"))}
        matrix.append(
            [solutions.get(row.get("solution"), row.get("solution"))]
            + [HML.get(str(rated.get(c.get("id"))), "") for c in columns]
        )
    lessons = records(s.get("lessons", {}).get("lessons"))
    grid = [
        [label]
        + [
            "; ".join(
                str(x.get("lesson"))
                for x in lessons
                if x.get("about") == about and x.get("outcome") == outcome
            )
            for outcome in OUTCOMES
        ]
        for about, label in (
            ("strategy", "With the strategy itself"),
            ("content", "With the content of the strategy"),
        )
    ]
    return {
        # a figure's source by its title; a source withheld from the audience is not named
        "workforce_rows": [
            {**row, "source": sources.get(row.get("source"), "")}
            for row in records(baseline.get("workforce_data"))
        ],
        # each source's heading and its table's caption, a phrase ("Priorities from the
        # community strategy…"); a source in the trust's own words is its heading as written
        "priority_sources": [
            {
                "title": title,
                "caption": f"Priorities {title[0].lower()}{title[1:]}"
                if title.startswith("From ")
                else title,
                "rows": [p for p in priorities if p.get("source") == key],
            }
            for key, title in SOURCES.items()
            if any(p.get("source") == key for p in priorities)
        ]
        + [
            {
                "title": own,
                "caption": f"Priorities from “{own}”",
                "rows": [p for p in priorities if p.get("source") == own],
            }
            for own in dict.fromkeys(str(p.get("source")) for p in priorities)
            if own not in SOURCES
        ],
        "impact_matrix": {"columns": [c.get("title") for c in columns], "rows": matrix},
        "chain_rows": [
            {
                **chain,
                "solution": solutions.get(chain.get("solution"), chain.get("solution")),
                # only KPIs this audience may see (a restricted one is left out, not named)
                "kpis": [kpis[k] for k in chain.get("kpis") or [] if k in kpis],
                "issue": chain.get("trust_issue")
                or titles.get(chain.get("priority"), chain.get("priority")),
            }
            for chain in records(mapping.get("chains"))
        ],
        "lesson_grid": grid if lessons else [],
    }


def strategy_rows(s: Mapping[str, Any], short: Any) -> dict[str, Any]:
    innovation = s.get("innovation", {})
    solutions = records(innovation.get("solutions"))
    titles = {x.get("id"): x.get("title") for x in solutions}
    candidates = sorted(
        records(s.get("prioritisation", {}).get("candidates")), key=lambda c: _int(c.get("number"))
    )
    budget = mapping(s.get("scope", {}).get("resources")).get("budget")
    # Invalid costs (which lws check reports) are left out; a sum is stated only when every
    # chosen cost is an exact figure (never a total of '~£5k' and 'not available').
    costs = [q for c in candidates if c.get("chosen") and (q := parse_quantity(c.get("cost")))]
    budget_line = ""
    budget_figure = parse_quantity(budget)
    if (
        budget_figure
        and budget_figure.value is not None
        and candidates
        and all(q.exact for q in costs)
    ):
        chosen_cost = round(sum(q.value or 0 for q in costs))
        budget_line = (
            f"The chosen solutions cost {format_money(chosen_cost)} against a budget of "
            f"{format_quantity(budget, '£')}."
        )
    models = records(s.get("impact_models", {}).get("models"))
    return {
        "solutions_by_challenge": [
            {
                "title": ch.get("title"),
                "solutions": [
                    x.get("title") for x in solutions if x.get("challenge") == ch.get("id")
                ],
            }
            for ch in records(innovation.get("challenges"))
        ],
        "candidate_rows": [
            {**c, "title": titles.get(c.get("solution"), c.get("solution"))} for c in candidates
        ],
        "budget_line": budget_line,
        "model_rows": [
            [
                [
                    _bulleted(m.get(k))
                    for k in (
                        "activity",
                        "desired_responses",
                        "intermediate_outcomes",
                        "final_outcomes",
                    )
                ]
            ]
            for m in models
        ],
    }


def embed_rows(s: Mapping[str, Any], short: Any, today: dt.date) -> dict[str, Any]:
    comms = s.get("communications", {})
    engagement = s.get("engagement", {})
    names = {x.get("id"): x.get("name") for x in records(engagement.get("stakeholders"))}
    for_staff = [
        p for p in records(comms.get("plan")) if "staff" in str(p.get("audience", "")).lower()
    ]
    upcoming = [p for p in for_staff if (parse_date(p.get("date")) or today) >= today]
    staff_plan = [_diary(p) for p in upcoming or for_staff]
    return {
        "endorser_rows": [
            {**e, "name": short(e.get("person"))} for e in records(comms.get("endorsers"))
        ],
        "comms_rows": [
            {**p, "owner_name": short(p.get("owner"))} for p in records(comms.get("plan"))
        ],
        "engagement_rows": [
            {**e, "stakeholder": names.get(e.get("stakeholder"), e.get("stakeholder"))}
            for e in records(engagement.get("engagement_plan"))
        ],
        "involvement": staff_plan,
    }


def _bulleted(values: Any) -> str:
    return "; ".join(str(v) for v in values) if isinstance(values, list) else str(values or "")


def _diary(event: Mapping[str, Any]) -> str:
    """A staff event as a diary gives it: "24 June 2027: Annual celebration of the awards.
    Awards evening and press." (the date first, then what and how; each only when given, the
    channel only when the activity does not already say it)."""
    activity, channel = (" ".join(str(event.get(k) or "").split()) for k in ("activity", "channel"))
    if channel.lower() in activity.lower():  # "… in the staff newsletter", by "Newsletter"
        channel = ""
    what = " ".join(s for s in (_sentence(activity), _sentence(channel)) if s)
    when = date_text(event.get("date")) if event.get("date") else ""
    return f"{when}: {what}" if when and what else when or what


def _sentence(value: Any) -> str:
    text = " ".join(str(value or "").split())
    return text if not text or text[-1] in ".!?" else f"{text}."
