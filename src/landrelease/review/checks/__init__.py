"""The registered checks of a Committee review, one module per group.

Importing this package registers every check in :data:`REGISTRY` (name → :class:`Check`).
"""

from landrelease.review.checks import (
    access,
    consistency_header,
    consistency_plan,
    consistency_tables,
    disaggregation,
    duration,
    money,
    oslo,
    pace,
    structure,
)
from landrelease.review.checks.registry import (
    GROUPS,
    REGISTRY,
    Check,
    CheckFunction,
    check,
    run_checks,
)

__all__ = [
    "GROUPS",
    "NOT_CHECKED",
    "REGISTRY",
    "Check",
    "CheckFunction",
    "access",
    "check",
    "consistency_header",
    "consistency_plan",
    "consistency_tables",
    "disaggregation",
    "duration",
    "money",
    "oslo",
    "pace",
    "run_checks",
    "structure",
]

NOT_CHECKED = (
    ("cost per m² against past costs", "the pack holds no past expenditure"),
    (
        "improvised AP mines hidden under ap_mine",
        "aggregated tables cannot show it; only labels are checked",
    ),
    (
        "age and quality of the survey behind the baseline",
        "survey dates are not in the pack (the interim check uses the SHA share)",
    ),
    (
        "agreement with earlier Article 7 reports and the previous request",
        "needs those documents; Forms C, F and G are checked against this request",
    ),
    (
        "marking, exclusion of civilians, gender and diversity, participation of communities",
        "narrative parts of the request, not in its tables",
    ),
    ("national standards (IMAS-based) and information management", "narrative"),
)
"""What the Committee looks at that a review of the tables cannot check, and why."""
