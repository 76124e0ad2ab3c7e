"""Read the optional files a country folder gives for the request only: past expenditure,
casualties, marking, the risk-education plan and the previous request's baseline.

Each is named in ``country.toml`` under ``[files]`` (:data:`REQUEST_INPUTS`), stays inside
the country folder, and is read like the other tables (CSV, XLSX; columns matched and
coerced to its schema in ``src/landrelease/domain/schemas/``). Beyond its schema each has a
few checks of its own, every problem naming the file, the row and the column:

- ``expenditure``: ``currency`` defaults to the country's; an empty ``amount_usd`` is the
  amount (USD) or amount × ``[country] usd_per_local_unit`` (the country's currency), else
  an error saying what to give;
- ``casualties``: female + male + sex_unknown and child + adult + age_unknown must equal
  killed + injured (all three empty: not recorded, counted as unknown);
- every table: a row given twice (same year and breakdown) is an error; a region that is
  not one of the country's is a warning (not for ``previous_baseline``, whose regions are
  as the previous request named them: the review reconciles them);
- ``previous_baseline`` states one year.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from landrelease.domain.country import CountryInfo
from landrelease.domain.enums import FundingSource
from landrelease.errors import Problem, ValidationError
from landrelease.io.files import read_raw
from landrelease.io.mapped import coerce_mapped, map_table
from landrelease.io.mapping import load_mapping
from landrelease.io.paths import confined_file

__all__ = ["REQUEST_INPUTS", "inspect_request_input", "inspect_request_inputs"]

REQUEST_INPUTS = (
    "expenditure",
    "casualties",
    "marking",
    "risk_education_plan",
    "previous_baseline",
)
"""``[files]`` keys of the optional request files; each is also the name of its schema."""

_KEYS = {
    "expenditure": ("year", "source", "currency"),
    "casualties": ("year", "region", "device_type"),
    "marking": ("year", "region", "measure"),
    "risk_education_plan": ("year", "region"),
    "previous_baseline": ("year", "region", "status", "contamination_type"),
}
"""Columns that identify a row: the same values twice is an error."""
USD = "USD"
_SPLITS = {
    "sex": ("female", "male", "sex_unknown"),
    "age": ("child", "adult", "age_unknown"),
}


def inspect_request_input(
    path: str | Path, role: str, info: CountryInfo, regions: tuple[str, ...] = ()
) -> tuple[pd.DataFrame, list[Problem]]:
    """Read the request file ``role`` (one of :data:`REQUEST_INPUTS`) at ``path``.

    Parameters
    ----------
    path : the file (CSV, XLSX).
    role : which table it is.
    info : the country's facts (currency, ``usd_per_local_unit``).
    regions : the country's regions; others are warned about.

    Returns
    -------
    The table (its schema's columns, ``source_row`` the spreadsheet row) and every problem.
    """
    mapping = load_mapping(None)
    raw = read_raw(path, None, mapping.header_row)
    mapped = map_table(raw, mapping, role)
    table, problems = coerce_mapped(raw, mapped, mapping, role)
    where = (raw.name, raw.row_kind)
    if role == "expenditure":
        table, more = _money(table, info, *where)
        problems += more
    elif role == "casualties":
        table, more = _splits(table, *where)
        problems += more
    elif role == "previous_baseline":
        problems += _one_year(table, *where)
    problems += _repeated(table, _KEYS[role], *where)
    if regions and "region" in table and role != "previous_baseline":
        problems += _unknown_regions(table, regions, *where)
    return table, problems


def _problem(
    file: str,
    row_kind: str,
    row: object,
    column: str,
    message: str,
    *,
    expected: str,
    value: object = None,
    severity: str = "error",
) -> Problem:
    return Problem(
        check="request_inputs",
        message=message,
        file=file,
        row=None if row is None or pd.isna(row) else int(str(row)),
        column=column,
        value=value,
        expected=expected,
        severity=severity,
        row_kind=row_kind,
    )


def _money(
    table: pd.DataFrame, info: CountryInfo, file: str, row_kind: str
) -> tuple[pd.DataFrame, list[Problem]]:
    """Currency defaulted to the country's; amount_usd filled where it can be."""
    out = table.copy()
    currency = out["currency"].fillna(info.currency).str.upper()
    out["currency"] = currency
    rate = info.usd_per_local_unit
    usd = out["amount_usd"].copy()
    blank = usd.isna() & out["amount"].notna()
    in_usd = blank & (currency == USD)
    usd[in_usd] = out.loc[in_usd, "amount"]
    local = blank & (currency == info.currency.upper()) & (currency != USD)
    if rate is not None:
        usd[local] = out.loc[local, "amount"] * rate
    out["amount_usd"] = usd
    problems = []
    for row in out[usd.isna() & out["amount"].notna()].itertuples():
        how = (
            f"add [country] usd_per_local_unit to country.toml (US$ per unit of {row.currency})"
            if row.currency == info.currency.upper()
            else f"{row.currency} is neither USD nor the country's currency {info.currency}"
        )
        problems.append(
            _problem(
                file,
                row_kind,
                row.source_row,
                "amount_usd",
                f"amount_usd is empty and the amount in {row.currency} cannot be converted",
                expected=f"the amount in US$; or {how}",
            )
        )
    kinds = [
        None
        if pd.isna(s)
        else FundingSource.NATIONAL.value
        if str(s).strip().lower() == FundingSource.NATIONAL.value
        else FundingSource.INTERNATIONAL.value
        for s in out["source"]
    ]
    out.insert(out.columns.get_loc("source") + 1, "source_kind", pd.array(kinds, "string"))
    return out, problems


def _splits(table: pd.DataFrame, file: str, row_kind: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Sex and age splits that add up to killed + injured; all empty = not recorded."""
    out = table.copy()
    total = out["killed"].fillna(0) + out["injured"].fillna(0)
    problems = []
    for what, (first, second, unknown) in _SPLITS.items():
        parts = out[[first, second, unknown]]
        none = parts.isna().all(axis=1)
        out.loc[none, unknown] = total[none]
        filled = out[[first, second, unknown]].fillna(0)
        for col in (first, second, unknown):
            out[col] = filled[col].astype("Int64")
        wrong = ~none & (filled.sum(axis=1) != total)
        for i in np.flatnonzero(wrong.to_numpy()):
            row = out.iloc[i]
            problems.append(
                _problem(
                    file,
                    row_kind,
                    row["source_row"],
                    first,
                    f"{first} + {second} + {unknown} = {int(filled.iloc[i].sum())} casualties, "
                    f"but killed + injured = {int(total.iloc[i])}",
                    expected=f"the casualties split by {what} adding up to killed + injured "
                    f"(put those whose {what} was not recorded in {unknown})",
                )
            )
    return out, problems


def _one_year(table: pd.DataFrame, file: str, row_kind: str) -> list[Problem]:
    years = table["year"].dropna()
    if years.nunique() <= 1:
        return []
    first = int(years.iloc[0])
    return [
        _problem(
            file,
            row_kind,
            row.source_row,
            "year",
            f"the previous baseline states {first} on its first row and {row.year} here",
            value=row.year,
            expected="one year: the end of the year the previous request's figures describe",
        )
        for row in table.dropna(subset=["year"]).itertuples()
        if int(row.year) != first
    ]


def _repeated(table: pd.DataFrame, key: tuple[str, ...], file: str, row_kind: str) -> list[Problem]:
    complete = table.dropna(subset=list(key))
    twice = complete[complete.duplicated(list(key), keep="first")]
    return [
        _problem(
            file,
            row_kind,
            row["source_row"],
            key[0],
            " / ".join(str(row[k]) for k in key) + " is given twice",
            expected="one row per " + ", ".join(key),
        )
        for _, row in twice.iterrows()
    ]


def _unknown_regions(
    table: pd.DataFrame, regions: tuple[str, ...], file: str, row_kind: str
) -> list[Problem]:
    known = set(regions)
    unknown = table[table["region"].notna() & ~table["region"].isin(known)]
    seen: set[str] = set()
    problems = []
    for row in unknown.itertuples():
        if row.region in seen:
            continue
        seen.add(str(row.region))
        problems.append(
            _problem(
                file,
                row_kind,
                row.source_row,
                "region",
                f"region {row.region} is not a region of the country",
                value=row.region,
                expected="a region spelt as in the hazard table: " + ", ".join(regions),
                severity="warning",
            )
        )
    return problems


def inspect_request_inputs(
    folder: Path, files: dict[str, object], info: CountryInfo, regions: tuple[str, ...]
) -> tuple[dict[str, pd.DataFrame], dict[str, Path], list[Problem]]:
    """Every request file ``[files]`` names (``files`` is that table of ``country.toml``).

    Returns the tables and the paths by key, and every problem. A file that cannot be read
    at all is left out of the tables, its problems kept.
    """
    tables: dict[str, pd.DataFrame] = {}
    paths: dict[str, Path] = {}
    problems: list[Problem] = []
    for role in REQUEST_INPUTS:
        if role not in files:
            continue
        path = confined_file(folder, files[role], key=f"[files] {role}")
        paths[role] = path
        try:
            tables[role], found = inspect_request_input(path, role, info, regions)
        except ValidationError as exc:
            found = list(exc.problems)
        problems += found
    return tables, paths, problems
