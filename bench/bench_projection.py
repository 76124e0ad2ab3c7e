"""Time ``landrelease.engine.project`` on synthetic countries of 10k, 100k and 1M hazards.

For each size: median wall time of the vectorised engine (``engine_s``) and of the per-area
reference loop (``loop_s``, ``bench/reference_loop.py``; skipped above ``--loop-max``), their
ratio (``loop_s / engine_s``) and the engine's peak memory (``peak_mb``: tracemalloc peak of
Python and numpy allocations during one extra, untimed ``project`` call). Prints a table,
then one JSON line ``{"n_hazards": {"10000": {...}, ...}}``.

Run from the repository root::

    .venv/bin/python bench/bench_projection.py                 # 10k, 100k, 1M
    .venv/bin/python bench/bench_projection.py --quick         # 10k and 100k, 1 repeat
    .venv/bin/python bench/bench_projection.py --sizes 10000,100000 --repeats 7
    .venv/bin/python bench/bench_projection.py --sizes 1000000 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import math
import pstats
import statistics
import sys
import time
import tracemalloc
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from landrelease.domain.country import Country, CountryInfo
from landrelease.domain.plausibility import plausibility
from landrelease.domain.schema import schema, table_dtypes
from landrelease.engine import project
from landrelease.scenario import scenario_from_dict
from landrelease.scenario.model import TYPES, Scenario

sys.path.insert(0, str(Path(__file__).resolve().parent))
from reference_loop import reference_run  # bench/ is not a package

BASELINE_YEAR = 2025
N_REGIONS = 24
YEARS_OF_WORK = 18
"""The scenario's teams are sized so the baseline takes about this many years."""


def synthetic_country(n: int, seed: int = 0) -> Country:
    """A country of ``n`` hazards, built with vectorised numpy (no geometry, no coercion).

    Areas are log-normal (median about 12,000 m², clipped to 1..1e6 m², some round), 45% SHA,
    mostly factory-made AP mines, priorities 1..5 (some empty), 4% inaccessible (half with an
    access year).
    """
    rng = np.random.default_rng(seed)
    regions = np.array([f"Region-{i:02d}" for i in range(N_REGIONS)], dtype=object)
    area = np.clip(rng.lognormal(np.log(12_000.0), 1.3, n), 1.0, 1e6)
    area = np.where(rng.random(n) < 0.2, np.round(area, -3).clip(1_000.0), area)
    type_p = np.array([0.62, 0.06, 0.08, 0.04, 0.05, 0.15])
    priority = pd.array(rng.integers(1, 6, n), dtype="Int64")
    priority[rng.random(n) < 0.05] = pd.NA
    inaccessible = rng.random(n) < 0.04
    access = pd.array(rng.integers(BASELINE_YEAR + 2, BASELINE_YEAR + 20, n), dtype="Int64")
    access[~inaccessible | (rng.random(n) < 0.5)] = pd.NA
    table = schema("hazards")
    dtypes = table_dtypes(table)
    hazards = pd.DataFrame(
        {
            "hazard_id": pd.array(np.char.add("H-", np.arange(n).astype("U8")), dtype="string"),
            "region": pd.array(regions[rng.integers(0, N_REGIONS, n)], dtype="string"),
            "status": pd.array(np.where(rng.random(n) < 0.45, "sha", "cha"), dtype="string"),
            "contamination_type": pd.array(
                np.array(TYPES, dtype=object)[rng.choice(len(TYPES), n, p=type_p)],
                dtype="string",
            ),
            "area_m2": area,
            "priority": priority,
            "accessible": pd.array(~inaccessible, dtype="boolean"),
            "access_year": access,
        }
    )
    for col in table.columns:  # every canonical column, canonical dtype and default
        if col.name not in hazards:
            values = pd.Series(index=hazards.index, dtype=dtypes[col.name])
            hazards[col.name] = values if col.default is None else values.fillna(col.default)
    hazards = hazards[list(dtypes)]
    releases = pd.DataFrame(
        {name: pd.Series(dtype=dtype) for name, dtype in table_dtypes(schema("releases")).items()}
    )
    info = CountryInfo(
        name=f"Synthetic-{n}",
        code="XSY",
        entry_into_force_date=dt.date(2005, 3, 1),
        article5_deadline_date=dt.date(2030, 3, 1),
        baseline_date=dt.date(BASELINE_YEAR, 12, 31),
        synthetic=True,
        regions=tuple(regions),
    )
    return Country(info=info, hazards=hazards, releases=releases)


def synthetic_scenario(country: Country) -> Scenario:
    """A 30-year scenario whose teams need about :data:`YEARS_OF_WORK` years for the baseline,
    with discoveries, a funding dip that binds (2029–2031) and a region worked first."""
    hazards = country.hazards
    area = float(hazards["area_m2"].sum())
    sha = float(hazards.loc[hazards["status"] == "sha", "area_m2"].sum())
    fc, fr = 0.35, 0.3
    addressed = area - fc * sha
    prod = {"nts": 400_000.0, "ts": 150_000.0, "manual": 9_000.0, "mechanical": 60_000.0}
    years = YEARS_OF_WORK
    manual = max(1.0, round(0.5 * addressed * (1 - fr) / prod["manual"] / years))
    mechanical = max(1.0, round(0.5 * addressed * (1 - fr) / prod["mechanical"] / years))
    nts = max(1.0, round(sha / prod["nts"] / (years / 3)))
    ts = max(1.0, round(addressed / prod["ts"] / years))
    unit = {"nts": 80_000, "ts": 150_000, "manual": 60_000, "mechanical": 250_000, "mdd": 50_000}
    # A large country's teams are counted in bigger units (a "team" of k teams: k times the
    # productivity and the cost), so that no kind exceeds the scenario plausibility limit
    # of teams of one kind; capacity and cost stay the same.
    limit = plausibility().teams_per_kind_max.value
    k = max(1, math.ceil(1.2 * max(nts, ts, manual, mechanical) / limit))
    if k > 1:
        nts, ts, manual, mechanical = (round(v / k) for v in (nts, ts, manual, mechanical))
        prod = {kind: v * k for kind, v in prod.items()}
        unit = {kind: v * k for kind, v in unit.items()}
    teams = {
        "nts": nts,
        "ts": ts,
        "manual": {str(BASELINE_YEAR + 1): manual, str(BASELINE_YEAR + 6): 1.2 * manual},
        "mechanical": mechanical,
        "mdd": 0,
    }
    full_cost = (
        teams["nts"] * unit["nts"]
        + teams["ts"] * unit["ts"]
        + 1.2 * manual * unit["manual"]
        + mechanical * unit["mechanical"]
    )
    funding = {str(BASELINE_YEAR + 1): 1.5 * full_cost}
    for y in (2029, 2030, 2031):  # a funding dip: 60% of the team budget
        funding[str(y)] = 0.6 * full_cost + 1_000_000
    funding["2032"] = 1.5 * full_cost  # (the last given value carries forward)
    data = {
        "name": "bench",
        "period": {"start_year": BASELINE_YEAR + 1, "end_year": BASELINE_YEAR + 30},
        "release": {
            "sha_cancelled_frac": {"default": fc, "ap_improvised": 0.2},
            "ts_reduced_frac": fr,
        },
        "productivity": {**prod, "mdd": 20_000.0 * k, "type_factor": {"ap_improvised": 0.5}},
        "teams": teams,
        "costs": {
            "usd_per_team_year": unit,
            "fixed_programme_usd_per_year": 1_000_000,
            "residual_years": 3,
        },
        "funding": {"national_usd_per_year": funding},
        "discoveries": {
            "sha_area_m2_per_year": {"ap_mine": 0.01 * area, "ap_improvised": 0.002 * area},
            "decay_frac_per_year": 0.15,
            "last_year": BASELINE_YEAR + 15,
        },
        "priority": {"rule": "field", "field": "priority", "region_order": ["Region-03"]},
        "access": {"inaccessible_from_year": BASELINE_YEAR + 15},
    }
    return scenario_from_dict(data, baseline_year=BASELINE_YEAR)


def median_time(fn: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """Median wall time and median CPU time of ``fn()`` over ``repeats`` calls, and the
    last result."""
    wall, cpu = [], []
    result = None
    for _ in range(repeats):
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu), result


def peak_mb(fn: Callable[[], Any]) -> float:
    """tracemalloc peak (MiB) of one call: Python objects and numpy buffers it allocates."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def schedules_agree(engine: Any, run: Any) -> bool:
    """Same stage years for every area (the loop is also a large-scale cross-check)."""
    cols = ["nts_year", "ts_year", "clearance_year", "completion_year"]
    return all(
        np.array_equal(
            engine.schedule[c].fillna(-1).to_numpy(dtype=np.int64),
            run.schedule[c].fillna(-1).to_numpy(dtype=np.int64),
        )
        for c in cols
    )


def profile(country: Country, scenario: Scenario, top: int = 25) -> str:
    """cProfile of one ``project`` call: the ``top`` functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    project(country, scenario)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=None, help="comma-separated hazard counts")
    parser.add_argument("--repeats", type=int, default=5, help="timed engine runs per size")
    parser.add_argument("--quick", action="store_true", help="10k and 100k, one repeat")
    parser.add_argument(
        "--loop-max", type=int, default=100_000, help="largest size the loop is timed at"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile each size's engine")
    args = parser.parse_args(argv)
    sizes_text = args.sizes or ("10000,100000" if args.quick else "10000,100000,1000000")
    sizes = [int(s) for s in sizes_text.split(",") if s.strip()]
    repeats = 1 if args.quick else max(1, args.repeats)

    results: dict[str, dict[str, Any]] = {}
    notes: dict[str, str] = {}
    for n in sizes:
        t0 = time.perf_counter()
        country = synthetic_country(n)
        scenario = synthetic_scenario(country)
        build_s = time.perf_counter() - t0
        engine_repeats = repeats if n < 1_000_000 else min(repeats, 3)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            project(country, scenario)  # warm-up (imports, caches)
            run_engine = partial(project, country, scenario)
            engine_s, engine_cpu, result = median_time(run_engine, engine_repeats)
            peak = peak_mb(run_engine)
        loop_s = None
        agree = None
        if n <= args.loop_max:
            loop_repeats = min(repeats, 3) if n <= 10_000 else 1
            loop_s, _, run = median_time(partial(reference_run, country, scenario), loop_repeats)
            agree = schedules_agree(result, run)
        completion = result.completion_year
        results[str(n)] = {
            "engine_s": round(engine_s, 4),
            "loop_s": None if loop_s is None else round(loop_s, 3),
            "ratio": None if loop_s is None else round(loop_s / engine_s, 1),
            "peak_mb": round(peak, 1),
        }
        notes[str(n)] = (
            f"engine CPU {engine_cpu:.3f} s, {engine_repeats} runs; build {build_s:.1f} s; items "
            f"{len(result.schedule)}, baseline done "
            f"{result.schedule.loc[result.schedule.source == 'baseline', 'completion_year'].max()}"
            f", completion {completion}, loop agrees: {agree}"
        )
        if args.profile:
            print(f"--- cProfile, {n} hazards ---")
            print(profile(country, scenario))

    print(f"{'n_hazards':>10} {'engine_s':>9} {'loop_s':>9} {'ratio':>7} {'peak_mb':>8}  notes")
    for n, r in results.items():
        loop = "-" if r["loop_s"] is None else f"{r['loop_s']:.3f}"
        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.0f}x"
        engine = f"{r['engine_s']:.4f}"
        print(f"{n:>10} {engine:>9} {loop:>9} {ratio:>7} {r['peak_mb']:>8.1f}  {notes[n]}")
    print("peak_mb: tracemalloc peak of one project() call (Python objects + numpy buffers).")
    print(json.dumps({"n_hazards": results}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
