"""Chart 2: template 12's risk heat map."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from lws.core.risks import (
    IMPACT_LABELS,
    PROBABILITY_LABELS,
    RISK_BANDS,
    RISK_HIGH_MIN,
    RISK_MEDIUM_MIN,
    risk_band,
    risk_score,
)
from lws.publish.charts.style import MUTED, WIDTH_IN
from lws.publish.charts.svg import Chart, ChartText, _check_name, _figure, _save
from lws.publish.charts.text import _clean, _count, _named, _natural, _sentence


@dataclass(frozen=True)
class RiskPoint:
    """One risk of the register (``risks.yaml``)."""

    id: str
    probability: int  # 1 rare … 5 almost certain
    impact: int  # 1 insignificant … 5 catastrophic
    title: str = ""

    @property
    def score(self) -> int:
        return risk_score(self.probability, self.impact)


# -- 2. risk heat map -------------------------------------------------------------------------


def _cell_ids(ids: Sequence[str], width: int, max_lines: int) -> tuple[str, bool]:
    """The ids of a cell's risks wrapped to ``width`` characters, and whether all fit in
    ``max_lines`` lines (if not, the last line says "+N more")."""
    lines: list[list[str]] = [[]]
    for risk_id in ids:
        shown = risk_id if len(risk_id) <= width else risk_id[: width - 1] + "…"
        if lines[-1] and len(", ".join([*lines[-1], shown])) + 1 > width:
            lines.append([])
        lines[-1].append(shown)
    complete = len(lines) <= max_lines
    if not complete:
        lines = lines[: max_lines - 1]
        lines.append([f"+{len(ids) - sum(len(line) for line in lines)} more"])
    return ",\n".join(", ".join(line) for line in lines), complete


def _cell_label(ids: Sequence[str]) -> tuple[str, float]:
    """A cell's ids and their font size: smaller when many share the cell."""
    text, complete = _cell_ids(ids, 13, 3)
    return (text, 8.5) if complete else (_cell_ids(ids, 15, 4)[0], 7.0)


def _risk_alt(risks: Sequence[RiskPoint]) -> str:
    bands = ", ".join(f"{b.name} {b.low}–{b.high} ({b.action})" for b in RISK_BANDS)
    head = (
        f"Risk heat map of {_count(len(risks), 'risk')} on a 5 × 5 matrix: "
        f"probability from 1 ({PROBABILITY_LABELS[0]}) to 5 ({PROBABILITY_LABELS[-1]}) against "
        f"impact from 1 ({IMPACT_LABELS[0]}) to 5 ({IMPACT_LABELS[-1]}). "
        "Score = probability × impact; "
        f"bands: {bands}."
    )
    parts = [head]
    ordered = sorted(risks, key=lambda r: (-r.score, _natural(r.id)))
    for band in RISK_BANDS:
        items = [
            f"{_named(_clean(r.id), _clean(r.title))} (probability {r.probability} "
            f"{PROBABILITY_LABELS[r.probability - 1]}, impact {r.impact} "
            f"{IMPACT_LABELS[r.impact - 1]}, score {r.score})"
            for r in ordered
            if band.low <= r.score <= band.high
        ]
        parts.append(f"{band.name} ({len(items)}): " + (_sentence(items) if items else "none."))
    return " ".join(parts)


def risk_heat_map_text(
    risks: Sequence[RiskPoint], *, caption: str | None = None, name: str = "risks"
) -> ChartText:
    """:func:`risk_heat_map`'s alt text and caption, without drawing (its inputs checked)."""
    _check_name(name)
    for risk in risks:
        risk_score(risk.probability, risk.impact)  # validates
    caption = caption or (
        f"Risk heat map: {_count(len(risks), 'risk')} by probability and impact "
        f"(HIGH score {RISK_HIGH_MIN} or more, MEDIUM {RISK_MEDIUM_MIN}–{RISK_HIGH_MIN - 1}, "
        f"LOW {RISK_MEDIUM_MIN - 1} or less)."
    )
    return ChartText(_risk_alt(risks), caption)


def risk_heat_map(
    risks: Sequence[RiskPoint], *, caption: str | None = None, name: str = "risks"
) -> Chart:
    """Template 12's 5 × 5 matrix: probability (rows) by impact (columns), cells coloured by
    band (:data:`RISK_BANDS`), each risk's id written in its cell."""
    described = risk_heat_map_text(risks, caption=caption, name=name)
    from matplotlib.patches import Rectangle

    by_cell: dict[tuple[int, int], list[str]] = defaultdict(list)
    for risk in sorted(risks, key=lambda r: _natural(r.id)):
        by_cell[(risk.impact, risk.probability)].append(_clean(risk.id))
    with _figure(name, WIDTH_IN, 4.3, constrained=True) as figure:
        ax = figure.add_subplot()
        for impact in range(1, 6):
            for probability in range(1, 6):
                band = risk_band(probability, impact)
                ax.add_patch(
                    Rectangle(
                        (impact - 0.5, probability - 0.5),
                        1,
                        1,
                        facecolor=band.colour,
                        edgecolor=MUTED,  # outlined 7:1 on white: the cells stand out
                        linewidth=0.8,
                    )
                )
                ax.text(
                    impact + 0.44,
                    probability + 0.42,
                    str(probability * impact),
                    ha="right",
                    va="top",
                    fontsize=6.5,
                    color="#4d4d4d",
                )
                ids = by_cell.get((impact, probability))
                if ids:
                    text, size = _cell_label(ids)
                    ax.text(
                        impact,
                        probability - 0.08,
                        text,
                        ha="center",
                        va="center",
                        fontsize=size,
                        linespacing=1.3,
                    )
        ax.set_xlim(0.5, 5.5)
        ax.set_ylim(0.5, 5.5)
        ax.set_xticks(range(1, 6), [f"{word}\n{n}" for n, word in enumerate(IMPACT_LABELS, 1)])
        ax.set_yticks(range(1, 6), [f"{word} {n}" for n, word in enumerate(PROBABILITY_LABELS, 1)])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_xlabel("Impact (most likely impact; if in doubt grade up)")
        ax.set_ylabel("Probability (likelihood of occurrence)")
        handles = [
            Rectangle(
                (0, 0),
                1,
                1,
                facecolor=b.colour,
                edgecolor=MUTED,
                lw=0.8,
                label=f"{b.name} ({b.low}–{b.high})\n{b.action}",
            )
            for b in RISK_BANDS
        ]
        figure.legend(handles=handles, loc="outside lower center", ncols=3, columnspacing=1.6)
        return _save(figure, name, described.alt, described.caption)
