"""Categories of the domain, as enumerations stored as short snake_case strings in tables."""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "IMAS_METHODS",
    "UNSPLIT_METHODS",
    "Asset",
    "ContaminationType",
    "DeviceType",
    "ExclusionMeasure",
    "FundingSource",
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


class DeviceType(StrEnum):
    """Device that caused a casualty, as casualty surveillance records it (the Landmine
    Monitor's categories). Improvised anti-personnel mines stay apart from factory-made ones
    (Oslo Action Plan #21), and improvised devices that are not victim-activated (not
    anti-personnel mines) apart from both."""

    AP_MINE = "ap_mine"
    """Factory-made anti-personnel mine."""
    AP_IMPROVISED = "ap_improvised"
    """Anti-personnel mine of an improvised nature (victim-activated improvised device)."""
    AV_MINE = "av_mine"
    """Anti-vehicle mine."""
    MINE_UNSPECIFIED = "mine_unspecified"
    """A mine whose type was not recorded."""
    CLUSTER_MUNITION = "cluster_munition"
    """Cluster munition remnant."""
    ERW = "erw"
    """Other explosive remnant of war."""
    OTHER_IMPROVISED = "other_improvised"
    """Improvised device that is not victim-activated (outside the Convention)."""
    UNKNOWN = "unknown"
    """Not recorded."""


class ExclusionMeasure(StrEnum):
    """How civilians are kept out of a mined area (Article 5.2; Article 7 Forms I and J)."""

    MARKED = "marked"
    """Perimeter marked with signs."""
    FENCED = "fenced"
    """Protected by a fence or other physical barrier."""


class FundingSource(StrEnum):
    """Where money for mine action came from."""

    NATIONAL = "national"
    """The State's own budget."""
    INTERNATIONAL = "international"
    """A donor State or organisation (named in the source column, or not)."""
