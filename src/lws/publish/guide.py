"""The guide's references for each section: which of its questions read the section, and the
exercises that help, as a line for the working group's copy (``guide_references`` on an
audience in ``publication.yaml``; off by default, so no public output carries them)."""

from __future__ import annotations

from collections.abc import Mapping

from lws.diagnose.check import sections_read
from lws.diagnose.diagnostic import Report


def guide_references(report: Report) -> dict[str, str]:
    """Section name → "From the guide: questions Q38 and Q39; exercise 7.1"."""
    from babel.lists import format_list

    by_id = {r.criterion.id: r.criterion for r in report.results}
    questions: dict[str, list[str]] = {}
    exercises: dict[str, list[str]] = {}
    for criterion in by_id.values():
        if criterion.rollup:  # a headline question: its own questions are listed
            continue
        for section in sorted(sections_read(criterion, by_id)):
            questions.setdefault(section, []).append(criterion.id)
            if criterion.exercise and criterion.exercise not in exercises.get(section, []):
                exercises.setdefault(section, []).append(criterion.exercise)
    out = {}
    for section, ids in questions.items():
        line = f"From the guide: {'question' if len(ids) == 1 else 'questions'} "
        line += format_list(ids, locale="en_GB")
        found = exercises.get(section, [])
        if found:
            noun = "exercise" if len(found) == 1 else "exercises"
            line += f"; {noun} {format_list(sorted(found, key=_exercise_key), locale='en_GB')}"
        out[section] = line
    return out


def _exercise_key(exercise: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in exercise.replace("a", ".").split("."))


def references_for(variant: Mapping[str, object], report: Report) -> dict[str, str]:
    """The references a variant shows: none unless all its audiences ask for them."""
    return guide_references(report) if variant.get("guide_references") else {}
