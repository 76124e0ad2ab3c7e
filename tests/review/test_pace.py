"""Pace checks: planned release against the State's best and recent years, the ramp-up of
teams and output, and the milestones of the previous request."""

from __future__ import annotations

import numpy as np
import pytest

from landrelease.review.checks.pace import funded_teams


def national_progress(pack):
    pr = pack["progress"]
    return pr[pr["region"] == "Total"].reset_index(drop=True)


def working_totals(pack):
    wp = pack["work_plan"]
    return wp.index[(wp["region"] == "Total") & (wp["released_area_m2"] > 1)].tolist()


def planned(put, pack, value):
    """Every plan year with work releases ``value`` m² (work-plan Total rows only)."""
    return put(pack, "work_plan", working_totals(pack), released_area_m2=value)


@pytest.mark.parametrize(("times", "severity"), [(3.0, "error"), (2.0, "warning")])
def test_milestones_far_above_the_best_year_of_the_progress_table(
    sample, put, run, times, severity
):
    _, pack = sample("cascadia")
    best = national_progress(pack)["released_area_m2"].max()
    (finding,) = run(planned(put, pack, times * best), "best_year")
    assert finding.severity == severity
    assert finding.figures["best_past"] == best
    assert finding.figures["ratio_to_best"] == pytest.approx(times)
    assert finding.row == working_totals(pack)[0] + 2


def test_milestones_three_times_the_best_year_of_the_history(sample, put, run):
    country, pack = sample("cascadia")
    by_year = country.releases.groupby("year")["area_m2"].sum()
    fast = planned(put, pack, 3 * by_year.max())
    (finding,) = run(fast, "best_year", country.releases)
    assert finding.severity == "error"
    assert finding.figures["best_past_year"] == by_year.idxmax()
    assert f"{3 * by_year.max():,.0f} m²" in finding.question


def test_more_funded_teams_turn_a_fast_plan_into_a_note(sample, put, run):
    country, pack = sample("cascadia")
    best = country.releases.groupby("year")["area_m2"].sum().max()
    fast = planned(put, pack, 2 * best)
    (warning,) = run(fast, "best_year", country.releases)
    assert warning.severity == "warning"
    cap = fast["capacity"]
    kinds = [c for c in cap.columns if c.startswith("funded_team_years_")]
    staffed = put(fast, "capacity", list(range(len(cap))), **{k: (lambda v: 10 * v) for k in kinds})
    (note,) = run(staffed, "best_year", country.releases)
    assert note.severity == "info"
    rates = country.releases.groupby("year").agg(a=("area_m2", "sum"), t=("teams", "sum"))
    assert note.figures["best_past_m2_per_team_year"] == pytest.approx((rates.a / rates.t).max())
    # without past team-years (progress table only) the warning stays
    assert run(staffed, "best_year")[0].severity == "warning"


def test_pace_above_recent_output_or_below_it_is_noted(sample, put, run):
    _, pack = sample("cascadia")
    progress = national_progress(pack)
    best = progress["released_area_m2"].max()
    recent = progress["released_area_m2"].tail(3).mean()
    (above,) = run(pack, "best_year")
    assert above.severity == "info"
    assert above.figures["recent_average"] == pytest.approx(recent)
    slow = planned(put, pack, 0.5 * recent)
    (below,) = run(slow, "best_year")
    assert below.severity == "info"
    assert below.figures["plan_average"] == pytest.approx(0.5 * recent)
    assert 0.5 * recent < best


def test_ramp_up_from_the_last_past_year(sample, run):
    _, pack = sample("cascadia")
    last = national_progress(pack).iloc[-1]
    first = pack["work_plan"].loc[working_totals(pack)[0]]
    (finding,) = [f for f in run(pack, "ramp_up") if f.sheet == "work_plan"]
    assert finding.severity == "warning"
    assert finding.figures["reference"] == last["released_area_m2"]
    assert finding.figures["reference_year"] == last["year"]
    assert finding.figures["planned"] == pytest.approx(first["released_area_m2"])
    assert first["released_area_m2"] > 1.5 * last["released_area_m2"]


def test_ramp_up_of_teams_within_the_plan(sample, put, run):
    _, pack = sample("cascadia")
    cap = pack["capacity"]
    kinds = [c for c in cap.columns if c.startswith("funded_team_years_")]
    assert [f for f in run(pack, "ramp_up") if f.sheet == "capacity"] == []
    i = int(np.flatnonzero(cap["year"] == 2029)[0])
    doubled = put(pack, "capacity", i, **{k: (lambda v: 2 * v) for k in kinds})
    (finding,) = [f for f in run(doubled, "ramp_up") if f.sheet == "capacity"]
    funded = cap[kinds].sum(axis=1)[:i]
    assert finding.row == i + 2
    assert finding.figures["year"] == 2029
    assert finding.figures["reference"] == pytest.approx(funded.max())
    assert finding.figures["ratio"] == pytest.approx(
        2 * cap[kinds].sum(axis=1)[i] / funded.max()
    )


def test_a_pack_with_teams_and_one_funded_share_is_still_read(sample, edit, run):
    """Packs written before kinds were funded apart give teams_<kind> and funded_frac."""
    _, pack = sample("cascadia")
    cap = pack["capacity"]
    kinds = [c.removeprefix("funded_team_years_") for c in cap if c.startswith("funded_")]

    def old_layout(t):
        old = t[["year", "phase"]].copy()
        for k in kinds:
            old[f"teams_{k}"] = 2 * t[f"funded_team_years_{k}"]
        old["funded_frac"] = 0.5
        return old

    old = edit(pack, "capacity", old_layout)
    assert funded_teams(old) == funded_teams(pack)
    assert run(old, "ramp_up") == run(pack, "ramp_up")


def test_previous_milestones(sample, put, run):
    _, pack = sample("cascadia")
    pr = pack["progress"]
    rows = pr.index[(pr["region"] == "Total") & pr["target_area_m2"].notna()].tolist()
    share = 100 * pr.loc[rows, "released_area_m2"].sum() / pr.loc[rows, "target_area_m2"].sum()
    (note,) = run(pack, "previous_milestones")
    assert note.severity == "info"
    assert note.figures["achieved_pct"] == pytest.approx(share)
    raised = put(pack, "progress", rows, target_area_m2=lambda v: 2 * v, achieved_pct=np.nan)
    (warning,) = run(raised, "previous_milestones")
    assert warning.severity == "warning"
    assert warning.figures["achieved_pct"] == pytest.approx(share / 2)
