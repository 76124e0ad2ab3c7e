"""Time ``landrelease.forecast.forecast`` (the ``plan`` case) on aurelia and on synthetic
countries of 10k and 100k hazards.

For each country: wall time of ``--draws`` draws in this process (``serial_s``; its CPU time
``serial_cpu_s``, what the wall time is on an idle core) and in a warm
``ProcessPoolExecutor`` of ``--workers`` workers (``seconds``: the pool is started and
used once before timing, as an app keeps it), and ``peak_mb``: the peak resident memory of
this process plus that of each worker (``ru_maxrss``, an upper bound of what the machine
held at once). Prints a table, then one JSON line ``{"forecast": [{"n_hazards": …,
"draws": …, "cases": 1, "seconds": …, "peak_mb": …}, …]}``.

Run from the repository root::

    .venv/bin/python bench/bench_forecast.py                       # aurelia, 10k, 100k
    .venv/bin/python bench/bench_forecast.py --sizes 100000 --draws 200
    .venv/bin/python bench/bench_forecast.py --no-samples --sizes 10000 --workers 1

Times are wall-clock: run on an idle machine (on a shared one, compare ``serial_cpu_s``).
The first forecast in a process loads the compiled kernels from numba's cache (compiling
them once after an install or a change, several seconds): the measured runs come after it.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from landrelease.domain.country import Country
from landrelease.forecast import forecast
from landrelease.io.country import load_country
from landrelease.scenario import Scenario, load_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_projection import synthetic_country, synthetic_scenario  # bench/ is not a package

ROOT = Path(__file__).resolve().parents[1]


def _rss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


def measure(
    name: str, country: Country, scenario: Scenario, draws: int, workers: int
) -> dict[str, Any]:
    """One row of the table: serial and pooled wall time, peak memory."""
    forecast(country, scenario, draws=1, seed=1)  # compiled kernels loaded, country memos
    start, cpu = time.perf_counter(), time.process_time()
    serial = forecast(country, scenario, draws=draws, seed=0)
    serial_s, serial_cpu_s = time.perf_counter() - start, time.process_time() - cpu
    with ProcessPoolExecutor(workers) as pool:
        forecast(country, scenario, draws=min(draws, 2 * workers * 50), seed=1, executor=pool)
        start = time.perf_counter()
        pooled = forecast(country, scenario, draws=draws, seed=0, executor=pool)
        seconds = time.perf_counter() - start
    assert pooled.summary == serial.summary, "the pool must give the serial result"
    peak = _rss_mb(resource.RUSAGE_SELF) + workers * _rss_mb(resource.RUSAGE_CHILDREN)
    return {
        "country": name,
        "n_hazards": len(country.hazards),
        "draws": draws,
        "cases": 1,
        "workers": workers,
        "serial_s": round(serial_s, 3),
        "serial_cpu_s": round(serial_cpu_s, 3),
        "seconds": round(seconds, 3),
        "ms_per_draw_serial": round(1000 * serial_s / draws, 2),
        "peak_mb": round(peak, 1),
        "p50": serial.case()["article5_completion_year_p50"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="synthetic sizes")
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-samples", action="store_true", help="skip aurelia")
    args = parser.parse_args(argv)
    rows = []
    warnings.simplefilter("ignore")
    if not args.no_samples:
        country = load_country(ROOT / "sample_countries" / "aurelia")
        scenario = load_scenario(
            "baseline", country.scenarios_dir, baseline_year=country.info.baseline_year
        )
        rows.append(measure("aurelia", country, scenario, args.draws, args.workers))
        print(rows[-1], flush=True)
    for size in (int(s) for s in args.sizes.split(",") if s):
        country = synthetic_country(size)
        rows.append(
            measure(
                f"synthetic-{size}", country, synthetic_scenario(country), args.draws, args.workers
            )
        )
        print(rows[-1], flush=True)
    keys = ("n_hazards", "draws", "cases", "seconds", "peak_mb")
    print(json.dumps({"forecast": [{k: r[k] for k in keys} for r in rows]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
