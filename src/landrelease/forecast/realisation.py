"""Plan realisation: how much of a plan's yearly pace a State achieves, fitted from its own
track record (or a reference class of other States' plans) and drawn as yearly multipliers.

Model (docs/forecast.md, "Plan realisation"). The log of the ratio achieved / planned in
year *t* of draw *d* is

    x[d, t] = level[d] + u[d, t],   u[d, t] = φ · u[d, t−1] + √(1 − φ²) · σ[d] · ε[d, t]

- ``level`` is the State's own persistent over- or under-achievement: a State below plan
  one year tends to stay below. ``u`` is the year's deviation, an AR(1) with persistence
  φ = :data:`PERSISTENCE` and stationary spread σ.
- **Own record** (``source = "own"``): a normal–inverse-gamma fit of the log-ratios,
  shrunk towards a reference prior (:data:`REFERENCE_PRIOR`: milestones are commonly met at
  70–90%, primer §8). Each draw takes its own σ² (scaled inverse χ²) and level
  (normal, around the shrunk mean, spread σ²/κ), so that a short record gives wide
  multipliers and a long one narrow. Log-ratios, because a ratio is a multiplier: 50% and
  200% are equally far from plan. The mean of an AR(1) series carries less information than
  as many independent years, so the record's weight is its effective size
  ``n · (1 − φ) / (1 + φ)``.
- **Reference class** (``source = "file"``): ratios of other States' plans. Rows grouped by
  ``state`` give each State's level (the mean of its log-ratios) and its yearly deviations;
  without ``state`` each row is one State's level (a plan's achieved / planned over its
  period). A draw is a new State: its level is drawn from the spread of the States' levels
  (between-State variance, plus the uncertainty of their mean), its yearly deviations with
  the pooled within-State σ (the prior's where no State has two rows).
- **None** (``source = "none"``): every multiplier is 1 (the plan's own uncertainty only).

Fewer than :data:`MIN_PAST_MILESTONES` past milestone years are too few to fit a record:
``own`` then falls back to ``none`` with a warning and says so in :attr:`fallback`.

The forecast finds its realisation through :func:`default_realisation` when the caller gives
none: ``[uncertainty] plan_realisation`` (default ``own``). The forecast never reads files, so
``file`` needs the reference class read by the caller
(:func:`landrelease.io.ratios.read_reference_class`; the command line does it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.errors import LandreleaseError, Problem, warn
from landrelease.forecast.track_record import track_record
from landrelease.forecast.uncertainty import Uncertainty
from landrelease.scenario.model import Scenario

__all__ = [
    "MIN_PAST_MILESTONES",
    "PAST_PACE_NOTE",
    "PERSISTENCE",
    "REALISATION_SOURCES",
    "REFERENCE_PRIOR",
    "PlanRealisation",
    "ReferencePrior",
    "ar1_noise",
    "default_realisation",
    "fit_own",
    "fit_reference_class",
    "no_realisation",
    "plan_realisation",
]

PAST_PACE_NOTE = (
    "the scenario's pace is the past release (pace.mode = past_release), already what the "
    "State achieved: no plan to realise"
)
"""The fallback of a past-release scenario (:func:`default_realisation`)."""
REALISATION_SOURCES = ("own", "file", "none")
"""Values of ``[uncertainty] plan_realisation``."""
MIN_PAST_MILESTONES = 3
"""Past milestone years needed to fit the State's own record (issue 11): with two, the
spread of the ratios is a single difference and says nothing."""
PERSISTENCE = 0.5
"""Year-to-year correlation φ of a State's deviation from its usual realisation: a
shortfall halves from one year to the next rather than vanishing (the causes — funding that
arrives late, teams not accredited, access lost — last for more than a year, and milestones
are commonly missed several years running; primer §8). The track records of single States
are too short to estimate it (three to ten ratios), so it is stated, recorded in
:meth:`PlanRealisation.as_dict`, and the State's persistent shortfall is carried by the
level instead."""


@dataclass(frozen=True)
class ReferencePrior:
    """What is known of plans before the State's record: a normal–inverse-gamma prior on
    the log-ratio achieved / planned.

    ``median_ratio``: the usual realisation; ``yearly_sd_log``: the spread σ₀ of one year's
    log-ratio around the State's level; ``level_weight_years`` (κ₀) and
    ``spread_weight_years`` (ν₀): how many years of record the prior's level and spread
    count as.
    """

    median_ratio: float
    yearly_sd_log: float
    level_weight_years: float
    spread_weight_years: float

    @property
    def level_log(self) -> float:
        """μ₀ = log of the median ratio."""
        return math.log(self.median_ratio)


REFERENCE_PRIOR = ReferencePrior(
    median_ratio=0.8, yearly_sd_log=0.2, level_weight_years=2.0, spread_weight_years=4.0
)
"""Milestones are commonly met at 70–90% (primer §8): a median of 80%; with κ₀ = 2 the
prior's level has spread σ₀/√2 ≈ 0.14 in log, i.e. its central 80% runs from about 67% to
96%. A year deviates from the State's level by σ₀ = 0.2 in log (about ±20%). κ₀ = 2 and
ν₀ = 4: the prior counts as two years for the level and four for the spread, so three years
of a State's own record already outweigh it on the level, and the spread, harder to
estimate, leans on it longer."""


def ar1_noise(
    rng: np.random.Generator, sigma: np.ndarray, n_years: int, persistence: float
) -> np.ndarray:
    """Stationary AR(1) deviations per draw (rows, spread ``sigma[d]``) and year (columns):
    ``u[t] = φ u[t−1] + √(1 − φ²) σ ε[t]``, ``u[0] = σ ε[0]``."""
    eps = rng.standard_normal((len(sigma), n_years))
    out = np.empty_like(eps)
    if n_years == 0:
        return out
    out[:, 0] = sigma * eps[:, 0]
    scale = math.sqrt(1.0 - persistence**2) * sigma
    for t in range(1, n_years):
        out[:, t] = persistence * out[:, t - 1] + scale * eps[:, t]
    return out


@dataclass(frozen=True)
class PlanRealisation:
    """The fitted realisation of plans, as multipliers on a plan's yearly pace.

    Log-ratio model (module docstring): the draw's σ² is scaled-inverse-χ²(ν, s²); its level
    is normal with mean ``level_log`` and variance ``σ²/κ + between_var_log``; yearly
    deviations are AR(1) with ``persistence``. ``source``: ``own``, ``file`` or ``none``;
    ``requested``: what the scenario asked for; ``fallback``: why the source differs from
    the request (``None`` when it does not); ``n_ratios``: the ratios fitted; ``years``:
    their years (own record); ``record``: the track record or reference class used.
    """

    source: str
    requested: str
    level_log: float = 0.0
    kappa: float = 1.0
    nu: float = 1.0
    s2_log: float = 0.0
    between_var_log: float = 0.0
    persistence: float = PERSISTENCE
    n_ratios: int = 0
    years: tuple[int, ...] = ()
    fallback: str | None = None
    record: pd.DataFrame | None = None

    @property
    def active(self) -> bool:
        """True when draws are not all 1."""
        return self.source != "none"

    def draw_factors(self, rng: np.random.Generator, n_draws: int, n_years: int) -> np.ndarray:
        """Multipliers on the plan's yearly pace, shape ``(n_draws, n_years)`` (all 1 when
        the source is ``none``; then ``rng`` is not used)."""
        if not self.active:
            return np.ones((n_draws, n_years))
        sigma2 = self.nu * self.s2_log / rng.chisquare(self.nu, n_draws)
        level_sd = np.sqrt(sigma2 / self.kappa + self.between_var_log)
        level = self.level_log + level_sd * rng.standard_normal(n_draws)
        noise = ar1_noise(rng, np.sqrt(sigma2), n_years, self.persistence)
        return np.exp(level[:, None] + noise)

    def quantiles(self, probs: tuple[float, ...] = (0.1, 0.5, 0.9)) -> dict[str, float]:
        """Quantiles of one year's multiplier (from 20,000 draws of a fixed stream), for
        reports: ``{"p10": …, "p50": …, "p90": …}``."""
        draws = self.draw_factors(np.random.default_rng(0), 20_000, 1)[:, 0]
        return {f"p{round(100 * p)}": float(np.quantile(draws, p)) for p in probs}

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON: source, parameters (log scale) and where they came from."""
        out: dict[str, Any] = {
            "requested": self.requested,
            "source": self.source,
            "fallback": self.fallback,
        }
        if not self.active:
            return out
        out.update(
            {
                "model": "log(achieved / planned) = level + AR(1) yearly deviation",
                "median_ratio": round(math.exp(self.level_log), 6),
                "level_log": round(self.level_log, 6),
                "kappa": None if math.isinf(self.kappa) else round(self.kappa, 6),
                "nu": round(self.nu, 6),
                "s2_log": round(self.s2_log, 8),
                "between_var_log": round(self.between_var_log, 8),
                "persistence": self.persistence,
                "n_ratios": self.n_ratios,
                "years": list(self.years),
                "prior": {
                    "median_ratio": REFERENCE_PRIOR.median_ratio,
                    "yearly_sd_log": REFERENCE_PRIOR.yearly_sd_log,
                    "level_weight_years": REFERENCE_PRIOR.level_weight_years,
                    "spread_weight_years": REFERENCE_PRIOR.spread_weight_years,
                },
                "one_year_multiplier": {k: round(v, 4) for k, v in self.quantiles().items()},
            }
        )
        return out


def no_realisation(requested: str = "none", fallback: str | None = None) -> PlanRealisation:
    """Multipliers of 1: the plan's pace as planned (its own uncertainty only)."""
    return PlanRealisation(source="none", requested=requested, fallback=fallback)


def fit_own(
    record: pd.DataFrame,
    *,
    prior: ReferencePrior = REFERENCE_PRIOR,
    persistence: float = PERSISTENCE,
    emit_warning: bool = True,
) -> PlanRealisation:
    """Fit the State's own track record (a table of
    :func:`~landrelease.forecast.track_record.track_record`).

    With fewer than :data:`MIN_PAST_MILESTONES` ratios, returns :func:`no_realisation` with
    ``fallback`` saying so, and (``emit_warning``) a warning.
    """
    x = np.log(record["ratio_fitted"].to_numpy(dtype=float))
    years = tuple(int(y) for y in record["year"])
    if len(x) < MIN_PAST_MILESTONES:
        reason = (
            f"the track record has {len(x)} past milestone year(s) with a release to compare "
            f"(fewer than {MIN_PAST_MILESTONES}): plan realisation falls back to the plan's "
            "own uncertainty"
        )
        if emit_warning:
            warn(
                [
                    Problem(
                        check="plan_realisation",
                        message=reason,
                        expected="[[milestones]] with set_year in country.toml for at least "
                        f"{MIN_PAST_MILESTONES} past years, or [uncertainty] "
                        'plan_realisation = "file" with a reference class',
                        severity="warning",
                    )
                ]
            )
        return no_realisation("own", reason)
    n = len(x)
    n_eff = n * (1.0 - persistence) / (1.0 + persistence)
    mean = float(x.mean())
    ss = float(((x - mean) ** 2).sum())
    k0, v0, m0, s0 = (
        prior.level_weight_years,
        prior.spread_weight_years,
        prior.level_log,
        prior.yearly_sd_log,
    )
    kappa = k0 + n_eff
    nu = v0 + n - 1
    s2 = (v0 * s0**2 + ss + k0 * n_eff / kappa * (mean - m0) ** 2) / nu
    return PlanRealisation(
        source="own",
        requested="own",
        level_log=(k0 * m0 + n_eff * mean) / kappa,
        kappa=kappa,
        nu=nu,
        s2_log=s2,
        persistence=persistence,
        n_ratios=n,
        years=years,
        record=record,
    )


def fit_reference_class(
    ratios: pd.DataFrame,
    *,
    prior: ReferencePrior = REFERENCE_PRIOR,
    persistence: float = PERSISTENCE,
) -> PlanRealisation:
    """Fit a reference class: a table with ``ratio`` (achieved / planned, > 0) and
    optionally ``state`` (rows of one State share a level). See the module docstring."""
    if ratios.empty:
        raise LandreleaseError(
            "plan_realisation_file: the reference class has no ratios; give at least one "
            "row with a ratio (achieved / planned)"
        )
    x = np.log(ratios["ratio"].to_numpy(dtype=float))
    if "state" in ratios.columns and ratios["state"].notna().any():
        groups = ratios["state"].astype(object).where(ratios["state"].notna(), None)
        keys = [f"row {i}" if g is None else str(g) for i, g in enumerate(groups)]
    else:
        keys = [f"row {i}" for i in range(len(x))]
    frame = pd.DataFrame({"g": keys, "x": x})
    levels = frame.groupby("g", sort=False)["x"].mean()
    within = frame["x"] - frame["g"].map(levels)
    df_within = len(frame) - len(levels)
    v0, s0 = prior.spread_weight_years, prior.yearly_sd_log
    nu = v0 + df_within
    s2 = (v0 * s0**2 + float((within**2).sum())) / nu
    k = len(levels)
    centre = float(levels.mean())
    # between-State variance of the levels, shrunk towards the prior's spread of levels
    # (σ₀²/κ₀) with the weight ν₀, like the yearly spread
    prior_between = s0**2 / prior.level_weight_years
    between = (v0 * prior_between + float(((levels - centre) ** 2).sum())) / (v0 + k - 1)
    return PlanRealisation(
        source="file",
        requested="file",
        level_log=centre,
        kappa=math.inf,  # the levels' spread already holds their within-State noise
        nu=nu,
        s2_log=s2,
        between_var_log=between * (1.0 + 1.0 / k),
        persistence=persistence,
        n_ratios=len(x),
        record=ratios,
    )


def plan_realisation(
    country: Country,
    requested: str | None = None,
    *,
    reference: pd.DataFrame | None = None,
    as_of_year: int | None = None,
) -> PlanRealisation:
    """The plan realisation a forecast of ``country`` uses.

    Parameters
    ----------
    country : the country (its milestones, release history and stocks).
    requested : ``[uncertainty] plan_realisation``: ``own``, ``file`` or ``none``; ``None``
        (not given) means ``own``, which falls back to ``none`` with a warning when the
        record has fewer than :data:`MIN_PAST_MILESTONES` past milestone years.
    reference : the reference class (:func:`landrelease.io.ratios.read_reference_class`),
        needed for ``file``: the forecast never reads files itself.
    as_of_year : read the record as known at the end of this year (a backtest); default the
        baseline year.

    Raises
    ------
    LandreleaseError
        for an unknown source, or ``file`` without a reference class.
    """
    mode = "own" if requested is None else requested
    if mode not in REALISATION_SOURCES:
        raise LandreleaseError(
            f"plan_realisation = {requested!r}; expected one of {', '.join(REALISATION_SOURCES)}"
        )
    if mode == "none":
        return no_realisation()
    if mode == "file":
        if reference is None:
            raise LandreleaseError(
                'plan_realisation = "file" needs the reference class: read it with '
                "landrelease.io.ratios.read_reference_class (the command line does) and pass it"
            )
        return fit_reference_class(reference)
    record = track_record(country.info, country.releases, country.stocks, as_of_year=as_of_year)
    return fit_own(record)


def default_realisation(
    country: Country,
    scenario: Scenario,
    uncertainty: Uncertainty,
    *,
    reference: pd.DataFrame | None = None,
) -> PlanRealisation:
    """The plan realisation ``uncertainty.plan_realisation`` asks for (``own`` unless the
    scenario says otherwise; :func:`plan_realisation`); none with ``none = true``, and none
    for a scenario whose pace is the past release (``[pace] mode = "past_release"``): that
    pace is what the State achieved, not a plan, and realising it again would count the
    shortfall twice.

    ``reference``: the reference class, for ``file``.
    """
    if uncertainty.none:
        return no_realisation("none")
    if scenario.pace.past_release and uncertainty.plan_realisation != "none":
        return no_realisation(uncertainty.plan_realisation, PAST_PACE_NOTE)
    return plan_realisation(country, uncertainty.plan_realisation, reference=reference)
