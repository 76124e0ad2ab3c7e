"""Fixtures of the forecast tests (``make_country``, ``make_scenario`` and ``sample`` are the
root conftest's): the synthetic-truth module, and builders of releases, stocks and milestones
for the track-record and backtest tests (``build``)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from landrelease.domain.country import CountryInfo, Milestone
from landrelease.domain.schema import coerce, schema

ROOT = Path(__file__).resolve().parents[2]

SYNTHETIC_MODULE = "landrelease_tests_synthetic"
"""Name under which ``synthetic.py`` (the harness's countries) is registered, so that the
process pool's workers find its functions by name."""
_synthetic_spec = importlib.util.spec_from_file_location(
    SYNTHETIC_MODULE, ROOT / "tests/forecast/synthetic.py"
)
assert _synthetic_spec is not None
assert _synthetic_spec.loader is not None
synthetic_module: Any = importlib.util.module_from_spec(_synthetic_spec)
sys.modules[SYNTHETIC_MODULE] = synthetic_module
_synthetic_spec.loader.exec_module(synthetic_module)


@pytest.fixture(scope="session")
def synthetic() -> Any:
    """The synthetic-truth module (``tests/forecast/synthetic.py``)."""
    return synthetic_module


def table(name: str, rows: Sequence[Mapping[str, Any]], required: Sequence[str]) -> pd.DataFrame:
    """Rows coerced by ``schema(name)``; fails the test on any problem."""
    raw = pd.DataFrame([dict(r) for r in rows]) if rows else pd.DataFrame(columns=list(required))
    out, problems = coerce(raw, schema(name))
    assert not problems, [str(p) for p in problems]
    return out


def releases(rows: Sequence[tuple[int, str, str, float]]) -> pd.DataFrame:
    """A release history from ``(year, region, method, area_m2)`` (type ap_mine)."""
    return table(
        "releases",
        [
            {"year": y, "region": r, "method": m, "area_m2": a, "contamination_type": "ap_mine"}
            for y, r, m, a in rows
        ],
        ("region", "method", "area_m2", "contamination_type"),
    )


def stocks(rows: Sequence[tuple[int, str, float]]) -> pd.DataFrame:
    """A stocks table from ``(year, region, area_m2)`` (all statuses and types)."""
    return table(
        "stocks",
        [
            {"year": y, "region": r, "status": "all", "contamination_type": "all", "area_m2": a}
            for y, r, a in rows
        ],
        ("year", "region", "status", "contamination_type", "area_m2"),
    )


def info(milestones: Sequence[Milestone] = (), baseline_year: int = 2025, **kw: Any) -> CountryInfo:
    """Facts of a hand-made country with ``milestones``."""
    facts: dict[str, Any] = {
        "name": "Paperland",
        "code": "XPL",
        "entry_into_force_date": dt.date(2003, 3, 1),
        "article5_deadline_date": dt.date(2028, 3, 1),
        "baseline_date": dt.date(baseline_year, 12, 31),
        "synthetic": True,
        "regions": ("North", "South"),
        "milestones": tuple(milestones),
    }
    facts.update(kw)
    return CountryInfo(**facts)


@pytest.fixture(scope="session")
def build() -> SimpleNamespace:
    """The builders above: ``build.releases``, ``build.stocks``, ``build.info``."""
    return SimpleNamespace(releases=releases, stocks=stocks, info=info)
