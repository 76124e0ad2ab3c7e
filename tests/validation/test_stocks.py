"""Past stocks: reading, checks against the country, and the yearly reconciliation with the
release history, worked on paper.

The test country (tests/conftest.py): baseline 2024-12-31, hazards North 40,000 m²
(10,000 + 30,000), South 80,000, East 20,000 (140,000 in all). Releases: 2023 North 5,000,
South 8,000 (13,000); 2024 North 2,000 + 4,000, South 6,000 (12,000).

Stocks file (STOCKS):
  2022 all    all/all      170,000
  2022 North  all/ap_mine   30,000  + all/av_mine 20,000 → North 50,000 (by types)
  2022 South  all/all       95,000
  2023 North  all/all       48,000  (its sha/ap_mine row of 10,000 is a breakdown: ignored)
  2023 South  all/all       90,000
  2023 East   all/all       20,000  (no national row: the regions' sum, 158,000)
  2024        nothing: the baseline closes the year (140,000; North 40,000, South 80,000)

unexplained = stock(t) − stock(t−1) + released(t):
  national 2023: 158,000 − 170,000 + 13,000 = +1,000 (0.6% of 170,000)
           2024: 140,000 − 158,000 + 12,000 = −6,000 (−3.8%: a revision)
  North    2023: 48,000 − 50,000 + 5,000 = +3,000;  2024: 40,000 − 48,000 + 6,000 = −2,000
  South    2023: 90,000 − 95,000 + 8,000 = +3,000;  2024: 80,000 − 90,000 + 6,000 = −4,000
  East     2024: 20,000 − 20,000 + 0 = 0 (2023 has no opening stock: not reconciled)
"""

from __future__ import annotations

import pandas as pd
import pytest

from landrelease.cli.main import main
from landrelease.errors import CountryError
from landrelease.io.country import inspect_country
from landrelease.validation.stocks import reconcile_stocks, stock_totals

STOCKS = """year,region,status,contamination_type,area_m2,source
2022,all,all,all,170000,Article 7 report 2023
2022,North,all,ap_mine,30000,Article 7 report 2023
2022,North,all,av_mine,20000,Article 7 report 2023
2022,South,all,all,95000,Article 7 report 2023
2023,North,all,all,48000,Article 7 report 2024
2023,North,sha,ap_mine,10000,Article 7 report 2024
2023,South,all,all,90000,Article 7 report 2024
2023,East,all,all,20000,Article 7 report 2024
"""


def country_with_stocks(write, text=STOCKS, name="stocks.csv"):
    root = write.country("csv", files={"stocks": name})
    (root / name).write_text(text, encoding="utf-8")
    return root


def reconciled(write, **kw):
    country, problems = inspect_country(country_with_stocks(write))
    assert problems == []
    assert country is not None
    assert country.stocks is not None
    table = reconcile_stocks(
        country.stocks,
        country.releases,
        hazards=country.hazards,
        baseline_year=country.info.baseline_year,
        **kw,
    )
    return {(r.region, r.year): r for r in table.itertuples()}


def test_the_unexplained_revision_is_reported_by_year(write):
    rows = reconciled(write)
    assert sorted(rows) == [("all", 2023), ("all", 2024)]
    first, last = rows["all", 2023], rows["all", 2024]
    assert (first.stock_start_m2, first.released_area_m2, first.stock_end_m2) == (
        170_000,
        13_000,
        158_000,
    )
    assert first.unexplained_m2 == pytest.approx(1_000)
    assert first.unexplained_frac == pytest.approx(1_000 / 170_000)
    assert last.unexplained_m2 == pytest.approx(-6_000)
    assert (last.stock_end_m2, last.end_source) == (140_000, "baseline")


def test_the_reconciliation_by_region(write):
    rows = reconciled(write, by_region=True)
    unexplained = {k: r.unexplained_m2 for k, r in rows.items()}
    assert unexplained[("North", 2023)] == pytest.approx(3_000)
    assert unexplained[("North", 2024)] == pytest.approx(-2_000)
    assert unexplained[("South", 2023)] == pytest.approx(3_000)
    assert unexplained[("South", 2024)] == pytest.approx(-4_000)
    assert unexplained[("East", 2024)] == pytest.approx(0)
    assert ("East", 2023) not in rows  # no stock for 2022: nothing to reconcile


def test_validate_prints_the_reconciliation_and_marks_the_revision(write, capsys):
    assert main(["validate", str(country_with_stocks(write))]) == 0
    out = capsys.readouterr().out
    assert "8 stock records" in out
    lines = {line.split()[0]: line for line in out.splitlines() if line[:4] in ("2023", "2024")}
    assert "revised" in lines["2024"]  # −3.8% of the opening stock
    assert "revised" not in lines["2023"]  # 0.6%: rounding


def test_summary_prints_the_reconciliation(write, capsys):
    assert main(["summary", str(country_with_stocks(write))]) == 0
    assert "Past stocks (stocks.csv)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("line", "check", "column"),
    [
        ("2023,West,all,all,1000,x", "regions_known", "region"),
        ("2025,all,all,all,1000,x", "stock_years", "year"),
        ("2023,South,all,av_mine,-5,x", "positive_areas", "area_m2"),
        ("2023,South,maybe,all,5,x", "allowed_values", "status"),
        ("2023,South,all,all,5,x", "unique_stocks", "year"),
    ],
)
def test_a_bad_stock_row_is_an_error_naming_row_and_column(write, line, check, column):
    _, problems = inspect_country(country_with_stocks(write, STOCKS + line + "\n"))
    (problem,) = [p for p in problems if p.severity == "error"]
    assert (problem.check, problem.file, problem.row, problem.column) == (
        check,
        "stocks.csv",
        10,  # header = row 1, eight rows before it
        column,
    )


def test_a_baseline_year_stock_far_from_the_hazard_table_is_a_warning(write):
    text = STOCKS + "2024,all,all,all,150000,Article 7 report 2025\n"
    _, problems = inspect_country(country_with_stocks(write, text))
    (problem,) = problems
    assert problem.severity == "warning"
    assert "150,000 m²" in str(problem)
    assert "140,000 m²" in str(problem)


def test_a_stocks_file_outside_the_country_folder_is_refused(write):
    with pytest.raises(CountryError, match=r"\[files\] stocks .* out of the folder"):
        inspect_country(country_with_stocks(write, name="../stocks.csv"))


def test_totals_take_the_least_detailed_breakdown_of_each_year_and_region():
    # 2020 North: by status (sha 100 + cha 50 = 150; its sha/ap_mine row is a finer
    #   breakdown, ignored); South: only status-and-type rows (30 + 20 = 50); no national
    #   row: the regions' sum, 200.
    # 2021: a national row (500) and North all/all (300); the national row stands.
    rows = [
        (2020, "North", "sha", "all", 100.0),
        (2020, "North", "cha", "all", 50.0),
        (2020, "North", "sha", "ap_mine", 70.0),
        (2020, "South", "sha", "ap_mine", 30.0),
        (2020, "South", "cha", "av_mine", 20.0),
        (2021, "all", "all", "all", 500.0),
        (2021, "North", "all", "all", 300.0),
    ]
    table = pd.DataFrame(
        rows, columns=["year", "region", "status", "contamination_type", "area_m2"]
    )
    got = {(r.region, r.year): r.area_m2 for r in stock_totals(table).itertuples()}
    assert got == {
        ("North", 2020): 150.0,
        ("South", 2020): 50.0,
        ("all", 2020): 200.0,
        ("all", 2021): 500.0,
        ("North", 2021): 300.0,
    }
