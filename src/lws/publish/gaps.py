"""The diagnostic's gaps as a board reads them: grouped by the guide's areas (its headline
questions, each with the questions beneath it), an area where nothing is met yet said in one
line, the open questions of the others listed up to a cap, then how many there are in all.

The working group's copy (``guide_references`` on its audiences) lists every open question."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lws.core.quantities import format_count, format_counts
from lws.diagnose.diagnostic import Report, Result
from lws.diagnose.evidence import Status

LISTED = 6  # open questions a board pack or full document lists by name
PER_AREA = 2  # of them, at most this many from one area
OTHER = "Other questions"
OPEN = (Status.NOT_MET, Status.PARTLY_MET)


def gap_areas(report: Report, *, complete: bool = False) -> dict[str, Any]:
    """``areas`` (title, summary, gaps), ``total`` open questions and what it finds in words
    (``found``), how many are ``listed`` by name and how many ``more`` are not."""
    areas = [(title, results) for title, results in _areas(report.results) if _open(results)]
    shown = _chosen(areas, complete)
    out, listed = [], 0
    for title, results in areas:
        gaps = [r for r in _open(results) if r.criterion.id in shown]
        listed += len(gaps)
        out.append(
            {
                "title": title,
                "summary": _summary(title, results, gaps),
                "gaps": [
                    {"question": r.criterion.question, "status": r.status.label} for r in gaps
                ],
            }
        )
    total = sum(len(_open(results)) for _, results in areas)
    return {
        "areas": out,
        "total": total,
        "found": _found(total, len(out)),
        "listed": listed,
        "more": total - listed,
    }


def _areas(results: Sequence[Result]) -> list[tuple[str, list[Result]]]:
    """Each headline question with the results beneath it, in the guide's order; the questions
    under no headline (module 11's, a trust's local ones) last."""
    by_id = {r.criterion.id: r for r in results}
    placed: set[str] = set()
    areas = []
    for result in results:
        if not result.criterion.headline:
            continue
        beneath = [
            by_id[c]
            for c in result.criterion.rollup
            if c in by_id and c not in placed and not by_id[c].criterion.headline
        ]
        placed.update(r.criterion.id for r in beneath)
        areas.append((result.criterion.question, beneath))
    rest = [r for r in results if not r.criterion.headline and r.criterion.id not in placed]
    return [*areas, (OTHER, rest)] if rest else areas


def _open(results: Sequence[Result]) -> list[Result]:
    """The area's open questions: not met before partly met, each in the guide's order."""
    return sorted((r for r in results if r.status in OPEN), key=lambda r: r.status != OPEN[0])


def _none_met(results: Sequence[Result]) -> bool:
    return all(r.status in (Status.NOT_MET, Status.NOT_APPLICABLE) for r in results)


def _chosen(areas: Sequence[tuple[str, list[Result]]], complete: bool) -> set[str]:
    """The ids listed: all when complete; else, area by area in turn (an area where nothing
    is met is summed up in a line instead), up to PER_AREA each and LISTED in all."""
    if complete:
        return {r.criterion.id for _, results in areas for r in _open(results)}
    queues = [_open(results)[:PER_AREA] for _, results in areas if not _none_met(results)]
    chosen: set[str] = set()
    while len(chosen) < LISTED and any(queues):
        for queue in queues:
            if queue and len(chosen) < LISTED:
                chosen.add(queue.pop(0).criterion.id)
    return chosen


def _found(total: int, areas: int) -> str:
    """ "48 questions not yet fully met, in 12 parts of the guide"; "two questions …, in one
    part" (counts as :func:`format_counts` says them)."""
    questions = "question" if total == 1 else "questions"
    where = "part" if areas == 1 else "parts"
    count, among = format_counts(total, areas)
    return f"{count} {questions} not yet fully met, in {among} {where} of the guide"


def _summary(title: str, results: Sequence[Result], gaps: Sequence[Result]) -> str:
    """The line after an area's title: "Neither of its two questions is met yet", "None of
    its six questions is fully met yet, among them:", "Two of its three questions are not yet
    fully met:"; under "Other questions", "Two are not yet fully met."."""
    asked = [r for r in results if r.status is not Status.NOT_APPLICABLE]
    count = len(_open(results))
    verb = "is" if count == 1 else "are"
    yet = "met yet" if _none_met(results) else "fully met yet"
    if title == OTHER:  # no headline to count against: its questions speak for themselves
        lead = f"{_capital(format_count(count))} {verb} not yet fully met"
    elif len(asked) == 1:
        lead = f"Its one question is not {yet}"
    elif count == len(asked) == 2:
        lead = f"Neither of its two questions is {yet}"
    elif count == len(asked):
        lead = f"None of its {format_count(count)} questions is {yet}"
    else:
        some, of = format_counts(count, len(asked))
        lead = f"{_capital(some)} of its {of} questions {verb} not yet fully met"
    if not gaps:
        return f"{lead}."
    return f"{lead}, among them:" if len(gaps) < count else f"{lead}:"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
