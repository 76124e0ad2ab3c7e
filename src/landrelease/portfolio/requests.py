"""The draws of curves, cached: :func:`many_outcomes` runs the jobs (:mod:`.evaluate`) of
every :class:`Request` not already known, together, so that an executor's workers stay busy
across countries.

Outcomes are cached in memory (:data:`CACHE_SIZE` entries, least recently used dropped),
keyed by the inputs' hash (the country's tables, the scenario's hash, the distributions
and plan realisation: :attr:`~.prepared.Prepared.key`), the amounts, draws, seed and mode:
the app redraws a curve for free.
"""

from __future__ import annotations

import itertools
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from landrelease.forecast import CHUNK_DRAWS
from landrelease.portfolio.evaluate import (
    CurveJob,
    DifferenceOutcome,
    FullOutcome,
    Outcome,
    Progress,
    ThresholdOutcome,
    run_jobs,
)
from landrelease.portfolio.prepared import CurveError, Prepared, input_hash
from landrelease.portfolio.seen import Seen

__all__ = ["CACHE_SIZE", "Request", "chunks", "clear_cache", "jobs_for", "many_outcomes"]

CACHE_SIZE = 32
"""Curves kept in memory: a few countries × scenarios × settings of an app session."""


def chunks(draws: int) -> list[tuple[int, int]]:
    """(chunk index, draws in it): the forecast's own chunks, so that a curve's draws are
    the forecast's draws (:data:`~landrelease.forecast.CHUNK_DRAWS`)."""
    n = math.ceil(draws / CHUNK_DRAWS)
    return [(c, min(CHUNK_DRAWS, draws - c * CHUNK_DRAWS)) for c in range(n)]


def jobs_for(
    prepared: Prepared,
    amounts_usd: Sequence[float],
    *,
    draws: int,
    seed: int,
    mode: str = "full",
    meets_index: int = -1,
    saturates: bool = True,
    seen: Seen | None = None,
) -> list[CurveJob]:
    """The jobs of one country's draws at ``amounts_usd`` (:mod:`.evaluate`); ``seen``:
    what an earlier job found about the same ``draws`` (each job gets its chunk's)."""
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
            seen=None if seen is None else seen.rows(c * CHUNK_DRAWS, c * CHUNK_DRAWS + size),
        )
        for c, size in chunks(draws)
    ]


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
    seen: Seen | None = field(default=None, compare=False)
    """What an earlier request found about the same draws (:mod:`.seen`): saves work,
    changes no result (not part of :meth:`key`)."""

    def key(self, draws: int, seed: int) -> str:
        return input_hash(
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
            seen=by_key[k].seen,
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
