"""Response curves: how a country's Article 5 completion moves with additional money.

For a country and scenario, :func:`response_curve` gives at each amount of additional
secured international money a year (:mod:`.money`) the P50 and P90 Article 5 completion
year, ``p_complete_by_deadline``, ``p_complete_by_requested`` and the AP area released by a
year, over the forecast's draws (the same draws and seed at every amount: common random
numbers, :mod:`.evaluate`), so the curves are monotone exactly.

**The grid** (:func:`default_amounts`): :data:`DEFAULT_POINTS` evenly spaced amounts from
none to the *full-funding amount*, the least additional money at which every draw pays
every planned team in every year (the largest saturation over the draws,
:func:`~landrelease.portfolio.money.saturation_usd`). Above it the curve is flat — proved,
not assumed — so the grid spans exactly the part of the curve money can move; ten steps
show its shape at a tenth of the cost of a draw each. A past-release pace (money per m²)
has no saturation known in advance: its grid ends at twice the largest yearly cost of the
central plan. Callers may give any amounts instead.

Curves are cached in memory (:data:`CACHE_SIZE` entries, least recently used dropped),
keyed by the inputs' hash (the country's tables, the scenario's hash, the distributions
and plan realisation), the amounts, draws, seed and mode: the app redraws a curve for free.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import math
import threading
import warnings
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.domain.provenance import provenance
from landrelease.engine.cases import requested_deadline
from landrelease.engine.items import AP_TYPES
from landrelease.engine.project import project
from landrelease.errors import LandreleaseError, LandreleaseWarning
from landrelease.forecast import (
    CHUNK_DRAWS,
    QUANTITIES,
    DrawModel,
    Realisation,
    Uncertainty,
    evaluate,
    inputs_at,
    prepare_draws,
    resolve_uncertainty,
    sample_inputs,
)
from landrelease.forecast.realisation import default_realisation
from landrelease.forecast.result import year_quantile
from landrelease.portfolio.evaluate import (
    CurveJob,
    DifferenceOutcome,
    FullOutcome,
    Outcome,
    Progress,
    ThresholdOutcome,
    run_jobs,
)
from landrelease.portfolio.money import plan_need_usd, saturation_usd
from landrelease.scenario.model import TYPES, Scenario

__all__ = [
    "CACHE_SIZE",
    "DEFAULT_POINTS",
    "DEFAULT_YEARS_AHEAD",
    "CurveError",
    "Prepared",
    "Request",
    "ResponseCurve",
    "chunks",
    "clear_cache",
    "default_amounts",
    "last_year_meeting",
    "many_outcomes",
    "prepare",
    "response_curve",
]

DEFAULT_POINTS = 11
"""Amounts of a default curve: none, then every tenth of the full-funding amount."""
DEFAULT_YEARS_AHEAD = 5
"""Default year of "AP area released by": the end of the plan's fifth year, the length of a
donor's usual multi-year commitment."""
CACHE_SIZE = 32
"""Curves kept in memory: a few countries × scenarios × settings of an app session."""
PAST_PACE_TOP_FACTOR = 2.0
"""A past-release pace's default grid ends at this multiple of the central plan's largest
yearly cost (its saturation moves with each draw's shares and is not known in advance)."""


class CurveError(LandreleaseError):
    """A curve or portfolio was asked for with settings it cannot use."""


def chunks(draws: int) -> list[tuple[int, int]]:
    """(chunk index, draws in it): the forecast's own chunks, so that a curve's draws are
    the forecast's draws (:data:`~landrelease.forecast.CHUNK_DRAWS`)."""
    n = math.ceil(draws / CHUNK_DRAWS)
    return [(c, min(CHUNK_DRAWS, draws - c * CHUNK_DRAWS)) for c in range(n)]


def last_year_meeting(day: dt.date) -> int:
    """The last year whose completion meets ``day``: completion in year *Y* meets it when
    31 December of *Y* is on or before it, as the forecast and the projection read it."""
    return day.year - 1 + (day >= dt.date(day.year, 12, 31))


def _digest(table: pd.DataFrame | None) -> str:
    if table is None:
        return "none"
    plain = pd.DataFrame(table.drop(columns="geometry", errors="ignore"))
    values = pd.util.hash_pandas_object(plain, index=True).to_numpy()
    return hashlib.sha256(values.tobytes() + "|".join(map(str, plain.columns)).encode()).hexdigest()


def _hash(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Prepared:
    """What every curve of one country and scenario shares: the forecast's draw model,
    distributions and plan realisation, the dates, and ``key``, the hash of all inputs."""

    name: str
    scenario: Scenario
    model: DrawModel
    uncertainty: Uncertainty
    realisation: Realisation | None
    deadline: dt.date
    requested: dt.date | None
    ap_baseline_m2: float
    key: str
    origin: dict[str, Any]

    @property
    def years(self) -> np.ndarray:
        return self.scenario.years

    def meets_index(self, day: dt.date | None) -> int:
        """Index of the last year meeting ``day`` (``-1``: none can; the horizon's last
        year when the date is after it)."""
        if day is None:
            return -1
        return min(last_year_meeting(day) - self.scenario.start_year, len(self.years) - 1)


def prepare(
    country: Country,
    scenario: Scenario,
    *,
    uncertainty: Uncertainty | None = None,
    realisation: Realisation | None = None,
) -> Prepared:
    """The shared part of every curve of ``scenario`` on ``country`` (as
    :func:`~landrelease.forecast.forecast` resolves it: the same distributions and plan
    realisation by default)."""
    deadline = country.info.article5_deadline_date
    if scenario.requested_deadline_date is not None:
        requested: dt.date | None = scenario.requested_deadline_date
    else:
        requested, _ = requested_deadline(scenario, deadline, project(country, scenario).summary)
    if uncertainty is None:
        uncertainty = resolve_uncertainty(country, scenario)
    if realisation is None:
        realisation = default_realisation(country, scenario, uncertainty)
    with warnings.catch_warnings():  # the projection above said them
        warnings.simplefilter("ignore", LandreleaseWarning)
        model = prepare_draws(country, scenario)
    baseline = ~model.discovered & np.isin(model.items.type_code, _AP_CODES)
    fit = getattr(realisation, "as_dict", None)
    key = _hash(
        {
            "info": repr(country.info),
            "tables": [_digest(t) for t in (country.hazards, country.releases, country.stocks)],
            "scenario": scenario.hash,
            "uncertainty": uncertainty.as_dict(),
            "realisation": fit() if callable(fit) else repr(realisation),
        }
    )
    return Prepared(
        name=country.info.name,
        scenario=scenario,
        model=model,
        uncertainty=uncertainty,
        realisation=realisation,
        deadline=deadline,
        requested=requested,
        ap_baseline_m2=float(model.items.area_m2[baseline].sum()),
        key=key,
        origin={**provenance(country, scenario), "input_hash": key},
    )


_AP_CODES = [i for i, t in enumerate(TYPES) if t in AP_TYPES]
_PLANNED = QUANTITIES.index("planned_cost_usd")


def jobs_for(
    prepared: Prepared,
    amounts_usd: Sequence[float],
    *,
    draws: int,
    seed: int,
    mode: str = "full",
    meets_index: int = -1,
    saturates: bool = True,
) -> list[CurveJob]:
    """The jobs of one country's draws at ``amounts_usd`` (:mod:`.evaluate`)."""
    amounts = tuple(float(a) for a in amounts_usd)
    if not amounts or any(b <= a for a, b in itertools.pairwise(amounts)):
        raise CurveError("amounts of additional money must be given in increasing order")
    if amounts[0] < 0:
        raise CurveError(f"additional money {amounts[0]:,.0f} US$ a year: give 0 or more")
    return [
        CurveJob(
            prepared.model,
            prepared.uncertainty,
            prepared.realisation,
            seed,
            c,
            size,
            amounts,
            mode,
            meets_index,
            saturates,
        )
        for c, size in chunks(draws)
    ]


def full_funding_usd(prepared: Prepared, *, draws: int, seed: int) -> float:
    """The least additional money a year at which every draw pays every planned team in
    every year (the largest saturation); for a past-release pace,
    :data:`PAST_PACE_TOP_FACTOR` times the central plan's largest yearly cost."""
    need = plan_need_usd(prepared.model)
    if need is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LandreleaseWarning)
            plan = project_plan_cost(prepared)
        return PAST_PACE_TOP_FACTOR * plan
    top = 0.0
    for c, size in chunks(draws):
        inputs = sample_inputs(
            prepared.uncertainty,
            size,
            prepared.model.n_years,
            seed=seed,
            chunk=c,
            realisation=prepared.realisation,
        )
        found = saturation_usd(prepared.model, inputs, margin=False)
        top = max(top, float(found.max(initial=0.0)))
    return top


def project_plan_cost(prepared: Prepared) -> float:
    """The central plan's largest yearly planned cost (US$): every input at its P50."""
    outcome = evaluate(prepared.model, inputs_at(prepared.uncertainty, {}, prepared.model.n_years))
    return float(outcome.annual[0, :, _PLANNED].max(initial=0.0))


def default_amounts(
    prepared: Prepared, *, draws: int, seed: int, points: int = DEFAULT_POINTS
) -> np.ndarray:
    """``points`` amounts (US$ a year) evenly from none to the full-funding amount, rounded
    up to a whole US$1,000 (see the module docstring)."""
    if points < 2:
        raise CurveError(f"a curve needs at least 2 amounts; {points} given")
    top = math.ceil(full_funding_usd(prepared, draws=draws, seed=seed) / 1000) * 1000.0
    if top <= 0:
        return np.zeros(1)
    return np.linspace(0.0, top, points)


_CACHE: OrderedDict[str, Any] = OrderedDict()
_LOCK = threading.Lock()


def _remember(key: str, value: Any) -> None:
    """Keep ``value`` under ``key``, dropping the least recently used beyond
    :data:`CACHE_SIZE` (the app's threads share the cache)."""
    with _LOCK:
        _CACHE[key] = value
        _CACHE.move_to_end(key)
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)


def clear_cache() -> None:
    """Forget every cached curve."""
    with _LOCK:
        _CACHE.clear()


@dataclass(frozen=True)
class Request:
    """Draws of one country at ``amounts_usd`` in ``mode`` (:mod:`.evaluate`)."""

    prepared: Prepared
    amounts_usd: tuple[float, ...]
    mode: str = "full"
    meets_index: int = -1

    def key(self, draws: int, seed: int) -> str:
        return _hash(
            [self.prepared.key, self.amounts_usd, draws, seed, self.mode, self.meets_index]
        )


def _concat(mode: str, parts: Sequence[Outcome]) -> Outcome:
    """One country's chunks as one outcome."""
    if mode == "full":
        return FullOutcome.concat([p for p in parts if isinstance(p, FullOutcome)])
    if mode == "threshold":
        return ThresholdOutcome.concat([p for p in parts if isinstance(p, ThresholdOutcome)])
    return DifferenceOutcome.concat([p for p in parts if isinstance(p, DifferenceOutcome)])


def many_outcomes(
    requests: Sequence[Request],
    *,
    draws: int,
    seed: int,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> list[Outcome]:
    """The outcomes of every request (cached), the missing ones' jobs run together so that
    an executor's workers stay busy across countries; in the order of ``requests``."""
    keys = [r.key(draws, seed) for r in requests]
    with _LOCK:
        known = {k: _CACHE[k] for k in keys if k in _CACHE}
        for k in known:
            _CACHE.move_to_end(k)
    missing = list(dict.fromkeys(k for k in keys if k not in known))
    by_key = {r.key(draws, seed): r for r in requests}
    jobs = {
        k: jobs_for(
            by_key[k].prepared,
            by_key[k].amounts_usd,
            draws=draws,
            seed=seed,
            mode=by_key[k].mode,
            meets_index=by_key[k].meets_index,
        )
        for k in missing
    }
    flat = [job for k in missing for job in jobs[k]]
    parts = iter(run_jobs(flat, executor, progress) if flat else [])
    for k in missing:
        mine = [next(parts) for _ in jobs[k]]
        value = _concat(by_key[k].mode, mine)
        _remember(k, value)
        known[k] = value
    return [known[k] for k in keys]


def _share(index: np.ndarray, last: int) -> np.ndarray:
    """Per amount, the share of draws whose Article 5 completion (year indexes, ``-1``:
    after the horizon) is in year index ``last`` or before."""
    return ((index >= 0) & (index <= last)).mean(axis=1)


@dataclass(frozen=True)
class ResponseCurve:
    """A country's response to additional money: :attr:`table` and the draws behind it.

    ``article5_index``: Article 5 completion year index per amount and draw (``-1``: after
    the horizon); ``article5_remaining_m2``: mean Article 5 stock at each year end per
    amount (m², amounts × years).
    """

    country: str
    scenario: str
    amounts_usd: np.ndarray
    years: np.ndarray
    by_year: int
    deadline: dt.date
    requested: dt.date | None
    article5_index: np.ndarray
    article5_remaining_m2: np.ndarray
    ap_baseline_m2: float
    draws: int
    seed: int
    evaluations: int
    origin: dict[str, Any]

    def year_at(self, q: float) -> list[int | None]:
        """Quantile ``q`` (0..1) of the Article 5 completion year at each amount
        (``None``: after the horizon)."""
        end = int(self.years[-1])
        out = [year_quantile(row, self.years, q, end) for row in self.article5_index]
        return [v if isinstance(v, int) else None for v in out]

    def p_complete_by(self, day: dt.date) -> np.ndarray:
        """Per amount, the share of draws (0..1) whose Article 5 completion meets ``day``
        (the last year whose end is on or before it)."""
        return _share(self.article5_index, last_year_meeting(day) - int(self.years[0]))

    def ap_released_m2(self, by_year: int | None = None) -> np.ndarray:
        """Per amount, the AP area released by the end of ``by_year`` (default
        :attr:`by_year`), m²: the fall of the Article 5 stock from the baseline, net of new
        finds and re-survey (the same at every amount, so differences are release)."""
        year = self.by_year if by_year is None else by_year
        if year < self.years[0]:
            return np.zeros(len(self.amounts_usd))
        k = min(int(year - self.years[0]), len(self.years) - 1)
        return self.ap_baseline_m2 - self.article5_remaining_m2[:, k]

    @property
    def table(self) -> pd.DataFrame:
        """One row per amount: ``additional_usd_per_year, article5_completion_year_p50,
        article5_completion_year_p90`` (empty: after the horizon),
        ``p_complete_by_deadline, p_complete_by_requested`` (0..1; empty without a
        requested date), ``ap_area_released_m2`` (by the end of :attr:`by_year`)."""
        start = int(self.years[0])
        requested = (
            _share(self.article5_index, last_year_meeting(self.requested) - start)
            if self.requested is not None
            else np.full(len(self.amounts_usd), np.nan)
        )
        return pd.DataFrame(
            {
                "additional_usd_per_year": self.amounts_usd,
                "article5_completion_year_p50": pd.array(self.year_at(0.5), dtype="Int64"),
                "article5_completion_year_p90": pd.array(self.year_at(0.9), dtype="Int64"),
                "p_complete_by_deadline": _share(
                    self.article5_index, last_year_meeting(self.deadline) - start
                ),
                "p_complete_by_requested": requested,
                "ap_area_released_m2": self.ap_released_m2(),
            }
        )


def response_curve(
    country: Country | Prepared,
    scenario: Scenario | None = None,
    *,
    amounts_usd: Sequence[float] | None = None,
    points: int = DEFAULT_POINTS,
    draws: int = 500,
    seed: int = 0,
    by_year: int | None = None,
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> ResponseCurve:
    """The response of ``country`` under ``scenario`` to additional secured international
    money a year (US$).

    Parameters
    ----------
    country, scenario : the country and scenario (or ``country`` already
        :func:`prepare`\\ d, ``scenario`` then ``None``).
    amounts_usd : additional US$ a year, increasing; default :func:`default_amounts`.
    points : amounts of the default grid.
    draws, seed : the forecast's draws and seed (the curve at no additional money is the
        forecast's own figures).
    by_year : year of "AP area released by" (default: the plan's
        :data:`DEFAULT_YEARS_AHEAD`\\ th year).
    executor : where the chunks of draws run (:mod:`.evaluate`).
    progress : called with (draws done, draws in all).
    """
    if isinstance(country, Prepared):
        prepared = country
    elif scenario is None:
        raise CurveError("give the scenario of the curve")
    else:
        prepared = prepare(country, scenario)
    if isinstance(draws, bool) or not isinstance(draws, int) or draws < 1:
        raise CurveError(f"draws = {draws!r}: give a whole number of at least 1")
    if amounts_usd is None:
        amounts = default_amounts(prepared, draws=draws, seed=seed, points=points)
    else:
        amounts = np.asarray(amounts_usd, dtype=float)
    (result,) = many_outcomes(
        [Request(prepared, tuple(map(float, amounts)))],
        draws=draws,
        seed=seed,
        executor=executor,
        progress=progress,
    )
    assert isinstance(result, FullOutcome)
    start = prepared.scenario.start_year
    return ResponseCurve(
        country=prepared.name,
        scenario=prepared.scenario.name,
        amounts_usd=amounts,
        years=prepared.years,
        by_year=start + DEFAULT_YEARS_AHEAD - 1 if by_year is None else by_year,
        deadline=prepared.deadline,
        requested=prepared.requested,
        article5_index=result.article5_index,
        article5_remaining_m2=result.article5_remaining_m2.mean(axis=1),
        ap_baseline_m2=prepared.ap_baseline_m2,
        draws=draws,
        seed=seed,
        evaluations=result.evaluations,
        origin=prepared.origin,
    )
