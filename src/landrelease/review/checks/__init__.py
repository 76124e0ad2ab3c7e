"""The registered checks of a Committee review, one module per group.

Importing this package registers every check in :data:`REGISTRY` (name → :class:`Check`).
"""

from landrelease.review.checks import (
    access,
    consistency_header,
    consistency_plan,
    consistency_tables,
    consistency_tables_forms,
    disaggregation,
    duration,
    money,
    oslo,
    pace,
    pace_odds,
    reconciliation,
    record,
    structure,
)
from landrelease.review.checks.registry import (
    GROUPS,
    REGISTRY,
    Check,
    CheckFunction,
    CheckRun,
    NotChecked,
    check,
    run_all,
    run_checks,
)

__all__ = [
    "GROUPS",
    "NOT_CHECKED",
    "REGISTRY",
    "Check",
    "CheckFunction",
    "CheckRun",
    "NotChecked",
    "access",
    "check",
    "consistency_header",
    "consistency_plan",
    "consistency_tables",
    "consistency_tables_forms",
    "disaggregation",
    "duration",
    "money",
    "oslo",
    "pace",
    "pace_odds",
    "reconciliation",
    "record",
    "run_all",
    "run_checks",
    "structure",
]

NOT_CHECKED = (
    (
        "cost per m² against past costs",
        "past expenditure (the expenditure table, where given) is not compared with the "
        "plan's cost per m² yet",
    ),
    (
        "improvised AP mines hidden under ap_mine",
        "aggregated tables cannot show it; only labels are checked",
    ),
    (
        "age and quality of the survey behind the baseline",
        "survey dates are not in the pack (the interim check uses the SHA share)",
    ),
    (
        "the content of the request's text (marking and exclusion of civilians, gender and "
        "diversity, participation of communities, national standards, information management)",
        "read by the Committee, not by the tool; the review reports the sections left empty",
    ),
)
"""What the Committee looks at that a review of the tables cannot check, and why; the checks
add what they could not check in a given pack (:class:`NotChecked`)."""
