"""Closed hazards of a hazard export, offered as release history when a country has none.

An IMSMA export keeps hazards that were closed (``Status_1 = Expired``) with the date and year
of their last status change. They are not part of the remaining challenge, but they are the
country's past release: a hazard closed in 2019 is land released in 2019. When a country
folder names no releases file, they become its release history, one record per closed
hazard: its area (measured from the polygon), region, contamination type and the year it
closed (``Status_C_1``, else the year of ``Status_Cha``).

How a closed hazard was released (cancelled, reduced or cleared) is not in the export, but
the releases schema needs a method. The records say :data:`ASSUMED_METHOD` with
``method_recorded = false``: the released area counts in yearly totals (the pace the Article 5
Committee compares plans with), calibration leaves these records out of the release shares,
and a warning says so.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import shapely

from landrelease.domain.enums import ReleaseMethod
from landrelease.domain.schema import coerce, schema
from landrelease.errors import Problem
from landrelease.io.files import RawTable
from landrelease.io.geometry import measure_area_m2
from landrelease.io.mapping import ColumnMapping

__all__ = ["ASSUMED_METHOD", "CHECK", "closed_history", "drop_expected_warnings"]

ASSUMED_METHOD = ReleaseMethod.CLEARED
"""Method written on release records made from closed hazards (with ``method_recorded =
false``): one value is needed, the export records none, and ``cleared`` says the land was
released without claiming a survey result the export does not give."""
CHECK = "closed_hazards_as_history"
"""The check name of the warning that says the history comes from closed hazards."""


def _measured_area(closed: RawTable, crs: str | None) -> pd.Series | None:
    """Area (m²) of each closed hazard's polygon, NaN where it has none or a bad one."""
    geometry = closed.geometry
    if geometry is None:
        return None
    if geometry.crs is None:
        if crs is None:
            return None
        geometry = geometry.set_crs(crs)
    geoms = geometry.to_numpy()
    good = (
        ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        & np.isin(shapely.get_type_id(geoms), (3, 6))
        & shapely.is_valid(geoms)
    )
    return measure_area_m2(geometry).where(good)


def closed_history(
    closed: RawTable | None,
    mapping: ColumnMapping,
    *,
    baseline_year: int,
    regions: tuple[str, ...] = (),
    crs: str | None = None,
) -> tuple[pd.DataFrame, list[Problem]]:
    """Release records (``schema("releases")``) made from the closed hazards of an export.

    Parameters
    ----------
    closed : the rows the mapping's filters dropped (see :class:`~landrelease.io.tables.
        HazardFile`), or ``None``.
    mapping : the mapping the hazard file was read with (its aliases give hazard_id, region,
        contamination_type, area_m2, year and date).
    baseline_year : records after it are left out (they belong to the next baseline).
    regions : the country's regions; closed hazards in other regions are left out.
    crs : CRS to assume for polygons without one.

    Returns
    -------
    The records (empty when there are none) and one warning saying what was used and what was
    left out (rows without a closure year, with bad values, after the baseline, elsewhere).
    """
    table = schema("releases")
    if closed is None or closed.attributes.empty:
        return coerce(pd.DataFrame(), table)[0], []
    raw = closed.attributes
    renames = mapping.renames(raw.columns, table.names)
    attributes = mapping.translate_values(raw.rename(columns=renames))
    attributes, assumed = mapping.apply_defaults(
        attributes, table.names, file=closed.name, row_kind=closed.row_kind
    )
    measured = _measured_area(closed, crs)
    if measured is not None:
        stated = attributes.get("area_m2", np.nan)
        attributes["area_m2"] = measured.where(measured.notna(), stated)
    attributes["method"] = ASSUMED_METHOD.value
    attributes["method_recorded"] = False
    attributes = attributes.drop(columns=["teams", "asset"], errors="ignore")
    attributes["source_row"] = closed.row_numbers.to_numpy()
    records, problems = coerce(
        attributes,
        table,
        file=closed.name,
        row_numbers=closed.row_numbers,
        row_kind=closed.row_kind,
        column_labels={c: s for s, c in renames.items()},
    )
    records["year"] = records["year"].fillna(records["date"].dt.year.astype("Int64"))
    left_out: Counter[str] = Counter()
    bad: dict[int, str] = {}
    for p in problems:
        if p.severity == "error" and p.row is not None:
            bad.setdefault(p.row, f"with an unreadable or out-of-range {p.column}")
    reasons = {why: records["source_row"].map(bad).eq(why) for why in dict.fromkeys(bad.values())}
    reasons["without a closure year (Status_C_1 or Status_Cha)"] = records["year"].isna()
    reasons[f"closed after the baseline year {baseline_year}"] = records["year"] > baseline_year
    if regions:
        reasons["in a region not listed in country.toml"] = ~records["region"].isin(regions)
    drop = pd.Series(False, index=records.index)
    for why, rows in reasons.items():
        rows = rows.fillna(False).astype(bool) & ~drop
        left_out[why] = int(rows.sum())
        drop |= rows
    used = records[~drop].reset_index(drop=True)
    message = (
        f"no releases file: the {len(used):,} closed hazard{'s' if len(used) != 1 else ''} "
        "dropped from the baseline are used as the release history"
    )
    if len(used):
        years = used["year"].astype(int)
        message += f" ({used['area_m2'].sum() / 1e6:,.2f} km² closed {years.min()}-{years.max()})"
    message += (
        f". How they were released is not recorded: they count as {ASSUMED_METHOD.value} "
        "(method_recorded = false) in yearly totals, and calibration leaves them out of the "
        "release shares"
    )
    if assumed:
        message += "; their contamination type is assumed as the mapping's [defaults] states"
    if sum(left_out.values()):
        message += "; left out: " + ", ".join(f"{n:,} {why}" for why, n in left_out.items() if n)
    warning = Problem(
        check=CHECK,
        message=message,
        file=closed.name,
        severity="warning",
        row_kind=closed.row_kind,
        expected="a releases file ([files] releases in country.toml) with how land was "
        "released (cancelled, reduced, cleared) per year",
    )
    return used, [warning]


def drop_expected_warnings(problems: list[Problem]) -> list[Problem]:
    """Problems of the meaning checks without those every closed hazard would raise: a
    history record for a hazard not in the baseline is expected when it is closed."""
    return [p for p in problems if p.check != "history_hazards_known"]
