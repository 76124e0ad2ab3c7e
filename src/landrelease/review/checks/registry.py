"""The check registry: every check is a plain function registered under a unique name.

Adding a check means writing one function ``fn(pack, history) -> list[Finding]``, decorating
it with :func:`check`, adding its rows to ``thresholds.toml`` and ``action_plans.toml``, and
writing its test. ``history`` is a release-history table (``schema("releases")``) or
``None``. A check that cannot judge a pack (a table an older pack does not have) raises
:class:`NotChecked` with the reason; the review lists it under "not checked".
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.findings import Finding
from landrelease.review.thresholds import ANY_CHECK, severity

__all__ = [
    "GROUPS",
    "REGISTRY",
    "Check",
    "CheckFunction",
    "CheckRun",
    "NotChecked",
    "check",
    "run_all",
    "run_checks",
]

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


class NotChecked(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a check that cannot judge the pack: ``what`` it would check and ``why``
    it cannot (e.g. a table that packs made before it was added do not have)."""

    def __init__(self, what: str, why: str) -> None:
        super().__init__(f"{what}: {why}")
        self.what = what
        self.why = why


@dataclass(frozen=True)
class CheckRun:
    """Findings of a run of checks, and what they could not check: (what, why)."""

    findings: list[Finding]
    not_checked: list[tuple[str, str]]


def run_all(
    pack: RequestPack, history: pd.DataFrame | None = None, names: Iterable[str] | None = None
) -> CheckRun:
    """Findings of the checks ``names`` (default: all), group by group, and what they could
    not check (:class:`NotChecked`).

    A check that fails on malformed tables (a missing table or column, text where a number
    belongs) reports a finding saying it could not run (severity: ``thresholds.toml``,
    ``*`` / ``could_not_run``), instead of raising; the ``structure`` checks say what is
    missing.
    """
    chosen = list(REGISTRY.values()) if names is None else [REGISTRY[n] for n in names]
    chosen.sort(key=lambda c: GROUPS.index(c.group))
    findings: list[Finding] = []
    skipped: list[tuple[str, str]] = []
    for c in chosen:
        try:
            findings += c.function(pack, history)
        except NotChecked as why:
            skipped.append((why.what, why.why))
        except (KeyError, ValueError, TypeError, IndexError) as exc:
            log.debug("check %s could not run", c.name, exc_info=True)
            findings.append(
                Finding(
                    check=c.name,
                    severity=severity(ANY_CHECK, "could_not_run"),
                    message=f"The check could not run on these tables ({type(exc).__name__}: "
                    f"{exc}).",
                    question="Could the State please provide the tables in the standard "
                    "layout of the request template so that this point can be verified?",
                )
            )
    return CheckRun(findings, skipped)


def run_checks(
    pack: RequestPack, history: pd.DataFrame | None = None, names: Iterable[str] | None = None
) -> list[Finding]:
    """Findings of the checks ``names`` (default: all), group by group (:func:`run_all`
    without what could not be checked)."""
    return run_all(pack, history, names).findings
