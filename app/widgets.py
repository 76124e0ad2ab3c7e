"""Streamlit widgets the pages share: editors of yearly and by-type tables, and the form
that uploads a country's files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
import streamlit as st
from lrapp import donor_lines, uploads
from lrapp import scenario_tables as tables

from landrelease.io import builtin_mappings
from landrelease.scenario import TEAM_KINDS

OWN_NAMES = "(file uses landrelease's column names)"
BLANK_EXTENSION_ROWS = 3
"""Blank rows offered for previous extensions (more can be added)."""
BLANK_MILESTONE_ROWS = 10
"""Blank rows offered for milestones: a ten-year extension's yearly targets (more can be
added). Rows are offered blank, not added, so that every column keeps its type."""


def yearly_editor(
    key: str, section: Mapping[str, Any], lines: Mapping[str, str], years: list[int]
) -> dict[str, Any]:
    """One row per year, one column per line (label by key); returns the yearly values of
    ``section`` as edited (unchanged ones as given)."""
    table = tables.yearly_table(section, list(lines), years)
    edited = st.data_editor(
        table,
        key=key,
        column_config={
            "_index": st.column_config.NumberColumn("Year", format="%d"),
            **{
                k: st.column_config.NumberColumn(label, min_value=0, format="localized")
                for k, label in lines.items()
            },
        },
        num_rows="fixed",
    )
    return tables.yearly_from_table(edited, section, list(lines))


def donor_lines_editor(key: str, funding: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per donor line of ``funding`` (``[[funding.lines]]``), rows added or deleted
    at will; returns the lines as edited (:mod:`lrapp.donor_lines`)."""
    original = funding.get("lines", [])
    edited = st.data_editor(
        donor_lines.lines_table(original),
        key=key,
        column_config={
            "donor": st.column_config.TextColumn("Donor"),
            "status": st.column_config.SelectboxColumn("Status", options=["secured", "expected"]),
            "earmark": st.column_config.SelectboxColumn(
                "Earmarked to (team kind)", options=["", *TEAM_KINDS]
            ),
            "usd_per_year": st.column_config.NumberColumn(
                "US$ a year", min_value=0, format="localized"
            ),
            "by_year": st.column_config.TextColumn(
                "US$ by year (2027 = 300000; 2029 = 200000)"
            ),
            "from_year": st.column_config.NumberColumn("From year", format="%d"),
            "to_year": st.column_config.NumberColumn("To year", format="%d"),
            "source": st.column_config.TextColumn("Source"),
        },
        num_rows="dynamic",
        hide_index=True,
    )
    return donor_lines.lines_from_table(edited, original)


def by_type_editor(
    key: str, columns: Mapping[str, tuple[str, Any, float]], number_format: str = "%.4g"
) -> pd.DataFrame:
    """One row per contamination type, one column per (label, value, fill)."""
    table = pd.DataFrame(
        {col: tables.by_type_values(value, fill) for col, (_, value, fill) in columns.items()}
    )
    table.index.name = "contamination_type"
    config: dict[str, Any] = {
        col: st.column_config.NumberColumn(label, min_value=0.0, format=number_format)
        for col, (label, _, _) in columns.items()
    }
    config["_index"] = st.column_config.TextColumn("Contamination type")
    return st.data_editor(table, key=key, column_config=config, num_rows="fixed")


def _upload(file: Any) -> uploads.Upload:
    return uploads.Upload(file.name, file.getvalue())


def _date(label: str, value: dt.date, key: str) -> dt.date:
    chosen = st.date_input(
        label, value, key=key, min_value=dt.date(1999, 3, 1), max_value=dt.date(2200, 12, 31)
    )
    return chosen if isinstance(chosen, dt.date) else value


def _extensions_editor() -> pd.DataFrame:
    """Previous extensions: one row per extension granted (date granted, new deadline)."""
    n = BLANK_EXTENSION_ROWS
    empty = pd.DataFrame(
        {
            "granted_date": pd.Series([pd.NaT] * n, dtype="datetime64[ns]"),
            "deadline_date": pd.Series([pd.NaT] * n, dtype="datetime64[ns]"),
        }
    )
    return st.data_editor(
        empty,
        key="upload_extensions",
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "granted_date": st.column_config.DateColumn("Granted on", format="YYYY-MM-DD"),
            "deadline_date": st.column_config.DateColumn("New deadline", format="YYYY-MM-DD"),
        },
    )


def _milestones_editor() -> pd.DataFrame:
    """Milestones of the previous request: year, area (m²), optional region and method."""
    n = BLANK_MILESTONE_ROWS
    empty = pd.DataFrame(
        {
            "year": pd.Series([pd.NA] * n, dtype="Int64"),
            "area_m2": pd.Series([float("nan")] * n, dtype="float"),
            "region": pd.Series([pd.NA] * n, dtype="string"),
            "method": pd.Series([pd.NA] * n, dtype="string"),
        }
    )
    return st.data_editor(
        empty,
        key="upload_milestones",
        num_rows="dynamic",
        hide_index=True,
        column_config={
            "year": st.column_config.NumberColumn("Year", min_value=1997, step=1, format="%d"),
            "area_m2": st.column_config.NumberColumn(
                "Area to release (m²)", min_value=0.0, format="%,.0f"
            ),
            "region": st.column_config.TextColumn("Region (blank: national)"),
            "method": st.column_config.SelectboxColumn(
                "Method (blank: all release)", options=list(uploads.MILESTONE_METHODS[1:])
            ),
        },
    )


def country_upload_form() -> (
    tuple[uploads.CountrySettings, uploads.Upload, uploads.Upload | None, list[uploads.Upload]]
    | None
):
    """The upload form: files and the State's facts. Returns the arguments of
    :func:`lrapp.uploads.save_country` (after ``parent``) when submitted.

    Raises
    ------
    lrapp.uploads.UploadError
        when submitted without a hazard file, or with a table row or CRS that cannot be used.
    """
    mappings = [OWN_NAMES, *builtin_mappings()]
    with st.form("upload_country"):
        st.markdown(f"**Files** (at most {uploads.MAX_UPLOAD_MB} MB each)")
        hazards = st.file_uploader(
            "Hazardous areas: GeoPackage, zipped Shapefile, GeoJSON, CSV or Excel",
            type=[s.lstrip(".") for s in uploads.HAZARD_SUFFIXES],
            key="upload_hazards",
        )
        releases = st.file_uploader(
            "Release history (optional): CSV or Excel",
            type=[s.lstrip(".") for s in uploads.RELEASE_SUFFIXES],
            key="upload_releases",
        )
        scenario_files = st.file_uploader(
            "Scenario files (optional, TOML)",
            type=["toml"],
            accept_multiple_files=True,
            key="upload_scenarios",
        )
        c1, c2, c3 = st.columns(3)
        hazards_mapping = c1.selectbox(
            "Column names of the hazard file", mappings, key="upload_hazards_mapping"
        )
        releases_mapping = c2.selectbox(
            "Column names of the release history", mappings, key="upload_releases_mapping"
        )
        crs = c3.text_input(
            "CRS of the hazard layer, if the file has none",
            key="upload_crs",
            placeholder="e.g. EPSG:32633",
            help="Only for a GIS layer without a coordinate reference system, such as a "
            "Shapefile zipped without its .prj: EPSG:4326 for longitude/latitude, "
            "EPSG:326NN for UTM zone NN north.",
        )
        st.markdown("**The State**")
        c1, c2 = st.columns(2)
        name = c1.text_input("Country name", "My country", key="upload_name")
        code = c2.text_input("Code (ISO 3166 alpha-3)", "XXX", max_chars=3, key="upload_code")
        c1, c2, c3 = st.columns(3)
        with c1:
            eif = _date("Entry into force", dt.date(2003, 3, 1), "upload_eif")
        with c2:
            deadline = _date("Article 5 deadline (current)", dt.date(2028, 3, 1), "upload_deadline")
        with c3:
            baseline = _date(
                "Baseline date (the hazard file's date)", dt.date(2025, 12, 31), "upload_baseline"
            )
        regions = st.text_input(
            "Regions (optional, comma-separated; others are then errors)", key="upload_regions"
        )
        c1, c2 = st.columns([2, 3])
        with c1:
            st.markdown("Previous extensions (optional)")
            extensions = _extensions_editor()
        with c2:
            st.markdown("Milestones of the previous request (optional)")
            milestones = _milestones_editor()
        submitted = st.form_submit_button("Check and open", type="primary")
    if not submitted:
        return None
    if hazards is None:
        raise uploads.UploadError(
            "No hazard file was received: choose one under Files (at most "
            f"{uploads.MAX_UPLOAD_MB} MB; a file the upload box marks as too large is not sent)."
        )
    settings = uploads.CountrySettings(
        name=name or "",
        code=code or "",
        entry_into_force_date=eif,
        article5_deadline_date=deadline,
        baseline_date=baseline,
        regions=tuple(r.strip() for r in (regions or "").split(",") if r.strip()),
        hazards_mapping=None if hazards_mapping == OWN_NAMES else hazards_mapping,
        releases_mapping=None if releases_mapping == OWN_NAMES else releases_mapping,
        crs=uploads.check_crs(crs),
        previous_extensions=uploads.extensions_from_rows(extensions.to_dict("records")),
        milestones=uploads.milestones_from_rows(milestones.to_dict("records")),
    )
    return (
        settings,
        _upload(hazards),
        None if releases is None else _upload(releases),
        [_upload(f) for f in scenario_files or []],
    )
