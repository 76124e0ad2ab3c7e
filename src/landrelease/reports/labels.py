"""Words for people: column headings with their units, and names of categories.

A heading is the column's ``label`` from its schema file (``domain/schemas/*.toml``) and the
unit the numbers are shown in: ``sha_count`` → ``SHA areas (number)``, ``area_m2`` shown in
km² → ``Area (km²)``. Tables keep their snake_case names and base units (m², US$); headings
are for what people read: app tables, the DOCX annex and the docs.

Columns of the engine's and the review's tables that no schema file lists have their label
in :data:`EXTRA_LABELS`; a forecast's quantile columns (``remaining_area_m2_p50``) the label
of their quantity with ``P10``, ``P50`` or ``P90``; any other column gets a heading made from
its name.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from landrelease.domain.enums import ContaminationType, HazardStatus, ReleaseMethod
from landrelease.domain.schema import Column, request_schemas, schema

__all__ = [
    "AGGREGATE_DONOR_LABELS",
    "EXTRA_LABELS",
    "METHOD_LABELS",
    "STATUS_LABELS",
    "TYPE_LABELS",
    "UNIT_TEXT",
    "category_label",
    "column_heading",
    "column_unit",
]

STATUS_LABELS = {
    HazardStatus.SHA.value: "SHA (suspected)",
    HazardStatus.CHA.value: "CHA (confirmed)",
}
TYPE_LABELS = {
    ContaminationType.AP_MINE.value: "AP mines",
    ContaminationType.AP_IMPROVISED.value: "Improvised AP mines",
    ContaminationType.AV_MINE.value: "AV mines",
    ContaminationType.CLUSTER_MUNITION.value: "Cluster munition remnants",
    ContaminationType.ERW.value: "Other explosive remnants of war",
    ContaminationType.MIXED.value: "Mixed (AP with other ordnance)",
}
METHOD_LABELS = {
    ReleaseMethod.CANCELLED.value: "cancelled (non-technical survey)",
    ReleaseMethod.REDUCED.value: "reduced (technical survey)",
    ReleaseMethod.CLEARED.value: "cleared (clearance)",
    ReleaseMethod.RELEASED_BY_SURVEY.value: "released by survey (cancelled or reduced, not split)",
    ReleaseMethod.RELEASED_UNSPECIFIED.value: "released (method not reported)",
}
AGGREGATE_DONOR_LABELS = {
    "national": "national",
    "secured": "other (secured)",
    "expected": "other (expected)",
}
"""Donor names, by status, of the money no ``[[funding.lines]]`` entry names: the State's own
and the scenario's aggregate international lines (``funding_by_donor.csv``)."""
UNIT_TEXT = {
    "m²": "m²",
    "km²": "km²",
    "US$": "US$",
    "US$ million": "US$ million",
    "count": "number",
    "%": "%",
    "0..1": "0–1",
    "team-years": "team-years",
    "degrees": "°",
}
"""How a unit reads in a heading. Units not listed (``year``, ``date``, ``rank``, ``teams``)
add nothing: the label already says it (``Year``, ``Priority (1 = first)``, ``NTS teams``)."""

EXTRA_LABELS: dict[str, tuple[str, str]] = {
    "hazards_completed": ("Areas completed", "count"),
    "funding_usd": ("Funding counted", "US$"),
    "team_years": ("Effort", "team-years"),
    "method": ("Method", ""),
    "achieved_area_m2": ("Achieved", "m²"),
    "cumulative_target_m2": ("Cumulative target", "m²"),
    "cumulative_achieved_m2": ("Cumulative achieved", "m²"),
    "gap_carried_forward_m2": ("Gap carried forward", "m²"),
    "article5_team_years": ("Article 5 work", "team-years"),
    "non_article5_team_years": ("Other work (not Article 5)", "team-years"),
    "non_article5_cost_usd": ("Cost of other work (not Article 5)", "US$"),
    "non_article5_planned_cost_usd": ("Planned cost of other work (not Article 5)", "US$"),
}
"""Label and unit of columns no schema file lists: the projection's yearly tables
(:class:`landrelease.engine.ProjectionResult`), annual release history and plan versus
actual (:data:`landrelease.review.track.TRACK_COLUMNS`)."""

_SCHEMAS = ("hazards", "releases", "funding_by_donor")
_WORDS = {
    "sha": "SHA",
    "cha": "CHA",
    "nts": "NTS",
    "ts": "TS",
    "mdd": "MDD",
    "ap": "AP",
    "av": "AV",
    "erw": "ERW",
    "id": "ID",
    "article5": "Article 5",
}
_QUANTILES = ("p10", "p50", "p90")
"""Suffixes of a forecast's quantile columns (``remaining_area_m2_p50``)."""
_SUFFIX_UNITS = (
    ("_m2", "m²"),
    ("_usd", "US$"),
    ("_frac", "0..1"),
    ("_pct", "%"),
    ("_count", "count"),
)


def category_label(value: str) -> str:
    """The name of a status, contamination type or release method for people (``ap_mine`` →
    ``AP mines``); other values unchanged."""
    for labels in (STATUS_LABELS, TYPE_LABELS, METHOD_LABELS):
        if value in labels:
            return labels[value]
    return value


@cache
def _tables() -> dict[str, Mapping[str, Column]]:
    tables: dict[str, Mapping[str, Column]] = {
        name: {c.name: c for c in schema(name).columns} for name in _SCHEMAS
    }
    for name, table in request_schemas().items():
        tables.setdefault(name, {c.name: c for c in table.columns})
    return tables


def _column(name: str, table: str | None) -> Column | None:
    """The schema column ``name``: of ``table`` first, then of any schema that has it."""
    tables = _tables()
    if table in tables and name in tables[table]:
        return tables[table][name]
    for columns in tables.values():
        if name in columns and columns[name].label:
            return columns[name]
    return None


def _from_name(name: str) -> tuple[str, str]:
    """Label and unit made from a column name: ``teams_nts`` → ``Teams NTS``."""
    unit = ""
    for suffix, suffix_unit in _SUFFIX_UNITS:
        if name.endswith(suffix) and name != suffix.lstrip("_"):
            name, unit = name[: -len(suffix)], suffix_unit
            break
    words = [_WORDS.get(w, w) for w in name.split("_") if w]
    text = " ".join(words) or name
    return text[:1].upper() + text[1:], unit


def _quantile(name: str) -> tuple[str, str] | None:
    """``(base, "P50")`` for a forecast's quantile column ``<base>_p10/_p50/_p90`` whose base
    has a label of its own (``article5_remaining_area_m2_p50``); ``None`` otherwise."""
    base, _, suffix = name.rpartition("_")
    if suffix not in _QUANTILES or not base:
        return None
    known = _column(base, None) is not None or base in EXTRA_LABELS
    return (base, suffix.upper()) if known else None


def column_unit(name: str, table: str | None = None) -> str:
    """The unit of column ``name`` (``m²``, ``US$``, ``count``, …; ``""`` for none), from its
    schema, :data:`EXTRA_LABELS` or its name; a forecast's quantile column
    (``remaining_area_m2_p50``) has the unit of its quantity."""
    col = _column(name, table)
    if col is not None:
        return col.unit
    if name in EXTRA_LABELS:
        return EXTRA_LABELS[name][1]
    quantile = _quantile(name)
    if quantile is not None:
        return column_unit(quantile[0], table)
    return _from_name(name)[1]


def column_heading(name: str, *, unit: str | None = None, table: str | None = None) -> str:
    """The heading of column ``name`` for people: its label and the unit shown.

    Parameters
    ----------
    name : the column's name (``sha_count``, ``area_m2``).
    unit : the unit the values are shown in (``km²`` for areas converted from m²,
        ``US$ million``); by default the column's own unit.
    table : the schema table to look in first (``remaining_challenge``, ``hazards``); a
        column of the same name elsewhere is used when that table does not have it.

    Returns
    -------
    ``SHA areas (number)``, ``Area (km²)``, ``Year``.
    """
    col = _column(name, table)
    quantile = _quantile(name) if col is None and name not in EXTRA_LABELS else None
    if col is not None and col.label:
        label, own_unit = col.label, col.unit
    elif name in EXTRA_LABELS:
        label, own_unit = EXTRA_LABELS[name]
    elif quantile is not None:  # a forecast's quantile: its quantity's label, then P10/P50/P90
        base = column_heading(quantile[0], unit="", table=table)
        label, own_unit = f"{base}, {quantile[1]}", column_unit(quantile[0], table)
    else:
        label, own_unit = _from_name(name)
        own_unit = own_unit if col is None else col.unit
    text = UNIT_TEXT.get(own_unit if unit is None else unit, "")
    return f"{label} ({text})" if text else label
