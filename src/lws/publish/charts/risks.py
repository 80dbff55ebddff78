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
from lws.publish.charts import draw
from lws.publish.charts.frame import Frame
from lws.publish.charts.style import FONT_SIZE, MUTED, TEXT, WIDTH_PT
from lws.publish.charts.svg import CREATOR, Chart, ChartText, _check_name
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
        f"{_count(len(risks), 'open risk')} by probability and impact "
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
    canvas = risk_canvas(risks, name=name)
    return Chart(name, canvas.svg(described.caption, described.alt, CREATOR), described.alt,
                 described.caption)  # fmt: skip


PAD = 4.0
LABEL = FONT_SIZE - 0.5
SCORE = 6.5
XLABEL = "Impact (most likely impact; if in doubt grade up)"
YLABEL = "Probability (likelihood of occurrence)"


def _block(size: float, lines: int, spacing: float = draw.LINE_SPACING) -> float:
    return draw.ascent(size) + draw.descent(size) + size * spacing * (lines - 1)


def risk_canvas(risks: Sequence[RiskPoint], *, name: str) -> draw.Canvas:
    """:func:`risk_heat_map` drawn, before it is written (tests read its label boxes)."""
    by_cell: dict[tuple[int, int], list[str]] = defaultdict(list)
    for risk in sorted(risks, key=lambda r: _natural(r.id)):
        by_cell[(risk.impact, risk.probability)].append(_clean(risk.id))
    canvas = draw.Canvas(name, WIDTH_PT, 72 * 4.3)
    legend_top = canvas.height - PAD - _block(LABEL, 2)
    xlabel_bottom = legend_top - 10
    ticks_bottom = xlabel_bottom - _block(FONT_SIZE, 1) - 4
    bottom = ticks_bottom - _block(LABEL, 2) - 3.5
    rows = [f"{word} {n}" for n, word in enumerate(PROBABILITY_LABELS, 1)]
    ylabel = _block(FONT_SIZE, 1)
    left = PAD + ylabel + 5 + max(draw.width(r, LABEL) for r in rows) + 3.5
    right, top = canvas.width - PAD, PAD
    frame = Frame(left, top, right, bottom, (0.5, 5.5), (0.5, 5.5))
    width, height = (right - left) / 5, (bottom - top) / 5
    for impact in range(1, 6):
        for probability in range(1, 6):
            band = risk_band(probability, impact)
            x0, y0 = frame.x(impact - 0.5), frame.y(probability + 0.5)
            canvas.rect(x0, y0, width, height, fill=band.colour, stroke=MUTED, stroke_width=0.8)
            score = canvas.text(x0 + width - 3, y0 + 2.5, str(probability * impact), size=SCORE,
                                fill="#4d4d4d", anchor="end", baseline="top")  # fmt: skip
            ids = by_cell.get((impact, probability))
            if ids:
                room = y0 + height - 2 - (score.y1 + 1)  # below the cell's score
                text, size = _cell_label(ids)
                if _block(size, text.count("\n") + 1, 1.3) > room:
                    fits = 1 + int((room - _block(7.0, 1)) / (7.0 * 1.3))
                    text, size = _cell_ids(ids, 15, max(1, fits))[0], 7.0
                text = "\n".join(draw.shorten(t, width - 6, size) for t in text.split("\n"))
                middle = (score.y1 + 1 + y0 + height - 2) / 2
                canvas.text(x0 + width / 2, middle, text, size=size, fill=TEXT, anchor="middle",
                            baseline="middle", line_spacing=1.3)  # fmt: skip
    for n, row in enumerate(rows, 1):
        canvas.text(left - 3.5, frame.y(n), row, size=LABEL, fill=TEXT, anchor="end",
                    baseline="middle")  # fmt: skip
    for n, word in enumerate(IMPACT_LABELS, 1):
        canvas.text(frame.x(n), bottom + 3.5, f"{word}\n{n}", size=LABEL, fill=TEXT,
                    anchor="middle", baseline="top")  # fmt: skip
    canvas.text((left + right) / 2, xlabel_bottom, XLABEL, size=FONT_SIZE, fill=TEXT,
                anchor="middle", baseline="bottom")  # fmt: skip
    canvas.text(PAD, (top + bottom) / 2, YLABEL, size=FONT_SIZE, fill=TEXT, anchor="middle",
                baseline="top", upright=True)  # fmt: skip
    _legend(canvas, legend_top)
    return canvas


def _legend(canvas: draw.Canvas, top: float) -> None:
    """The bands, each a swatch and two lines (name and range; what to do), in one row."""
    swatch, gap, spacing = 2.0 * LABEL, 0.8 * LABEL, 1.6 * LABEL
    labels = [f"{b.name} ({b.low}–{b.high})\n{b.action}" for b in RISK_BANDS]
    widths = [
        swatch + gap + max(draw.width(line, LABEL) for line in label.split("\n"))
        for label in labels
    ]
    x = (canvas.width - sum(widths) - spacing * (len(widths) - 1)) / 2
    middle = top + _block(LABEL, 2) / 2
    for band, label, w in zip(RISK_BANDS, labels, widths, strict=True):
        canvas.rect(x, middle - 0.35 * LABEL, swatch, 0.7 * LABEL, fill=band.colour,
                    stroke=MUTED, stroke_width=0.8)  # fmt: skip
        canvas.text(x + swatch + gap, middle, label, size=LABEL, fill=TEXT, baseline="middle")
        x += w + spacing
