"""Track record: the previous request's milestones, and repeat requests with falling output
(issue 12: milestones missed in most years, a fourth request after a decade of decline)."""

from __future__ import annotations

import numpy as np
import pytest

from landrelease.review.checks.record import previous_extensions


def target_rows(pack):
    pr = pack["progress"]
    return pr.index[(pr["region"] == "Total") & pr["target_area_m2"].notna()].tolist()


def five_targets(pack, put):
    """Cascadia's pack keeping the targets of its last five target years only (the sample
    carries every earlier request's targets)."""
    rows = target_rows(pack)
    assert len(rows) >= 5
    for i in rows[:-5]:
        pack = put(pack, "progress", i, target_area_m2=np.nan, achieved_pct=np.nan)
    assert len(target_rows(pack)) == 5
    return pack


def test_milestones_missed_in_most_years_is_a_warning(sample, put, run):
    """Five years each missed, about 79% achieved overall (above the 75% cumulative
    threshold): most years missed is a warning of its own."""
    _, pack = sample("cascadia")
    pack = five_targets(pack, put)
    rows = target_rows(pack)
    released = pack["progress"].loc[rows, "released_area_m2"].tolist()
    for i, r in zip(rows, released, strict=True):
        pack = put(pack, "progress", i, target_area_m2=r / 0.79, achieved_pct=np.nan)
    pr = pack["progress"]
    achieved, target = pr.loc[rows, "released_area_m2"], pr.loc[rows, "target_area_m2"]
    share = 100 * achieved.sum() / target.sum()
    assert (achieved < target).all()
    assert 75 < share < 80
    (finding,) = run(pack, "previous_milestones")
    assert finding.severity == "warning"
    assert finding.figures["achieved_pct"] == pytest.approx(share)
    assert (finding.figures["years_missed"], finding.figures["years"]) == (5, 5)
    assert "5 of 5 year(s)" in finding.message


def test_milestones_met_in_most_years_are_noted(sample, put, run):
    _, pack = sample("cascadia")
    pack = five_targets(pack, put)
    rows = target_rows(pack)
    released = pack["progress"].loc[rows, "released_area_m2"].tolist()
    met = pack
    for i, r, k in zip(rows, released, range(len(rows)), strict=True):
        # three of five years met exactly, two missed by 10%
        met = put(met, "progress", i, target_area_m2=r if k < 3 else r / 0.9, achieved_pct=np.nan)
    (note,) = run(met, "previous_milestones")
    assert note.severity == "info"
    assert (note.figures["years_missed"], note.figures["years"]) == (2, 5)


def test_milestones_far_behind_cumulatively_is_a_warning(sample, put, run):
    _, pack = sample("cascadia")
    pack = five_targets(pack, put)
    rows = target_rows(pack)
    released = pack["progress"].loc[rows, "released_area_m2"].tolist()
    behind = pack
    for k, (i, r) in enumerate(zip(rows, released, strict=True)):
        # two years missed (not most), but by far: 60% achieved overall
        target = r if k < 3 else r * 4
        behind = put(behind, "progress", i, target_area_m2=target, achieved_pct=np.nan)
    (finding,) = run(behind, "previous_milestones")
    assert finding.figures["years_missed"] == 2
    assert finding.figures["achieved_pct"] < 75
    assert finding.severity == "warning"


@pytest.mark.parametrize(
    ("value", "count"),
    [
        ("none", 0),
        ("", 0),
        ("2", 2),
        ("granted 2010-12-03, deadline 2016-05-01", 1),
        ("granted 2010-12-03, deadline 2016-05-01; granted 2015-12-04, deadline 2021-05-01", 2),
    ],
)
def test_previous_extensions_are_counted_from_the_header(sample, edit, value, count):
    _, pack = sample("cascadia")

    def set_value(t):
        t.loc[t["item"] == "previous_extensions", "value"] = value

    assert previous_extensions(edit(pack, "header", set_value))[0] == count


def test_a_fourth_request_after_a_decade_of_falling_output(sample, run):
    """Cascadia: three extensions granted before, and release falling since 2015."""
    country, pack = sample("cascadia")
    assert previous_extensions(pack)[0] == 3
    by_year = country.releases.groupby("year")["area_m2"].sum()
    window = by_year[by_year.index > by_year.index.max() - 10]
    early, late = window.iloc[:3].mean(), window.iloc[-3:].mean()
    for history in (None, country.releases):
        (finding,) = run(pack, "repeat_request", history)
        assert finding.severity == "warning"
        assert finding.figures["previous_extensions"] == 3
        assert finding.figures["fall_pct"] == pytest.approx(100 * (early - late) / early)
        assert "4th request" in finding.message
        assert finding.sheet == "header"


def test_a_first_request_or_rising_output_is_not_flagged(sample, edit, run):
    _, pack = sample("cascadia")

    def first_request(t):
        t.loc[t["item"] == "previous_extensions", "value"] = "none"

    assert run(edit(pack, "header", first_request), "repeat_request") == []

    def rising(t):  # the same years, output growing by a tenth a year
        national = t["region"] == "Total"
        years = t.loc[national, "year"]
        t.loc[national, "released_area_m2"] = 1e6 * 1.1 ** (years - years.min())

    assert run(edit(pack, "progress", rising), "repeat_request") == []
