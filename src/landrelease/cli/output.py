"""Formatting tables for the terminal and CSV output; shared by commands."""

from __future__ import annotations

import sys

import pandas as pd

from landrelease.export.writers import write_csv_to

__all__ = ["format_table", "write_csv"]


def format_table(table: pd.DataFrame) -> str:
    """A plain-text table: integers and m² with thousands separators, other floats to 2 dp."""
    shown = table.copy()
    for col in shown.columns:
        if pd.api.types.is_integer_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else f"{int(v):,}")
        elif pd.api.types.is_float_dtype(shown[col]):
            digits = 0 if col.endswith(("_m2", "_usd")) else 2
            shown[col] = shown[col].map(lambda v, d=digits: "" if pd.isna(v) else f"{v:,.{d}f}")
    return shown.to_string(index=False)


def write_csv(table: pd.DataFrame) -> None:
    """Write a table as CSV to standard output, through the tool's one CSV writer (text that
    a spreadsheet would run as a formula is escaped)."""
    write_csv_to(table, sys.stdout)
