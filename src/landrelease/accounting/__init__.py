"""Land-release accounting: the remaining challenge at the baseline and past release totals."""

from landrelease.accounting.baseline import remaining_challenge
from landrelease.accounting.history import annual_release

__all__ = ["annual_release", "remaining_challenge"]
