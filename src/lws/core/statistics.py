"""Official statistics as published: a figure, or a symbol saying why there is none.

The Department for Education's releases on Explore Education Statistics write a number, or
one of the Government Statistical Service symbols in its place (data guidance of the
"Children's social work workforce" release, 2024; ``:`` from its 2020 and 2021 guidance):

* ``c`` suppressed to protect confidential information;
* ``x`` unavailable for unknown or other reasons;
* ``z`` not applicable;
* ``low`` rounds to 0, but is not 0;
* ``u`` low reliability;
* ``:`` not available.

A symbol is data, not a number: it is kept as written, printed as written (with its meaning
in a key), and never read as zero. A :class:`Statistic` keeps the text and the number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

#: Each symbol and what it means, in the release's words.
SYMBOLS: Mapping[str, str] = {
    "c": "suppressed to protect confidential information",
    "x": "unavailable",
    "z": "not applicable",
    "low": "rounds to 0, but is not 0",
    "u": "low reliability",
    ":": "not available",
}
#: How a published figure may be written, for messages.
FORMS = "a number (18.9, 412) or one of the release's symbols: " + ", ".join(SYMBOLS)

_NUMBER = re.compile(r"^-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)$")


@dataclass(frozen=True, slots=True)
class Statistic:
    """A published figure: its text as written and its number (None for a symbol)."""

    text: str
    value: int | float | None

    @property
    def symbol(self) -> str | None:
        return None if self.value is not None else self.text


def parse_statistic(value: Any) -> Statistic | None:
    """The figure ``value`` stands for (a number, numeric text or a symbol), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Statistic(_text(value), value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text in SYMBOLS:
        return Statistic(text, None)
    if _NUMBER.match(text.replace(",", "")):
        plain = text.replace(",", "")
        number: int | float = float(plain) if "." in plain else int(plain)
        return Statistic(text, number)
    return None


def is_statistic(value: Any) -> bool:
    """Whether a section file holds a published figure: a number, or a symbol as text."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int | float) or (isinstance(value, str) and value in SYMBOLS)


def _text(value: int | float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def meaning(symbol: str) -> str:
    """What a symbol means (``c`` → "suppressed to protect confidential information")."""
    return SYMBOLS[symbol]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator of the children's social work workforce release."""

    name: str  # the release's column name
    label: str  # in plain words, for tables and charts
    unit: str  # "%", "FTE", "headcount", "cases" or "days"


def _indicators(*rows: tuple[str, str, str]) -> Mapping[str, Indicator]:
    return {name: Indicator(name, label, unit) for name, label, unit in rows}


#: The indicators of the release's underlying data (file "Indicators: in post, starters,
#: leavers, agency workers, vacancies, caseload and absence"), in its column order.
INDICATORS: Mapping[str, Indicator] = _indicators(
    ("inpost_fte", "social workers in post", "FTE"),
    ("inpost_headcount", "social workers in post", "headcount"),
    ("starters_fte", "starters", "FTE"),
    ("starters_headcount", "starters", "headcount"),
    ("leavers_fte", "leavers", "FTE"),
    ("leavers_headcount", "leavers", "headcount"),
    ("turnover_rate_fte", "turnover rate", "%"),
    ("turnover_rate_headcount", "turnover rate (headcount)", "%"),
    ("agency_fte", "agency social workers", "FTE"),
    ("agency_headcount", "agency social workers", "headcount"),
    ("agency_rate_fte", "agency worker rate", "%"),
    ("agency_rate_headcount", "agency worker rate (headcount)", "%"),
    ("agency_cover_fte", "agency workers covering vacancies", "FTE"),
    ("agency_cover_rate_fte", "agency workers covering vacancies", "%"),
    ("vacancy_fte", "vacancies", "FTE"),
    ("vacancy_rate_fte", "vacancy rate", "%"),
    ("vacancy_agency_cover_rate_fte", "vacancies covered by agency workers", "%"),
    ("case_holders_fte", "social workers holding cases", "FTE"),
    ("cases", "cases held", "cases"),
    ("caseload_fte", "average caseload", "cases"),
    ("working_days_lost_fte", "working days lost to sickness", "days"),
    ("absence_rate_fte", "sickness absence rate", "%"),
)
#: The comparison the board pack and full document draw, in this order.
HEADLINE = (
    "vacancy_rate_fte",
    "agency_rate_fte",
    "turnover_rate_fte",
    "caseload_fte",
    "absence_rate_fte",
)
#: Every indicator's direction: lower is better for all five headline figures.
LOWER_IS_BETTER = frozenset(HEADLINE)
