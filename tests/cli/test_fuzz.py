"""No input makes ``landrelease validate`` fail with an internal error (exit 3).

Hypothesis feeds random bytes under every supported file name, random small CSV tables and
random ``country.toml`` documents to the command, in-process; whatever it makes of them, the
answer is a message and exit 0 or 1. Scenario tables get the same treatment: only a
ScenarioError may come out.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landrelease.cli.main import main
from landrelease.scenario import ScenarioError, scenario_from_dict

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

SUFFIXES = (".csv", ".xlsx", ".zip", ".geojson", ".json", ".gpkg", ".shp")
# file beginnings that lead the readers past their first check into the parsers
PREFIXES = (
    b"",
    b"PK\x03\x04",
    bytes.fromhex("D0CF11E0A1B11AE1"),
    b"<html>",
    b'{"type": "FeatureCollection", "features": [',
    b"SQLite format 3\x00",
    b"\xef\xbb\xbfhazard_id,region,status,contamination_type,area_m2\n",
    b"\xff\xfe",
)


def validate(capsys: pytest.CaptureFixture[str], path: Path, *options: str) -> int:
    code = main(["validate", str(path), *options])
    captured = capsys.readouterr()
    assert "internal error" not in captured.err, captured.err
    assert code in (0, 1), (code, captured.err)
    return code


@FUZZ
@given(
    suffix=st.sampled_from(SUFFIXES),
    prefix=st.sampled_from(PREFIXES),
    body=st.binary(max_size=600),
    kind=st.sampled_from(["auto", "hazards", "releases"]),
)
def test_random_bytes_under_any_file_name(capsys, suffix, prefix, body, kind):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hazards{suffix}"
        path.write_bytes(prefix + body)
        validate(capsys, path, "--kind", kind)


MEMBERS = ("hazards.shp", "hazards.shx", "hazards.dbf", "hazards.prj", "[Content_Types].xml",
           "xl/workbook.xml", "xl/worksheets/sheet1.xml", "_rels/.rels", "a/../b.shp")  # fmt: skip


@FUZZ
@given(
    suffix=st.sampled_from([".zip", ".xlsx"]),
    members=st.dictionaries(st.sampled_from(MEMBERS), st.binary(max_size=300), max_size=5),
)
def test_random_zip_archives(capsys, suffix, members):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hazards{suffix}"
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        validate(capsys, path)


CELLS_SHORT = st.sampled_from(["sha", "cha", "", "x"])
JSON = st.recursive(
    st.none() | st.booleans() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["Feature", "FeatureCollection", "Polygon", "Point", "type"]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["type", "features", "geometry", "coordinates", "properties", "crs",
                         "hazard_id", "area_m2"]), inner, max_size=4),
    max_leaves=12,
)  # fmt: skip


POINT = st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=2, max_size=2)
POLYGONS = st.lists(
    st.fixed_dictionaries(
        {
            "type": st.just("Feature"),
            "properties": st.fixed_dictionaries(
                {"hazard_id": st.text(max_size=3), "area_m2": st.floats(), "status": CELLS_SHORT}
            ),
            "geometry": st.fixed_dictionaries(
                {
                    "type": st.sampled_from(["Polygon", "MultiPolygon", "Point"]),
                    "coordinates": st.lists(st.lists(POINT, max_size=5), max_size=2),
                }
            ),
        }
    ),
    max_size=4,
).map(lambda features: {"type": "FeatureCollection", "features": features})


@FUZZ
@given(document=st.one_of(JSON, POLYGONS))
def test_random_geojson(capsys, document):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "hazards.geojson"
        path.write_text(json.dumps(document), encoding="utf-8")
        validate(capsys, path, "--kind", "hazards")


COLUMNS = (
    "hazard_id", "region", "status", "contamination_type", "area_m2", "reported_area_m2",
    "original_area_m2", "priority", "accessible", "access_year", "recorded_date", "date",
    "year", "method", "teams", "ap_mines_destroyed", "asset", "Area_sqm", "Status",
)  # fmt: skip
CELLS = st.one_of(
    st.sampled_from(["", "nan", "inf", "-inf", "1e999", "-5", "0", "1,5", "1.234,5", "sha",
                     "CHA", "ap_mine", "cleared", "2024-02-30", "2024-01-01", "9999", "yes",
                     "=1+1", "\u00a0", "H-1"]),
    st.text(max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)  # fmt: skip


@FUZZ
@given(
    columns=st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=8),
    rows=st.lists(st.lists(CELLS, min_size=8, max_size=8), max_size=6),
    sep=st.sampled_from([",", ";"]),
    mapping=st.sampled_from([None, "imsma"]),
)
def test_random_small_csv_tables(capsys, columns, rows, sep, mapping):
    def line(cells: list[str]) -> str:
        return sep.join('"' + c.replace('"', '""') + '"' for c in cells)

    text = "\n".join([line(columns), *(line(r[: len(columns)]) for r in rows)]) + "\n"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.csv"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        validate(capsys, path, *(["--mapping", mapping] if mapping else []))


# --- country.toml --------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return (
            "nan"
            if math.isnan(value)
            else ("inf" if value > 0 else "-inf")
            if (math.isinf(value))
            else repr(value)
        )
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{k}" = {toml_value(v)}' for k, v in value.items()) + "}"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + "".join(c if c.isprintable() else " " for c in escaped) + '"'


SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.sampled_from(["2004-03-01", "2099-12-31", "hazards.csv", "../x.csv", "/etc/passwd",
                     "imsma", "EPSG:4326", "nonsense", "", "North"]),
    st.text(max_size=10),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["a", "year"]), inner)
    ),
    max_leaves=6,
)
COUNTRY_KEYS = ("name", "code", "entry_into_force_date", "article5_deadline_date",
                "baseline_date", "currency", "synthetic", "notes", "regions", "bogus")  # fmt: skip
FILES_KEYS = ("hazards", "hazards_layer", "hazards_mapping", "crs", "releases",
              "releases_layer", "releases_mapping")  # fmt: skip
GOOD_COUNTRY = {
    "name": "Testland",
    "code": "XTL",
    "entry_into_force_date": dt.date(2004, 3, 1),
    "article5_deadline_date": dt.date(2025, 3, 1),
    "baseline_date": dt.date(2024, 12, 31),
}


def toml_document(doc: dict[str, Any]) -> str:
    """Top-level values first, then ``[tables]``, then ``[[arrays of tables]]``."""

    def is_array_of_tables(v: Any) -> bool:
        return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)

    def body(table: dict[str, Any]) -> list[str]:
        return [f'"{k}" = {toml_value(v)}' for k, v in table.items()]

    lines = [
        f"{k} = {toml_value(v)}"
        for k, v in doc.items()
        if not isinstance(v, dict) and not is_array_of_tables(v)
    ]
    for k, v in doc.items():
        if isinstance(v, dict):
            lines += [f"[{k}]", *body(v)]
    for k, v in doc.items():
        if is_array_of_tables(v):
            for entry in v:
                lines += [f"[[{k}]]", *body(entry)]
    return "\n".join(lines) + "\n"


def section(keys: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """Mostly a table of these keys; sometimes any value at all (a table expected)."""
    return st.one_of(st.dictionaries(st.sampled_from(keys), VALUES, max_size=4), VALUES)


def entries(keys: tuple[str, ...]) -> st.SearchStrategy[Any]:
    """Mostly a list of tables of these keys; sometimes any value."""
    return st.one_of(st.lists(st.dictionaries(st.sampled_from(keys), VALUES), max_size=2), VALUES)


@FUZZ
@given(
    country=section(COUNTRY_KEYS),
    files=section(FILES_KEYS),
    extensions=entries(("granted_date", "deadline_date")),
    milestones=entries(("year", "area_m2", "region", "method")),
)
def test_random_country_toml(write, capsys, country, files, extensions, milestones):
    folder = write.country("csv", folder="fuzzland")
    if isinstance(country, dict):
        country = {**GOOD_COUNTRY, **country}
    if isinstance(files, dict):
        files = {"hazards": "hazards.csv", "releases": "releases.csv", **files}
    doc = {"country": country, "files": files}
    doc.update({"previous_extensions": extensions, "milestones": milestones})
    (folder / "country.toml").write_text(toml_document(doc), encoding="utf-8")
    validate(capsys, folder)


# --- scenario tables ------------------------------------------------------------------------

SECTIONS = ("period", "release", "productivity", "teams", "costs", "funding", "discoveries",
            "priority", "access", "calibration")  # fmt: skip
SECTION_KEYS = ("start_year", "end_year", "sha_cancelled_frac", "manual", "nts", "type_factor",
                "usd_per_team_year", "national_usd_per_year", "residual_years", "weights",
                "rule", "field", "first_year", "years", "inaccessible_from_year", "default",
                "region_order", "count_expected", "international_scale")  # fmt: skip


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from((*SECTIONS, "name", "description")),
        st.one_of(VALUES, st.dictionaries(st.sampled_from(SECTION_KEYS), VALUES, max_size=4)),
        max_size=5,
    )
)
def test_random_scenario_tables_give_a_scenario_or_a_scenario_error(data):
    with contextlib.suppress(ScenarioError):
        scenario_from_dict(data, baseline_year=2025)
