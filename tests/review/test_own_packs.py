"""The tool's own exported packs pass its own review with no consistency error (issue 10,
item 5): whatever the scenario, the pack written to a workbook and read back by
``landrelease review`` states a completion year its work plan bears out.

Before, completion was the first year the remaining area touched zero even when projected
discoveries reopened it: a 3×-teams pack said 2029 while its work plan released AP-mined
area until 2035, and ``review`` reported a ``header_completion`` error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import warnings
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landrelease.cli.main import main
from landrelease.domain.country import Country, CountryInfo
from landrelease.domain.schema import coerce, schema
from landrelease.engine import project
from landrelease.errors import LandreleaseWarning
from landrelease.export import write_request
from landrelease.io import load_country
from landrelease.reports.request import build_request_pack
from landrelease.review.checks import REGISTRY
from landrelease.scenario import load_scenario, scenario_from_dict
from landrelease.scenario.model import YearValues

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
REGIONS = ("North", "South")


def consistency_errors(path: Path, out: Path) -> list[dict[str, Any]]:
    """``landrelease review`` of the pack at ``path``: its consistency errors."""
    main(["review", str(path), "--out", str(out)])
    findings = json.loads(out.read_text(encoding="utf-8"))["findings"]
    return [
        f
        for f in findings
        if f["severity"] == "error" and REGISTRY[f["check"]].group == "consistency"
    ]


def tiny_country(rows: list[dict[str, Any]]) -> Country:
    hazards, problems = coerce(pd.DataFrame(rows), schema("hazards"))
    assert not problems, problems
    history = pd.DataFrame(
        [
            {
                "region": "North",
                "year": 2024,
                "method": "cleared",
                "area_m2": 5_000.0,
                "contamination_type": "ap_mine",
                "ap_mines_destroyed": 3,
                "ap_improvised_destroyed": 1,
            },
            {
                "region": "South",
                "year": 2025,
                "method": "cancelled",
                "area_m2": 8_000.0,
                "contamination_type": "erw",
            },
        ]
    )
    releases, problems = coerce(history, schema("releases"))
    assert not problems, problems
    info = CountryInfo(
        name="Tinyland",
        code="XTY",
        entry_into_force_date=dt.date(2005, 3, 1),
        article5_deadline_date=dt.date(2028, 3, 1),
        baseline_date=dt.date(2025, 12, 31),
        synthetic=True,
        regions=REGIONS,
    )
    return Country(info=info, hazards=hazards, releases=releases)


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    n = draw(st.integers(2, 5))
    kinds = st.sampled_from(["ap_mine", "ap_improvised", "mixed", "av_mine", "erw"])
    rows = [
        {
            "hazard_id": f"T{i}",
            "region": draw(st.sampled_from(REGIONS)),
            "status": draw(st.sampled_from(["sha", "cha"])),
            "contamination_type": draw(kinds),
            "area_m2": float(draw(st.sampled_from([2_000, 30_000, 250_000, 1_200_000]))),
            "priority": draw(st.integers(1, 3)),
            "accessible": draw(st.sampled_from([True, True, True, False])),
        }
        for i in range(n)
    ]
    data = {
        "name": "random",
        "period": {"start_year": 2026, "end_year": 2026 + draw(st.integers(4, 16))},
        "release": {"sha_cancelled_frac": 0.4, "ts_reduced_frac": 0.3},
        "productivity": {
            "nts": 500_000,
            "ts": 150_000,
            "manual": 20_000,
            "mechanical": 80_000,
            "mdd": 40_000,
        },
        "teams": {k: draw(st.sampled_from([0, 1, 2, 6])) for k in ("nts", "ts", "manual")},
        "costs": {
            "usd_per_team_year": {"nts": 80_000, "ts": 120_000, "manual": 90_000},
            "fixed_programme_usd_per_year": draw(st.sampled_from([0, 100_000])),
            "risk_education_usd_per_year": draw(st.sampled_from([0, 30_000])),
            "residual_capacity_usd_per_year": draw(st.sampled_from([0, 50_000])),
            "residual_years": draw(st.integers(0, 4)),
            "residual_m2_per_year": draw(st.sampled_from([0, 20_000, 300_000])),
        },
        "funding": {"national_usd_per_year": draw(st.sampled_from([300_000, 1_000_000, 1e8]))},
        "discoveries": {
            "sha_area_m2_per_year": {draw(kinds): draw(st.sampled_from([10_000, 200_000]))},
            "decay_frac_per_year": draw(st.sampled_from([0.0, 0.3])),
            "last_year": 2026 + draw(st.integers(0, 12)),
        },
    }
    if draw(st.booleans()):
        data["access"] = {"inaccessible_from_year": 2026 + draw(st.integers(0, 8))}
    return rows, data


@settings(
    max_examples=8,  # each example writes and reads a workbook: a few are enough here
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=cases())
def test_own_pack_of_random_scenarios_has_no_consistency_error(tmp_path_factory, case):
    rows, data = case
    country = tiny_country(rows)
    scenario = scenario_from_dict(data, baseline_year=2025)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=LandreleaseWarning)  # residual overrun
        result = project(country, scenario)
    folder = tmp_path_factory.mktemp("pack")
    path = write_request(build_request_pack(country, result, created=CREATED), folder / "r.xlsx")
    assert consistency_errors(path, folder / "review.json") == []


def test_three_times_the_teams_on_aurelia(tmp_path):
    """Aurelia's plan with three times the teams (and the money for them): its pack passes
    the review's consistency checks and its work plan releases no area after the stated
    completion year."""
    country = load_country(SAMPLES / "aurelia")
    base = load_scenario("baseline", country.scenarios_dir, baseline_year=2025)
    teams = {k: v.scaled(3.0) for k, v in base.teams.items()}
    rich = dataclasses.replace(
        base,
        teams=teams,
        funding=dataclasses.replace(base.funding, national_usd=YearValues.constant(1e9)),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LandreleaseWarning)
        result = project(country, rich)
    stated = result.summary["article5_completion_year"]
    assert stated is not None
    # the teams finish the known AP-mined area years before the last discoveries; the
    # residual capacity (1 km² a year) takes the small ones, the teams the large ones
    assert stated < base.end_year
    pack = build_request_pack(country, result, created=CREATED)
    wp = pack["work_plan"]
    assert int(wp["year"].max()) == stated
    later = wp[(wp["year"] > stated) & (wp["released_area_m2"] > 0)]
    assert later.empty
    header = dict(zip(pack["header"]["item"], pack["header"]["value"], strict=True))
    assert int(header["projected_completion_year"]) == stated
    path = write_request(pack, tmp_path / "r.xlsx")
    assert consistency_errors(path, tmp_path / "review.json") == []
    assert all("residual capacity" in str(w.message) for w in caught)
