"""Headings for people: labels from the schema files with the unit a table shows."""

from __future__ import annotations

import pytest

from landrelease.domain.enums import ContaminationType, HazardStatus, ReleaseMethod
from landrelease.reports.labels import category_label, column_heading, column_unit


@pytest.mark.parametrize(
    ("name", "options", "heading"),
    [
        ("sha_count", {}, "SHA areas (number)"),
        ("area_m2", {"table": "remaining_challenge", "unit": "km²"}, "Remaining area (km²)"),
        ("area_m2", {"table": "hazards", "unit": "km²"}, "Area (km²)"),
        ("area_m2", {"table": "hazards"}, "Area (m²)"),
        ("cost_usd", {"unit": "US$ million"}, "Cost deployed (US$ million)"),
        ("year", {}, "Year"),
        ("priority", {"table": "hazards"}, "Priority (1 = first)"),
        ("sha_cancelled_frac", {}, "SHA cancelled (0–1)"),
        ("achieved_pct", {}, "Achieved (%)"),
        ("planned_team_years_nts", {}, "Planned: NTS teams (team-years)"),
        ("hazards_completed", {}, "Areas completed (number)"),
        ("gap_carried_forward_m2", {"unit": "km²"}, "Gap carried forward (km²)"),
    ],
)
def test_headings_carry_the_label_and_the_unit_shown(name, options, heading):
    assert column_heading(name, **options) == heading


def test_a_column_no_schema_knows_gets_words_from_its_name():
    assert column_heading("teams_mdd_extra_usd") == "Teams MDD extra (US$)"
    assert column_unit("teams_mdd_extra_usd") == "US$"
    assert column_unit("area_m2") == "m²"
    assert column_unit("year") == "year"


def test_every_category_has_a_name_for_people():
    for enum in (HazardStatus, ContaminationType, ReleaseMethod):
        for member in enum:
            assert category_label(member.value) != member.value
    assert category_label("Total") == "Total"
    assert category_label(ContaminationType.AP_IMPROVISED.value) != category_label(
        ContaminationType.AP_MINE.value
    )


def test_the_forecasts_quantile_columns_take_their_quantitys_label_and_unit():
    assert column_heading("article5_remaining_area_m2_p50") == "Article 5 remaining area, P50 (m²)"
    assert column_heading("remaining_area_m2_p10", unit="km²") == "Remaining area, P10 (km²)"
    assert column_heading("funding_gap_usd_p90") == "Funding gap, P90 (US$)"
    assert column_unit("released_area_m2_p90") == "m²"
    # the confidence table's own columns keep their schema labels
    assert column_heading("p_complete_by_deadline") == "P(complete by the deadline) (0–1)"
    assert column_heading("article5_completion_year_p10") == "Article 5 completion, P10"
    # a name whose quantity has no label is not taken for a quantile
    assert column_heading("foo_p50") == "Foo p50"
