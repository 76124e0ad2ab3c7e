"""Money kernels: paying team kinds in order, the ramp-up of new teams.

Expected numbers are worked by hand in the comments. (Work placed in years, which splits
costs between Article 5 and other work, is the release-as-worked kernel's:
tests/engine/test_release_as_worked.py.)
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.engine.kernels import funded_fraction, ramp_up_share

SETTINGS = settings(max_examples=60, deadline=None)


def test_money_pays_kinds_in_order_after_fixed_costs():
    # Three kinds costing 100, 200, 300 (in spending order); fixed costs 50.
    # Money 400: 350 left → kind 1 in full (100), kind 2 in full (200), kind 3 gets 50/300.
    # Money 30: less than the fixed costs → nothing for teams.
    # Money 1000: everything paid.
    cost = np.array([[100.0, 100.0, 100.0], [200.0, 200.0, 200.0], [300.0, 300.0, 300.0]])
    frac = funded_fraction(cost, np.full(3, 50.0), np.array([400.0, 30.0, 1000.0]))
    np.testing.assert_allclose(frac[:, 0], [1.0, 1.0, 50 / 300])
    np.testing.assert_allclose(frac[:, 1], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(frac[:, 2], [1.0, 1.0, 1.0])


def test_a_kind_that_costs_nothing_is_fully_funded():
    frac = funded_fraction(np.array([[0.0], [100.0]]), np.zeros(1), np.zeros(1))
    np.testing.assert_allclose(frac[:, 0], [1.0, 0.0])


costs = st.lists(st.integers(0, 10).map(lambda k: k * 100.0), min_size=1, max_size=5)


@SETTINGS
@given(
    cost=costs,
    other=st.integers(0, 10).map(lambda k: k * 100.0),
    money=st.integers(0, 50).map(lambda k: k * 100.0),
    kind=st.integers(0, 4),
    extra=st.integers(1, 10).map(lambda k: k * 100.0),
)
def test_adding_teams_of_a_kind_never_lowers_the_kinds_before_it(cost, other, money, kind, extra):
    kind = min(kind, len(cost) - 1)
    base = np.array(cost)[:, None]
    more = base.copy()
    more[kind] += extra
    before = funded_fraction(base, np.array([other]), np.array([money])) * base
    after = funded_fraction(more, np.array([other]), np.array([money])) * more
    assert (after[:kind] >= before[:kind] - 1e-9).all()
    # and the money paid never exceeds what there is after fixed costs
    assert after.sum() <= max(money - other, 0.0) + 1e-9


@SETTINGS
@given(cost=costs, other=st.integers(0, 10).map(lambda k: k * 100.0),
       money=st.integers(0, 50).map(lambda k: k * 100.0), more=st.integers(1, 20))
def test_more_money_never_funds_any_kind_less(cost, other, money, more):
    base = np.array(cost)[:, None]
    less = funded_fraction(base, np.array([other]), np.array([money]))
    plus = funded_fraction(base, np.array([other]), np.array([money + more * 100.0]))
    assert (plus >= less - 1e-12).all()


def test_ramp_up_of_new_teams():
    # ramp_up_years 2: a new team gives 0.25 in its first year, 0.75 in its second, then 1.
    # Teams 10, 10, 20, 20, 20, 10: the 10 new teams of year 3 give 2.5, then 7.5, then 10;
    # year 3: 10 + 2.5 = 12.5 of 20; year 4: 10 + 7.5 = 17.5; year 5: 20; year 6: the cut
    # removes the newest teams first, the 10 left are experienced.
    share = ramp_up_share(np.array([10.0, 10, 20, 20, 20, 10]), 2)
    np.testing.assert_allclose(share, [1.0, 1.0, 12.5 / 20, 17.5 / 20, 1.0, 1.0])
    # ramp_up_years 1: half output in a team's first year.
    np.testing.assert_allclose(ramp_up_share(np.array([0.0, 4, 4]), 1), [1.0, 0.5, 1.0])
    np.testing.assert_allclose(ramp_up_share(np.array([3.0, 9.0]), 0), [1.0, 1.0])


@SETTINGS
@given(
    teams=st.lists(st.integers(0, 20).map(float), min_size=1, max_size=12),
    year=st.integers(0, 11),
    extra=st.integers(1, 10),
    ramp=st.integers(0, 4),
)
def test_more_teams_in_a_year_never_give_less_output(teams, year, extra, ramp):
    base = np.array(teams)
    more = base.copy()
    more[min(year, len(base) - 1)] += extra
    out_base = base * ramp_up_share(base, ramp)
    out_more = more * ramp_up_share(more, ramp)
    assert (out_more >= out_base - 1e-9).all()
    assert (out_base <= base + 1e-9).all()


def test_one_kind_over_several_years_is_paid_year_by_year():
    # a 1-D cost is one kind: each year's money pays that year's cost, never the years'
    # running sum (which would leave every year after the first unpaid)
    frac = funded_fraction(np.full(3, 100.0), np.zeros(3), np.array([50.0, 100.0, 25.0]))
    assert frac.shape == (3,)
    assert frac == pytest.approx([0.5, 1.0, 0.25])
