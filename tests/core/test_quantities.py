"""Figures as written: the words kept for print, the number kept for charts and comparisons."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lws.core.quantities import (
    QUANTITY_PATTERN,
    format_count,
    format_counts,
    format_money,
    format_number,
    format_quantity,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("written", "value", "kind", "qualifier"),
    [
        ("£950,400", 950400, "money", None),
        ("£950.50", 950.5, "money", None),
        ("£1.2m", 1200000, "money", None),
        ("80:20", 80, "ratio", None),
        ("1:3", 25, "ratio", None),
        ("25-30", 27.5, "range", None),
        ("25–30", 27.5, "range", None),
        ("~700", 700, "number", "about"),
        ("c. 700 staff", 700, "number", "about"),
        ("more than 40", 40, "number", "more_than"),
        ("over 1,000 practitioners", 1000, "number", "more_than"),
        ("almost 50%", 50, "percent", "almost"),
        ("not available", None, "none", None),
        ("N/A", None, "none", None),
        ({"as_written": "around seven hundred", "value": 700}, 700, "written", None),
        ({"as_written": "not yet measured"}, None, "written", None),
    ],
)
def test_forms_keep_the_words_and_the_number(
    written: Any, value: float | None, kind: str, qualifier: str | None
) -> None:
    found = parse_quantity(written)
    assert found is not None
    assert (found.value, found.kind, found.qualifier) == (value, kind, qualifier)
    shown = written["as_written"] if isinstance(written, dict) else written
    assert format_quantity(written) == shown  # printed exactly as written


def test_a_range_keeps_its_ends() -> None:
    found = parse_quantity("£3k-£5k")
    assert found is not None and (found.low, found.high, found.value) == (3000, 5000, 4000)


@pytest.mark.parametrize(
    "bad", ["seven", "30-25", "50 %", True, None, {"as_written": ""}, {"value": 3}, [1]]
)
def test_not_figures(bad: Any) -> None:
    assert parse_quantity(bad) is None


def test_absurdly_large_figures_are_not_figures() -> None:
    assert parse_quantity("£999,999,999,999,999").value == 999_999_999_999_999  # type: ignore[union-attr]
    for bad in (
        "£1,000,000,000,000,000",
        "9" * 4000,
        "1:" + "9" * 40,
        "1-" + "9" * 30,
        "2000000000m",
    ):
        assert parse_quantity(bad) is None, bad


def test_plain_numbers_print_in_en_gb_form() -> None:
    assert format_number(950400) == "950,400"
    assert format_number(1234.5) == "1,234.5"
    assert format_money(950400) == "£950,400"
    assert format_money(950.5) == "£950.50"
    assert format_quantity(950400, "£") == "£950,400"
    assert format_quantity(12.5, "%") == "12.5%"
    assert format_quantity(3, "days") == "3 days"
    assert format_quantity("~700", "staff") == "~700"  # words are never decorated


@given(st.text(alphabet="0123456789,.:£%~-– moretanbuvsfcalilN/A", max_size=16))
def test_every_figure_lws_reads_matches_the_editor_pattern(text: str) -> None:
    if parse_quantity(text) is not None:
        assert re.match(QUANTITY_PATTERN, text)


def test_counts_under_ten_are_words_unless_said_beside_a_larger_one() -> None:
    assert format_counts(2, 3) == ["two", "three"]
    assert format_counts(0, 9) == ["none", "nine"]
    assert format_counts(2, 15) == ["2", "15"]  # one sentence never mixes the two
    assert format_counts(1200) == ["1,200"]  # through format_number, as every number is
    assert (format_count(1), format_count(10)) == ("one", "10")
