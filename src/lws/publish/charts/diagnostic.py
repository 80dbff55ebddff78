"""Chart 5: the diagnostic score by module."""

from __future__ import annotations

from collections.abc import Sequence

from lws.publish.charts.style import MUTED, PRIMARY, TEXT, WIDTH_IN, _check_colour
from lws.publish.charts.svg import Chart, ChartText, _check_name, _figure, _no_data, _save
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
    primary = _check_colour("primary", primary)
    ordered = sorted(scores, key=lambda item: item[0])
    with _figure(name, WIDTH_IN, 2.9, constrained=True) as figure:
        ax = figure.add_subplot()
        xs = list(range(len(ordered)))
        values = [0.0 if s is None else s * 100 for _, s in ordered]
        ax.bar(xs, values, width=0.62, color=primary)
        for x, (_, score) in zip(xs, ordered, strict=True):
            label = "n/a" if score is None else _percent(score)
            bottom = 0.0 if score is None else score * 100
            ax.text(
                x,
                bottom + 2,
                label,
                ha="center",
                va="bottom",
                fontsize=8,
                color=MUTED if score is None else TEXT,
                fontstyle="italic" if score is None else "normal",
            )
        ax.set_xticks(xs, [str(module) for module, _ in ordered])
        ax.set_xlim(-0.6, max(len(ordered), 1) - 0.4)
        ax.set_ylim(0, 110)
        ax.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
        ax.tick_params(axis="x", length=0)
        ax.tick_params(axis="y", length=0)
        ax.grid(axis="y", color="#e6e6e6", linewidth=0.6)
        ax.set_axisbelow(True)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel("Module")
        ax.set_ylabel("Score")
        if not ordered:
            _no_data(ax, "No diagnostic yet")
        return _save(figure, name, described.alt, described.caption)
