"""Schemas as data, coercion to them, and the generated column reference."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landrelease.domain.enums import ContaminationType, HazardStatus
from landrelease.domain.schema import (
    coerce,
    markdown_reference,
    request_schemas,
    schema,
    table_dtypes,
)

ROOT = Path(__file__).resolve().parents[2]

GOOD_HAZARD = {
    "hazard_id": "H-1",
    "region": "North",
    "status": "sha",
    "contamination_type": "ap_mine",
    "area_m2": "1500",
}


def hazard_table(**overrides: object) -> pd.DataFrame:
    """One valid hazard row as CSV cells, with some cells replaced."""
    return pd.DataFrame([{**GOOD_HAZARD, **overrides}], dtype=object)


# --- the schema files -------------------------------------------------------------------


def test_hazard_schema_has_key_required_columns_and_enumerations():
    table = schema("hazards")
    assert table.key == "hazard_id"
    assert table.required == ("hazard_id", "region", "status", "contamination_type", "area_m2")
    assert table["status"].allowed == ("sha", "cha")
    assert table["contamination_type"].allowed == tuple(t.value for t in ContaminationType)
    assert "ap_improvised" in table["contamination_type"].allowed  # never merged with ap_mine
    assert "geometry" not in table
    assert table.names[0] == "hazard_id"


def test_release_schema_needs_region_method_area_and_type():
    table = schema("releases")
    assert table.key is None
    assert set(table.required) == {"region", "method", "area_m2", "contamination_type"}
    assert table["method"].allowed == (
        "cancelled",
        "reduced",
        "cleared",
        "released_by_survey",
        "released_unspecified",
    )


def test_every_column_has_a_description_and_units_are_in_names():
    for name in ("hazards", "releases"):
        for col in schema(name).columns:
            assert col.description.strip(), col.name
            if col.name.endswith("_m2"):
                assert col.unit == "m²", col.name


def test_schema_is_cached_and_unknown_schema_fails():
    assert schema("hazards") is schema("hazards")
    with pytest.raises(FileNotFoundError):
        schema("nonexistent")


@pytest.mark.parametrize(
    ("column", "words"),
    [
        ("area_m2", "a number greater than 0 in m²"),
        ("priority", "a whole number of at least 0"),
        ("access_year", "a whole number of at least 1997 and at most 2100"),
        ("status", "one of sha, cha"),
        ("recorded_date", "a date as YYYY-MM-DD"),
        ("accessible", "true or false (yes/no, 1/0)"),
        ("region", "text"),
    ],
)
def test_expected_words(column, words):
    assert schema("hazards")[column].expected() == words


def test_table_dtypes():
    dtypes = table_dtypes(schema("hazards"))
    assert dtypes["area_m2"] == "float64"
    assert dtypes["priority"] == "Int64"
    assert dtypes["accessible"] == "boolean"
    assert dtypes["recorded_date"] == "datetime64[ns]"
    assert dtypes["status"] == "string"


# --- coercion of good cells --------------------------------------------------------------


def test_coerce_valid_rows_types_fills_defaults_and_keeps_extra_columns():
    raw = pd.DataFrame(
        {
            "hazard_id": ["A", "B"],
            "region": ["North", "South"],
            "status": [" SHA ", "Cha"],
            "contamination_type": ["AP-Improvised", "cluster munition"],
            "area_m2": ["1 500", "2.5e3"],
            "accessible": ["no", ""],
            "recorded_date": ["2020-01-02", "2021-03-04T10:20:00Z"],
            "my_notes": ["x", "y"],
        },
        dtype=object,
    )
    table, problems = coerce(raw, schema("hazards"))
    assert problems == []
    assert list(table.columns[: len(schema("hazards").names)]) == list(schema("hazards").names)
    assert list(table.columns[-1:]) == ["my_notes"]
    assert list(table["status"]) == ["sha", "cha"]
    assert list(table["contamination_type"]) == ["ap_improvised", "cluster_munition"]
    assert list(table["area_m2"]) == [1500.0, 2500.0]
    assert list(table["accessible"]) == [False, True]  # blank takes the default, true
    assert list(table["priority"]) == [999, 999]
    assert list(table["border_area"]) == [False, False]
    assert list(table["recorded_date"]) == [pd.Timestamp("2020-01-02"), pd.Timestamp("2021-03-04")]
    for name, dtype in table_dtypes(schema("hazards")).items():
        assert str(table[name].dtype) == str(pd.Series(dtype=dtype).dtype), name


def test_coerce_typed_cells_from_excel_or_gis():
    raw = pd.DataFrame(
        {
            "hazard_id": [12.0, 12.5],
            "region": ["N", "N"],
            "status": ["sha", "cha"],
            "contamination_type": ["erw", "mixed"],
            "area_m2": [100, np.float32(2.5)],
            "accessible": [True, 0],
            "border_area": [np.True_, "Oui"],
            "priority": [3.0, np.int64(7)],
            "recorded_date": [dt.datetime(2019, 5, 6, 14, 0), dt.date(2019, 5, 7)],
        },
        dtype=object,
    )
    table, problems = coerce(raw, schema("hazards"))
    assert problems == []
    assert list(table["hazard_id"]) == ["12", "12.5"]  # a float id from XLSX is not "12.0"
    assert list(table["area_m2"]) == [100.0, 2.5]
    assert list(table["accessible"]) == [True, False]
    assert list(table["border_area"]) == [True, True]
    assert list(table["priority"]) == [3, 7]
    assert list(table["recorded_date"]) == [pd.Timestamp("2019-05-06"), pd.Timestamp("2019-05-07")]


def test_coerce_empty_table_has_every_column():
    table, problems = coerce(pd.DataFrame(), schema("releases"))
    assert len(table) == 0
    assert set(schema("releases").names) <= set(table.columns)
    # every required column is reported missing
    assert {p.column for p in problems} == set(schema("releases").required)
    assert {p.check for p in problems} == {"required_columns"}


# --- one broken cell per check -----------------------------------------------------------


@pytest.mark.parametrize(
    ("column", "value", "check"),
    [
        ("status", "suspected", "allowed_values"),
        ("contamination_type", "IED", "allowed_values"),
        ("area_m2", "-5", "positive_areas"),
        ("area_m2", "0", "positive_areas"),
        ("area_m2", "abc", "dtypes"),
        ("area_m2", "1,500", "dtypes"),  # ambiguous decimal comma: refused, never misread
        ("area_m2", "inf", "dtypes"),
        ("priority", "1.5", "dtypes"),
        ("priority", "-1", "value_ranges"),
        ("accessible", "maybe", "dtypes"),
        ("access_year", "1900", "value_ranges"),
        ("recorded_date", "1985-06-01", "dates_in_range"),
        ("recorded_date", "2999-01-01", "dates_in_range"),
        ("recorded_date", "01/02/2020", "dtypes"),
        ("recorded_date", "2020-02-30", "dtypes"),
        ("region", "", "required_values"),
        ("hazard_id", "   ", "required_values"),
    ],
)
def test_one_bad_cell_one_problem_naming_row_and_column(column, value, check):
    good = pd.DataFrame([GOOD_HAZARD, {**GOOD_HAZARD, "hazard_id": "H-2"}], dtype=object)
    raw = pd.concat([good, hazard_table(**{"hazard_id": "H-3", column: value})], ignore_index=True)
    table, problems = coerce(raw, schema("hazards"), file="h.csv")
    assert len(table) == 3
    assert len(problems) == 1, problems
    (p,) = problems
    assert (p.check, p.row, p.column, p.file, p.severity) == (check, 4, column, "h.csv", "error")
    assert str(p).startswith(f"h.csv, row 4, column {column}: ")
    if value.strip():
        assert p.value == value
        assert repr(value) in str(p)
    assert pd.isna(table.loc[2, column])  # the bad cell is left missing, the row kept


def test_dates_in_range_message_gives_the_range():
    _, (p,) = coerce(hazard_table(recorded_date="1985-06-01"), schema("hazards"))
    assert p.expected == "a date between 1990-01-01 and today"


def test_missing_required_column_is_named_without_a_row():
    raw = hazard_table().drop(columns=["status"])
    table, problems = coerce(raw, schema("hazards"), file="h.csv")
    assert [(p.check, p.column, p.row) for p in problems] == [("required_columns", "status", None)]
    assert "required column status is missing" in str(problems[0])
    assert table["status"].isna().all()


@pytest.mark.parametrize(
    ("table", "column"),
    [(t, c) for t in ("hazards", "releases") for c in schema(t).required],
)
def test_each_missing_required_column_is_reported_on_a_table_with_rows(table, column):
    good = {"hazard_id": "A", "region": "N", "status": "sha", "contamination_type": "erw"}
    good |= {"area_m2": "5", "method": "cleared", "year": "2020"}
    raw = pd.DataFrame([good, good | {"hazard_id": "B"}]).drop(columns=[column])
    result, problems = coerce(raw, schema(table))
    assert [(p.check, p.column) for p in problems] == [("required_columns", column)]
    assert len(result) == 2
    assert result[column].isna().all()
    assert str(result[column].dtype) == str(
        pd.Series(dtype=table_dtypes(schema(table))[column]).dtype
    )


def test_duplicate_ids_name_every_repeat_and_the_first_row():
    raw = pd.DataFrame(
        [{**GOOD_HAZARD, "hazard_id": h} for h in ("A", "B", "A", "C", "A")], dtype=object
    )
    _, problems = coerce(raw, schema("hazards"), file="h.csv")
    assert [(p.check, p.row, p.value) for p in problems] == [
        ("unique_ids", 4, "A"),
        ("unique_ids", 6, "A"),
    ]
    assert all("also used on row 2" in p.message for p in problems)


def test_row_numbers_and_kind_are_used_in_problems():
    raw = pd.DataFrame([GOOD_HAZARD, {**GOOD_HAZARD, "hazard_id": "X", "status": "?"}])
    rows = pd.Series([7, 9], index=raw.index)
    _, (p,) = coerce(raw, schema("hazards"), file="h.gpkg", row_numbers=rows, row_kind="feature")
    assert (p.row, p.row_kind) == (9, "feature")
    assert str(p).startswith("h.gpkg, feature 9, column status:")


# --- hypothesis: coercion never loses a row silently --------------------------------------

# (value, ok) pairs per column; ``ok`` says whether the cell is valid
CELLS = {
    "region": [("North", True), (" South ", True), ("", False), ("  ", False)],
    "status": [("sha", True), ("CHA", True), (" Sha", True), ("suspect", False), ("x", False)],
    "contamination_type": [
        ("ap_mine", True),
        ("AP Improvised", True),
        ("av-mine", True),
        ("IED", False),
        ("", False),
    ],
    "area_m2": [
        ("1", True),
        ("2500.5", True),
        ("1e4", True),
        ("0", False),
        ("-3", False),
        ("ten", False),
        ("", False),
    ],
    "priority": [("", True), ("1", True), ("20", True), ("1.5", False), ("-2", False)],
    "accessible": [("", True), ("yes", True), ("False", True), ("perhaps", False)],
    "access_year": [("", True), ("2030", True), ("1800", False), ("soon", False)],
    "recorded_date": [
        ("", True),
        ("2001-02-03", True),
        ("1950-01-01", False),
        ("2020-13-01", False),
        ("last year", False),
    ],
}
COLUMNS = list(CELLS)


@st.composite
def raw_tables(draw):
    n = draw(st.integers(min_value=1, max_value=12))
    ids = draw(
        st.lists(st.sampled_from(["A", "B", "C", "D", "E", "F", ""]), min_size=n, max_size=n)
    )
    cells = [{c: draw(st.sampled_from(CELLS[c])) for c in COLUMNS} for _ in range(n)]
    numbers = draw(st.lists(st.integers(1, 10_000), min_size=n, max_size=n, unique=True))
    return ids, cells, numbers


@settings(max_examples=60, deadline=None)
@given(raw_tables())
def test_coerce_keeps_every_row_and_reports_every_bad_cell(data):
    ids, cells, numbers = data
    raw = pd.DataFrame(
        [
            {"hazard_id": i, **{c: v for c, (v, _) in row.items()}}
            for i, row in zip(ids, cells, strict=True)
        ],
        dtype=object,
    )
    rows = pd.Series(numbers, index=raw.index)
    table, problems = coerce(raw, schema("hazards"), file="f", row_numbers=rows)

    assert len(table) == len(raw)  # nothing dropped
    expected = set()
    seen: set[str] = set()
    for pos, (hid, row) in enumerate(zip(ids, cells, strict=True)):
        if hid == "" or hid in seen:  # required_values or unique_ids
            expected.add((numbers[pos], "hazard_id"))
        seen.add(hid)
        expected |= {(numbers[pos], c) for c, (_, ok) in row.items() if not ok}
    found = {(p.row, p.column) for p in problems}
    assert found == expected
    assert len(problems) == len(expected)  # one problem per bad cell
    by_number = dict(zip(numbers, range(len(numbers)), strict=True))
    for p in problems:
        assert p.severity == "error"
        pos = by_number[p.row]  # the row number maps back to the input row
        assert p.column == "hazard_id" or not cells[pos][p.column][1]
    for pos, row in enumerate(cells):  # valid cells come through with their value
        value, ok = row["area_m2"]
        if ok:
            assert table["area_m2"].iloc[pos] == float(value)
        else:
            assert pd.isna(table["area_m2"].iloc[pos])
        status, ok = row["status"]
        if ok:
            assert table["status"].iloc[pos] == HazardStatus(status.strip().lower())


# --- the generated column reference -------------------------------------------------------


def test_markdown_reference_lists_every_column_with_its_allowed_values():
    text = markdown_reference(schema("hazards"))
    assert text.startswith("## `hazards`")
    for col in schema("hazards").columns:
        assert f"| `{col.name}` | {col.label} | {col.dtype} |" in text
    assert "`sha`, `cha`" in text
    assert "Key: `hazard_id`." in text


def test_every_column_of_every_schema_has_its_own_label():
    tables = [schema("hazards"), schema("releases"), *request_schemas().values()]
    for table in tables:
        labels = [c.label for c in table.columns]
        assert all(label.strip() for label in labels), (table.name, labels)
        assert len(set(labels)) == len(labels), (table.name, labels)
        for label in labels:
            assert "_" not in label, (table.name, label)  # words, not snake_case


def test_docs_columns_md_is_up_to_date():
    script = ROOT / "scripts" / "make_column_reference.py"
    spec = importlib.util.spec_from_file_location("make_column_reference", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = (ROOT / "docs" / "columns.md").read_text(encoding="utf-8")
    assert doc == module.render(), "docs/columns.md is stale: run scripts/make_column_reference.py"
