"""Consistency checks: break one number of a real pack, and the error names the sheet, the
row as written (header = row 1) and the two figures that disagree."""

from __future__ import annotations

import pytest

from landrelease.review import review_pack

COUNTRIES = ("aurelia", "borealis", "cascadia")


def errors_at(findings, sheet, row, column):
    return [
        f
        for f in findings
        if f.severity == "error" and f.sheet == sheet and f.row == row and f.column == column
    ]


def plus(delta):
    return lambda old: old + delta


@pytest.mark.parametrize("name", COUNTRIES)
def test_one_regions_remaining_area_tampered(sample, put, locate, name):
    _, pack = sample(name)
    rc = pack["remaining_challenge"]
    region = rc.loc[rc["region"] != "Total", "region"].iloc[0]
    i = locate(rc, region=region, contamination_type="all")
    original = float(rc.at[i, "area_m2"])
    review = review_pack(put(pack, "remaining_challenge", i, area_m2=original + 12_345.0))
    # the tampered row itself: neither SHA + CHA nor the region's types make its area
    at_row = errors_at(review.findings, "remaining_challenge", i + 2, "area_m2")
    assert sorted(f.check for f in at_row) == ["remaining_sha_cha", "remaining_types"]
    for f in at_row:
        assert f.figures["stated"] == original + 12_345.0
        assert f.figures["expected"] == pytest.approx(original)
        assert f"row {i + 2}" in f.message
        assert "12,345" in f.message
    # the national row: the regions no longer add up to it
    total = locate(rc, region="Total", contamination_type="all")
    national = errors_at(review.findings, "remaining_challenge", total + 2, "area_m2")
    assert [f.check for f in national] == ["remaining_regions"]
    assert national[0].figures["stated"] == rc.at[total, "area_m2"]
    assert national[0].figures["expected"] == pytest.approx(rc.at[total, "area_m2"] + 12_345.0)
    assert not review.ok
    assert review.verdict.startswith(f"{review.counts['error']} error")


def test_one_type_row_tampered_breaks_its_regions_all_row(sample, put, locate, run):
    # ap_mine is AP-mined: the region's article5 row no longer adds up either
    _, pack = sample("cascadia")
    rc = pack["remaining_challenge"]
    i = locate(rc, region="Dunmore", contamination_type="ap_mine")
    found = run(put(pack, "remaining_challenge", i, cha_area_m2=plus(500.0)), "remaining_types")
    all_row = locate(rc, region="Dunmore", contamination_type="all")
    ap_row = locate(rc, region="Dunmore", contamination_type="article5")
    assert [(f.row, f.column) for f in found] == [
        (all_row + 2, "cha_area_m2"),
        (ap_row + 2, "cha_area_m2"),
    ]
    for f in found:
        assert f.figures["expected"] - f.figures["stated"] == pytest.approx(500.0)


def test_differences_within_the_tolerance_pass_but_counts_are_exact(sample, put, run):
    _, pack = sample("cascadia")
    rc = pack["remaining_challenge"]
    i = int(rc["area_m2"].where(rc["contamination_type"] != "all").idxmin())
    assert rc.at[i, "area_m2"] < 1e6  # so the tolerance is 1 m², not 1e-6 of the area
    nudged = put(pack, "remaining_challenge", i, area_m2=plus(0.9))
    assert run(nudged, "remaining_sha_cha") == []
    assert run(nudged, "remaining_regions") == []
    beyond = put(pack, "remaining_challenge", i, area_m2=plus(1.2))
    assert [f.row for f in run(beyond, "remaining_sha_cha")] == [i + 2]
    big = int(rc["area_m2"].idxmax())  # 1e-6 relative: 1 m² in 1,000,000 m² passes...
    share = 1e-6 * rc.at[big, "area_m2"]
    assert (
        run(put(pack, "remaining_challenge", big, area_m2=plus(0.9 * share)), "remaining_sha_cha")
        == []
    )
    assert (
        len(
            run(
                put(pack, "remaining_challenge", big, area_m2=plus(1.2 * share)),
                "remaining_sha_cha",
            )
        )
        == 1
    )
    found = run(put(pack, "remaining_challenge", i, hazard_count=plus(1)), "remaining_sha_cha")
    assert [(f.row, f.column) for f in found] == [(i + 2, "hazard_count")]
    assert found[0].figures["stated"] - found[0].figures["expected"] == 1


@pytest.mark.parametrize("name", COUNTRIES)
def test_one_years_budget_cost_tampered(sample, put, name):
    _, pack = sample(name)
    budget = pack["budget"]
    original = float(budget.at[1, "planned_cost_usd"])
    review = review_pack(put(pack, "budget", 1, planned_cost_usd=original + 250_000.0))
    at_row = errors_at(review.findings, "budget", 3, "planned_cost_usd")
    assert [f.check for f in at_row] == ["budget_rows"]
    assert at_row[0].figures["stated"] == original + 250_000.0
    assert at_row[0].figures["expected"] == pytest.approx(original)
    assert "budget row 3" in at_row[0].message
    assert "US$250,000" in at_row[0].message
    total_row = len(budget) + 1
    total_errors = errors_at(review.findings, "budget", total_row, "planned_cost_usd")
    assert [f.check for f in total_errors] == ["budget_total"]


def test_funding_gap_and_secured_are_recomputed(sample, put, run):
    _, pack = sample("cascadia")
    gap_off = put(pack, "budget", 0, funding_gap_usd=lambda v: v + 12_345.0)
    broken = put(gap_off, "budget", 2, secured_usd=1.0)
    b = pack["budget"]
    found = {(f.row, f.column): f for f in run(broken, "budget_rows")}
    secured = b.at[0, "national_usd"] + b.at[0, "international_secured_usd"]
    assert found[(2, "funding_gap_usd")].figures["expected"] == pytest.approx(
        max(b.at[0, "planned_cost_usd"] - secured, 0)
    )
    assert found[(4, "secured_usd")].figures["expected"] == pytest.approx(
        b.at[2, "national_usd"] + b.at[2, "international_secured_usd"]
    )


def test_gap_after_expected_is_recomputed(sample, put, run):
    _, pack = sample("aurelia")
    b = pack["budget"]
    found = run(put(pack, "budget", 0, gap_after_expected_usd=123.0), "budget_rows")
    assert [(f.row, f.column) for f in found] == [(2, "gap_after_expected_usd")]
    secured = b.at[0, "national_usd"] + b.at[0, "international_secured_usd"]
    short = b.at[0, "planned_cost_usd"] - secured - b.at[0, "international_expected_usd"]
    assert found[0].figures["expected"] == pytest.approx(max(short, 0.0))


def test_budget_total_row(sample, edit, put, run):
    _, pack = sample("cascadia")
    last = len(pack["budget"]) - 1
    found = run(put(pack, "budget", last, national_usd=7.0), "budget_total")
    assert [(f.row, f.column, f.figures["stated"]) for f in found] == [
        (last + 2, "national_usd", 7.0)
    ]
    assert found[0].figures["expected"] == pytest.approx(pack["budget"]["national_usd"][:-1].sum())
    dropped = edit(pack, "budget", lambda t: t.drop(index=last))
    assert [f.message for f in run(dropped, "budget_total")] == ["The budget has no Total row."]


def test_national_balance_names_the_year_whose_stock_is_wrong(sample, put, run):
    _, pack = sample("cascadia")
    wp = pack["work_plan"]
    totals = list(wp.index[wp["region"] == "Total"])
    i = totals[2]
    found = run(put(pack, "work_plan", i, remaining_area_m2=plus(1_000.0)), "national_balance")
    # the year stated wrongly, then the next year (reconciled with the stated figure)
    assert [f.row for f in found] == [i + 2, totals[3] + 2]
    before = wp.at[totals[1], "remaining_area_m2"]
    expected = before + wp.at[i, "discovered_area_m2"] - wp.at[i, "released_area_m2"]
    assert found[0].figures["expected"] == pytest.approx(expected)
    assert found[0].figures["stated"] == pytest.approx(wp.at[i, "remaining_area_m2"] + 1_000.0)


def test_national_balance_starts_from_the_baseline(sample, put, locate, run):
    _, pack = sample("cascadia")
    i = locate(pack["remaining_challenge"], region="Total", contamination_type="all")
    found = run(put(pack, "remaining_challenge", i, area_m2=plus(-5_000.0)), "national_balance")
    first = pack["work_plan"].index[pack["work_plan"]["region"] == "Total"][0]
    assert [f.row for f in found] == [first + 2]
    assert found[0].figures["stated"] - found[0].figures["expected"] == pytest.approx(5_000.0)


def test_plan_coverage(sample, put, run):
    _, pack = sample("cascadia")
    assert run(pack, "plan_coverage") == []
    wp = pack["work_plan"]
    i = wp.index[wp["region"] == "Total"][0]
    (finding,) = run(put(pack, "work_plan", i, discovered_area_m2=40_000.0), "plan_coverage")
    rc = pack["remaining_challenge"]
    base = rc.loc[(rc["region"] == "Total") & (rc["contamination_type"] == "all"), "area_m2"]
    totals = wp[wp["region"] == "Total"]
    assert finding.figures["expected"] == pytest.approx(
        base.item() + totals["discovered_area_m2"].sum() + 40_000.0
    )
    assert finding.figures["stated"] == pytest.approx(
        totals["released_area_m2"].sum() + totals["remaining_area_m2"].iloc[-1]
    )


@pytest.mark.parametrize(
    ("sheet", "check"), [("progress", "progress_regions"), ("work_plan", "work_plan_regions")]
)
def test_regions_add_up_to_each_years_total(sample, put, run, sheet, check):
    _, pack = sample("cascadia")
    frame = pack[sheet]
    i = int(frame.index[frame["region"] != "Total"][3])
    bump = plus(2_000.0)
    found = run(put(pack, sheet, i, cleared_area_m2=bump, released_area_m2=bump), check)
    year = frame.at[i, "year"]
    total = frame.index[(frame["region"] == "Total") & (frame["year"] == year)].item()
    assert {(f.row, f.column) for f in found} == {
        (total + 2, "cleared_area_m2"),
        (total + 2, "released_area_m2"),
    }
    for f in found:
        assert f.figures["expected"] - f.figures["stated"] == pytest.approx(2_000.0)


@pytest.mark.parametrize("sheet", ["progress", "work_plan", "form_f_g"])
def test_released_is_cancelled_plus_reduced_plus_cleared(sample, put, run, sheet):
    _, pack = sample("cascadia")
    (finding,) = run(put(pack, sheet, 4, reduced_area_m2=plus(300.0)), "release_methods")
    assert (finding.sheet, finding.row, finding.column) == (sheet, 6, "released_area_m2")
    assert finding.figures["expected"] - finding.figures["stated"] == pytest.approx(300.0)


@pytest.mark.parametrize("sheet", ["progress", "form_f_g"])
def test_released_counts_the_unsplit_methods(sample, put, run, sheet):
    # 500 m² released by survey (not split) on row 4: released rises by 500 with it.
    _, pack = sample("cascadia")
    grown = put(pack, sheet, 4, released_by_survey_area_m2=plus(500.0))
    assert run(put(grown, sheet, 4, released_area_m2=plus(500.0)), "release_methods") == []
    (finding,) = run(grown, "release_methods")
    assert finding.figures["expected"] - finding.figures["stated"] == pytest.approx(500.0)


def test_budget_risk_education_and_residual_match_their_tables(sample, put, run):
    _, pack = sample("cascadia")
    broken = put(pack, "risk_education", 3, risk_education_usd=99.0)
    broken = put(broken, "capacity", 0, residual_capacity_usd=5.0)
    found = run(broken, "budget_matches_plan_tables")
    assert [(f.sheet, f.row, f.figures["stated"]) for f in found] == [
        ("risk_education", 5, 99.0),
        ("capacity", 2, 5.0),
    ]
    assert found[0].figures["expected"] == pack["budget"].at[3, "risk_education_usd"]


def header_row(pack, item):
    return int((pack["header"]["item"] == item).to_numpy().nonzero()[0][0]) + 2


def set_header(put, pack, **items):
    for item, value in items.items():
        pack = put(pack, "header", header_row(pack, item) - 2, value=value)
    return pack


def test_header_completion_year_must_match_the_work_plan(sample, put, run):
    _, pack = sample("cascadia")
    stated = int(pack["header"].set_index("item")["value"]["projected_completion_year"])
    early = set_header(put, pack, projected_completion_year=str(stated - 2))
    (finding,) = run(early, "header_completion")
    assert finding.row == header_row(pack, "projected_completion_year")
    assert finding.figures == {"stated": stated - 2, "expected": stated}
    late = set_header(put, pack, projected_completion_year=str(stated + 1))
    assert [f.figures["expected"] for f in run(late, "header_completion")] == [stated]
    blank = set_header(put, pack, projected_completion_year=None)
    assert [f.figures["expected"] for f in run(blank, "header_completion")] == [stated]


def test_header_requested_deadline_is_current_plus_duration(sample, put, run):
    _, pack = sample("cascadia")
    (finding,) = run(set_header(put, pack, requested_deadline_date="2035-03-01"), "header_deadline")
    assert finding.row == header_row(pack, "requested_deadline_date")
    header = pack["header"].set_index("item")["value"]
    current = header["current_deadline_date"]
    years = int(header["duration_requested_years"])
    assert finding.figures["stated"] == "2035-03-01"
    assert finding.figures["expected"] == f"{int(current[:4]) + years}{current[4:]}"


def test_form_c_agrees_with_the_remaining_challenge(sample, edit, put, run):
    _, pack = sample("cascadia")
    (finding,) = run(put(pack, "form_c", 2, area_m2=plus(10.0)), "form_c_matches")
    assert (finding.sheet, finding.row, finding.column) == ("form_c", 4, "area_m2")
    assert finding.figures["stated"] - finding.figures["expected"] == pytest.approx(10.0)
    dropped = edit(pack, "form_c", lambda t: t.drop(index=2))
    assert {f.sheet for f in run(dropped, "form_c_matches")} == {"remaining_challenge"}


def test_forms_f_g_agree_with_progress(sample, put, run):
    _, pack = sample("cascadia")
    (finding,) = run(put(pack, "form_f_g", 5, ap_mines_destroyed=0), "forms_f_g_match_progress")
    assert (finding.row, finding.column, finding.figures["stated"]) == (7, "ap_mines_destroyed", 0)
    pr = pack["progress"]
    year = pack["form_f_g"].at[5, "year"]
    national = pr[(pr["region"] == "Total") & (pr["year"] == year)]
    assert finding.figures["expected"] == national["ap_mines_destroyed"].item()


def test_missing_table_and_column_are_structure_errors(sample, edit, run):
    _, pack = sample("cascadia")
    tables = {k: v for k, v in pack.tables.items() if k != "risk_education"}
    from landrelease.reports.request import RequestPack

    no_table = RequestPack(tables=tables, metadata=pack.metadata)
    (finding,) = run(no_table, "tables_present")
    assert (finding.severity, finding.sheet) == ("error", "risk_education")
    no_column = edit(pack, "budget", lambda t: t.drop(columns=["secured_usd", "year"]))
    found = run(no_column, "tables_present")
    assert [(f.severity, f.sheet, f.column) for f in found] == [
        ("error", "budget", "year"),  # required by the schema
        ("warning", "budget", "secured_usd"),
    ]
    # the other checks skip what is missing instead of failing: beside the intact pack's own
    # errors (cascadia's plan pace on its record), only the missing table is an error
    intact = [f.check for f in review_pack(pack).of("error")]
    review = review_pack(no_table)
    assert [f.check for f in review.of("error")] == ["tables_present", *intact]
