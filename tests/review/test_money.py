"""Funding checks: costed plan with funding lines, share secured, international dependence."""

from __future__ import annotations

import pytest

COSTS = (
    "planned_cost_manual_usd",
    "planned_cost_mechanical_usd",
    "planned_cost_mdd_usd",
    "planned_cost_nts_usd",
    "planned_cost_ts_usd",
    "fixed_programme_usd",
    "risk_education_usd",
    "residual_capacity_usd",
    "planned_cost_usd",
    "cost_usd",
)
FUNDING = ("national_usd", "international_secured_usd", "international_expected_usd")


def years(pack):
    b = pack["budget"]
    return b[b["year"] != "Total"]


def everywhere(pack):
    return list(range(len(pack["budget"])))


def test_sample_plans_are_costed_and_funded(sample, run):
    for name in ("aurelia", "borealis", "cascadia"):
        assert run(sample(name)[1], "costed") == []


def test_a_plan_without_costs_or_funding_lines_is_an_error(sample, put, run):
    _, pack = sample("cascadia")
    uncosted = put(pack, "budget", everywhere(pack), **dict.fromkeys(COSTS, 0.0))
    (finding,) = run(uncosted, "costed")
    assert (finding.severity, finding.column) == ("error", "planned_cost_usd")
    assert finding.row == len(pack["budget"]) + 1  # the Total row
    unfunded = put(pack, "budget", everywhere(pack), **dict.fromkeys(FUNDING, 0.0))
    (finding,) = run(unfunded, "costed")
    assert (finding.severity, finding.column) == ("error", "national_usd")


def test_share_secured_is_noted_and_warned_below_half(sample, put, run):
    _, pack = sample("cascadia")
    y = years(pack)
    secured = y["national_usd"] + y["international_secured_usd"]
    share = 100 * secured.clip(upper=y["planned_cost_usd"]).sum() / y["planned_cost_usd"].sum()
    (note,) = run(pack, "funded_share")
    assert note.severity == "info"
    assert note.figures["funded_pct"] == pytest.approx(share)
    assert f"{share:.1f}%" in note.message
    cut = put(
        pack,
        "budget",
        everywhere(pack),
        national_usd=lambda v: 0.1 * v,
        international_secured_usd=lambda v: 0.1 * v,
    )
    warning = run(cut, "funded_share")[0]
    assert warning.severity == "warning"
    assert warning.figures["funded_pct"] < 50


def test_a_gap_without_expected_funding_lacks_a_mobilisation_plan(sample, put, run):
    _, pack = sample("cascadia")
    assert [f.severity for f in run(pack, "funded_share")] == ["info"]
    none_expected = put(pack, "budget", everywhere(pack), international_expected_usd=0.0)
    found = run(none_expected, "funded_share")
    assert [(f.severity, f.column) for f in found] == [
        ("info", "secured_usd"),
        ("warning", "international_expected_usd"),
    ]
    y = years(pack)
    gap = (y["planned_cost_usd"] - y["national_usd"] - y["international_secured_usd"]).clip(lower=0)
    assert found[1].figures["funding_gap_usd"] == pytest.approx(gap.sum())
    # the same gap as the budget's own column and Total row
    assert gap.sum() == pytest.approx(pack["budget"]["funding_gap_usd"].iloc[-1])


def international_share(pack):
    y = years(pack)
    cost = y["planned_cost_usd"]
    y, cost = y[cost > 0], cost[cost > 0]
    foreign = y["international_secured_usd"] + y["international_expected_usd"]
    return 100 * (cost * foreign / (foreign + y["national_usd"])).sum() / cost.sum()


def test_dependence_on_international_funding(sample, edit, run):
    """Issue 12: 80% or more of the plan paid by international money is a warning (95%
    for borealis); below it, a note."""
    _, pack = sample("borealis")
    share = international_share(pack)
    assert share >= 80
    (warning,) = run(pack, "international")
    assert warning.severity == "warning"
    assert warning.figures["international_pct"] == pytest.approx(share)

    def split(t):  # 30% national, 30% international secured, 20% expected: 62.5% abroad
        cost = t["planned_cost_usd"]
        t["national_usd"], t["international_secured_usd"] = 0.3 * cost, 0.3 * cost
        t["international_expected_usd"] = 0.2 * cost

    national = edit(pack, "budget", split)
    assert international_share(national) < 80
    assert years(national)["funding_gap_usd"].sum() > 0  # not fully funded: still noted
    (note,) = run(national, "international")
    assert note.severity == "info"
    assert note.figures["international_pct"] == pytest.approx(62.5)


def fully_funded(pack, put):
    """Every year's plan cost secured: national money equal to the cost."""
    cost = list(pack["budget"]["planned_cost_usd"])
    rows = everywhere(pack)
    funded = put(
        pack, "budget", rows, international_secured_usd=0.0, international_expected_usd=0.0
    )
    for i, c in zip(rows, cost, strict=True):
        funded = put(funded, "budget", i, national_usd=c)
    return funded


def test_a_fully_funded_plan_is_asked_nothing_about_money(sample, put, run):
    """Issue 12: a fully funded plan was asked how it will mobilise 'the remaining US$0'."""
    _, pack = sample("cascadia")
    funded = fully_funded(pack, put)
    y = years(funded)
    assert (y["national_usd"] >= y["planned_cost_usd"]).all()
    for name in ("funded_share", "international", "costed", "deadline_on_unsecured_money"):
        assert run(funded, name) == []
    # one dollar short is a gap again, with its question
    short = put(funded, "budget", 0, national_usd=lambda v: v - 1_000.0)
    note, mobilise = run(short, "funded_share")
    assert (note.column, mobilise.column) == ("secured_usd", "international_expected_usd")
    assert note.figures["funding_gap_usd"] == pytest.approx(1_000.0)
    assert "US$1,000" in note.question


def test_a_deadline_reached_only_on_unsecured_money_is_an_error(sample, edit, put, locate, run):
    """Issue 12: the plan reaches the requested deadline only with money not secured."""
    _, pack = sample("aurelia")
    cases = pack["cases"]
    plan = locate(cases, case="plan")
    secured = locate(cases, case="secured_only")
    requested = int(pack["header"].set_index("item")["value"]["requested_deadline_date"][:4])
    on_pledges = put(
        put(pack, "cases", plan, article5_completion_year=requested - 1),
        "cases",
        secured,
        article5_completion_year=requested + 1,
    )
    (finding,) = run(on_pledges, "deadline_on_unsecured_money")
    assert (finding.severity, finding.sheet, finding.row) == ("error", "cases", secured + 2)
    assert finding.figures["secured_only_completion_year"] == requested + 1
    # secured money reaching the deadline too: nothing to flag
    same = put(on_pledges, "cases", secured, article5_completion_year=requested - 1)
    assert run(same, "deadline_on_unsecured_money") == []
    # a plan that does not reach it is the period check's business, not this one's
    late = put(on_pledges, "cases", plan, article5_completion_year=requested + 1)
    assert run(late, "deadline_on_unsecured_money") == []
    # without the cases table the check has nothing to read (tables_present says so)
    assert (
        run(
            edit(on_pledges, "cases", lambda t: t.drop(columns="case")),
            "deadline_on_unsecured_money",
        )
        == []
    )
