"""Write a forecast and a sensitivity analysis as output sets (:func:`write_set`: staged,
formula-safe CSV, manifest last).

- ``forecast --out``: :data:`FORECAST_FILES` — the yearly quantiles national and by region,
  the summary (probabilities, completion quantiles, the distributions used, provenance) and
  one row per draw.
- ``sensitivity --out``: :data:`SENSITIVITY_FILES` — the table and the tornado chart.

The same forecast (same inputs, draws and seed) writes byte-identical files; only the
manifest's time stamp differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.export.output_set import OutputFile, write_set
from landrelease.export.tornado import tornado_png
from landrelease.export.writers import json_text, write_csv_to

__all__ = ["FORECAST_FILES", "SENSITIVITY_FILES", "write_forecast", "write_sensitivity"]

FORECAST_FILES = (
    "forecast_annual.csv",
    "forecast_by_region.csv",
    "forecast_summary.json",
    "completion_draws.csv",
)
"""Files of ``forecast --out`` (then the manifest)."""
SENSITIVITY_FILES = ("sensitivity.csv", "tornado.png")
"""Files of ``sensitivity --out`` (then the manifest)."""


def write_forecast(
    annual: pd.DataFrame,
    by_region: pd.DataFrame,
    summary: Mapping[str, Any],
    draws: pd.DataFrame,
    folder: str | Path,
    *,
    origin: Mapping[str, Any],
    command: str | None = None,
) -> list[Path]:
    """Write a forecast's tables (:class:`~landrelease.forecast.ForecastResult`'s
    ``annual``, ``by_region``, ``summary``, ``draws``) to ``folder`` as one set; returns the
    paths of :data:`FORECAST_FILES`."""
    text = json_text(dict(summary))
    files = [
        OutputFile("forecast_annual.csv", partial(write_csv_to, annual)),
        OutputFile("forecast_by_region.csv", partial(write_csv_to, by_region)),
        OutputFile("forecast_summary.json", lambda h: h.write(text)),
        OutputFile("completion_draws.csv", partial(write_csv_to, draws)),
    ]
    return write_set(folder, files, own=FORECAST_FILES, origin=origin, command=command)


def write_sensitivity(
    table: pd.DataFrame,
    folder: str | Path,
    *,
    title: str,
    end_year: int,
    base_year: int | None,
    origin: Mapping[str, Any],
    command: str | None = None,
) -> list[Path]:
    """Write a sensitivity table and its tornado chart to ``folder`` as one set; returns the
    paths of :data:`SENSITIVITY_FILES`."""
    png = tornado_png(table, title=title, end_year=end_year, base_year=base_year)
    files = [
        OutputFile("sensitivity.csv", partial(write_csv_to, table)),
        OutputFile("tornado.png", lambda h: h.write(png), binary=True),
    ]
    return write_set(folder, files, own=SENSITIVITY_FILES, origin=origin, command=command)
