"""Write a portfolio allocation as an output set (:func:`write_set`: staged, formula-safe
CSV, manifest last): :data:`PORTFOLIO_FILES`.

- ``allocation.csv``: ``country, region, usd_per_year`` (region empty: the whole country).
- ``portfolio.json``: the objective for the allocation, the equal split and the current
  pledges; per country its amount, the objective's parts, the marginal value of one more
  US$1M a year; draws, seed, the solver and provenance.
- with ``--format long``, ``long.csv``: the long IAMC-style table
  (:mod:`landrelease.reports.long_format`) of each country's yearly table
  (``table = "portfolio"`` in the variable list): the money allocated and the chance of
  Article 5 completion by each year with it.

The same inputs, draws and seed write byte-identical files; only the manifest's time stamp
differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.export.output_set import LONG_FILE, OutputFile, write_set
from landrelease.export.writers import json_text, write_csv_to
from landrelease.reports.long_format import LONG_COLUMNS, long_rows, model_name

__all__ = ["PORTFOLIO_FILES", "portfolio_long", "write_portfolio"]

PORTFOLIO_TABLE = "portfolio"
"""The table name a portfolio's yearly table goes by in the long variable list."""

PORTFOLIO_FILES = ("allocation.csv", "portfolio.json")
"""Files of ``portfolio --out`` (then the manifest)."""


def portfolio_long(
    annual: Mapping[str, pd.DataFrame], scenarios: Mapping[str, str], *, label: str
) -> pd.DataFrame:
    """The long table of a portfolio's yearly tables (by country name): ``model`` =
    ``landrelease <version>``, ``scenario`` = the country's scenario and ``label`` (e.g.
    ``baseline + portfolio states_completing US$30,000,000/yr``: two runs stack without
    sharing a key), ``region`` = the country."""
    parts = [
        long_rows(
            {PORTFOLIO_TABLE: table},
            model=model_name(),
            scenario=f"{scenarios[name]} + {label}",
            country=name,
        )
        for name, table in annual.items()
    ]
    if not parts:
        return pd.DataFrame(columns=list(LONG_COLUMNS))
    return pd.concat(parts, ignore_index=True)


def write_portfolio(
    allocation: pd.DataFrame,
    summary: Mapping[str, Any],
    folder: str | Path,
    *,
    origin: Mapping[str, Any],
    command: str | None = None,
    long: pd.DataFrame | None = None,
) -> list[Path]:
    """Write a portfolio's ``allocation`` and ``summary``
    (:class:`~landrelease.portfolio.PortfolioResult`) to ``folder`` as one set, with
    ``long`` (:func:`portfolio_long`) also :data:`~landrelease.export.output_set.LONG_FILE`;
    returns the paths written (the manifest not included)."""
    text = json_text(dict(summary))
    files = [
        OutputFile("allocation.csv", partial(write_csv_to, allocation)),
        OutputFile("portfolio.json", lambda h: h.write(text)),
    ]
    if long is not None:
        files.append(OutputFile(LONG_FILE, partial(write_csv_to, long)))
    own = (*PORTFOLIO_FILES, LONG_FILE)
    return write_set(folder, files, own=own, origin=origin, command=command)
