"""Time ``landrelease.portfolio.portfolio`` on 40 synthetic countries of aurelia's size.

Each country is ``bench_projection.synthetic_country(6000, seed)`` (aurelia has 6,000
hazards) with the bench's 30-year plan, paid by national money at 40-90% of what the plan
costs (so money binds, differently in each) and an Article 5 deadline between the year the
fully funded plan completes and two years later (so money decides whether it is met).
The budget is half of what would fully fund every country. The portfolio maximises the
expected number of States completing by their deadline with ``--draws`` draws each (500),
the draws' chunks in a ``ProcessPoolExecutor`` of ``--workers`` (2): the forecast's executor
interface, which a Dask cluster takes over with one line::

    portfolio(..., executor=dask.distributed.Client(address).get_executor())

Prints the wall time and the CPU time (this process and the workers: the machine may be
shared), the draws worked (a draw is worked only where money can
still change it), a progress bar on a terminal (tqdm), then one JSON line
``{"portfolio": {"countries": …, "draws": …, "seconds": …, …}}``.

Run from the repository root::

    .venv/bin/python bench/bench_portfolio.py
    .venv/bin/python bench/bench_portfolio.py --countries 8 --draws 100 --workers 1

Times are wall-clock: run on an idle machine.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import datetime as dt
import json
import resource
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from tqdm import tqdm

from landrelease.domain.country import Country
from landrelease.engine import project
from landrelease.portfolio.money import plan_need_usd
from landrelease.portfolio.objectives import parse_objective
from landrelease.portfolio.prepared import prepare
from landrelease.portfolio.run import portfolio
from landrelease.scenario import Scenario, scenario_from_dict

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_projection import BASELINE_YEAR, synthetic_country, synthetic_scenario

AURELIA_HAZARDS = 6000
"""Hazards of the aurelia sample: the size of each country."""


def _with_national(scenario: Scenario, usd: float, name: str) -> Scenario:
    data = copy.deepcopy(scenario.raw)
    data["name"] = name
    data["funding"] = {"national_usd_per_year": usd}  # no dip: one level every year
    return scenario_from_dict(data, baseline_year=BASELINE_YEAR)


def make_country(i: int, rng: np.random.Generator) -> tuple[Country, Scenario, float]:
    """Country ``i``, its scenario and the money that fully funds its plan (US$ a year)."""
    base = synthetic_country(AURELIA_HAZARDS, seed=1000 + i)
    plan = synthetic_scenario(base)
    prepared = prepare(base, plan)
    need = plan_need_usd(prepared.model)
    assert need is not None
    top = float(need.max())
    scenario = _with_national(plan, float(rng.uniform(0.4, 0.9)) * top, "bench")
    full = project(base, _with_national(plan, top, "full")).article5_completion_year
    year = (full or BASELINE_YEAR + 30) + int(rng.integers(0, 3))
    info = dataclasses.replace(
        base.info, name=f"Synthetic-{i:02d}", article5_deadline_date=dt.date(year, 12, 31)
    )
    return dataclasses.replace(base, info=info), scenario, top


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--countries", type=int, default=40)
    parser.add_argument("--draws", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(args.seed)
    start = time.perf_counter()
    made = [make_country(i, rng) for i in range(args.countries)]
    built_s = time.perf_counter() - start
    shortfall = sum(top - s.funding.national_usd.over(s.years).min() for _, s, top in made)
    budget = round(0.5 * shortfall, -5)
    objective = parse_objective("states_completing")
    own = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = own.ru_utime + own.ru_stime  # building the countries is not timed
    start = time.perf_counter()
    with ProcessPoolExecutor(args.workers) as pool:
        pairs = [(c, s) for c, s, _ in made]
        ready = list(pool.map(prepare, *zip(*pairs, strict=True)))
        prepared_s = time.perf_counter() - start
        bar = tqdm(
            total=2 * args.draws * args.countries, unit="draw", disable=not sys.stderr.isatty()
        )

        def progress(done: int, _total: int) -> None:
            bar.update(done - bar.n)

        result = portfolio(
            pairs,
            budget,
            objective,
            draws=args.draws,
            seed=args.seed,
            executor=pool,
            progress=progress,
            prepared=ready,
        )
        bar.close()
    seconds = time.perf_counter() - start
    cpu_s = (
        sum(
            u.ru_utime + u.ru_stime
            for u in (
                resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            )
        )
        - cpu_before
    )  # this process and the pool's workers (reaped when the pool closed)
    s = result.summary
    row: dict[str, Any] = {
        "countries": args.countries,
        "n_hazards": AURELIA_HAZARDS,
        "draws": args.draws,
        "workers": args.workers,
        "seconds": round(seconds, 1),
        "cpu_s": round(cpu_s, 1),
        "ms_cpu_per_projection": round(1000 * cpu_s / max(s["draws_worked"], 1), 1),
        "prepare_s": round(prepared_s, 1),
        "build_s": round(built_s, 1),
        "draws_worked": s["draws_worked"],
        "budget_usd_per_year": budget,
        "objective": {k: round(v, 3) for k, v in s["objective_value"].items()},
    }
    print(
        f"{args.countries} countries x {args.draws} draws: {seconds:.1f} s "
        f"(prepare {prepared_s:.1f} s; CPU {cpu_s:.0f} s), {s['draws_worked']:,} draws worked; "
        f"States completing: allocation {s['objective_value']['allocation']:.2f}, "
        f"equal split {s['objective_value']['equal_split']:.2f}, "
        f"current pledges {s['objective_value']['current_pledges']:.2f}"
    )
    print(json.dumps({"portfolio": row}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
