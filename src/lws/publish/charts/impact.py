"""Chart 4: the initiatives × priorities impact matrix (template 6 part a)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from lws.publish.charts.style import (
    FONT_SIZE,
    MUTED,
    PRIMARY,
    WHITE,
    WIDTH_IN,
    _check_colour,
    _ink,
    _mix,
)
from lws.publish.charts.svg import Chart, ChartText, _check_name, _figure, _no_data, _save
from lws.publish.charts.text import _clean, _count, _wrap

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
_CHAR_PT: Final = 0.58 * (FONT_SIZE - 0.5)  # mean width of a DejaVu Sans character in a tick label
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


def _column_heads(priorities: Sequence[str], sides: Sequence[str]) -> tuple[list[str], bool]:
    """The priorities wrapped to fit their column or, when the columns are too narrow for
    that, in at most two lines to be set upright."""
    side_pt = max((len(line) for s in sides for line in s.split("\n")), default=0) * _CHAR_PT
    column_pt = (WIDTH_IN * 72 - side_pt - 16) / max(len(priorities), 1)
    chars = int(column_pt / _CHAR_PT) - 1
    if chars >= 9:
        return [_wrap(p, min(chars, 24), 5) for p in priorities], False
    return [_wrap(p, 24, 2) for p in priorities], True


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
        "Action impact mapping: expected impact of each proposed initiative on the trust's "
        "priorities (H high, M medium, L low)."
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
    primary = _check_colour("primary", primary)
    letters = [[_rating(value) for value in row] for row in ratings]
    from matplotlib.patches import Rectangle

    shades = {"H": primary, "M": _mix(primary, 0.45), "L": _mix(primary, 0.8), "": UNRATED}
    sides = [_wrap(i, 30, 3) for i in initiatives]
    heads, upright = _column_heads(priorities, sides)
    head_in = (
        max((len(line) for h in heads for line in h.split("\n")), default=0) * _CHAR_PT / 72
        if upright
        else 0.15 * max((h.count("\n") + 1 for h in heads), default=1)
    )
    row_in = [max(0.42, 0.16 * (s.count("\n") + 1) + 0.14) for s in sides]
    height = max(0.35 + head_in + sum(row_in), 1.2)
    with _figure(name, WIDTH_IN, height, constrained=True) as figure:
        ax = figure.add_subplot()
        tops = [sum(row_in[:row]) for row in range(len(row_in))]
        for row, (top, size) in enumerate(zip(tops, row_in, strict=True)):
            for col, letter in enumerate(letters[row]):
                fill = shades[letter or ""]
                ax.add_patch(
                    Rectangle((col, top), 1, size, facecolor=fill, edgecolor=WHITE, linewidth=2)
                )
                ax.text(
                    col + 0.5,
                    top + size / 2,
                    letter or "–",
                    ha="center",
                    va="center_baseline",
                    fontsize=10.5,
                    fontweight="bold",
                    color=_ink(fill) if letter else MUTED,
                )
        ax.set_xlim(0, max(len(priorities), 1))
        ax.set_ylim(sum(row_in) if initiatives else 1, 0)
        ax.xaxis.tick_top()
        ax.set_xticks([c + 0.5 for c in range(len(priorities))], heads)
        if upright:
            for label in ax.get_xticklabels():
                label.set(rotation=90, ha="left", va="center", rotation_mode="anchor")
        ax.set_yticks([t + s / 2 for t, s in zip(tops, row_in, strict=True)], sides)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if not initiatives or not priorities:
            _no_data(ax, "No initiatives rated yet")
        return _save(figure, name, described.alt, described.caption)
