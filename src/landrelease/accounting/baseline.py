"""The remaining challenge at the baseline: counts and m² of SHA and CHA by region and type."""

from __future__ import annotations

import pandas as pd

from landrelease.domain.enums import ContaminationType, HazardStatus

__all__ = ["TOTAL_LABEL", "remaining_challenge"]

TOTAL_LABEL = "Total"


def remaining_challenge(
    hazards: pd.DataFrame, by: str = "region", total: bool = True
) -> pd.DataFrame:
    """SHA and CHA counts and areas grouped by ``by`` (``"region"`` or ``"contamination_type"``).

    Returns
    -------
    One row per group (and a final ``Total`` row when ``total``), with columns ``by``,
    ``sha_count``, ``sha_area_m2``, ``cha_count``, ``cha_area_m2``, ``hazard_count``,
    ``area_m2`` (m²), ``inaccessible_count`` and ``inaccessible_area_m2``. Groups keep the
    order of first appearance; contamination types follow the enumeration's order.
    """
    frame = hazards.assign(
        _sha=hazards["status"] == HazardStatus.SHA.value,
        _inacc=~hazards["accessible"].fillna(True).astype(bool),
    )
    if by == "contamination_type":
        order = [t.value for t in ContaminationType if (frame[by] == t.value).any()]
    else:
        order = list(pd.unique(frame[by].dropna()))
    rows = []
    for key, group in frame.groupby(by, sort=False):
        sha, cha = group[group["_sha"]], group[~group["_sha"]]
        inacc = group[group["_inacc"]]
        rows.append(
            {
                by: key,
                "sha_count": len(sha),
                "sha_area_m2": float(sha["area_m2"].sum()),
                "cha_count": len(cha),
                "cha_area_m2": float(cha["area_m2"].sum()),
                "hazard_count": len(group),
                "area_m2": float(group["area_m2"].sum()),
                "inaccessible_count": len(inacc),
                "inaccessible_area_m2": float(inacc["area_m2"].sum()),
            }
        )
    columns = [
        by,
        "sha_count",
        "sha_area_m2",
        "cha_count",
        "cha_area_m2",
        "hazard_count",
        "area_m2",
        "inaccessible_count",
        "inaccessible_area_m2",
    ]
    out = pd.DataFrame(rows, columns=columns)
    out = out.set_index(by).reindex(order).reset_index()
    if total:
        sums = out.drop(columns=[by]).sum(numeric_only=True)
        out = pd.concat(
            [out, pd.DataFrame([{by: TOTAL_LABEL, **sums.to_dict()}])], ignore_index=True
        )
    for col in columns[1:]:
        out[col] = out[col].astype("int64" if col.endswith("count") else "float64")
    return out
