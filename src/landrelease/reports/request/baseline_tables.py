"""Request tables about the State and its remaining challenge: header, remaining challenge,
Article 7 Form C and the list of areas."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.domain.country import Country
from landrelease.domain.enums import ContaminationType, HazardStatus
from landrelease.engine.result import ProjectionResult

__all__ = ["ALL", "ARTICLE5", "TOTAL", "area_list", "form_c", "header", "remaining_challenge"]

TOTAL = "Total"
"""Label of national (or all-year) total rows."""
ALL = "all"
"""Label of all-type subtotal rows."""
ARTICLE5 = "article5"
"""Label of the Article 5 subtotal rows: AP-mined types (ap_mine, ap_improvised, mixed)."""
_AP = {t.value for t in ContaminationType if t.is_anti_personnel}


def header(country: Country, result: ProjectionResult) -> pd.DataFrame:
    """Key dates and the duration requested (two columns: ``item``, ``value``)."""
    info, s = country.info, result.summary
    extensions = (
        "; ".join(
            f"granted {e.granted_date}, deadline {e.deadline_date}"
            for e in info.previous_extensions
        )
        or "none"
    )
    years, needed = s["years_beyond_deadline"], s["required_deadline_date"]
    rows = [
        ("country", info.name),
        ("country_code", info.code),
        ("entry_into_force_date", info.entry_into_force_date.isoformat()),
        ("original_deadline_date", info.original_deadline_date.isoformat()),
        ("previous_extensions", extensions),
        ("current_deadline_date", info.article5_deadline_date.isoformat()),
        ("baseline_date", info.baseline_date.isoformat()),
        ("projected_completion_year", _text(s["article5_completion_year"])),
        ("accessible_completion_year", _text(s.get("accessible_completion_year"))),
        ("request_kind", s.get("request_kind", "extension")),
        ("duration_requested_years", _text(s.get("duration_requested_years", years))),
        ("requested_deadline_date", _text(s.get("requested_deadline_date", needed))),
        ("requested_deadline_funding", s.get("requested_deadline_note")),
        ("scenario", s["scenario"]),
        ("scenario_hash", s["scenario_hash"]),
    ]
    return pd.DataFrame(rows, columns=["item", "value"]).astype("string")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _challenge_rows(frame: pd.DataFrame) -> dict[str, object]:
    sha = frame["status"] == HazardStatus.SHA.value
    inacc = ~frame["accessible"].fillna(True).astype(bool)
    return {
        "sha_count": int(sha.sum()),
        "sha_area_m2": float(frame.loc[sha, "area_m2"].sum()),
        "cha_count": int((~sha).sum()),
        "cha_area_m2": float(frame.loc[~sha, "area_m2"].sum()),
        "hazard_count": len(frame),
        "area_m2": float(frame["area_m2"].sum()),
        "inaccessible_count": int(inacc.sum()),
        "inaccessible_area_m2": float(frame.loc[inacc, "area_m2"].sum()),
        "border_count": int(frame["border_area"].fillna(False).astype(bool).sum()),
        "military_count": int(frame["military_area"].fillna(False).astype(bool).sum()),
    }


def remaining_challenge(country: Country) -> pd.DataFrame:
    """SHA/CHA counts and m² by region and contamination type at the baseline.

    Per region: one row per type present, then an ``all`` row and an ``article5`` row (the
    AP-mined types: ap_mine, ap_improvised, mixed); then national rows (region ``Total``)
    the same way. The ``article5`` column marks AP types (and the ``article5`` rows).
    """
    hazards = country.hazards
    types = [t.value for t in ContaminationType if (hazards["contamination_type"] == t.value).any()]
    rows = []
    for region in [r for r in country.regions if (hazards["region"] == r).any()] + [TOTAL]:
        in_region = hazards if region == TOTAL else hazards[hazards["region"] == region]
        for t in types:
            part = in_region[in_region["contamination_type"] == t]
            if len(part):
                rows.append(
                    {
                        "region": region,
                        "contamination_type": t,
                        "article5": t in _AP,
                        **_challenge_rows(part),
                    }
                )
        rows.append(
            {
                "region": region,
                "contamination_type": ALL,
                "article5": bool(in_region["contamination_type"].isin(_AP).any()),
                **_challenge_rows(in_region),
            }
        )
        rows.append(
            {
                "region": region,
                "contamination_type": ARTICLE5,
                "article5": True,
                **_challenge_rows(in_region[in_region["contamination_type"].isin(_AP)]),
            }
        )
    return pd.DataFrame(rows)


def form_c(country: Country) -> pd.DataFrame:
    """Article 7 Form C: number and m² of areas by region, status and contamination type."""
    h = country.hazards
    order = {r: i for i, r in enumerate(country.regions)}
    table = (
        h.groupby(["region", "status", "contamination_type"], observed=True)["area_m2"]
        .agg(area_count="count", area_m2="sum")
        .reset_index()
    )
    table["_r"] = table["region"].map(order)
    table = table.sort_values(["_r", "status", "contamination_type"], kind="stable")
    table = table.drop(columns="_r").reset_index(drop=True)
    table["area_count"] = table["area_count"].astype("int64")
    return table


def area_list(country: Country, result: ProjectionResult) -> pd.DataFrame:
    """Every baseline area with its centre (WGS 84) and planned completion year."""
    h = country.hazards
    if "geometry" in h and h.geometry.notna().any():
        centres = h.geometry.representative_point()
        lon, lat = centres.x.to_numpy(), centres.y.to_numpy()
    else:
        lon = lat = np.full(len(h), np.nan)
    planned = result.schedule.set_index("hazard_id")["completion_year"]
    return pd.DataFrame(
        {
            "hazard_id": h["hazard_id"].astype("string").to_numpy(),
            "name": h["name"].astype("string").to_numpy(),
            "region": h["region"].to_numpy(),
            "status": h["status"].to_numpy(),
            "contamination_type": h["contamination_type"].to_numpy(),
            "area_m2": h["area_m2"].to_numpy(dtype=float),
            "longitude": np.round(lon, 6),
            "latitude": np.round(lat, 6),
            "priority": h["priority"].to_numpy(),
            "planned_completion_year": pd.array(h["hazard_id"].map(planned), dtype="Int64"),
        }
    )
