"""The draws of one country at several amounts of additional money, chunk by chunk.

A job (:class:`CurveJob`) is one chunk of a forecast's draws (the forecast's own chunks and
random streams, :func:`~landrelease.forecast.sample_inputs`) worked at every amount of a
grid. Every amount sees the same draws — common random numbers — so a draw's outcome is a
function of money alone, and the engine's invariant "more money never finishes later"
(``tests/engine/test_invariants.py``) carries over to every draw and so to every quantile
and probability: a curve is monotone exactly, not only on average.

Three modes:

- ``full``: every quantity the curves need (completion year indexes, the Article 5 stock
  each year) at every amount. A draw is worked only up to its saturation
  (:func:`~landrelease.portfolio.money.saturation_usd`); above it the result is copied.
- ``threshold``: per draw, the first amount at which Article 5 completion meets a date
  (``meets_index``, a year index), found exactly by a search that keeps a bracket and
  predicts the answer from the area left at the date (:mod:`.threshold`): on the
  benchmark's countries a sixth fewer projections than bisection.
- ``difference``: per draw, what the second of two amounts gains over the first
  (completion years, meeting ``meets_index``, Article 5 stock each year). A draw saturated
  at the first amount gains nothing, exactly, and is not worked at all; one an earlier job
  saw at an amount (``seen``: a threshold search's, :mod:`.seen`) is not worked there again.

Jobs run in any :class:`concurrent.futures.Executor` (:func:`run_jobs`), as the forecast's
chunks do: a ``ProcessPoolExecutor`` or a Dask ``Client.get_executor()``.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, as_completed
from dataclasses import dataclass
from typing import Any

import numpy as np

from landrelease.engine.capacity import STAGES
from landrelease.errors import LandreleaseWarning
from landrelease.forecast import (
    NO_ENDS,
    QUANTITIES,
    DrawInputs,
    DrawModel,
    DrawOutcome,
    Realisation,
    Uncertainty,
    evaluate,
    sample_inputs,
)
from landrelease.forecast.compiled import StageRunner
from landrelease.forecast.heap import release_freed_memory
from landrelease.portfolio.money import saturation_usd, with_additional_funding
from landrelease.portfolio.seen import Seen
from landrelease.portfolio.threshold import first_meeting

__all__ = [
    "MODES",
    "CurveJob",
    "DifferenceOutcome",
    "FullOutcome",
    "Outcome",
    "ThresholdOutcome",
    "run_jobs",
    "subset",
    "work_job",
]

MODES = ("full", "threshold", "difference")
_AP_REMAINING = QUANTITIES.index("article5_remaining_area_m2")

Progress = Callable[[int, int], None]
"""Called with (draws done, draws in all) as jobs finish."""


@dataclass(frozen=True)
class CurveJob:
    """One chunk (``chunk``, ``size`` draws) of a country's forecast draws, at every amount
    of ``amounts_usd`` (additional US$ a year, ascending). ``saturates``: skip amounts
    above a draw's saturation; ``warm``: start a draw's teams from where they were released
    at the last amount it was worked at (both exact; off only to test that they change
    nothing); ``seen``: what an earlier job found about these draws (:mod:`.seen`): a draw
    seen at an amount (or saturated at both) is not worked again."""

    model: DrawModel
    uncertainty: Uncertainty
    realisation: Realisation | None
    seed: int
    chunk: int
    size: int
    amounts_usd: tuple[float, ...]
    mode: str = "full"
    meets_index: int = -1
    saturates: bool = True
    warm: bool = True
    seen: Seen | None = None


@dataclass(frozen=True)
class FullOutcome:
    """Per amount and draw: Article 5 and all-area completion year indexes (``-1``: after
    the horizon) and the Article 5 stock at each year end (m², amounts × draws × years).
    ``evaluations``: draws worked (the rest were copied)."""

    article5_index: np.ndarray
    completion_index: np.ndarray
    article5_remaining_m2: np.ndarray
    evaluations: int

    @classmethod
    def concat(cls, parts: Sequence[FullOutcome]) -> FullOutcome:
        """The draws of ``parts``, in order."""
        return cls(
            np.concatenate([p.article5_index for p in parts], axis=1),
            np.concatenate([p.completion_index for p in parts], axis=1),
            np.concatenate([p.article5_remaining_m2 for p in parts], axis=1),
            sum(p.evaluations for p in parts),
        )


@dataclass(frozen=True)
class ThresholdOutcome:
    """Per draw, the index of the first amount whose Article 5 completion meets the date
    (the number of amounts where none does). ``evaluations``: draws worked."""

    first_index: np.ndarray
    evaluations: int
    seen: Seen | None = None
    """What the search found at each amount it worked each draw at (:mod:`.seen`)."""

    @classmethod
    def concat(cls, parts: Sequence[ThresholdOutcome]) -> ThresholdOutcome:
        """The draws of ``parts``, in order."""
        seen = [p.seen for p in parts if p.seen is not None]
        return cls(
            np.concatenate([p.first_index for p in parts]),
            sum(p.evaluations for p in parts),
            Seen.concat(seen) if len(seen) == len(parts) and seen else None,
        )


@dataclass(frozen=True)
class DifferenceOutcome:
    """Per draw, what the second amount gains over the first: completion ``years_gained``
    (a draw after the horizon counted as the year after it, so its gain is a lower bound),
    ``meets_gained`` (1 where only the second amount meets the date), ``stock_fall_m2``
    (the Article 5 stock at each year end lower by, draws × years). ``evaluations``: draws
    worked."""

    years_gained: np.ndarray
    meets_gained: np.ndarray
    stock_fall_m2: np.ndarray
    evaluations: int

    @classmethod
    def concat(cls, parts: Sequence[DifferenceOutcome]) -> DifferenceOutcome:
        """The draws of ``parts``, in order."""
        return cls(
            np.concatenate([p.years_gained for p in parts]),
            np.concatenate([p.meets_gained for p in parts]),
            np.concatenate([p.stock_fall_m2 for p in parts]),
            sum(p.evaluations for p in parts),
        )


Outcome = FullOutcome | ThresholdOutcome | DifferenceOutcome
"""What a job gives, by mode."""


def subset(inputs: DrawInputs, rows: np.ndarray) -> DrawInputs:
    """The draws ``rows`` of ``inputs`` (every per-draw array indexed on its first axis)."""

    def pick(value: Any) -> Any:
        if isinstance(value, np.ndarray):
            return value[rows]
        if isinstance(value, dict):
            return {k: pick(v) for k, v in value.items()}
        return value

    return dataclasses.replace(
        inputs, **{f.name: pick(getattr(inputs, f.name)) for f in dataclasses.fields(inputs)}
    )


class _Worker:
    """Works draws of one job at chosen amounts, counting the draws worked."""

    def __init__(self, job: CurveJob) -> None:
        self.job = job
        self.inputs = sample_inputs(
            job.uncertainty,
            job.size,
            job.model.n_years,
            seed=job.seed,
            chunk=job.chunk,
            realisation=job.realisation,
        )
        self.amounts = np.asarray(job.amounts_usd, dtype=float)
        if job.saturates:
            self.saturation = saturation_usd(job.model, self.inputs)
            top = np.searchsorted(self.amounts, self.saturation, side="left")
        else:
            self.saturation = np.full(job.size, np.inf)
            top = np.full(job.size, len(self.amounts))
        self.last = np.minimum(top, len(self.amounts) - 1)
        """Per draw, the last amount to work: the first at or above its saturation."""
        self.evaluations = 0
        self.runner = StageRunner()
        """One for the job's many small calls: the order of work is sorted once."""
        self.ends = np.full((job.size, len(STAGES)), NO_ENDS, dtype=np.int64)
        if job.seen is not None and job.warm:
            self.ends = job.seen.nearest_ends(float(self.amounts[0]))
        self.entries: list[tuple[np.ndarray, float, Any, Any, Any, Any]] = []
        """Per draw, the stage ends its teams were last released at (at the last amount it
        was worked at): where the next amount starts (:func:`~landrelease.forecast.evaluate`'s
        ``start_ends``; it saves the first pass where money moves no stage end, and
        changes no result)."""

    def at(self, rows: np.ndarray, k: int) -> DrawOutcome:
        model = dataclasses.replace(
            self.job.model,
            scenario=with_additional_funding(self.job.model.scenario, float(self.amounts[k])),
        )
        self.evaluations += len(rows)
        out = evaluate(
            model,
            subset(self.inputs, rows),
            runner=self.runner,
            release_memory=False,
            start_ends=self.ends[rows] if self.job.warm else None,
        )
        self.ends[rows] = out.released_at
        if self.job.mode == "threshold":  # what its marginal values may reuse (:mod:`.seen`)
            self.entries.append(
                (
                    rows,
                    float(self.amounts[k]),
                    out.article5_completion_index,
                    out.completion_index,
                    out.annual[:, :, _AP_REMAINING],
                    out.released_at,
                )
            )
        return out

    def seen(self) -> Seen:
        """What this job found at the amounts it worked each draw at."""
        return Seen.record(self.saturation, self.entries, self.job.model.n_years)

    def summary_at(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Article 5 completion indexes and Article 5 stock at each year end (draws ×
        years) of ``rows`` at amount ``k``: from the job's ``seen`` where known, else
        worked."""
        a5 = np.empty(len(rows), dtype=np.int64)
        stock = np.empty((len(rows), self.job.model.n_years))
        todo = np.ones(len(rows), dtype=bool)
        if self.job.seen is not None and self.job.saturates:
            known = self.job.seen.at(float(self.amounts[k]))
            todo = ~known.found[rows]
            a5[~todo] = known.article5_index[rows[~todo]]
            stock[~todo] = known.article5_remaining_m2[rows[~todo]]
            self.ends[rows[~todo]] = known.released_at[rows[~todo]]
        if todo.any():
            out = self.at(rows[todo], k)
            a5[todo] = out.article5_completion_index
            stock[todo] = out.annual[:, :, _AP_REMAINING]
        return a5, stock


def _full(w: _Worker) -> FullOutcome:
    n, points, years = w.job.size, len(w.amounts), w.job.model.n_years
    a5 = np.empty((points, n), dtype=np.int64)
    done = np.empty((points, n), dtype=np.int64)
    stock = np.empty((points, n, years))
    for k in range(points):
        rows = np.flatnonzero(w.last >= k)
        if rows.size:
            out = w.at(rows, k)
            a5[k, rows] = out.article5_completion_index
            done[k, rows] = out.completion_index
            stock[k, rows] = out.annual[:, :, _AP_REMAINING]
        copied = np.flatnonzero(w.last < k)  # above saturation: as at the previous amount
        a5[k, copied] = a5[k - 1, copied]
        done[k, copied] = done[k - 1, copied]
        stock[k, copied] = stock[k - 1, copied]
    return FullOutcome(a5, done, stock, w.evaluations)


def _threshold(w: _Worker) -> ThresholdOutcome:
    return ThresholdOutcome(first_meeting(w), w.evaluations, w.seen())


def _difference(w: _Worker) -> DifferenceOutcome:
    n, years = w.job.size, w.job.model.n_years
    gained = np.zeros(n)
    meets = np.zeros(n)
    fall = np.zeros((n, years))
    rows = np.flatnonzero(w.last >= 1)  # not saturated at the first amount
    if len(w.amounts) != 2:
        raise ValueError("a difference needs two amounts")
    if rows.size:
        (a, low), (b, high) = w.summary_at(rows, 0), w.summary_at(rows, 1)

        def year(index: np.ndarray) -> np.ndarray:
            return np.where(index >= 0, index, years).astype(float)

        def hit(index: np.ndarray) -> np.ndarray:
            return ((index >= 0) & (index <= w.job.meets_index)).astype(float)

        gained[rows] = year(a) - year(b)
        meets[rows] = hit(b) - hit(a)
        fall[rows] = low - high
    return DifferenceOutcome(gained, meets, fall, w.evaluations)


def work_job(job: CurveJob) -> Outcome:
    """Run one job (in whichever process the executor chose)."""
    if job.mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    with warnings.catch_warnings():  # the forecast's preparation said them once
        warnings.simplefilter("ignore", LandreleaseWarning)
        worker = _Worker(job)
        try:
            if job.mode == "full":
                return _full(worker)
            return _threshold(worker) if job.mode == "threshold" else _difference(worker)
        finally:
            release_freed_memory()  # once for the job's calls


def run_jobs(
    jobs: Sequence[CurveJob],
    executor: Executor | None = None,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Every job, in ``executor`` when given (else here, one after another); results in
    the order of ``jobs``. ``progress`` hears (draws done, draws in all) in draws."""
    total = sum(j.size for j in jobs)
    done = 0
    results: list[Outcome | None] = [None] * len(jobs)
    if executor is None:
        for i, job in enumerate(jobs):
            results[i] = work_job(job)
            done += job.size
            if progress is not None:
                progress(done, total)
    else:
        futures: dict[Future[Outcome], int] = {
            executor.submit(work_job, job): i for i, job in enumerate(jobs)
        }
        for future in as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            done += jobs[i].size
            if progress is not None:
                progress(done, total)
    return [r for r in results if r is not None]
