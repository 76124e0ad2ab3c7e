"""The fan chart of remaining Article 5 area (forecast P10–P90 band, P50, the plan, the
deadlines) and where the DOCX request shows it."""

from __future__ import annotations

import datetime as dt
import struct
from functools import cache
from pathlib import Path

import docx
import numpy as np
from matplotlib.colors import to_hex

from landrelease.domain.outline import outline
from landrelease.engine import ProjectionResult, project
from landrelease.export.charts import year_end_position
from landrelease.export.fan import FAN_COLUMNS, TAIL_YEARS, fan_figure, fan_png, fan_table
from landrelease.export.request_docx import NO_FORECAST
from landrelease.export.request_write import write_request
from landrelease.forecast import ForecastResult, forecast
from landrelease.io import load_country
from landrelease.reports import palette
from landrelease.reports.request import RequestPack, build_request_pack
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@cache
def cascadia() -> tuple[RequestPack, ProjectionResult, ForecastResult]:
    country = load_country(SAMPLES / "cascadia")
    scenario = load_scenario("baseline", country.scenarios_dir, baseline_year=2025)
    result = project(country, scenario)
    likely = forecast(country, scenario, draws=40, seed=0, cases=("plan", "secured_only"))
    pack = build_request_pack(country, result, forecast=likely, created=CREATED)
    return pack, result, likely


def test_the_table_starts_at_the_baseline_and_follows_the_forecast_and_the_plan():
    pack, _, likely = cascadia()
    table = fan_table(pack, likely)
    assert tuple(table.columns) == FAN_COLUMNS
    rc = pack["remaining_challenge"]
    stock = rc.loc[(rc["region"] == "Total") & (rc["contamination_type"] == "article5"), "area_m2"]
    first = table.iloc[0]
    assert first["year"] == 2025  # the baseline year: every line starts at its stock
    assert (first[list(FAN_COLUMNS[1:])] == float(stock.iloc[0])).all()
    plan = likely.annual[likely.annual["case"] == "plan"].reset_index(drop=True)
    rest = table.iloc[1:].reset_index(drop=True)
    assert list(rest["year"]) == list(plan["year"])
    for column in FAN_COLUMNS[1:4]:
        np.testing.assert_array_equal(rest[column].to_numpy(), plan[column].to_numpy())
    wp = pack["work_plan"]
    totals = wp[wp["region"] == "Total"]
    shown = rest.set_index("year")["plan_article5_remaining_area_m2"]
    for year, value in zip(totals["year"], totals["article5_remaining_area_m2"], strict=True):
        assert shown[int(year)] == value
    after = shown[shown.index > int(totals["year"].max())]
    assert after.isna().all()  # the work plan stops at the Article 5 completion
    low, high = table["article5_remaining_area_m2_p10"], table["article5_remaining_area_m2_p90"]
    assert (low <= high).all()


def test_the_secured_only_case_has_its_own_fan():
    pack, _, likely = cascadia()
    secured = fan_table(pack, likely, case="secured_only")
    rows = likely.annual[likely.annual["case"] == "secured_only"]
    np.testing.assert_array_equal(
        secured["article5_remaining_area_m2_p50"].to_numpy()[1:],
        rows["article5_remaining_area_m2_p50"].to_numpy(),
    )


def test_the_figure_draws_the_band_the_lines_and_the_deadlines_in_the_palettes_colours():
    pack, _, likely = cascadia()
    fig = fan_figure(pack, likely)
    (ax,) = fig.axes
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:3] == [
        "forecast P10–P90 (eight draws in ten)",
        "forecast P50",
        "the plan as projected",
    ]
    assert any(label.startswith("Article 5 deadline (") for label in labels)
    (band,) = ax.collections
    assert to_hex(band.get_facecolor()[0]) == palette.FORECAST_BAND.lower()
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert to_hex(lines["forecast P50"].get_color()) == palette.FORECAST_MEDIAN.lower()
    assert to_hex(lines["the plan as projected"].get_color()) == palette.PLAN_LINE.lower()
    deadline = dt.date.fromisoformat(
        pack["header"].set_index("item").loc["current_deadline_date", "value"]
    )
    x = [line.get_xdata()[0] for line in ax.get_lines() if "Article 5 deadline" in line.get_label()]
    assert x == [year_end_position(deadline)]
    # after every draw has finished, only TAIL_YEARS more years are drawn
    table = fan_table(pack, likely)
    last = int(table.loc[table["article5_remaining_area_m2_p90"] > 0, "year"].max())
    assert lines["forecast P50"].get_xdata().max() == last + TAIL_YEARS
    assert f"{likely.n_draws:,} draws" in ax.get_title()


def test_the_png_is_plausible_and_the_same_figures_give_the_same_bytes():
    pack, _, likely = cascadia()
    data = fan_png(pack, likely)
    assert data[:8] == PNG_MAGIC
    width, height = struct.unpack(">II", data[16:24])
    assert 800 <= width <= 2000
    assert 400 <= height <= 1200
    assert fan_png(pack, likely) == data


def test_the_docx_shows_the_fan_under_the_time_requested_with_the_confidence_table(tmp_path):
    pack, result, likely = cascadia()
    path = write_request(pack, tmp_path / "request.docx", result=result, forecast=likely)
    document = docx.Document(str(path))
    assert len(document.inline_shapes) == 3  # the fan, the burn-down, the funding chart
    texts = [p.text for p in document.paragraphs]
    (time_requested,) = [s for s in outline() if s.id == "time_requested"]
    start = texts.index(time_requested.heading)
    end = next(i for i in range(start + 1, len(texts)) if texts[i].startswith("18. "))
    section = texts[start:end]
    assert "How likely the dates are (forecast)" in section
    (caption,) = [t for t in section if t.startswith("Figure 1: ")]
    assert "P10–P90 band and P50 over 40 draws" in caption
    assert NO_FORECAST not in texts
    table = next(
        t for t in document.tables if t.rows[0].cells[0].text == "Case" and len(t.columns) > 10
    )
    assert [r.cells[0].text for r in table.rows[1:]] == ["plan", "secured_only"]


def test_without_a_forecast_the_docx_says_so_and_draws_no_fan(tmp_path):
    pack, result, _ = cascadia()
    plain = RequestPack(
        tables={**pack.tables, "confidence": pack["confidence"].iloc[0:0]},
        metadata=pack.metadata,
    )
    document = docx.Document(str(write_request(plain, tmp_path / "r.docx", result=result)))
    assert len(document.inline_shapes) == 2
    assert NO_FORECAST in [p.text for p in document.paragraphs]
