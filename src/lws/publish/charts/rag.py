"""Chart 3: actions by RAG status for each strategic theme."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lws.core.rag import RAG_COLOURS, RAG_LABELS, RAG_ORDER
from lws.publish.charts.style import MUTED, TEXT, WIDTH_IN, _check_colour, _ink
from lws.publish.charts.svg import Chart, ChartText, _check_name, _figure, _no_data, _save
from lws.publish.charts.text import _clean, _count, _sentence, _wrap


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
    caption = caption or "Progress of the action plan: actions by RAG status for each theme."
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
    palette = {status: _check_colour(status, colours[status]) for status in RAG_ORDER}
    from matplotlib.patches import Rectangle
    from matplotlib.ticker import MaxNLocator

    wrapped = [_wrap(t.theme, 26) for t in themes]
    rows = [max(1, label.count("\n") + 1) for label in wrapped]
    row_in = [0.22 + 0.16 * lines for lines in rows]
    height = 1.15 + sum(row_in)
    with _figure(name, WIDTH_IN, height, constrained=True) as figure:
        ax = figure.add_subplot()
        # Rows are spaced by their label's height, first theme at the top.
        centres, y = [], 0.0
        for size in row_in:
            centres.append(-(y + size / 2))
            y += size
        widest = max((t.total for t in themes), default=0)
        span = max(widest, 1) * 1.08
        for status in RAG_ORDER:
            counts = [getattr(t, status) for t in themes]
            lefts = [
                sum(getattr(t, s) for s in RAG_ORDER[: RAG_ORDER.index(status)]) for t in themes
            ]
            bars = ax.barh(
                centres,
                counts,
                left=lefts,
                height=0.3,
                color=palette[status],
                edgecolor=TEXT,  # an outline of 3:1 or more on white, whatever the fill
                linewidth=0.6,
                label=RAG_LABELS[status],
            )
            labels = [str(c) if c and c / span >= 0.028 * len(str(c)) else "" for c in counts]
            ax.bar_label(
                bars, labels=labels, label_type="center", fontsize=8, color=_ink(palette[status])
            )
        for centre, theme in zip(centres, themes, strict=True):
            ax.text(
                theme.total + span * 0.012,
                centre,
                str(theme.total),
                va="center",
                ha="left",
                fontsize=8,
                color=MUTED,
            )
        ax.set_yticks(centres, wrapped)
        ax.set_ylim(-max(y, 0.5), 0)
        ax.set_xlim(0, span)
        ax.tick_params(axis="y", length=0)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
        ax.grid(axis="x", color="#e6e6e6", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("Number of actions")
        if not themes:
            _no_data(ax, "No strategic themes yet")
        else:
            handles = [
                Rectangle(
                    (0, 0), 1, 1, facecolor=palette[s], edgecolor=TEXT, lw=0.6, label=RAG_LABELS[s]
                )
                for s in RAG_ORDER
            ]
            figure.legend(
                handles=handles,
                loc="outside upper center",
                ncols=5,
                handlelength=1.2,
                columnspacing=1.2,
            )
        return _save(figure, name, described.alt, described.caption)
