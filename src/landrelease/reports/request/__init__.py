"""The tables of an Article 5 extension request (States Parties' 2006 outline) and of
Article 7 Forms C, F and G, built from a country and a projection."""

from landrelease.reports.request.pack import (
    FORECAST_TABLES,
    LATER_TABLES,
    METADATA_SHEET,
    PUBLIC_OMITTED,
    REQUEST_TABLES,
    STATE_TABLES,
    RequestPack,
    build_request_pack,
)

__all__ = [
    "FORECAST_TABLES",
    "LATER_TABLES",
    "METADATA_SHEET",
    "PUBLIC_OMITTED",
    "REQUEST_TABLES",
    "STATE_TABLES",
    "RequestPack",
    "build_request_pack",
]
