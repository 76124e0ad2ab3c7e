"""The threshold search (``portfolio/threshold.py``) on made-up draws whose answer is known:
whatever the area left at the date does (linear, bent, flat, noisy), the search returns the
first amount that meets, and never works much more than bisection would."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.forecast import NO_ENDS, QUANTITIES, DrawOutcome
from landrelease.portfolio.threshold import PILOT_DRAWS, SLOW_STEPS, first_meeting

AP_REMAINING = QUANTITIES.index("article5_remaining_area_m2")
N_YEARS = 4
MEETS = 2  # the date's year index


@dataclass(frozen=True)
class Job:
    size: int
    meets_index: int = MEETS


@dataclass
class Fake:
    """Draws whose completion meets the date from amount ``first[d]`` on (``points``: never),
    with ``left[d, k]`` m² of Article 5 area at the date at amount ``k`` where they miss."""

    first: np.ndarray
    left: np.ndarray
    last: np.ndarray
    job: Job = field(init=False)
    worked: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.job = Job(len(self.first))

    @property
    def amounts(self) -> np.ndarray:
        return np.arange(self.left.shape[1], dtype=float)

    def at(self, rows: np.ndarray, k: int) -> DrawOutcome:
        self.worked += [(int(r), k) for r in rows]
        meets = k >= self.first[rows]
        annual = np.zeros((len(rows), N_YEARS, len(QUANTITIES)))
        annual[:, MEETS, AP_REMAINING] = np.where(meets, 0.0, self.left[rows, k])
        index = np.where(meets, MEETS, -1)
        zero = np.zeros(len(rows))
        regions = np.zeros((len(rows), N_YEARS, 1, 2))
        return DrawOutcome(index, index, zero, annual, regions, np.full((len(rows), 3), NO_ENDS))


@st.composite
def draws(draw: st.DrawFn) -> Fake:
    points = draw(st.integers(2, 60))
    n = draw(st.integers(1, 2 * PILOT_DRAWS))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    last = rng.integers(0, points, n)  # the first amount at or above each draw's saturation
    first = rng.integers(0, points + 1, n)
    first = np.where(first > last, points, first)  # missing at saturation: missing everywhere
    shape = draw(st.sampled_from(["linear", "bent", "flat", "noisy"]))
    k = np.arange(points)[None, :]
    gap = np.maximum(first[:, None] - k, 0).astype(float)
    slope = rng.uniform(0.5, 2.0, (n, 1)) * 1e6
    left = {
        "linear": slope * gap,
        "bent": slope * np.sqrt(gap) * 3 + 1e5 * (gap > 0),  # falls fast, then a step
        "flat": np.where(gap > 0, 1e5, 0.0),  # nothing to predict from
        "noisy": rng.uniform(0, 1e7, (n, points)) * (gap > 0),  # not even monotone
    }[shape]
    return Fake(first, left, last)


@settings(max_examples=200, deadline=None)
@given(draws())
def test_the_search_finds_the_first_amount_that_meets(fake: Fake) -> None:
    found = first_meeting(fake)
    np.testing.assert_array_equal(found, fake.first)
    points = fake.left.shape[1]
    # saturation, no money, a pilot step, then at most SLOW_STEPS + 1 steps per halving
    bound = 3 + (SLOW_STEPS + 1) * int(np.ceil(np.log2(points)))
    per_draw = np.bincount([r for r, _ in fake.worked], minlength=len(fake.first))
    assert per_draw.max() <= bound
    assert len(set(fake.worked)) == len(fake.worked)  # no amount worked twice for a draw


def test_a_linear_fall_is_found_in_few_steps() -> None:
    n, points = 12, 41
    first = np.full(n, 30)
    k = np.arange(points)[None, :]
    left = 1e6 * np.maximum(first[:, None] - k, 0).astype(float)
    fake = Fake(first, left, np.full(n, points - 1))
    np.testing.assert_array_equal(first_meeting(fake), first)
    per_draw = np.bincount([r for r, _ in fake.worked], minlength=n)
    # saturation, no money, a bisection step for the pilots only, the last miss predicted
    # from the slope, the first meet: bisection takes 2 + log2(41) = 8
    assert per_draw[:PILOT_DRAWS].max() <= 5
    assert per_draw[PILOT_DRAWS:].max() <= 4
