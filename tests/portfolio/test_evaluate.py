"""The draws at several amounts: the shortcuts (saturation, bisection, differences) give
what working every draw at every amount gives, in this process or in a pool."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from landrelease.forecast import (
    compiled_draw,
    evaluate,
    prepare_draws,
    resolve_uncertainty,
    sample_inputs,
)
from landrelease.forecast import draws as draws_module
from landrelease.forecast.realisation import default_realisation
from landrelease.portfolio.evaluate import (
    CurveJob,
    DifferenceOutcome,
    FullOutcome,
    ThresholdOutcome,
    run_jobs,
    subset,
    work_job,
)

AMOUNTS = (0.0, 100_000.0, 200_000.0, 300_000.0, 400_000.0, 600_000.0, 2_000_000.0)
"""From none to well past every draw's saturation (at most about 450,000 here)."""


def job(country, scenario, **kw) -> CurveJob:
    uncertainty = resolve_uncertainty(country, scenario)
    settings = {
        "model": prepare_draws(country, scenario),
        "uncertainty": uncertainty,
        "realisation": default_realisation(country, scenario, uncertainty),
        "seed": 5,
        "chunk": 0,
        "size": 16,
        "amounts_usd": AMOUNTS,
    }
    return CurveJob(**(settings | kw))


def test_a_subset_of_draws_is_worked_as_in_the_whole(uncertain):
    country, scenario = uncertain
    model = prepare_draws(country, scenario)
    inputs = sample_inputs(resolve_uncertainty(country, scenario), 6, model.n_years, seed=2)
    whole = evaluate(model, inputs)
    rows = np.array([4, 1])
    part = evaluate(model, subset(inputs, rows))
    for field in dataclasses.fields(whole):
        np.testing.assert_array_equal(getattr(part, field.name), getattr(whole, field.name)[rows])


def test_saturation_skips_work_and_changes_nothing(uncertain):
    country, scenario = uncertain
    short = work_job(job(country, scenario))
    every = work_job(job(country, scenario, saturates=False))
    assert isinstance(short, FullOutcome)
    assert isinstance(every, FullOutcome)
    assert short.evaluations < every.evaluations == 16 * len(AMOUNTS)
    np.testing.assert_array_equal(short.article5_index, every.article5_index)
    np.testing.assert_array_equal(short.completion_index, every.completion_index)
    np.testing.assert_array_equal(short.article5_remaining_m2, every.article5_remaining_m2)


def test_more_money_never_finishes_a_draw_later_nor_leaves_more(uncertain):
    country, scenario = uncertain
    full = work_job(job(country, scenario, saturates=False))
    assert isinstance(full, FullOutcome)
    late = np.where(full.article5_index < 0, np.iinfo(np.int64).max, full.article5_index)
    assert (np.diff(late, axis=0) <= 0).all()
    assert (np.diff(full.article5_remaining_m2, axis=0) <= 1e-6).all()
    assert (np.diff(late, axis=0) < 0).any()  # and money does move some draw


def test_bisection_finds_the_first_amount_that_meets_the_date(uncertain):
    country, scenario = uncertain
    full = work_job(job(country, scenario, saturates=False))
    assert isinstance(full, FullOutcome)
    index = full.article5_index
    for meets in range(scenario.end_year - scenario.start_year + 1):
        found = work_job(job(country, scenario, mode="threshold", meets_index=meets))
        assert isinstance(found, ThresholdOutcome)
        hit = (index >= 0) & (index <= meets)
        first = np.where(hit.any(axis=0), hit.argmax(axis=0), len(AMOUNTS))
        np.testing.assert_array_equal(found.first_index, first)
        assert found.evaluations <= 16 * (2 + np.ceil(np.log2(len(AMOUNTS))))


def test_a_difference_is_what_the_second_amount_gains(uncertain):
    country, scenario = uncertain
    pair = (200_000.0, 300_000.0)
    full = work_job(job(country, scenario, amounts_usd=pair, saturates=False))
    gain = work_job(job(country, scenario, amounts_usd=pair, mode="difference", meets_index=5))
    assert isinstance(full, FullOutcome)
    assert isinstance(gain, DifferenceOutcome)
    n_years = scenario.end_year - scenario.start_year + 1
    year = np.where(full.article5_index >= 0, full.article5_index, n_years)
    np.testing.assert_array_equal(gain.years_gained, year[0] - year[1])
    hit = (full.article5_index >= 0) & (full.article5_index <= 5)
    np.testing.assert_array_equal(gain.meets_gained, hit[1].astype(float) - hit[0])
    np.testing.assert_array_equal(
        gain.stock_fall_m2, full.article5_remaining_m2[0] - full.article5_remaining_m2[1]
    )


def test_a_process_pool_gives_what_this_process_gives(uncertain):
    country, scenario = uncertain
    jobs = [job(country, scenario, chunk=c, size=8) for c in range(3)]
    here = run_jobs(jobs)
    seen: list[tuple[int, int]] = []
    with ProcessPoolExecutor(2) as pool:
        there = run_jobs(jobs, pool, progress=lambda done, total: seen.append((done, total)))
    for a, b in zip(here, there, strict=True):
        assert isinstance(a, FullOutcome)
        assert isinstance(b, FullOutcome)
        np.testing.assert_array_equal(a.article5_index, b.article5_index)
        np.testing.assert_array_equal(a.article5_remaining_m2, b.article5_remaining_m2)
    assert seen[-1] == (24, 24)


def test_the_guided_search_is_exact_and_beats_bisection_on_a_linear_country(paper_pair):
    """Country B's Article 5 area left at a date falls linearly with money until it is
    cleared (see ``linear``): after two misses the search predicts the first amount that
    meets, so a fine grid costs few evaluations, and the answer is the brute force's."""
    country, scenario = paper_pair[1]
    amounts = tuple(float(a) for a in np.linspace(0.0, 1_000_000.0, 41))
    full = work_job(job(country, scenario, amounts_usd=amounts, size=4, saturates=False))
    assert isinstance(full, FullOutcome)
    index = full.article5_index
    bisection = 2 + np.ceil(np.log2(len(amounts)))
    checked = 0
    for meets in range(scenario.end_year - scenario.start_year + 1):
        hit = (index >= 0) & (index <= meets)
        first = np.where(hit.any(axis=0), hit.argmax(axis=0), len(amounts))
        found = work_job(
            job(country, scenario, amounts_usd=amounts, size=4, mode="threshold", meets_index=meets)
        )
        assert isinstance(found, ThresholdOutcome)
        np.testing.assert_array_equal(found.first_index, first)
        if (first > 2).all() and (first < len(amounts) - 2).all():  # inside the grid
            assert found.evaluations <= 4 * (bisection - 3), meets
            checked += 1
    assert checked >= 2  # the dates whose answer lies inside the grid were searched


def test_starting_a_draw_where_its_teams_were_released_changes_nothing(uncertain, monkeypatch):
    """Each draw is worked at the next amount from the stage ends of the last one (fewer
    passes where money moves no stage end): the same outcomes as from the full deployment."""
    country, scenario = uncertain
    passes: list[int] = []
    real = draws_module.complete_compiled
    monkeypatch.setattr(draws_module, "complete_compiled", lambda *a: passes.append(1) or real(*a))
    draw = compiled_draw.draw  # a draw in one call counts its passes

    def one_call(*args):
        result = draw(*args)
        passes.extend([1] * int(result[1]))
        return result

    monkeypatch.setattr(compiled_draw, "draw", one_call)
    for mode, meets in (("full", -1), ("threshold", 4), ("difference", 4)):
        amounts = AMOUNTS if mode != "difference" else AMOUNTS[2:4]
        kw = {"mode": mode, "meets_index": meets, "amounts_usd": amounts}
        passes.clear()
        cold = work_job(job(country, scenario, warm=False, **kw))
        cold_passes = len(passes)
        passes.clear()
        warm = work_job(job(country, scenario, **kw))
        assert cold.evaluations == warm.evaluations
        assert len(passes) <= cold_passes, mode
        if mode == "full":  # seven amounts a draw: the starts were used
            assert len(passes) < cold_passes
        assert_same(warm, cold)


def assert_same(got, want) -> None:
    """Every field of two outcomes (or what they saw) equal; floats to rounding."""
    for field in dataclasses.fields(want):
        a, b = getattr(want, field.name), getattr(got, field.name)
        if dataclasses.is_dataclass(a):
            assert_same(b, a)
        elif isinstance(a, np.ndarray) and a.dtype.kind == "f":
            np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-6, err_msg=field.name)
        else:
            np.testing.assert_array_equal(b, a, err_msg=field.name)


def test_what_a_search_saw_saves_work_and_changes_no_difference(uncertain):
    """The marginal values' job reuses the threshold search's outcomes (an amount it worked
    a draw at, or any amount at or above the draw's saturation): fewer draws worked, the
    same differences as working every draw."""
    country, scenario = uncertain
    search = work_job(job(country, scenario, mode="threshold", meets_index=6))
    assert isinstance(search, ThresholdOutcome)
    assert search.seen is not None
    for pair in ((0.0, 100_000.0), (200_000.0, 300_000.0), (400_000.0, 2_000_000.0)):
        kw = {"mode": "difference", "meets_index": 6, "amounts_usd": pair}
        fresh = work_job(job(country, scenario, **kw))
        reused = work_job(job(country, scenario, seen=search.seen, **kw))
        assert_same(reused, dataclasses.replace(fresh, evaluations=reused.evaluations))
        assert reused.evaluations <= fresh.evaluations
        if pair[0] == 0.0:  # the search worked its open draws at no money
            assert reused.evaluations < fresh.evaluations
        if pair[1] == 2_000_000.0:  # above every draw's saturation: seen at its first
            assert reused.evaluations <= fresh.evaluations // 2
