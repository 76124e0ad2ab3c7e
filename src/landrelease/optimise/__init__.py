"""Optimisers above the engine: the least-cost team mix (``optimise-teams``).

They build a simplified model, optimise it (``scipy.optimize.milp``), then check the answer
with the engine itself (:func:`landrelease.engine.project`) and repair it where the engine
finds it short. Only the command line uses them.
"""

from landrelease.optimise.reach import BINDING
from landrelease.optimise.teams import (
    RECRUITMENT_RAMP_FACTOR,
    TeamMix,
    TeamMixError,
    mix_scenario,
    optimise_teams,
)

__all__ = [
    "BINDING",
    "RECRUITMENT_RAMP_FACTOR",
    "TeamMix",
    "TeamMixError",
    "mix_scenario",
    "optimise_teams",
]
