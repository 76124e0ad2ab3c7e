"""Oslo Action Plan checks: costed risk education (#24), residual capacity (#26), annual
milestones by region (#19, #20)."""

from __future__ import annotations

import numpy as np


def test_samples_meet_the_oslo_elements(sample, run):
    for name in ("aurelia", "borealis", "cascadia"):
        _, pack = sample(name)
        for check in ("risk_education_plan", "residual_capacity", "regional_milestones"):
            assert run(pack, check) == []


def test_a_plan_with_no_risk_education_costs_is_flagged(sample, put, run):
    _, pack = sample("cascadia")
    rows = list(range(len(pack["risk_education"])))
    none = put(pack, "risk_education", rows, risk_education_usd=0.0, region_count=0)
    (finding,) = run(none, "risk_education_plan")
    assert (finding.severity, finding.sheet) == ("error", "risk_education")
    wp = pack["work_plan"]
    working = wp[(wp["region"] == "Total") & (wp["released_area_m2"] > 1)]
    assert finding.figures["years"] == len(working)
    assert "#24" in finding.question


def test_one_year_without_risk_education_is_a_warning(sample, put, run):
    _, pack = sample("cascadia")
    re_plan = pack["risk_education"]
    i = int(np.flatnonzero(re_plan["year"] == 2028)[0])
    (finding,) = run(put(pack, "risk_education", i, risk_education_usd=0.0), "risk_education_plan")
    assert (finding.severity, finding.row) == ("warning", i + 2)
    assert "2028" in finding.message
    (finding,) = run(put(pack, "risk_education", i, region_count=0), "risk_education_plan")
    assert finding.figures["years_lacking"] == 1


def test_no_residual_capacity_after_completion(sample, put, run):
    _, pack = sample("cascadia")
    rows = list(range(len(pack["budget"])))
    (finding,) = run(put(pack, "budget", rows, residual_capacity_usd=0.0), "residual_capacity")
    wp = pack["work_plan"]
    totals = wp[wp["region"] == "Total"]
    done = int(totals.loc[totals["remaining_area_m2"] <= 0, "year"].min())
    assert finding.severity == "warning"
    assert finding.figures["completion_year"] == done
    budget_years = pack["budget"]["year"]
    later = budget_years[budget_years != "Total"].astype(int)
    assert finding.figures["years_after"] == int((later > done).sum())


def test_a_year_without_regional_milestones(sample, edit, run):
    _, pack = sample("cascadia")
    national_2029 = edit(
        pack, "work_plan", lambda t: t[(t["year"] != 2029) | (t["region"] == "Total")]
    )
    (finding,) = run(national_2029, "regional_milestones")
    wp = national_2029["work_plan"]
    row = int(np.flatnonzero((wp["year"] == 2029) & (wp["region"] == "Total"))[0]) + 2
    assert (finding.severity, finding.row) == ("warning", row)
    assert "2029" in finding.message
    # the year's region sums are not also reported as inconsistent
    assert run(national_2029, "work_plan_regions") == []
