"""How uncertain a pace is, from its yearly values: the level it is projected at, and the
year-to-year noise around it.

A programme's output (a team kind's m² per team-year, or a stage's yearly work in the
past-release pace) varies from year to year. Two things follow for a forecast, and they are
not the same:

- **Level**: the calibration takes the median of *n* yearly values. That median is itself
  uncertain, by its standard error, about ``1.2533 · s / √n`` in logs (the median of a
  normal sample; *s* the yearly spread). With three years it is wide; with ten it is
  narrow. It is drawn once per draw (:data:`LEVEL_QUANTILE` Student *t* quantile, since *s*
  is estimated too).
- **Noise**: each future year varies around the level by the yearly spread itself, drawn
  year by year, so that over several years it averages out, as real output does, and the
  mean of a year's output (not its median) drives the cumulative release.

Taking the whole yearly spread as a level instead (every year of a draw at its P10, or at
its P90) makes far years too uncertain and, with a median centre, releases too little on
average; leaving the level's standard error out makes a short history look certain. The
synthetic-truth harness (``tests/forecast/test_calibration_harness.py``) measures both.

The spread *s* of the logs is shrunk towards :data:`PACE_PRIOR_SD_LOG` with the weight of
:data:`PACE_PRIOR_WEIGHT_YEARS` years (three years of record can agree by chance), and the
noise carries the Student *t* predictive factor ``√(ν / (ν − 2))``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = [
    "LEVEL_QUANTILE",
    "MEDIAN_SE_FACTOR",
    "PACE_PRIOR_SD_LOG",
    "PACE_PRIOR_WEIGHT_YEARS",
    "REVISION_PRIOR_SD",
    "REVISION_PRIOR_WEIGHT_YEARS",
    "PaceSpread",
    "RevisionSpread",
    "pace_spread",
    "revision_spread",
]

PACE_PRIOR_SD_LOG = 0.2
"""Year-to-year spread of a programme's output (standard deviation of its log) before its
record says otherwise: about ±20% a year, the order of the operators' own planning margins
(weather, access, accreditation, the site mix); the sample histories vary by 10–35%."""
PACE_PRIOR_WEIGHT_YEARS = 2.0
"""Years of record the prior spread counts as (ν₀): enough that three identical years do not
make a pace certain, little enough that five years of record outweigh it."""
MEDIAN_SE_FACTOR = math.sqrt(math.pi / 2)
"""Standard error of a sample median over that of a sample mean, for normal data (1.2533)."""
LEVEL_QUANTILE = 0.9
"""The level's P90 is this Student-t quantile of its standard error (P10 the opposite)."""


@dataclass(frozen=True)
class PaceSpread:
    """The level's P10 and P90 (multipliers of the calibrated value, P50 = 1) and the yearly
    noise (standard deviation of the log of a year's output around the level); ``n``: the
    yearly values behind them."""

    level_p10: float
    level_p90: float
    noise_sd_log: float
    n: int


def pace_spread(values: np.ndarray) -> PaceSpread | None:
    """The level's width and the yearly noise of a pace with these yearly values (m², or m²
    per team-year; years with no output are left out); ``None`` without two positive
    values."""
    v = np.asarray(values, dtype=float)
    x = np.log(v[v > 0])
    n = len(x)
    if n < 2:
        return None
    nu = PACE_PRIOR_WEIGHT_YEARS + n - 1
    s2 = (PACE_PRIOR_WEIGHT_YEARS * PACE_PRIOR_SD_LOG**2 + float(((x - x.mean()) ** 2).sum())) / nu
    s = math.sqrt(s2)
    half = float(stats.t.ppf(LEVEL_QUANTILE, nu)) * MEDIAN_SE_FACTOR * s / math.sqrt(n)
    noise = s * math.sqrt(nu / (nu - 2))  # ν ≥ 3 from two values on
    return PaceSpread(math.exp(-half), math.exp(half), noise, n)


REVISION_PRIOR_SD = 0.02
"""Yearly revision of the stock outside the release records (re-survey, new finds, rounding),
as a share of the opening stock, before the country's record says otherwise: 2% a year, a
year's release in a programme that would take fifty years (primer §8: revisions can be as
large as a year's release)."""
REVISION_PRIOR_WEIGHT_YEARS = 2.0
"""Years of record the prior counts as, for the revisions' spread and for their level (whose
prior is no revision)."""


@dataclass(frozen=True)
class RevisionSpread:
    """The yearly revision of the stock, in logs of the yearly factor: its level
    (``drift_log``, the record's mean shrunk towards none), the level's standard error
    (``drift_sd_log``, drawn once per draw) and the yearly noise around it
    (``noise_sd_log``); ``n``: the years behind them."""

    drift_log: float
    drift_sd_log: float
    noise_sd_log: float
    n: int


def revision_spread(fractions: np.ndarray) -> RevisionSpread:
    """The yearly revision from the stocks reconciliation's unexplained yearly changes as
    shares of the opening stock.

    A State whose re-surveys have cancelled some of its stock every year will likely go on
    (or whose new finds keep adding): the record's mean revision is the level, shrunk
    towards none with the weight of :data:`REVISION_PRIOR_WEIGHT_YEARS` years (a normal
    model with a normal–inverse-gamma prior: mean 0, spread :data:`REVISION_PRIOR_SD`).
    Each draw takes a level within its standard error; each year varies around it by the
    spread, with the Student *t* predictive factor ``√(ν / (ν − 2))``.
    """
    x = np.log1p(np.clip(np.asarray(fractions, dtype=float), -0.95, None))
    n = len(x)
    k0 = v0 = REVISION_PRIOR_WEIGHT_YEARS
    mean = float(x.mean()) if n else 0.0
    kappa, nu = k0 + n, v0 + n
    ss = float(((x - mean) ** 2).sum())
    s2 = (v0 * REVISION_PRIOR_SD**2 + ss + k0 * n / kappa * mean**2) / nu
    return RevisionSpread(
        drift_log=n * mean / kappa,
        drift_sd_log=math.sqrt(s2 / kappa),
        noise_sd_log=math.sqrt(s2 * nu / (nu - 2)),
        n=n,
    )
