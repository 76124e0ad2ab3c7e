"""Committee review of an Article 5 extension request: the checks the Article 5 Committee
makes (consistency and reconciliation with earlier reports, duration, pace and track
record, funding, disaggregation, action-plan elements), run on a request pack, with a
clarification question to the State for each finding, the actions of the action plan in
force each serves, and the plan-versus-actual comparison tracked between requests. Every
severity and threshold is a row of ``thresholds.toml`` (docs/review.md).

>>> review = review_pack(pack, history=country.releases)  # doctest: +SKIP
>>> print(review_markdown(review))  # doctest: +SKIP
"""

from landrelease.review.action_plans import action_plans, in_force
from landrelease.review.checks import (
    GROUPS,
    NOT_CHECKED,
    REGISTRY,
    Check,
    NotChecked,
    check,
    run_all,
    run_checks,
)
from landrelease.review.findings import SEVERITIES, Finding, findings_table
from landrelease.review.run import Review, review_json, review_markdown, review_pack, verdict
from landrelease.review.thresholds import Rules, default_rules, read_rules
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
    "NotChecked",
    "Review",
    "Rules",
    "action_plans",
    "check",
    "default_rules",
    "findings_table",
    "in_force",
    "milestones_from_country",
    "milestones_from_pack",
    "plan_vs_actual",
    "read_rules",
    "review_json",
    "review_markdown",
    "review_pack",
    "run_all",
    "run_checks",
    "verdict",
]
