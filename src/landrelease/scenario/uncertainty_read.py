"""Read and check the ``[uncertainty]`` section of a scenario (strict keys, finite numbers,
P10 ≤ P50 ≤ P90, bounds by unit), collecting every problem by key."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from landrelease.scenario.model import TYPES
from landrelease.scenario.uncertainty import (
    CALIBRATED,
    FIXED,
    PLAN_REALISATION_MODES,
    PRODUCTIVITY_KEYS,
    Spec,
    ThreePoint,
    UncertaintySpec,
)
from landrelease.scenario.values import ValueReader, read_bool

__all__ = ["FACTOR_MAX", "read_uncertainty"]

FACTOR_MAX = 10.0
"""Largest multiplier an uncertainty factor may take: a P90 ten times the plan's value is
beyond any spread a history shows, and more likely a typing error (e.g. a percentage)."""
_POINTS = ("p10", "p50", "p90")


def _three_point(
    r: ValueReader,
    key: str,
    value: Any,
    low: float,
    high: float | None,
    *,
    keywords: tuple[str, ...] = (CALIBRATED, FIXED),
    strict: bool = False,
) -> Spec | None:
    """A spec: one of ``keywords``, or a table ``{ p10, p50, p90 }`` (``p50`` optional)."""
    if isinstance(value, str):
        if value in keywords:
            return value
        r.fail(key, f"{value!r} is not one of {', '.join(keywords)} or a table {{ p10, p90 }}")
        return None
    if not isinstance(value, Mapping):
        r.fail(key, f"{value!r} is not a table {{ p10 = …, p50 = …, p90 = … }}")
        return None
    unknown = [k for k in value if k not in _POINTS]
    for k in unknown:
        r.fail(f"{key}.{k}", "unknown key; allowed: p10, p50, p90")
    if "p10" not in value or "p90" not in value:
        r.fail(key, "needs p10 and p90 (p50 is optional: the scenario's own value)")
        return None
    points = {
        k: r.number(f"{key}.{k}", value[k], low, high, strict_low=strict)
        for k in _POINTS
        if k in value
    }
    ordered = [points[k] for k in _POINTS if k in points]
    if any(a > b for a, b in itertools.pairwise(ordered)):
        r.fail(key, f"p10 ≤ p50 ≤ p90 is needed; got {dict(value)!r}")
    return ThreePoint(points["p10"], points["p90"], points.get("p50"))


def _by_key(
    r: ValueReader,
    key: str,
    value: Any,
    allowed: tuple[str, ...],
    low: float,
    high: float | None,
    strict: bool = False,
) -> dict[str, Spec]:
    """A spec for every key (a keyword or one three-point table), or a table by key (type or
    kind, or ``default``) of specs."""
    if isinstance(value, str) or (
        isinstance(value, Mapping) and value and set(value) <= set(_POINTS)
    ):
        spec = _three_point(r, key, value, low, high, strict=strict)
        return {} if spec is None else {"default": spec}
    if not isinstance(value, Mapping):
        r.fail(key, f"{value!r} is not a table; e.g. {{ p10 = …, p90 = … }}")
        return {}
    out: dict[str, Spec] = {}
    for k, v in value.items():
        if k not in (*allowed, "default"):
            r.fail(f"{key}.{k}", f"unknown key; expected one of {', '.join(allowed)} or default")
            continue
        spec = _three_point(r, f"{key}.{k}", v, low, high, strict=strict)
        if spec is not None:
            out[str(k)] = spec
    return out


def read_uncertainty(r: ValueReader, section: Mapping[str, Any]) -> UncertaintySpec:
    """The ``[uncertainty]`` section (already a table; unknown keys are reported by the
    scenario reader). Problems go to ``r``."""
    s = section

    def scalar(key: str, low: float, high: float | None, strict: bool = False) -> Spec | None:
        if key not in s:
            return None
        return _three_point(r, f"uncertainty.{key}", s[key], low, high, strict=strict)

    def frac(key: str) -> float | None:
        return None if key not in s else r.number(f"uncertainty.{key}", s[key], 0.0, 1.0)

    mode = s.get("plan_realisation")
    if mode is not None and mode not in PLAN_REALISATION_MODES:
        r.fail(
            "uncertainty.plan_realisation",
            f"{mode!r} is not one of {', '.join(PLAN_REALISATION_MODES)}",
        )
        mode = None
    file = s.get("plan_realisation_file")
    if file is not None and not isinstance(file, str):
        r.fail("uncertainty.plan_realisation_file", f"{file!r} is not a file name")
        file = None
    elif mode == "file" and file is None:
        r.fail(
            "uncertainty.plan_realisation",
            '"file" needs plan_realisation_file: a CSV of ratios achieved / planned (column '
            "ratio) inside the country folder",
        )
    access = scalar("access_year", 1997.0, 2200.0)
    ramp = scalar("ramp_up_years", 0.0, 5.0)
    return UncertaintySpec(
        none=read_bool(r, "uncertainty.none", s.get("none", False)),
        sha_cancelled_frac=_by_key(
            r,
            "uncertainty.sha_cancelled_frac",
            s.get("sha_cancelled_frac", CALIBRATED),
            TYPES,
            0.0,
            1.0,
        ),
        ts_reduced_frac=_by_key(
            r,
            "uncertainty.ts_reduced_frac",
            s.get("ts_reduced_frac", CALIBRATED),
            TYPES,
            0.0,
            1.0,
        ),
        productivity=_by_key(
            r,
            "uncertainty.productivity",
            s.get("productivity", CALIBRATED),
            PRODUCTIVITY_KEYS,
            0.0,
            FACTOR_MAX,
            strict=True,
        ),
        productivity_noise_frac=frac("productivity_noise_frac"),
        expected_arrival_frac=frac("expected_arrival_frac"),
        secured_factor=scalar("secured_factor", 0.0, FACTOR_MAX, strict=True),
        discoveries_factor=scalar("discoveries_factor", 0.0, FACTOR_MAX, strict=True),
        access_year=None if access == CALIBRATED else access,
        sha_area_factor=scalar("sha_area_factor", 0.0, FACTOR_MAX, strict=True),
        ramp_up_years=None if ramp == CALIBRATED else ramp,
        plan_realisation=None if mode is None else str(mode),
        plan_realisation_file=file,
        source=None if "source" not in s else str(s["source"]),
    )
