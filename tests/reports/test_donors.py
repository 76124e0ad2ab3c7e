"""Funding by donor, worked on paper: earmarked money is its own line's; pooled money spent is
attributed pro rata of what each line gave that year; the table reconciles with the cost."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from landrelease.domain.schema import coerce, schema
from landrelease.engine import project
from landrelease.export.output_set import write_projection
from landrelease.reports.donors import DONOR_COLUMNS, donor_totals, funding_by_donor
from landrelease.reports.request.plan_tables import assumptions

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("engine_builders", ROOT / "tests/engine/conftest.py")
assert _spec is not None
assert _spec.loader is not None
builders: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(builders)

AREA = [
    {
        "hazard_id": "A",
        "region": "North",
        "status": "cha",
        "contamination_type": "ap_mine",
        "area_m2": 390_000.0,
        "priority": 1,
    }
]


def _result(lines: list[dict[str, Any]], **funding: Any) -> Any:
    # one manual team (US$100,000 a team-year) and one mechanical team (US$200,000); a free
    # TS team surveys the area within the first year
    scenario = builders.scenario_from_numbers(
        {
            "release": {"sha_cancelled_frac": 0.0, "ts_reduced_frac": 0.0},
            "productivity": {"ts": 10_000_000},
            "teams": {"nts": 0, "ts": 1, "manual": 1, "mechanical": 1, "mdd": 0},
            "costs": {
                "usd_per_team_year": {
                    "nts": 0, "ts": 0, "manual": 100_000, "mechanical": 200_000, "mdd": 0,
                }
            },
            "funding": {"national_usd_per_year": 200_000, "lines": lines, **funding},
        }
    )
    return project(builders.country_from_rows(AREA), scenario)


NORDLAND = {"donor": "Nordland", "status": "secured", "earmark": "manual", "usd_per_year": 100_000}
WESTMARK = {"donor": "Westmark", "status": "secured", "usd_per_year": 200_000}


def test_a_year_attributed_on_paper():
    table = funding_by_donor(_result([NORDLAND, WESTMARK]))
    first = table[table["year"] == 2026].set_index("donor")
    # cost 300,000: Nordland's earmark pays the manual team (100,000); the pooled 200,000
    # spent (the mechanical team) comes from national 200,000 and Westmark 200,000 given:
    # half each
    assert first.loc["Nordland", "spent_usd"] == 100_000
    assert first.loc["Westmark", "spent_usd"] == 100_000
    assert first.loc["national", "spent_usd"] == 100_000
    assert first.loc["other (secured)", "spent_usd"] == 0
    # international money spent: Nordland 100,000 + Westmark 100,000
    assert first.loc["Nordland", "share_of_international_frac"] == 0.5
    assert first.loc["Westmark", "share_of_international_frac"] == 0.5
    assert np.isnan(first.loc["national", "share_of_international_frac"])
    assert first.loc["Nordland", "earmark"] == "manual"
    assert first.loc["Westmark", "earmark"] == ""
    assert list(table.columns) == list(DONOR_COLUMNS)


def test_spent_money_adds_up_to_the_cost_and_never_exceeds_the_pledge():
    result = _result([NORDLAND, WESTMARK], international_expected_usd_per_year=50_000)
    table = funding_by_donor(result)
    spent = table.groupby("year")["spent_usd"].sum()
    cost = result.annual.set_index("year")["cost_usd"]
    np.testing.assert_allclose(spent.to_numpy(), cost.loc[spent.index].to_numpy())
    assert (table["spent_usd"] <= table["pledged_usd"] + 1e-6).all()
    # expected money the scenario does not count spends nothing
    expected = table[table["donor"] == "other (expected)"]
    assert (expected["pledged_usd"] == 50_000).all()
    assert (expected["spent_usd"] == 0).all()


def test_an_earmark_its_kind_cannot_use_is_reported_unspent():
    trust = {"donor": "Trust", "status": "secured", "earmark": "mdd", "usd_per_year": 70_000}
    table = funding_by_donor(_result([trust]))
    own = table[table["donor"] == "Trust"]
    assert (own["spent_usd"] == 0).all()
    assert (own["earmark_unspent_usd"] == 70_000).all()
    totals = {row["donor"]: row for row in donor_totals(table)}
    assert totals["Trust"]["earmark_unspent_usd"] == 70_000 * len(own)
    assert totals["national"]["share_of_international_frac"] is None


def test_project_out_writes_the_table_and_the_totals_formula_safe(tmp_path):
    sly = {**WESTMARK, "donor": "=HYPERLINK(1)"}
    result = _result([NORDLAND, sly])
    write_projection(result, tmp_path)
    written = pd.read_csv(tmp_path / "funding_by_donor.csv", keep_default_na=False)
    assert "'=HYPERLINK(1)" in set(written["donor"])
    assert list(written.columns) == list(DONOR_COLUMNS)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    nordland = next(r for r in summary["funding_by_donor"] if r["donor"] == "Nordland")
    assert nordland["earmark"] == "manual"
    assert nordland["spent_usd"] == pytest.approx(
        written.loc[written["donor"] == "Nordland", "spent_usd"].sum()
    )


def test_the_table_meets_its_documented_schema():
    table = funding_by_donor(_result([NORDLAND, WESTMARK]))
    _, problems = coerce(table, schema("funding_by_donor"))
    assert [str(p) for p in problems] == []
    assert [c.name for c in schema("funding_by_donor").columns] == list(DONOR_COLUMNS)


def test_the_requests_assumptions_list_each_donor_line_with_its_source():
    line = {**NORDLAND, "source": "Letter of 2025", "from_year": 2027, "to_year": 2029}
    rows = assumptions(_result([line])).set_index("key")
    row = rows.loc["lines.Nordland (secured, manual)"]
    assert row["value"].endswith("in 2027–2029")
    assert row["source"] == "Letter of 2025"
