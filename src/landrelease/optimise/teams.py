"""The least-cost team mix that completes Article 5 by a year (``optimise-teams``).

1. The aggregate model (:mod:`.aggregate`) and a mixed-integer program on it (:mod:`.milp`)
   give the cheapest whole teams by kind and year under the limits: the recruitment ramp
   (total team-years grow at most :data:`RECRUITMENT_RAMP_FACTOR` a year from today's), the
   money the scenario counts each year, productivity by kind and contamination type.
2. The engine checks the mix: :func:`~landrelease.engine.project` of the scenario with its
   ``[teams]`` replaced. Where the engine's queue makes it late, the program is solved again
   with the binding stage repaired (:mod:`.repair`), at most :data:`MAX_REPAIR_ROUNDS`
   times; each repair is recorded.
3. No mix within the limits: "not reachable", with the limit that binds (:mod:`.reach`).

Money rule: the money the scenario counts in a year (national + international secured,
+ expected when ``count_expected``, × ``international_scale``) binds, as it does in the
engine, which deploys no team the money does not pay for. To ask what a faster plan would
cost whatever the money, state the money that may be found in the scenario (an
``international_expected_usd_per_year`` line with ``count_expected = true``).
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import math
import warnings
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from landrelease.domain.country import Country
from landrelease.domain.plausibility import plausibility
from landrelease.engine import project
from landrelease.engine.cases import todays_teams
from landrelease.engine.result import ProjectionResult
from landrelease.errors import LandreleaseError, LandreleaseWarning
from landrelease.optimise.aggregate import aggregate_model
from landrelease.optimise.milp import TEAM_CHANGE_COST_FRAC, TIME_LIMIT_S, Limits, solve_mix
from landrelease.optimise.reach import binding_limit, fixed_limit
from landrelease.optimise.repair import repair, stage_progress
from landrelease.scenario.model import TEAM_KINDS, Scenario, YearValues

__all__ = [
    "MAX_REPAIR_ROUNDS",
    "RECRUITMENT_RAMP_FACTOR",
    "TeamMix",
    "TeamMixError",
    "mix_scenario",
    "optimise_teams",
    "team_table",
]

log = logging.getLogger(__name__)

RECRUITMENT_RAMP_FACTOR: float = 1.5
"""Largest yearly growth of total team-years (1.5×): the ``ramp_up.team_ratio`` threshold of
the review (``review/thresholds.toml``; a test keeps the two equal), so an optimised mix
never fails that check with the default thresholds. Teams cannot be recruited, trained,
accredited and equipped faster. A constant here, not read from the review's table, because
the optimiser sits below the review (``tests/test_layers.py``); ``--ramp-factor`` changes
it for one run."""
MAX_REPAIR_ROUNDS = 8
"""Engine checks (and re-solves) at most: each round repairs the most upstream late stage."""


class TeamMixError(LandreleaseError):
    """The question cannot be asked: a year outside the scenario's horizon, a ramp factor
    below 1, or a scenario whose capacity does not come from teams."""


@dataclass(frozen=True)
class TeamMix:
    """Answer of :func:`optimise_teams`.

    ``teams``: whole teams by kind chosen for each of ``years`` (empty when not reachable;
    kinds kept at the scenario's teams are not in it);
    ``scenario``: the scenario with those teams; ``result``: its projection (the check);
    ``planned_cost_usd`` and ``article5_completion_year`` come from it. ``model_cost_usd``:
    the program's cost of the mix (teams, fixed programme and risk education while open, at
    each year's prices; US$), ``change_cost_usd``: its cost of changing teams (US$), not part
    of the plan's cost; ``gap_frac``: the optimality gap the solver proved (0..1).
    ``binding``: the limit that makes the year unreachable (one of
    :data:`~.reach.BINDING`); ``reason``: in words. ``repairs``: what the engine check
    changed, in order. ``today_team_years``: total team-years the ramp starts from, and
    ``today_basis`` where they come from.
    """

    by_year: int
    reachable: bool
    reason: str
    ramp_factor: float | None
    today_team_years: float
    today_basis: str
    years: np.ndarray
    teams: dict[str, np.ndarray] = field(default_factory=dict)
    scenario: Scenario | None = None
    result: ProjectionResult | None = None
    model_cost_usd: float | None = None
    change_cost_usd: float | None = None
    gap_frac: float | None = None
    binding: str | None = None
    repairs: tuple[str, ...] = ()

    @property
    def planned_cost_usd(self) -> float | None:
        """Planned cost of the mix's projection (US$, the whole plan)."""
        return None if self.result is None else float(self.result.summary["planned_cost_usd"])

    @property
    def article5_completion_year(self) -> int | None:
        """Article 5 completion year of the mix's projection."""
        return None if self.result is None else self.result.article5_completion_year


def team_table(years: np.ndarray, teams: np.ndarray) -> int | dict[int, int]:
    """Whole teams of one kind as a scenario file gives them: one number when the same every
    year, otherwise the years in which the number changes (the last carried forward)."""
    whole = [round(float(n)) for n in teams]
    if len(set(whole)) <= 1:
        return whole[0] if whole else 0
    return {
        int(y): n
        for i, (y, n) in enumerate(zip(years, whole, strict=True))
        if i == 0 or n != whole[i - 1]
    }


def mix_scenario(scenario: Scenario, years: np.ndarray, teams: dict[str, np.ndarray]) -> Scenario:
    """``scenario`` with its teams replaced by ``teams`` (by kind, one value per year of
    ``years``); kinds not given keep theirs."""
    given = {
        k: YearValues(tuple((int(y), float(n)) for y, n in zip(years, v, strict=True)))
        for k, v in teams.items()
    }
    return dataclasses.replace(scenario, teams={**scenario.teams, **given})


def _project_quietly(country: Country, scenario: Scenario) -> ProjectionResult:
    """A projection whose warnings are not the answer's (the CLI projects the answer again
    where it shows them)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LandreleaseWarning)
        return project(country, scenario)


def _check_question(
    scenario: Scenario, by_year: int, ramp_factor: float | None, keep: Collection[str]
) -> None:
    if scenario.pace.past_release:
        raise TeamMixError(
            f"{scenario.name}: pace.mode = 'past_release' takes capacity from past release, "
            "not from teams; give a scenario with pace.mode = 'teams' to choose teams"
        )
    if not scenario.start_year <= by_year <= scenario.end_year:
        raise TeamMixError(
            f"completion by {by_year} is outside scenario {scenario.name!r}'s horizon "
            f"{scenario.start_year}–{scenario.end_year}; give a year in it (or extend "
            "[period] end_year)"
        )
    unknown = sorted(set(keep) - set(TEAM_KINDS))
    if unknown:
        raise TeamMixError(
            f"cannot keep {', '.join(unknown)}: not a team kind; expected some of "
            f"{', '.join(TEAM_KINDS)}"
        )
    if set(keep) >= set(TEAM_KINDS):
        raise TeamMixError("every team kind is kept: leave at least one kind to choose")
    if ramp_factor is not None and not ramp_factor >= 1.0:
        raise TeamMixError(
            f"a recruitment ramp factor of {ramp_factor:g} would force teams down every "
            "year; give a factor of 1 or more (1.5 = team-years grow at most 50% a year)"
        )


def optimise_teams(
    country: Country,
    scenario: Scenario,
    by_year: int,
    *,
    ramp_factor: float | None = RECRUITMENT_RAMP_FACTOR,
    team_change_cost_frac: float = TEAM_CHANGE_COST_FRAC,
    keep: Collection[str] = (),
) -> TeamMix:
    """The cheapest whole teams by kind and year with which Article 5 is complete by the end
    of ``by_year``, checked (and repaired) with the engine (see the module).

    Parameters
    ----------
    country, scenario : the country and the scenario whose teams are chosen (everything else
        — productivity, shares, costs, money, discoveries, order of work — is kept).
    by_year : calendar year Article 5 completion must fall in or before.
    ramp_factor : largest yearly growth of total team-years (``None``: no limit).
    team_change_cost_frac : cost of recruiting or releasing a team between two years, as a
        share of its yearly cost, in the program only (0: the plan's cost alone).
    keep : team kinds held at the scenario's teams (not chosen), e.g. ``("manual",)`` for a
        programme that keeps its manual deminers; ``teams`` of the answer holds only the
        kinds chosen.

    Raises
    ------
    TeamMixError
        for a year outside the scenario's horizon, a ramp factor below 1, or a scenario
        whose pace comes from past release (its capacity is not teams).
    """
    _check_question(scenario, by_year, ramp_factor, keep)
    today, basis = todays_teams(country, scenario)
    today_total = float(sum(today.values()))
    agg = aggregate_model(country, scenario, by_year)
    limits = Limits(
        ramp_factor=ramp_factor,
        # without any team today the first year is free; the ramp applies from the second
        today_team_years=today_total if today_total > 0 else math.inf,
        money=True,
        max_teams=float(math.floor(plausibility().teams_per_kind_max.value)),
        ramp_up_years=scenario.ramp_up_years,
        team_change_cost_frac=team_change_cost_frac,
        kept=tuple((k, tuple(scenario.teams[k].over(scenario.years).tolist())) for k in keep),
    )
    answer = functools.partial(
        TeamMix,
        by_year=by_year,
        ramp_factor=ramp_factor,
        today_team_years=today_total,
        today_basis=basis,
        years=agg.years,
    )
    blocked = fixed_limit(agg, scenario, by_year)
    if blocked is not None:
        return answer(reachable=False, binding=blocked[0], reason=blocked[1])

    efficiency: dict[str, float] = {}
    floors: dict[str, np.ndarray] = {}
    leads: dict[str, float] = {}
    repairs: list[str] = []
    for _ in range(MAX_REPAIR_ROUNDS):
        current = dataclasses.replace(
            limits,
            efficiency=tuple(efficiency.items()),
            floors=tuple((s, tuple(v.tolist())) for s, v in floors.items()),
        )
        solution = solve_mix(agg, current)
        if not solution.teams:
            if solution.status == "infeasible":
                binding, reason = binding_limit(agg, current, basis, by_year)
            else:
                binding, reason = (
                    "solver time",
                    (f"the solver found no mix within {TIME_LIMIT_S:g} s ({solution.message})"),
                )
            if repairs:
                reason += " (after the engine check's repairs: " + "; ".join(repairs) + ")"
            return answer(reachable=False, binding=binding, reason=reason, repairs=tuple(repairs))
        chosen = {k: v for k, v in solution.teams.items() if k not in keep}
        mixed = mix_scenario(scenario, agg.years, chosen)
        result = _project_quietly(country, mixed)
        year = result.article5_completion_year
        if year is not None and year <= by_year:
            log.info("team mix for %s by %s after %d repairs", scenario.name, by_year, len(repairs))
            return answer(
                reachable=True,
                reason="reachable",
                teams=chosen,
                scenario=mixed,
                result=result,
                model_cost_usd=solution.cost_usd,
                change_cost_usd=solution.change_cost_usd,
                gap_frac=solution.gap_frac,
                repairs=tuple(repairs),
            )
        progress = stage_progress(result, agg, solution.teams, scenario.ramp_up_years)
        repairs.append(repair(agg, solution.done, progress, efficiency, floors, leads))
    return answer(
        reachable=False,
        binding="repairs",
        reason=(
            f"not reached after {MAX_REPAIR_ROUNDS} engine checks: the aggregate model "
            f"completes by {by_year} but the engine's order of work keeps finishing later "
            "(" + "; ".join(repairs) + ")"
        ),
        repairs=tuple(repairs),
    )
