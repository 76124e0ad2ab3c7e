"""The plan's pace on the State's record: how likely the State is to reach the plan's yearly
release, given what its own progress table records (issue 11 item 7).

The record is the request's progress table, national ``Total`` rows: the release of the
last past years (``record_years`` of ``thresholds.toml``). The plan's pace is the work
plan's average yearly release (``Total`` rows), its last year of work left out when there
are others (the year completion falls in is a partial year). The probability comes from the
forecast's pace model (:func:`landrelease.forecast.pace_odds.pace_odds`): the record's
median year as the level, uncertain by its standard error, and the record's yearly spread.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from landrelease.reports.request import RequestPack
from landrelease.review.checks.common import fmt
from landrelease.review.checks.past import past_release, planned_by_method
from landrelease.review.checks.registry import NotChecked, check
from landrelease.review.findings import Finding
from landrelease.review.thresholds import limit, severity

__all__ = ["forecast_probability"]

_WHAT = "the probability of reaching the plan's pace on the State's record"


@check("forecast_probability", group="pace")
def forecast_probability(pack: RequestPack, history: pd.DataFrame | None) -> list[Finding]:
    """The probability that the State reaches the plan's yearly pace (the work plan's
    average release a year) on its own record (the progress table's release of the last 5
    past years, as the forecast reads a pace): below 50% a warning, below 20% an error,
    else noted (info); thresholds in ``thresholds.toml``. Not checked with fewer than three
    past years of release."""
    # imported here: the forecast's compiled kernels take a second to import, and a review
    # that does not run this check need not wait for them
    from landrelease.forecast.pace_odds import MIN_RECORD_YEARS, pace_odds
    from landrelease.forecast.result import percent

    past, plan = past_release(pack, None), planned_by_method(pack)
    if plan is None:
        return []
    work = plan[np.nan_to_num(plan["release"].to_numpy(dtype=float)) > 1]
    if work.empty:
        return []
    typical = work.iloc[:-1] if len(work) > 1 else work  # the last year is a partial year
    window = int(limit("forecast_probability", "record_years"))
    if past is None:
        raise NotChecked(_WHAT, "the progress table records no past release")
    recent = past.years > past.years.max() - window
    years, released = past.years[recent], past.released[recent]
    planned = float(typical["release"].mean())
    odds = pace_odds(years, released, planned, len(typical))
    if odds is None:
        raise NotChecked(
            _WHAT,
            f"the progress table records release in {int(np.sum(released > 0))} of the last "
            f"{window} past years; {MIN_RECORD_YEARS} are needed",
        )
    p_pct = 100 * odds.probability
    if p_pct < limit("forecast_probability", "error_pct"):
        level = severity("forecast_probability", "error_pct")
    elif p_pct < limit("forecast_probability", "warning_pct"):
        level = severity("forecast_probability", "warning_pct")
    else:
        level = severity("forecast_probability", "reported")
    first, last = odds.record_years[0], odds.record_years[-1]
    record = f"{first}–{last}" if last > first else str(last)
    plan_span = f"{int(typical['year'].iloc[0])}–{int(typical['year'].iloc[-1])}"
    best, best_year = past.best
    chance = percent(odds.probability)
    said = (
        f"On the State's record ({past.source}, {record}: {fmt(odds.median_m2, 'm2')} in "
        f"its median year, {fmt(best, 'm2')} in its best year, {best_year}), the plan's pace "
        f"of {fmt(planned, 'm2')} a year ({plan_span}, {fmt(planned / odds.median_m2, 'ratio')}"
        f" the median year) is reached with a probability of {chance}."
    )
    return [
        Finding(
            check="forecast_probability",
            severity=level,
            message=said,
            sheet="work_plan",
            row=int(typical["position"].iloc[0]) + 2,
            column="released_area_m2",
            figures={
                "probability_pct": p_pct,
                "plan_m2_per_year": planned,
                "plan_years": odds.plan_years,
                "record_median_m2": odds.median_m2,
                "record_years": record,
                "best_past": best,
                "best_past_year": best_year,
                "level_p10": odds.level_p10,
                "level_p90": odds.level_p90,
                "yearly_spread_log": odds.noise_sd_log,
            },
            question=f"The work plan releases {fmt(planned, 'm2')} a year over {plan_span}, "
            f"where the State released {fmt(odds.median_m2, 'm2')} in a typical recent year "
            f"({record}); on that record the plan's pace is reached with a probability of "
            f"{chance}. Could the State please explain what will raise its output to this "
            "pace (teams, funding, methods, access), or set milestones its record supports?",
        )
    ]
