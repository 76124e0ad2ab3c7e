"""The aggregate model of the paper country, worked out by hand (conftest), and the concave
majorant that bounds what a stage has ready."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from landrelease.optimise.aggregate import SAME_X, aggregate_model, concave_majorant


def test_the_work_article5_needs_and_all_the_work(make_paper):
    country, scenario = make_paper()
    agg = aggregate_model(country, scenario, 2027)
    assert agg.required == {"nts": 1.0, "ts": 4.5, "clearance": 45_000.0}
    # with H-3 (ERW SHA, 10 km²): NTS 100, TS 5,000,000 / 20,000 = 250 more, 2,500,000 m²
    assert agg.total == {"nts": 101.0, "ts": 254.5, "clearance": 2_545_000.0}
    np.testing.assert_allclose(agg.available["ts"], [254.5, 254.5])  # all open at the start


def test_technical_survey_follows_non_technical_survey_along_the_queue(make_paper):
    country, scenario = make_paper()
    agg = aggregate_model(country, scenario, 2027)
    # the queue: H-1 (no NTS, TS 2), H-2 (NTS 1, TS 2.5), H-3 (NTS 100, TS 250)
    np.testing.assert_allclose(agg.feeding("ts", np.array([1.0, 2.0, 3.25, 4.5])), [0, 0, 0.5, 1])
    # points (0, 0), (0, 2), (1, 4.5), (101, 254.5): one line, TS ≤ 2 + 2.5 · NTS
    np.testing.assert_allclose(agg.feeds["ts"], [[2.0, 2.5]])


steps = st.lists(st.tuples(st.floats(0, 100), st.floats(0, 100)), min_size=1, max_size=30)


@given(steps)
def test_the_majorant_is_above_every_point_and_touches_the_ends(pairs):
    dx, dy = np.array(pairs).T
    x, y = np.concatenate(([0.0], np.cumsum(dx))), np.concatenate(([0.0], np.cumsum(dy)))
    lines = concave_majorant(x, y)
    if x[-1] <= SAME_X:  # every x is 0 (within floating point): nothing limits y
        assert len(lines) == 0
        return
    bound = np.min(lines[:, 0][None, :] + lines[:, 1][None, :] * x[:, None], axis=1)
    scale = max(1.0, y[-1])
    assert (bound >= y - 1e-9 * scale).all()
    # least: it passes through the highest point at the first x (points closer than SAME_X
    # count as one) and at the last
    assert bound[-1] <= y[-1] + 1e-9 * scale
    assert bound[0] <= y[x <= SAME_X * max(x[-1], 1.0)].max() + 1e-9 * scale
