"""Meaning checks across a country's tables: each a plain function returning problems.

``overlapping_polygons`` and ``area_matches_polygon`` need geometry and run in the reader
(:mod:`landrelease.io.tables`); the checks here need the whole country.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from landrelease.domain.country import CountryInfo
from landrelease.errors import Problem
from landrelease.validation.plausible import total_hazard_area

__all__ = ["MEANING_CHECKS", "Sources", "run_meaning_checks"]

RELEASE_TOLERANCE_FRAC = 0.005
"""Rounding allowed when comparing released area with a hazard's original area."""


@dataclass(frozen=True)
class Sources:
    """File names and row kinds of the two tables, for messages."""

    hazards_file: str
    releases_file: str
    hazards_row_kind: str = "row"
    releases_row_kind: str = "row"
    country_file: str = "country.toml"


Check = Callable[[pd.DataFrame, pd.DataFrame, CountryInfo, Sources], list[Problem]]


def _located(file: str, row_kind: str, row: Any, **kw: Any) -> Problem:
    return Problem(file=file, row=None if pd.isna(row) else int(row), row_kind=row_kind, **kw)


def _hazard_problem(src: Sources, row: Any, **kw: Any) -> Problem:
    return _located(src.hazards_file, src.hazards_row_kind, row, **kw)


def _release_problem(src: Sources, row: Any, **kw: Any) -> Problem:
    return _located(src.releases_file, src.releases_row_kind, row, **kw)


def _by_id(hazards: pd.DataFrame) -> pd.DataFrame:
    """Hazards indexed by id; empty and repeated ids (errors of their own) are left out."""
    named = hazards[hazards["hazard_id"].notna()]
    return named.drop_duplicates("hazard_id").set_index("hazard_id")


def regions_known(
    hazards: pd.DataFrame, releases: pd.DataFrame, info: CountryInfo, src: Sources
) -> list[Problem]:
    """Every region used in the tables is listed in country.toml (when it lists any)."""
    if not info.regions:
        return []
    listed = set(info.regions)
    expected = "a region listed in country.toml: " + ", ".join(info.regions)
    problems = []
    for table, make in ((hazards, _hazard_problem), (releases, _release_problem)):
        bad = table["region"].notna() & ~table["region"].isin(listed)
        for row, value in zip(table.loc[bad, "source_row"], table.loc[bad, "region"], strict=True):
            problems.append(
                make(
                    src,
                    row,
                    check="regions_known",
                    message="unknown region",
                    column="region",
                    value=value,
                    expected=expected,
                )
            )
    return problems


def empty_regions(
    hazards: pd.DataFrame, releases: pd.DataFrame, info: CountryInfo, src: Sources
) -> list[Problem]:
    """A region listed in country.toml with neither hazards nor history is probably a typo."""
    used = set(hazards["region"].dropna()) | set(releases["region"].dropna())
    return [
        Problem(
            check="empty_regions",
            severity="warning",
            file=src.country_file,
            column="regions",
            value=region,
            message="region has no hazards and no release history",
            expected="a region used in the hazard or release file, or remove it",
        )
        for region in info.regions
        if region not in used
    ]


def history_hazards_known(
    hazards: pd.DataFrame, releases: pd.DataFrame, info: CountryInfo, src: Sources
) -> list[Problem]:
    """Release records name hazards of the baseline (or none).

    A record for a hazard that is not in the baseline may be an area fully released before
    the baseline date, or a typo: it is a warning.
    """
    known = set(hazards["hazard_id"].dropna())
    named = releases["hazard_id"].notna()
    bad = named & ~releases["hazard_id"].isin(known)
    return [
        _release_problem(
            src,
            row,
            check="history_hazards_known",
            severity="warning",
            message="hazard_id is not in the hazard file (fully released "
            "before the baseline, or a typo?)",
            column="hazard_id",
            value=value,
        )
        for row, value in zip(
            releases.loc[bad, "source_row"], releases.loc[bad, "hazard_id"], strict=True
        )
    ]


def released_within_hazard_area(
    hazards: pd.DataFrame, releases: pd.DataFrame, info: CountryInfo, src: Sources
) -> list[Problem]:
    """Area released on a hazard plus what remains never exceeds its original area."""
    if "original_area_m2" not in hazards or not hazards["original_area_m2"].notna().any():
        return []
    released = releases.dropna(subset=["hazard_id"]).groupby("hazard_id")["area_m2"].sum()
    h = _by_id(hazards)
    original = h["original_area_m2"]
    total = h["area_m2"] + released.reindex(h.index).fillna(0.0)
    limit = original * (1 + RELEASE_TOLERANCE_FRAC)
    # a remaining area alone above the original is reported once, by original_area_not_smaller
    over = original.notna() & (total > limit) & ~(h["area_m2"] > limit)
    problems = []
    for hazard_id in over[over].index:
        problems.append(
            _hazard_problem(
                src,
                h.loc[hazard_id, "source_row"],
                check="released_within_hazard_area",
                message=f"{hazard_id}: released ({released.get(hazard_id, 0.0):,.0f} m² in "
                f"{src.releases_file}) plus remaining ({h.loc[hazard_id, 'area_m2']:,.0f} m²) is "
                "more than the original area",
                column="original_area_m2",
                value=h.loc[hazard_id, "original_area_m2"],
                expected=f"at least {total.loc[hazard_id]:,.0f} m²",
            )
        )
    return problems


def original_area_not_smaller(
    hazards: pd.DataFrame, releases: pd.DataFrame, info: CountryInfo, src: Sources
) -> list[Problem]:
    """A hazard's remaining area cannot exceed its original area."""
    if "original_area_m2" not in hazards:
        return []
    bad = hazards["original_area_m2"].notna() & (
        hazards["area_m2"] > hazards["original_area_m2"] * (1 + RELEASE_TOLERANCE_FRAC)
    )
    return [
        _hazard_problem(
            src,
            row,
            check="original_area_not_smaller",
            message="original area is smaller than the remaining area",
            column="original_area_m2",
            value=value,
            expected=f"at least area_m2 ({area:,.0f} m²)",
        )
        for row, value, area in zip(
            hazards.loc[bad, "source_row"],
            hazards.loc[bad, "original_area_m2"],
            hazards.loc[bad, "area_m2"],
            strict=True,
        )
    ]


def dates_before_baseline(
    hazards: pd.DataFrame, releases: pd.DataFrame, info: CountryInfo, src: Sources
) -> list[Problem]:
    """Hazards were recorded, and releases made, no later than the baseline date."""
    baseline = pd.Timestamp(info.baseline_date)
    problems = []
    late = hazards["recorded_date"].notna() & (hazards["recorded_date"] > baseline)
    for row, value in zip(
        hazards.loc[late, "source_row"], hazards.loc[late, "recorded_date"], strict=True
    ):
        problems.append(
            _hazard_problem(
                src,
                row,
                check="dates_before_baseline",
                message="recorded after the baseline date",
                column="recorded_date",
                value=f"{value:%Y-%m-%d}",
                expected=f"a date on or before {info.baseline_date}",
            )
        )
    late_r = (releases["date"].notna() & (releases["date"] > baseline)) | (
        releases["date"].isna() & (releases["year"] > info.baseline_year)
    ).fillna(False)
    for row, year in zip(
        releases.loc[late_r, "source_row"], releases.loc[late_r, "year"], strict=True
    ):
        problems.append(
            _release_problem(
                src,
                row,
                check="dates_before_baseline",
                message="release after the baseline date",
                column="year",
                value=year,
                expected=f"a year up to {info.baseline_year} "
                "(later releases belong to the next baseline)",
            )
        )
    return problems


def history_type_matches(
    hazards: pd.DataFrame, releases: pd.DataFrame, info: CountryInfo, src: Sources
) -> list[Problem]:
    """A release record on a hazard has the hazard's contamination type."""
    types = _by_id(hazards)["contamination_type"]
    named = releases["hazard_id"].notna() & releases["hazard_id"].isin(types.index)
    if not named.any():
        return []
    expected = releases.loc[named, "hazard_id"].map(types)
    bad = expected.notna() & (expected != releases.loc[named, "contamination_type"])
    idx = bad[bad].index
    return [
        _release_problem(
            src,
            releases.loc[i, "source_row"],
            check="history_type_matches",
            severity="warning",
            message=f"contamination type differs from the hazard's ({expected.loc[i]})",
            column="contamination_type",
            value=releases.loc[i, "contamination_type"],
        )
        for i in idx
    ]


def plausible_total_area(
    hazards: pd.DataFrame, releases: pd.DataFrame, info: CountryInfo, src: Sources
) -> list[Problem]:
    """The hazardous areas add up to no more than a country can hold (see
    :func:`landrelease.validation.plausible.total_hazard_area`)."""
    return total_hazard_area(hazards, file=src.hazards_file)


MEANING_CHECKS: dict[str, Check] = {
    "regions_known": regions_known,
    "empty_regions": empty_regions,
    "history_hazards_known": history_hazards_known,
    "released_within_hazard_area": released_within_hazard_area,
    "original_area_not_smaller": original_area_not_smaller,
    "dates_before_baseline": dates_before_baseline,
    "history_type_matches": history_type_matches,
    "plausible_total_area": plausible_total_area,
}
"""The meaning checks run on a loaded country, by name."""


def run_meaning_checks(
    hazards: pd.DataFrame, releases: pd.DataFrame, info: CountryInfo, sources: Sources
) -> list[Problem]:
    """Run every check of :data:`MEANING_CHECKS`; return all their problems."""
    problems: list[Problem] = []
    for check in MEANING_CHECKS.values():
        problems += check(hazards, releases, info, sources)
    return problems
