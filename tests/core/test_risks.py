"""Template 12's scales and bands, written once in core."""

from __future__ import annotations

import pytest

from lws.core.risks import (
    IMPACT_LABELS,
    PROBABILITY_LABELS,
    RISK_BANDS,
    RISK_HIGH_MIN,
    RISK_MEDIUM_MIN,
    band_of,
    impact_label,
    probability_label,
    risk_band,
    risk_score,
)

# Template 12, probability 5 (top) to 1, impact 1 (left) to 5.
BAND_GRID = """
L M H H H
L M M H H
L M M M H
L L M M M
L L L L L
"""


def test_risk_bands_follow_the_documented_scores() -> None:
    rows = BAND_GRID.split()
    got = [risk_band(p, i).name[0] for p in range(5, 0, -1) for i in range(1, 6)]
    assert got == rows
    covered = sorted(score for band in RISK_BANDS for score in range(band.low, band.high + 1))
    assert covered == list(range(1, 26))
    assert (RISK_HIGH_MIN, RISK_MEDIUM_MIN) == (15, 6)


@pytest.mark.parametrize(
    ("score", "name", "key"),
    [
        (25, "HIGH", "high"),
        (15, "HIGH", "high"),
        (14, "MEDIUM", "medium"),
        (6, "MEDIUM", "medium"),
        (5, "LOW", "low"),
        (1, "LOW", "low"),
    ],
)
def test_band_edges(score: int, name: str, key: str) -> None:
    band = band_of(score)
    assert (band.name, band.key) == (name, key)


@pytest.mark.parametrize("score", [0, 26, -1])
def test_a_score_outside_the_matrix_has_no_band(score: int) -> None:
    with pytest.raises(ValueError, match="1 to 25"):
        band_of(score)


@pytest.mark.parametrize(("probability", "impact"), [(0, 3), (6, 1), (3, 0), (1, 6)])
def test_scales_run_from_1_to_5(probability: int, impact: int) -> None:
    with pytest.raises(ValueError, match="must be 1 to 5"):
        risk_score(probability, impact)
    with pytest.raises(ValueError):
        risk_band(probability, impact)


def test_labels_name_each_point_of_the_scales() -> None:
    assert [probability_label(p) for p in range(1, 6)] == list(PROBABILITY_LABELS)
    assert [impact_label(i) for i in range(1, 6)] == list(IMPACT_LABELS)
    assert (probability_label(1), probability_label(5)) == ("rare", "almost certain")
    assert (impact_label(1), impact_label(5)) == ("insignificant", "catastrophic")
    with pytest.raises(ValueError):
        probability_label(0)
    with pytest.raises(ValueError):
        impact_label(6)
