"""Column mappings: IMSMA-style exports, user mappings, renaming, values and row filters."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from landrelease.errors import LandreleaseError, LandreleaseWarning, ValidationError
from landrelease.io.mapping import ColumnMapping, RowFilter, builtin_mappings, load_mapping
from landrelease.io.tables import inspect_hazards, read_hazards

CANONICAL = ("hazard_id", "region", "status", "contamination_type", "area_m2", "accessible")

# an IMSMA-style export: Shapefile field names, IMSMA values, closed hazards still in it
IMSMA_ROWS = [
    ("IM-1", "Kandor", "SHA", "AP Mine", "Active", 10_000, "Yes", box(0, 0, 100, 100)),
    ("IM-2", "Kandor", "CHA", "Improvised AP Mine", "In Progress", 30_000, "No",
     box(1000, 0, 1300, 100)),
    ("IM-3", "Velm", "CHA", "AP/AV", "Closed", 50_000, "Yes", box(0, 500, 500, 600)),
    ("IM-4", "Velm", "Confirmed", "AP/AV", "Active", 20_000, "Yes", box(2000, 0, 2200, 100)),
    ("IM-5", "Velm", "SHA", "ERW", " closed ", 7_000, "Yes", box(3000, 0, 3070, 100)),
]  # fmt: skip
IMSMA_FIELDS = [
    "Hazard_ID", "Province", "Hazard_Cla", "Contam_Typ", "Status", "Area_sqm", "Accessible",
    "geometry",
]  # fmt: skip


def imsma_rows(**changes):
    """IMSMA rows as dicts; ``changes`` maps a 0-based row to {field: value}."""
    rows = [dict(zip(IMSMA_FIELDS, r, strict=True)) for r in IMSMA_ROWS]
    for pos, cells in changes.items():
        rows[int(pos.removeprefix("row"))].update(cells)
    return rows


def write_imsma(write, fmt, rows=None, name="export"):
    data = write.frame(imsma_rows() if rows is None else rows)
    return write.write(data, fmt, name)


# --- the built-in IMSMA mapping -----------------------------------------------------------


def test_imsma_is_built_in():
    assert "imsma" in builtin_mappings()
    mapping = load_mapping("imsma")
    assert mapping.name == "imsma"
    assert "Hazard_Cla" in mapping.columns["status"]


@pytest.mark.parametrize("fmt", ["zip", "csv"])
def test_imsma_export_reads_to_canonical_values(write, fmt):
    kind = "features" if fmt == "zip" else "rows"
    dropped = rf"export\.{fmt}, column Status: 2 {kind} dropped by the imsma mapping's filter on "
    with pytest.warns(LandreleaseWarning, match=dropped + r"Status \('Closed': 2\): closed"):
        table = read_hazards(write_imsma(write, fmt), mapping="imsma")
    assert list(table["hazard_id"]) == ["IM-1", "IM-2", "IM-4"]  # Closed rows dropped
    assert list(table["region"]) == ["Kandor", "Kandor", "Velm"]
    assert list(table["status"]) == ["sha", "cha", "cha"]
    assert list(table["contamination_type"]) == ["ap_mine", "ap_improvised", "mixed"]
    assert list(table["accessible"]) == [True, False, True]
    assert list(table["area_m2"]) == pytest.approx([10_000, 30_000, 20_000], rel=0.005)
    # rows keep the number they have in the file, not their position after filtering
    first = 1 if fmt == "zip" else 2
    assert list(table["source_row"]) == [first, first + 1, first + 3]


def test_bare_ied_is_rejected_not_guessed(write):
    rows = imsma_rows(row3={"Contam_Typ": "IED"})
    with pytest.raises(ValidationError) as info:
        read_hazards(write_imsma(write, "zip", rows), mapping="imsma")
    (p,) = [p for p in info.value.problems if p.severity == "error"]
    assert (p.check, p.row, p.row_kind, p.column, p.value) == (
        "allowed_values",
        4,
        "feature",
        "Contam_Typ (contamination_type)",
        "IED",
    )
    # the column is named as the user's file names it, with its canonical meaning
    assert "export.zip, feature 4, column Contam_Typ (contamination_type)" in str(info.value)
    assert "'IED'" in str(info.value)


def test_unknown_status_value_is_rejected(write):
    rows = imsma_rows(row1={"Status": "Pending"})
    with pytest.raises(ValidationError) as info:
        read_hazards(write_imsma(write, "csv", rows), mapping="imsma")
    (p,) = [p for p in info.value.problems if p.severity == "error"]
    assert (p.check, p.row, p.column, p.value) == ("allowed_values", 3, "Status", "Pending")
    assert "export.csv, row 3, column Status" in str(info.value)
    assert "Closed" in p.expected


def test_user_mapping_extends_imsma(write, tmp_path):
    rows = imsma_rows(row0={"Contam_Typ": "Mine AP"})
    for r in rows:
        r["Admin1_Nam"] = r.pop("Province")
    path = write_imsma(write, "csv", rows)
    (tmp_path / "mine.toml").write_text(
        'extends = "imsma"\n'
        "[columns]\n"
        'region = ["Admin1_Nam"]\n'
        "[values.contamination_type]\n"
        '"Mine AP" = "ap_mine"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError):  # imsma alone knows neither
        read_hazards(path, mapping="imsma")
    with pytest.warns(LandreleaseWarning, match="dropped by the mine mapping's filter"):
        table = read_hazards(path, mapping="mine.toml")  # relative to the data file's folder
    assert list(table["region"]) == ["Kandor", "Kandor", "Velm"]
    assert list(table["contamination_type"]) == ["ap_mine", "ap_improvised", "mixed"]
    mapping = load_mapping(tmp_path / "mine.toml")
    assert mapping.columns["region"][0] == "Admin1_Nam"
    assert "Province" in mapping.columns["region"]  # the base aliases are kept
    assert mapping.values["status"]["SHA"] == "sha"
    assert [f.column for f in mapping.filters] == ["Status_1", "Status"]


# --- loading mappings ---------------------------------------------------------------------


def test_no_mapping_is_canonical():
    mapping = load_mapping(None)
    assert mapping.columns == {}
    assert mapping.filters == ()
    given_mapping = ColumnMapping(name="x")
    assert load_mapping(given_mapping) is given_mapping


def test_unknown_mapping_name(tmp_path):
    with pytest.raises(LandreleaseError, match=r"neither a built-in mapping.*imsma"):
        load_mapping("imsmaa", tmp_path)


def test_mapping_with_unknown_key(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('extend = "imsma"\n', encoding="utf-8")
    with pytest.raises(LandreleaseError, match=r"unknown keys.*extend"):
        load_mapping(path)


def test_mapping_not_valid_toml(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text("[columns\n", encoding="utf-8")
    with pytest.raises(LandreleaseError, match="not valid TOML"):
        load_mapping(path)


def test_mapping_extending_unknown_mapping(tmp_path):
    path = tmp_path / "m.toml"
    path.write_text('extends = "nope"\n', encoding="utf-8")
    with pytest.raises(LandreleaseError, match="'nope'"):
        load_mapping(path)


def test_merged_puts_the_extension_first_and_overrides_filters():
    base = ColumnMapping(
        name="base",
        columns={"region": ("Province", "Admin1")},
        values={"status": {"SHA": "sha", "Minefield": "cha"}},
        filters=(RowFilter("Status", ("Active",), ("Closed",)),),
    )
    ext = ColumnMapping(
        name="ext",
        columns={"region": ("Admin1", "District")},
        values={"status": {"Minefield": "sha"}},
        filters=(RowFilter("STATUS", ("Active", "Open"), ("Closed",)),),
    )
    merged = base.merged(ext)
    assert merged.name == "ext"
    assert merged.columns["region"] == ("Admin1", "District", "Province")
    assert merged.values["status"] == {"SHA": "sha", "Minefield": "sha"}
    assert merged.filters == (RowFilter("STATUS", ("Active", "Open"), ("Closed",)),)


# --- renaming and translating -------------------------------------------------------------


def test_rename_by_alias_case_insensitive():
    mapping = load_mapping("imsma")
    raw = pd.DataFrame(columns=["HAZARD_ID", "province", "Hazard_Cla", "Status", "Other"])
    out = mapping.rename(raw, CANONICAL)
    assert list(out.columns) == ["hazard_id", "region", "status", "Status", "Other"]


def test_rename_exact_canonical_name_wins_over_alias():
    mapping = load_mapping("imsma")
    raw = pd.DataFrame(columns=["region", "Province"])
    assert list(mapping.rename(raw, CANONICAL).columns) == ["region", "Province"]


def test_rename_canonical_name_in_other_case():
    raw = pd.DataFrame(columns=["Hazard_ID", "REGION"])
    assert list(ColumnMapping().rename(raw, CANONICAL).columns) == ["hazard_id", "region"]


def test_rename_shapefile_truncated_names():
    raw = pd.DataFrame(columns=["contaminat", "original_a", "recorded_d"])
    out = ColumnMapping().rename(raw, ("contamination_type", "original_area_m2", "recorded_date"))
    assert list(out.columns) == ["contamination_type", "original_area_m2", "recorded_date"]


def test_rename_uses_a_source_column_once():
    mapping = ColumnMapping(columns={"area_m2": ("Area",), "original_area_m2": ("Area",)})
    out = mapping.rename(pd.DataFrame(columns=["Area"]), ("area_m2", "original_area_m2"))
    assert list(out.columns) == ["area_m2"]


def test_translate_values_case_and_space_insensitive_unknown_kept():
    mapping = load_mapping("imsma")
    table = pd.DataFrame(
        {
            "status": [" sha", "confirmed hazardous area", "Minefield", None],
            "contamination_type": ["ap mine", "IED", "VOIED", 3],
        }
    )
    out = mapping.translate_values(table)
    assert list(out["status"])[:3] == ["sha", "cha", "cha"]
    assert pd.isna(out["status"].iloc[3])
    assert list(out["contamination_type"]) == ["ap_mine", "IED", "ap_improvised", 3]


# --- row filters --------------------------------------------------------------------------

KEEP = ("Active", "Open", "Worked On")
DROP = ("Closed", "Released")
RULE = ColumnMapping(name="t", filters=(RowFilter("Status", KEEP, DROP),))


def _variants(word):
    return st.sampled_from([word, word.lower(), word.upper(), f" {word} "])


STATUS_VALUES = st.one_of(
    st.sampled_from(KEEP).flatmap(_variants),
    st.sampled_from(DROP).flatmap(_variants),
    st.sampled_from(["Pending", "", "Closed?", "Activ"]),
    st.none(),
    st.just(3.0),
)


def _kind(value):
    text = value.strip().lower() if isinstance(value, str) else None
    if text in {v.lower() for v in DROP}:
        return "drop"
    if text in {v.lower() for v in KEEP}:
        return "keep"
    return "unknown"


@settings(max_examples=80, deadline=None)
@given(st.lists(STATUS_VALUES, min_size=1, max_size=15))
def test_filter_drops_only_drop_values_and_reports_unknown(values):
    raw = pd.DataFrame({"STATUS": pd.Series(values, dtype=object), "x": range(len(values))})
    numbers = pd.Series(range(101, 101 + len(values)), index=raw.index)
    keep, problems = RULE.filter_rows(raw, file="f.csv", row_numbers=numbers, row_kind="row")
    kinds = [_kind(v) for v in values]
    assert list(keep) == [k != "drop" for k in kinds]
    (*problems, dropped) = problems if "drop" in kinds else (*problems, None)
    if dropped is not None:  # one warning counts the dropped rows
        assert (dropped.severity, dropped.check) == ("warning", "dropped_rows")
        assert f"{kinds.count('drop')} row" in dropped.message
    reported = sorted(p.row for p in problems)
    assert reported == [101 + i for i, k in enumerate(kinds) if k == "unknown"]
    assert all(p.column == "STATUS" and p.check == "allowed_values" for p in problems)


def test_filter_on_missing_column_keeps_everything():
    raw = pd.DataFrame({"x": [1, 2]})
    keep, problems = RULE.filter_rows(raw, file="f", row_numbers=pd.Series([2, 3]), row_kind="row")
    assert keep.all()
    assert problems == []


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(["Active", "closed", "Released ", "Pending", "OPEN"]), min_size=1,
                max_size=8))  # fmt: skip
def test_reader_drops_only_filtered_rows(statuses):
    rows = [
        {"Hazard_ID": f"X{i}", "Province": "P", "Hazard_Cla": "SHA", "Contam_Typ": "AP",
         "Status": s, "Area_sqm": 100 + i}
        for i, s in enumerate(statuses)
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        pd.DataFrame(rows).to_csv(path, index=False)
        table, problems = inspect_hazards(path, mapping="imsma")
    dropped = {"closed", "released"}
    kept = [i for i, s in enumerate(statuses) if s.strip().lower() not in dropped]
    assert list(table["hazard_id"]) == [f"X{i}" for i in kept]
    assert list(table["source_row"]) == [i + 2 for i in kept]
    assert list(table["area_m2"]) == [100.0 + i for i in kept]
    assert sorted(p.row for p in problems if p.severity == "error") == [
        i + 2 for i, s in enumerate(statuses) if s == "Pending"
    ]
    n_dropped = len(statuses) - len(kept)
    warned = [p for p in problems if p.check == "dropped_rows"]
    assert [p.message.split(" row")[0] for p in warned] == ([f"{n_dropped}"] if n_dropped else [])


def test_extends_reads_a_mapping_file_beside_it(tmp_path):
    (tmp_path / "base.toml").write_text('[columns]\nregion = ["Prov"]\n', encoding="utf-8")
    (tmp_path / "mine.toml").write_text(
        'extends = "base.toml"\n[columns]\nhazard_id = ["HID"]\n', encoding="utf-8"
    )
    mapping = load_mapping(tmp_path / "mine.toml")
    assert "Prov" in mapping.columns["region"]
    assert "HID" in mapping.columns["hazard_id"]


@pytest.mark.parametrize("target", ["../outside.toml", "/etc/outside.toml", "link.toml"])
def test_extends_never_leaves_the_mapping_files_folder(tmp_path, target):
    outside = tmp_path / "outside.toml"
    outside.write_text('[columns]\nregion = ["Prov"]\n', encoding="utf-8")
    folder = tmp_path / "country"
    folder.mkdir()
    (folder / "link.toml").symlink_to(outside)
    spec = str(outside) if target.startswith("/") else target
    (folder / "mine.toml").write_text(f"extends = {spec!r}\n".replace("'", '"'), encoding="utf-8")
    with pytest.raises(LandreleaseError, match="extends"):
        load_mapping(folder / "mine.toml")
