"""The app's backend (``app/lrapp``): plain functions, tested without Streamlit."""

from __future__ import annotations

import ast
import datetime as dt
import tomllib

import numpy as np
import pandas as pd
import pytest
from apptest_support import APP_DIR, ROOT, SAMPLES
from lrapp import display, loading, packs, scenario_tables, scenarios, tomlw, uploads

import landrelease as lr
from landrelease.engine import project
from landrelease.engine.funding import with_international_funding
from landrelease.io import read_request
from landrelease.reports.request import build_request_pack
from landrelease.scenario import TEAM_KINDS, load_scenario, scenario_from_dict

AURELIA = SAMPLES / "aurelia"


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_backend_never_imports_streamlit():
    modules = sorted((APP_DIR / "lrapp").glob("*.py"))
    assert modules
    for path in modules:
        assert "streamlit" not in _imports(path), path.name


def test_the_library_never_imports_the_app():
    app_modules = {"lrapp", "state", "forecasts", "ui", "scenario_form", "main"}
    for path in (ROOT / "src" / "landrelease").rglob("*.py"):
        assert not (_imports(path) & app_modules), path


def test_only_state_and_forecasts_cache():
    # state.py caches countries, projections and what is built from them; forecasts.py the
    # forecasts (split from state.py, which passed 400 lines with them)
    for path in APP_DIR.rglob("*.py"):
        if path.relative_to(APP_DIR).as_posix() not in ("state.py", "forecasts.py"):
            text = path.read_text(encoding="utf-8")
            assert "cache_data" not in text, path
            assert "cache_resource" not in text, path


def test_toml_writer_round_trips():
    data = {
        "name": 'a "quoted" name\nwith a newline',
        "n": 3,
        "x": 0.25,
        "big": 20_000_000,
        "flag": False,
        "when": dt.date(2025, 12, 31),
        "list": ["North", "South"],
        "teams": {"manual": {"2026": 260, "2027": 300}, "nts": 4, "source": "plan"},
        "empty": {},
        "milestones": [{"year": 2024, "area_m2": 1.5}, {"year": 2025, "area_m2": 2}],
    }
    assert tomllib.loads(tomlw.dumps(data)) == data


def test_toml_writer_escapes_every_control_character():
    """JSON leaves DEL (U+007F) as it is; TOML forbids it in a string."""
    text = "".join(chr(i) for i in range(0x20)) + "\x7f end"
    data = {"description": text, f"key{chr(0x7F)}": 1}
    assert tomllib.loads(tomlw.dumps(data)) == data


def test_toml_writer_refuses_what_toml_cannot_hold():
    with pytest.raises(ValueError, match="finite"):
        tomlw.dumps({"x": float("nan")})
    with pytest.raises(TypeError):
        tomlw.dumps({"x": object()})


@pytest.mark.parametrize("country", ["aurelia", "borealis", "cascadia"])
def test_every_sample_scenario_survives_toml_download_and_upload(country, tmp_path):
    folder = SAMPLES / country / "scenarios"
    by = lr.load_country(SAMPLES / country).info.baseline_year
    for saved in scenarios.saved_scenarios(lr.load_country(SAMPLES / country)).values():
        raw = scenarios.load_raw(saved, by)
        text = scenarios.scenario_toml(raw)
        assert tomllib.loads(text) == raw
        again = scenarios.parse_toml(text, f"{saved.label}.toml", folder, by, tmp_path)
        original = load_scenario(saved.path, folder, baseline_year=by)
        assert scenario_from_dict(again, baseline_year=by).hash == original.hash


@pytest.mark.parametrize("base", ["/etc/passwd.toml", "../other/baseline", "..\\x.toml", "C:x"])
def test_an_uploaded_scenario_may_only_extend_a_scenario_by_name(base, tmp_path):
    text = f"name = 'x'\nbase = {base!r}\n"
    with pytest.raises(lr.LandreleaseError, match="not a path"):
        scenarios.parse_toml(text, "x.toml", AURELIA / "scenarios", 2025, tmp_path)
    settings = uploads.CountrySettings(
        "X", dt.date(2003, 3, 1), dt.date(2028, 3, 1), dt.date(2025, 12, 31)
    )
    with pytest.raises(lr.LandreleaseError, match="not a path"):
        uploads.save_country(
            tmp_path,
            settings,
            uploads.Upload("h.csv", b"x"),
            None,
            [uploads.Upload("x.toml", text.encode())],
        )


def test_yearly_table_unchanged_gives_the_original_values():
    teams = {"manual": {"2026": 260, "2027": 300}, "nts": 6, "mdd": {"default": 5, "2030": 9}}
    years = list(range(2026, 2036))
    table = scenario_tables.yearly_table(teams, TEAM_KINDS, years)
    assert table.loc[2026, "manual"] == 260
    assert table.loc[2029, "mdd"] == 5
    assert table.loc[2031, "mdd"] == 9
    back = scenario_tables.yearly_from_table(table, teams, TEAM_KINDS)
    for kind in ("manual", "nts", "mdd"):
        assert back[kind] is teams[kind]
    assert back["ts"] == 0


def test_yearly_table_edits_give_the_shortest_equal_value():
    years = list(range(2026, 2031))
    table = scenario_tables.yearly_table({"nts": 4}, ["nts"], years)
    table.loc[2028:, "nts"] = 7.0
    value = scenario_tables.yearly_from_table(table, {"nts": 4}, ["nts"])["nts"]
    assert value == {"2026": 4, "2028": 7}
    assert np.array_equal(scenario_tables.yearly_values(value, years), [4, 4, 7, 7, 7])
    table.loc[2030, "nts"] = 4.0  # one year changed: every year stays as shown
    value = scenario_tables.yearly_from_table(table, {"nts": 4}, ["nts"])["nts"]
    assert np.array_equal(scenario_tables.yearly_values(value, years), [4, 4, 7, 7, 4])
    table.loc[:, "nts"] = 5.5
    assert scenario_tables.yearly_from_table(table, {"nts": 4}, ["nts"])["nts"] == 5.5


def test_by_type_values_fill_what_is_not_given():
    values = scenario_tables.by_type_values({"mixed": 0.8, "av_mine": 1.1}, 1.0)
    assert values["mixed"] == 0.8
    assert values["ap_mine"] == 1.0
    column = pd.Series(values)
    assert scenario_tables.by_type_from_table(column, {"mixed": 0.8, "av_mine": 1.1}, 1.0) == {
        "mixed": 0.8,
        "av_mine": 1.1,
    }
    column["erw"] = 0.5
    assert scenario_tables.by_type_from_table(column, {"mixed": 0.8}, 1.0) == {
        "av_mine": 1.1,
        "erw": 0.5,
        "mixed": 0.8,
    }
    assert scenario_tables.by_type_from_table(pd.Series(dict.fromkeys(values, 0.3)), None, 0) == 0.3


def test_kinds_table_round_trip():
    prod = {"nts": "calibrated", "manual": 35000}
    costs = {"usd_per_team_year": {"manual": 200000}}
    table = scenario_tables.kinds_table(prod, costs, {"nts": 1e7})
    assert table.loc["nts", "m2_per_team_year"] == 1e7  # shown for reference
    assert bool(table.loc["nts", "calibrated"])
    new_prod, unit = scenario_tables.kinds_to_raw(table, prod, costs)
    assert new_prod["nts"] == "calibrated"
    assert new_prod["manual"] == 35000
    assert unit["manual"] == 200000
    table.loc["nts", "calibrated"] = False
    new_prod, _ = scenario_tables.kinds_to_raw(table, prod, costs)
    assert new_prod["nts"] == 10_000_000


def test_with_international_change_matches_the_library():
    country = lr.load_country(AURELIA)
    by = country.info.baseline_year
    funding_cut = load_scenario("funding_cut", country.scenarios_dir, baseline_year=by)
    changed = scenarios.with_international_change(funding_cut, by, percent=-20)
    expected = with_international_funding(funding_cut, "scale", 0.7 * 0.8)
    assert changed.hash == expected.hash
    added = scenarios.with_international_change(funding_cut, by, amount_usd=7_000_000)
    years = added.years
    before = funding_cut.funding.international_secured_usd.over(years) * 0.7
    after = added.funding.international_secured_usd.over(years) * 0.7
    assert np.allclose(after - before, 7_000_000)
    with pytest.raises(lr.LandreleaseError, match="must be at least 0"):
        scenarios.with_international_change(funding_cut, by, amount_usd=-1e12)


def test_safe_file_names():
    assert uploads.safe_file_name("../../etc/my hazards (v2).CSV", [".csv"]) == "my_hazards_v2.csv"
    assert uploads.safe_file_name("C:\\data\\h.gpkg", [".gpkg"]) == "h.gpkg"
    with pytest.raises(uploads.UploadError, match="not accepted"):
        uploads.safe_file_name("run_me.py", [".csv"])
    with pytest.raises(uploads.UploadError, match="not accepted"):
        uploads.safe_file_name("data.pkl", uploads.HAZARD_SUFFIXES)


def test_uploads_larger_than_the_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UPLOAD_MB", 0)
    settings = uploads.CountrySettings(
        "X", dt.date(2003, 3, 1), dt.date(2028, 3, 1), dt.date(2025, 12, 31)
    )
    with pytest.raises(
        uploads.UploadError, match=r"h.csv is 0.0 MB, over the 0 MB limit of an upload"
    ):
        uploads.save_country(tmp_path, settings, uploads.Upload("h.csv", b"x"))
    assert not list(tmp_path.iterdir())  # refused before anything was written


def test_previous_extensions_and_milestones_from_the_form_tables():
    rows = [
        {"granted_date": pd.Timestamp("2022-11-25"), "deadline_date": dt.date(2027, 3, 1)},
        {"granted_date": pd.NaT, "deadline_date": None},  # a blank row
        {"granted_date": "2017-12-01", "deadline_date": "2022-03-01"},
    ]
    assert uploads.extensions_from_rows(rows) == (
        (dt.date(2017, 12, 1), dt.date(2022, 3, 1)),
        (dt.date(2022, 11, 25), dt.date(2027, 3, 1)),
    )
    with pytest.raises(uploads.UploadError, match="previous extension 1: give both"):
        uploads.extensions_from_rows([{"granted_date": "2017-12-01", "deadline_date": None}])
    with pytest.raises(uploads.UploadError, match="not after the date granted"):
        uploads.extensions_from_rows(
            [{"granted_date": "2017-12-01", "deadline_date": "2017-01-01"}]
        )
    milestones = uploads.milestones_from_rows(
        [
            {"year": 2026, "area_m2": 1e6, "region": None, "method": None},
            {"year": pd.NA, "area_m2": float("nan"), "region": pd.NA, "method": pd.NA},
            {"year": 2027, "area_m2": 5e5, "region": " North ", "method": "cleared"},
        ]
    )
    assert milestones == (
        {"year": 2026, "area_m2": 1e6},
        {"year": 2027, "area_m2": 5e5, "region": "North", "method": "cleared"},
    )
    with pytest.raises(uploads.UploadError, match="milestone 1: give its year and its area"):
        uploads.milestones_from_rows([{"year": 2026, "region": "North"}])
    with pytest.raises(uploads.UploadError, match="method 'demined' is not one of"):
        uploads.milestones_from_rows([{"year": 2026, "area_m2": 1.0, "method": "demined"}])
    with pytest.raises(uploads.UploadError, match="at least 0"):
        uploads.milestones_from_rows([{"year": 2026, "area_m2": -1.0}])


def test_extensions_milestones_and_crs_reach_country_toml(tmp_path):
    settings = uploads.CountrySettings(
        "X",
        dt.date(2003, 3, 1),
        dt.date(2028, 3, 1),
        dt.date(2025, 12, 31),
        crs=" EPSG:4326 ",
        previous_extensions=((dt.date(2012, 12, 6), dt.date(2018, 3, 1)),),
        milestones=({"year": 2024, "area_m2": 2e6, "method": "cleared"},),
    )
    text = uploads.country_toml(settings, "h.csv", None)
    data = tomllib.loads(text)
    assert data["previous_extensions"] == [
        {"granted_date": dt.date(2012, 12, 6), "deadline_date": dt.date(2018, 3, 1)}
    ]
    assert data["milestones"] == [{"year": 2024, "area_m2": 2e6, "method": "cleared"}]
    assert uploads.check_crs(" EPSG:32633 ") == "EPSG:32633"
    assert uploads.check_crs("  ") is None
    with pytest.raises(uploads.UploadError, match="EPSG:4326"):
        uploads.check_crs("metres please")


def test_messages_name_the_users_files_without_server_paths(tmp_path):
    settings = uploads.CountrySettings(
        "X", dt.date(2003, 3, 1), dt.date(2028, 3, 1), dt.date(2025, 12, 31)
    )
    folder = uploads.save_country(
        tmp_path, settings, uploads.Upload("C:\\gis\\Mine fields.gpkg", b"x")
    )
    assert uploads.user_names(folder) == {"Mine_fields.gpkg": "Mine fields.gpkg"}
    load = loading.load(folder)
    assert [p.file for p in load.problems] == ["Mine fields.gpkg"]
    text = load.problems[0].message
    assert str(tmp_path) not in text
    assert "not recognized" not in text
    gdal = (
        f"Unable to open /vsizip/{folder}/Mine_fields.gpkg/a.shx or /vsizip/{folder}/"
        "Mine_fields.gpkg/a.SHX. Set SHAPE_RESTORE_SHX config option to YES to restore or "
        "create it."
    )
    plain = loading.plain_message(gdal, folder, uploads.user_names(folder))
    assert plain == (
        "the Shapefile's index Mine fields.gpkg/a.shx is missing: zip the .shp with its .shx, "
        ".dbf and .prj"
    )
    assert uploads.user_names(AURELIA) == {}  # not an upload: names as they are


def test_saved_uploads_load_like_the_folder(tmp_path):
    cascadia = SAMPLES / "cascadia"
    settings = uploads.CountrySettings(
        name="Cascadia",
        code="xca",
        entry_into_force_date=dt.date(2001, 5, 1),
        article5_deadline_date=dt.date(2027, 3, 1),
        baseline_date=dt.date(2025, 12, 31),
        regions=("Alder Pass", "Brackwater", "Cinder Ridge", "Dunmore"),
    )
    folder = uploads.save_country(
        tmp_path,
        settings,
        uploads.Upload("hazards.geojson", (cascadia / "hazards.geojson").read_bytes()),
        uploads.Upload("releases.csv", (cascadia / "releases.csv").read_bytes()),
        [uploads.Upload("baseline.toml", (cascadia / "scenarios" / "baseline.toml").read_bytes())],
    )
    load = loading.load(folder)
    assert load.ok, load.problems
    assert load.country.info.code == "XCA"
    assert len(load.country.hazards) == len(lr.load_country(cascadia).hazards)
    assert list(scenarios.saved_scenarios(load.country)) == ["baseline"]


def test_gpkg_and_xlsx_uploads_load(tmp_path):
    settings = uploads.CountrySettings(
        "X", dt.date(2003, 3, 1), dt.date(2028, 3, 1), dt.date(2025, 12, 31)
    )
    gpkg = uploads.save_country(
        tmp_path, settings, uploads.Upload("Hazards.GPKG", (AURELIA / "hazards.gpkg").read_bytes())
    )
    assert loading.load(gpkg).ok
    table = pd.DataFrame(lr.load_country(SAMPLES / "cascadia").hazards.drop(columns="geometry"))
    table.to_excel(tmp_path / "h.xlsx", index=False)
    xlsx = uploads.save_country(
        tmp_path, settings, uploads.Upload("h.xlsx", (tmp_path / "h.xlsx").read_bytes())
    )
    load = loading.load(xlsx)
    assert load.ok, load.problems
    assert len(load.country.hazards) == len(table)


def test_a_bad_country_file_is_a_message_not_an_exception(tmp_path):
    (tmp_path / "country.toml").write_text("[country]\nname = 'X'\n", encoding="utf-8")
    load = loading.load(tmp_path)
    assert not load.ok
    assert "missing" in (load.message or "")


def test_problems_table_names_file_row_and_column(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(b"hazard_id,region,status,contamination_type,area_m2\nH,N,sha,ap_mine,-5\n")
    _, found = lr.inspect_hazards(path)
    table = display.problems_table(found)
    row = table[table["column"] == "area_m2"].iloc[0]
    assert (row["file"], row["row"], row["value"]) == ("h.csv", "2", "-5")
    assert list(table.columns) == list(display.PROBLEM_COLUMNS)


def test_request_bytes_every_format_and_public():
    country = lr.load_country(SAMPLES / "cascadia")
    result = project(country, load_scenario("baseline", country.scenarios_dir, baseline_year=2025))
    pack = build_request_pack(country, result, public=True)
    short = result.scenario.hash[:8]
    assert packs.file_name(pack, "xlsx") == f"Cascadia_baseline_{short}_request_public.xlsx"
    assert packs.file_name(pack, "csv") == f"Cascadia_baseline_{short}_request_public.zip"
    assert packs.request_bytes(pack, result, "docx")[:2] == b"PK"
    assert packs.request_bytes(pack, result, "csv")[:2] == b"PK"
    with pytest.raises(ValueError, match="format"):
        packs.request_bytes(pack, result, "pdf")


@pytest.mark.parametrize(
    ("parts", "stem"),
    [
        (("Aurelia", "baseline (edited)", "7301d578"), "Aurelia_baseline-edited_7301d578"),
        (("../../etc", "a/b\\c", ""), "etc_a-b-c_x"),
        (("Côte d'Ivoire", "x" * 200), "C-te-d-Ivoire_" + "x" * 60),
    ],
)
def test_file_stems_are_safe(parts, stem):
    assert packs.safe_stem(*parts) == stem


def test_read_uploaded_request(tmp_path):
    country = lr.load_country(SAMPLES / "cascadia")
    result = project(country, load_scenario("baseline", country.scenarios_dir, baseline_year=2025))
    pack = build_request_pack(country, result)
    data = packs.request_bytes(pack, result, "xlsx")
    read = packs.read_uploaded_request(uploads.Upload("../x.xlsx", data), tmp_path)
    (tmp_path / "direct.xlsx").write_bytes(data)
    assert list(read.tables) == list(read_request(tmp_path / "direct.xlsx").tables)


def test_display_helpers():
    assert display.year_text(None, 2050) == "after 2050"
    assert display.years_moved(2037, 2041, 2050) == "+4 years"
    assert display.years_moved(2037, 2036, 2050) == "-1 year"
    assert display.years_moved(2037, None, 2050) == "now after 2050"
    # completes after the deadline (end of 2027): the deadline's year, if money can reach it
    assert display.target_year(2037, 2027, 2030, 2026, 2050) == 2030
    assert display.target_year(2037, 2027, 2026, 2026, 2050) == 2027
    assert display.target_year(2026, 2027, 2026, 2026, 2050) == 2026  # keeps its own year
    assert display.target_year(None, 2027, None, 2026, 2050) == 2050  # nothing reachable
    assert display.deadline_year(dt.date(2028, 3, 1)) == 2027
    assert display.deadline_year(dt.date(2027, 12, 31)) == 2027
    assert display.plain("US$5 *x*") == "US\\$5 \\*x\\*"


def test_readable_tables_have_headings_with_units_and_sensible_rounding():
    table = pd.DataFrame(
        {
            "area_m2": [2_345_678.9],
            "region": ["A"],
            "sha_count": [1200],
            "contamination_type": ["ap_improvised"],
            "cost_usd": [12_500_000.0],
            "year": [2031],
            "sha_cancelled_frac": [0.5],
        }
    )
    shown = display.readable(table, keep=("region",), schema="remaining_challenge")
    assert list(shown.table.columns) == [
        "Region",
        "Remaining area (km²)",
        "SHA areas (number)",
        "Contamination type",
        "Cost deployed (US$ million)",
        "Year",
        "SHA cancelled (0–1)",
    ]
    assert shown.table["Remaining area (km²)"].iloc[0] == pytest.approx(2.3456789)
    assert shown.table["Cost deployed (US$ million)"].iloc[0] == pytest.approx(12.5)
    assert shown.table["Contamination type"].iloc[0] == "Improvised AP mines"
    assert shown.formats == {
        "Remaining area (km²)": "%,.2f",  # 0.01 km² = 1 ha, with thousands separators
        "SHA areas (number)": "%,.0f",
        "Cost deployed (US$ million)": "%,.2f",
        "Year": "%d",  # 2031, never 2,031
        "SHA cancelled (0–1)": "%.2f",
    }
    other = display.readable(pd.DataFrame({"reported_area_m2": [1.0]}), schema="hazards")
    assert other.formats == {"Area as reported (km²)": "%,.2f"}


def test_hazard_map_without_internet():
    country = lr.load_country(SAMPLES / "cascadia")
    from lrapp import maps

    fig = maps.hazard_map(country.hazards, "contamination_type")
    assert fig is not None
    layout = fig.to_plotly_json()["layout"]
    assert "mapbox" not in layout
    assert "map" not in layout
    assert "geo" not in layout
    markers = [t for t in fig.data if t.mode == "markers"]
    assert sum(len(t.x) for t in markers) == len(country.hazards)
    assert maps.hazard_map(pd.DataFrame(country.hazards.drop(columns="geometry")), "status") is None


def test_map_legend_names_and_colours_come_from_labels_and_palette():
    from lrapp import maps

    from landrelease.reports import palette
    from landrelease.reports.labels import STATUS_LABELS, TYPE_LABELS

    hazards = lr.load_country(AURELIA).hazards
    for colour_by, colours, names in (
        ("status", palette.STATUS_COLOURS, STATUS_LABELS),
        ("contamination_type", palette.TYPE_COLOURS, TYPE_LABELS),
    ):
        fig = maps.hazard_map(hazards, colour_by)
        markers = {t.name: t.marker.color for t in fig.data if t.mode == "markers"}
        present = set(hazards[colour_by].astype(str))
        assert markers == {names[v]: colours[v] for v in present}


def _square(x: float, y: float, size: float = 0.01):
    import shapely

    return shapely.box(x, y, x + size, y + size)


def test_region_outlines_hold_every_area_of_their_region():
    import shapely
    from lrapp import maps

    hazards = pd.DataFrame(
        {
            "hazard_id": ["a", "b", "c", "d"],
            "region": ["North", "North", "North", "South"],
            "geometry": [_square(0, 0), _square(1, 0), _square(0, 1), _square(5, 5)],
        }
    )
    outlines = maps.region_outlines(hazards)
    assert list(outlines) == ["North", "South"]
    north = outlines["North"]
    for geom in hazards["geometry"][:3]:
        assert north.covers(geom)
    assert not north.intersects(hazards["geometry"][3])
    # the hull of three squares in an L: the triangle of their far corners, not a box
    assert north.area == pytest.approx(1.01 * 1.01 - 1 * 1 / 2, rel=1e-9)
    assert outlines["South"].equals(hazards["geometry"][3])
    no_geometry = hazards.assign(geometry=None)
    assert maps.region_outlines(no_geometry) == {}
    one_missing = hazards.assign(geometry=[*hazards["geometry"][:3], None])
    assert list(maps.region_outlines(one_missing)) == ["North"]
    assert isinstance(north, shapely.Polygon)


def test_the_map_draws_each_regions_outline_and_name():
    from lrapp import maps

    country = lr.load_country(SAMPLES / "cascadia")
    fig = maps.hazard_map(country.hazards, "status")
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(lines) == 1
    assert sorted(a.text for a in fig.layout.annotations) == sorted(country.regions)
    rings = sum(1 for v in lines[0].x if v is None)
    assert rings == len(country.regions)


def _projection(name: str = "aurelia", scenario: str = "baseline"):
    country = lr.load_country(SAMPLES / name)
    by = country.info.baseline_year
    return country, project(
        country, load_scenario(scenario, country.scenarios_dir, baseline_year=by)
    )


def test_burndown_reaches_zero_at_the_completion_year_the_page_states():
    from lrapp import figures

    country, result = _projection("cascadia")
    challenge = lr.remaining_challenge(country.hazards).iloc[-1]
    fig = figures.burndown(
        result,
        country.info.baseline_date,
        float(challenge["sha_area_m2"]),
        float(challenge["cha_area_m2"]),
        country.info.article5_deadline_date,
    )
    x = np.asarray(fig.data[0].x, dtype=float)
    total = sum(np.asarray(t.y, dtype=float) for t in fig.data)
    first_zero = x[np.flatnonzero(total <= 0)[0]]
    assert result.completion_year is not None
    assert first_zero == result.completion_year  # the year the page states
    assert x[0] == 2025.0  # the baseline, 31 December 2025, at the end of 2025
    assert total[0] * 1e6 == pytest.approx(float(challenge["area_m2"]))
    deadline_x = fig.layout.shapes[0].x0
    assert 2026 < deadline_x < 2027  # 1 March 2027: just after the end of 2026
    compared = figures.compare_burndown(
        [result], country.info.baseline_date, float(challenge["area_m2"]), dt.date(2027, 3, 1)
    )
    y = np.asarray(compared.data[0].y, dtype=float)
    assert np.asarray(compared.data[0].x, dtype=float)[np.flatnonzero(y <= 0)[0]] == first_zero


def test_app_figures_use_the_palette():
    from lrapp import figures

    from landrelease.domain.enums import ReleaseMethod
    from landrelease.reports import palette
    from landrelease.reports.labels import METHOD_LABELS

    country, result = _projection()
    burndown = figures.burndown(result, country.info.baseline_date, 1.0, 1.0, dt.date(2030, 1, 1))
    assert [t.line.color for t in burndown.data] == [
        palette.STATUS_COLOURS["cha"],
        palette.STATUS_COLOURS["sha"],
    ]
    release = figures.release_by_method(result.annual, "x")
    shown = {m: c for m, c in palette.METHOD_COLOURS.items() if ReleaseMethod(m).is_imas}
    # unsplit methods are drawn only where the history has them (not in this projection)
    assert {t.name: t.marker.color for t in release.data} == {
        METHOD_LABELS[m]: c for m, c in shown.items()
    }
    money = figures.cost_and_funding(result.annual)
    assert [t.marker.color for t in money.data[:2]] == [palette.COVERED, palette.FUNDING_GAP]
