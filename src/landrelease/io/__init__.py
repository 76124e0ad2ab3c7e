"""Readers: files in, canonical validated tables out (the bottom of the flow).

Writers live in :mod:`landrelease.export`, at the top; nothing here imports them."""

from landrelease.io.country import inspect_country, load_country, read_country_info
from landrelease.io.mapping import ColumnMapping, builtin_mappings, load_mapping
from landrelease.io.request_read import read_request
from landrelease.io.stocks import inspect_stocks, read_stocks
from landrelease.io.tables import inspect_hazards, inspect_releases, read_hazards, read_releases

__all__ = [
    "ColumnMapping",
    "builtin_mappings",
    "inspect_country",
    "inspect_hazards",
    "inspect_releases",
    "inspect_stocks",
    "load_country",
    "load_mapping",
    "read_country_info",
    "read_hazards",
    "read_releases",
    "read_request",
    "read_stocks",
]
