"""The distribution of each uncertain input of a forecast, from the points a scenario gives,
else the country's history, else a default: the builders
:func:`~landrelease.forecast.uncertainty.resolve_uncertainty` assembles (see its module for
what each width is made of). Each default is a named constant with its reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from landrelease.engine.calibration import Calibration
from landrelease.engine.capacity import STAGE_OF_KIND
from landrelease.engine.pace import past_pace
from landrelease.forecast.distributions import Input
from landrelease.forecast.history import MIN_YEARS_FOR_SPREAD, HistoryWidths
from landrelease.forecast.pace_spread import pace_spread
from landrelease.scenario.model import TEAM_KINDS, TYPES, Scenario
from landrelease.scenario.uncertainty import FIXED, Spec, ThreePoint, UncertaintySpec

__all__ = [
    "DEFAULT_DISCOVERIES_FACTOR",
    "DEFAULT_PRODUCTIVITY_FACTOR",
    "DEFAULT_SECURED_FACTOR",
    "DEFAULT_SHARE_LOGIT_WIDTH",
    "DEFAULT_SHA_AREA_FACTOR",
    "PAST_RELEASE_STAGES",
    "factor_input",
    "productivity_inputs",
    "sha_area_input",
    "share_input",
    "year_input",
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
DEFAULT_DISCOVERIES_FACTOR = (0.5, 1.0, 2.0)
"""Multiplier of the scenario's discoveries without a history of recorded areas: new areas
found in a year commonly vary by a factor of two around their usual level (domain primer
§8: revisions and finds can be as large as a year's release)."""
DEFAULT_SHA_AREA_FACTOR = (0.9, 1.0, 1.1)
"""Multiplier of the remaining SHA area (baseline revision) without a stocks history: a
re-survey moves suspected area by a tenth either way."""
PAST_RELEASE_STAGES = ("nts", "ts", "clearance")
"""Productivity keys of the past-release pace: its three stages' capacity."""


def _logit(p: float) -> float:
    q = min(max(p, 1e-9), 1 - 1e-9)
    return float(np.log(q / (1 - q)))


def _logistic(y: float) -> float:
    return float(1.0 / (1.0 + np.exp(-y)))


def _window_text(cal: Calibration | None) -> str:
    if cal is None or cal.window is None:
        return ""
    return f" {cal.window[0]}–{cal.window[1]}"


def share_input(
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


def factor_input(
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


def year_input(name: str, unit: str, given: Spec | None, central: float | None) -> Input | None:
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


def productivity_inputs(
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
                factor_input(
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
            factor_input(
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


def sha_area_input(spec: UncertaintySpec, widths: HistoryWidths) -> Input:
    """The baseline revision of remaining SHA area, once per draw: as the scenario gives it;
    else none where the stocks history gives a yearly revision (which moves all remaining
    area year by year, ``revision_sd_log``, and would count the same revisions twice); else
    the default width."""
    if spec.sha_area_factor is None and widths.revision_fractions is not None:
        source = f"yearly revision instead ({widths.revision_fractions[1]})"
        one = {"value": 1.0}
        return Input("sha_area_factor", "factor", "log", one, one, one, source)
    return factor_input(
        "sha_area_factor", spec.sha_area_factor, widths.revision, DEFAULT_SHA_AREA_FACTOR
    )
