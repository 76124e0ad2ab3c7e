"""Build a :class:`~landrelease.scenario.model.Scenario` from a scenario table (a parsed and
merged TOML file, :mod:`.files`): strict keys, checked values, each problem named by its key
and reported together with the others.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landrelease.domain.plausibility import plausibility
from landrelease.errors import LandreleaseError
from landrelease.scenario.lines import read_lines
from landrelease.scenario.model import (
    CALIBRATED,
    PACE_MODELS,
    PACE_MODES,
    TEAM_KINDS,
    Costs,
    Discoveries,
    Funding,
    Pace,
    Priority,
    Productivity,
    ReleaseShares,
    Scenario,
    YearValues,
)
from landrelease.scenario.uncertainty import UNCERTAINTY_KEYS
from landrelease.scenario.uncertainty_read import read_uncertainty
from landrelease.scenario.values import ValueReader, read_bool

__all__ = [
    "MAX_RAMP_UP_YEARS",
    "PACE_COST_METHODS",
    "SCENARIO_KEYS",
    "ScenarioError",
    "key_problems",
    "scenario_from_dict",
]

PACE_COST_METHODS = ("cancelled", "reduced", "cleared")
"""Methods a cost per m² may be given for (``[costs] usd_per_m2``)."""
DEFAULT_HORIZON_YEARS = 30
MAX_HORIZON_YEARS = 100
MAX_RAMP_UP_YEARS = 5
"""New teams reach full output within months to two years (recruitment, training,
accreditation, equipment); a longer ramp-up is more likely a typing error."""

SCENARIO_KEYS: dict[str, tuple[str, ...]] = {
    "period": ("start_year", "end_year"),
    "release": ("sha_cancelled_frac", "ts_reduced_frac"),
    "productivity": (*TEAM_KINDS, "type_factor"),
    "teams": (*TEAM_KINDS, "ramp_up_years"),
    "costs": (
        "usd_per_team_year",
        "fixed_programme_usd_per_year",
        "risk_education_usd_per_year",
        "residual_capacity_usd_per_year",
        "residual_years",
        "residual_m2_per_year",
        "usd_per_m2",
        "cost_inflation_frac_per_year",
    ),
    "funding": (
        "national_usd_per_year",
        "international_secured_usd_per_year",
        "international_expected_usd_per_year",
        "count_expected",
        "international_scale",
        "spending_order",
        "lines",
    ),
    "discoveries": ("sha_area_m2_per_year", "decay_frac_per_year", "first_year", "last_year"),
    "priority": ("rule", "field", "weights", "region_order"),
    "access": ("inaccessible_from_year",),
    "calibration": ("years",),
    "pace": ("mode", "model"),
    "todays_teams": TEAM_KINDS,
    "request": ("requested_deadline_date", "interim"),
    "uncertainty": UNCERTAINTY_KEYS,
}
"""Allowed keys of each section (every section also allows ``source``)."""
_TOP_KEYS = ("name", "description", "base", *SCENARIO_KEYS)


class ScenarioError(LandreleaseError):
    """A scenario file is malformed: names the file and the key."""


def _names(r: ValueReader, key: str, value: Any) -> tuple[str, ...]:
    """A list of names (e.g. regions in order of work)."""
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        r.fail(key, f'{value!r} is not a list of names; expected e.g. ["North", "South"]')
        return ()
    return tuple(value)


def key_problems(data: Mapping[str, Any]) -> list[str]:
    """Every unknown key and every section that is not a table, as problem texts."""
    problems = [
        f"unknown key {k!r}; allowed: {', '.join(_TOP_KEYS)}" for k in data if k not in _TOP_KEYS
    ]
    for section, allowed in SCENARIO_KEYS.items():
        value = data.get(section)
        if value is None:
            continue
        if not isinstance(value, Mapping):
            problems.append(f"[{section}] must be a table")
            continue
        problems += [
            f"{section}.{k}: unknown key; allowed: {', '.join((*allowed, 'source'))}"
            for k in value
            if k not in (*allowed, "source")
        ]
    return problems


def scenario_from_dict(
    data: Mapping[str, Any], *, baseline_year: int, where: str = "scenario"
) -> Scenario:
    """Build a :class:`Scenario` from a parsed (and merged) scenario table."""
    r = ValueReader(where)
    r.problems += key_problems(data)

    def get(section: str) -> dict[str, Any]:
        value = data.get(section)
        return dict(value) if isinstance(value, Mapping) else {}

    period, release, prod, teams = get("period"), get("release"), get("productivity"), get("teams")
    costs, funding, disc, prio = get("costs"), get("funding"), get("discoveries"), get("priority")
    access, calib, pace = get("access"), get("calibration"), get("pace")
    today, request = get("todays_teams"), get("request")
    uncertain = get("uncertainty")

    given_start = r.year("period.start_year", period.get("start_year", baseline_year + 1))
    start = baseline_year + 1 if given_start is None else given_start
    given_end = r.year("period.end_year", period.get("end_year", start + DEFAULT_HORIZON_YEARS - 1))
    end = start + DEFAULT_HORIZON_YEARS - 1 if given_end is None else given_end
    if given_start is not None and given_end is not None:  # a bad year is reported once
        if end < start:
            r.fail("period.end_year", f"{end} is before start_year {start}")
        if end - start + 1 > MAX_HORIZON_YEARS:
            r.fail("period.end_year", f"horizon longer than {MAX_HORIZON_YEARS} years")

    def shares(key: str) -> dict[str, float] | None:
        value = release.get(key, CALIBRATED)
        if value == CALIBRATED:
            return None
        return r.by_type(f"release.{key}", value, 0.0, 1.0, complete=True)

    limits = plausibility()
    m2: dict[str, float | None] = {}
    for kind in TEAM_KINDS:
        value = prod.get(kind, CALIBRATED)
        m2[kind] = (
            None
            if value == CALIBRATED
            else r.number(
                f"productivity.{kind}",
                value,
                0.0,
                strict_low=True,
                limit=limits.productivity_max_m2_per_team_year,
            )
        )
    type_factor = r.by_type(
        "productivity.type_factor",
        prod.get("type_factor", 1.0),
        0.0,
        strict_low=True,
        limit=limits.factor_max,
    )

    inacc = access.get("inaccessible_from_year")
    mode, model = pace.get("mode", "teams"), pace.get("model", "level")
    if mode not in PACE_MODES:
        r.fail("pace.mode", f"{mode!r} is not one of {', '.join(PACE_MODES)}")
    if model not in PACE_MODELS:
        r.fail("pace.model", f"{model!r} is not one of {', '.join(PACE_MODELS)}")

    scenario = Scenario(
        name=str(data.get("name", where)),
        description=str(data.get("description", "")),
        start_year=start,
        end_year=end,
        release=ReleaseShares(shares("sha_cancelled_frac"), shares("ts_reduced_frac")),
        productivity=Productivity(m2, type_factor),
        teams={
            k: r.year_values(f"teams.{k}", teams.get(k, 0), limit=limits.teams_per_kind_max)
            for k in TEAM_KINDS
        },
        costs=_costs(r, costs),
        funding=_funding(r, funding, start, end),
        discoveries=_discoveries(r, disc),
        priority=_priority(r, prio),
        inaccessible_from_year=None
        if inacc is None
        else r.year("access.inaccessible_from_year", inacc),
        calibration_years=(r.whole("calibration.years", calib.get("years", 5), 1, 50)),
        pace=Pace(str(mode), str(model)),
        ramp_up_years=r.whole(
            "teams.ramp_up_years", teams.get("ramp_up_years", 0), 0, MAX_RAMP_UP_YEARS
        ),
        todays_teams={k: r.number(f"todays_teams.{k}", today[k]) for k in TEAM_KINDS if k in today},
        requested_deadline_date=None
        if "requested_deadline_date" not in request
        else r.date("request.requested_deadline_date", request["requested_deadline_date"]),
        interim_request=read_bool(r, "request.interim", request.get("interim", False)),
        uncertainty=read_uncertainty(r, uncertain),
        sources={
            s: str(data[s]["source"])
            for s in SCENARIO_KEYS
            if isinstance(data.get(s), Mapping) and "source" in data[s]
        },
        raw=dict(data),
    )
    if r.problems:
        raise ScenarioError(f"{where}:\n  - " + "\n  - ".join(r.problems))
    return scenario


def _usd(r: ValueReader, key: str, value: Any) -> YearValues:
    """Money a year (US$): a number or a yearly table, within ``usd_per_year_max``."""
    return r.year_values(key, value, limit=plausibility().usd_per_year_max)


def _table(
    r: ValueReader, key: str, value: Any, allowed: tuple[str, ...], what: str
) -> dict[str, Any]:
    """A table whose keys must be among ``allowed`` (``what`` names them in a problem)."""
    if not isinstance(value, Mapping):
        r.fail(key, f"must be a table by {what}: {', '.join(allowed)}")
        return {}
    for k in value:
        if k not in allowed:
            r.fail(f"{key}.{k}", f"unknown {what}; expected one of {', '.join(allowed)}")
    return dict(value)


def _costs(r: ValueReader, costs: dict[str, Any]) -> Costs:
    """The ``[costs]`` section."""
    limits = plausibility()
    unit = _table(
        r, "costs.usd_per_team_year", costs.get("usd_per_team_year", {}), TEAM_KINDS, "team kind"
    )
    per_m2 = _table(r, "costs.usd_per_m2", costs.get("usd_per_m2", {}), PACE_COST_METHODS, "method")
    return Costs(
        usd_per_team_year={
            k: r.number(
                f"costs.usd_per_team_year.{k}", unit.get(k, 0), limit=limits.usd_per_year_max
            )
            for k in TEAM_KINDS
        },
        fixed_programme_usd=_usd(
            r, "costs.fixed_programme_usd_per_year", costs.get("fixed_programme_usd_per_year", 0)
        ),
        risk_education_usd=_usd(
            r, "costs.risk_education_usd_per_year", costs.get("risk_education_usd_per_year", 0)
        ),
        residual_capacity_usd=_usd(
            r,
            "costs.residual_capacity_usd_per_year",
            costs.get("residual_capacity_usd_per_year", 0),
        ),
        residual_years=(r.whole("costs.residual_years", costs.get("residual_years", 3), 0, 50)),
        residual_m2_per_year=r.number(
            "costs.residual_m2_per_year",
            costs.get("residual_m2_per_year", 0.0),
            limit=limits.country_area_max_m2,
        ),
        usd_per_m2={
            m: r.number(f"costs.usd_per_m2.{m}", per_m2[m])
            for m in PACE_COST_METHODS
            if m in per_m2
        },
        cost_inflation_frac_per_year=r.number(
            "costs.cost_inflation_frac_per_year",
            costs.get("cost_inflation_frac_per_year", 0.0),
            0.0,
            1.0,
        ),
    )


def _funding(r: ValueReader, funding: dict[str, Any], start: int, end: int) -> Funding:
    """The ``[funding]`` section (donors' lines within the years ``start``-``end``)."""
    limits = plausibility()
    return Funding(
        national_usd=_usd(
            r, "funding.national_usd_per_year", funding.get("national_usd_per_year", 0)
        ),
        international_secured_usd=_usd(
            r,
            "funding.international_secured_usd_per_year",
            funding.get("international_secured_usd_per_year", 0),
        ),
        international_expected_usd=_usd(
            r,
            "funding.international_expected_usd_per_year",
            funding.get("international_expected_usd_per_year", 0),
        ),
        count_expected=read_bool(r, "funding.count_expected", funding.get("count_expected", False)),
        international_scale=r.number(
            "funding.international_scale",
            funding.get("international_scale", 1.0),
            limit=limits.factor_max,
        ),
        spending_order=r.names(
            "funding.spending_order", funding.get("spending_order", []), TEAM_KINDS
        ),
        lines=read_lines(r, funding.get("lines"), start, end),
    )


def _discoveries(r: ValueReader, disc: dict[str, Any]) -> Discoveries:
    """The ``[discoveries]`` section."""
    limits = plausibility()
    return Discoveries(
        sha_area_m2_first_year=r.by_type(
            "discoveries.sha_area_m2_per_year",
            disc.get("sha_area_m2_per_year", 0.0),
            limit=limits.country_area_max_m2,
        ),
        decay_frac_per_year=r.number(
            "discoveries.decay_frac_per_year", disc.get("decay_frac_per_year", 0.0), 0.0, 1.0
        ),
        first_year=None
        if "first_year" not in disc
        else r.year("discoveries.first_year", disc["first_year"]),
        last_year=None
        if "last_year" not in disc
        else r.year("discoveries.last_year", disc["last_year"]),
    )


def _priority(r: ValueReader, prio: dict[str, Any]) -> Priority:
    """The ``[priority]`` section."""
    weights = prio.get("weights", {})
    rule = prio.get("rule", "field")
    if rule not in ("field", "weights"):
        r.fail("priority.rule", f"{rule!r} is not 'field' or 'weights'")
    if rule == "weights" and not weights:
        r.fail("priority.weights", "rule 'weights' needs a table of field weights")
    return Priority(
        rule=str(rule),
        field=str(prio.get("field", "priority")),
        weights={
            str(k): r.number(f"priority.weights.{k}", v, low=None)
            for k, v in (weights.items() if isinstance(weights, Mapping) else [])
        },
        region_order=_names(r, "priority.region_order", prio.get("region_order", [])),
    )
