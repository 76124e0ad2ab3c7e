"""Release as it is worked: a stock given as one large row and the same stock split into many
rows are projected alike (issue 10, item 6).

Many States report their baseline as a few large aggregated rows. When an area's m² counted
only in the year its stage ended, and a stage could start on an area only once the previous
one had finished all of it, such a row released nothing for years and then everything at
once, and its survey, technical survey and clearance ran one after another instead of side
by side: completion moved by years between one row per status and the same stock in 200 rows.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landrelease.engine import project

# A slow survey and a fast clearance, so the order of the stages matters: 20 km² of SHA and
# 6 km² of CHA of AP mines. NTS 2 teams × 1 km² a year (10 years for the SHA alone); TS
# 4 teams × 0.5 km²; clearance 20 manual teams × 0.1 km² = 2 km² a year.
LARGE_SCENARIO: dict[str, Any] = {
    "period": {"start_year": 2026, "end_year": 2065},
    "release": {"sha_cancelled_frac": 0.5, "ts_reduced_frac": 0.4},
    "productivity": {"nts": 1_000_000, "ts": 500_000, "manual": 100_000},
    "teams": {"nts": 2, "ts": 4, "manual": 20},
}
STOCK = (("sha", 20_000_000.0), ("cha", 6_000_000.0))


def rows(split: int) -> list[dict[str, Any]]:
    """The stock as ``split`` equal rows per status (SHA first, as priority 1)."""
    out = []
    for priority, (status, area) in enumerate(STOCK, start=1):
        for k in range(split):
            out.append(
                {
                    "hazard_id": f"{status}-{k}",
                    "region": "North",
                    "status": status,
                    "contamination_type": "ap_mine",
                    "area_m2": area / split,
                    "priority": priority,
                }
            )
    return out


def test_one_large_row_and_200_rows_complete_within_a_year(make_country, make_scenario):
    scenario = make_scenario(LARGE_SCENARIO)
    one = project(make_country(rows(1)), scenario)
    many = project(make_country(rows(200)), scenario)
    assert one.completion_year is not None
    assert many.completion_year is not None
    assert abs(one.completion_year - many.completion_year) <= 1
    # and the yearly milestones of the large row are not lumpy: it releases every year
    # from the first, as the 200 rows do
    released_one = one.annual["released_area_m2"].to_numpy()
    released_many = many.annual["released_area_m2"].to_numpy()
    assert released_one[0] > 0
    n = min(len(released_one), len(released_many))
    np.testing.assert_allclose(released_one[:n], released_many[:n], rtol=1e-6, atol=1.0)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    area=st.floats(1_000.0, 5e7, allow_subnormal=False),
    status=st.sampled_from(["sha", "cha"]),
    kind=st.sampled_from(["ap_mine", "ap_improvised", "mixed", "erw"]),
    split=st.integers(2, 60),
    nts=st.sampled_from([0.5, 1.0, 3.0]),
    ts=st.sampled_from([0.5, 2.0, 5.0]),
    manual=st.sampled_from([1.0, 10.0, 40.0]),
)
def test_splitting_a_row_never_moves_completion(
    make_country, make_scenario, area, status, kind, split, nts, ts, manual
):
    """Equal parts of one row, next to each other in the order, are worked as the row."""
    scenario = make_scenario(
        {
            "period": {"start_year": 2026, "end_year": 2075},
            "productivity": {"nts": 1_000_000, "ts": 500_000, "manual": 100_000},
            "teams": {"nts": nts, "ts": ts, "manual": manual},
        }
    )

    def country(parts: int) -> Any:
        return make_country(
            [
                {
                    "hazard_id": f"R-{k}",
                    "region": "North",
                    "status": status,
                    "contamination_type": kind,
                    "area_m2": area / parts,
                    "priority": 1,
                }
                for k in range(parts)
            ]
        )

    whole, parts = project(country(1), scenario), project(country(split), scenario)
    if whole.completion_year is None:
        assert parts.completion_year is None or parts.completion_year >= 2074
    else:
        assert parts.completion_year is not None
        assert abs(whole.completion_year - parts.completion_year) <= 1
    total = float(whole.annual["released_area_m2"].sum())
    assert float(parts.annual["released_area_m2"].sum()) == pytest.approx(total, rel=1e-9)
