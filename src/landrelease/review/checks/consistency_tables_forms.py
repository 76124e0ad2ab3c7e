"""Consistency of Article 7 Forms C, F and G with the request tables: Form C with the
remaining challenge (areas and m² by region, status and type), Forms F and G with the
progress table (release by year and method)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import (
    ALL,
    ARTICLE5,
    TOTAL,
    differs,
    mismatch,
    num,
    table,
    text,
    year_label,
)
from landrelease.review.checks.consistency_tables import (
    RC_COLUMNS,
    national_progress_mismatches,
)
from landrelease.review.checks.registry import check
from landrelease.review.findings import Finding

__all__ = ["form_c_matches", "forms_f_g_match_progress"]


@check("form_c_matches", group="consistency")
def form_c_matches(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Article 7 Form C agrees with the remaining challenge: for every region, status (SHA,
    CHA) and contamination type, the same number of areas and the same m²."""
    fc = table(pack, "form_c", "region", "status", "contamination_type", "area_count", "area_m2")
    rc = table(pack, "remaining_challenge", "region", "contamination_type", *RC_COLUMNS)
    if fc is None or rc is None:
        return []
    fc_keys = zip(
        text(fc, "region"), text(fc, "status"), text(fc, "contamination_type"), strict=True
    )
    form = {(str(r), str(s), str(t)): i for i, (r, s, t) in enumerate(fc_keys)}
    region, kind = text(rc, "region"), text(rc, "contamination_type")
    challenge = {}
    for pos in np.flatnonzero((region != TOTAL) & ~np.isin(kind, [ALL, ARTICLE5])):
        for status in ("sha", "cha"):
            challenge[(str(region[pos]), status, str(kind[pos]))] = int(pos)
    findings = []
    pairs = (("area_count", "count", "count"), ("area_m2", "area_m2", "m2"))
    for key, at in challenge.items():
        status = key[1]
        for fc_col, suffix, unit in pairs:
            rc_col = f"{status}_{suffix}"
            in_rc = float(num(rc, rc_col)[at])
            if key in form:
                stated = float(num(fc, fc_col)[form[key]])
                if differs(stated, in_rc, count=unit == "count"):
                    findings.append(
                        mismatch(
                            "form_c_matches",
                            "form_c",
                            form[key],
                            fc_col,
                            stated,
                            in_rc,
                            label=", ".join(key),
                            unit=unit,
                            rule=f"the remaining-challenge table (row {at + 2}, {rc_col})",
                        )
                    )
            elif differs(in_rc, 0.0, count=unit == "count"):
                findings.append(
                    mismatch(
                        "form_c_matches",
                        "remaining_challenge",
                        at,
                        rc_col,
                        in_rc,
                        0.0,
                        label=", ".join(key),
                        unit=unit,
                        rule="Form C (no row for this region, status and type)",
                    )
                )
    for key, at in form.items():
        if key in challenge:
            continue
        for fc_col, _, unit in pairs:
            stated = float(num(fc, fc_col)[at])
            if differs(stated, 0.0, count=unit == "count"):
                findings.append(
                    mismatch(
                        "form_c_matches",
                        "form_c",
                        at,
                        fc_col,
                        stated,
                        0.0,
                        label=", ".join(key),
                        unit=unit,
                        rule="the remaining-challenge table (no such region and type)",
                    )
                )
    return findings


@check("forms_f_g_match_progress", group="consistency")
def forms_f_g_match_progress(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """Article 7 Forms F/G agree with the progress table's national ``Total`` rows, year by
    year (m² by method, mines and items destroyed)."""
    fg = table(pack, "form_f_g", "year")
    pr = table(pack, "progress", "year", "region")
    if fg is None or pr is None:
        return []
    rows = [(pos, float(year), year_label(year)) for pos, year in enumerate(num(fg, "year"))]
    return national_progress_mismatches("forms_f_g_match_progress", "form_f_g", fg, rows, pr, float)
