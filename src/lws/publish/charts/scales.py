"""The guide's scales as the charts draw them: risk probability, impact and bands; RAG."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

# -- the guide's scales --------------------------------------------------------------------

#: Template 12, probability (likelihood of occurrence), 1 to 5.
PROBABILITY_LABELS: Final = ("rare", "possible", "likely", "probable", "almost certain")
#: Template 12, impact (most likely impact, if in doubt grade up), 1 to 5.
IMPACT_LABELS: Final = ("insignificant", "minor", "moderate", "major", "catastrophic")

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
    colour: str


#: Bands from the highest down. The guide names them (HIGH – plan immediate action, MEDIUM –
#: review closely, LOW – limited action, long term plans) without the score limits; these
#: put 3×5, 4×4 and above in HIGH and a rare or insignificant risk (a 1 on either scale)
#: in LOW whatever the other scale says.
RISK_BANDS: Final = (
    RiskBand("HIGH", RISK_HIGH_MIN, 25, "plan immediate action", "#ef9a80"),
    RiskBand("MEDIUM", RISK_MEDIUM_MIN, RISK_HIGH_MIN - 1, "review closely", "#fbd87f"),
    RiskBand("LOW", 1, RISK_MEDIUM_MIN - 1, "limited action, long term plans", "#b7dfc3"),
)

#: Action statuses (the ``rag`` rule of the schema), in the order they are stacked.
RAG_STATUSES: Final = ("red", "amber", "green", "not_yet_started", "complete")
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

#: Ratings of the initiatives × priorities matrix (the ``hml`` rule of the schema).
IMPACT_RATINGS: Final = ("high", "medium", "low")
