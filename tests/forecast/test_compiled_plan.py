"""The compiled yearly plan (forecast/compiled_plan.py) against the engine's yearly_plan (the
reference) on random bases and stage ends, and the compiled planned cost and funding gap
(forecast/compiled_lines.py) against the engine's plan_lines: the same arrays to the last
bit (signed zeros included), and the engine's path where money is earmarked."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.engine.capacity import STAGES, PlanBasis, YearlyPlan, yearly_plan
from landrelease.engine.costs import METHODS, plan_lines
from landrelease.engine.earmarks import LineMoney
from landrelease.forecast.compiled_lines import planned_and_gap
from landrelease.forecast.compiled_plan import CompiledPlans
from landrelease.scenario.model import TEAM_KINDS


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """The same dtype, shape and bytes (signed zeros apart)."""
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def assert_same_plan(got: YearlyPlan, want: YearlyPlan) -> None:
    for field in dataclasses.fields(want):
        a, b = getattr(got, field.name), getattr(want, field.name)
        if isinstance(b, dict):
            assert list(a) == list(b), field.name  # the same keys in the same order
            for key in b:
                assert same(a[key], b[key]), (field.name, key)
        elif isinstance(b, np.ndarray):
            assert same(a, b), field.name
        else:
            assert a == b, field.name


money = st.floats(0, 5e6, allow_nan=False, allow_infinity=False)


@st.composite
def bases(draw: st.DrawFn) -> tuple[PlanBasis, dict[str, float]]:
    """A basis over 1-12 years: teams, unit costs, money and ramp-up shares at random (zeros
    included: kinds without teams, free kinds, years without money), the kinds in a random
    spending order."""
    n = draw(st.integers(1, 12))

    def row(values: st.SearchStrategy[float]) -> np.ndarray:
        return np.array(draw(st.lists(values, min_size=n, max_size=n)), dtype=float)

    teams = {k: row(st.sampled_from([0.0, 1.0, 2.0, 3.5, 10.0])) for k in TEAM_KINDS}
    unit = {k: row(st.sampled_from([0.0, 50_000.0, 123_456.7, 400_000.0])) for k in TEAM_KINDS}
    national, secured, expected = row(money), row(money), row(money)
    basis = PlanBasis(
        years=np.arange(2025, 2025 + n),
        order=tuple(draw(st.permutations(TEAM_KINDS))),
        teams=teams,
        usd_per_team_year=unit,
        fixed_programme_usd=row(money),
        risk_education_usd=row(money),
        residual_capacity_usd=row(money),
        national_usd=national,
        international_secured_usd=secured,
        international_expected_usd=expected,
        funding_usd=national + secured + expected,
        output_share={k: row(st.floats(0, 1)) for k in TEAM_KINDS},
    )
    kinds = st.sampled_from([0.0, 1.0, 12_345.6, 80_000.0])
    m2 = {k: draw(kinds) for k in TEAM_KINDS if draw(st.booleans())}  # some kinds absent
    return basis, m2


@settings(max_examples=200, deadline=None)
@given(bases(), st.data())
def test_the_compiled_plan_is_the_engines(case, data):
    basis, m2 = case
    n = len(basis.years)
    plans = CompiledPlans()
    for _ in range(3):  # the stacked basis kept between calls
        ends = data.draw(
            st.none() | st.fixed_dictionaries({s: st.integers(-1, n - 1) for s in STAGES})
        )
        want = yearly_plan(None, m2, ends, basis)  # type: ignore[arg-type]  # basis given
        assert_same_plan(plans(None, m2, ends, basis), want)  # type: ignore[arg-type]


def flat_basis(n: int, teams: float, funding_usd: float) -> PlanBasis:
    """``n`` years of the same teams of every kind at US$100 a team-year, funded by
    national money, no other cost, full output."""
    return PlanBasis(
        years=np.arange(2025, 2025 + n),
        order=TEAM_KINDS,
        teams={k: np.full(n, teams) for k in TEAM_KINDS},
        usd_per_team_year={k: np.full(n, 100.0) for k in TEAM_KINDS},
        fixed_programme_usd=np.zeros(n),
        risk_education_usd=np.zeros(n),
        residual_capacity_usd=np.zeros(n),
        national_usd=np.full(n, funding_usd),
        international_secured_usd=np.zeros(n),
        international_expected_usd=np.zeros(n),
        funding_usd=np.full(n, funding_usd),
        output_share={k: np.ones(n) for k in TEAM_KINDS},
    )


def test_a_new_basis_is_stacked_again():
    basis = flat_basis(3, 2.0, 500.0)
    m2 = dict.fromkeys(TEAM_KINDS, 1.0)
    plans = CompiledPlans()
    plans(None, m2, None, basis)  # type: ignore[arg-type]
    richer = dataclasses.replace(basis, funding_usd=np.full(3, 1_000.0))
    assert_same_plan(
        plans(None, m2, None, richer),  # type: ignore[arg-type]
        yearly_plan(None, m2, None, richer),  # type: ignore[arg-type]
    )


def test_earmarked_money_keeps_the_engines_path(monkeypatch):
    basis = dataclasses.replace(
        flat_basis(2, 1.0, 300.0),
        line_money=LineMoney(
            secured_usd=np.full(2, 300.0),
            expected_usd=np.zeros(2),
            earmarked_usd={TEAM_KINDS[-1]: np.full(2, 100.0)},
            earmarked_secured_usd={TEAM_KINDS[-1]: np.full(2, 100.0)},
            earmarked_expected_usd={},
        ),
    )
    m2 = dict.fromkeys(TEAM_KINDS, 1.0)
    called = []
    monkeypatch.setattr(
        "landrelease.forecast.compiled_plan.yearly_plan",
        lambda *a: called.append(a) or yearly_plan(*a),
    )
    got = CompiledPlans()(None, m2, None, basis)  # type: ignore[arg-type]
    assert called
    assert_same_plan(got, yearly_plan(None, m2, None, basis))  # type: ignore[arg-type]
    assert got.earmark_spent_usd  # earmarked money paid its kind


@settings(max_examples=200, deadline=None)
@given(bases(), st.data())
def test_the_compiled_lines_are_the_engines(case, data):
    basis, m2 = case
    n = len(basis.years)
    ends = data.draw(st.none() | st.fixed_dictionaries({s: st.integers(-1, n - 1) for s in STAGES}))
    plan = yearly_plan(None, m2, ends, basis)  # type: ignore[arg-type]  # basis given
    if data.draw(st.booleans()):  # capacity priced per m² by method (past-release pace)
        cost = st.lists(money, min_size=n, max_size=n).map(np.array)
        priced = data.draw(st.lists(st.sampled_from(METHODS), unique=True))
        plan = dataclasses.replace(plan, method_cost_usd={m: data.draw(cost) for m in priced})
    kept = data.draw(st.integers(0, n - 1))
    residual = np.array(data.draw(st.lists(st.booleans(), min_size=kept + 1, max_size=kept + 1)))
    want = plan_lines(plan, slice(0, kept + 1), residual)
    planned, gap = planned_and_gap(plan, kept, residual)
    assert same(planned, want.planned_usd)
    assert same(gap, want.funding_gap_usd)


def test_earmarked_lines_keep_the_engines_path():
    basis = dataclasses.replace(
        flat_basis(2, 1.0, 150.0),
        line_money=LineMoney(
            secured_usd=np.full(2, 150.0),
            expected_usd=np.zeros(2),
            earmarked_usd={TEAM_KINDS[0]: np.full(2, 400.0)},
            earmarked_secured_usd={TEAM_KINDS[0]: np.full(2, 400.0)},
            earmarked_expected_usd={},
        ),
    )
    plan = yearly_plan(None, dict.fromkeys(TEAM_KINDS, 1.0), None, basis)  # type: ignore[arg-type]
    residual = np.zeros(2, dtype=bool)
    want = plan_lines(plan, slice(0, 2), residual)
    planned, gap = planned_and_gap(plan, 1, residual)
    assert same(planned, want.planned_usd)
    assert same(gap, want.funding_gap_usd)
    assert want.funding_gap_usd.sum() > 0  # the idle earmark counts for nothing: a gap
