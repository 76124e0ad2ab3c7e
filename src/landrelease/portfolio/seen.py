"""What a job found about its draws at the amounts it worked them at, for a later job on the
same draws (a portfolio's marginal values after its threshold search): a draw already worked
at an amount, or at any amount at or above its saturation, is not worked again.

A draw's outcome is a function of its inputs and the amount alone (the same draws and seed:
common random numbers), and at or above its saturation
(:func:`~landrelease.portfolio.money.saturation_usd`) it no longer changes, bit for bit. So
an outcome seen at amount ``a`` is the outcome at amount ``b`` when ``a == b``, or when both
are at or above the draw's saturation. What is kept per draw and amount is what the later
modes read: completion year indexes, the Article 5 stock at each year end and the stage ends
its teams were released at (where a draw worked at another amount may start,
:func:`~landrelease.forecast.evaluate`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from landrelease.forecast import NO_ENDS

__all__ = ["Seen", "SeenAt"]

_PER_AMOUNT = (
    "amount_usd",
    "article5_index",
    "completion_index",
    "article5_remaining_m2",
    "released_at",
)
"""The fields of :class:`Seen` with a column per amount (the last, ``saturation_usd``, is
per draw)."""


@dataclass(frozen=True)
class SeenAt:
    """Per draw, one amount's outcome: ``found`` where it is known (the other rows are
    undefined), Article 5 and all-area completion indexes, the Article 5 stock at each year
    end (m², draws × years) and the stage ends (draws × 3)."""

    found: np.ndarray
    article5_index: np.ndarray
    completion_index: np.ndarray
    article5_remaining_m2: np.ndarray
    released_at: np.ndarray


@dataclass(frozen=True)
class Seen:
    """Per draw (rows) and amount worked (columns, ``K`` at most; ``amount_usd`` NaN where
    none): the outcome fields of :class:`SeenAt`; ``saturation_usd`` per draw."""

    amount_usd: np.ndarray
    article5_index: np.ndarray
    completion_index: np.ndarray
    article5_remaining_m2: np.ndarray
    released_at: np.ndarray
    saturation_usd: np.ndarray

    @classmethod
    def record(
        cls,
        saturation_usd: np.ndarray,
        entries: Sequence[tuple[np.ndarray, float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]],
        n_years: int,
    ) -> Seen:
        """From ``entries`` (rows, amount, Article 5 index, completion index, stock,
        stage ends), in the order worked; a draw worked twice at one amount keeps the
        first."""
        n = len(saturation_usd)
        count = np.zeros(n, dtype=np.int64)
        for rows, *_ in entries:
            count[rows] += 1
        width = int(count.max(initial=0))
        seen = cls.empty(saturation_usd, width, n_years)
        slot = np.zeros(n, dtype=np.int64)
        for rows, amount, a5, done, stock, ends in entries:
            k = slot[rows]
            seen.amount_usd[rows, k] = amount
            seen.article5_index[rows, k] = a5
            seen.completion_index[rows, k] = done
            seen.article5_remaining_m2[rows, k] = stock
            seen.released_at[rows, k] = ends
            slot[rows] += 1
        return seen

    @classmethod
    def empty(cls, saturation_usd: np.ndarray, width: int, n_years: int) -> Seen:
        """Nothing seen yet for draws of these saturations, room for ``width`` amounts."""
        n = len(saturation_usd)
        return cls(
            np.full((n, width), np.nan),
            np.full((n, width), -1, dtype=np.int64),
            np.full((n, width), -1, dtype=np.int64),
            np.zeros((n, width, n_years)),
            np.full((n, width, 3), NO_ENDS, dtype=np.int64),
            np.asarray(saturation_usd, dtype=float),
        )

    @classmethod
    def concat(cls, parts: Sequence[Seen]) -> Seen:
        """The draws of ``parts``, in order (amounts padded to the widest)."""
        width = max(p.amount_usd.shape[1] for p in parts)
        years = parts[0].article5_remaining_m2.shape[2]
        padded = []
        for p in parts:
            wide = cls.empty(p.saturation_usd, width, years)
            for name in _PER_AMOUNT:
                getattr(wide, name)[:, : p.amount_usd.shape[1]] = getattr(p, name)
            padded.append(wide)
        return cls(*(np.concatenate([getattr(p, f.name) for p in padded]) for f in fields(cls)))

    def rows(self, start: int, stop: int) -> Seen:
        """Draws ``start`` to ``stop`` (a job's chunk)."""
        return Seen(*(getattr(self, f.name)[start:stop] for f in fields(self)))

    def at(self, amount_usd: float) -> SeenAt:
        """Per draw, the outcome at ``amount_usd`` where it was seen: at that very amount,
        or (the draw saturated there) at any amount at or above its saturation."""
        saturated = self.saturation_usd <= amount_usd
        same = (self.amount_usd == amount_usd) | (
            saturated[:, None] & (self.amount_usd >= self.saturation_usd[:, None])
        )
        found = same.any(axis=1)
        k = same.argmax(axis=1)
        rows = np.arange(len(k))
        return SeenAt(
            found,
            self.article5_index[rows, k],
            self.completion_index[rows, k],
            self.article5_remaining_m2[rows, k],
            self.released_at[rows, k],
        )

    def nearest_ends(self, amount_usd: float) -> np.ndarray:
        """Per draw, the stage ends at the amount seen nearest ``amount_usd``
        (:data:`~landrelease.forecast.NO_ENDS` where none was)."""
        n, width = self.amount_usd.shape
        if width == 0:
            return np.full((n, 3), NO_ENDS, dtype=np.int64)
        distance = np.where(np.isnan(self.amount_usd), np.inf, np.abs(self.amount_usd - amount_usd))
        k = distance.argmin(axis=1)
        ends = self.released_at[np.arange(n), k]
        ends[~np.isfinite(distance[np.arange(n), k])] = NO_ENDS
        return ends
