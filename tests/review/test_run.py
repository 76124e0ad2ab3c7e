"""The review as a whole: verdict, Markdown and JSON, plan versus actual, the registry, and
the Finding record."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from landrelease.review import (
    GROUPS,
    REGISTRY,
    Finding,
    check,
    findings_table,
    review_json,
    review_markdown,
    review_pack,
    run_checks,
    verdict,
)


def test_verdict_wording():
    assert verdict({"error": 0, "warning": 2, "info": 1}) == "No errors; 2 warnings, 1 note"
    assert verdict({"error": 3, "warning": 1, "info": 0}).startswith(
        "3 errors: the request is inconsistent"
    )
    assert verdict({"error": 1}).startswith("1 error:")


def test_finding_record_and_table():
    with pytest.raises(ValueError, match="severity"):
        Finding("x", "fatal", "m")
    with pytest.raises(ValueError, match="row 2"):
        Finding("x", "error", "m", sheet="budget", row=1)
    info = Finding("a", "info", "note", figures={"n": 1.5})
    error = Finding(
        "b",
        "error",
        "bad",
        sheet="budget",
        row=5,
        column="cost_usd",
        figures={"stated": 12_000.0, "expected": 10_000.0},
        question="Why?",
    )
    assert error.location() == "budget, row 5, column cost_usd"
    table = findings_table([info, error])
    assert list(table["check"]) == ["b", "a"]  # errors first
    assert table.loc[0, "figures"] == "stated=12,000; expected=10,000"
    assert str(table["row"].dtype) == "Int64"
    assert pd.isna(table.loc[1, "row"])


def test_review_with_history_tracks_the_previous_milestones(sample):
    country, pack = sample("cascadia")
    review = review_pack(pack, history=country.releases)
    track = review.plan_vs_actual
    pr = pack["progress"]
    targets = pr[(pr["region"] == "Total") & pr["target_area_m2"].notna()]
    assert list(track["year"]) == list(targets["year"])
    assert list(track["target_area_m2"]) == list(targets["target_area_m2"])
    assert list(track["achieved_area_m2"]) == list(targets["released_area_m2"])
    gap = (targets["target_area_m2"] - targets["released_area_m2"]).cumsum()
    assert list(track["gap_carried_forward_m2"]) == pytest.approx(list(gap))
    assert review_pack(pack).plan_vs_actual is None
    text = review_markdown(review)
    assert "## Plan versus actual" in text
    assert f"{gap.iloc[-1]:,.0f}" in text


def test_markdown_and_json_of_a_broken_pack(sample, put):
    _, pack = sample("cascadia")
    broken = put(pack, "budget", 0, planned_cost_usd=lambda v: v + 1_000.0)
    review = review_pack(broken)
    assert not review.ok
    text = review_markdown(review)
    assert text.startswith("# Committee review: Cascadia — baseline")
    assert f"**Verdict:** {review.verdict}" in text
    assert f"## Errors ({review.counts['error']})" in text
    assert "budget, row 2, column planned_cost_usd" in text
    assert "## Not checked" in text
    data = json.loads(json.dumps(review_json(review)))
    assert data["counts"] == dict(review.counts)
    assert data["ok"] is False
    first = data["findings"][0]
    assert (first["severity"], first["sheet"], first["row"]) == ("error", "budget", 2)
    assert first["figures"]["difference"] == pytest.approx(1_000.0)
    assert {c["name"] for c in data["checks"]} == set(REGISTRY)


def test_review_runs_a_chosen_subset(sample):
    _, pack = sample("aurelia")
    review = review_pack(pack, checks=["interim", "budget_rows"])
    assert review.checks == ("budget_rows", "interim")  # in the order of GROUPS
    assert [f.check for f in review.findings] == ["interim"]


def test_registry_every_check_documents_its_rule():
    assert len(REGISTRY) >= 25
    for c in REGISTRY.values():
        assert c.group in GROUPS
        assert len(c.rule) > 20, c.name
    assert {c.group for c in REGISTRY.values()} == set(GROUPS)


def test_a_new_check_is_one_function(sample):
    _, pack = sample("cascadia")

    @check("test_only_budget_years", group="money")
    def budget_years(pack, history):
        """Counts the budget's years (test only)."""
        n = int((pack["budget"]["year"] != "Total").sum())
        return [Finding("test_only_budget_years", "info", f"{n} years", figures={"n": n})]

    try:
        (finding,) = run_checks(pack, None, ["test_only_budget_years"])
        assert finding.figures["n"] == len(pack["budget"]) - 1
        with pytest.raises(ValueError, match="twice"):
            check("test_only_budget_years", group="money")(budget_years)
    finally:
        del REGISTRY["test_only_budget_years"]
    with pytest.raises(ValueError, match="unknown check group"):
        check("x", group="nonsense")


def test_a_check_failing_on_malformed_tables_becomes_an_error_finding(sample, edit):
    _, pack = sample("cascadia")
    garbled = edit(pack, "progress", lambda t: t.assign(region=[object()] * len(t)))

    @check("test_only_fragile", group="pace")
    def fragile(pack, history):
        """Fails on purpose (test only)."""
        raise KeyError("no such column")

    try:
        (finding,) = run_checks(garbled, None, ["test_only_fragile"])
    finally:
        del REGISTRY["test_only_fragile"]
    assert (finding.check, finding.severity) == ("test_only_fragile", "error")
    assert "could not run" in finding.message
