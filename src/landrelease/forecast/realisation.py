"""Plan realisation: where the forecast finds its multipliers of the plan's yearly pace when
the caller gives none.

``[uncertainty] plan_realisation`` names the source: ``own`` (the State's plan-versus-actual
record), ``file`` (a reference class of achieved/planned ratios) or ``none``. The record's
fit is issue 11 item 2; until it is wired here, every mode gives no realisation (the plan's
pace as planned), and the summary records the mode asked for.
"""

from __future__ import annotations

from landrelease.domain.country import Country
from landrelease.forecast.draws import Realisation
from landrelease.forecast.uncertainty import Uncertainty
from landrelease.scenario.model import Scenario

__all__ = ["default_realisation"]


def default_realisation(
    country: Country, scenario: Scenario, uncertainty: Uncertainty
) -> Realisation | None:
    """The plan realisation ``uncertainty.plan_realisation`` asks for (``None``: none)."""
    if uncertainty.none or uncertainty.plan_realisation == "none":
        return None
    return None  # item 2 (the State's track record) plugs in here
