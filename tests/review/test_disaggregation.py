"""Disaggregation checks: canonical contamination types (AP never merged with AV/ERW), SHA
and CHA apart, release by method, the challenge by region."""

from __future__ import annotations

import numpy as np
import pytest


def test_ap_merged_with_av_is_an_error(sample, put, locate, run):
    _, pack = sample("cascadia")
    assert run(pack, "contamination_types") == []
    i = locate(pack["remaining_challenge"], region="Brackwater", contamination_type="ap_mine")
    (finding,) = run(
        put(pack, "remaining_challenge", i, contamination_type="ap_av"), "contamination_types"
    )
    assert (finding.severity, finding.sheet, finding.row) == ("error", "remaining_challenge", i + 2)
    assert "merges anti-personnel mines" in finding.message
    assert finding.figures["stated"] == "ap_av"


def test_unknown_type_labels_are_errors(sample, put, run):
    _, pack = sample("cascadia")
    (finding,) = run(put(pack, "form_c", 0, contamination_type="landmines"), "contamination_types")
    assert (finding.sheet, finding.row) == ("form_c", 2)
    assert "not a contamination type" in finding.message
    # 'all' is a subtotal label, not a type of an area in Form C
    assert [
        f.sheet
        for f in run(put(pack, "form_c", 1, contamination_type="all"), "contamination_types")
    ] == ["form_c"]


def test_mixed_dominating_the_challenge_is_a_warning(sample, put, locate, run):
    _, pack = sample("cascadia")
    rc = pack["remaining_challenge"]
    assert run(pack, "mixed_share") == []
    i = locate(rc, region="Total", contamination_type="mixed")
    total = rc.loc[locate(rc, region="Total", contamination_type="all"), "area_m2"]
    (finding,) = run(put(pack, "remaining_challenge", i, area_m2=0.85 * total), "mixed_share")
    assert (finding.severity, finding.row) == ("warning", i + 2)
    assert finding.figures["mixed_pct"] == pytest.approx(85.0)


def test_missing_sha_cha_split_is_an_error(sample, put, locate, run):
    _, pack = sample("cascadia")
    i = locate(pack["remaining_challenge"], region="Total", contamination_type="all")
    blank = put(pack, "remaining_challenge", i, sha_area_m2=np.nan, cha_area_m2=np.nan)
    (finding,) = run(blank, "sha_cha_split")
    assert (finding.severity, finding.row) == ("error", i + 2)
    # the arithmetic check leaves rows without the split to this one
    assert [f.row for f in run(blank, "remaining_sha_cha") if f.column == "area_m2"] == []


def test_past_release_under_one_method_only(sample, edit, run):
    _, pack = sample("cascadia")
    assert run(pack, "release_by_method") == []

    def all_cleared(t):
        t["cleared_area_m2"] = t["released_area_m2"]
        t["cancelled_area_m2"] = 0.0
        t["reduced_area_m2"] = 0.0

    (finding,) = run(edit(pack, "progress", all_cleared), "release_by_method")
    assert (finding.severity, finding.sheet) == ("warning", "progress")
    assert "(cleared)" in finding.message
    pr = pack["progress"]
    assert finding.figures["cleared_area_m2"] == pytest.approx(
        pr.loc[pr["region"] == "Total", "released_area_m2"].sum()
    )


def test_plan_cancelling_nothing_although_sha_remains(sample, put, run):
    _, pack = sample("aurelia")
    assert run(pack, "release_by_method") == []
    wp = pack["work_plan"]
    rows = list(range(len(wp)))
    (finding,) = run(put(pack, "work_plan", rows, cancelled_area_m2=0.0), "release_by_method")
    assert (finding.severity, finding.sheet) == ("warning", "work_plan")
    rc = pack["remaining_challenge"]
    sha = rc.loc[(rc["region"] == "Total") & (rc["contamination_type"] == "all"), "sha_area_m2"]
    assert finding.figures["sha_area_m2"] == sha.item()


def test_national_totals_only_is_a_warning(sample, edit, run):
    _, pack = sample("cascadia")
    national = edit(pack, "remaining_challenge", lambda t: t[t["region"] == "Total"])
    (finding,) = run(national, "regions_reported")
    assert (finding.severity, finding.sheet) == ("warning", "remaining_challenge")
