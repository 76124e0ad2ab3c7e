"""The ``[uncertainty]`` section of a scenario, as written (checked, not yet resolved).

Each uncertain input is given as a three-point distribution ``{ p10, p50, p90 }`` (the value
that 10%, 50% and 90% of draws stay at or below), as ``"calibrated"`` (its width from the
country's history, the default) or as ``"fixed"`` (no uncertainty). A missing ``p50`` is the
scenario's own value, so a width can be given without moving the centre. The forecast
(:mod:`landrelease.forecast`) resolves these against the calibration and the stocks history
into :class:`~landrelease.forecast.Uncertainty`; ``docs/scenarios.md`` lists every key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "CALIBRATED",
    "FIXED",
    "PLAN_REALISATION_MODES",
    "PRODUCTIVITY_KEYS",
    "UNCERTAINTY_KEYS",
    "Spec",
    "ThreePoint",
    "UncertaintySpec",
]

CALIBRATED = "calibrated"
"""Width from the country's history (calibration spread, stocks reconciliation)."""
FIXED = "fixed"
"""No uncertainty: the scenario's value in every draw."""
PLAN_REALISATION_MODES = ("own", "file", "none")
"""How the plan's yearly pace is realised: the State's own plan-versus-actual record
(``own``), a reference class of other plans in a CSV (``file``), or not at all (``none``)."""
PRODUCTIVITY_KEYS = ("nts", "ts", "manual", "mechanical", "mdd", "clearance")
"""Keys of ``productivity``: team kinds (``[pace] mode = "teams"``), and ``clearance`` for
the clearance stage of the past-release pace (whose ``nts`` and ``ts`` are its stages)."""
UNCERTAINTY_KEYS = (
    "none",
    "sha_cancelled_frac",
    "ts_reduced_frac",
    "productivity",
    "productivity_noise_frac",
    "expected_arrival_frac",
    "secured_factor",
    "discoveries_factor",
    "access_year",
    "sha_area_factor",
    "ramp_up_years",
    "plan_realisation",
    "plan_realisation_file",
)
"""Allowed keys of ``[uncertainty]`` (besides ``source``)."""


@dataclass(frozen=True)
class ThreePoint:
    """P10, P50 and P90 of an uncertain value, in its unit; ``p50 = None``: the scenario's
    own value (given or calibrated)."""

    p10: float
    p90: float
    p50: float | None = None


Spec = ThreePoint | str
"""One input's spec: a :class:`ThreePoint`, :data:`CALIBRATED` or :data:`FIXED`."""


@dataclass(frozen=True)
class UncertaintySpec:
    """``[uncertainty]`` as written. By-type and by-kind inputs map a type or kind (or
    ``default``) to a spec; a key not given is :data:`CALIBRATED`. ``None`` for a scalar
    means "not given": the forecast's default applies."""

    none: bool = False
    sha_cancelled_frac: dict[str, Spec] = field(default_factory=dict)
    ts_reduced_frac: dict[str, Spec] = field(default_factory=dict)
    productivity: dict[str, Spec] = field(default_factory=dict)
    productivity_noise_frac: float | None = None
    expected_arrival_frac: float | None = None
    secured_factor: Spec | None = None
    discoveries_factor: Spec | None = None
    access_year: Spec | None = None
    sha_area_factor: Spec | None = None
    ramp_up_years: Spec | None = None
    plan_realisation: str | None = None
    plan_realisation_file: str | None = None
    source: str | None = None

    def spec(self, table: dict[str, Spec], key: str) -> Spec:
        """The spec of ``key`` in a by-type or by-kind ``table``: its own, else ``default``,
        else :data:`CALIBRATED`."""
        return table.get(key, table.get("default", CALIBRATED))
