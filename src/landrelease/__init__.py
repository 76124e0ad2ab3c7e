"""landrelease: land-release modelling for Mine Ban Convention Article 5 work plans.

Layers, in the direction data flows: readers (:mod:`landrelease.io`) build validated
canonical tables (:mod:`landrelease.domain`); accounting (:mod:`landrelease.accounting`)
summarises them.
"""

from importlib.metadata import PackageNotFoundError, version

from landrelease.accounting import annual_release, remaining_challenge
from landrelease.domain import (
    Asset,
    ContaminationType,
    Country,
    CountryInfo,
    HazardStatus,
    ReleaseMethod,
    schema,
)
from landrelease.errors import (
    CountryError,
    LandreleaseError,
    LandreleaseWarning,
    Problem,
    ValidationError,
)
from landrelease.io import (
    inspect_country,
    inspect_hazards,
    inspect_releases,
    load_country,
    load_mapping,
    read_hazards,
    read_releases,
)

try:
    __version__ = version("landrelease")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "Asset",
    "ContaminationType",
    "Country",
    "CountryError",
    "CountryInfo",
    "HazardStatus",
    "LandreleaseError",
    "LandreleaseWarning",
    "Problem",
    "ReleaseMethod",
    "ValidationError",
    "__version__",
    "annual_release",
    "inspect_country",
    "inspect_hazards",
    "inspect_releases",
    "load_country",
    "load_mapping",
    "read_hazards",
    "read_releases",
    "remaining_challenge",
    "schema",
]
