"""Request tables from what the State reports besides its hazards and releases: past
expenditure, casualties, marking and fencing, past stocks and the previous request's
baseline (country files named in ``[files]``; :mod:`landrelease.io.request_inputs`).

A table whose file is not given is empty, with its columns: the workbook and the template
still show it (each column's meaning is in its header note), and the review can tell that
nothing was reported.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from landrelease.domain.country import Country
from landrelease.domain.enums import DeviceType, ExclusionMeasure
from landrelease.domain.schema import request_schemas, table_dtypes
from landrelease.reports.request.baseline_tables import ALL, TOTAL

__all__ = [
    "blank",
    "casualties",
    "expenditure",
    "marking",
    "previous_baseline",
    "shaped",
    "stocks",
    "with_submission_date",
]

_CASUALTY_COUNTS = (
    "killed",
    "injured",
    "casualties",
    "female",
    "male",
    "sex_unknown",
    "child",
    "adult",
    "age_unknown",
)


def blank(name: str) -> pd.DataFrame:
    """Request table ``name`` with its columns and dtypes and no row."""
    dtypes = table_dtypes(request_schemas()[name])
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def shaped(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with exactly the columns of request table ``name``, in their dtypes."""
    dtypes = table_dtypes(request_schemas()[name])
    return pd.DataFrame(
        {c: table[c].astype(t) if c in table else pd.Series(dtype=t) for c, t in dtypes.items()}
    ).reset_index(drop=True)


def _region_order(country: Country, table: pd.DataFrame) -> pd.Series:
    order = {r: i for i, r in enumerate(country.regions)}
    return table["region"].map(lambda r: order.get(r, len(order)))


def expenditure(country: Country) -> pd.DataFrame:
    """Past expenditure by year and source (national first, then donors as given), then a
    ``Total`` row per year (US$ only: the amounts may be in several currencies)."""
    given = country.request_inputs.get("expenditure")
    if given is None or given.empty:
        return blank("expenditure")
    rows = given.assign(_national=given["source_kind"] != "national", _total=0)
    totals = rows.groupby("year", as_index=False)["amount_usd"].sum(min_count=1)
    totals = totals.assign(source=TOTAL, source_kind=ALL, _national=True, _total=1)
    table = pd.concat([rows, totals], ignore_index=True)
    table = table.sort_values(["year", "_total", "_national"], kind="stable")
    return shaped("expenditure", table)


def casualties(country: Country) -> pd.DataFrame:
    """Casualties by year, region and device type, then national (``Total``) rows per year
    for each device type reported and for all (``all``)."""
    given = country.request_inputs.get("casualties")
    if given is None or given.empty:
        return blank("casualties")
    detail = given.assign(casualties=given["killed"] + given["injured"])
    counts = list(_CASUALTY_COUNTS)
    detail = (
        detail.groupby(["year", "region", "device_type"], sort=False)[counts].sum().reset_index()
    )
    devices = {d.value: i for i, d in enumerate(DeviceType)}
    by_type = detail.groupby(["year", "device_type"], as_index=False)[counts].sum()
    every = detail.groupby("year", as_index=False)[counts].sum().assign(device_type=ALL)
    national = pd.concat([by_type, every], ignore_index=True).assign(region=TOTAL, _r=1e9)
    detail = detail.assign(_r=_region_order(country, detail))
    table = pd.concat([detail, national], ignore_index=True)
    table["_d"] = table["device_type"].map(lambda d: devices.get(d, len(devices)))
    table = table.sort_values(["year", "_r", "region", "_d"], kind="stable")
    return shaped("casualties", table)


def marking(country: Country) -> pd.DataFrame:
    """Areas marked or fenced by year, region and measure, then national (``Total``) rows
    per year and measure."""
    given = country.request_inputs.get("marking")
    if given is None or given.empty:
        return blank("marking")
    keys = ["year", "region", "measure"]
    detail = given.groupby(keys, sort=False)[["area_count", "area_m2"]].sum(min_count=1)
    detail = detail.reset_index()
    detail["_r"] = _region_order(country, detail)
    national = (
        detail.groupby(["year", "measure"], as_index=False)[["area_count", "area_m2"]]
        .sum(min_count=1)
        .assign(region=TOTAL, _r=1e9)
    )
    measures = {m.value: i for i, m in enumerate(ExclusionMeasure)}
    table = pd.concat([detail, national], ignore_index=True)
    table["_m"] = table["measure"].map(measures)
    table = table.sort_values(["year", "_r", "region", "_m"], kind="stable")
    return shaped("marking", table)


def stocks(country: Country) -> pd.DataFrame:
    """The past stocks as reported (``region`` all = national), year by year."""
    if country.stocks is None or country.stocks.empty:
        return blank("stocks")
    return shaped("stocks", country.stocks.sort_values("year", kind="stable"))


def previous_baseline(country: Country) -> pd.DataFrame:
    """The previous request's baseline as given (``region`` all = national)."""
    given = country.request_inputs.get("previous_baseline")
    if given is None or given.empty:
        return blank("previous_baseline")
    return shaped("previous_baseline", given)


def with_submission_date(header: pd.DataFrame, submitted: dt.date) -> pd.DataFrame:
    """``header`` with a ``submission_date`` item (the date the request is submitted: it
    selects the action plan the request is read against)."""
    row = pd.DataFrame({"item": ["submission_date"], "value": [submitted.isoformat()]})
    kept = header[header["item"] != "submission_date"]
    return pd.concat([kept, row.astype(kept.dtypes.to_dict())], ignore_index=True)
