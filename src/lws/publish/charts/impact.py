"""Chart 4: the initiatives × priorities impact matrix (template 6 part a)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from lws.publish.charts import draw
from lws.publish.charts.style import (
    FONT_SIZE,
    MUTED,
    PRIMARY,
    TEXT,
    WHITE,
    WIDTH_PT,
    _check_colour,
    _ink,
    _mix,
)
from lws.publish.charts.svg import CREATOR, Chart, ChartText, _check_name
from lws.publish.charts.text import _clean, _count

# -- 4. initiatives × priorities impact matrix ------------------------------------------------

#: Ratings of the initiatives × priorities matrix (the ``hml`` rule of the schema).
IMPACT_RATINGS: Final = ("high", "medium", "low")

_RATING_LETTERS: Final[Mapping[str, str]] = {
    "high": "H",
    "medium": "M",
    "low": "L",
    "h": "H",
    "m": "M",
    "l": "L",
}
_RATING_WORDS: Final[Mapping[str, str]] = {"H": "high", "M": "medium", "L": "low"}
UNRATED: Final = "#f2f2f2"


def _rating(value: str | None) -> str | None:
    if value is None:
        return None
    letter = _RATING_LETTERS.get(value.strip().lower())
    if letter is None:
        raise ValueError(f"impact rating {value!r} must be one of {IMPACT_RATINGS} or None")
    return letter


def _impact_alt(
    initiatives: Sequence[str], priorities: Sequence[str], letters: Sequence[Sequence[str | None]]
) -> str:
    head = (
        f"Expected impact of {_count(len(initiatives), 'proposed initiative')} on "
        f"{_count(len(priorities), 'trust priority', 'trust priorities')}, rated high, medium "
        "or low."
    )
    items = []
    for initiative, row in zip(initiatives, letters, strict=True):
        cells = [
            f"{_RATING_WORDS[letter] if letter else 'not rated'} on {_clean(priority)}"
            for priority, letter in zip(priorities, row, strict=True)
        ]
        items.append(f"{_clean(initiative)}: " + ", ".join(cells) + ".")
    return " ".join([head, *items])


def impact_matrix_text(
    initiatives: Sequence[str],
    priorities: Sequence[str],
    ratings: Sequence[Sequence[str | None]],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "impact-matrix",
) -> ChartText:
    """:func:`impact_matrix`'s alt text and caption, without drawing (its inputs checked)."""
    _check_colour("primary", primary)
    _check_name(name)
    if len(ratings) != len(initiatives) or any(len(r) != len(priorities) for r in ratings):
        raise ValueError("ratings must have one row per initiative and one entry per priority")
    letters = [[_rating(value) for value in row] for row in ratings]
    caption = caption or (
        "The expected impact of each proposed initiative on the trust's priorities (H high, "
        "M medium, L low)."
    )
    return ChartText(_impact_alt(initiatives, priorities, letters), caption)


def impact_matrix(
    initiatives: Sequence[str],
    priorities: Sequence[str],
    ratings: Sequence[Sequence[str | None]],
    *,
    primary: str = PRIMARY,
    caption: str | None = None,
    name: str = "impact-matrix",
) -> Chart:
    """Template 6 part a as a heat grid: one row per initiative, one column per priority.

    ``ratings[i][j]`` is the impact of initiative ``i`` on priority ``j``: ``"high"``,
    ``"medium"``, ``"low"`` (or ``"H"``, ``"M"``, ``"L"``), or ``None`` when not rated. Each
    cell shows its letter on a shade of ``primary``, darker for higher impact.
    """
    described = impact_matrix_text(
        initiatives, priorities, ratings, primary=primary, caption=caption, name=name
    )
    canvas = impact_canvas(initiatives, priorities, ratings, primary=primary, name=name)
    return Chart(name, canvas.svg(described.caption, described.alt, CREATOR), described.alt,
                 described.caption)  # fmt: skip


PAD = 4.0
LABEL = FONT_SIZE - 0.5
LETTER = 10.5


def _block(size: float, lines: int) -> float:
    return draw.ascent(size) + draw.descent(size) + size * draw.LINE_SPACING * (lines - 1)


def impact_canvas(
    initiatives: Sequence[str],
    priorities: Sequence[str],
    ratings: Sequence[Sequence[str | None]],
    *,
    primary: str,
    name: str,
) -> draw.Canvas:
    """:func:`impact_matrix` drawn, before it is written (tests read its label boxes)."""
    primary = _check_colour("primary", primary)
    letters = [[_rating(value) for value in row] for row in ratings]
    shades = {"H": primary, "M": _mix(primary, 0.45), "L": _mix(primary, 0.8), "": UNRATED}
    sides = [draw.wrap(i, 150, LABEL, max_lines=3) for i in initiatives]
    side = max((draw.width(line, LABEL) for s in sides for line in s.split("\n")), default=0)
    left, right = PAD + side + 6, WIDTH_PT - PAD
    column = (right - left) / max(len(priorities), 1)
    upright = column - 6 < 45  # too narrow for "Narrowing": set the heads upright
    size = min(LABEL, (column - 2) / draw.LINE_SPACING)  # many narrow columns: smaller heads
    if upright:
        lines = 2 if column >= 2 * size * draw.LINE_SPACING + 2 else 1
        heads = [draw.wrap(p, 120, size, max_lines=lines) for p in priorities]
        head = max((draw.width(ln, size) for h in heads for ln in h.split("\n")), default=0)
    else:
        heads = [draw.wrap(p, min(column - 6, 125), LABEL, max_lines=5) for p in priorities]
        head = _block(LABEL, max((h.count("\n") + 1 for h in heads), default=1))
    rows = [72 * max(0.42, 0.16 * (s.count("\n") + 1) + 0.14) for s in sides]
    canvas = draw.Canvas(name, WIDTH_PT, max(0.35 * 72 + head + sum(rows), 1.2 * 72))
    top = PAD + head + 5
    for index, text in enumerate(heads):
        x = left + column * (index + 0.5)
        if upright:
            canvas.text(x, top - 4, text, size=size, fill=TEXT, baseline="middle",
                        upright=True)  # fmt: skip
        else:
            canvas.text(x, top - 4, text, size=LABEL, fill=TEXT, anchor="middle",
                        baseline="bottom")  # fmt: skip
    y = top
    for side_label, row, height in zip(sides, letters, rows, strict=True):
        canvas.text(left - 6, y + height / 2, side_label, size=LABEL, fill=TEXT, anchor="end",
                    baseline="middle")  # fmt: skip
        for index, letter in enumerate(row):
            fill = shades[letter or ""]
            x = left + column * index
            canvas.rect(x, y, column, height, fill=fill, stroke=WHITE, stroke_width=2)
            canvas.text(x + column / 2, y + height / 2, letter or "–", size=LETTER,
                        fill=_ink(fill) if letter else MUTED, anchor="middle",
                        baseline="middle", bold=True)  # fmt: skip
        y += height
    if not initiatives or not priorities:
        canvas.text(canvas.width / 2, canvas.height / 2, "No initiatives rated yet",
                    size=FONT_SIZE, fill=MUTED, anchor="middle", baseline="middle")  # fmt: skip
    return canvas
