"""Chart 5: the diagnostic score by module."""

from __future__ import annotations

from collections.abc import Sequence

from lws.publish.charts import draw
from lws.publish.charts.frame import GRID, Frame
from lws.publish.charts.style import FONT_SIZE, LINE, MUTED, PRIMARY, TEXT, WIDTH_PT, _check_colour
from lws.publish.charts.svg import CREATOR, Chart, ChartText, _check_name
from lws.publish.charts.text import _count, _percent, _sentence

# -- 5. diagnostic score by module ------------------------------------------------------------


def _diagnostic_alt(scores: Sequence[tuple[int, float | None]]) -> str:
    head = f"Diagnostic score by module, from 0% to 100%, for {_count(len(scores), 'module')}."
    items = [
        f"module {module} {'n/a (no criterion applies)' if s is None else _percent(s)}"
        for module, s in scores
    ]
    return " ".join([head, _sentence(items)]).strip()


def diagnostic_by_module_text(
    scores: Sequence[tuple[int, float | None]],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "diagnostic",
) -> ChartText:
    """:func:`diagnostic_by_module`'s alt text and caption, without drawing (inputs checked)."""
    _check_colour("primary", primary)
    _check_name(name)
    modules = [module for module, _ in scores]
    if len(set(modules)) != len(modules) or any(m < 1 for m in modules):
        raise ValueError("modules must be distinct whole numbers from 1")
    for module, score in scores:
        if score is not None and not 0.0 <= score <= 1.0:
            raise ValueError(f"module {module}: score {score!r} must be a fraction 0.0–1.0")
    ordered = sorted(scores, key=lambda item: item[0])
    caption = caption or "Diagnostic score by module (the share of its criteria that are met)."
    return ChartText(_diagnostic_alt(ordered), caption)


def diagnostic_by_module(
    scores: Sequence[tuple[int, float | None]],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "diagnostic",
) -> Chart:
    """Bars of the diagnostic score of each module (1–12), labelled with their percentage.

    Each score is a fraction from 0.0 to 1.0, as :class:`lws.diagnose.diagnostic.ModuleScore` holds
    it, or ``None`` for a module where no criterion applies; that module is shown as "n/a".
    """
    described = diagnostic_by_module_text(scores, primary=primary, caption=caption, name=name)
    canvas = diagnostic_canvas(scores, primary=primary, name=name)
    return Chart(name, canvas.svg(described.caption, described.alt, CREATOR), described.alt,
                 described.caption)  # fmt: skip


PAD = 4.0
LABEL = FONT_SIZE - 0.5


def diagnostic_canvas(
    scores: Sequence[tuple[int, float | None]], *, primary: str, name: str
) -> draw.Canvas:
    """:func:`diagnostic_by_module` drawn, before it is written (tests read its boxes)."""
    primary = _check_colour("primary", primary)
    ordered = sorted(scores, key=lambda item: item[0])
    canvas = draw.Canvas(name, WIDTH_PT, 2.9 * 72)
    line = draw.ascent(LABEL) + draw.descent(LABEL)
    bottom = canvas.height - PAD - (draw.ascent(FONT_SIZE) + draw.descent(FONT_SIZE)) - 4 - line
    ticks = [0, 25, 50, 75, 100]
    labels = [f"{t}%" for t in ticks]
    ylabel = draw.ascent(FONT_SIZE) + draw.descent(FONT_SIZE)
    left = PAD + ylabel + 4 + max(draw.width(t, LABEL) for t in labels) + 3.5
    frame = Frame(left, PAD, canvas.width - PAD, bottom - 3.5, (-0.6, max(len(ordered), 1) - 0.4),
                  (0, 110))  # fmt: skip
    for tick, label in zip(ticks, labels, strict=True):
        y = frame.y(tick)
        canvas.line([(frame.left, y), (frame.right, y)], stroke=GRID, stroke_width=0.6)
        canvas.text(frame.left - 3.5, y, label, size=LABEL, fill=TEXT, anchor="end",
                    baseline="middle")  # fmt: skip
    canvas.line([(frame.left, frame.bottom), (frame.right, frame.bottom)], stroke=LINE,
                stroke_width=0.8)  # fmt: skip
    half = 0.31 * (frame.x(1) - frame.x(0))
    for x, (module, score) in enumerate(ordered):
        value = 0.0 if score is None else score * 100
        centre = frame.x(x)
        if value:
            canvas.rect(centre - half, frame.y(value), 2 * half, frame.bottom - frame.y(value),
                        fill=primary)  # fmt: skip
        label = "n/a" if score is None else _percent(score)
        canvas.text(centre, frame.y(value + 2), label, size=8.0,
                    fill=MUTED if score is None else TEXT, anchor="middle",
                    baseline="bottom")  # fmt: skip
        canvas.text(centre, frame.bottom + 3.5, str(module), size=LABEL, fill=TEXT,
                    anchor="middle", baseline="top")  # fmt: skip
    canvas.text((frame.left + frame.right) / 2, canvas.height - PAD, "Module", size=FONT_SIZE,
                fill=TEXT, anchor="middle", baseline="bottom")  # fmt: skip
    canvas.text(PAD, (frame.top + frame.bottom) / 2, "Score", size=FONT_SIZE, fill=TEXT,
                anchor="middle", baseline="top", upright=True)  # fmt: skip
    if not ordered:
        canvas.text((frame.left + frame.right) / 2, (frame.top + frame.bottom) / 2,
                    "No diagnostic yet", size=FONT_SIZE, fill=MUTED, anchor="middle",
                    baseline="middle")  # fmt: skip
    return canvas
