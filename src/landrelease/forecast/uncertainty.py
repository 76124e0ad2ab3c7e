"""The resolved uncertainty of a forecast: every uncertain input's distribution and where its
width came from.

:func:`resolve_uncertainty` reads a scenario's ``[uncertainty]`` section
(:class:`~landrelease.scenario.uncertainty.UncertaintySpec`) and fills what it does not give
from the country's history, else from the defaults below:

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

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from landrelease.domain.country import Country
from landrelease.engine.calibration import Calibration
from landrelease.engine.capacity import STAGE_OF_KIND
from landrelease.engine.pace import past_pace
from landrelease.engine.project import resolve_assumptions
from landrelease.forecast.distributions import Input
from landrelease.forecast.history import MIN_YEARS_FOR_SPREAD, HistoryWidths, history_widths
from landrelease.forecast.pace_spread import pace_spread, revision_spread
from landrelease.scenario.model import TEAM_KINDS, TYPES, Scenario
from landrelease.scenario.uncertainty import FIXED, Spec, ThreePoint, UncertaintySpec

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

DEFAULT_SHARE_LOGIT_WIDTH = 0.5
"""Width (logit units, each side) of a release share without a usable history: about ±12
percentage points at a share of 50%, ±5 at 10%. A convention to be replaced by the
country's own figures, not a measurement."""
DEFAULT_PRODUCTIVITY_FACTOR = (0.8, 1.0, 1.2)
"""P10, P50, P90 multipliers of a productivity without a usable history: the operators'
planning figures are commonly off by a fifth either way (terrain, density, weather)."""
DEFAULT_SECURED_FACTOR = (0.9, 1.0, 1.0)
"""Secured money as disbursed: committed money can still arrive late or short (exchange
rates, delayed disbursement), so 10% short at P10, never more than committed."""
DEFAULT_EXPECTED_ARRIVAL_FRAC = 0.5
"""Probability that each year's expected (not secured) international money arrives. An
expected pledge is by definition not committed; without a record of pledges, even odds is
the neutral assumption (the ``secured_only`` case shows none arriving)."""
DEFAULT_DISCOVERIES_FACTOR = (0.5, 1.0, 2.0)
"""Multiplier of the scenario's discoveries without a history of recorded areas: new areas
found in a year commonly vary by a factor of two around their usual level (domain primer
§8: revisions and finds can be as large as a year's release)."""
DEFAULT_SHA_AREA_FACTOR = (0.9, 1.0, 1.1)
"""Multiplier of the remaining SHA area (baseline revision) without a stocks history: a
re-survey moves suspected area by a tenth either way."""
DEFAULT_NOISE_FRAC = 0.0
"""Yearly noise of capacity around a draw's level (standard deviation of its logarithm):
none by default, as the level's width already spans the past years' spread."""
PAST_RELEASE_STAGES = ("nts", "ts", "clearance")
"""Productivity keys of the past-release pace: its three stages' capacity."""
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


def _logit(p: float) -> float:
    q = min(max(p, 1e-9), 1 - 1e-9)
    return float(np.log(q / (1 - q)))


def _logistic(y: float) -> float:
    return float(1.0 / (1.0 + np.exp(-y)))


def _window_text(cal: Calibration | None) -> str:
    if cal is None or cal.window is None:
        return ""
    return f" {cal.window[0]}–{cal.window[1]}"


def _share_input(
    name: str,
    central: Mapping[str, float],
    given: Mapping[str, Spec],
    cal: Calibration | None,
    spec: UncertaintySpec,
) -> Input:
    """A release share by type: given points, the calibration spread (logit width moved onto
    the scenario's share), or the default width."""
    p10, p50, p90 = {}, {}, {}
    sources = set()
    spread = cal.spread.get(name, {}) if cal is not None else {}
    for t in TYPES:
        c = float(central.get(t, 0.0))
        s = spec.spec(dict(given), t)
        if isinstance(s, ThreePoint):
            mid = c if s.p50 is None else s.p50
            p10[t], p50[t], p90[t] = min(s.p10, mid), mid, max(s.p90, mid)
            sources.add("scenario")
            continue
        if s == FIXED or c in (0.0, 1.0):  # a share of exactly 0 or 1 is a rule, not a guess
            p10[t] = p50[t] = p90[t] = c
            sources.add("scenario" if s == FIXED else "fixed share")
            continue
        yearly = spread.get(t) or spread.get("all")
        if yearly is not None and len(yearly.yearly) >= MIN_YEARS_FOR_SPREAD:
            v = yearly.values
            lo = _logit(float(np.percentile(v, 10))) - _logit(float(np.median(v)))
            hi = _logit(float(np.percentile(v, 90))) - _logit(float(np.median(v)))
            sources.add(f"calibration spread{_window_text(cal)}")
        else:
            lo, hi = -DEFAULT_SHARE_LOGIT_WIDTH, DEFAULT_SHARE_LOGIT_WIDTH
            sources.add("default")
        p10[t], p50[t], p90[t] = _logistic(_logit(c) + lo), c, _logistic(_logit(c) + hi)
    return Input(name, "share", "logit", p10, p50, p90, "; ".join(sorted(sources)))


def _factor(
    name: str,
    given: Spec | None,
    history: tuple[float, float, str] | None,
    default: tuple[float, float, float],
    *,
    applies: bool = True,
) -> Input:
    """A multiplier: given points, a history's P10/P90 over its median, or the default;
    fixed at 1 when it does not apply (no teams of that kind, no discoveries)."""
    if not applies or given == FIXED:
        points, source = (1.0, 1.0, 1.0), "scenario" if given == FIXED else "does not apply"
    elif isinstance(given, ThreePoint):
        mid = 1.0 if given.p50 is None else given.p50
        points, source = (min(given.p10, mid), mid, max(given.p90, mid)), "scenario"
    elif history is not None:
        points, source = (history[0], 1.0, history[1]), history[2]
    else:
        points, source = default, "default"
    low, mid, high = points
    return Input(name, "factor", "log", {"value": low}, {"value": mid}, {"value": high}, source)


def _ratio_width(values: np.ndarray, source: str) -> tuple[float, float, str] | None:
    """P10 and P90 of yearly values over their median, when there are enough of them."""
    v = np.asarray(values, dtype=float)
    if len(v) < MIN_YEARS_FOR_SPREAD or np.median(v) <= 0:
        return None
    mid = float(np.median(v))
    return float(np.percentile(v, 10)) / mid, float(np.percentile(v, 90)) / mid, source


def _year_input(name: str, unit: str, given: Spec | None, central: float | None) -> Input | None:
    """An access year or ramp-up: given points (P50 the scenario's value, else the middle)."""
    if not isinstance(given, ThreePoint):
        return None
    mid = given.p50 if given.p50 is not None else central
    if mid is None:
        mid = float(round((given.p10 + given.p90) / 2))
    return Input(
        name,
        unit,
        "linear",
        {"value": min(given.p10, mid)},
        {"value": mid},
        {"value": max(given.p90, mid)},
        "scenario",
        integer=True,
    )


def resolve_uncertainty(country: Country, scenario: Scenario) -> Uncertainty:
    """The distributions of ``scenario``'s uncertain inputs for ``country`` (see the module
    docstring); with ``[uncertainty] none = true`` every input is fixed at its P50."""
    spec = scenario.uncertainty
    fc, fr, productivity, cal = resolve_assumptions(country, scenario)
    widths = history_widths(country, scenario, cal)
    productivity_inputs, stage_noise = _productivity_inputs(
        scenario, spec, cal, fc, fr, productivity
    )
    inputs = [
        _share_input("sha_cancelled_frac", fc, spec.sha_cancelled_frac, cal, spec),
        _share_input("ts_reduced_frac", fr, spec.ts_reduced_frac, cal, spec),
        *productivity_inputs,
        _factor("secured_factor", spec.secured_factor, None, DEFAULT_SECURED_FACTOR),
        _factor(
            "discoveries_factor",
            spec.discoveries_factor,
            widths.discoveries,
            DEFAULT_DISCOVERIES_FACTOR,
            applies=any(v > 0 for v in scenario.discoveries.sha_area_m2_first_year.values()),
        ),
        _sha_area_input(spec, widths),
    ]
    access = _year_input(
        "access_year",
        "year",
        spec.access_year,
        None if scenario.inaccessible_from_year is None else float(scenario.inaccessible_from_year),
    )
    ramp = _year_input("ramp_up_years", "years", spec.ramp_up_years, float(scenario.ramp_up_years))
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


def _productivity_inputs(
    scenario: Scenario,
    spec: UncertaintySpec,
    cal: Calibration | None,
    fc: Mapping[str, float],
    fr: Mapping[str, float],
    productivity: Mapping[str, float],
) -> tuple[list[Input], dict[str, tuple[float, str]]]:
    """``productivity.<key>`` multipliers: by team kind, or by stage in the past-release pace
    (width from the window's yearly stage work); and each stage's yearly noise with its
    source. From a history of yearly values the level's width is the standard error of
    their median and the noise their spread (:mod:`.pace_spread`)."""
    given = dict(spec.productivity)
    window = _window_text(cal)
    out = []
    noise: dict[str, tuple[float, str]] = {}
    if scenario.pace.past_release and cal is not None:
        factor = {t: scenario.productivity.factor(t) for t in TYPES}
        pace = past_pace(cal, fc, fr, factor)
        for stage in PAST_RELEASE_STAGES:
            yearly = np.array(list(pace.yearly[stage].values()), dtype=float)
            source = f"past release{window}"
            width = _level_width(yearly, source)
            varies = pace.level(stage) > 0
            out.append(
                _factor(
                    f"productivity.{stage}",
                    spec.spec(given, stage),
                    width,
                    DEFAULT_PRODUCTIVITY_FACTOR,
                    applies=varies,
                )
            )
            spread = pace_spread(yearly) if varies and width is not None else None
            if spread is not None and spec.spec(given, stage) != FIXED:
                noise[stage] = (spread.noise_sd_log, source)
        return out, noise
    spread_of = cal.spread.get("m2_per_team_year", {}) if cal is not None else {}
    kind_noise: dict[str, float] = {}
    for kind in TEAM_KINDS:
        planned = max(scenario.teams[kind].over(scenario.years), default=0.0) > 0
        history = spread_of.get(kind)
        source = f"calibration spread{window}"
        width = None if history is None else _level_width(history.values, source)
        applies = planned and productivity.get(kind, 0.0) > 0
        out.append(
            _factor(
                f"productivity.{kind}",
                spec.spec(given, kind),
                width,
                DEFAULT_PRODUCTIVITY_FACTOR,
                applies=applies,
            )
        )
        spread = None if history is None or width is None else pace_spread(history.values)
        if applies and spread is not None and spec.spec(given, kind) != FIXED:
            kind_noise[kind] = spread.noise_sd_log
    for stage in PAST_RELEASE_STAGES:
        kinds = [k for k in kind_noise if STAGE_OF_KIND[k] == stage]
        if kinds:
            # kinds of one stage vary independently: the stage's capacity varies by the
            # root of the sum of squares of their shares of it (first-year capacity)
            first = {
                k: float(scenario.teams[k].over(scenario.years[:1])[0]) * productivity[k]
                for k in kinds
            }
            total = sum(first.values())
            shares = {k: (v / total if total > 0 else 1.0 / len(kinds)) for k, v in first.items()}
            value = math.sqrt(sum((shares[k] * kind_noise[k]) ** 2 for k in kinds))
            noise[stage] = (value, f"calibration spread{window}")
    return out, noise


def _level_width(values: np.ndarray, source: str) -> tuple[float, float, str] | None:
    """The level's P10 and P90 (multipliers) from yearly values: the standard error of their
    median (:func:`~landrelease.forecast.pace_spread.pace_spread`), when there are enough
    of them (:data:`MIN_YEARS_FOR_SPREAD`)."""
    v = np.asarray(values, dtype=float)
    if len(v) < MIN_YEARS_FOR_SPREAD or np.median(v) <= 0:
        return None
    spread = pace_spread(v)
    return None if spread is None else (spread.level_p10, spread.level_p90, source)


def _sha_area_input(spec: UncertaintySpec, widths: HistoryWidths) -> Input:
    """The baseline revision of remaining SHA area, once per draw: as the scenario gives it;
    else none where the stocks history gives a yearly revision (which moves all remaining
    area year by year, ``revision_sd_log``, and would count the same revisions twice); else
    the default width."""
    if spec.sha_area_factor is None and widths.revision_fractions is not None:
        source = f"yearly revision instead ({widths.revision_fractions[1]})"
        one = {"value": 1.0}
        return Input("sha_area_factor", "factor", "log", one, one, one, source)
    return _factor(
        "sha_area_factor", spec.sha_area_factor, widths.revision, DEFAULT_SHA_AREA_FACTOR
    )
