"""One palette for every chart: the app's Plotly figures and the DOCX annex's matplotlib charts.

Colours come from Okabe & Ito's palette for colour-vision deficiencies (Okabe M., Ito K.,
*Color Universal Design*, 2008), so that a category keeps its colour everywhere and stays
distinguishable for readers with protanopia or deuteranopia. Within each group (status,
contamination type, release method) every colour differs from the others; the test
``tests/reports/test_palette.py`` checks this in normal and simulated red-green-deficient
vision. Colours are ``#RRGGBB`` strings, which both Plotly and matplotlib accept.
"""

from __future__ import annotations

from landrelease.domain.enums import ContaminationType, HazardStatus, ReleaseMethod

__all__ = [
    "BLACK",
    "BLUE",
    "BLUISH_GREEN",
    "COVERED",
    "DEADLINE",
    "FORECAST_BAND",
    "FORECAST_MEDIAN",
    "FUNDING_GAP",
    "GREY",
    "METHOD_COLOURS",
    "ORANGE",
    "PLAN_LINE",
    "REDDISH_PURPLE",
    "REQUESTED_DEADLINE",
    "SCENARIO_COLOURS",
    "SKY_BLUE",
    "STATUS_COLOURS",
    "TARGET",
    "TYPE_COLOURS",
    "UNKNOWN",
    "VERMILLION",
    "YELLOW",
    "colour_of",
]

# Okabe-Ito
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"
GREY = "#999999"
"""Neutral grey (not an Okabe-Ito hue): targets and values outside the categories."""

STATUS_COLOURS = {
    HazardStatus.SHA.value: SKY_BLUE,  # suspected: light, cool
    HazardStatus.CHA.value: VERMILLION,  # confirmed: strong, warm
}
"""SHA and CHA: a light blue against a strong red-orange, apart in hue and in lightness."""

TYPE_COLOURS = {
    ContaminationType.AP_MINE.value: VERMILLION,
    ContaminationType.AP_IMPROVISED.value: YELLOW,
    ContaminationType.AV_MINE.value: BLUE,
    ContaminationType.CLUSTER_MUNITION.value: BLUISH_GREEN,
    ContaminationType.ERW.value: SKY_BLUE,
    ContaminationType.MIXED.value: BLACK,
}
"""Contamination types: the two anti-personnel types warm (vermillion, yellow), anti-vehicle
mines a dark blue, far from both (they were near-identical oranges, #D55E00 and #E69F00,
before). Of all sets of six Okabe-Ito colours this one keeps the smallest difference between
two types largest across normal, protanope and deuteranope vision. Yellow is light: draw
markers of these colours with a dark outline."""

METHOD_COLOURS = {
    ReleaseMethod.CANCELLED.value: ORANGE,
    ReleaseMethod.REDUCED.value: BLUISH_GREEN,
    ReleaseMethod.CLEARED.value: BLUE,
    ReleaseMethod.RELEASED_BY_SURVEY.value: SKY_BLUE,
    ReleaseMethod.RELEASED_UNSPECIFIED.value: BLACK,
}
"""Release methods: cancelled (NTS), reduced (TS), cleared; and the two a history may give
when it does not split them: released by survey (cancelled and reduced), unspecified."""

COVERED = BLUE
"""Cost covered by the funding counted."""
FUNDING_GAP = VERMILLION
"""Cost not covered: the funding gap."""
DEADLINE = BLACK
"""The current Article 5 deadline (a dashed line)."""
REQUESTED_DEADLINE = BLUISH_GREEN
"""The deadline a request asks for (a dotted line)."""
FORECAST_BAND = SKY_BLUE
"""The forecast's P10–P90 band (drawn light, see-through)."""
FORECAST_MEDIAN = BLUE
"""The forecast's P50 line: the band's own hue, darker."""
PLAN_LINE = VERMILLION
"""The plan as projected, beside the forecast: a warm line against the cool band."""
TARGET = GREY
"""Milestone targets, beside what was achieved (:data:`COVERED`)."""
UNKNOWN = GREY
"""A category value the palette does not know."""
SCENARIO_COLOURS = (BLUE, VERMILLION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE)
"""Scenarios compared on one chart, in order."""


def colour_of(value: str, colours: dict[str, str]) -> str:
    """The colour of category ``value`` in ``colours``, or :data:`UNKNOWN`."""
    return colours.get(value, UNKNOWN)
