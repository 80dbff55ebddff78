"""Template 12's risk scales and bands: probability × impact, each 1–5, in three bands.

Written once here; the render context, the charts, the health checks and ``lws diff`` all
read them from this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

#: Template 12, probability (likelihood of occurrence), 1 to 5.
PROBABILITY_LABELS: Final = ("rare", "possible", "likely", "probable", "almost certain")
#: Template 12, impact (most likely impact, if in doubt grade up), 1 to 5.
IMPACT_LABELS: Final = ("insignificant", "minor", "moderate", "major", "catastrophic")

#: Both scales run from 1 to 5.
SCALE: Final = range(1, 6)

#: A risk's score is probability × impact (1–25). HIGH from this score up…
RISK_HIGH_MIN: Final = 15
#: …MEDIUM from this one up to RISK_HIGH_MIN − 1, LOW below it.
RISK_MEDIUM_MIN: Final = 6


@dataclass(frozen=True)
class RiskBand:
    """One band of template 12's risk matrix, with the guide's advice and its colour."""

    name: str  # HIGH, MEDIUM or LOW
    low: int  # lowest score in the band
    high: int  # highest score in the band
    action: str  # the guide's words for what to do
    colour: str  # the band's fill on the heat map

    @property
    def key(self) -> str:
        """The band as data: ``high``, ``medium`` or ``low``."""
        return self.name.lower()


#: Bands from the highest down. The guide names them (HIGH – plan immediate action, MEDIUM –
#: review closely, LOW – limited action, long term plans) without the score limits; these
#: put 3×5, 4×4 and above in HIGH and a rare or insignificant risk (a 1 on either scale)
#: in LOW whatever the other scale says. A score of 6 (possible × moderate, likely × minor)
#: is MEDIUM, not LOW: the guide asks to grade up when in doubt, and a risk that is likely
#: to happen, or would do moderate harm, is one to review closely. These limits are the only
#: ones: the example's comments, the charts' captions and README quote them.
RISK_BANDS: Final = (
    RiskBand("HIGH", RISK_HIGH_MIN, 25, "plan immediate action", "#ef9a80"),
    RiskBand("MEDIUM", RISK_MEDIUM_MIN, RISK_HIGH_MIN - 1, "review closely", "#fbd87f"),
    RiskBand("LOW", 1, RISK_MEDIUM_MIN - 1, "limited action, long term plans", "#b7dfc3"),
)


def risk_score(probability: int, impact: int) -> int:
    """Template 12's score: probability × impact, each 1–5."""
    if probability not in SCALE or impact not in SCALE:
        raise ValueError(f"probability and impact must be 1 to 5, not {probability}, {impact}")
    return probability * impact


def band_of(score: int) -> RiskBand:
    """The band (HIGH, MEDIUM or LOW) a score of 1–25 falls in."""
    for band in RISK_BANDS:
        if band.low <= score <= band.high:
            return band
    raise ValueError(f"a risk score is 1 to 25, not {score}")


def risk_band(probability: int, impact: int) -> RiskBand:
    """The band (HIGH, MEDIUM or LOW) of a risk of this probability and impact."""
    return band_of(risk_score(probability, impact))


def probability_label(probability: int) -> str:
    """``3`` → ``likely``."""
    risk_score(probability, 1)  # validates
    return PROBABILITY_LABELS[probability - 1]


def impact_label(impact: int) -> str:
    """``3`` → ``moderate``."""
    risk_score(1, impact)  # validates
    return IMPACT_LABELS[impact - 1]
