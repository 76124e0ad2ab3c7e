"""Action plans as data: every action number the mapping cites is an action of the Oslo
Action Plan's text; the Siem Reap–Angkor Action Plan has no guessed numbers; the review
names the actions of the plan in force at the pack's submission date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

from landrelease.domain.outline import sections
from landrelease.reports.request import RequestPack
from landrelease.review import REGISTRY, review_markdown, review_pack
from landrelease.review.action_plans import action_plans, cite, in_force, links
from landrelease.review.thresholds import default_rules

SEED = Path(__file__).resolve().parents[1] / "data" / "action_plans" / "oslo_action_plan.txt"


def seed_actions() -> dict[int, str]:
    """Action number → its text, parsed from the Oslo Action Plan (body, before the
    appendix of indicators): ``Action #N`` (bold or not) up to the next action."""
    body = SEED.read_text(encoding="utf-8").split("\nAppendix")[0]
    hits = list(re.finditer(r"\**Action #(\d+)\**", body))
    out = {}
    for i, m in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(body)
        out[int(m.group(1))] = " ".join(body[m.end() : end].split())
    return out


def plan(ident):
    return next(p for p in action_plans() if p.id == ident)


def with_date(pack, item_value=None, created=None):
    header = pack["header"]
    header = header[header["item"] != "submission_date"]
    if item_value is not None:
        row = pd.DataFrame({"item": ["submission_date"], "value": [item_value]}, dtype="string")
        header = pd.concat([header, row], ignore_index=True)
    meta = dict(pack.metadata)
    if created is not None:
        meta["created_utc"] = created
    return RequestPack(tables={**pack.tables, "header": header}, metadata=meta)


def test_the_seed_has_fifty_actions_in_order():
    assert list(seed_actions()) == list(range(1, 51))


def test_every_cited_oslo_action_is_in_the_text():
    actions = seed_actions()
    cited = {n for mapped in links().values() for n in mapped["oslo"]}
    assert cited, "the mapping cites Oslo actions"
    assert cited <= set(actions)
    oslo = plan("oslo")
    assert set(oslo.actions) == set(actions)  # the plan in full
    for number, action in oslo.actions.items():
        assert actions[number].startswith(action.opening), number


def test_siem_reap_angkor_numbers_are_left_empty_never_guessed():
    sra = plan("siem_reap_angkor")
    assert (sra.first_year, sra.last_year) == (2025, 2029)
    assert "Siem Reap" in sra.name
    assert not sra.text_at_hand
    assert sra.actions == {}
    assert all(mapped["siem_reap_angkor"] == () for mapped in links().values())


def test_every_check_is_mapped():
    reserved = {r.check for r in default_rules().values() if r.reserved}
    mapped = {ident for kind, ident in links() if kind == "check"}
    assert set(REGISTRY) <= mapped
    assert mapped <= set(REGISTRY) | reserved


def test_every_section_of_the_outline_is_mapped_and_nothing_else():
    mapped = {ident for kind, ident in links() if kind == "section"}
    assert mapped == set(sections())


@pytest.mark.parametrize(
    ("submitted", "created", "expected", "by"),
    [
        ("2024-06-30", "2026-01-15T12:00:00+00:00", "oslo", "submission date"),
        ("2020-01-01", None, "oslo", "submission date"),
        ("2025-01-01", "2024-03-01T00:00:00+00:00", "siem_reap_angkor", "submission date"),
        (None, "2024-03-01T00:00:00+00:00", "oslo", "date the pack was made"),
        (None, "2026-01-15T12:00:00+00:00", "siem_reap_angkor", "date the pack was made"),
        ("2031-05-01", None, "siem_reap_angkor", "submission date"),  # the last plan stays
    ],
)
def test_the_plan_in_force(sample, submitted, created, expected, by):
    _, pack = sample("cascadia")
    chosen = in_force(with_date(pack, submitted, created))
    assert chosen.plan is not None
    assert chosen.plan.id == expected
    assert chosen.chosen_by == by


def test_before_the_first_plan_there_is_none(sample):
    _, pack = sample("cascadia")
    chosen = in_force(with_date(pack, "2015-03-01"))
    assert chosen.plan is None
    assert "2015" in chosen.describe()


def test_questions_and_findings_cite_the_plan_in_force(sample, put, run):
    _, pack = sample("cascadia")
    rows = list(range(len(pack["risk_education"])))
    none = put(pack, "risk_education", rows, risk_education_usd=0.0, region_count=0)
    oslo = with_date(none, "2023-06-01")
    (finding,) = run(oslo, "risk_education_plan")
    assert "(Oslo Action Plan #24)" in finding.question
    assert cite(oslo, "regional_milestones") == "Oslo Action Plan #19 and #20"
    sra = with_date(none, "2026-04-30")
    (finding,) = run(sra, "risk_education_plan")
    assert "Siem Reap–Angkor Action Plan 2025–2029, building on Oslo Action Plan #24" in (
        finding.question
    )
    # the review labels every finding with the actions, and names the plan
    review = review_pack(sra)
    (labelled,) = [f for f in review.findings if f.check == "risk_education_plan"]
    assert labelled.actions.startswith("Oslo Action Plan #24")
    assert "Siem Reap–Angkor" in labelled.actions
    assert review.action_plan.startswith("Siem Reap–Angkor Action Plan 2025–2029 (2025–2029)")
    assert "submission date (2026-04-30)" in review.action_plan
    text = review_markdown(review)
    assert f"**Action plan:** {review.action_plan}" in text
    assert f"   - Action plan: {labelled.actions}" in text
    assert review_pack(oslo).action_plan.startswith("Oslo Action Plan (2020–2024)")


def test_a_check_without_actions_cites_none(sample):
    _, pack = sample("cascadia")
    for date in ("2023-01-01", "2027-01-01"):
        assert cite(with_date(pack, date), "article5_limit") == ""


def test_the_date_of_a_pack_without_dates_is_the_review_day(sample):
    _, pack = sample("cascadia")
    bare = with_date(pack)
    bare = RequestPack(
        tables=bare.tables, metadata={k: v for k, v in bare.metadata.items() if k != "created_utc"}
    )
    chosen = in_force(bare)
    assert chosen.date == dt.date.today()
    assert "review" in chosen.chosen_by


def test_empty_sections_under_a_plan_without_numbers_say_so_once(sample):
    """Sections cited from the Oslo Action Plan while the Siem Reap–Angkor plan is in force:
    the finding says "numbers not filled in" once, not after every section."""
    _, pack = sample("cascadia")
    narrative = pack["narrative"].copy()
    narrative["text"] = ""
    narrative["empty"] = "true"
    empty = RequestPack(tables={**pack.tables, "narrative": narrative}, metadata=pack.metadata)
    (finding,) = [
        f
        for f in review_pack(with_date(empty, "2026-04-30")).findings
        if f.check == "narrative_sections"
    ]
    assert finding.figures["empty_sections"] == len(narrative)
    assert finding.message.count("Oslo Action Plan #") > 1
    assert finding.message.count("numbers not filled in") == 1
