"""A synthetic export with the column names and values of a real IMSMA hazard-polygon export
(issue 9, item 11) reads with the imsma mapping plus a user's default contamination type,
validates and projects; the assumed contamination type and the history taken from closed
hazards are said."""

from __future__ import annotations

import datetime as dt
import warnings

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from landrelease.cli.main import main
from landrelease.engine import project
from landrelease.errors import LandreleaseWarning
from landrelease.io.country import load_country
from landrelease.scenario import ScenarioError, scenario_from_dict

LAEA = "+proj=laea +lat_0=34 +lon_0=66 +datum=WGS84 +units=m +no_defs"
FLAGS = ["Waters", "Roads", "Housing", "Infrastruc", "Agricultur", "Grazing", "Historical",
         "Mines"]  # fmt: skip

# OBJECTID, Province, Hazard_Cla, Hazard_Typ, Status_1, Status_Cha, Status_C_1, side (m),
# blockage flags set
ROWS = [
    (1, "Kandor", "CHA", "MineField", "Active", "2012-04-02", 2012, 100, {"Roads"}),
    (2, "Kandor", "SHA", "Suspected Minefield", "Open", "2015-09-17", 2015, 200, set()),
    (3, "Velm", "CHA", "Converted From SHA", "Worked On", "2024-06-30", 2024, 150,
     {"Agricultur", "Grazing"}),
    (4, "Velm", "CHA", "MineField", "Active", "2010-01-05", 2010, 120, {"Waters"}),
    (5, "Velm", "SHA", "Suspected Minefield", "Active", "2018-11-11", 2018, 80, {"Housing"}),
    (6, "Kandor", "CHA", "MineField", "Expired", "2019-05-01", 2019, 100, set()),
    (7, "Velm", "SHA", "Suspected Minefield", "Expired", "2021-03-10", 2021, 300, set()),
    (8, "Velm", "CHA", "Converted From SHA", "Expired", "2023-11-30", 2023, 50, {"Mines"}),
    (9, "Kandor", "CHA", "MineField", "Expired", "2024-02-02", None, 70, set()),
]  # fmt: skip
OPEN, CLOSED = ROWS[:5], ROWS[5:]
# the closed hazards' areas (m²), squares of the side given; the years they closed (the last
# has no Status_C_1: its year comes from Status_Cha)
CLOSED_AREAS = [100 * 100, 300 * 300, 50 * 50, 70 * 70]
CLOSED_YEARS = [2019, 2021, 2023, 2024]

SCENARIO = {
    "name": "stated",
    "description": "Every number given: the history has no methods to calibrate from.",
    "period": {"start_year": 2026, "end_year": 2035},
    "release": {"sha_cancelled_frac": 0.5, "ts_reduced_frac": 0.5},
    "productivity": {"nts": 100_000, "ts": 20_000, "manual": 10_000, "mechanical": 50_000,
                     "mdd": 30_000, "type_factor": 1.0},
    "teams": {"nts": 1, "ts": 1, "manual": 2, "mechanical": 0, "mdd": 0},
    "costs": {"usd_per_team_year": dict.fromkeys(("nts", "ts", "manual", "mechanical", "mdd"),
                                                 100_000)},
    "funding": {"national_usd_per_year": 1_000_000},
    "priority": {"rule": "field", "field": "priority"},
}  # fmt: skip


def export_frame() -> gpd.GeoDataFrame:
    records = []
    for oid, province, cls, htype, status, changed, year, side, flags in ROWS:
        x = oid * 1_000
        records.append(
            {
                "OBJECTID": oid,
                "Province": province,
                "Hazard_Cla": cls,
                "Hazard_Typ": htype,
                "Status_1": status,
                "Status_Cha": dt.date.fromisoformat(changed),  # a Shapefile stores no time
                "Status_C_1": year,
                **{f: ("Yes" if f in flags else "No") for f in FLAGS},
                "geometry": box(x, 0, x + side, side),
            }
        )
    frame = gpd.GeoDataFrame(records, crs=LAEA).to_crs("EPSG:4326")
    frame["Status_C_1"] = frame["Status_C_1"].astype("Int64")
    return frame


@pytest.fixture
def country_dir(write):
    folder = write.folder / "afg"
    (folder / "scenarios").mkdir(parents=True)
    export = type(write)(folder).write(export_frame(), "zip", "hazard_polygons")
    (folder / "mine.toml").write_text(
        'extends = "imsma"\n[defaults]\ncontamination_type = "ap_mine"\n', encoding="utf-8"
    )
    (folder / "country.toml").write_text(
        "[country]\n"
        'name = "Testistan"\ncode = "XTS"\n'
        'entry_into_force_date = "2003-03-01"\narticle5_deadline_date = "2033-03-01"\n'
        'baseline_date = "2025-12-31"\nregions = ["Kandor", "Velm"]\n\n'
        f'[files]\nhazards = "{export.name}"\nhazards_mapping = "mine.toml"\n',
        encoding="utf-8",
    )
    return folder


def loaded(folder):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LandreleaseWarning)
        country = load_country(folder)
    return country, [str(w.message) for w in caught if w.category is LandreleaseWarning]


def test_real_imsma_export_reads_with_the_imsma_mapping_and_a_stated_default(country_dir):
    country, said = loaded(country_dir)
    hazards = country.hazards
    assert list(hazards["hazard_id"]) == ["1", "2", "3", "4", "5"]  # OBJECTID, closed dropped
    assert list(hazards["status"]) == ["cha", "sha", "cha", "cha", "sha"]
    assert list(hazards["region"]) == [r[1] for r in OPEN]
    # Hazard_Typ is IMSMA's hazard type, kept as such, never read as the contamination
    assert list(hazards["imsma_hazard_type"]) == [r[3] for r in OPEN]
    assert list(hazards["contamination_type"]) == ["ap_mine"] * 5
    assert list(hazards["blocks_roads"]) == [True, False, False, False, False]
    assert list(hazards["blocks_agriculture"]) == [False, False, True, False, False]
    assert list(hazards["blocks_grazing"]) == [False, False, True, False, False]
    assert list(hazards["blocks_water"]) == [False, False, False, True, False]
    assert list(hazards["blocks_housing"]) == [False, False, False, False, True]
    assert not hazards["blocks_mining"].any()
    assert list(hazards["area_m2"]) == pytest.approx([r[7] ** 2 for r in OPEN], rel=1e-3)

    # the three things the reader had to decide are said, naming the file
    assert any(
        m.startswith("hazard_polygons.zip, column Status_1: 4 features dropped by the mine "
                     "mapping's filter on Status_1 ('Expired': 4): closed hazards")
        for m in said
    )  # fmt: skip
    assert any(
        m.startswith("hazard_polygons.zip, column contamination_type: contamination_type "
                     "assumed to be 'ap_mine' on 5 of 5 features: the file has no "
                     "contamination_type column")
        for m in said
    )  # fmt: skip
    (history,) = [m for m in said if "used as the release history" in m]
    assert history.startswith(
        "hazard_polygons.zip: no releases file: the 4 closed hazards dropped from the baseline "
        "are used as the release history (0.11 km² closed 2019-2024). How they were released "
        "is not recorded: they count as cleared (method_recorded = false)"
    )
    assert len(said) == 3  # and nothing else (no 'hazard not in the baseline' per record)


def test_closed_hazards_become_the_release_history(country_dir):
    country, _ = loaded(country_dir)
    history = country.releases
    assert list(history["hazard_id"]) == ["6", "7", "8", "9"]
    assert list(history["year"]) == CLOSED_YEARS
    assert list(history["date"]) == [pd.Timestamp(r[5]) for r in CLOSED]
    assert list(history["region"]) == [r[1] for r in CLOSED]
    assert list(history["area_m2"]) == pytest.approx(CLOSED_AREAS, rel=1e-3)
    assert set(history["method"]) == {"cleared"}
    assert not history["method_recorded"].any()
    assert list(history["contamination_type"]) == ["ap_mine"] * 4
    assert list(history["source_row"]) == [6, 7, 8, 9]  # feature numbers in the export


def test_the_export_validates_and_says_where_the_history_comes_from(country_dir, capsys):
    assert main(["validate", str(country_dir)]) == 0
    out = capsys.readouterr().out
    assert "3 warnings:" in out
    assert "valid (Testistan: 5 hazards" in out
    assert (
        "Release history: 4 closed hazards of hazard_polygons.zip (0.11 km² closed "
        "2019-2024). How they were released is not recorded: they count as cleared" in out
    )
    assert main(["summary", str(country_dir)]) == 0
    captured = capsys.readouterr()
    assert "Release history: 4 closed hazards of hazard_polygons.zip" in captured.out
    assert "warning: hazard_polygons.zip: no releases file" in captured.err


def test_the_export_projects_with_a_scenario(country_dir):
    country, _ = loaded(country_dir)
    result = project(country, scenario_from_dict(SCENARIO, baseline_year=2025))
    remaining = sum(r[7] ** 2 for r in OPEN)
    annual = result.annual
    assert annual["remaining_area_m2"].iloc[-1] == pytest.approx(0.0, abs=1.0)
    released = annual[["cancelled_area_m2", "reduced_area_m2", "cleared_area_m2"]].sum().sum()
    assert released == pytest.approx(remaining, rel=1e-3)
    assert result.summary["completion_year"] is not None


def test_calibrating_from_closed_hazards_alone_is_refused(country_dir):
    """The closed hazards say nothing about how land was released: release shares cannot be
    calibrated from them (as 'cleared' they would claim that nothing is ever cancelled)."""
    country, _ = loaded(country_dir)
    scenario = scenario_from_dict({**SCENARIO, "release": {"sha_cancelled_frac": "calibrated",
                                                           "ts_reduced_frac": "calibrated"}},
                                  baseline_year=2025)  # fmt: skip
    with pytest.raises(ScenarioError, match="no release history that records how land was "
                       r"released \(cancelled, reduced, cleared\)"):  # fmt: skip
        project(country, scenario)


def test_a_releases_file_wins_over_closed_hazards(country_dir, write):
    releases = country_dir / "releases.csv"
    releases.write_text(
        "region,year,method,area_m2,contamination_type\nKandor,2024,cancelled,5000,ap_mine\n",
        encoding="utf-8",
    )
    toml = country_dir / "country.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + 'releases = "releases.csv"\n',
                    encoding="utf-8")  # fmt: skip
    country, said = loaded(country_dir)
    assert list(country.releases["method"]) == ["cancelled"]
    assert bool(country.releases["method_recorded"].iloc[0]) is True
    assert not [m for m in said if "release history" in m]
    assert any("4 features dropped" in m for m in said)  # still counted


def test_closed_hazards_without_a_year_or_after_the_baseline_are_left_out(country_dir, write):
    frame = export_frame()
    frame.loc[frame["OBJECTID"] == 9, "Status_Cha"] = None  # no year at all
    frame.loc[frame["OBJECTID"] == 8, "Status_C_1"] = 2026  # after the baseline
    frame.loc[frame["OBJECTID"] == 8, "Status_Cha"] = dt.date(2026, 1, 5)
    (country_dir / "hazard_polygons.zip").unlink()
    type(write)(country_dir).write(frame, "zip", "hazard_polygons")
    country, said = loaded(country_dir)
    assert list(country.releases["hazard_id"]) == ["6", "7"]
    (history,) = [m for m in said if "used as the release history" in m]
    assert "left out: 1 without a closure year (Status_C_1 or Status_Cha), 1 closed after " \
        "the baseline year 2025" in history  # fmt: skip
