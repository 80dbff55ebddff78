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


def worst(statuses: Iterable[str]) -> str | None:
    """The most urgent of ``statuses`` in :data:`RAG_ORDER`, or None when there is none."""
    present = set(statuses)
    return next((status for status in RAG_ORDER if status in present), None)
