"""Write a portfolio allocation as an output set (:func:`write_set`: staged, formula-safe
CSV, manifest last): :data:`PORTFOLIO_FILES`.

- ``allocation.csv``: ``country, region, usd_per_year`` (region empty: the whole country).
- ``portfolio.json``: the objective for the allocation, the equal split and the current
  pledges; per country its amount, the objective's parts, the marginal value of one more
  US$1M a year; draws, seed, the solver and provenance.

The same inputs, draws and seed write byte-identical files; only the manifest's time stamp
differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.export.output_set import OutputFile, write_set
from landrelease.export.writers import json_text, write_csv_to

__all__ = ["PORTFOLIO_FILES", "write_portfolio"]

PORTFOLIO_FILES = ("allocation.csv", "portfolio.json")
"""Files of ``portfolio --out`` (then the manifest)."""


def write_portfolio(
    allocation: pd.DataFrame,
    summary: Mapping[str, Any],
    folder: str | Path,
    *,
    origin: Mapping[str, Any],
    command: str | None = None,
) -> list[Path]:
    """Write a portfolio's ``allocation`` and ``summary``
    (:class:`~landrelease.portfolio.PortfolioResult`) to ``folder`` as one set; returns the
    paths of :data:`PORTFOLIO_FILES`."""
    text = json_text(dict(summary))
    files = [
        OutputFile("allocation.csv", partial(write_csv_to, allocation)),
        OutputFile("portfolio.json", lambda h: h.write(text)),
    ]
    return write_set(folder, files, own=PORTFOLIO_FILES, origin=origin, command=command)
