"""Plausibility limits as data: values that parse but cannot be true, each limit with its reason.

The limits live in ``schemas/plausibility.toml`` (value, unit, reason), where a domain expert
can read and change them. Readers and checks name the limit and its reason in every message,
so a user sees why a value was refused or questioned.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources

__all__ = [
    "CONVENTION_IN_FORCE_DATE",
    "Limit",
    "PlausibilityLimits",
    "latest_plausible_date",
    "plausibility",
]

CONVENTION_IN_FORCE_DATE = dt.date(1999, 3, 1)
"""The Convention entered into force on 1 March 1999 (Article 17): no State's entry into
force, and no extension, is earlier."""


@dataclass(frozen=True)
class Limit:
    """One plausibility limit: its name, value, unit and the reason for it."""

    name: str
    value: float
    unit: str
    reason: str

    def shown(self) -> str:
        """The value as a person reads it (areas in km²), e.g. ``1,000 km²``."""
        if self.unit == "m²" and self.value >= 1e6:
            return f"{self.value / 1e6:,.0f} km²"
        if self.unit == "US$" and self.value >= 1e9:
            return f"US${self.value / 1e9:,.0f} billion"
        return f"{self.value:,.0f} {self.unit}"

    def describe(self) -> str:
        """``the limit NAME of VALUE (REASON)``, for messages."""
        return f"the limit {self.name} of {self.shown()} ({self.reason})"


@dataclass(frozen=True)
class PlausibilityLimits:
    """Every limit of ``plausibility.toml``; see the file for each reason."""

    hazard_area_max_m2: Limit
    """Largest area of one hazard: above it, an error."""
    hazard_area_warn_m2: Limit
    """Area of one hazard above which a warning asks for a look."""
    country_area_max_m2: Limit
    """Largest total hazardous area of a country: above it, an error."""
    country_area_warn_m2: Limit
    """Total hazardous area of a country above which a warning asks for a look."""
    future_days_max: Limit
    """Days after today a baseline or a granted extension may lie: beyond, an error."""
    teams_per_kind_max: Limit
    """Teams of one kind in one year a scenario may field: above, an error."""
    median_area_min_m2: Limit
    """Median area of a table below which its areas are probably hectares or km²."""
    usd_per_year_max: Limit
    """Largest amount of money (a year, or a team-year) in a scenario: above, an error."""
    productivity_max_m2_per_team_year: Limit
    """Largest productivity of one team in a scenario: above, an error."""
    factor_max: Limit
    """Largest factor on funding or productivity in a scenario: above, an error."""


@cache
def plausibility() -> PlausibilityLimits:
    """The plausibility limits, read once from ``schemas/plausibility.toml``.

    Raises
    ------
    ValueError
        when the file lacks a limit, has an unknown one, or a value is not a positive number
        (a broken installation, not bad input).
    """
    text = (
        resources.files("landrelease.domain.schemas")
        .joinpath("plausibility.toml")
        .read_text(encoding="utf-8")
    )
    data = tomllib.loads(text)
    names = [f.name for f in fields(PlausibilityLimits)]
    if sorted(data) != sorted(names):
        raise ValueError(f"plausibility.toml: expected the limits {names}, found {sorted(data)}")
    limits = {}
    for name in names:
        entry = data[name]
        value = entry.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            raise ValueError(f"plausibility.toml: {name}.value = {value!r} is not positive")
        limits[name] = Limit(name, float(value), str(entry["unit"]), str(entry["reason"]))
    return PlausibilityLimits(**limits)


def latest_plausible_date(today: dt.date | None = None) -> dt.date:
    """The latest date a baseline or a granted extension may carry: today plus
    ``future_days_max``."""
    days = int(plausibility().future_days_max.value)
    return (today or dt.date.today()) + dt.timedelta(days=days)
