"""Article 5 scope and access in the request and its review (issue 10, items 5, 7 and 8):
``article5`` rows and columns, progress by contamination type, the work plan stopping at
the Article 5 completion year, and the checks that read them."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from landrelease.domain.country import Country, CountryInfo
from landrelease.domain.schema import coerce, schema
from landrelease.reports.request.history_tables import progress_by_type

AP = ("ap_mine", "ap_improvised", "mixed")
COUNTRIES = ("aurelia", "borealis", "cascadia")


# --- progress by contamination type, worked by hand ------------------------------------------
#   2023: North cancelled 5,000 ap_mine; South cleared 8,000 av_mine (3 AV mines).
#   2024: North cleared 2,000 ap_mine (12 factory-made AP mines), reduced 4,000
#         ap_improvised (5 improvised AP mines); South cancelled 6,000 av_mine.
#   year  type           cancelled reduced cleared released  AP  improvised AV
#   2023  ap_mine        5,000     0       0       5,000     0   0          0
#   2023  av_mine        0         0       8,000   8,000     0   0          3
#   2023  all            5,000     0       8,000   13,000    0   0          3
#   2023  article5       5,000     0       0       5,000     0   0          0
#   2024  ap_mine        0         0       2,000   2,000     12  0          0
#   2024  ap_improvised  0         4,000   0       4,000     0   5          0
#   2024  av_mine        6,000     0       0       6,000     0   0          0
#   2024  all            6,000     4,000   2,000   12,000    12  5          0
#   2024  article5       0         4,000   2,000   6,000     12  5          0
HISTORY = [
    (2023, "North", "cancelled", 5_000, "ap_mine", 0, 0, 0),
    (2023, "South", "cleared", 8_000, "av_mine", 0, 0, 3),
    (2024, "North", "cleared", 2_000, "ap_mine", 12, 0, 0),
    (2024, "North", "reduced", 4_000, "ap_improvised", 0, 5, 0),
    (2024, "South", "cancelled", 6_000, "av_mine", 0, 0, 0),
]


def test_progress_by_type_worked_by_hand():
    columns = [
        "year",
        "region",
        "method",
        "area_m2",
        "contamination_type",
        "ap_mines_destroyed",
        "ap_improvised_destroyed",
        "av_mines_destroyed",
    ]
    releases, problems = coerce(pd.DataFrame(HISTORY, columns=columns), schema("releases"))
    assert not problems
    hazards, _ = coerce(pd.DataFrame(columns=["hazard_id", "region"]), schema("hazards"))
    info = CountryInfo(
        name="Handland",
        code="XHL",
        entry_into_force_date=dt.date(2005, 3, 1),
        article5_deadline_date=dt.date(2028, 3, 1),
        baseline_date=dt.date(2024, 12, 31),
        synthetic=True,
        regions=("North", "South"),
    )
    table = progress_by_type(Country(info=info, hazards=hazards, releases=releases))
    got = {
        (int(r.year), r.contamination_type): (
            r.cancelled_area_m2,
            r.reduced_area_m2,
            r.cleared_area_m2,
            r.released_area_m2,
            r.ap_mines_destroyed,
            r.ap_improvised_destroyed,
            r.av_mines_destroyed,
        )
        for r in table.itertuples()
    }
    assert got == {
        (2023, "ap_mine"): (5_000, 0, 0, 5_000, 0, 0, 0),
        (2023, "av_mine"): (0, 0, 8_000, 8_000, 0, 0, 3),
        (2023, "all"): (5_000, 0, 8_000, 13_000, 0, 0, 3),
        (2023, "article5"): (5_000, 0, 0, 5_000, 0, 0, 0),
        (2024, "ap_mine"): (0, 0, 2_000, 2_000, 12, 0, 0),
        (2024, "ap_improvised"): (0, 4_000, 0, 4_000, 0, 5, 0),
        (2024, "av_mine"): (6_000, 0, 0, 6_000, 0, 0, 0),
        (2024, "all"): (6_000, 4_000, 2_000, 12_000, 12, 5, 0),
        (2024, "article5"): (0, 4_000, 2_000, 6_000, 12, 5, 0),
    }
    assert list(table["contamination_type"][:4]) == ["ap_mine", "av_mine", "all", "article5"]


# --- the sample packs ----------------------------------------------------------------------


@pytest.mark.parametrize("name", COUNTRIES)
def test_article5_rows_sum_the_ap_mined_types(sample, name):
    _, pack = sample(name)
    rc = pack["remaining_challenge"]
    for region, rows in rc.groupby("region"):
        article5 = rows[rows["contamination_type"] == "article5"]
        assert len(article5) == 1, region
        ap = rows[rows["contamination_type"].isin(AP)]
        for col in (
            "sha_area_m2",
            "cha_area_m2",
            "area_m2",
            "hazard_count",
            "inaccessible_area_m2",
        ):
            assert float(article5[col].iloc[0]) == pytest.approx(float(ap[col].sum())), col


@pytest.mark.parametrize("name", COUNTRIES)
def test_work_plan_stops_at_the_article5_completion_year(sample, name):
    _, pack = sample(name)
    header = dict(zip(pack["header"]["item"], pack["header"]["value"], strict=True))
    done = int(header["projected_completion_year"])
    wp = pack["work_plan"]
    assert int(wp["year"].max()) == done
    totals = wp[wp["region"] == "Total"]
    assert float(totals["article5_remaining_area_m2"].iloc[-1]) == pytest.approx(0, abs=1e-6)
    assert (totals["article5_remaining_area_m2"].iloc[:-1] > 0).any()
    detail = wp[(wp["region"] != "Total") & wp["contamination_type"].isin(AP)]
    by_year = detail.groupby("year")["released_area_m2"].sum()
    np.testing.assert_allclose(
        totals.set_index("year")["article5_released_area_m2"].loc[by_year.index], by_year
    )


def test_the_samples_review_with_no_error_on_the_new_checks(sample, run):
    for name in COUNTRIES:
        _, pack = sample(name)
        for check in ("header_completion", "progress_types", "remaining_types"):
            assert [f for f in run(pack, check) if f.severity == "error"] == [], (name, check)


# --- header_completion reads the Article 5 columns ------------------------------------------


def test_completion_stated_a_year_early_is_an_error(sample, put, locate, run):
    _, pack = sample("cascadia")
    h = pack["header"]
    i = locate(h, item="projected_completion_year")
    done = int(h.at[i, "value"])
    (finding,) = run(put(pack, "header", i, value=str(done - 1)), "header_completion")
    assert finding.figures == {"stated": done - 1, "expected": done}
    assert f"still releases AP-mined area in {done}" in finding.message


def test_a_last_year_with_little_ap_release_still_counts(sample, edit, locate, run):
    """Release as worked can leave less than 1 m² of AP-mined area to the last year: the
    stated year is then still the last year with AP-mined release (the plan's own figures),
    not the year before."""
    _, pack = sample("cascadia")
    wp = pack["work_plan"]
    last = int(wp["year"].max())

    def little(frame: pd.DataFrame) -> None:
        rows = (frame["year"] == last) & (frame["region"] != "Total")
        rows &= frame["contamination_type"].isin(AP)
        frame.loc[rows, "released_area_m2"] = 0.1
        total = (frame["year"] == last) & (frame["region"] == "Total")
        frame.loc[total, "article5_released_area_m2"] = 0.1 * rows.sum()

    assert run(edit(pack, "work_plan", little), "header_completion") == []


# --- progress_types ------------------------------------------------------------------------


def test_progress_by_type_tampered_breaks_all_and_article5(sample, put, run):
    _, pack = sample("borealis")
    pt = pack["progress_by_type"]
    i = int(np.flatnonzero(pt["contamination_type"] == "ap_improvised")[0])
    found = run(
        put(pack, "progress_by_type", i, cleared_area_m2=lambda v: v + 700.0), "progress_types"
    )
    year = pt.at[pt.index[i], "year"]
    labels = sorted(f.message.split("(")[1].split(")")[0] for f in found)
    assert labels == [f"{year}, all", f"{year}, article5"]
    for f in found:
        assert f.figures["expected"] - f.figures["stated"] == pytest.approx(700.0)


def test_progress_by_type_all_row_is_held_to_the_progress_tables_total(sample, put, run):
    _, pack = sample("borealis")
    pr = pack["progress"]
    i = int(np.flatnonzero(pr["region"] == "Total")[0])
    year = pr.at[pr.index[i], "year"]
    (finding,) = run(
        put(pack, "progress", i, cleared_area_m2=lambda v: v + 900.0), "progress_types"
    )
    assert f"({year}, all)" in finding.message
    assert f"row {i + 2}, Total" in finding.message
    assert finding.figures["expected"] - finding.figures["stated"] == pytest.approx(900.0)


# --- completion_needs_access ----------------------------------------------------------------


def test_completion_counting_on_access_is_noted(sample, run):
    _, pack = sample("borealis")
    rc = pack["remaining_challenge"]
    locked = rc.loc[
        (rc["region"] == "Total") & (rc["contamination_type"] == "article5"), "inaccessible_area_m2"
    ].item()
    assert locked > 0
    (finding,) = run(pack, "completion_needs_access")
    assert finding.severity == "info"  # borealis completes in the same year without them
    assert finding.figures["inaccessible_article5_area_m2"] == pytest.approx(locked)
    assert finding.figures["assumed_accessible_from"] == "2030"


def test_completion_later_because_of_access_is_a_warning(sample, put, locate, run):
    _, pack = sample("borealis")
    h = pack["header"]
    done = int(h.at[locate(h, item="projected_completion_year"), "value"])
    i = locate(h, item="accessible_completion_year")
    (finding,) = run(put(pack, "header", i, value=str(done - 3)), "completion_needs_access")
    assert finding.severity == "warning"
    assert f"would complete in {done - 3}" in finding.message


def test_no_inaccessible_ap_area_no_note(sample, edit, run):
    _, pack = sample("borealis")

    def open_all(frame: pd.DataFrame) -> None:
        frame["inaccessible_area_m2"] = 0.0
        frame["inaccessible_count"] = 0

    assert run(edit(pack, "remaining_challenge", open_all), "completion_needs_access") == []
