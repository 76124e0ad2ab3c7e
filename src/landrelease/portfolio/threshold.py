"""Per draw, the first amount of a grid at which Article 5 completion meets a date: the
portfolio's ``threshold`` mode (:mod:`.evaluate`).

Meeting the date is monotone in money, so a search that keeps a bracket (the last amount
known to miss, the first known to meet) finds the answer exactly, whichever amounts it
works: the draw at its saturation first (a draw that misses there misses everywhere), then
at no additional money, then inside the bracket. The Article 5 area left at the date falls
almost linearly with money until it is gone, so once two amounts that miss are known (the
draw's own, or the median slope of its job), the next amount is the last one predicted to
miss; when the prediction holds, the amount after it ends the search. A failed prediction,
or :data:`SLOW_STEPS` steps in a row that leave more than half the bracket, are followed by
a bisection step.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from landrelease.forecast import QUANTITIES, DrawOutcome

__all__ = ["PILOT_DRAWS", "SLOW_STEPS", "Worker", "first_meeting"]

PILOT_DRAWS = 8
"""Draws of a job bisected once before the others are searched with the job's median
slope (a threshold search, :class:`_Search`): enough for a median, few enough that most
draws start from a prediction."""
SLOW_STEPS = 3
"""Predicted steps in a row that may each leave more than half of a draw's bracket before
one bisection step is forced: the search never takes more than about four times
bisection's ``log2(points)`` steps, however the area left bends with money (on the
benchmark's countries, 3% fewer evaluations than with two)."""
_AP_REMAINING = QUANTITIES.index("article5_remaining_area_m2")


class _Job(Protocol):
    @property
    def size(self) -> int: ...
    @property
    def meets_index(self) -> int: ...


class Worker(Protocol):
    """What the search needs of a job's worker (:class:`.evaluate._Worker`): its job, the
    grid (``amounts``), each draw's last amount worth working (``last``, its saturation)
    and :meth:`at`, the draws ``rows`` worked at amount index ``k``."""

    @property
    def job(self) -> _Job: ...
    @property
    def amounts(self) -> np.ndarray: ...
    @property
    def last(self) -> np.ndarray: ...

    def at(self, rows: np.ndarray, k: int) -> DrawOutcome: ...


class _Search:
    """Per draw, the bracket of the first amount meeting the date (``low``: the last
    amount known to miss, ``-1`` none; ``high``: the first known to meet, ``points`` none)
    and the Article 5 area left at the date's year end at the last two amounts known to
    miss (``miss_k``, ``miss_m2``: column 0 the latest, which is ``low``)."""

    def __init__(self, w: Worker) -> None:
        n, points = w.job.size, len(w.amounts)
        self.w = w
        self.points = points
        self.low = np.full(n, -1, dtype=np.int64)
        self.high = np.full(n, points, dtype=np.int64)
        self.miss_k = np.full((n, 2), -1, dtype=np.int64)
        self.miss_m2 = np.full((n, 2), np.nan)

    def look(self, rows: np.ndarray, k: int) -> np.ndarray:
        """Work ``rows`` at amount ``k``; narrow their brackets; return which meet."""
        out = self.w.at(rows, k)
        meets = self.w.job.meets_index
        index = out.article5_completion_index
        hit = (index >= 0) & (index <= meets)
        self.high[rows[hit]] = k
        miss = rows[~hit]
        self.low[miss] = k
        self.miss_k[miss, 1] = self.miss_k[miss, 0]
        self.miss_m2[miss, 1] = self.miss_m2[miss, 0]
        self.miss_k[miss, 0] = k
        self.miss_m2[miss, 0] = out.annual[~hit, meets, _AP_REMAINING]
        return hit

    def slopes(self) -> np.ndarray:
        """Per draw, the Article 5 area the next amount releases by the date (m² a grid
        step), from its last two misses (NaN: fewer, or no fall between them)."""
        steps = self.miss_k[:, 0] - self.miss_k[:, 1]
        fall = self.miss_m2[:, 1] - self.miss_m2[:, 0]
        ok = (self.miss_k[:, 1] >= 0) & (fall > 0) & (steps > 0)
        return np.where(ok, fall / np.where(ok, steps, 1), np.nan)

    def proposals(self, rows: np.ndarray, guided: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The next amount of each draw in ``rows`` and whether it is expected to miss.

        Where ``guided`` and a slope is known (the draw's own, else the median of the
        job's), the area left at ``low`` falls linearly to nothing at a predicted amount:
        the proposal is the last amount before it (expected to miss; if it does, the next
        proposal is right after it and the search ends there), kept inside the bracket.
        Elsewhere the bracket's middle (bisection)."""
        low, high = self.low[rows], self.high[rows]
        mid = (low + high) // 2
        own = self.slopes()
        known = own[np.isfinite(own)]
        slope = own[rows]
        if known.size:
            slope = np.where(np.isfinite(slope), slope, np.median(known))
        use = guided & np.isfinite(slope)
        left = self.miss_m2[rows, 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            at = low + np.where(use, left / np.where(use, slope, 1.0), 0.0)
        before = np.ceil(at).astype(np.int64) - 1  # the last amount predicted to miss
        k = np.clip(before, low + 1, high - 1)
        return np.where(use, k, mid), use & (k <= before)


def first_meeting(w: Worker) -> np.ndarray:
    """Per draw of ``w``'s job, the index of the first amount whose Article 5 completion
    meets the job's date (``meets_index``), the number of amounts where none does."""
    n, points = w.job.size, len(w.amounts)
    first = np.full(n, points, dtype=np.int64)
    if w.job.meets_index < 0:  # the date is before the plan's first year ends
        return first
    search = _Search(w)
    low, high = search.low, search.high
    for k in np.unique(w.last):  # each draw at its last amount: missing there, always
        search.look(np.flatnonzero(w.last == k), int(k))
    rows = np.flatnonzero((high < points) & (high > 0))
    if rows.size:  # then at no additional money
        search.look(rows, 0)
    pilot = np.flatnonzero((high < points) & (high - low > 1))[:PILOT_DRAWS]
    for k in np.unique((low[pilot] + high[pilot]) // 2):  # a slope for the others
        chosen = pilot[(low[pilot] + high[pilot]) // 2 == k]
        search.look(chosen, int(k))
    guided = np.ones(n, dtype=bool)  # off for one step after a prediction failed
    slow = np.zeros(n, dtype=np.int64)  # steps in a row that did not halve the bracket
    while True:
        gap = np.flatnonzero((high < points) & (high - low > 1))
        if not gap.size:
            break
        width = high[gap] - low[gap]
        k_next, expect_miss = search.proposals(gap, guided[gap] & (slow[gap] < SLOW_STEPS))
        guided[gap] = True
        for k in np.unique(k_next):
            chosen = k_next == k
            hit = search.look(gap[chosen], int(k))
            guided[gap[chosen][hit & expect_miss[chosen]]] = False
        halved = 2 * (high[gap] - low[gap]) <= width
        slow[gap] = np.where(halved | (slow[gap] >= SLOW_STEPS), 0, slow[gap] + 1)
    first[high < points] = high[high < points]
    return first
