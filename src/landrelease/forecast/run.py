"""``forecast(country, scenario, draws=N, seed=K)``: Monte Carlo over the uncertain inputs.

Draws are cut into chunks of :data:`CHUNK_DRAWS` (fixed by the number of draws alone), each
with its own random streams (:func:`~landrelease.forecast.draw_inputs.stream`), so the result is
the same whether the chunks run in this process, in threads or in processes.

**Executors.** ``executor`` is any :class:`concurrent.futures.Executor`: ``None`` runs the
chunks here, one after another; a ``ProcessPoolExecutor(2)`` uses two cores (each task
carries the case's arrays, so keep the pool alive between forecasts — a warm pool — when
forecasting interactively); a ``ThreadPoolExecutor`` shares memory. A Dask cluster plugs in
the same way: ``forecast(..., executor=dask.distributed.Client(address).get_executor())``,
for a portfolio of many countries. landrelease has no scheduler of its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import pickle
import threading
import uuid
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, as_completed
from contextlib import contextmanager
from typing import Any, TypeVar, cast

import numpy as np
import pandas as pd

from landrelease.domain.country import Country, add_years
from landrelease.domain.provenance import provenance
from landrelease.engine.cases import CASES, case_scenario, requested_deadline
from landrelease.engine.project import project
from landrelease.engine.result import ProjectionResult
from landrelease.errors import LandreleaseError, LandreleaseWarning
from landrelease.forecast.draw_inputs import Realisation, sample_inputs
from landrelease.forecast.draws import DrawModel, DrawOutcome, evaluate, prepare_draws
from landrelease.forecast.realisation import default_realisation
from landrelease.forecast.result import (
    SUMMARY_PLAN_KEYS,
    ForecastResult,
    annual_table,
    case_summary,
    draws_table,
    region_table,
)
from landrelease.forecast.uncertainty import Uncertainty, resolve_uncertainty
from landrelease.scenario.model import Scenario

__all__ = ["CHUNK_DRAWS", "MAX_DRAWS", "ForecastError", "forecast", "run_case"]

CHUNK_DRAWS = 50
"""Draws per task: small enough to spread 1,000 draws over a few cores and to report
progress, large enough that a task's overhead (its arrays sent to a worker) stays small."""
MAX_DRAWS = 100_000
"""More draws than this add nothing a P10 or P90 can show (their sampling error is then
below 0.1 percentage point) and only cost time."""

Progress = Callable[[int, int], None]
"""Called with (draws done, draws in all) as chunks finish."""


class ForecastError(LandreleaseError):
    """A forecast was asked for with settings it cannot use (draws, cases)."""


def _chunks(draws: int) -> list[tuple[int, int]]:
    """(chunk index, draws in it) for ``draws`` draws."""
    n = math.ceil(draws / CHUNK_DRAWS)
    return [(c, min(CHUNK_DRAWS, draws - c * CHUNK_DRAWS)) for c in range(n)]


def _run_chunk(
    model: DrawModel,
    uncertainty: Uncertainty,
    seed: int,
    chunk: int,
    size: int,
    realisation: Realisation | None,
) -> DrawOutcome:
    inputs = sample_inputs(
        uncertainty, size, model.n_years, seed=seed, chunk=chunk, realisation=realisation
    )
    with quietly():  # in a worker process as here
        return evaluate(model, inputs)


_Case = tuple[DrawModel, Uncertainty, Realisation | None]
_UNPACKED: dict[str, _Case] = {}
"""In a worker: the cases of the last forecasts it worked on, by token (:func:`_run_packed`)."""
_UNPACKING = threading.Lock()
UNPACKED_KEPT = 2
"""Cases a worker keeps unpacked: the forecast running and the one before it (a case of a
100,000-area country is some 100 MB unpacked)."""


def _run_packed(token: str, packed: bytes, seed: int, chunk: int, size: int) -> DrawOutcome:
    """:func:`_run_chunk` of a case sent pickled once for all its chunks (``packed``): a
    worker unpickles it at the first chunk of ``token`` it gets and keeps it for the next
    (at 100,000 areas the case is 6.5 MB pickled: pickling it for each of 20 tasks took
    ~0.4 s of the main process's CPU and unpickling it ~0.2 s of the workers')."""
    with _UNPACKING:  # threads of one process share the cache
        case = _UNPACKED.get(token)
        if case is None:
            case = pickle.loads(packed)
            while len(_UNPACKED) >= UNPACKED_KEPT:
                del _UNPACKED[next(iter(_UNPACKED))]
            _UNPACKED[token] = case
    model, uncertainty, realisation = case
    return _run_chunk(model, uncertainty, seed, chunk, size, realisation)


def run_case(
    model: DrawModel,
    uncertainty: Uncertainty,
    *,
    draws: int,
    seed: int,
    executor: Executor | None = None,
    realisation: Realisation | None = None,
    progress: Progress | None = None,
    done_before: int = 0,
    total: int | None = None,
) -> DrawOutcome:
    """Every draw of one case, chunk by chunk (in ``executor`` when given), in order."""
    chunks = _chunks(draws)
    total = draws if total is None else total
    done = done_before
    results: list[DrawOutcome | None] = [None] * len(chunks)
    if executor is None or len(chunks) == 1:  # one chunk: sending it away gains nothing
        for c, size in chunks:
            results[c] = _run_chunk(model, uncertainty, seed, c, size, realisation)
            done += size
            if progress is not None:
                progress(done, total)
    else:
        # the case pickled once, not once a task; a worker unpickles it once (_run_packed)
        packed = pickle.dumps((model, uncertainty, realisation), pickle.HIGHEST_PROTOCOL)
        token = uuid.uuid4().hex
        futures: dict[Future[DrawOutcome], tuple[int, int]] = {
            executor.submit(_run_packed, token, packed, seed, c, size): (c, size)
            for c, size in chunks
        }
        for future in as_completed(futures):
            c, size = futures[future]
            results[c] = future.result()
            done += size
            if progress is not None:
                progress(done, total)
    return DrawOutcome.concat([r for r in results if r is not None])


def _hash(data: Any) -> str:
    text = json.dumps(data, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


T = TypeVar("T")


def _assumptions_key(scenario: Scenario) -> tuple[str, str]:
    """What a forecast's distributions and plan realisation depend on in ``scenario``: its
    resolved assumptions (:attr:`~landrelease.scenario.model.Scenario.hash`) and its
    ``[uncertainty]`` table."""
    return scenario.hash, _hash(dataclasses.asdict(scenario.uncertainty))


def _kept(
    country: Country,
    key: tuple[str, tuple[str, str]],
    compute: Callable[[Country, Scenario], T],
    scenario: Scenario,
) -> T:
    """``compute(country, scenario)`` once per ``key`` for this country
    (:meth:`~landrelease.domain.country.Country.memo`: a forecast repeated in the app, or
    a warm pool's next forecast, does not project the plan, fit the distributions and the
    track record again, some 0.15 s on aurelia), with the warnings it gave given again at
    every call (through the caller's filters, as if computed there)."""

    def recorded() -> tuple[T, list[warnings.WarningMessage]]:
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")  # all of them, whatever the caller's filters
            value = compute(country, scenario)
        return value, said

    value, said = country.memo(("forecast", key), recorded)
    for w in said:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return value


def _projected(country: Country, scenario: Scenario) -> ProjectionResult:
    """:func:`~landrelease.engine.project` of ``scenario``, kept like the distributions
    (:func:`_kept`: a repeated forecast, in the app or a warm pool's next one, does not
    project again; the projection depends on the scenario's hash alone)."""
    return _kept(country, ("projection", (scenario.hash, "")), project, scenario)


def _check(draws: int, cases: Sequence[str]) -> None:
    if isinstance(draws, bool) or not isinstance(draws, int) or not 1 <= draws <= MAX_DRAWS:
        raise ForecastError(f"draws = {draws!r}: give a whole number from 1 to {MAX_DRAWS:,}")
    unknown = [c for c in cases if c not in CASES]
    if unknown or not cases:
        raise ForecastError(
            f"cases {', '.join(map(repr, unknown)) or '(none)'}: give one or more of "
            f"{', '.join(CASES)}"
        )


def forecast(
    country: Country,
    scenario: Scenario,
    *,
    draws: int = 1000,
    seed: int = 0,
    cases: Sequence[str] = ("plan",),
    executor: Executor | None = None,
    uncertainty: Uncertainty | None = None,
    realisation: Realisation | None = None,
    progress: Progress | None = None,
) -> ForecastResult:
    """How likely the plan's dates are: ``draws`` draws of the uncertain inputs, each worked
    through the engine, summarised as quantiles and probabilities.

    Parameters
    ----------
    country, scenario : as for :func:`~landrelease.engine.project`.
    draws : number of draws (1 to :data:`MAX_DRAWS`).
    seed : the one seed of every random stream; the same seed gives the same result,
        whatever the executor and the number of workers.
    cases : the cases to forecast (:data:`~landrelease.engine.cases.CASES`), all with the
        same draws (common random numbers).
    executor : where the chunks of draws run (see the module docstring); ``None``: here.
    uncertainty : the distributions (default: :func:`resolve_uncertainty` of the scenario).
    realisation : plan realisation — an object whose ``draw_factors(rng, n_draws, n_years)``
        gives multipliers of the plan's yearly capacity per draw and year; ``None``: what
        ``[uncertainty] plan_realisation`` asks for
        (:func:`~landrelease.forecast.realisation.default_realisation`).
        It must pickle to run in a process pool.
    progress : called with (draws done, draws in all) as chunks finish.

    Returns
    -------
    ForecastResult

    Raises
    ------
    ForecastError
        for draws out of range or an unknown case.
    """
    _check(draws, cases)
    plan_result = _projected(country, scenario)  # its warnings (calibration) are shown once
    if uncertainty is None:
        key = _assumptions_key(scenario)
        uncertainty = _kept(country, ("uncertainty", key), resolve_uncertainty, scenario)
        if realisation is None:  # outside quietly(): a record too short to fit is said
            resolved = uncertainty
            realisation = _kept(
                country,
                ("plan_realisation", key),
                lambda c, s: default_realisation(c, s, resolved),
                scenario,
            )
    if realisation is None:
        realisation = default_realisation(country, scenario, uncertainty)
    with quietly():
        return _forecast(
            country,
            scenario,
            plan_result,
            draws,
            seed,
            cases,
            executor,
            uncertainty,
            realisation,
            progress,
        )


@contextmanager
def quietly() -> Iterator[None]:
    """Inside, the repeated projections of a forecast do not warn again what the first one
    warned (the calibration's soft problems)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LandreleaseWarning)
        yield


def _forecast(
    country: Country,
    scenario: Scenario,
    plan_result: ProjectionResult,
    draws: int,
    seed: int,
    cases: Sequence[str],
    executor: Executor | None,
    uncertainty: Uncertainty | None,
    realisation: Realisation | None,
    progress: Progress | None,
) -> ForecastResult:
    resolved = uncertainty if uncertainty is not None else resolve_uncertainty(country, scenario)
    if realisation is None:
        realisation = default_realisation(country, scenario, resolved)
    deadline = country.info.article5_deadline_date
    requested, _ = requested_deadline(scenario, deadline, plan_result.summary)
    within = add_years(deadline, 10)
    dates = {"deadline": deadline, "requested": requested, "within_10_years": within}
    years = scenario.years
    annual, by_region, table, summaries = [], [], [], {}
    total = draws * len(cases)
    for k, case in enumerate(cases):
        c_country, c_scenario, note = case_scenario(country, scenario, case)
        model = prepare_draws(c_country, c_scenario)
        if case == "no_access":  # areas closed at the start stay closed in every draw
            model = _closed(model)
        outcome = run_case(
            model,
            resolved,
            draws=draws,
            seed=seed,
            executor=executor,
            realisation=realisation,
            progress=progress,
            done_before=k * draws,
            total=total,
        )
        projected = plan_result if case == "plan" else _projected(c_country, c_scenario)
        summaries[case] = {
            **case_summary(outcome, years, scenario.end_year, dates),
            "projection_completion_year": projected.completion_year,
            "projection_article5_completion_year": projected.article5_completion_year,
            "assumes": note,
        }
        annual.append(annual_table(case, outcome, years))
        by_region.append(region_table(case, outcome, years, model.regions))
        table.append(draws_table(case, outcome, years))
    unc = resolved.as_dict()
    fit = getattr(realisation, "as_dict", None)
    if callable(fit):  # the track record's fit, with any fallback
        entry = dict(cast(dict[str, object], unc["plan_realisation"]))
        entry["fit"] = fit()
        unc["plan_realisation"] = entry
    origin = {**provenance(country, scenario), "uncertainty_hash": _hash(unc)}
    first = summaries[cases[0]] if "plan" not in summaries else summaries["plan"]
    summary: dict[str, Any] = {
        "country": country.info.name,
        "scenario": scenario.name,
        "scenario_hash": scenario.hash,
        "start_year": scenario.start_year,
        "end_year": scenario.end_year,
        "deadline_date": deadline.isoformat(),
        "requested_deadline_date": None if requested is None else requested.isoformat(),
        "requested_deadline_source": "scenario"
        if scenario.requested_deadline_date is not None
        else "the projection's required deadline",
        "within_10_years_date": within.isoformat(),
        **{k: first[k] for k in SUMMARY_PLAN_KEYS},
        "draws": draws,
        "seed": seed,
        "cases": summaries,
        "uncertainty": unc,
        "provenance": origin,
    }
    return ForecastResult(
        annual=pd.concat(annual, ignore_index=True),
        by_region=pd.concat(by_region, ignore_index=True),
        summary=summary,
        draws=pd.concat(table, ignore_index=True),
        seed=seed,
        n_draws=draws,
        uncertainty=unc,
        provenance=origin,
    )


def _closed(model: DrawModel) -> DrawModel:
    return dataclasses.replace(model, opens_with_access=np.zeros_like(model.opens_with_access))
