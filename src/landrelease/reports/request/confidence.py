"""The request's ``confidence`` table: how likely the plan's dates are, from a forecast
(:func:`landrelease.forecast.forecast`) of the same scenario.

One row per case forecast (the plan first, then the cases in the forecast's order), with the
figures of the forecast's summary: Article 5 and full completion at P10, P50 and P90 (a
year; blank where the quantile falls after the horizon), the probabilities of completing
Article 5 clearance by the current deadline, by the requested deadline and within ten years
of the deadline, the planned cost's P10, P50 and P90, the draws, the seed, and where the
widths of the uncertain inputs came from (:func:`widths_source`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from landrelease.domain.schema import request_schemas, table_dtypes
from landrelease.errors import LandreleaseError

if TYPE_CHECKING:  # the forecast (numba) takes a second to import; the table needs its figures
    from landrelease.forecast import ForecastResult

__all__ = ["YEAR_COLUMNS", "confidence", "widths_source"]

YEAR_COLUMNS = tuple(
    f"{what}_p{p}" for what in ("article5_completion_year", "completion_year") for p in (10, 50, 90)
)
"""Completion quantiles: a year, or blank when the quantile falls after the horizon."""
_SHARES = ("p_complete_by_deadline", "p_complete_by_requested", "p_within_10_years")
_COSTS = ("planned_cost_usd_p10", "planned_cost_usd_p50", "planned_cost_usd_p90")


def _year(value: Any) -> int | None:
    """A quantile year of the summary (an int, or ``"after <end_year>"``) as a year or
    ``None``."""
    return int(value) if isinstance(value, int) and not isinstance(value, bool) else None


def widths_source(uncertainty: Mapping[str, Any]) -> str:
    """Where the widths of a forecast's inputs came from, in one line: each input that varies
    grouped under its source, then the plan realisation.

    ``uncertainty`` is a forecast's ``summary["uncertainty"]``. For example ``calibration
    spread 2021–2025: sha_cancelled_frac, ts_reduced_frac, productivity.manual; default:
    secured_factor; expected money arriving (50% a year): default; yearly revision: stocks
    reconciliation 2021–2025; plan realisation: the State's record 2015–2025 (median 80% of
    plan)``. ``none`` when the forecast varies
    nothing (``[uncertainty] none = true``).
    """
    if uncertainty.get("none"):
        return "none: every draw is the projection ([uncertainty] none = true)"
    groups: dict[str, list[str]] = {}
    for name, spec in (uncertainty.get("inputs") or {}).items():
        if spec["p10"] == spec["p50"] == spec["p90"]:
            continue
        groups.setdefault(str(spec.get("source", "")), []).append(name)
    parts = [f"{source}: {', '.join(names)}" for source, names in groups.items()]
    noise = uncertainty.get("productivity_noise_frac") or {}
    stages = {
        stage: entry["source"]
        for stage, entry in (noise.get("by_stage") or {}).items()
        if entry.get("value")
    }
    if noise.get("value"):
        parts.append(f"yearly noise: {noise.get('source', '')}")
    elif stages:
        by_source: dict[str, list[str]] = {}
        for stage, source in stages.items():
            by_source.setdefault(source, []).append(stage)
        parts += [f"yearly noise ({', '.join(s)}): {src}" for src, s in by_source.items()]
    arrival = uncertainty.get("expected_arrival_frac") or {}
    if 0 < float(arrival.get("value", 1.0)) < 1:
        parts.append(
            f"expected money arriving ({float(arrival['value']):.0%} a year): "
            f"{arrival.get('source', '')}"
        )
    revision = uncertainty.get("revision_sd_log") or {}
    if revision.get("value") or revision.get("drift_log"):
        parts.append(f"yearly revision: {revision.get('source', '')}")
    parts.append(_realisation(uncertainty.get("plan_realisation") or {}))
    return "; ".join(p for p in parts if p)


def _realisation(entry: Mapping[str, Any]) -> str:
    """The plan realisation in words: its source, years and median ratio, or why none."""
    fit = entry.get("fit") or {}
    if not fit:
        mode = entry.get("mode", "none")
        return "plan realisation: none" if mode == "none" else f"plan realisation: {mode}"
    if fit.get("fallback"):
        return f"plan realisation: none ({fit['fallback']})"
    years = fit.get("years") or []
    span = f" {min(years)}–{max(years)}" if years else ""
    median = fit.get("median_ratio")
    ratio = f" (median {median:.0%} of plan)" if isinstance(median, float) else ""
    what = "the State's record" if fit.get("source") == "own" else str(fit.get("source"))
    return f"plan realisation: {what}{span}{ratio}"


def _empty() -> pd.DataFrame:
    """The table with its columns and no row (no forecast was run)."""
    dtypes = table_dtypes(request_schemas()["confidence"])
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def confidence(forecast: ForecastResult | None, scenario_hash: str | None = None) -> pd.DataFrame:
    """The ``confidence`` table of ``forecast`` (columns of ``request.toml``); empty
    without one.

    Parameters
    ----------
    forecast : a forecast of the request's scenario, with the cases to show.
    scenario_hash : the hash of the request's scenario; a forecast of another scenario
        is refused.

    Raises
    ------
    LandreleaseError
        when ``forecast`` was made for another scenario than ``scenario_hash``.
    """
    if forecast is None:
        return _empty()
    s = forecast.summary
    if scenario_hash is not None and s.get("scenario_hash") != scenario_hash:
        raise LandreleaseError(
            f"the forecast is of scenario {s.get('scenario')} (hash {s.get('scenario_hash')}), "
            f"not of the request's (hash {scenario_hash}): forecast the request's scenario"
        )
    source = widths_source(forecast.uncertainty)
    cases: Mapping[str, Mapping[str, Any]] = s["cases"]
    order = sorted(cases, key=lambda c: c != "plan")  # the plan first, the rest as forecast
    rows = [
        {
            "case": name,
            **{c: _year(cases[name][c]) for c in YEAR_COLUMNS},
            **{c: cases[name][c] for c in (*_SHARES, *_COSTS)},
            "draws": forecast.n_draws,
            "seed": forecast.seed,
            "widths_source": source,
        }
        for name in order
    ]
    table = pd.DataFrame(rows)
    dtypes = table_dtypes(request_schemas()["confidence"])
    return table[list(dtypes)].astype(dtypes)
