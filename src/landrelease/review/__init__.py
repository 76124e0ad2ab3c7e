"""Committee review of an Article 5 extension request: the checks the Article 5 Committee
makes (consistency, duration, pace, funding, disaggregation, Oslo Action Plan elements),
run on a request pack, with a clarification question to the State for each finding, and the
plan-versus-actual comparison tracked between requests.

>>> review = review_pack(pack, history=country.releases)  # doctest: +SKIP
>>> print(review_markdown(review))  # doctest: +SKIP
"""

from landrelease.review.checks import GROUPS, NOT_CHECKED, REGISTRY, Check, check, run_checks
from landrelease.review.findings import SEVERITIES, Finding, findings_table
from landrelease.review.run import Review, review_json, review_markdown, review_pack, verdict
from landrelease.review.track import (
    milestones_from_country,
    milestones_from_pack,
    plan_vs_actual,
)

__all__ = [
    "GROUPS",
    "NOT_CHECKED",
    "REGISTRY",
    "SEVERITIES",
    "Check",
    "Finding",
    "Review",
    "check",
    "findings_table",
    "milestones_from_country",
    "milestones_from_pack",
    "plan_vs_actual",
    "review_json",
    "review_markdown",
    "review_pack",
    "run_checks",
    "verdict",
]
