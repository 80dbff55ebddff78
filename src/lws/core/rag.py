"""The RAG status of an action (the schema's ``rag`` rule): its order, words and colours."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

#: Statuses from the most to the least urgent: the order of tables, counts and stacked bars.
RAG_ORDER: Final = ("red", "amber", "green", "not_yet_started", "complete")

RAG_LABELS: Final[Mapping[str, str]] = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "not_yet_started": "Not yet started",
    "complete": "Complete",
}

#: Distinguishable with the common colour-vision deficiencies (after Okabe and Ito): they
#: differ in lightness as well as hue, and every segment carries its count.
RAG_COLOURS: Final[Mapping[str, str]] = {
    "red": "#c8371d",
    "amber": "#f2b134",
    "green": "#009e73",
    "not_yet_started": "#b3b3b3",
    "complete": "#0072b2",
}


def rag_label(status: str) -> str:
    """``not_yet_started`` → ``Not yet started``; an unknown status is shown as written."""
    return RAG_LABELS.get(status, status)


def tally(statuses: Iterable[object]) -> dict[str, int]:
    """How many of each status, every status of :data:`RAG_ORDER` in order; anything that is
    not a status (an action not yet given one) is not counted."""
    counts = dict.fromkeys(RAG_ORDER, 0)
    for status in statuses:
        if isinstance(status, str) and status in counts:
            counts[status] += 1
    return counts


def theme_status(statuses: Iterable[object]) -> str | None:
    """A theme's status, rolled up from its actions' statuses: the one rule, which the board
    summary and the slides both print.

    1. ``red`` if any action is red, else ``amber`` if any is amber: a problem anywhere shows;
    2. ``complete`` when every action is complete;
    3. ``not_yet_started`` when no action has started (every one not yet started);
    4. otherwise ``green``: under way and on course (4 of 7 actions complete and 3 not yet
       started, which the schema means as planned, is green, not "not yet started").

    None when no action has a status (what is not a status is not counted).
    """
    present = {status for status, count in tally(statuses).items() if count}
    urgent = next((status for status in ("red", "amber") if status in present), None)
    if urgent or not present:
        return urgent
    if present == {"complete"} or present == {"not_yet_started"}:
        return present.pop()
    return "green"


def worst(statuses: Iterable[str]) -> str | None:
    """The most urgent of ``statuses`` in :data:`RAG_ORDER`, or None when there is none."""
    present = set(statuses)
    return next((status for status in RAG_ORDER if status in present), None)
