"""Reconciliation (issue 12 item 3): previous baseline − released + new finds = current
baseline, region by region, against the Article 7 stocks and the history; a region that
vanished; stock–flow across the years; the progress table against the history.

Small packs are written by hand here (a region or two, round numbers): their expected
figures are worked out in the comments, not from a run of the code.
"""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from landrelease.export.request_write import write_request
from landrelease.io.request_read import OPTIONAL_SHEETS, read_request
from landrelease.reports.request import RequestPack
from landrelease.review import review_markdown, review_pack, run_all
from landrelease.review.checks.stock_ledger import ledger

SOURCE = "Article 7 report, Form C"


def stock_rows(year, areas, source=SOURCE):
    """Rows of a stocks/previous-baseline table: one ``all`` row per region, and national."""
    rows = [(year, r, "all", "all", float(a), source) for r, a in areas.items()]
    rows.append((year, "all", "all", "all", float(sum(areas.values())), source))
    return rows


def tiny(previous=None, stocks=(), current=None, released=(), baseline_year=2023):
    """A pack with only what reconciliation reads: the header's baseline date, today's
    remaining area per region, release per year and region, the Article 7 stocks and the
    previous request's baseline."""
    columns = ["year", "region", "status", "contamination_type", "area_m2", "source"]
    current = current or {}
    rc = pd.DataFrame(
        [(r, "all", float(a)) for r, a in current.items()]
        + [("Total", "all", float(sum(current.values())))],
        columns=["region", "contamination_type", "area_m2"],
    )
    progress = pd.DataFrame(list(released), columns=["year", "region", "released_area_m2"])
    for year, group in progress.groupby("year"):
        total = pd.DataFrame(
            {"year": [year], "region": ["Total"], "released_area_m2": [group.sum().iloc[-1]]}
        )
        progress = pd.concat([progress, total], ignore_index=True)
    header = pd.DataFrame(
        {"item": ["baseline_date"], "value": [f"{baseline_year}-12-31"]}, dtype="string"
    )
    tables = {
        "header": header,
        "remaining_challenge": rc,
        "progress": progress,
        "stocks": pd.DataFrame(list(stocks), columns=columns),
    }
    if previous is not None:
        tables["previous_baseline"] = pd.DataFrame(list(previous), columns=columns)
    return RequestPack(tables=tables, metadata={"created_utc": "2024-02-01T00:00:00+00:00"})


def findings(pack, name, history=None):
    return run_all(pack, history, [name]).findings


# ---- a region that vanished ------------------------------------------------------------------


def borealis_with_stocks(sample):
    """Borealis's pack, which carries its Article 7 stocks (2018–2025) and the baseline of
    its national strategy 2021–2025 (end of 2020) as the previous baseline."""
    country, pack = sample("borealis")
    assert set(pack["stocks"]["year"]) == set(range(2018, 2026))
    assert set(pack["previous_baseline"]["year"]) == {2020}
    return country, pack


def without_region(pack, region):
    tables = dict(pack.tables)
    for name in ("remaining_challenge", "form_c"):
        tables[name] = tables[name][tables[name]["region"] != region].reset_index(drop=True)
    return RequestPack(tables=tables, metadata=pack.metadata)


def test_a_deleted_region_is_an_error_naming_it_and_its_area(sample):
    """Issue 12: deleting borealis's region that holds 29.5 km² goes undetected on main."""
    country, pack = borealis_with_stocks(sample)
    rc = pack["remaining_challenge"]
    whole = rc[(rc["region"] != "Total") & (rc["contamination_type"] == "all")]
    region, area = whole.loc[whole["area_m2"].sub(29.5e6).abs().idxmin(), ["region", "area_m2"]]
    assert round(area / 1e6, 1) == 29.5
    assert findings(pack, "previous_request_regions") == []
    for history in (None, country.releases):
        (error,) = findings(without_region(pack, region), "previous_request_regions", history)
        assert error.severity == "error"
        assert f"Region {region}" in error.message
        assert "29.5 km²" in error.message
        assert error.figures["unaccounted_m2"] == pytest.approx(area, rel=1e-3)
        assert error.sheet == "stocks"


def test_a_vanished_region_is_measured_from_the_previous_baseline_without_stocks(sample):
    """Without the stocks table, the previous request's baseline (2020) less the release
    recorded there since is the area that went missing."""
    country, pack = borealis_with_stocks(sample)
    tables = {**pack.tables}
    del tables["stocks"]
    pack = without_region(RequestPack(tables=tables, metadata=pack.metadata), "Orlen")
    prev = pack["previous_baseline"]
    stated = prev.loc[(prev["region"] == "Orlen"), "area_m2"].sum()
    out = country.releases.query("region == 'Orlen' and year > 2020")["area_m2"].sum()
    (error,) = findings(pack, "previous_request_regions", country.releases)
    assert error.sheet == "previous_baseline"
    assert error.figures["stated_area_m2"] == pytest.approx(stated)
    assert error.figures["released_since_m2"] == pytest.approx(out)
    assert error.figures["unaccounted_m2"] == pytest.approx(stated - out)


def test_a_region_released_since_is_not_missing():
    # Zeta: 500,000 m² in the previous baseline (2021), all released in 2022–2023
    previous = stock_rows(2021, {"Alpha": 4_000_000, "Zeta": 500_000})
    current = {"Alpha": 3_600_000}
    done = [(2022, "Alpha", 200_000), (2023, "Alpha", 200_000)]
    cleared = tiny(
        previous,
        current=current,
        released=[*done, (2022, "Zeta", 300_000), (2023, "Zeta", 200_000)],
    )
    assert findings(cleared, "previous_request_regions") == []
    # only 100,000 m² released: 400,000 m² unaccounted for
    partly = tiny(previous, current=current, released=[*done, (2022, "Zeta", 100_000)])
    (error,) = findings(partly, "previous_request_regions")
    assert error.figures["unaccounted_m2"] == 400_000
    assert "Region Zeta" in error.message
    assert "400,000 m²" in error.message


def test_a_public_pack_that_merged_small_regions_is_not_flagged():
    previous = stock_rows(2021, {"Alpha": 4_000_000, "Zeta": 500_000})
    merged = tiny(previous, current={"Alpha": 4_000_000, "Other regions (merged)": 500_000})
    assert findings(merged, "previous_request_regions") == []


# ---- revisions, region by region ----------------------------------------------------------


def test_the_remainder_is_the_revision_per_region_and_year():
    # Alpha: 10,000,000 (2021) − 500,000 released + 0 = 9,500,000 expected; 9,000,000 stated
    # in 2022: −500,000 (−5.0%, not above 5%); then 9,000,000 − 400,000 = 8,600,000
    # expected; 8,000,000 stated in 2023 (the remaining challenge): −600,000 (−6.7%).
    pack = tiny(
        stock_rows(2021, {"Alpha": 10_000_000}),
        stock_rows(2022, {"Alpha": 9_000_000}),
        current={"Alpha": 8_000_000},
        released=[(2022, "Alpha", 500_000), (2023, "Alpha", 400_000)],
    )
    table = ledger(pack, None)
    alpha = table[table["region"] == "Alpha"]
    assert list(alpha["from_year"]) == [2021, 2022]
    assert list(alpha["revision_m2"]) == [-500_000, -600_000]
    assert list(alpha["revision_frac"]) == pytest.approx([-0.05, -600_000 / 9_000_000])
    (warning,) = findings(pack, "baseline_revision")
    assert warning.severity == "warning"
    assert warning.figures["revision_m2"] == -600_000
    assert "2022→2023" in warning.message
    assert "2021→2022" not in warning.message
    assert (warning.sheet, warning.row) == ("remaining_challenge", 2)


def test_a_revision_the_source_explains_is_noted():
    explained = "Article 7 report 2023, Form C; re-survey of Alpha cancelled 1 km²"
    pack = tiny(
        stock_rows(2021, {"Alpha": 10_000_000}),
        [*stock_rows(2022, {"Alpha": 8_500_000}, explained), *stock_rows(2020, {"Alpha": 1})],
        current={"Alpha": 8_100_000},
        released=[(2022, "Alpha", 500_000), (2023, "Alpha", 400_000)],
    )
    # 2021→2022: 8,500,000 − 10,000,000 + 500,000 = −1,000,000 (−10%), explained
    (note,) = findings(pack, "baseline_revision")
    assert note.severity == "info"
    assert "re-survey" in note.message
    assert (note.sheet, note.row) == ("stocks", 2)


def test_years_without_a_release_record_are_not_reconciled():
    pack = tiny(
        stock_rows(2019, {"Alpha": 10_000_000}),
        current={"Alpha": 5_000_000},
        released=[(2022, "Alpha", 500_000), (2023, "Alpha", 400_000)],
    )
    (row,) = ledger(pack, None).query("region == 'Alpha'").itertuples()
    assert row.status == "no release record"
    assert pd.isna(row.revision_m2)
    assert findings(pack, "baseline_revision") == []


def test_borealis_revisions_are_found_where_its_stocks_were_resurveyed(sample):
    country, pack = borealis_with_stocks(sample)
    table = ledger(pack, country.releases)
    regional = table[(table["region"] != "national") & (table["status"] == "reconciled")]
    big = regional[regional["revision_frac"].abs() > 0.05]
    found = findings(pack, "baseline_revision", country.releases)
    assert sorted(f.figures["region"] for f in found) == sorted(set(big["region"]))
    assert all(f.severity == "warning" for f in found)  # the sources explain nothing


# ---- stock–flow across the years of the stocks table -----------------------------------------


def test_a_stock_flow_break_between_two_years():
    # 2021: 10,000,000; 2022: 10,000,000 − 500,000 = 9,500,000 (reconciles);
    # 2023: 9,500,000 − 600,000 = 8,900,000 expected, 7,400,000 stated: −1,500,000 (−15.8%)
    pack = tiny(
        stocks=[
            *stock_rows(2021, {"Alpha": 10_000_000}),
            *stock_rows(2022, {"Alpha": 9_500_000}),
            *stock_rows(2023, {"Alpha": 7_400_000}),
        ],
        current={"Alpha": 7_400_000},
        released=[(2022, "Alpha", 500_000), (2023, "Alpha", 600_000)],
        baseline_year=2024,
    )
    (warning,) = findings(pack, "stock_flow")
    assert warning.severity == "warning"
    assert "2022→2023: -1,500,000 m²" in warning.message
    assert (warning.sheet, warning.row) == ("stocks", 7)  # the national row of 2023 (6th)


def test_a_year_missing_from_the_stocks_is_a_break():
    pack = tiny(
        stocks=[*stock_rows(2020, {"Alpha": 10_000_000}), *stock_rows(2022, {"Alpha": 9_000_000})],
        current={"Alpha": 9_000_000},
        released=[(y, "Alpha", 500_000) for y in (2021, 2022)],
        baseline_year=2023,
    )
    (warning,) = findings(pack, "stock_flow")
    assert "2020→2022: no stock for 2021" in warning.message


def test_the_stock_of_the_baseline_year_against_the_remaining_challenge():
    pack = tiny(
        stocks=[*stock_rows(2022, {"Alpha": 9_000_000}), *stock_rows(2023, {"Alpha": 8_600_000})],
        current={"Alpha": 8_500_000},
        released=[(2023, "Alpha", 400_000)],
    )
    # 8,600,000 against 8,500,000: 1.2% apart, beyond the 0.5% of rounding
    (warning,) = findings(pack, "stock_flow")
    assert warning.figures == {"stocks_m2": 8_600_000, "remaining_m2": 8_500_000, "year": 2023}


# ---- the progress table against the history ---------------------------------------------------


def test_a_progress_year_that_disagrees_with_the_history(sample, put, locate):
    """Issue 12: a history saying 104.3 km² released and a pack saying 96.22 km² for the
    same year pass on main."""
    country, pack = sample("cascadia")
    assert findings(pack, "progress_history", country.releases) == []
    i = locate(pack["progress"], year=2021, region="Total")
    kept = pack["progress"].at[i, "released_area_m2"]
    low = put(pack, "progress", i, released_area_m2=kept * 96.22 / 104.3)
    (error,) = findings(low, "progress_history", country.releases)
    assert (error.severity, error.row, error.column) == ("error", i + 2, "released_area_m2")
    assert error.figures["history"] == pytest.approx(kept)
    assert "2021" in error.message
    # rounding (0.4%) is not a disagreement
    rounded = put(pack, "progress", i, released_area_m2=kept * 0.996)
    assert findings(rounded, "progress_history", country.releases) == []


# ---- older packs ----------------------------------------------------------------------------


def test_a_pack_without_the_new_tables_still_reviews_and_says_what_was_not_checked(
    sample, tmp_path
):
    """A workbook written before the State's tables and the narrative existed: its sheets
    are removed from cascadia's pack, which the reader then fills in empty."""
    country, pack = sample("cascadia")
    assert not pack["stocks"].empty
    assert not pack["previous_baseline"].empty
    path = write_request(pack, tmp_path / "request.xlsx")
    book = openpyxl.load_workbook(path)
    for name in OPTIONAL_SHEETS:
        del book[name]
    book.save(path)
    pack = read_request(path)
    assert pack["stocks"].empty
    assert pack["previous_baseline"].empty
    review = review_pack(pack)
    whats = [what for what, _ in review.not_checked]
    assert "stock–flow across the years of the Article 7 stocks" in whats
    assert "progress table against the release history" in whats
    assert any("previous baseline" in what for what in whats)
    # the reader gives an older pack every section of the outline, empty: reported as such
    (text,) = [f for f in review.findings if f.check == "narrative_sections"]
    assert text.figures["empty_sections"] == text.figures["sections"] == len(pack["narrative"])
    assert review.reconciliation is None
    assert not any(f.message.startswith("The check could not run") for f in review.findings)
    with_history = review_pack(pack, history=country.releases)
    assert "progress table against the release history" not in [
        w for w, _ in with_history.not_checked
    ]


def test_the_review_shows_the_reconciliation_table(sample):
    country, pack = borealis_with_stocks(sample)
    review = review_pack(pack, history=country.releases)
    table = review.reconciliation
    assert table is not None
    assert not table.empty
    assert {"region", "from_year", "to_year", "revision_m2", "status"} <= set(table.columns)
    assert "## Reconciliation of the stock" in review_markdown(review)
