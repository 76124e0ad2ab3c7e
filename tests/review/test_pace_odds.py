"""The plan's pace on the State's record (forecast_probability): fires on a plan at three
times the State's best year, not on one at its recent pace (issue 11 item 7)."""

from __future__ import annotations

import numpy as np
import pytest

from landrelease.forecast.pace_odds import pace_odds
from landrelease.review import review_pack
from landrelease.review.thresholds import limit

SEVERITY_ORDER = ("info", "warning", "error")


def national(pack):
    pr = pack["progress"]
    return pr[pr["region"] == "Total"].sort_values("year").reset_index(drop=True)


def working_totals(pack):
    wp = pack["work_plan"]
    return wp.index[(wp["region"] == "Total") & (wp["released_area_m2"] > 1)].tolist()


def planned(put, pack, value):
    """Every plan year with work releases ``value`` m² (work-plan Total rows only)."""
    return put(pack, "work_plan", working_totals(pack), released_area_m2=value)


def test_a_plan_at_three_times_the_best_year_is_an_error(sample, put, run):
    _, pack = sample("cascadia")
    best = national(pack)["released_area_m2"].max()
    (finding,) = run(planned(put, pack, 3 * best), "forecast_probability")
    assert finding.severity == "error"
    assert finding.figures["probability_pct"] < limit("forecast_probability", "error_pct")
    assert finding.figures["plan_m2_per_year"] == pytest.approx(3 * best)
    assert finding.sheet == "work_plan"
    assert finding.row == working_totals(pack)[0] + 2
    assert finding.question.endswith("?")
    assert finding.figures["probability_pct"] < 1
    assert finding.message.endswith(("a probability of 0%.", "a probability of <1%."))


@pytest.mark.parametrize("name", ["aurelia", "borealis", "cascadia"])
def test_a_plan_at_the_recent_pace_is_only_noted(sample, put, run, name):
    """The recent pace: the typical (median) year of the last five, the pace the forecast
    reads from a record. (A plan at the average of the last three years is a coin flip:
    aurelia's, after a low 2021, lies just above its typical year and is a warning.)"""
    _, pack = sample(name)
    pace = national(pack)["released_area_m2"].tail(5).median()
    (finding,) = run(planned(put, pack, pace), "forecast_probability")
    assert finding.severity == "info"
    assert finding.figures["probability_pct"] >= limit("forecast_probability", "warning_pct")


def test_the_probability_is_the_pace_model_on_the_pack_s_own_tables(sample, run):
    _, pack = sample("cascadia")
    (finding,) = run(pack, "forecast_probability")
    record = national(pack).tail(5)
    wp = pack["work_plan"].loc[working_totals(pack)]
    typical = wp.iloc[:-1]  # the year completion falls in is partial
    odds = pace_odds(
        record["year"].to_numpy(),
        record["released_area_m2"].to_numpy(),
        typical["released_area_m2"].mean(),
        len(typical),
    )
    assert finding.figures["probability_pct"] == pytest.approx(100 * odds.probability)
    assert finding.figures["plan_years"] == len(typical)
    assert finding.figures["record_years"] == f"{record['year'].min()}–{record['year'].max()}"
    assert finding.figures["record_median_m2"] == record["released_area_m2"].median()


def test_faster_plans_are_never_judged_more_leniently(sample, put, run):
    _, pack = sample("borealis")
    median = national(pack)["released_area_m2"].tail(5).median()
    seen = []
    for times in np.linspace(0.6, 2.5, 12):
        (finding,) = run(planned(put, pack, times * median), "forecast_probability")
        seen.append((finding.figures["probability_pct"], finding.severity))
    probabilities = [p for p, _ in seen]
    assert probabilities == sorted(probabilities, reverse=True)
    ranks = [SEVERITY_ORDER.index(s) for _, s in seen]
    assert ranks == sorted(ranks)
    assert {s for _, s in seen} == set(SEVERITY_ORDER)  # from noted through warning to error


def test_a_record_of_two_years_is_not_checked(sample, edit):
    _, pack = sample("cascadia")

    def two_years(t):
        keep = (t["region"] != "Total") | (t["year"] >= t["year"].max() - 1)
        return t[keep]

    review = review_pack(edit(pack, "progress", two_years), checks=["forecast_probability"])
    assert [f for f in review.findings if f.check == "forecast_probability"] == []
    (why,) = [w for what, w in review.not_checked if "plan's pace on the State's record" in what]
    assert "records release in 2 of the last 5 past years; 3 are needed" in why
