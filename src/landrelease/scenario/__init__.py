"""Scenarios: a baseline of assumptions plus named overrides, stored as diffable TOML."""

from landrelease.scenario.files import (
    SCENARIO_KEYS,
    ScenarioError,
    list_scenarios,
    load_scenario,
    scenario_from_dict,
)
from landrelease.scenario.model import (
    CLEARANCE_KINDS,
    TEAM_KINDS,
    Costs,
    Discoveries,
    Funding,
    FundingLine,
    Priority,
    Productivity,
    ReleaseShares,
    Scenario,
    YearValues,
)

__all__ = [
    "CLEARANCE_KINDS",
    "SCENARIO_KEYS",
    "TEAM_KINDS",
    "Costs",
    "Discoveries",
    "Funding",
    "FundingLine",
    "Priority",
    "Productivity",
    "ReleaseShares",
    "Scenario",
    "ScenarioError",
    "YearValues",
    "list_scenarios",
    "load_scenario",
    "scenario_from_dict",
]
