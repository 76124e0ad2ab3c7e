"""The resolved uncertainty of a forecast: every uncertain input's distribution and where its
width came from.

:func:`resolve_uncertainty` reads a scenario's ``[uncertainty]`` section
(:class:`~landrelease.scenario.uncertainty.UncertaintySpec`) and fills what it does not give
from the country's history, else from the defaults (:mod:`.input_widths`, which builds
each input):

- release shares by type: the calibration spread (``logit`` width of the yearly shares
  around their median, moved onto the scenario's share);
- productivity by kind (teams) or by stage (past-release pace): the yearly values' P10 and
  P90 over their median, as a multiplier of the scenario's value;
- discoveries: the yearly area of hazards recorded in the calibration window
  (``recorded_date``), P10 and P90 over the median, as a multiplier of ``[discoveries]``;
- baseline revision (a multiplier of remaining SHA area): one year's unexplained change of
  stock as the stocks reconciliation reports it (less the area recorded as new that year);
- the rest (funding, access year, ramp-up, yearly noise) from the scenario or the defaults.

Each default is a named constant with its reason. ``none = true`` makes every input fixed at
its P50, which is the scenario's value: the forecast's every draw is then ``project()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from landrelease.domain.country import Country
from landrelease.engine.project import resolve_assumptions
from landrelease.forecast.distributions import Input
from landrelease.forecast.history import MIN_YEARS_FOR_SPREAD, history_widths
from landrelease.forecast.input_widths import (
    DEFAULT_DISCOVERIES_FACTOR,
    DEFAULT_PRODUCTIVITY_FACTOR,
    DEFAULT_SECURED_FACTOR,
    DEFAULT_SHA_AREA_FACTOR,
    DEFAULT_SHARE_LOGIT_WIDTH,
    PAST_RELEASE_STAGES,
    factor_input,
    productivity_inputs,
    sha_area_input,
    share_input,
    year_input,
)
from landrelease.forecast.pace_spread import revision_spread
from landrelease.scenario.model import Scenario

__all__ = [
    "DEFAULT_DISCOVERIES_FACTOR",
    "DEFAULT_EXPECTED_ARRIVAL_FRAC",
    "DEFAULT_PRODUCTIVITY_FACTOR",
    "DEFAULT_SECURED_FACTOR",
    "DEFAULT_SHARE_LOGIT_WIDTH",
    "DEFAULT_SHA_AREA_FACTOR",
    "MIN_YEARS_FOR_SPREAD",
    "PAST_RELEASE_STAGES",
    "Uncertainty",
    "resolve_uncertainty",
]

DEFAULT_EXPECTED_ARRIVAL_FRAC = 0.5
"""Probability that each year's expected (not secured) international money arrives. An
expected pledge is by definition not committed; without a record of pledges, even odds is
the neutral assumption (the ``secured_only`` case shows none arriving)."""
DEFAULT_NOISE_FRAC = 0.0
"""Yearly noise of capacity around a draw's level (standard deviation of its logarithm):
none by default, as the level's width already spans the past years' spread."""
STAGE_NAMES = PAST_RELEASE_STAGES
"""The stages whose capacity has yearly noise, in the order of the draws' capacity factor."""


@dataclass(frozen=True)
class Uncertainty:
    """The distributions a forecast draws from.

    ``inputs``: the uncertain inputs (:class:`~landrelease.forecast.distributions.Input`),
    named ``sha_cancelled_frac`` and ``ts_reduced_frac`` (by type), ``productivity.<kind>``
    (a multiplier; kinds nts, ts, manual, mechanical, mdd, or the past-release stages nts,
    ts, clearance), ``secured_factor``, ``discoveries_factor``, ``sha_area_factor`` (baseline
    revision) and, when given, ``access_year`` and ``ramp_up_years``.
    ``productivity_noise_frac``: yearly noise of each stage's capacity (standard deviation
    of its logarithm) as the scenario gives it; ``stage_noise_frac``: by stage (``nts``,
    ``ts``, ``clearance``), the noise used — the scenario's, else the yearly spread of the
    stage's history (:mod:`.pace_spread`), else the default. ``expected_arrival_frac``:
    probability that each year's expected international money arrives.
    ``plan_realisation``: ``own`` (the default: the State's track record, which falls back
    to none with fewer than three past milestones), ``file`` or ``none`` (how the plan's
    yearly pace is realised; see the forecast's ``realisation``).
    ``sources`` says where each scalar came from.
    """

    inputs: tuple[Input, ...]
    productivity_noise_frac: float = DEFAULT_NOISE_FRAC
    expected_arrival_frac: float = 1.0
    plan_realisation: str = "none"
    plan_realisation_file: str | None = None
    none: bool = False
    sources: dict[str, str] = field(default_factory=dict)
    stage_noise_frac: dict[str, float] = field(default_factory=dict)
    revision_sd_log: float = 0.0
    """Yearly revision of the remaining area outside release (re-survey, new finds): the
    standard deviation of the log of a year's factor around the draw's level; the factors
    accumulate over the years (a random walk)."""
    revision_drift_log: float = 0.0
    """The revisions' level (mean log factor a year, from the record, shrunk towards none)."""
    revision_drift_sd_log: float = 0.0
    """The standard error of that level (drawn once per draw)."""

    def noise_by_stage(self) -> np.ndarray:
        """Yearly noise of the NTS, TS and clearance capacity (log standard deviations)."""
        return np.array(
            [self.stage_noise_frac.get(s, self.productivity_noise_frac) for s in STAGE_NAMES]
        )

    def input(self, name: str) -> Input | None:
        """The input called ``name``, if the forecast has it."""
        return next((i for i in self.inputs if i.name == name), None)

    @property
    def varying(self) -> tuple[Input, ...]:
        """The inputs that vary between draws."""
        return tuple(i for i in self.inputs if not i.fixed)

    def as_dict(self) -> dict[str, object]:
        """Every distribution and where its width came from, for JSON."""
        return {
            "none": self.none,
            "inputs": {i.name: i.as_dict() for i in self.inputs},
            "productivity_noise_frac": {
                "value": self.productivity_noise_frac,
                "source": self.sources.get("productivity_noise_frac", "default"),
                "by_stage": {
                    stage: {
                        "value": round(float(value), 6),
                        "source": self.sources.get(f"noise.{stage}", "default"),
                    }
                    for stage, value in zip(STAGE_NAMES, self.noise_by_stage(), strict=True)
                },
            },
            "revision_sd_log": {
                "value": round(self.revision_sd_log, 6),
                "drift_log": round(self.revision_drift_log, 6),
                "drift_sd_log": round(self.revision_drift_sd_log, 6),
                "source": self.sources.get("revision_sd_log", "none"),
            },
            "expected_arrival_frac": {
                "value": self.expected_arrival_frac,
                "source": self.sources.get("expected_arrival_frac", "default"),
            },
            "plan_realisation": {
                "mode": self.plan_realisation,
                "file": self.plan_realisation_file,
                "source": self.sources.get("plan_realisation", "default"),
            },
        }


def resolve_uncertainty(country: Country, scenario: Scenario) -> Uncertainty:
    """The distributions of ``scenario``'s uncertain inputs for ``country`` (see the module
    docstring); with ``[uncertainty] none = true`` every input is fixed at its P50."""
    spec = scenario.uncertainty
    fc, fr, productivity, cal = resolve_assumptions(country, scenario)
    widths = history_widths(country, scenario, cal)
    by_kind, stage_noise = productivity_inputs(scenario, spec, cal, fc, fr, productivity)
    inputs = [
        share_input("sha_cancelled_frac", fc, spec.sha_cancelled_frac, cal, spec),
        share_input("ts_reduced_frac", fr, spec.ts_reduced_frac, cal, spec),
        *by_kind,
        factor_input("secured_factor", spec.secured_factor, None, DEFAULT_SECURED_FACTOR),
        factor_input(
            "discoveries_factor",
            spec.discoveries_factor,
            widths.discoveries,
            DEFAULT_DISCOVERIES_FACTOR,
            applies=any(v > 0 for v in scenario.discoveries.sha_area_m2_first_year.values()),
        ),
        sha_area_input(spec, widths),
    ]
    access = year_input(
        "access_year",
        "year",
        spec.access_year,
        None if scenario.inaccessible_from_year is None else float(scenario.inaccessible_from_year),
    )
    ramp = year_input("ramp_up_years", "years", spec.ramp_up_years, float(scenario.ramp_up_years))
    inputs += [i for i in (access, ramp) if i is not None]
    sources = {
        "productivity_noise_frac": "scenario"
        if spec.productivity_noise_frac is not None
        else "default",
        "expected_arrival_frac": "scenario"
        if spec.expected_arrival_frac is not None
        else "default",
        "plan_realisation": "scenario" if spec.plan_realisation is not None else "default",
    }
    if spec.productivity_noise_frac is not None:  # the scenario's noise, every stage
        stage_noise = {}
    sources.update({f"noise.{k}": v[1] for k, v in stage_noise.items()})
    revision = None
    if widths.revision_fractions is not None:
        revision = revision_spread(widths.revision_fractions[0])
        sources["revision_sd_log"] = widths.revision_fractions[1]
    resolved = Uncertainty(
        inputs=tuple(inputs),
        productivity_noise_frac=(
            DEFAULT_NOISE_FRAC
            if spec.productivity_noise_frac is None
            else spec.productivity_noise_frac
        ),
        expected_arrival_frac=(
            DEFAULT_EXPECTED_ARRIVAL_FRAC
            if spec.expected_arrival_frac is None
            else spec.expected_arrival_frac
        ),
        plan_realisation=spec.plan_realisation or "own",
        plan_realisation_file=spec.plan_realisation_file,
        none=spec.none,
        sources=sources,
        stage_noise_frac={k: v[0] for k, v in stage_noise.items()},
        revision_sd_log=0.0 if revision is None else revision.noise_sd_log,
        revision_drift_log=0.0 if revision is None else revision.drift_log,
        revision_drift_sd_log=0.0 if revision is None else revision.drift_sd_log,
    )
    return switched_off(resolved) if spec.none else resolved


def switched_off(uncertainty: Uncertainty) -> Uncertainty:
    """``uncertainty`` with every input fixed at its P50, no noise, expected money arriving
    as the scenario counts it and no plan realisation: every draw is the projection."""
    fixed = tuple(
        Input(i.name, i.unit, i.scale, i.p50, i.p50, i.p50, "none = true", i.integer)
        for i in uncertainty.inputs
    )
    return Uncertainty(
        inputs=fixed,
        productivity_noise_frac=0.0,
        expected_arrival_frac=1.0,
        plan_realisation="none",
        plan_realisation_file=None,
        none=True,
        sources=dict.fromkeys(uncertainty.sources, "none = true"),
    )
