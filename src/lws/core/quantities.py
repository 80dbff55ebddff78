"""Figures as strategies write them: money, ratios, ranges, approximations, or no figure at all.

Real strategies give "£950,400", "80:20", "25–30", "~700", "more than 40", "almost 50%" and
"not available" as often as 42. A :class:`Quantity` keeps the author's words for print and the
number for charts and comparisons. It is written in a section file as

* a plain number: ``42``, ``-1.5`` (printed in en-GB form: ``950,400``);
* the words in quotes: ``'£950,400'``, ``'80:20'``, ``'25-30'``, ``'~700'``,
  ``'more than 40'``, ``'almost 50%'``, ``'£1.2m'``, ``'not available'``;
* or, for words lws cannot read a number from, both: ``{as_written: 'around seven hundred',
  value: 700}``.

The number of a range is its midpoint (its ends are kept), of a ratio its first term's share
of the whole in per cent (``80:20`` → 80, ``1:3`` → 25), of "not available" none. Numbers and
money are formatted with Babel's en-GB rules, loaded only when a plain number is printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: No figure in a strategy comes near a thousand million million (a national budget is
#: 10^12): a larger number is a pasted or repeated run of digits, and is refused where it is
#: read (the loader, :func:`parse_quantity`) rather than printed, charted or compared.
MAX_NUMBER = 10**15

_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_SCALE = r"(?:k|m|bn| thousand| million| billion)"
_AMOUNT = rf"£?{_NUMBER}{_SCALE}?%?"
_QUALIFIERS = {
    "about": r"~|c\. ?|ca\. ?|circa |about |around |approximately |approx\. ?|roughly ",
    "more_than": r"more than |over |above |> ?",
    "at_least": r"at least |≥ ?|>= ?",
    "less_than": r"less than |fewer than |under |below |< ?",
    "at_most": r"up to |at most |no more than |≤ ?|<= ?",
    "almost": r"almost |nearly |just under ",
}
_NONE_WORDS = (
    r"not available|not known|unknown|n/a|N/A|none recorded|not recorded|no data|TBC|tbc|—|-"
)
_QUALIFIER = "|".join(f"(?P<{k}>{v})" for k, v in _QUALIFIERS.items())
#: Every quantity written as words, as a regular expression that JSON Schema (ECMA 262)
#: reads the same way: a qualifier, then a ratio, a range or an amount, then any unit words.
QUANTITY_PATTERN = (
    rf"^(?:(?P<none>{_NONE_WORDS})|(?:{_QUALIFIER})?(?:"
    rf"(?P<ratio>(?P<ra>{_NUMBER}) ?: ?(?P<rb>{_NUMBER}))"
    rf"|(?P<range>(?P<lo>{_AMOUNT}) ?(?:-|–|—| to ) ?(?P<hi>{_AMOUNT}))"
    rf"|(?P<amount>{_AMOUNT}))(?P<words> [A-Za-z][A-Za-z '’-]*)?)$"
)
_PATTERN = re.compile(QUANTITY_PATTERN)
_SCALES = {"k": 1e3, "m": 1e6, "bn": 1e9, " thousand": 1e3, " million": 1e6, " billion": 1e9}
_SCALED = re.compile(rf"^(£?)({_NUMBER})({_SCALE})?(%?)$")

#: How a figure may be written, for schema messages and the authoring guide.
FORMS = (
    "a number (42), or the figure as written in quotes: '£950,400', '80:20', '25-30', '~700', "
    "'more than 40', 'almost 50%', 'not available' (or {as_written: '…', value: 700})"
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure: the words to print and the number to compare (None when there is none)."""

    text: str
    value: int | float | None
    kind: str  # number, money, percent, ratio, range, written or none
    qualifier: str | None = None  # about, more_than, at_least, less_than, at_most, almost
    low: int | float | None = None
    high: int | float | None = None

    @property
    def exact(self) -> bool:
        return self.qualifier is None and self.kind not in ("range", "none", "written")


def parse_quantity(value: Any) -> Quantity | None:
    """The quantity ``value`` stands for, or None when it is not a figure lws can read."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return Quantity(format_number(value), value, "number")
    if isinstance(value, dict):
        return _written(value)
    if not isinstance(value, str):
        return None
    m = _PATTERN.match(value)
    if m is None:
        return None
    if m["none"]:
        return Quantity(value, None, "none")
    qualifier = next((k for k in _QUALIFIERS if m[k]), None)
    if m["ratio"]:
        a, b = _number(m["ra"]), _number(m["rb"])
        if not max(a, b) < MAX_NUMBER:
            return None
        share = 100 * a / (a + b) if a + b else None
        return Quantity(value, _tidy(share), "ratio", qualifier)
    if m["range"]:
        low, high = _amount(m["lo"])[0], _amount(m["hi"])[0]
        if high < low or not high < MAX_NUMBER:
            return None
        return Quantity(value, _tidy((low + high) / 2), "range", qualifier, low, high)
    number, kind = _amount(m["amount"])
    if not abs(number) < MAX_NUMBER:
        return None
    return Quantity(value, number, kind, qualifier)


def _written(value: dict[Any, Any]) -> Quantity | None:
    text, number = value.get("as_written"), value.get("value")
    if set(value) - {"as_written", "value"} or not isinstance(text, str) or not text.strip():
        return None
    if number is not None and (isinstance(number, bool) or not isinstance(number, int | float)):
        return None
    return Quantity(text, number, "written")


def _number(text: str) -> int | float:
    plain = text.replace(",", "")
    return float(plain) if "." in plain else int(plain)


def _amount(text: str) -> tuple[int | float, str]:
    m = _SCALED.match(text)
    assert m is not None  # the pattern admitted it
    number = _number(m[2])
    if m[3]:
        number = _tidy(number * _SCALES[m[3]])
    kind = "money" if m[1] else "percent" if m[4] else "number"
    return number, kind


def _tidy(number: float | int | None) -> Any:
    """A whole float as an int (1.2m is 1200000, not 1200000.0)."""
    if isinstance(number, float) and number.is_integer():
        return int(number)
    return round(number, 6) if isinstance(number, float) else number


def format_number(value: int | float) -> str:
    """A number in en-GB form: ``950,400``, ``1,234.5``, ``-3``."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, format="#,##0.######", locale="en_GB"))


#: A count under ten in prose is a word ("two of its three questions"), as most councils'
#: house styles have it; ten and above, and any count in a table, is a numeral.
_COUNT_WORDS = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def format_counts(*counts: int) -> list[str]:
    """Counts said together in one sentence: each in words when every one is under ten
    (``2, 3`` → ``two, three``; ``0`` → ``none``), else each as a numeral (``2, 15`` →
    ``2, 15``), so that one sentence never mixes the two. Capitalise at a sentence's start."""
    if all(0 <= n < len(_COUNT_WORDS) for n in counts):
        return [_COUNT_WORDS[n] for n in counts]
    return [format_number(n) for n in counts]


def format_count(count: int) -> str:
    """One count in prose: ``two``, ``none``, ``12`` (see :func:`format_counts`)."""
    return format_counts(count)[0]


def format_money(value: int | float) -> str:
    """Pounds in en-GB form: ``£950,400``, ``£950.50`` (pence only when there are some)."""
    from babel.numbers import format_currency

    whole = float(value).is_integer()
    pattern = "¤#,##0" if whole else "¤#,##0.00"
    return str(format_currency(value, "GBP", format=pattern, locale="en_GB", currency_digits=False))


def format_percent(share: float, decimals: int = 0) -> str:
    """A share (0.214) as an en-GB percentage: ``21%``, or ``21.4%`` with ``decimals=1``."""
    from babel.numbers import format_percent as babel_percent

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "") + "%"
    return str(babel_percent(share, format=pattern, locale="en_GB"))


def with_unit(number: str, unit: str | None) -> str:
    """A formatted number and its unit as en-GB prints them: ``38%``, ``38% of all CAFs``,
    ``4,000 people``, ``£950,400`` (the pound sign goes before the number)."""
    if not unit:
        return number
    if unit == "£":
        return f"£{number}"
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}"


def format_quantity(value: Any, unit: str | None = None) -> str:
    """A figure for print: the author's words as written, or a plain number in en-GB form
    (as money when ``unit`` is ``£``); a unit is added only to a plain number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        found = parse_quantity(value)
        return found.text if found else "" if value is None else str(value)
    if unit == "£":
        return format_money(value)
    return with_unit(format_number(value), unit)
