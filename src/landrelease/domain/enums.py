"""Categories of the domain, as enumerations stored as short snake_case strings in tables."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "IMAS_METHODS",
    "UNSPLIT_METHODS",
    "Asset",
    "ContaminationType",
    "HazardStatus",
    "ReleaseMethod",
    "TeamKind",
]


class HazardStatus(StrEnum):
    """Evidence class of a hazardous area (IMAS 04.10)."""

    SHA = "sha"
    """Suspected hazardous area: indirect evidence."""
    CHA = "cha"
    """Confirmed hazardous area: direct evidence."""


class ContaminationType(StrEnum):
    """What an area is contaminated with. Only AP types fall under Article 5."""

    AP_MINE = "ap_mine"
    """Factory-made anti-personnel mines."""
    AP_IMPROVISED = "ap_improvised"
    """Anti-personnel mines of an improvised nature (Oslo Action Plan #21): kept apart."""
    AV_MINE = "av_mine"
    CLUSTER_MUNITION = "cluster_munition"
    ERW = "erw"
    MIXED = "mixed"
    """AP together with AV mines or other ordnance in one area."""

    @property
    def is_anti_personnel(self) -> bool:
        """True for types that contain AP mines (and so fall under Article 5)."""
        return self in (
            ContaminationType.AP_MINE,
            ContaminationType.AP_IMPROVISED,
            ContaminationType.MIXED,
        )


class ReleaseMethod(StrEnum):
    """How land was released (IMAS 07.11)."""

    CANCELLED = "cancelled"
    """Released by non-technical survey."""
    REDUCED = "reduced"
    """Released by technical survey."""
    CLEARED = "cleared"
    """Released by clearance."""
    RELEASED_BY_SURVEY = "released_by_survey"
    """Released by survey, cancelled and reduced together (a history that does not split them)."""
    RELEASED_UNSPECIFIED = "released_unspecified"
    """Released by any method, not split (a history that gives only a total)."""

    @property
    def is_imas(self) -> bool:
        """True for the three IMAS methods (cancelled, reduced, cleared)."""
        return self in IMAS_METHODS


IMAS_METHODS: tuple[ReleaseMethod, ...] = (
    ReleaseMethod.CANCELLED,
    ReleaseMethod.REDUCED,
    ReleaseMethod.CLEARED,
)
"""The three land-release methods of IMAS 07.11, in the order of the stages."""
UNSPLIT_METHODS: tuple[ReleaseMethod, ...] = (
    ReleaseMethod.RELEASED_BY_SURVEY,
    ReleaseMethod.RELEASED_UNSPECIFIED,
)
"""Totals a history may give without the IMAS split; every table keeps them apart."""


class Asset(StrEnum):
    """Kind of team or asset that did a release."""

    MANUAL = "manual"
    MECHANICAL = "mechanical"
    MDD = "mdd"
    """Mine detection dogs."""
    NTS = "nts"
    """Non-technical survey team."""
    TS = "ts"
    """Technical survey team."""


TeamKind = Asset
"""Team kinds used for capacity are the same categories as release assets."""
