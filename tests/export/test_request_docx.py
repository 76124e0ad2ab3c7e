"""The DOCX request (sections in the agreed order, narrative, tables) and its two charts."""

from __future__ import annotations

import datetime as dt
import struct
from functools import cache
from pathlib import Path

import docx
import numpy as np
import pytest
from docx.oxml.ns import qn
from docx.table import Table

from landrelease.domain.outline import outline
from landrelease.engine import ProjectionResult, project
from landrelease.export.charts import (
    burndown_figure,
    burndown_png,
    burndown_table,
    deadlines,
    funding_figure,
    funding_png,
    funding_table,
    year_end_position,
)
from landrelease.export.request_docx import NO_FORECAST, NO_ROWS, TO_BE_COMPLETED, format_value
from landrelease.export.request_write import write_request
from landrelease.io import load_country
from landrelease.reports import palette
from landrelease.reports.request import RequestPack, build_request_pack
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@cache
def sample(name: str, public: bool = False) -> tuple[RequestPack, ProjectionResult]:
    country = load_country(SAMPLES / name)
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    result = project(country, scenario)
    return build_request_pack(country, result, public=public, created=CREATED), result


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height (pixels) from a PNG's IHDR chunk."""
    assert data[:8] == PNG_MAGIC
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.mark.parametrize("split", [True, False])
def test_burndown_chart_is_a_plausible_png(split):
    pack, result = sample("cascadia")
    data = burndown_png(pack, result if split else None)
    width, height = png_size(data)
    assert 800 <= width <= 2000
    assert 400 <= height <= 1200
    assert 10_000 < len(data) < 1_000_000


def test_funding_chart_is_a_plausible_png():
    pack, _ = sample("cascadia")
    data = funding_png(pack)
    width, height = png_size(data)
    assert 800 <= width <= 2000
    assert 400 <= height <= 1200
    assert 10_000 < len(data) < 1_000_000


def test_burndown_table_from_the_pack_and_from_the_result():
    pack, result = sample("aurelia")
    wp = pack["work_plan"]
    totals = wp[wp["region"] == "Total"]
    rc = pack["remaining_challenge"]
    national = rc[(rc["region"] == "Total") & (rc["contamination_type"] == "all")].iloc[0]
    from_pack = burndown_table(pack)
    assert from_pack["year"].iloc[0] == 2025  # the baseline year
    assert from_pack["remaining_area_m2"].iloc[0] == pytest.approx(national["area_m2"])
    assert from_pack["remaining_sha_area_m2"].iloc[0] == pytest.approx(national["sha_area_m2"])
    np.testing.assert_allclose(
        from_pack["remaining_area_m2"].iloc[1:], totals["remaining_area_m2"], rtol=1e-12
    )
    assert from_pack["remaining_sha_area_m2"].iloc[1:].isna().all()
    split = burndown_table(pack, result)
    np.testing.assert_allclose(
        split["remaining_sha_area_m2"] + split["remaining_cha_area_m2"],
        split["remaining_area_m2"],
        rtol=1e-9,
    )
    np.testing.assert_allclose(split["remaining_area_m2"], from_pack["remaining_area_m2"])


def _bars(ax) -> dict[str, list[tuple[float, float]]]:
    """Bars of a bar chart by colour: (centre x, height), zero heights included."""
    import matplotlib.colors as mcolors

    out: dict[str, list[tuple[float, float]]] = {}
    for patch in ax.patches:
        colour = mcolors.to_hex(patch.get_facecolor()).upper()
        out.setdefault(colour, []).append(
            (patch.get_x() + patch.get_width() / 2, patch.get_height())
        )
    return out


def test_burndown_reaches_zero_at_the_completion_year_the_request_states():
    pack, result = sample("cascadia")
    ax = burndown_figure(pack, result).axes[0]
    bars = _bars(ax)
    sha = bars[palette.STATUS_COLOURS["sha"]]
    cha = bars[palette.STATUS_COLOURS["cha"]]
    total = {x: h for x, h in sha}
    for x, h in cha:
        total[x] += h
    completion = result.completion_year
    assert completion is not None
    assert total[completion] == 0  # the end of the completion year: nothing left
    assert total[completion - 1] > 0
    assert min(x for x, h in total.items() if h == 0) == completion
    header = dict(zip(pack["header"]["item"], pack["header"]["value"], strict=True))
    assert header["projected_completion_year"] == str(result.article5_completion_year)
    # the requested deadline (after the end of the completion year) is drawn after its bar
    lines = [line.get_xdata()[0] for line in ax.get_lines()]
    requested = dt.date.fromisoformat(header["requested_deadline_date"])
    assert year_end_position(requested) in lines
    assert completion < year_end_position(requested) < completion + 1


def test_year_end_positions():
    assert year_end_position(dt.date(2025, 12, 31)) == 2025.0  # the end of the year
    assert year_end_position(dt.date(2027, 1, 1)) == pytest.approx(2026 + 1 / 365)
    assert year_end_position(dt.date(2027, 3, 1)) == pytest.approx(2026 + 60 / 365)
    assert year_end_position(dt.date(2028, 3, 1)) == pytest.approx(2027 + 61 / 366)


def test_charts_use_the_palette():
    pack, result = sample("aurelia")

    def drawn(fig) -> set[str]:
        return {c for c, bars in _bars(fig.axes[0]).items() if any(h > 0 for _, h in bars)}

    burndown = drawn(burndown_figure(pack, result))
    assert burndown == {palette.STATUS_COLOURS["sha"], palette.STATUS_COLOURS["cha"]}
    # without the projection, plan years have no SHA/CHA split: grey; the baseline has one
    assert drawn(burndown_figure(pack)) == burndown | {palette.GREY}
    funding = drawn(funding_figure(pack))
    assert funding == {palette.COVERED, palette.FUNDING_GAP}


def test_deadlines_and_funding_table_come_from_the_pack():
    pack, _ = sample("cascadia")
    marks = deadlines(pack)
    assert marks["Article 5 deadline"] == dt.date(2027, 3, 1)
    header = dict(zip(pack["header"]["item"], pack["header"]["value"], strict=True))
    assert marks["requested deadline"] == dt.date.fromisoformat(header["requested_deadline_date"])
    funding = funding_table(pack)
    assert len(funding) == len(pack["budget"]) - 1  # no Total row
    assert funding["year"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("value", "kind", "unit", "text"),
    [
        (1234567.89, "float", "m²", "1,234,568"),
        (43120000.0, "float", "US$", "43,120,000"),
        (2031, "int", "year", "2031"),
        (0.854214, "float", "0..1", "0.85"),
        (95.0, "float", "%", "95.00"),
        (0.5, "float", "teams", "0.5"),
        (12345, "int", "count", "12,345"),
        (float("nan"), "float", "m²", ""),
        (True, "bool", "", "yes"),
        ("Total", "string", "", "Total"),
    ],
)
def test_format_value(value, kind, unit, text):
    assert format_value(value, kind, unit) == text


@pytest.fixture(scope="module")
def annex(tmp_path_factory):
    pack, result = sample("cascadia")
    path = write_request(pack, tmp_path_factory.mktemp("docx") / "annex.docx", result=result)
    return docx.Document(str(path)), pack


def grids(document) -> dict[str, Table]:
    """The document's tables by the heading above them (a table's title)."""
    found, title = {}, None
    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            style = child.find(qn("w:pPr"))
            text = "".join(t.text or "" for t in child.iter(qn("w:t")))
            if style is not None and "Heading2" in "".join(
                (e.get(qn("w:val")) or "") for e in style.iter(qn("w:pStyle"))
            ):
                title = text
        elif child.tag == qn("w:tbl"):
            found[title] = Table(child, document)
    return found


def test_annex_has_title_note_captions_and_two_charts(annex):
    document, pack = annex
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Article 5 extension request: Cascadia"
    assert any("Scenario baseline" in t and pack.metadata["scenario_hash"] in t for t in texts)
    assert any(t.startswith("Synthetic sample") for t in texts)
    assert len(document.inline_shapes) == 2
    captions = [t for t in texts if t.startswith(("Table ", "Figure "))]
    assert [c.split(":")[0] for c in captions if c.startswith("Figure")] == [
        "Figure 1",
        "Figure 2",
    ]
    # every table but the narrative (the text itself) and the area list (left out), plus
    # the metadata; a table without rows says so instead of an empty grid
    shown = len(pack.tables) - 2 + 1
    assert sum(c.startswith("Table ") for c in captions) == shown
    # (the confidence table without a forecast says that no forecast was run)
    assert len(document.tables) + texts.count(NO_ROWS) + texts.count(NO_FORECAST) == shown
    assert "Remaining contamination at the baseline" in "\n".join(captions)


def test_every_section_of_the_request_in_order_empty_ones_to_be_completed(annex):
    document, pack = annex
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in outline()]
    texts = [p.text for p in document.paragraphs]
    empty = pack["narrative"]["empty"].fillna(True).astype(bool)
    assert texts.count(TO_BE_COMPLETED) == int(empty.sum())


def test_annex_summarises_the_work_plan_and_leaves_out_the_area_list(annex):
    document, pack = annex
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Yearly totals only" in texts
    assert "list of areas (150 areas" in texts
    work_plan = grids(document)["Work plan (yearly totals)"]
    wp = pack["work_plan"]
    assert len(work_plan.rows) == int((wp["region"] == "Total").sum()) + 1
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert not any(text.startswith("CA-") for text in cells)  # no area ids


def test_annex_numbers_have_thousands_separators(annex):
    document, pack = annex
    budget = grids(document)["Budget and funding"]
    header = [c.text for c in budget.rows[0].cells]
    total = [c.text for c in budget.rows[-1].cells]
    assert total[0] == "Total"
    cost = pack["budget"]["cost_usd"].iloc[-1]
    assert total[header.index("Cost deployed (US$)")] == f"{cost:,.0f}"
    assert "," in total[header.index("Cost deployed (US$)")]


def test_annex_headings_are_labels_with_units_from_the_schema(annex):
    document, _ = annex
    challenge = [c.text for c in grids(document)["Remaining challenge"].rows[0].cells]
    assert challenge[:5] == [
        "Region",
        "Contamination type",
        "Article 5 (AP mines)",
        "SHA areas (number)",
        "SHA area (m²)",
    ]
    assert "Remaining area (m²)" in challenge
    for table in document.tables:
        for cell in table.rows[0].cells:
            assert "_" not in cell.text, cell.text  # no snake_case heading
