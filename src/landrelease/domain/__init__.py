"""Domain types: enumerations, table schemas and the country."""

from landrelease.domain.country import Country, CountryInfo, Extension, Milestone
from landrelease.domain.enums import Asset, ContaminationType, HazardStatus, ReleaseMethod
from landrelease.domain.schema import Column, TableSchema, schema

__all__ = [
    "Asset",
    "Column",
    "ContaminationType",
    "Country",
    "CountryInfo",
    "Extension",
    "HazardStatus",
    "Milestone",
    "ReleaseMethod",
    "TableSchema",
    "schema",
]
