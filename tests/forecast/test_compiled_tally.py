"""The fused passes of the compiled stages against the engine's numpy functions, bit for bit,
on random areas (never available, found after the horizon, inaccessible, set aside for the
residual capacity): the one-pass tally of a stage outcome (forecast/compiled_tally.py: open
counts, finds and stage ends of every scope the completion asks for), the write-back that
tallies, and the outcomes written in item and serving order at once (forecast/compiled.py)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.engine.completion import finds_by_year, without_items
from landrelease.engine.costs import stage_ends
from landrelease.engine.items import AP_TYPES, WorkItems
from landrelease.engine.kernels import release_outcomes
from landrelease.engine.stages import StageOutcome, StageWork
from landrelease.engine.stages import _work as stage_work
from landrelease.engine.tables import open_counts
from landrelease.forecast import compiled, compiled_completion
from landrelease.forecast.compiled_tally import (
    ALL_FOUND,
    GATHER_APART_FROM,
    NONE_FOUND,
    back_and_tally,
    back_in_one_pass,
    back_stage_by_stage,
    ends_of,
    open_of,
    tally,
)
from landrelease.scenario.model import TYPES

IS_AP = np.array([t in AP_TYPES for t in TYPES])


@st.composite
def outcomes(draw: st.DrawFn) -> tuple[WorkItems, StageOutcome, int]:
    """Random areas and a random stage outcome of them (not one the stages could give: the
    tally only counts)."""
    n_years = draw(st.integers(1, 8))
    n = draw(st.integers(0, 40))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    found = rng.integers(-1, n_years + 2, n)  # some found after the horizon
    available = np.where(rng.random(n) < 0.2, np.inf, rng.random(n) * n_years)
    items = WorkItems(
        hazard_id=np.arange(n),
        region_code=np.zeros(n, dtype=np.int64),
        type_code=rng.integers(0, len(TYPES), n),
        area_m2=rng.choice([0.0, 1.0, 2.5, 1e6 / 3], n),
        is_sha=rng.random(n) < 0.5,
        available_time=available,
        rank=np.arange(n),
        discovered_year_index=found,
        regions=("r",),
        inaccessible=rng.random(n) < 0.3,
    )
    needed = rng.random((3, n)) < 0.7
    year = np.where(needed, rng.integers(-1, n_years, (3, n)), -1)
    done = np.where(rng.random(n) < 0.7, rng.integers(-1, n_years, n), -1)
    stage = StageWork(np.zeros(n), np.ones(n), np.arange(1.0, n_years + 1))
    outcome = StageOutcome(
        *np.zeros((3, n)), *year, *needed, done_year=done, nts=stage, ts=stage, clearance=stage
    )
    return items, outcome, n_years


def _limit(draw: st.DrawFn, n_years: int) -> int:
    return draw(st.sampled_from([NONE_FOUND, ALL_FOUND, *range(n_years + 2)]))


def _tally(items: WorkItems, outcome: StageOutcome, n_years: int):
    return tally(
        items.discovered_year_index,
        outcome.done_year,
        items.type_code,
        IS_AP,
        items.inaccessible,
        items.area_m2,
        items.available_time,
        (outcome.nts_needed, outcome.ts_needed, outcome.clearance_needed),
        (outcome.nts_year, outcome.ts_year, outcome.clearance_year),
        n_years,
    )


def _kept(items: WorkItems, limit: np.ndarray, by: np.ndarray, n_years: int) -> np.ndarray:
    """The areas whose found bin (year found + 1; all after the horizon in bin
    ``n_years + 1``) is within their group's limit."""
    return np.minimum(items.discovered_year_index + 1, n_years + 1) <= limit[by]


@given(case=outcomes(), data=st.data())
@settings(max_examples=300, deadline=None)
def test_open_counts_of_any_scope_are_the_engines(case, data):
    items, outcome, n_years = case
    counts, _, _ = _tally(items, outcome, n_years)
    limit = np.array([_limit(data.draw, n_years) for _ in range(4)])
    ap = IS_AP[items.type_code]
    scope = _kept(items, limit, 2 * ap + items.inaccessible, n_years)
    for got, want in zip(
        open_of(counts, limit), open_counts(items, outcome, n_years, scope), strict=True
    ):
        assert np.array_equal(got, want)


@given(case=outcomes())
@settings(max_examples=200, deadline=None)
def test_finds_are_the_engines_bit_for_bit(case):
    items, outcome, n_years = case
    _, finds, _ = _tally(items, outcome, n_years)
    ap = IS_AP[items.type_code]
    assert np.array_equal(finds[0], finds_by_year(items, ap, n_years))
    assert np.array_equal(finds[1], finds_by_year(items, np.ones(len(items), bool), n_years))


@given(case=outcomes(), data=st.data())
@settings(max_examples=300, deadline=None)
def test_stage_ends_without_the_areas_set_aside_are_the_engines(case, data):
    """The ends with the areas found after each scope's limit taken out of the plan (as the
    completion takes out those the residual capacity releases)."""
    items, outcome, n_years = case
    _, _, last = _tally(items, outcome, n_years)
    limit = np.array([_limit(data.draw, n_years) for _ in range(2)])
    aside = ~_kept(items, limit, IS_AP[items.type_code].astype(int), n_years)
    want = stage_ends(items, without_items(outcome, aside), n_years)
    assert list(ends_of(last, limit)) == list(want.values())


@pytest.mark.parametrize("write_back", [back_and_tally, back_in_one_pass, back_stage_by_stage])
@given(case=outcomes(), data=st.data())
@settings(max_examples=200, deadline=None)
def test_the_write_back_counts_what_a_tally_of_its_outcome_counts(write_back, case, data):
    """The stage runner's write-back to item order tallies as it goes: the tally of the
    outcome it writes (its areas queued when their available time is finite), in one
    pass (few areas) or a stage at a time (many: the same results)."""
    items, _, n_years = case
    n = len(items)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    queue = rng.permutation(np.flatnonzero(np.isfinite(items.available_time)))
    position = np.full(n, -1, dtype=np.int64)
    position[queue] = np.arange(len(queue))
    needed = rng.random((3, n)) < 0.7
    begin = tuple(rng.random(len(queue)) for _ in range(3))
    finish = tuple(rng.integers(-1, n_years, len(queue)) for _ in range(3))
    year, start, done, counted = write_back(
        position,
        needed,
        begin,
        finish,
        items.discovered_year_index,
        items.type_code,
        items.inaccessible,
        items.area_m2,
        n_years,
    )
    for s in range(3):
        want_year = np.full(n, -1)
        want_year[queue] = finish[s]
        want_year[~needed[s]] = -1
        assert np.array_equal(year[s], want_year)
        want_start = np.full(n, np.nan)
        want_start[queue] = begin[s]
        assert np.array_equal(start[s], want_start, equal_nan=True)
    unfinished = (needed & (year < 0)).any(axis=0)
    want_done = np.where(unfinished, -1, np.where(needed, year, -1).max(axis=0, initial=-1))
    assert np.array_equal(done, want_done)
    stage = StageWork(start[0], np.ones(n), np.arange(1.0, n_years + 1))
    written = StageOutcome(
        *np.zeros((3, n)), *year, *needed, done_year=done, nts=stage, ts=stage, clearance=stage
    )
    for got, want in zip(counted, _tally(items, written, n_years), strict=True):
        assert np.array_equal(got, want)


@given(case=outcomes(), data=st.data())
@settings(max_examples=200, deadline=None)
def test_outcomes_and_their_work_in_serving_order_are_the_engines(case, data):
    """The stage runner's outcomes and work per item (as run_stages computes them), and the
    same work in serving order, written in the same pass."""
    items, _, _ = case
    n = len(items)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    fc, fr = rng.random(len(TYPES)), rng.random(len(TYPES))
    fc[0], fr[1] = 0.0, 1.0  # nothing cancelled, everything reduced
    factor = rng.choice([0.0, 0.5, 1.0, 2.0], len(TYPES))  # 0: no productivity
    nts_m2, ts_m2 = data.draw(st.sampled_from([(1e4, 5e4), (0.0, 1e5)]))
    queue = rng.permutation(np.flatnonzero(np.isfinite(items.available_time)))
    position = np.full(n, -1, dtype=np.int64)
    position[queue] = np.arange(len(queue))
    released, needed, work, queued = compiled._outcomes(
        items.area_m2,
        items.is_sha,
        items.type_code,
        fc,
        fr,
        factor,
        nts_m2,
        ts_m2,
        position,
        len(queue),
    )
    t = items.type_code
    cancelled, reduced, cleared = release_outcomes(items.area_m2, items.is_sha, fc[t], fr[t])
    addressed = items.area_m2 - cancelled
    want_needed = np.stack([items.is_sha, addressed > 0, cleared > 0])
    want_work = np.stack(
        [
            stage_work(np.where(items.is_sha, items.area_m2, 0.0), np.full(n, nts_m2)),
            stage_work(np.where(addressed > 0, addressed, 0.0), ts_m2 * factor[t]),
            stage_work(np.where(cleared > 0, cleared, 0.0), factor[t]),
        ]
    )
    assert np.array_equal(released, np.stack([cancelled, reduced, cleared]))
    assert np.array_equal(needed, want_needed)
    assert np.array_equal(work, want_work)
    assert np.array_equal(queued, want_work[:, queue])
    assert np.array_equal(queued, compiled._in_queue(work, queue))


def test_many_areas_are_written_back_a_stage_at_a_time_with_the_same_results():
    """From GATHER_APART_FROM queued areas the write-back takes the stage-by-stage way: the
    same finish years, start levels, completion years and tally as the one pass, bit for
    bit (some areas not queued, stages not needed or not finished)."""
    n, n_years = 2 * GATHER_APART_FROM, 12
    rng = np.random.default_rng(11)
    queue = rng.permutation(np.flatnonzero(rng.random(n) < 0.9))
    position = np.full(n, -1, dtype=np.int64)
    position[queue] = np.arange(len(queue))
    assert len(queue) >= GATHER_APART_FROM
    args = (
        position,
        rng.random((3, n)) < 0.6,
        tuple(rng.random(len(queue)) for _ in range(3)),
        tuple(rng.integers(-1, n_years, len(queue)) for _ in range(3)),
        rng.integers(-1, n_years + 2, n),
        rng.integers(0, len(TYPES), n),
        rng.random(n) < 0.3,
        rng.random(n) * 1e4,
        n_years,
    )
    got, want = back_and_tally(*args), back_in_one_pass(*args)
    for g, w in zip([*got[:3], *got[3]], [*want[:3], *want[3]], strict=True):
        assert g.dtype == w.dtype
        assert np.array_equal(g, w, equal_nan=True)


@given(
    n=st.integers(0, 60),
    ap_index=st.integers(-1, 8),
    seed=st.integers(0, 2**32 - 1),
)
@settings(max_examples=300, deadline=None)
def test_the_finds_the_residual_capacity_releases_are_the_engines(n, ap_index, seed):
    """The compiled residual pass (branch-free) against the engine's three numpy
    expressions (engine/completion.py), with available times never (inf), unknown (NaN),
    -inf and within the horizon: which items go to the residual capacity, whether any,
    and whether another item opens after the Article 5 completion (stages worked again)."""
    rng = np.random.default_rng(seed)
    is_ap = rng.random(n) < 0.6
    found = rng.integers(-1, 10, n)
    available = rng.choice([np.inf, -np.inf, np.nan, 0.0, 3.5, 7.0, 9.25], n)
    residual, some, again = compiled_completion._residual_after(is_ap, found, available, ap_index)
    want = is_ap & (found > ap_index)
    later = np.isfinite(available) & (available > ap_index) & ~want
    assert np.array_equal(residual, want)
    assert some == want.any()
    assert again == (want.any() and later.any())


@given(case=outcomes(), data=st.data())
@settings(max_examples=100, deadline=None)
def test_work_in_serving_order_is_the_work_when_every_item_is_queued_in_item_order(case, data):
    """The draw model keeps its items in serving order: when every item is queued at its
    own index, the work in serving order is the work itself (no copy), with the same
    values as when some item is queued elsewhere or not at all."""
    items, _, _ = case
    n = len(items)
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    shares = (rng.random(len(TYPES)), rng.random(len(TYPES)), rng.choice([0.0, 2.0], len(TYPES)))
    args = (items.area_m2, items.is_sha, items.type_code, *shares, 1e4, 5e4)
    _, _, work, queued = compiled._outcomes(*args, np.arange(n), n)
    assert np.shares_memory(queued, work) or n == 0
    assert np.array_equal(queued, work)
    if n >= 2:  # the last item queued first: a copy in that order
        position = np.roll(np.arange(n), 1)
        _, _, moved_work, moved = compiled._outcomes(*args, position, n)
        assert not np.shares_memory(moved, moved_work)
        assert np.array_equal(moved_work, work)
        assert np.array_equal(moved[:, position], work)
    if n >= 1:  # the first item not queued
        position = np.arange(n) - 1
        _, _, _, fewer = compiled._outcomes(*args, position, n - 1)
        assert np.array_equal(fewer, work[:, 1:])
