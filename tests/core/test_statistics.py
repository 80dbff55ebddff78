"""Published figures: a number, or the release's symbol, never zero."""

from __future__ import annotations

import pytest

from lws.core.statistics import (
    HEADLINE,
    INDICATORS,
    SYMBOLS,
    Statistic,
    is_statistic,
    meaning,
    parse_statistic,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (18.9, Statistic("18.9", 18.9)),
        (16.0, Statistic("16", 16.0)),
        (412, Statistic("412", 412)),
        ("18.9", Statistic("18.9", 18.9)),
        (" 337055 ", Statistic("337055", 337055)),
        ("1,234.5", Statistic("1,234.5", 1234.5)),
        ("0", Statistic("0", 0)),
        ("-1.5", Statistic("-1.5", -1.5)),
        (".5", Statistic(".5", 0.5)),
        ("c", Statistic("c", None)),
        ("low", Statistic("low", None)),
        (":", Statistic(":", None)),
        ("twelve", None),
        ("C", None),
        ("", None),
        ("1.2.3", None),
        (True, None),
        (None, None),
        ([1], None),
    ],
)
def test_parse_statistic(value: object, expected: Statistic | None) -> None:
    assert parse_statistic(value) == expected


def test_a_symbol_is_never_zero() -> None:
    for symbol in SYMBOLS:
        found = parse_statistic(symbol)
        assert found is not None
        assert found.value is None
        assert found.symbol == symbol
    assert parse_statistic(0) == Statistic("0", 0)
    assert parse_statistic(0).symbol is None  # type: ignore[union-attr]
    assert meaning("c") == "suppressed to protect confidential information"
    assert meaning("low") == "rounds to 0, but is not 0"


@pytest.mark.parametrize(
    ("value", "held"),
    [(18.9, True), (0, True), ("c", True), (":", True), ("18.9", False), ("n/a", False),
     (False, False), (None, False)],
)  # fmt: skip
def test_is_statistic(value: object, held: bool) -> None:
    assert is_statistic(value) is held


def test_indicators_are_the_release_columns_in_order() -> None:
    names = list(INDICATORS)
    assert names[0] == "inpost_fte"
    assert names[-1] == "absence_rate_fte"
    assert len(names) == 22
    assert set(HEADLINE) <= set(names)
    assert INDICATORS["vacancy_rate_fte"].unit == "%"
