"""Every severity and threshold of the review lives in one table (thresholds.toml): each row
has a reason and a source and is read by its check, no check holds a severity or threshold
of its own, and a Committee member's copy of the table changes the review."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import landrelease.review.checks as checks_package
from landrelease.errors import ValidationError
from landrelease.review import REGISTRY, review_pack
from landrelease.review.checks import registry as registry_module
from landrelease.review.findings import SEVERITIES
from landrelease.review.thresholds import ANY_CHECK, default_rules, read_rules

CHECKS = Path(inspect.getfile(checks_package)).parent
ALLOWED_NUMBERS = {0, 1, 2}
"""Numbers a check may compare with: zero, the 1 m² (or US$1) tolerance, row offsets."""


def test_every_row_has_a_reason_a_source_and_a_valid_severity():
    rules = default_rules()
    assert len(rules) > 50
    for r in rules.values():
        assert r.reason, r.key
        assert r.source, r.key
        assert r.severity is None or r.severity in SEVERITIES, r.key
        assert r.value is not None or r.severity is not None, r.key
        assert r.check in REGISTRY or r.check == ANY_CHECK or r.reserved, r.key


def test_every_row_is_read_by_its_check():
    """The module that registers a row's check names the row's parameter (``mismatch`` rows:
    the module reports through ``mismatch``, whose severity is the check's ``mismatch`` row)."""
    for r in default_rules().values():
        if r.reserved:
            continue
        module = (
            registry_module
            if r.check == ANY_CHECK
            else inspect.getmodule(REGISTRY[r.check].function)
        )
        source = inspect.getsource(module)
        if r.parameter == "mismatch":
            assert "mismatch(" in source or '"mismatch"' in source, r.key
        else:
            assert f'"{r.parameter}"' in source, r.key


def _literal_calls(tree: ast.AST) -> list[tuple[str, str]]:
    calls = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"severity", "limit", "rule"}
            and len(node.args) == 2
            and all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args)
        ):
            calls.append((node.args[0].value, node.args[1].value))
    return calls


def test_every_row_a_check_asks_for_exists_and_no_check_holds_its_own():
    rules = default_rules()
    for path in sorted(CHECKS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # how a message is worded (e.g. the first rows listed) is not a threshold
        worded = {
            id(n) for s in ast.walk(tree) if isinstance(s, ast.JoinedStr) for n in ast.walk(s)
        }
        for key in _literal_calls(tree):
            assert key in rules, f"{path.name} asks for {key}"
        for node in ast.walk(tree):
            # no severity written as text
            if isinstance(node, ast.keyword) and node.arg == "severity":
                assert not isinstance(node.value, ast.Constant), f"{path.name}:{node.lineno}"
            # no threshold compared as a number
            if isinstance(node, ast.Compare) and id(node) not in worded:
                for side in [node.left, *node.comparators]:
                    if isinstance(side, ast.Constant) and isinstance(side.value, int | float):
                        assert side.value in ALLOWED_NUMBERS, f"{path.name}:{node.lineno}"
        # no module-level constant holding a number
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                value = node.value.value
                is_number = isinstance(value, int | float) and not isinstance(value, bool)
                assert not is_number, f"{path.name}:{node.lineno}"


def test_the_forecast_probability_rows_are_in_force():
    """Reserved by issue 12 for the forecast integration, which adds the check (issue 11
    item 7): warning below 50%, error below 20%, read from the last five past years."""
    rules = default_rules()
    warning, error, years = (
        rules[("forecast_probability", "warning_pct")],
        rules[("forecast_probability", "error_pct")],
        rules[("forecast_probability", "record_years")],
    )
    assert (warning.value, warning.severity, warning.reserved) == (50, "warning", False)
    assert (error.value, error.severity, error.reserved) == (20, "error", False)
    assert (years.value, years.unit) == (5, "years")
    assert rules[("forecast_probability", "reported")].severity == "info"
    assert REGISTRY["forecast_probability"].group == "pace"
    assert not any(r.reserved for r in rules.values() if r.check == "forecast_probability")


def test_the_table_lists_every_row():
    table = default_rules().table()
    assert len(table) == len(default_rules())
    assert {"check", "parameter", "value", "severity", "reason", "source"} <= set(table.columns)


def test_a_committee_members_table_changes_the_review(sample, put, tmp_path):
    """A plan at 2× the best year is an error; with error_ratio set to 3 it is a warning,
    and with the warnings of best_year made notes, a note."""
    _, pack = sample("cascadia")
    pr = pack["progress"]
    best = pr.loc[pr["region"] == "Total", "released_area_m2"].max()
    wp = pack["work_plan"]
    rows = wp.index[(wp["region"] == "Total") & (wp["released_area_m2"] > 1)].tolist()
    fast = put(pack, "work_plan", rows, released_area_m2=2 * best)

    def severity_of(review):
        (finding,) = [f for f in review.findings if f.check == "best_year"]
        return finding.severity

    assert severity_of(review_pack(fast, checks=["best_year"])) == "error"
    mine = tmp_path / "committee.toml"
    mine.write_text(
        '[[rule]]\ncheck = "best_year"\nparameter = "error_ratio"\nvalue = 3.0\n',
        encoding="utf-8",
    )
    review = review_pack(fast, checks=["best_year"], thresholds=mine)
    assert severity_of(review) == "warning"
    assert review.thresholds == str(mine)
    mine.write_text(
        mine.read_text(encoding="utf-8")
        + '\n[[rule]]\ncheck = "best_year"\nparameter = "warning_ratio"\nseverity = "info"\n'
        + '\n[[rule]]\ncheck = "best_year"\nparameter = "recent_ratio"\nseverity = "info"\n',
        encoding="utf-8",
    )
    assert severity_of(review_pack(fast, checks=["best_year"], thresholds=mine)) == "info"
    # the package's table is back for the next review
    assert severity_of(review_pack(fast, checks=["best_year"])) == "error"


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ('[[rule]]\ncheck = "best_year"\nparameter = "no_such"\nvalue = 1.0\n', "parameter"),
        ('[[rule]]\ncheck = "best_year"\nparameter = "error_ratio"\nvalue = "high"\n', "value"),
        ('[[rule]]\ncheck = "costed"\nparameter = "not_costed"\nseverity = "fatal"\n', "severity"),
        ('[[rule]]\ncheck = "costed"\nparameter = "not_costed"\nvalue = 2\n', "value"),
    ],
)
def test_a_bad_table_is_an_error_naming_the_file_and_the_entry(tmp_path, text, column):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        read_rules(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert (problem.row, problem.column) == (1, column)
    assert "[[rule]] entry 1" in str(caught.value)


def test_a_file_that_is_not_toml_is_an_error(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[[rule]\n", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"bad\.toml"):
        read_rules(path)
