"""The strategy at a glance, in sentences a person would say ("15 actions: 1 complete, 8 on
course (green) and 6 red"; "Three key performance indicators, none of them measured yet"),
and whether two variants' contexts count the same progress (a slide's note says so only when
the board's does). Pure: context rows in, words out; counts through
:func:`lws.core.quantities.format_counts`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from lws.core.quantities import format_counts


def glance(
    actions: Sequence[Mapping[str, Any]],
    kpis: Sequence[Mapping[str, Any]],
    risks: Sequence[Mapping[str, Any]],
) -> list[str]:
    """The strategy at a glance: a few sentences of where it stands, for the summary page.
    Each says only the parts there are ("15 actions: 1 complete, 8 on course (green) and 6
    red"), and "none" where there are none ("Three key performance indicators, none of them
    measured yet")."""
    rags = Counter(str(a.get("rag", "")) for a in actions)
    out = []
    if actions:
        out.append(
            _parts(
                len(actions),
                ("action", "actions"),
                [
                    (rags.get("complete", 0), "complete"),
                    (rags.get("green", 0), "on course (green)"),
                    (rags.get("amber", 0), "amber"),
                    (rags.get("red", 0), "red"),
                    (rags.get("not_yet_started", 0), "not yet started"),
                ],
                "rated yet",
            )
        )
    measured = [k for k in kpis if k.get("progress") is not None]
    if kpis:
        ahead = sum(1 for k in measured if k.get("on_track"))
        out.append(
            _parts(
                len(kpis),
                ("key performance indicator", "key performance indicators"),
                [
                    (ahead, "on track"),
                    (len(measured) - ahead, "behind"),
                    (len(kpis) - len(measured), "not yet measured"),
                ]
                if measured
                else [],
                "measured yet",
            )
        )
    if risks:
        high = sum(1 for r in risks if r.get("band") == "high")
        total, rated = format_counts(len(risks), high)
        noun = "open risk" if len(risks) == 1 else "open risks"
        if len(risks) == 1:
            said = "rated high" if high else "not rated high"
        else:
            said = f"{rated} of them rated high"
        out.append(f"{_capital(total)} {noun}, {said}.")
    return out


def _parts(
    total: int, nouns: tuple[str, str], parts: Sequence[tuple[int, str]], none_yet: str
) -> str:
    """ "15 actions: 1 complete and 14 red." — the parts that are not zero, the counts said as
    :func:`format_counts` says them; with one, "Nine actions, all of them red"; with none,
    "Three actions, none of them rated yet"."""
    from babel.lists import format_list

    shown = [(n, words) for n, words in parts if n]
    counts = format_counts(total, *(n for n, _ in shown))
    noun = nouns[0] if total == 1 else nouns[1]
    head = f"{_capital(counts[0])} {noun}"
    if not shown:
        return f"{head}, {'not' if total == 1 else 'none of them'} {none_yet}."
    if len(shown) == 1:  # every one of them: "Nine key performance indicators, all behind"
        return f"{head}, {shown[0][1] if total == 1 else 'all of them ' + shown[0][1]}."
    said = [f"{c} {words}" for c, (_, words) in zip(counts[1:], shown, strict=True)]
    return f"{head}: {format_list(said, locale='en_GB')}."


def _capital(text: str) -> str:
    """A sentence's first word with its capital (``two`` → ``Two``; ``15`` stays)."""
    return text[:1].upper() + text[1:]


def figures_against(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> str:
    """Whether two variants' contexts count the same progress (their themes' rows, actions,
    KPIs and open risks): ``"same"``, else what they count differently, in words ("actions
    and key performance indicators"). Audience restrictions are why they may differ."""
    from babel.lists import format_list

    def rows(c: Mapping[str, Any]) -> list[Any]:
        return [(t["title"], t["rag_counts"], t["overall"]) for t in c["themes"]]

    def ids(items: Sequence[Mapping[str, Any]], *keys: str) -> list[Any]:
        return [tuple(str(item.get(k)) for k in ("id", *keys)) for item in items]

    kpi_keys = ("progress", "on_track")
    compared = (
        ("actions", rows(ours) == rows(theirs) and ids(ours["actions"], "rag") == ids(
            theirs["actions"], "rag")),
        ("key performance indicators", ids(ours["kpis"], *kpi_keys) == ids(
            theirs["kpis"], *kpi_keys)),
        ("risks", ids(_open(ours), "band") == ids(_open(theirs), "band")),
    )  # fmt: skip
    differ = [words for words, same in compared if not same]
    return format_list(differ, locale="en_GB") if differ else "same"


def _open(context: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [r for r in context["risks"] if r["status"] != "closed"]
