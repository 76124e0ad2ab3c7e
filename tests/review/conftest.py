"""Fixtures of the review tests: the request pack of each sample country's baseline, and
helpers to break one number of a copy of a pack and run one check on it.

Packs are frozen: a broken copy is ``RequestPack(tables={**pack.tables, name: changed})``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landrelease.domain.country import Country
from landrelease.engine import project
from landrelease.io import load_country
from landrelease.reports.request import RequestPack, build_request_pack
from landrelease.review import Finding, run_checks
from landrelease.scenario import load_scenario

SAMPLES = Path(__file__).resolve().parents[2] / "sample_countries"
COUNTRIES = tuple(sorted(p.name for p in SAMPLES.iterdir() if (p / "country.toml").is_file()))
CREATED = dt.datetime(2026, 1, 15, 12, 0, tzinfo=dt.UTC)


@cache
def build(name: str) -> tuple[Country, RequestPack]:
    """A sample country and the request pack of its baseline scenario."""
    country = load_country(SAMPLES / name)
    scenario = load_scenario(
        "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
    )
    return country, build_request_pack(country, project(country, scenario), created=CREATED)


@pytest.fixture(scope="session")
def sample() -> Callable[[str], tuple[Country, RequestPack]]:
    """``sample(name)`` → (country, pack of its baseline)."""
    return build


@pytest.fixture(scope="session")
def edit() -> Callable[..., RequestPack]:
    """``edit(pack, table, change)``: a new pack whose ``table`` is ``change`` applied to a
    copy (``change`` mutates the copy in place, or returns the new table)."""

    def apply(
        pack: RequestPack, name: str, change: Callable[[pd.DataFrame], object]
    ) -> RequestPack:
        frame = pack.tables[name].copy()
        changed = change(frame)
        if isinstance(changed, pd.DataFrame):
            frame = changed.reset_index(drop=True)
        return RequestPack(tables={**pack.tables, name: frame}, metadata=pack.metadata)

    return apply


@pytest.fixture(scope="session")
def put(edit: Callable[..., RequestPack]) -> Callable[..., RequestPack]:
    """``put(pack, table, i, column=value, ...)``: a new pack with cells of row position
    ``i`` (an int or a list) set; a callable value maps the old value to the new one."""

    def apply(pack: RequestPack, name: str, i: int | list[int], **values: object) -> RequestPack:
        def change(frame: pd.DataFrame) -> None:
            for col, value in values.items():
                for pos in [i] if np.ndim(i) == 0 else i:
                    old = frame.at[frame.index[pos], col]
                    frame.at[frame.index[pos], col] = value(old) if callable(value) else value

        return edit(pack, name, change)

    return apply


@pytest.fixture(scope="session")
def run() -> Callable[..., list[Finding]]:
    """``run(pack, check, history=None)``: the findings of one registered check."""

    def one(pack: RequestPack, name: str, history: pd.DataFrame | None = None) -> list[Finding]:
        return run_checks(pack, history, [name])

    return one


def position(frame: pd.DataFrame, **where: object) -> int:
    """Position of the single row matching ``where`` (column=value)."""
    mask = pd.Series(True, index=frame.index)
    for col, value in where.items():
        mask &= frame[col] == value
    hits = list(mask.to_numpy().nonzero()[0])
    assert len(hits) == 1, f"{where} matches {len(hits)} rows"
    return int(hits[0])


@pytest.fixture(scope="session")
def locate() -> Callable[..., int]:
    """``locate(frame, column=value, ...)`` → position of the one matching row."""
    return position
