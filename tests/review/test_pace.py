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


METHODS = ["cancelled_area_m2", "reduced_area_m2", "cleared_area_m2", "released_area_m2"]


def quieter_recent_years(edit, pack, factor, years=3):
    """The pack with the last ``years`` past years of the national progress at ``factor`` of
    what the sample records (every method alike): a recent fall of output, whatever the
    sample's own record."""

    def change(t):
        totals = t.index[t["region"] == "Total"][-years:]
        t.loc[totals, METHODS] = t.loc[totals, METHODS] * factor

    return edit(pack, "progress", change)


def planned(put, pack, value):
    """Every plan year with work releases ``value`` m² (work-plan Total rows only)."""
    return put(pack, "work_plan", working_totals(pack), released_area_m2=value)


@pytest.mark.parametrize(
    ("times", "severity"), [(1.33, "warning"), (1.5, "warning"), (2.0, "error"), (3.8, "error")]
)
def test_milestones_above_the_best_year_of_the_progress_table(sample, put, run, times, severity):
    """Issue 12: above the best year is a warning, above 1.5× it an error."""
    _, pack = sample("cascadia")
    best = national_progress(pack)["released_area_m2"].max()
    (finding,) = run(planned(put, pack, times * best), "best_year")
    assert finding.severity == severity
    assert finding.figures["method"] == "release"
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


@pytest.mark.parametrize(("times", "severity"), [(1.33, "warning"), (3.8, "error")])
def test_more_funded_teams_do_not_excuse_a_fast_plan(sample, put, run, times, severity):
    """Issue 12: a plan at 3.8× the best year stays an error whatever its output per
    team-year (more teams are ramp_up's business), and one at 1.33× a warning."""
    country, pack = sample("cascadia")
    best = country.releases.groupby("year")["area_m2"].sum().max()
    fast = planned(put, pack, times * best)
    cap = fast["capacity"]
    kinds = [c for c in cap.columns if c.startswith("funded_team_years_")]
    staffed = put(fast, "capacity", list(range(len(cap))), **{k: (lambda v: 10 * v) for k in kinds})
    rates = country.releases.groupby("year").agg(a=("area_m2", "sum"), t=("teams", "sum"))
    teams = staffed["capacity"][kinds].sum(axis=1).iloc[0]
    assert times * best / teams < (rates.a / rates.t).max()  # within the best output per team
    for history in (country.releases, None):
        (finding,) = run(staffed, "best_year", history)
        assert finding.severity == severity
        assert finding.figures["ratio_to_best"] == pytest.approx(times)


def test_pace_above_recent_output_or_below_it(sample, edit, run):
    _, pack = sample("cascadia")
    pack = quieter_recent_years(edit, pack, 0.55)
    progress = national_progress(pack)
    best = progress["released_area_m2"].max()
    recent = progress["released_area_m2"].tail(3).mean()
    wp = pack["work_plan"].loc[working_totals(pack)]
    assert (wp["released_area_m2"] <= best).all()
    assert wp["released_area_m2"].max() > 1.5 * recent
    (above,) = run(pack, "best_year")
    assert above.severity == "warning"
    assert above.figures["ratio_to_recent_release"] == pytest.approx(
        wp["released_area_m2"].max() / recent
    )
    assert all(above.figures[f"ratio_to_best_{m}"] <= 1 for m in ("release", "survey"))

    def slower(t):  # every method at the same share, so that the release is half the recent
        rows = (t["region"] == "Total") & (t["released_area_m2"] > 1)
        share = 0.5 * recent / t.loc[rows, "released_area_m2"]
        methods = ["cancelled_area_m2", "reduced_area_m2", "cleared_area_m2", "released_area_m2"]
        t.loc[rows, methods] = t.loc[rows, methods].mul(share, axis=0)

    (below,) = run(edit(pack, "work_plan", slower), "best_year")
    assert below.severity == "info"
    assert below.figures["recent_average"] == pytest.approx(recent)
    assert below.figures["plan_average"] == pytest.approx(0.5 * recent)
    assert 0.5 * recent < best


def test_a_survey_campaign_does_not_excuse_a_clearance_pace(sample, edit, put, run):
    """Domain primer §8: a best year made by one re-survey campaign says nothing about
    clearance capacity; clearance is compared with clearance."""
    _, pack = sample("cascadia")
    pr = national_progress(pack)
    first = int(np.flatnonzero(pack["progress"]["region"] == "Total")[0])
    campaign = 10 * pr["released_area_m2"].max()
    surveyed = put(
        pack,
        "progress",
        first,
        cancelled_area_m2=lambda v: v + campaign,
        released_area_m2=lambda v: v + campaign,
    )
    best_cleared = pr["cleared_area_m2"].max()

    def faster_clearance(t):
        rows = (t["region"] == "Total") & (t["released_area_m2"] > 1)
        t.loc[rows, "cleared_area_m2"] = 2 * best_cleared
        methods = ["cancelled_area_m2", "reduced_area_m2", "cleared_area_m2"]
        t.loc[rows, "released_area_m2"] = t.loc[rows, methods].sum(axis=1)

    fast = edit(surveyed, "work_plan", faster_clearance)
    # the total stays far within the campaign year; the clearance does not
    assert fast["work_plan"]["released_area_m2"].max() < campaign
    (finding,) = run(fast, "best_year")
    assert finding.severity == "error"
    assert finding.figures["method"] == "clearance"
    assert finding.column == "cleared_area_m2"
    assert finding.figures["best_past"] == best_cleared
    assert finding.figures["ratio_to_best"] == pytest.approx(2.0)
    assert finding.figures["ratio_to_best_release"] < 1
    assert "clearing" in finding.question


def test_ramp_up_from_the_last_past_year(sample, edit, run):
    _, pack = sample("cascadia")
    pack = quieter_recent_years(edit, pack, 0.55, years=1)
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
    assert finding.severity == "error"  # teams growing faster than 1.5× a year
    funded = cap[kinds].sum(axis=1)[:i]
    assert finding.row == i + 2
    assert finding.figures["year"] == 2029
    assert finding.figures["reference"] == pytest.approx(funded.max())
    assert finding.figures["ratio"] == pytest.approx(2 * cap[kinds].sum(axis=1)[i] / funded.max())


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
