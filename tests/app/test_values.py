"""Value tests: what the app shows is exactly what the library computes for the same inputs."""

from __future__ import annotations

import copy
import io

import pytest
from apptest_support import SAMPLES, button, metric, open_page

import landrelease as lr
from landrelease.engine import project
from landrelease.engine.funding import (
    capacity_binds,
    earliest_completion_year,
    required_funding,
    with_international_funding,
)
from landrelease.io import read_request
from landrelease.review import review_pack
from landrelease.scenario import load_scenario, scenario_from_dict

AURELIA = SAMPLES / "aurelia"


@pytest.fixture(scope="module")
def aurelia() -> lr.Country:
    return lr.load_country(AURELIA)


def _scenario(country: lr.Country, name: str):
    return load_scenario(name, country.scenarios_dir, baseline_year=country.info.baseline_year)


def _completion(country, scenario) -> str:
    year = project(country, scenario).article5_completion_year
    return str(year)


@pytest.mark.parametrize("percent", [-30, -10, 25])
def test_donor_percentage_moves_completion_as_the_engine_says(app, aurelia, percent):
    at = open_page(app(), "donor")
    base = _scenario(aurelia, "baseline")
    assert metric(at, "Article 5 completion with this funding") == _completion(aurelia, base)
    at.number_input(key="donor_percent").set_value(float(percent)).run()
    assert not at.exception
    changed = with_international_funding(
        base, "scale", base.funding.international_scale * (1 + percent / 100)
    )
    expected = _completion(aurelia, changed)
    assert metric(at, "Article 5 completion with this funding") == expected
    if percent == -30:  # the cut moves completion: the metric really follows the funding
        assert expected != _completion(aurelia, base)


def test_donor_amount_adds_to_every_year(app, aurelia):
    at = open_page(app(), "donor")
    at.number_input(key="donor_amount").set_value(-40_000_000.0).run()
    base = _scenario(aurelia, "baseline")
    raw = copy.deepcopy(base.raw)
    raw.pop("base", None)
    secured = raw["funding"]["international_secured_usd_per_year"]
    first = secured[min(secured)]
    raw["funding"]["international_secured_usd_per_year"] = {
        **{k: v - 40_000_000 for k, v in secured.items()},
        "default": first - 40_000_000,
    }
    changed = scenario_from_dict(raw, baseline_year=aurelia.info.baseline_year)
    assert metric(at, "Article 5 completion with this funding") == _completion(aurelia, changed)
    assert _completion(aurelia, changed) != _completion(aurelia, base)


def test_required_funding_is_the_library_answer(app, aurelia):
    at = app()
    at.sidebar.selectbox[0].set_value("funding_cut").run()
    open_page(at, "donor")
    at.number_input(key="donor_by").set_value(2040)
    button(at, "Compute").click().run()
    assert not at.exception
    need = required_funding(aurelia, _scenario(aurelia, "funding_cut"), 2040)
    assert need.reachable
    shown = [s.value for s in at.success]
    assert shown
    assert f"US${need.amount_usd_per_year:,.0f}" in shown[0]


def test_donor_default_finish_by_year_is_reachable(app, aurelia):
    at = open_page(app(), "donor")
    base = _scenario(aurelia, "baseline")
    earliest = earliest_completion_year(aurelia, base)
    deadline_year = aurelia.info.article5_deadline_date.year - 1  # deadline 1 March 2028
    assert project(aurelia, base).article5_completion_year > deadline_year
    expected = max(deadline_year, earliest)
    assert at.number_input(key="donor_by").value == expected
    button(at, "Compute").click().run()
    assert not at.exception
    assert not at.warning, [w.value for w in at.warning]
    assert required_funding(aurelia, base, expected).reachable
    assert at.success
    assert f"Completes by {expected}" in at.success[0].value


def test_donor_view_says_capacity_binds_when_money_is_not_the_limit(app, aurelia):
    at = open_page(app(), "donor")
    at.number_input(key="donor_percent").set_value(50.0).run()
    base = _scenario(aurelia, "baseline")
    more = with_international_funding(base, "scale", base.funding.international_scale * 1.5)
    assert capacity_binds(project(aurelia, more))  # the library's reason
    before = project(aurelia, base).article5_completion_year
    after = project(aurelia, more).article5_completion_year
    assert after is not None
    assert before is None or after <= before
    change = next(m for m in at.metric if m.label.startswith("Change from the unchanged"))
    moved = "none" if after == before else f"{after - before:+d} year"  # at most a year here
    assert change.value in (moved, moved + "s")
    assert change.delta == "capacity binds (teams), not money"
    at.number_input(key="donor_by").set_value(earliest_completion_year(aurelia, base) - 1)
    button(at, "Compute").click().run()
    assert any(
        "is not reachable: capacity binds (teams), not money" in w.value for w in at.warning
    ), [w.value for w in at.warning]


def test_switching_scenario_in_the_sidebar_reprojects(app, aurelia):
    at = app()
    at.sidebar.selectbox[0].set_value("surge").run()
    open_page(at, "projection")
    assert metric(at, "Article 5 completion") == _completion(aurelia, _scenario(aurelia, "surge"))
    assert metric(at, "Article 5 completion") != _completion(
        aurelia, _scenario(aurelia, "baseline")
    )
    assert any("surge" in c.value for c in at.caption)


def test_editing_a_number_reprojects_with_the_edited_scenario(app, aurelia):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.number_input(key=f"sc{version}_scale").set_value(0.5).run()
    assert not at.exception
    raw = copy.deepcopy(_scenario(aurelia, "baseline").raw)
    raw.pop("base", None)
    raw["funding"]["international_scale"] = 0.5
    edited = scenario_from_dict(raw, baseline_year=aurelia.info.baseline_year)
    assert metric(at, "Article 5 completion") == _completion(aurelia, edited)
    assert any("edited" in c.value for c in at.sidebar.caption)
    open_page(at, "projection")  # the edit holds on another page
    assert metric(at, "Article 5 completion") == _completion(aurelia, edited)
    assert any(edited.hash in c.value for c in at.caption)


def test_editing_a_yearly_table_reprojects(app, aurelia):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.session_state[f"sc{version}_teams"] = {
        "edited_rows": {1: {"manual": 150}, 2: {"manual": 150}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    raw = copy.deepcopy(_scenario(aurelia, "baseline").raw)
    raw.pop("base", None)
    raw["teams"]["manual"] = {"2026": 260, "2027": 150, "2029": 300}
    edited = scenario_from_dict(raw, baseline_year=aurelia.info.baseline_year)
    assert metric(at, "Article 5 completion") == _completion(aurelia, edited)
    assert at.session_state["scenario_raw"]["teams"]["manual"] == raw["teams"]["manual"]


def test_an_edited_scenario_is_exported_under_its_edited_name_and_hash(app, aurelia):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.number_input(key=f"sc{version}_scale").set_value(0.5).run()
    raw = copy.deepcopy(_scenario(aurelia, "baseline").raw)
    raw.pop("base", None)
    raw["funding"]["international_scale"] = 0.5
    edited = scenario_from_dict(raw, baseline_year=aurelia.info.baseline_year)
    open_page(at, "request_pack")
    files = [c.value for c in at.caption if "files named" in c.value]
    assert files, [c.value for c in at.caption]
    assert f"Aurelia_baseline-edited_{edited.hash[:8]}_request.*" in files[0]
    header = at.dataframe[0].value  # the pack's header table, as the files carry it
    items = dict(zip(header["Item"], header["Value"], strict=True))
    assert items["scenario"] == "baseline (edited)"
    assert items["scenario_hash"] == edited.hash
    with_metadata = at.dataframe[1].value
    metadata = dict(zip(with_metadata["Property"], with_metadata["Value"], strict=True))
    assert metadata["scenario"] == "baseline (edited)"
    assert metadata["scenario_hash"] == edited.hash


def test_an_unedited_scenario_keeps_its_saved_name(app, aurelia):
    at = open_page(app(), "request_pack")
    base = _scenario(aurelia, "baseline")
    files = [c.value for c in at.caption if "files named" in c.value]
    assert f"Aurelia_baseline_{base.hash[:8]}_request.*" in files[0]


def test_edits_survive_a_visit_to_another_page(app):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.number_input(key=f"sc{version}_scale").set_value(0.5).run()
    open_page(at, "projection")
    open_page(at, "scenario")
    version = at.session_state["scenario_version"]
    assert at.number_input(key=f"sc{version}_scale").value == 0.5
    assert at.session_state["scenario_raw"]["funding"]["international_scale"] == 0.5
    at.number_input(key=f"sc{version}_scale").set_value(0.6).run()  # and edit on
    assert at.session_state["scenario_raw"]["funding"]["international_scale"] == 0.6


def test_a_longer_period_gives_the_yearly_tables_more_rows(app):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.number_input(key=f"sc{version}_end").set_value(2055).run()
    assert not at.exception
    assert at.session_state["scenario_version"] == version + 1  # the editor restarted
    assert at.session_state["scenario_raw"]["period"]["end_year"] == 2055
    teams = at.data_editor(key=f"sc{version + 1}_teams").value
    assert list(teams.index) == list(range(2026, 2056))


def test_release_shares_given_by_hand_reproject(app, aurelia):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.checkbox(key=f"sc{version}_cal_fr").uncheck()
    at.session_state[f"sc{version}_shares"] = {
        "edited_rows": {i: {"ts_reduced_frac": 0.5} for i in range(6)}
        | {1: {"ts_reduced_frac": 0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    shares = at.session_state["scenario_raw"]["release"]["ts_reduced_frac"]
    assert shares == {
        "ap_mine": 0.5,
        "ap_improvised": 0,
        "av_mine": 0.5,
        "cluster_munition": 0.5,
        "erw": 0.5,
        "mixed": 0.5,
    }
    raw = copy.deepcopy(_scenario(aurelia, "baseline").raw)
    raw.pop("base", None)
    raw["release"]["ts_reduced_frac"] = shares
    edited = scenario_from_dict(raw, baseline_year=aurelia.info.baseline_year)
    assert metric(at, "Article 5 completion") == _completion(aurelia, edited)


def test_an_untouched_editor_leaves_the_scenario_as_saved(app):
    at = open_page(app(), "scenario")
    assert not any("edited" in c.value for c in at.sidebar.caption)
    assert at.session_state["scenario_raw"] == at.session_state["scenario_saved_raw"]


def test_a_bad_value_is_a_message_naming_the_key(app):
    at = open_page(app(), "scenario")
    version = at.session_state["scenario_version"]
    at.session_state[f"sc{version}_kinds"] = {
        "edited_rows": {0: {"calibrated": False, "m2_per_team_year": 0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert any("productivity.manual" in e.value for e in at.error)


def test_uploading_a_scenario_file_opens_it(app, aurelia):
    at = open_page(app(), "scenario")
    text = (AURELIA / "scenarios" / "surge.toml").read_bytes()  # has base = "baseline"
    at.file_uploader(key="scenario_upload").set_value(("my_surge.toml", text, "application/toml"))
    at.run()
    assert not at.exception
    assert at.session_state["scenario_raw"]["name"] == "surge"
    assert "base" not in at.session_state["scenario_raw"]
    assert metric(at, "Article 5 completion") == _completion(aurelia, _scenario(aurelia, "surge"))


def test_a_broken_scenario_file_is_a_message(app):
    at = open_page(app(), "scenario")
    at.file_uploader(key="scenario_upload").set_value(("bad.toml", b"name = [", "application/toml"))
    at.run()
    assert not at.exception
    assert any("not valid TOML" in e.value for e in at.error)


NEGATIVE = (
    b"hazard_id,region,status,contamination_type,area_m2\n"
    b"H-1,North,sha,ap_mine,1000\n"
    b"H-2,North,cha,ap_mine,-50\n"
)


def _upload_country(at, hazards, releases=None, scenarios=(), mapping=None, tables=None, **text):
    at.radio(key="country_source").set_value("My own files").run()
    for key, value in text.items():
        at.text_input(key=f"upload_{key}").set_value(value)
    if mapping is not None:
        at.selectbox(key="upload_hazards_mapping").set_value(mapping)
    for key, rows in (tables or {}).items():  # typed into the blank rows
        at.session_state[f"upload_{key}"] = {
            "edited_rows": dict(enumerate(rows)),
            "added_rows": [],
            "deleted_rows": [],
        }
    if hazards is not None:
        at.file_uploader(key="upload_hazards").set_value(hazards)
    if releases is not None:
        at.file_uploader(key="upload_releases").set_value(releases)
    if scenarios:
        at.file_uploader(key="upload_scenarios").set_value(list(scenarios))
    button(at, "Check and open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_negative_area_is_shown_with_its_row_and_column(app):
    at = _upload_country(app(), ("hazards.csv", NEGATIVE, "text/csv"))
    table = at.table[0].value.reset_index()
    row = table[table["column"] == "area_m2"].iloc[0]
    assert (row["file"], row["row"], row["value"]) == ("hazards.csv", "3", "-50")
    assert "must be positive" in row["problem"]
    assert at.error
    assert at.sidebar.markdown[0].value.startswith("**Aurelia**")  # still open


def _shows_the_failure_not_the_previous_success(at) -> None:
    assert at.error
    assert not at.success, [s.value for s in at.success]  # no green "No problems found"
    assert not any(h.value.startswith("Open now") for h in at.subheader)
    assert any("Aurelia is still open" in i.value for i in at.info), [i.value for i in at.info]


def test_a_failed_upload_shows_the_failure_not_the_previous_success(app):
    at = app()
    assert at.success  # aurelia opened without problems
    at = _upload_country(at, ("hazards.csv", NEGATIVE, "text/csv"))
    _shows_the_failure_not_the_previous_success(at)
    button(at, "Show Aurelia").click().run()  # dismissed: the open country again
    assert any(h.value.startswith("Open now: Aurelia") for h in at.subheader)
    assert at.success


def test_a_file_over_the_limit_is_named_with_the_limit(app, monkeypatch):
    from lrapp import uploads

    monkeypatch.setattr(uploads, "MAX_UPLOAD_MB", 1)  # the real limit: 50 MB (see e2e)
    big = b"hazard_id,region,status,contamination_type,area_m2\n".ljust(2_000_000, b"x")
    at = _upload_country(app(), ("my big hazards.csv", big, "text/csv"))
    messages = [e.value for e in at.error]
    assert any("my big hazards.csv is 2.0 MB, over the 1 MB limit" in m for m in messages)
    assert not any("Choose a hazard file first" in m for m in messages)
    _shows_the_failure_not_the_previous_success(at)


def test_submitting_without_a_hazard_file_says_what_was_received(app):
    at = _upload_country(app(), None)
    assert any("No hazard file was received" in e.value for e in at.error)
    _shows_the_failure_not_the_previous_success(at)


def test_problems_name_the_users_file_in_plain_words(app):
    at = _upload_country(app(), ("My Hazards (2024).gpkg", b"junk", "application/geopackage"))
    table = at.table[0].value.reset_index()
    assert list(table["file"]) == ["My Hazards (2024).gpkg"]
    problem = table["problem"].iloc[0]
    assert "not a GIS layer landrelease can read" in problem
    for jargon in ("/tmp", "country-", "not recognized as being", "DRIVER", "My_Hazards"):
        assert jargon not in problem


def _shapefile_without_prj() -> bytes:
    import zipfile

    original = zipfile.ZipFile(SAMPLES / "borealis" / "hazards_imsma.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in original.namelist():
            if not name.lower().endswith(".prj"):
                archive.writestr(name, original.read(name))
    return buffer.getvalue()


def test_a_layer_without_prj_points_to_the_crs_field_and_opens_with_it(app):
    upload = ("export.zip", _shapefile_without_prj(), "application/zip")
    at = _upload_country(app(), upload, mapping="imsma", name="Borealis")
    table = at.table[0].value.reset_index()
    row = table[table["problem"].str.contains("coordinate reference system")].iloc[0]
    assert row["file"] == "export.zip"
    assert "CRS field of the upload form" in row["expected"]
    assert "country.toml" not in row["expected"]
    at = _upload_country(at, upload, mapping="imsma", name="Borealis", crs="EPSG:4326")
    assert not at.error, [e.value for e in at.error]
    borealis = lr.load_country(SAMPLES / "borealis")
    assert metric(at, "Hazardous areas") == f"{len(borealis.hazards):,}"


def test_an_unknown_crs_is_a_message(app):
    upload = ("export.zip", _shapefile_without_prj(), "application/zip")
    at = _upload_country(app(), upload, mapping="imsma", crs="EPSG:nonsense")
    assert any("CRS 'EPSG:nonsense' is not" in e.value for e in at.error)


def test_previous_extensions_and_milestones_from_the_form_reach_the_country(app):
    cascadia = SAMPLES / "cascadia"
    at = _upload_country(
        app(),
        ("hazards.geojson", (cascadia / "hazards.geojson").read_bytes(), "application/json"),
        ("releases.csv", (cascadia / "releases.csv").read_bytes(), "text/csv"),
        name="Cascadia",
        tables={
            "extensions": [{"granted_date": "2017-12-01", "deadline_date": "2022-03-01"}],
            "milestones": [
                {"year": 2023, "area_m2": 1_500_000.0},
                {"year": 2024, "area_m2": 400_000.0, "region": "Dunmore", "method": "cleared"},
            ],
        },
    )
    assert not at.error, [e.value for e in at.error]
    assert any("1 previous extension(s)" in m.value for m in at.markdown)
    folder = at.session_state["country_folder"]
    info = lr.load_country(folder).info
    assert [
        (e.granted_date.isoformat(), e.deadline_date.isoformat()) for e in info.previous_extensions
    ] == [("2017-12-01", "2022-03-01")]
    assert [(m.year, m.area_m2, m.region, m.method) for m in info.milestones] == [
        (2023, 1_500_000.0, None, None),
        (2024, 400_000.0, "Dunmore", "cleared"),
    ]


def test_an_uploaded_country_loads_and_projects_like_the_folder(app):
    cascadia = SAMPLES / "cascadia"
    scenarios = [
        (p.name, p.read_bytes(), "application/toml")
        for p in sorted((cascadia / "scenarios").glob("*.toml"))
    ]
    at = _upload_country(
        app(),
        ("hazards.geojson", (cascadia / "hazards.geojson").read_bytes(), "application/json"),
        ("releases.csv", (cascadia / "releases.csv").read_bytes(), "text/csv"),
        scenarios,
        name="Cascadia",
        code="XCA",
    )
    assert not at.error, [e.value for e in at.error]
    assert at.sidebar.markdown[0].value.startswith("**Cascadia**")
    assert metric(at, "Hazardous areas") == f"{len(lr.load_country(cascadia).hazards):,}"
    open_page(at, "projection")
    folder = lr.load_country(cascadia)
    assert metric(at, "Article 5 completion") == _completion(folder, _scenario(folder, "baseline"))


def test_a_zipped_imsma_shapefile_uploads_with_its_mapping(app):
    borealis = SAMPLES / "borealis"
    at = _upload_country(
        app(),
        ("export.zip", (borealis / "hazards_imsma.zip").read_bytes(), "application/zip"),
        ("releases.csv", (borealis / "releases.csv").read_bytes(), "text/csv"),
        mapping="imsma",
        name="Borealis",
    )
    assert not at.error, [e.value for e in at.error]
    assert metric(at, "Hazardous areas") == f"{len(lr.load_country(borealis).hazards):,}"
    open_page(at, "baseline")
    assert at.get("plotly_chart")  # the map: polygons came through the zip


def test_request_pack_downloads_are_the_cli_writers_output(aurelia, tmp_path):
    from lrapp import packs

    from landrelease.cli.main import main
    from landrelease.engine import CASES
    from landrelease.forecast import forecast
    from landrelease.reports.request import build_request_pack

    scenario = _scenario(aurelia, "baseline")
    result = project(aurelia, scenario)
    # the pack with its forecast (the Request pack page's button), and export with the same
    # draws and seed: the confidence tables agree too
    likely = forecast(aurelia, scenario, draws=50, seed=0, cases=tuple(CASES))
    pack = build_request_pack(aurelia, result, forecast=likely)
    data = packs.request_bytes(pack, result, "xlsx", likely)
    (tmp_path / "app.xlsx").write_bytes(data)
    cli = ["export", str(AURELIA), "--out", str(tmp_path / "cli.xlsx"), "--draws", "50"]
    assert main(cli) == 0
    from_app, from_cli = read_request(tmp_path / "app.xlsx"), read_request(tmp_path / "cli.xlsx")
    assert list(from_app.tables) == list(from_cli.tables)
    for name, table in from_cli.tables.items():
        assert from_app[name].equals(table), name
    import zipfile

    names = zipfile.ZipFile(io.BytesIO(packs.request_bytes(pack, result, "csv"))).namelist()
    assert "request/work_plan.csv" in names
    assert "request/metadata.csv" in names


def test_review_of_an_uploaded_workbook_counts_as_the_library(app, aurelia, tmp_path):
    from lrapp import packs

    from landrelease.reports.request import build_request_pack

    result = project(aurelia, _scenario(aurelia, "surge"))
    data = packs.request_bytes(build_request_pack(aurelia, result), result, "xlsx")
    at = open_page(app(), "review")
    at.radio(key="review_source").set_value("An uploaded request workbook (XLSX)").run()
    at.file_uploader(key="review_upload").set_value(("request.xlsx", data, "application/xlsx"))
    at.run()
    assert not at.exception
    (tmp_path / "r.xlsx").write_bytes(data)
    expected = review_pack(read_request(tmp_path / "r.xlsx"), history=aurelia.releases)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Errors"] == str(expected.counts["error"])
    assert shown["Warnings"] == str(expected.counts["warning"])
    assert shown["Notes"] == str(expected.counts["info"])


def test_a_file_that_is_not_a_request_is_a_message(app):
    at = open_page(app(), "review")
    at.radio(key="review_source").set_value("An uploaded request workbook (XLSX)").run()
    at.file_uploader(key="review_upload").set_value(
        ("x.xlsx", b"not a workbook", "application/xlsx")
    )
    at.run()
    assert not at.exception
    assert at.error
