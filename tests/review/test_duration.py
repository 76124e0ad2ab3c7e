"""Duration checks: the period requested against the plan's completion, the ten-year limit
of Article 5.3, and the interim-request suggestion for a mostly suspected baseline."""

from __future__ import annotations

import numpy as np
import pytest


def header_value(pack, item):
    return pack["header"].set_index("item")["value"][item]


def set_header(put, pack, **items):
    for item, value in items.items():
        i = int((pack["header"]["item"] == item).to_numpy().nonzero()[0][0])
        pack = put(pack, "header", i, value=value)
    return pack


def test_samples_request_the_time_secured_money_needs(sample, run):
    """Each sample asks for the deadline its plan reaches on secured money: cascadia's plan
    counts on no pledge and asks exactly the time needed; aurelia and borealis count on
    expected pledges, ask for the later deadline secured money reaches, and are asked why
    they need more time than the plan (a warning, never an error)."""
    for name in ("aurelia", "borealis", "cascadia"):
        _, pack = sample(name)
        done = int(header_value(pack, "projected_completion_year"))
        cases = pack["cases"].set_index("case")["article5_completion_year"]
        secured = int(cases["secured_only"])
        requested = int(header_value(pack, "requested_deadline_date")[:4])
        assert requested in (secured, secured + 1)
        found = run(pack, "period")
        if requested <= done + 1:
            assert found == []
        else:
            (warning,) = found
            assert warning.severity == "warning"
            assert warning.figures["spare_years"] == requested - done - 1
    assert run(sample("cascadia")[1], "period") == []


def test_plan_finishing_after_the_requested_deadline_is_an_error(sample, put, run):
    _, pack = sample("cascadia")
    done = int(header_value(pack, "projected_completion_year"))
    short = set_header(put, pack, requested_deadline_date=f"{done}-03-01")
    (finding,) = run(short, "period")
    assert finding.severity == "error"
    assert finding.figures == {"completion_year": done, "requested_deadline": f"{done}-03-01"}


def test_asking_more_time_than_needed_is_a_warning(sample, put, run):
    _, pack = sample("cascadia")
    done = int(header_value(pack, "projected_completion_year"))
    long = set_header(put, pack, requested_deadline_date=f"{done + 4}-03-01")
    (finding,) = run(long, "period")
    assert finding.severity == "warning"
    assert finding.figures["spare_years"] == 3
    assert f"{done + 4}-03-01" in finding.question


def test_a_plan_that_never_finishes_is_an_error(sample, edit, put, run):
    _, pack = sample("cascadia")
    done = int(header_value(pack, "projected_completion_year"))
    cut = edit(pack, "work_plan", lambda t: t[t["year"] < done])
    cut = set_header(put, cut, projected_completion_year=None)
    (finding,) = run(cut, "period")
    wp = cut["work_plan"]
    last = int(np.flatnonzero(wp["region"] == "Total")[-1])
    assert (finding.severity, finding.sheet, finding.row) == ("error", "work_plan", last + 2)
    assert finding.figures["remaining_at_end"] == pytest.approx(wp.at[last, "remaining_area_m2"])
    assert finding.figures["last_year"] == done - 1


@pytest.mark.parametrize(("years", "flagged"), [(10, False), (11, True), (20, True)])
def test_article5_allows_at_most_ten_years(sample, put, run, years, flagged):
    _, pack = sample("cascadia")
    found = run(set_header(put, pack, duration_requested_years=str(years)), "article5_limit")
    assert [(f.severity, f.figures["stated"]) for f in found] == (
        [("error", years)] if flagged else []
    )


def test_mostly_suspected_baseline_suggests_an_interim_request(sample, put, locate, run):
    _, aurelia = sample("aurelia")
    rc = aurelia["remaining_challenge"]
    i = locate(rc, region="Total", contamination_type="all")
    share = 100 * rc.at[i, "sha_area_m2"] / rc.at[i, "area_m2"]
    assert share > 50
    (finding,) = run(aurelia, "interim")
    assert (finding.severity, finding.row) == ("warning", i + 2)
    assert finding.figures["sha_pct"] == pytest.approx(share)
    _, cascadia = sample("cascadia")
    assert run(cascadia, "interim") == []
    j = locate(cascadia["remaining_challenge"], region="Total", contamination_type="all")
    area = cascadia["remaining_challenge"].at[j, "area_m2"]
    suspected = put(cascadia, "remaining_challenge", j, sha_area_m2=0.6 * area)
    assert [f.figures["sha_pct"] for f in run(suspected, "interim")] == [pytest.approx(60.0)]


def test_an_interim_request_may_end_before_the_plan_completes(sample, put, run):
    _, pack = sample("aurelia")
    done = int(header_value(pack, "projected_completion_year"))
    short = set_header(put, pack, requested_deadline_date=f"{done - 5}-03-01")
    assert [f.severity for f in run(short, "period")] == ["error"]
    interim = set_header(put, short, request_kind="interim")
    (finding,) = run(interim, "period")
    assert finding.severity == "info"
    assert finding.message.startswith("An interim request")
    # the interim suggestion for a mostly suspected baseline becomes a note
    assert [f.severity for f in run(interim, "interim")] == ["info"]
