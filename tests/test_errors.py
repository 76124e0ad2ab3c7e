"""Problems, the errors that carry them, and warnings."""

from __future__ import annotations

import math
import warnings

import pytest

from landrelease.errors import (
    CountryError,
    LandreleaseError,
    LandreleaseWarning,
    Problem,
    ValidationError,
    sort_problems,
    warn,
)


def test_problem_text_names_file_row_column_value_and_expectation():
    p = Problem(
        check="dtypes",
        message="priority is not valid",
        file="h.csv",
        row=4,
        column="priority",
        value="high",
        expected="a whole number",
    )
    assert p.location() == "h.csv, row 4, column priority"
    assert str(p) == "h.csv, row 4, column priority: priority is not valid (found 'high'); " + (
        "expected a whole number"
    )


def test_problem_feature_and_partial_locations():
    p = Problem(check="c", message="m", file="a.gpkg", row=3, row_kind="feature", value=2.5)
    assert str(p) == "a.gpkg, feature 3: m (found 2.5)"
    assert str(Problem(check="c", message="m")) == "m"
    assert str(Problem(check="c", message="m", value=math.nan)) == "m"  # a missing value


def test_long_values_are_cut():
    p = Problem(check="c", message="m", value="x" * 500)
    # at most 60 characters of the value's repr are shown, the last one an ellipsis
    assert str(p) == "m (found '" + "x" * 58 + "…)"


def test_as_dict_is_flat():
    p = Problem(check="c", message="m", file="f", row=2, column="k", value=7, expected="e")
    assert p.as_dict() == {
        "severity": "error",
        "check": "c",
        "file": "f",
        "row": 2,
        "column": "k",
        "value": "7",
        "problem": "m",
        "expected": "e",
    }
    assert Problem(check="c", message="m", value=math.nan).as_dict()["value"] is None


def test_validation_error_lists_errors_only():
    problems = [
        Problem(check="a", message="first", row=2),
        Problem(check="b", message="soft", severity="warning"),
        Problem(check="c", message="second", row=3),
    ]
    error = ValidationError(problems, source="dir/h.csv")
    assert str(error) == "2 problems in dir/h.csv:\n  - row 2: first\n  - row 3: second"
    # kept in file and row order: the one about no row in particular comes first
    assert error.problems == (problems[1], problems[0], problems[2])
    assert error.source == "dir/h.csv"
    assert str(ValidationError(problems[:1])) == "1 problem:\n  - row 2: first"


def test_error_classes_are_value_errors():
    assert issubclass(ValidationError, LandreleaseError)
    assert issubclass(CountryError, LandreleaseError)
    assert issubclass(LandreleaseError, ValueError)
    assert issubclass(LandreleaseWarning, UserWarning)


def test_warn_emits_only_warnings():
    soft = Problem(check="w", message="look", severity="warning")
    with pytest.warns(LandreleaseWarning, match="look") as record:
        warn([Problem(check="e", message="bad"), soft])
    assert len(record) == 1
    assert record[0].message.problem is soft
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn([Problem(check="e", message="bad")])


def test_render_problems_summarises_a_long_run_of_one_kind():
    from landrelease.errors import render_problems

    problems = [
        Problem(
            check="dtypes", message="area_m2 is not valid", file="h.csv", row=r, column="area_m2"
        )
        for r in range(2, 30)
    ]
    lines = render_problems(problems, per_group=3)
    assert lines[:3] == [
        f"  - h.csv, row {r}, column area_m2: area_m2 is not valid" for r in (2, 3, 4)
    ]
    assert lines[3].startswith("    … and 25 more with the same problem (rows 5, 6,")
    assert len(lines) == 4
    assert len(render_problems(problems, per_group=100)) == 28


def test_problems_are_sorted_by_file_in_reading_order_then_row():
    def at(file, row, check="c"):
        return Problem(check=check, message="m", file=file, row=row)

    found = [
        at("h.csv", 5, "area"),
        at("h.csv", 3, "status"),
        at("r.csv", 2),
        at("h.csv", 4, "area"),
        at("h.csv", None, "columns"),
        at("h.csv", 3, "id"),
        at("country.toml", None),
    ]
    ordered = sort_problems(found)
    assert [(p.file, p.row, p.check) for p in ordered] == [
        ("h.csv", None, "columns"),
        ("h.csv", 3, "status"),  # same row: the order found
        ("h.csv", 3, "id"),
        ("h.csv", 4, "area"),
        ("h.csv", 5, "area"),
        ("r.csv", 2, "c"),
        ("country.toml", None, "c"),
    ]
    assert ValidationError(found).problems == tuple(ordered)


def test_render_problems_keeps_row_order_across_kinds():
    from landrelease.errors import render_problems

    def at(row, column):
        return Problem(
            check="dtypes", message=f"{column} bad", file="h.csv", row=row, column=column
        )

    problems = [at(2, "area_m2"), at(3, "status"), at(4, "area_m2"), at(5, "area_m2")]
    lines = render_problems(problems, per_group=2)
    assert lines == [
        "  - h.csv, row 2, column area_m2: area_m2 bad",
        "  - h.csv, row 3, column status: status bad",
        "  - h.csv, row 4, column area_m2: area_m2 bad",
        "    … and 1 more with the same problem (rows 5)",
    ]
