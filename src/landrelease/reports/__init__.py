"""Reports built from projections: key figures, comparisons, headlines. Reports never change
engine output."""

from landrelease.reports.compare import compare, headline, key_figures

__all__ = ["compare", "headline", "key_figures"]
