"""The one palette: a colour for every category, all clearly different, also for readers with
red-green colour-vision deficiency; the app's figures and the DOCX charts both use it."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from landrelease.domain.enums import ContaminationType, HazardStatus, ReleaseMethod
from landrelease.reports import palette

GROUPS = {
    "status": (palette.STATUS_COLOURS, HazardStatus),
    "contamination type": (palette.TYPE_COLOURS, ContaminationType),
    "release method": (palette.METHOD_COLOURS, ReleaseMethod),
}
OKABE_ITO = {
    palette.ORANGE,
    palette.SKY_BLUE,
    palette.BLUISH_GREEN,
    palette.YELLOW,
    palette.BLUE,
    palette.VERMILLION,
    palette.REDDISH_PURPLE,
    palette.BLACK,
}
# Machado, Oliveira & Fernandes (2009), severity 1, applied to linear RGB.
VISION = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
}
MIN_DIFFERENCE = 15.0
"""Smallest CIEDE2000 difference allowed between two colours of one group. The orange pair
the app used for ap_mine and av_mine (#D55E00, #E69F00), which users found near-identical,
differs by 12.5 for a deuteranope; 15 keeps every pair clearly apart."""


def _lab(colour: str, vision: np.ndarray) -> tuple[float, float, float]:
    """CIELAB (D65) of ``#RRGGBB`` as seen with ``vision``."""
    rgb = np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    linear = np.clip(vision @ linear, 0.0, 1.0)
    to_xyz = np.array(
        [[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]
    )
    xyz = to_xyz @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def _ciede2000(lab1: tuple[float, float, float], lab2: tuple[float, float, float]) -> float:
    """Colour difference CIEDE2000 (Sharma, Wu & Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean**7 / (c_mean**7 + 25**7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1, h2 = math.degrees(math.atan2(b1, a1)) % 360, math.degrees(math.atan2(b2, a2)) % 360
    dh = 0.0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    d_l, d_c = l2 - l1, c2 - c1
    d_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(dh / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        h_mean = h1 + h2
    elif abs(h1 - h2) <= 180:
        h_mean = (h1 + h2) / 2
    else:
        h_mean = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (
        1
        - 0.17 * math.cos(math.radians(h_mean - 30))
        + 0.24 * math.cos(math.radians(2 * h_mean))
        + 0.32 * math.cos(math.radians(3 * h_mean + 6))
        - 0.20 * math.cos(math.radians(4 * h_mean - 63))
    )
    rotation = 30 * math.exp(-(((h_mean - 275) / 25) ** 2))
    r_c = 2 * math.sqrt(c_mean**7 / (c_mean**7 + 25**7))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c, s_h = 1 + 0.045 * c_mean, 1 + 0.015 * c_mean * t
    r_t = -math.sin(math.radians(2 * rotation)) * r_c
    return math.sqrt(
        (d_l / s_l) ** 2 + (d_c / s_c) ** 2 + (d_h / s_h) ** 2 + r_t * (d_c / s_c) * (d_h / s_h)
    )


def _smallest_difference(colours: dict[str, str]) -> tuple[float, str, str, str]:
    return min(
        (_ciede2000(_lab(c1, m), _lab(c2, m)), v1, v2, seen)
        for (v1, c1), (v2, c2) in itertools.combinations(colours.items(), 2)
        for seen, m in VISION.items()
    )


def test_the_difference_measure_knows_a_published_pair():
    # Sharma, Wu & Dalal (2005), table 1, pair 1: ΔE00 = 2.0425
    assert _ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(
        2.0425, abs=1e-4
    )


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_category_has_its_own_okabe_ito_colour(group):
    colours, enum = GROUPS[group]
    assert set(colours) == {member.value for member in enum}
    assert len(set(colours.values())) == len(colours), colours
    assert set(colours.values()) <= OKABE_ITO


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_colours_of_a_group_are_clearly_different_also_with_red_green_deficiency(group):
    difference, one, other, seen = _smallest_difference(GROUPS[group][0])
    assert difference >= MIN_DIFFERENCE, (one, other, seen, round(difference, 1))


def test_the_old_near_identical_oranges_would_fail():
    difference, *_ = _smallest_difference({"ap_mine": "#D55E00", "av_mine": "#E69F00"})
    assert difference < MIN_DIFFERENCE


def test_unknown_values_are_grey():
    assert palette.colour_of("sha", palette.STATUS_COLOURS) == palette.SKY_BLUE
    assert palette.colour_of("other", palette.STATUS_COLOURS) == palette.UNKNOWN
