"""The uncertain inputs of a forecast's draws: sampled from their distributions with one
random stream per input and chunk (:func:`sample_inputs`), or set at chosen deviates
(:func:`inputs_at`); :mod:`.draws` works them through the engine.

Randomness: every input has its own stream per chunk of draws, from one seed
(``SeedSequence(seed, spawn_key=(chunk, crc32(name)))``), so a chunk's draws are the same
whichever worker runs it, and two scenarios forecast with the same seed see the same draws
of every input they share (common random numbers).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from landrelease.forecast.uncertainty import Uncertainty

__all__ = [
    "STAGE_COUNT",
    "DrawInputs",
    "Realisation",
    "inputs_at",
    "sample_inputs",
    "stream",
]

STAGE_COUNT = 3
"""NTS, TS, clearance: the stages whose capacity noise and plan realisation multiply."""


class Realisation(Protocol):
    """Plan realisation (the State's track record): multipliers of the plan's yearly
    capacity, one per draw and year (1 = the plan's pace as planned)."""

    def draw_factors(self, rng: np.random.Generator, n_draws: int, n_years: int) -> np.ndarray:
        """A (n_draws × n_years) array of multipliers, drawn with ``rng`` only."""
        ...


def stream(seed: int, chunk: int, name: str) -> np.random.Generator:
    """The random stream of input ``name`` in chunk ``chunk`` of a forecast seeded ``seed``."""
    key = (int(chunk), zlib.crc32(name.encode("utf-8")))
    return np.random.default_rng(np.random.SeedSequence(int(seed), spawn_key=key))


@dataclass(frozen=True)
class DrawInputs:
    """Inputs of ``n`` draws: ``values`` by input name and key (arrays of ``n``),
    ``expected_arrives`` (n × years, 1 where the year's expected money arrives) and
    ``capacity_factor`` (n × years × 3 stages: yearly noise times plan realisation, over
    the revision); ``revision`` (n × years, or ``None``: none): the factor by which the
    remaining area has been revised by the end of each year, outside release.

    A revision that scales all remaining area by ``g`` is worked exactly as capacity
    divided by ``g`` on the unrevised areas, whose areas are then multiplied by ``g``: so
    the engine's queues are untouched and the yearly revisions accumulate."""

    values: dict[str, dict[str, np.ndarray]]
    expected_arrives: np.ndarray
    capacity_factor: np.ndarray
    revision: np.ndarray | None = None

    @property
    def n(self) -> int:
        return int(self.expected_arrives.shape[0])


def sample_inputs(
    uncertainty: Uncertainty,
    n: int,
    n_years: int,
    *,
    seed: int,
    chunk: int = 0,
    realisation: Realisation | None = None,
) -> DrawInputs:
    """Draw ``n`` sets of inputs for chunk ``chunk`` (see :func:`stream`)."""
    values = {
        i.name: i.at(stream(seed, chunk, i.name).standard_normal(n)) for i in uncertainty.inputs
    }
    p = uncertainty.expected_arrival_frac
    arrives = (stream(seed, chunk, "expected_arrival").random((n, n_years)) < p).astype(float)
    sigma = uncertainty.noise_by_stage()  # one per stage, broadcast over draws and years
    z = stream(seed, chunk, "productivity_noise").standard_normal((n, n_years, STAGE_COUNT))
    factor = np.exp(sigma * z) if (sigma > 0).any() else np.ones((n, n_years, STAGE_COUNT))
    if realisation is not None:
        rng = stream(seed, chunk, "plan_realisation")
        drawn = np.asarray(realisation.draw_factors(rng, n, n_years), dtype=float)
        factor = factor * drawn.reshape(n, n_years)[:, :, None]
    revision = None
    if uncertainty.revision_sd_log > 0:
        rng = stream(seed, chunk, "revision")
        level = uncertainty.revision_drift_log + uncertainty.revision_drift_sd_log * (
            rng.standard_normal(n)
        )
        step = level[:, None] + uncertainty.revision_sd_log * rng.standard_normal((n, n_years))
        revision = np.exp(np.cumsum(step, axis=1))
        factor = factor / revision[:, :, None]
    return DrawInputs(values, arrives, factor, revision)


def inputs_at(
    uncertainty: Uncertainty,
    z: Mapping[str, Sequence[float] | np.ndarray],
    n_years: int,
    expected_arrives: Sequence[float] | np.ndarray | None = None,
) -> DrawInputs:
    """Inputs at chosen standard normal deviates (``z`` by input name; inputs not named at
    0, their P50), no noise and no plan realisation; ``expected_arrives`` per draw (0..1,
    default 1: every year's expected money as the scenario counts it)."""
    n = len(next(iter(z.values()))) if z else 1
    values = {
        i.name: i.at(np.asarray(z.get(i.name, np.zeros(n)), dtype=float))
        for i in uncertainty.inputs
    }
    arrive = np.ones(n) if expected_arrives is None else np.asarray(expected_arrives, float)
    return DrawInputs(
        values,
        np.repeat(arrive[:, None], n_years, axis=1),
        np.ones((n, n_years, STAGE_COUNT)),
    )
