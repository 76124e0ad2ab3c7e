"""Named validation checks. Structure checks run while coercing a table to its schema
(:func:`landrelease.domain.schema.coerce`); meaning checks, which look across rows and
tables, live in :mod:`landrelease.validation.meaning`."""

from landrelease.validation.meaning import MEANING_CHECKS, run_meaning_checks
from landrelease.validation.stocks import check_stocks, reconcile_stocks

STRUCTURE_CHECKS: tuple[str, ...] = (
    "readable_file",
    "required_columns",
    "required_values",
    "dtypes",
    "allowed_values",
    "unique_ids",
    "positive_areas",
    "value_ranges",
    "dates_in_range",
    "date_or_year",
    "valid_geometry",
    "plausible_areas",
    "area_units",
)
"""Names of the structure checks, as they appear in :attr:`Problem.check`."""

STOCK_CHECKS: tuple[str, ...] = ("unique_stocks", "regions_known", "stock_years", "stock_baseline")
"""Names of the checks of a past-stocks file (:mod:`landrelease.validation.stocks`); the
yearly reconciliation with releases is information, not a check."""

__all__ = [
    "MEANING_CHECKS",
    "STOCK_CHECKS",
    "STRUCTURE_CHECKS",
    "check_stocks",
    "reconcile_stocks",
    "run_meaning_checks",
]
