"""The exact split of a budget across countries on a grid: dynamic programming.

A budget of ``steps`` equal steps is split into whole steps per country, each country's
objective known at every number of steps it may take (its response curve on the budget
grid). The objective is a sum over countries (expected States completing, km² released),
but not concave: a probability of completion is S-shaped in money, so a greedy that gives
each step to the best next step can stop short of the jump that a larger grant buys. The
dynamic programme over countries — best value of the first *c* countries with *b* steps —
is exact on the grid for any curves, in ``countries × steps × steps-per-country``
operations: a few million for forty countries, well under a second. (A mixed-integer
programme on piecewise-linear curves would be exact too, but it needs binaries for every
segment to describe the same grid; the recursion is simpler and needs no solver.)

Ties: where several splits reach the same value, the one nearest the equal split is
chosen (least total steps away from it), then the one giving earlier countries fewer
steps; so money that changes nothing anywhere is spread evenly rather than piled on one
country. Give integer values (counts of draws, whole m²) and ties are exact.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from landrelease.errors import LandreleaseError

__all__ = ["AllocationError", "allocate"]


class AllocationError(LandreleaseError):
    """A budget that the countries' limits cannot take, or curves of the wrong shape."""


def allocate(
    values: Sequence[Sequence[float] | np.ndarray],
    steps: int,
    *,
    prefer: Sequence[int] | None = None,
) -> list[int]:
    """Steps per country (summing to ``steps``) that maximise the sum of ``values``.

    Parameters
    ----------
    values : per country, its objective with 0, 1, … steps; a country takes at most
        ``len(values[c]) - 1`` steps (its limit).
    steps : the budget in steps.
    prefer : steps per country to stay near among equal values (default: the equal split,
        ``steps / countries`` each).

    Raises
    ------
    AllocationError
        when the countries cannot take ``steps`` steps between them, or a curve is empty.
    """
    curves = [np.asarray(v, dtype=float) for v in values]
    if not curves or any(len(v) == 0 for v in curves):
        raise AllocationError("every country needs its objective at 0 steps at least")
    if steps < 0 or sum(len(v) - 1 for v in curves) < steps:
        raise AllocationError(
            f"the countries' limits take {sum(len(v) - 1 for v in curves)} steps between "
            f"them, not {steps}"
        )
    n = len(curves)
    target = np.full(n, steps / n) if prefer is None else np.asarray(prefer, dtype=float)
    best = np.full(steps + 1, -np.inf)
    best[0] = 0.0
    near = np.zeros(steps + 1)  # minus the distance from the preferred split so far
    choice: list[np.ndarray] = []
    budget = np.arange(steps + 1)
    for c, curve in enumerate(curves):
        k = np.arange(len(curve))
        before = budget[:, None] - k[None, :]  # steps left for the countries before
        valid = before >= 0
        safe = np.where(valid, before, 0)
        value = np.where(valid, best[safe] + curve[None, :], -np.inf)
        closeness = np.where(valid, near[safe] - np.abs(k - target[c])[None, :], -np.inf)
        top = value.max(axis=1, keepdims=True)
        ties = np.where((value == top) & np.isfinite(value), closeness, -np.inf)
        pick = np.argmax(ties, axis=1)  # the first, i.e. fewest steps, among equals
        rows = np.arange(steps + 1)
        best = np.where(np.isfinite(top[:, 0]), value[rows, pick], -np.inf)
        near = np.where(np.isfinite(top[:, 0]), closeness[rows, pick], -np.inf)
        choice.append(pick)
    out = [0] * n
    left = steps
    for c in range(n - 1, -1, -1):
        out[c] = int(choice[c][left])
        left -= out[c]
    assert left == 0
    return out
