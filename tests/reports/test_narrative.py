"""The request's text: placeholders filled from the request's own tables, every problem with
its file and line, comments left out, the sections in the order of the outline."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

from landrelease.domain.outline import NarrativeText, outline
from landrelease.errors import ValidationError
from landrelease.reports.request.narrative import FILTERS, narrative_table, render_text
from landrelease.reports.request.quoted import QUOTED, quoted_values

ROOT = Path(__file__).resolve().parents[2]

# A tiny request worked out on paper: two regions; North 1.0 km² of AP mines (0.6 SHA),
# South 0.5 km² of which 0.2 km² AV mines; the national rows sum them.
TABLES = {
    "header": pd.DataFrame(
        {
            "item": ["country", "current_deadline_date", "previous_extensions"],
            "value": ["Testland", "2027-07-01", "granted 2016-12-01, deadline 2027-07-01"],
        }
    ),
    "remaining_challenge": pd.DataFrame(
        {
            "region": ["North", "North", "South", "South", "South", "Total", "Total", "Total"],
            "contamination_type": [
                "ap_mine",
                "all",
                "ap_mine",
                "av_mine",
                "all",
                "ap_mine",
                "av_mine",
                "all",
            ],
            "article5": [True, True, True, False, True, True, False, True],
            "sha_area_m2": [600e3, 600e3, 0, 0, 0, 600e3, 0, 600e3],
            "area_m2": [1.0e6, 1.0e6, 0.3e6, 0.2e6, 0.5e6, 1.3e6, 0.2e6, 1.5e6],
        }
    ),
    "expenditure": pd.DataFrame(
        {
            "year": [2024, 2024, 2024],
            "source": ["national", "Donor A", "Total"],
            "source_kind": ["national", "international", "all"],
            "amount_usd": [250e3, 750e3, 1.0e6],
        }
    ),
    "casualties": pd.DataFrame(),
    "previous_baseline": pd.DataFrame(
        {
            "year": [2020, 2020, 2020],
            "region": ["North", "North", "South"],
            "status": ["sha", "cha", "all"],
            "contamination_type": ["ap_mine", "ap_mine", "all"],
            "area_m2": [1.0e6, 0.5e6, 0.9e6],
        }
    ),
}
VALUES = quoted_values(TABLES)


def text(body: str, file: str = "narrative/15_remaining_challenge_quantitative.md") -> str:
    rendered, problems = render_text(NarrativeText(file, body), VALUES, TABLES)
    assert problems == []
    return rendered


def problems(body: str, file: str = "narrative/01_executive_summary.md") -> list[str]:
    rendered, found = render_text(NarrativeText(file, body), VALUES, TABLES)
    assert rendered == ""
    return [str(p) for p in found]


def test_figures_come_from_the_tables_worked_out_on_paper():
    assert VALUES["remaining_area_m2"] == 1.5e6
    assert VALUES["article5_remaining_area_m2"] == 1.3e6  # the AP rows, not the "all" row
    assert VALUES["remaining_sha_area_m2"] == 600e3
    assert VALUES["expenditure_international_frac"] == 0.75
    assert VALUES["previous_baseline_area_m2"] == 2.4e6  # the regions' rows
    assert VALUES["previous_extension_count"] == 1
    assert VALUES["casualties"] is None  # no casualties table: not given
    assert VALUES["p_complete_by_requested"] is None  # no confidence table: no forecast


def test_placeholders_are_filled_and_formatted():
    assert text("{{ remaining_area_m2 | km2 }} left") == "1.50 km² left"
    assert text("{{ article5_remaining_area_m2 | ha }}") == "130 ha"
    assert text("{{ expenditure_international_frac | percent }}") == "75%"
    assert text("{{ current_deadline_date | date }}") == "1 July 2027"
    assert text("{{ country }}: {{ previous_extension_count + 1 }}") == "Testland: 2"
    assert text("{{ remaining_area_m2 }}") == "1,500,000"


def test_comments_are_left_out():
    body = "<!--\nguidance\n{{ not_a_figure }}\n-->\n\nText {{ country }}.\n"
    assert text(body) == "Text Testland."


def test_a_placeholder_typo_is_an_error_naming_the_file_and_the_line():
    body = "<!--\nguidance on\ntwo lines\n-->\n\nLeft: {{ remainig_area_m2 | km2 }}.\n"
    (message,) = problems(body)
    assert message.startswith(
        "narrative/01_executive_summary.md, line 6: unknown placeholder remainig_area_m2"
    )
    assert "did you mean remaining_area_m2?" in message


def test_unknown_filter_syntax_error_and_unclosed_comment_name_their_line():
    (f,) = problems("a\n{{ remaining_area_m2 | km3 }}")
    assert "line 2: unknown filter km3" in f
    assert "did you mean km2?" in f
    (s,) = problems("a\nb\n{{ remaining_area_m2 | }}")
    assert "line 3: placeholder syntax" in s
    (c,) = problems("a\n<!-- never closed\n{{ country }}")
    assert "line 2: a comment opened with <!-- is not closed" in c


def test_a_figure_the_request_does_not_give_says_why():
    (message,) = problems("We had {{ casualties }} casualties.")
    assert "casualties has no value in this request" in message
    assert "[files] casualties" in message
    (forecast,) = problems("{{ p_complete_by_requested | percent }}")
    assert "carries no forecast" in forecast


def test_forecast_figures_come_from_the_confidence_tables_plan_row():
    confidence = pd.DataFrame(
        {
            "case": ["plan", "secured_only"],
            "article5_completion_year_p10": pd.array([2031, 2033], dtype="Int64"),
            "article5_completion_year_p50": pd.array([2033, None], dtype="Int64"),
            "p_complete_by_deadline": [0.0, 0.0],
            "p_complete_by_requested": [0.42, 0.1],
            "p_within_10_years": [0.9, 0.3],
        }
    )
    tables = {**TABLES, "confidence": confidence}
    values = quoted_values(tables)
    assert values["p_complete_by_requested"] == 0.42  # the plan's row, not secured_only's
    assert values["article5_completion_year_p10"] == 2031
    assert values["article5_completion_year_p90"] is None  # not in this table
    source = NarrativeText(
        "narrative/17_time_requested.md",
        "{{ p_complete_by_requested | percent }} by the date requested; P50 "
        "{{ article5_completion_year_p50 }}; {{ p_within_10_years | percent }} within ten years",
    )
    assert render_text(source, values, tables) == (
        "42% by the date requested; P50 2033; 90% within ten years",
        [],
    )
    # a quantile after the horizon is blank in the table: the text cannot quote it
    blank = {**tables, "confidence": confidence.iloc[::-1].assign(case=["plan", "x"])}
    assert quoted_values(blank)["article5_completion_year_p50"] is None


def test_a_filter_given_the_wrong_kind_of_figure_names_the_line():
    (message,) = problems("ok\n{{ country | km2 }}")
    assert "line 2" in message
    assert "km2 formats a number" in message


def test_the_text_runs_in_a_sandbox():
    (message,) = problems("{{ country.__class__.__mro__ }}")
    assert "line 1" in message
    assert "unsafe" in message


def test_narrative_table_has_every_section_in_order_and_lists_all_problems_at_once():
    good = {"origin": NarrativeText("narrative/02_origin.md", "Mines of {{ country }}.")}
    table = narrative_table(good, TABLES)
    assert list(table["section_id"]) == [s.id for s in outline()]
    row = table.set_index("section_id").loc["origin"]
    assert (row["text"], row["empty"], row["file"]) == (
        "Mines of Testland.",
        False,
        good["origin"].file,
    )
    assert table["empty"].sum() == len(outline()) - 1
    bad = {
        "origin": NarrativeText("narrative/02_origin.md", "{{ contry }}"),
        "work_plan": NarrativeText("narrative/18_work_plan.md", "\n{{ casualties }}"),
        "annexes": NarrativeText("narrative/20_annexes.md", "<!-- only guidance -->\n"),
    }
    with pytest.raises(ValidationError) as caught:
        narrative_table(bad, TABLES)
    text = str(caught.value)
    assert "narrative/02_origin.md, line 1: unknown placeholder contry" in text
    assert "narrative/18_work_plan.md, line 2: casualties has no value" in text
    assert len(caught.value.problems) == 2


@pytest.mark.parametrize(
    ("name", "value", "args", "shown"),
    [
        ("km2", 29_500_000.0, (), "29.50 km²"),
        ("km2", 29_500_000.0, (1,), "29.5 km²"),
        ("ha", 12_345.0, (), "1 ha"),
        ("m2", 1234.4, (), "1,234 m²"),
        ("usd", 1_250_000.4, (), "US$1,250,000"),
        ("usd_million", 12_549_999.0, (), "US$12.5 million"),
        ("percent", 0.953, (1,), "95.3%"),
        ("number", 12345, (), "12,345"),
    ],
)
def test_filters(name, value, args, shown):
    assert FILTERS[name](value, *args) == shown


def test_every_quoted_figure_has_a_unit_a_table_and_a_meaning():
    names = [q.name for q in QUOTED]
    assert len(names) == len(set(names))
    for q in QUOTED:
        assert q.unit, q.name
        assert q.table, q.name
        assert q.description, q.name


def test_docs_placeholders_md_is_up_to_date():
    script = ROOT / "scripts" / "make_placeholder_reference.py"
    spec = importlib.util.spec_from_file_location("make_placeholder_reference", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = (ROOT / "docs" / "placeholders.md").read_text(encoding="utf-8")
    assert doc == module.render(), "docs/placeholders.md is stale: run its script"
