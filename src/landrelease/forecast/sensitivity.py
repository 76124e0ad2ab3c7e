"""One-at-a-time sensitivity: each uncertain input swung between its P10 and P90, the others
at their P50; the change in the Article 5 completion year and the plan's total cost.

Inputs swung: every input that varies (:attr:`Uncertainty.varying`); the expected money
(when the scenario has any), as the share of the horizon's expected money that arrives —
its P10 and P90 under the yearly arrival probability ``p`` (binomial over the years with
expected money), its P50 taken as ``p``; and the plan realisation, when given, as the
P10/P50/P90 of a draw's mean multiplier over the years. Yearly noise is not swung: at a
fixed quantile in every year it would be a level, which the productivity inputs already
are.

With ``draws = 0`` (the default) each setting is one projection. With ``draws > 0`` the
other inputs are drawn (the same draws for every setting: common random numbers) and the
figures are the P50 over the draws, a conditional median.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import binom

from landrelease.domain.country import Country
from landrelease.domain.provenance import provenance
from landrelease.engine.earmarks import line_money
from landrelease.forecast.distributions import Z90, Input
from landrelease.forecast.draw_inputs import (
    DrawInputs,
    Realisation,
    inputs_at,
    sample_inputs,
    stream,
)
from landrelease.forecast.draws import DrawModel, DrawOutcome, evaluate, prepare_draws
from landrelease.forecast.run import CHUNK_DRAWS, MAX_DRAWS, ForecastError, quietly
from landrelease.forecast.uncertainty import Uncertainty, resolve_uncertainty
from landrelease.scenario.model import TYPES, Scenario

__all__ = ["COLUMNS", "REALISATION_SAMPLE", "SensitivityResult", "sensitivity"]

COLUMNS = (
    "input",
    "low",
    "high",
    "article5_completion_year_low",
    "article5_completion_year_high",
    "planned_cost_usd_low",
    "planned_cost_usd_high",
)
"""Columns of ``sensitivity.csv``, one row per input, largest swing first."""
REALISATION_SAMPLE = 1000
"""Draws of the plan realisation used to find its P10/P50/P90 mean multiplier."""
EXPECTED = "expected_arrival"
REALISATION = "plan_realisation"


@dataclass(frozen=True)
class SensitivityResult:
    """``table``: :data:`COLUMNS` (``low``/``high`` the input's P10 and P90; completion years
    empty when after the horizon), largest swing of the completion year first, then of
    cost; ``base``: the figures with every input at its P50; ``end_year``, ``draws``,
    ``seed``, the distributions and ``provenance``."""

    table: pd.DataFrame
    base: dict[str, Any]
    end_year: int
    draws: int
    seed: int
    uncertainty: dict[str, Any]
    provenance: dict[str, Any]


def _label(inp: Input, points: Mapping[str, float], present: set[str]) -> object:
    if set(points) == {"value"}:
        return float(points["value"])
    return "; ".join(f"{t} {points[t]:.3g}" for t in TYPES if t in present and t in points)


def _settings(
    uncertainty: Uncertainty, model: DrawModel, realisation: Realisation | None, seed: int
) -> tuple[list[tuple[str, object, object, dict[str, Any], dict[str, Any]]], dict[str, Any]]:
    """Per swung input: (name, low label, high label, low setting, high setting), and the
    base setting. A setting maps an input name (or :data:`EXPECTED`, :data:`REALISATION`)
    to a z value, an arrival share or a capacity multiplier."""
    present = {TYPES[i] for i in np.unique(model.items.type_code)}
    base: dict[str, Any] = {}
    rows = []
    for inp in uncertainty.varying:
        rows.append(
            (
                inp.name,
                _label(inp, inp.p10, present),
                _label(inp, inp.p90, present),
                {inp.name: -Z90},
                {inp.name: Z90},
            )
        )
    s = model.scenario
    expected = s.funding.international_expected_usd.over(s.years)
    expected = expected + line_money(s.funding, s.years).expected_usd  # donors' lines
    p = uncertainty.expected_arrival_frac
    n_years = int((expected > 0).sum())
    if s.funding.count_expected and n_years and 0 < p < 1:
        low, high = (float(binom.ppf(q, n_years, p)) / n_years for q in (0.1, 0.9))
        base[EXPECTED] = p
        if low != high:
            rows.append((EXPECTED, low, high, {EXPECTED: low}, {EXPECTED: high}))
    elif not s.funding.count_expected or not n_years:
        base[EXPECTED] = 1.0
    else:
        base[EXPECTED] = p
    if realisation is not None:
        rng = stream(seed, 0, REALISATION)
        means = np.asarray(
            realisation.draw_factors(rng, REALISATION_SAMPLE, model.n_years), dtype=float
        ).mean(axis=1)
        low, mid, high = (float(v) for v in np.quantile(means, [0.1, 0.5, 0.9]))
        base[REALISATION] = mid
        if low != high:
            rows.append((REALISATION, low, high, {REALISATION: low}, {REALISATION: high}))
    return rows, base


def _inputs(
    uncertainty: Uncertainty,
    model: DrawModel,
    base: dict[str, Any],
    swings: list[dict[str, Any]],
    drawn: DrawInputs | None,
) -> DrawInputs:
    """The inputs of every setting (``base`` with one input swung; the first swing is
    empty): one draw each, or, with ``drawn``, its draws with only the swung input fixed."""
    n_years = model.n_years
    if drawn is None:
        settings = [{**base, **st} for st in swings]
        names = [i.name for i in uncertainty.inputs]
        z = {n: [float(st.get(n, 0.0)) for st in settings] for n in names}
        inputs = inputs_at(uncertainty, z, n_years, [st[EXPECTED] for st in settings])
        factor = np.array([st.get(REALISATION, 1.0) for st in settings])
        return DrawInputs(
            inputs.values, inputs.expected_arrives, inputs.capacity_factor * factor[:, None, None]
        )
    parts = []
    for st in swings:
        values = dict(drawn.values)
        arrives, factor = drawn.expected_arrives, drawn.capacity_factor
        for name, setting in st.items():
            inp = uncertainty.input(name)
            if inp is not None:
                values[name] = inp.at(np.full(drawn.n, float(setting)))
            elif name == EXPECTED:
                arrives = np.full_like(arrives, float(setting))
            elif name == REALISATION:  # the swung mean multiplier in place of the drawn one
                factor = np.full_like(factor, float(setting))
        parts.append(DrawInputs(values, arrives, factor))
    return DrawInputs(
        {
            k: {key: np.concatenate([p.values[k][key] for p in parts]) for key in v}
            for k, v in parts[0].values.items()
        },
        np.concatenate([p.expected_arrives for p in parts]),
        np.concatenate([p.capacity_factor for p in parts]),
    )


def _part(inputs: DrawInputs, start: int, stop: int) -> DrawInputs:
    """Draws ``start`` to ``stop`` (excluded) of ``inputs``."""
    return DrawInputs(
        {k: {key: a[start:stop] for key, a in v.items()} for k, v in inputs.values.items()},
        inputs.expected_arrives[start:stop],
        inputs.capacity_factor[start:stop],
        None if inputs.revision is None else inputs.revision[start:stop],
    )


def _quiet_evaluate(model: DrawModel, inputs: DrawInputs) -> DrawOutcome:
    with quietly():
        return evaluate(model, inputs)


def _evaluate(model: DrawModel, inputs: DrawInputs, executor: Executor | None) -> DrawOutcome:
    """:func:`evaluate`, in chunks in ``executor`` when there are several (each draw is
    worked alone, so the outcome is the same)."""
    starts = range(0, inputs.n, CHUNK_DRAWS)
    if executor is None or len(starts) == 1:
        return _quiet_evaluate(model, inputs)
    futures = [
        executor.submit(_quiet_evaluate, model, _part(inputs, a, a + CHUNK_DRAWS)) for a in starts
    ]
    return DrawOutcome.concat([f.result() for f in futures])


def _figures(outcome: DrawOutcome, years: np.ndarray, end_year: int) -> tuple[float, float]:
    """Median Article 5 completion year (``end_year + 1`` standing for after the horizon)
    and median planned cost of a block of draws."""
    index = outcome.article5_completion_index
    year = np.where(index >= 0, years[np.maximum(index, 0)], end_year + 1).astype(float)
    return (
        float(np.quantile(year, 0.5, method="inverted_cdf")),
        float(np.median(outcome.planned_cost_usd)),
    )


def sensitivity(
    country: Country,
    scenario: Scenario,
    *,
    draws: int = 0,
    seed: int = 0,
    uncertainty: Uncertainty | None = None,
    realisation: Realisation | None = None,
    executor: Executor | None = None,
) -> SensitivityResult:
    """Swing each uncertain input between its P10 and P90 with the others at P50 (see the
    module docstring); the ``plan`` case.

    ``executor``: where the settings' draws are worked, in chunks of
    :data:`~landrelease.forecast.run.CHUNK_DRAWS` (as for
    :func:`~landrelease.forecast.forecast`; the result is the same); ``None``: here.

    Returns
    -------
    SensitivityResult
    """
    if isinstance(draws, bool) or not isinstance(draws, int) or not 0 <= draws <= MAX_DRAWS:
        raise ForecastError(f"draws = {draws!r}: give a whole number from 0 to {MAX_DRAWS:,}")
    resolved = uncertainty if uncertainty is not None else resolve_uncertainty(country, scenario)
    with quietly():
        model = prepare_draws(country, scenario)
    rows, base = _settings(resolved, model, realisation, seed)
    swings: list[dict[str, Any]] = [{}] + [s for r in rows for s in (r[3], r[4])]
    drawn = None
    if draws > 0:
        drawn = sample_inputs(resolved, draws, model.n_years, seed=seed, realisation=realisation)
    inputs = _inputs(resolved, model, base, swings, drawn)
    outcome = _evaluate(model, inputs, executor)
    block = 1 if drawn is None else draws
    years, end = scenario.years, scenario.end_year
    figures = [
        _figures(_slice(outcome, k * block, (k + 1) * block), years, end)
        for k in range(len(swings))
    ]

    def year(value: float) -> int | None:
        return None if value > end else int(value)

    table = pd.DataFrame(
        [
            {
                "input": name,
                "low": low,
                "high": high,
                "article5_completion_year_low": year(figures[1 + 2 * k][0]),
                "article5_completion_year_high": year(figures[2 + 2 * k][0]),
                "planned_cost_usd_low": figures[1 + 2 * k][1],
                "planned_cost_usd_high": figures[2 + 2 * k][1],
                "_year": abs(figures[2 + 2 * k][0] - figures[1 + 2 * k][0]),
                "_cost": abs(figures[2 + 2 * k][1] - figures[1 + 2 * k][1]),
            }
            for k, (name, low, high, _, _) in enumerate(rows)
        ],
        columns=[*COLUMNS, "_year", "_cost"],
    )
    table = table.sort_values(
        ["_year", "_cost", "input"], ascending=[False, False, True], kind="stable"
    ).drop(columns=["_year", "_cost"])
    for col in ("article5_completion_year_low", "article5_completion_year_high"):
        table[col] = table[col].astype("Int64")
    unc = resolved.as_dict()
    return SensitivityResult(
        table=table.reset_index(drop=True),
        base={
            "article5_completion_year": year(figures[0][0]),
            "planned_cost_usd": figures[0][1],
        },
        end_year=end,
        draws=draws,
        seed=seed,
        uncertainty=unc,
        provenance=provenance(country, scenario),
    )


def _slice(outcome: DrawOutcome, start: int, stop: int) -> DrawOutcome:
    return DrawOutcome(
        outcome.completion_index[start:stop],
        outcome.article5_completion_index[start:stop],
        outcome.planned_cost_usd[start:stop],
        outcome.annual[start:stop],
        outcome.by_region[start:stop],
        outcome.released_at[start:stop],
    )
