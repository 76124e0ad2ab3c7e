"""The check registry: every check is a plain function registered under a unique name.

Adding a check means writing one function ``fn(pack, history) -> list[Finding]``, decorating
it with :func:`check`, and writing its test. ``history`` is a release-history table
(``schema("releases")``) or ``None``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.findings import Finding

__all__ = ["GROUPS", "REGISTRY", "Check", "CheckFunction", "check", "run_checks"]

log = logging.getLogger(__name__)

CheckFunction = Callable[[RequestPack, pd.DataFrame | None], list[Finding]]
"""Signature of a check."""

GROUPS = (
    "structure",
    "consistency",
    "duration",
    "pace",
    "money",
    "disaggregation",
    "oslo_action_plan",
)
"""Groups of checks, in the order a review runs and reports them (Committee's order)."""


@dataclass(frozen=True)
class Check:
    """A registered check: its name, group, function and one-line rule (the docstring)."""

    name: str
    group: str
    function: CheckFunction

    @property
    def rule(self) -> str:
        """First paragraph of the function's docstring: the rule it applies."""
        doc = (self.function.__doc__ or "").strip()
        return " ".join(doc.split("\n\n")[0].split())


REGISTRY: dict[str, Check] = {}
"""Every check by name, in registration order."""


def check(name: str, group: str) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as check ``name`` of ``group``."""
    if group not in GROUPS:
        raise ValueError(f"unknown check group {group!r}; expected one of {GROUPS}")

    def register(function: CheckFunction) -> CheckFunction:
        if name in REGISTRY:
            raise ValueError(f"check {name!r} is registered twice")
        REGISTRY[name] = Check(name, group, function)
        return function

    return register


def run_checks(
    pack: RequestPack, history: pd.DataFrame | None = None, names: Iterable[str] | None = None
) -> list[Finding]:
    """Findings of the checks ``names`` (default: all), group by group.

    A check that fails on malformed tables (a missing table or column, text where a number
    belongs) reports an ``error`` finding saying it could not run, instead of raising; the
    ``structure`` checks say what is missing.
    """
    chosen = list(REGISTRY.values()) if names is None else [REGISTRY[n] for n in names]
    chosen.sort(key=lambda c: GROUPS.index(c.group))
    findings: list[Finding] = []
    for c in chosen:
        try:
            findings += c.function(pack, history)
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            log.debug("check %s could not run", c.name, exc_info=True)
            findings.append(
                Finding(
                    check=c.name,
                    severity="error",
                    message=f"The check could not run on these tables ({type(exc).__name__}: "
                    f"{exc}).",
                    question="Could the State please provide the tables in the standard "
                    "layout of the request template so that this point can be verified?",
                )
            )
    return findings
