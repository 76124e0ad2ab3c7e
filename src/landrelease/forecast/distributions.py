"""Three-point distributions: an uncertain input given by its P10, P50 and P90.

A value is drawn as ``T⁻¹(T(p50) + z·σ)`` with ``z`` standard normal, ``σ = (T(p50) −
T(p10)) / 1.2816`` below the median and ``(T(p90) − T(p50)) / 1.2816`` above it, and ``T``
the input's scale: the identity (years), ``log`` (multipliers, always positive) or
``logit`` (shares, always within 0..1). The draws' P10, P50 and P90 are then exactly the
given ones, whatever the skew: a planner's "between 30% and 50%, most likely 40%" is taken
literally, and a sensitivity analysis can swing the input to its own P10 and P90.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["SCALES", "Z90", "Input"]

Z90 = 1.2815515655446004
"""The standard normal quantile at 0.9 (P90 = median + Z90·σ)."""
SCALES = ("linear", "log", "logit")
"""Scales on which an input is normal on each side of its median."""
_EPS = 1e-9
"""Shares and multipliers are kept this far from 0 and 1 before ``log``/``logit``."""


def _forward(scale: str, x: np.ndarray) -> np.ndarray:
    if scale == "log":
        return np.log(np.maximum(x, _EPS))
    if scale == "logit":
        p = np.clip(x, _EPS, 1 - _EPS)
        return np.log(p / (1 - p))
    return np.asarray(x, dtype=float)


def _back(scale: str, y: np.ndarray) -> np.ndarray:
    if scale == "log":
        return np.exp(y)
    if scale == "logit":
        return 1.0 / (1.0 + np.exp(-y))
    return y


@dataclass(frozen=True)
class Input:
    """One uncertain input of the forecast, resolved.

    ``p10``, ``p50`` and ``p90`` map a key (a contamination type for shares, ``value`` for a
    single number) to the input's value; every key moves with the same draw (a country's
    survey practice moves the cancellation share of every type alike). ``unit`` is
    ``share`` (0..1), ``factor`` (a multiplier of the scenario's value), ``year`` or
    ``years``; ``source`` says where the width came from ("calibration spread 2021–2025",
    "scenario", "stocks reconciliation 2015–2025", "default", …); ``integer`` rounds draws.
    """

    name: str
    unit: str
    scale: str
    p10: Mapping[str, float]
    p50: Mapping[str, float]
    p90: Mapping[str, float]
    source: str
    integer: bool = False

    @property
    def fixed(self) -> bool:
        """True when the input does not vary (P10 = P50 = P90 for every key)."""
        return all(self.p10[k] == self.p50[k] == self.p90[k] for k in self.p50)

    def at(self, z: np.ndarray) -> dict[str, np.ndarray]:
        """The input's values at standard normal deviates ``z`` (one per draw), by key.
        ``z = 0`` gives exactly P50; ``±1.2816`` exactly P90 and P10."""
        z = np.asarray(z, dtype=float)
        out = {}
        for key, mid in self.p50.items():
            low, high = self.p10[key], self.p90[key]
            if low == mid == high:
                out[key] = np.full(z.shape, float(mid))
                continue
            a, b, c = (_forward(self.scale, np.array(v, dtype=float)) for v in (low, mid, high))
            sigma = np.where(z < 0, (b - a) / Z90, (c - b) / Z90)
            value = _back(self.scale, b + z * sigma)
            if self.integer:
                value = np.rint(value)
            # the three points exactly, and never across the median (log/logit round trips
            # are not bit-exact)
            value = np.where(z < 0, np.minimum(value, mid), np.maximum(value, mid))
            value = np.where(z == 0, mid, value)
            value = np.where(z == -Z90, low, np.where(z == Z90, high, value))
            out[key] = value.astype(float)
        return out

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON: unit, scale, source and the three points by key."""

        def points(d: Mapping[str, float]) -> object:
            return (
                round(d["value"], 6)
                if set(d) == {"value"}
                else {k: round(v, 6) for k, v in d.items()}
            )

        return {
            "unit": self.unit,
            "scale": self.scale,
            "p10": points(self.p10),
            "p50": points(self.p50),
            "p90": points(self.p90),
            "source": self.source,
        }
