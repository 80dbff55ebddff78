"""Chart 3: actions by RAG status for each strategic theme."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lws.core.rag import RAG_COLOURS, RAG_LABELS, RAG_ORDER
from lws.publish.charts import draw
from lws.publish.charts.frame import GRID, Frame
from lws.publish.charts.style import FONT_SIZE, LINE, MUTED, TEXT, WIDTH_PT, _check_colour, _ink
from lws.publish.charts.svg import CREATOR, Chart, ChartText, _check_name
from lws.publish.charts.text import _clean, _count, _sentence


@dataclass(frozen=True)
class ThemeRag:
    """How many actions of one strategic theme are at each RAG status."""

    theme: str  # the theme's title
    red: int = 0
    amber: int = 0
    green: int = 0
    not_yet_started: int = 0
    complete: int = 0

    @classmethod
    def from_statuses(cls, theme: str, statuses: Iterable[str]) -> ThemeRag:
        """Count the ``rag`` values of a theme's actions."""
        counts = dict.fromkeys(RAG_ORDER, 0)
        for status in statuses:
            if status not in counts:
                raise ValueError(f"unknown RAG status {status!r}; expected one of {RAG_ORDER}")
            counts[status] += 1
        return cls(theme, **counts)

    def counts(self) -> tuple[int, ...]:
        """The counts in the order of :data:`RAG_ORDER`."""
        return tuple(getattr(self, status) for status in RAG_ORDER)

    @property
    def total(self) -> int:
        return sum(self.counts())


# -- 3. RAG status by theme -------------------------------------------------------------------


def _rag_alt(themes: Sequence[ThemeRag]) -> str:
    total = sum(t.total for t in themes)
    head = (
        f"Actions by RAG status for each of {_count(len(themes), 'strategic theme')} "
        f"({_count(total, 'action')} in all)."
    )
    items = []
    for theme in themes:
        counts = [
            f"{count} {RAG_LABELS[status].lower()}"
            for status, count in zip(RAG_ORDER, theme.counts(), strict=True)
            if count
        ]
        detail = (
            f"{_count(theme.total, 'action')}: " + ", ".join(counts) if counts else "no actions"
        )
        items.append(f"{_clean(theme.theme)}: {detail}")
    return " ".join([head, _sentence(items)]).strip()


def rag_by_theme_text(
    themes: Sequence[ThemeRag],
    *,
    colours: Mapping[str, str] = RAG_COLOURS,
    caption: str | None = None,
    name: str = "rag-by-theme",
) -> ChartText:
    """:func:`rag_by_theme`'s alt text and caption, without drawing (its inputs checked)."""
    _check_name(name)
    for status in RAG_ORDER:
        _check_colour(status, colours[status])
    for theme in themes:
        if min(theme.counts()) < 0:
            raise ValueError(f"theme {theme.theme!r}: counts cannot be negative")
    caption = caption or "The action plan's actions by RAG status, theme by theme."
    return ChartText(_rag_alt(themes), caption)


def rag_by_theme(
    themes: Sequence[ThemeRag],
    *,
    colours: Mapping[str, str] = RAG_COLOURS,
    caption: str | None = None,
    name: str = "rag-by-theme",
) -> Chart:
    """Horizontal stacked bars: how many actions of each theme are at each RAG status.

    Every segment is labelled with its count when it is wide enough to hold it; each bar ends
    with its total. ``colours`` maps each status of :data:`RAG_ORDER` to a colour.
    """
    described = rag_by_theme_text(themes, colours=colours, caption=caption, name=name)
    canvas = rag_canvas(themes, colours=colours, name=name)
    return Chart(name, canvas.svg(described.caption, described.alt, CREATOR), described.alt,
                 described.caption)  # fmt: skip


LABEL = FONT_SIZE - 0.5  # theme names, legend, axis figures
COUNT = 8.0  # the figures on and beside the bars
PAD = 4.0
BAR = 0.3 * 72  # a bar's thickness


def rag_canvas(themes: Sequence[ThemeRag], *, colours: Mapping[str, str], name: str) -> draw.Canvas:
    """:func:`rag_by_theme` drawn, before it is written (tests read its label boxes)."""
    palette = {status: _check_colour(status, colours[status]) for status in RAG_ORDER}
    wrapped = [draw.wrap(t.theme, 125, LABEL, max_lines=3) for t in themes]
    rows = [72 * (0.22 + 0.16 * max(1, label.count("\n") + 1)) for label in wrapped]
    canvas = draw.Canvas(name, WIDTH_PT, 72 * 1.15 + sum(rows))
    top = _legend(canvas, palette) + 8
    axis = draw.ascent(LABEL) + draw.descent(LABEL)
    bottom = canvas.height - PAD - axis - 4 - axis - 3
    widest = max((t.total for t in themes), default=0)
    span = max(widest, 1) * 1.08
    labels = max((draw.width(line, LABEL) for w in wrapped for line in w.split("\n")), default=0)
    left = PAD + labels + 6
    # Rows are spaced by their label's height, first theme at the top.
    scale = (bottom - top) / sum(rows) if rows else 1.0
    frame = Frame(left, top, canvas.width - PAD, bottom, (0, span), (0, 1))
    ticks = draw.nice_ticks(0, span, max(2, min(9, int((frame.right - left) / (LABEL * 3)))))
    ticks = [t for t in ticks if t == int(t)] or [0.0]
    for tick, label in zip(ticks, draw.tick_labels(ticks), strict=True):
        x = frame.x(tick)
        canvas.line([(x, top), (x, bottom)], stroke=GRID, stroke_width=0.6)
        canvas.text(x, bottom + 3.5, label, size=LABEL, fill=TEXT, anchor="middle",
                    baseline="top")  # fmt: skip
    canvas.line([(left, bottom), (frame.right, bottom)], stroke=LINE, stroke_width=0.8)
    canvas.text((left + frame.right) / 2, canvas.height - PAD, "Number of actions",
                size=FONT_SIZE, fill=TEXT, anchor="middle", baseline="bottom")  # fmt: skip
    y = top
    for theme, label, size in zip(themes, wrapped, rows, strict=True):
        centre = y + size * scale / 2
        y += size * scale
        canvas.text(left - 4, centre, label, size=LABEL, fill=TEXT, anchor="end",
                    baseline="middle")  # fmt: skip
        start = 0
        for status, count in zip(RAG_ORDER, theme.counts(), strict=True):
            if not count:
                continue
            x0, x1 = frame.x(start), frame.x(start + count)
            canvas.rect(x0, centre - BAR / 2, x1 - x0, BAR, fill=palette[status], stroke=TEXT,
                        stroke_width=0.6)  # fmt: skip
            if draw.width(str(count), COUNT) + 4 <= x1 - x0:
                canvas.text((x0 + x1) / 2, centre, str(count), size=COUNT,
                            fill=_ink(palette[status]), anchor="middle",
                            baseline="middle")  # fmt: skip
            start += count
        canvas.text(frame.x(theme.total) + span * 0.012 * (frame.right - left) / span, centre,
                    str(theme.total), size=COUNT, fill=MUTED, baseline="middle")  # fmt: skip
    if not themes:
        canvas.text((left + frame.right) / 2, (top + bottom) / 2, "No strategic themes yet",
                    size=FONT_SIZE, fill=MUTED, anchor="middle", baseline="middle")  # fmt: skip
    return canvas


def _legend(canvas: draw.Canvas, palette: Mapping[str, str]) -> float:
    """The statuses' colours in one centred row at the top; returns the row's bottom."""
    swatch, gap, spacing = 1.2 * LABEL, 0.5 * LABEL, 1.2 * LABEL
    entries = [(palette[s], RAG_LABELS[s]) for s in RAG_ORDER]
    widths = [swatch + gap + draw.width(label, LABEL) for _, label in entries]
    x = (canvas.width - sum(widths) - spacing * (len(widths) - 1)) / 2
    middle = PAD + (draw.ascent(LABEL) + draw.descent(LABEL)) / 2
    for (colour, label), w in zip(entries, widths, strict=True):
        canvas.rect(x, middle - 0.35 * LABEL, swatch, 0.7 * LABEL, fill=colour, stroke=TEXT,
                    stroke_width=0.6)  # fmt: skip
        canvas.text(x + swatch + gap, middle, label, size=LABEL, fill=TEXT, baseline="middle")
        x += w + spacing
    return PAD + draw.ascent(LABEL) + draw.descent(LABEL)
