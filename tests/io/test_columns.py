"""Mappings never read a column as a field it does not mean; a missing required column says
what the file has and which mapping to try; defaults stated in a mapping are said."""

from __future__ import annotations

import pandas as pd
import pytest

from landrelease.domain.schema import schema
from landrelease.errors import LandreleaseError, LandreleaseWarning, ValidationError
from landrelease.io.columns import ColumnMatcher, fitting_share
from landrelease.io.mapping import load_mapping
from landrelease.io.tables import inspect_hazards, read_hazards

IMSMA_ROWS = [
    {"Hazard_ID": "I1", "Province": "P", "HazClass": "SHA", "Contam_Typ": "AP Mine",
     "Status": "Active", "Area_sqm": 1500},
    {"Hazard_ID": "I2", "Province": "P", "HazClass": "CHA", "Contam_Typ": "AP Mine",
     "Status": "Open", "Area_sqm": 900},
    {"Hazard_ID": "I3", "Province": "Q", "HazClass": "CHA", "Contam_Typ": "ERW",
     "Status": "Active", "Area_sqm": 700},
]  # fmt: skip


def renamed(rows, old, new):
    """The rows with column ``old`` called ``new`` (same position)."""
    return [{new if k == old else k: v for k, v in r.items()} for r in rows]


def errors(problems):
    return [p for p in problems if p.severity == "error"]


def test_status_column_is_not_read_as_sha_cha_when_the_class_column_is_unknown(write):
    """The issue: the class column is called HazClass, which imsma does not know. The filter
    column Status (Active/Open) used to be read as SHA/CHA and give a 'status is not valid'
    error per row; now it says there is no SHA/CHA column and lists what was found."""
    path = write.csv(IMSMA_ROWS, "export")
    _, problems = inspect_hazards(path, mapping="imsma")
    (p,) = errors(problems)
    assert (p.check, p.column, p.row) == ("required_columns", "status", None)
    text = str(p)
    assert "required column status is missing" in text
    assert "columns found (header on row 1): Hazard_ID, Province, HazClass, Contam_Typ, " in text
    assert "HazClass looks like it" in text
    assert '[columns] status = ["HazClass"]' in text


def test_a_column_of_another_field_is_refused_by_its_values(write):
    """Without a filter on it, a Status column (Active/Open) matched by name alone is refused
    for status because none of its values is sha or cha."""
    rows = renamed(IMSMA_ROWS, "HazClass", "Class")
    write.text("mine.toml", '[columns]\nregion = ["Province"]\nhazard_id = ["Hazard_ID"]\n'
               'contamination_type = ["Contam_Typ"]\narea_m2 = ["Area_sqm"]\n')  # fmt: skip
    _, problems = inspect_hazards(write.csv(rows, "export"), mapping="mine.toml")
    (p,) = errors(problems)
    assert p.column == "status"
    assert "Status was not read as status: none of its values ('Active', 'Open') is one of " \
        "sha, cha" in p.message  # fmt: skip


def test_a_column_with_some_valid_values_is_still_read(write):
    rows = [dict(r, HazClass=c) for r, c in zip(IMSMA_ROWS, ["SHA", "CHA", "Minefeld"],
                                                strict=True)]  # fmt: skip
    rows = renamed(rows, "HazClass", "Hazard_Cla")
    _, problems = inspect_hazards(write.csv(rows, "export"), mapping="imsma")
    (p,) = errors(problems)
    assert (p.check, p.row, p.value) == ("allowed_values", 4, "Minefeld")  # one row, not all


def test_refused_optional_column_is_a_warning(write, hazards):
    path = write.hazards("csv", hazards)
    table = pd.read_csv(path)
    table["Asset"] = "Road"  # not a hazard column: kept as an extra
    matcher = ColumnMatcher(table, load_mapping(None), schema("releases"))
    assert not matcher.accept("Asset", "asset")
    (w,) = matcher.warnings([], "f.csv")
    assert (w.severity, w.column) == ("warning", "asset")
    assert "Asset was not read as asset" in w.message


def test_fitting_share_translates_values_first():
    column = schema("hazards")["status"]
    values = pd.Series(["Suspected", "Confirmed", "Active", None, ""])
    assert fitting_share(values, column, load_mapping("imsma")) == pytest.approx(2 / 3)
    assert fitting_share(values, column, load_mapping(None)) == 0.0
    assert fitting_share(pd.Series([None, " "]), column, load_mapping(None)) == 1.0


def test_missing_columns_without_mapping_suggest_imsma(write):
    path = write.csv(renamed(IMSMA_ROWS, "HazClass", "Hazard_Cla"), "export")
    _, problems = inspect_hazards(path)
    missing = [p for p in errors(problems) if p.check == "required_columns"]
    # Hazard_ID is hazard_id in another case; the rest need the mapping
    assert {p.column for p in missing} == {"region", "status", "contamination_type", "area_m2"}
    for p in missing:
        found = "columns found (header on row 1): Hazard_ID, Province, Hazard_Cla, Contam_Typ"
        assert found in str(p)
        assert "the columns look like an imsma export: read it with --mapping imsma" in str(p)
        assert 'hazards_mapping = "imsma"' in str(p)


def test_canonical_file_missing_a_column_suggests_no_mapping(write, hazards):
    for row in hazards:
        del row["region"]
    _, problems = inspect_hazards(write.hazards("csv", hazards))
    (p,) = errors(problems)
    assert "columns found (header on row 1): hazard_id, status, contamination_type" in str(p)
    assert "--mapping" not in str(p)


# --- [defaults] ---------------------------------------------------------------------------


def test_contamination_type_from_the_users_default_with_a_warning(write):
    rows = [{k: v for k, v in r.items() if k != "Contam_Typ"} for r in IMSMA_ROWS]
    rows = renamed(rows, "HazClass", "Hazard_Cla")
    rows[2]["Contam_Typ"] = "ERW"  # one row says it; the column exists, blank elsewhere
    path = write.csv(rows, "export")
    write.text("mine.toml", 'extends = "imsma"\n[defaults]\ncontamination_type = "ap_mine"\n')
    with pytest.warns(LandreleaseWarning) as caught:
        table = read_hazards(path, mapping="mine.toml")
    assert list(table["contamination_type"]) == ["ap_mine", "ap_mine", "erw"]
    (w,) = [w for w in caught if "assumed" in str(w.message)]
    assert str(w.message).startswith(
        "export.csv, column contamination_type: contamination_type assumed to be 'ap_mine' on "
        "2 of 3 rows: its cell is empty"
    )
    assert "the mine mapping states this default under [defaults]" in str(w.message)


def test_no_contamination_column_and_no_default_says_how_to_state_one(write):
    rows = [{k: v for k, v in r.items() if k != "Contam_Typ"} for r in IMSMA_ROWS]
    rows = [{**r, "Hazard_Typ": "MineField"} for r in renamed(rows, "HazClass", "Hazard_Cla")]
    with pytest.raises(ValidationError) as info:
        read_hazards(write.csv(rows, "export"), mapping="imsma")
    (p,) = errors(info.value.problems)
    assert p.column == "contamination_type"
    assert "Hazard_Typ is IMSMA's hazard type (kept as imsma_hazard_type), not the " \
        "contamination type" in str(p)  # fmt: skip
    assert 'extends = "imsma", then [defaults] contamination_type = "ap_mine"' in str(p)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[defaults]\ncontamination = "ap_mine"\n', "contamination is not a canonical column"),
        ('[defaults]\ncontamination_type = "AP"\n', "'AP' is not allowed; expected one of ap_"),
        ("header_row = 0\n", "header_row = 0; expected the row number"),
        ('header_row = "3"\n', "header_row = '3'"),
        ('[filter.Status]\nkeep = ["A"]\nwhy = "x"\n', "[filter.Status] has unknown keys"),
    ],
)
def test_bad_defaults_and_header_row_in_a_mapping(tmp_path, text, words):
    path = tmp_path / "m.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LandreleaseError, match=words.replace("[", r"\[").replace("(", r"\(")):
        load_mapping(path)


def test_extension_overrides_defaults_and_header_row(tmp_path):
    (tmp_path / "base.toml").write_text(
        'header_row = 3\n[defaults]\ncontamination_type = "ap_mine"\n', encoding="utf-8"
    )
    (tmp_path / "ext.toml").write_text(
        'extends = "base.toml"\n[defaults]\ncontamination_type = "erw"\n', encoding="utf-8"
    )
    mapping = load_mapping("ext.toml", tmp_path)
    assert mapping.defaults == {"contamination_type": "erw"}
    assert mapping.header_row == 3


def test_a_class_column_with_untranslated_values_says_how_to_translate_them(write):
    rows = renamed(IMSMA_ROWS, "HazClass", "Hazard_Cla")
    for row in rows:
        row["Hazard_Cla"] = "Suspected Hazard Area"
    _, problems = inspect_hazards(write.csv(rows, "export"), mapping="imsma")
    (p,) = errors(problems)
    assert "Hazard_Cla was not read as status: none of its values ('Suspected Hazard Area')" in (
        p.message
    )
    assert 'if Hazard_Cla does hold status, translate its values in a mapping file ' \
        '([values.status] "Suspected Hazard Area" = "sha")' in str(p)  # fmt: skip


def test_only_the_first_rows_and_distinct_values_are_judged():
    column = schema("hazards")["status"]
    many = pd.Series(["SHA"] * 150_000 + ["Active"] * 10)  # the tail is beyond the scan
    assert fitting_share(many, column, load_mapping("imsma")) == 1.0
