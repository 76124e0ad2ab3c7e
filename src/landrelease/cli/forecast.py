"""``landrelease forecast COUNTRY_DIR --scenario S --out DIR``: how likely the plan's dates
are (Monte Carlo over the uncertain inputs), and ``landrelease sensitivity``: which input
moves the completion year most."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from landrelease.cli.common import (
    country_and_scenarios,
    draw_progress,
    process_pool,
    reference_realisation,
)
from landrelease.engine.cases import CASES
from landrelease.export.forecast_write import (
    FORECAST_FILES,
    SENSITIVITY_FILES,
    write_forecast,
    write_sensitivity,
)
from landrelease.forecast import forecast, sensitivity
from landrelease.forecast.result import percent
from landrelease.io.manifest import MANIFEST_FILE

MAX_DEFAULT_WORKERS = 4
"""``--workers`` defaults to the machine's cores up to this many: more processes than this
on a desktop or a shared server take cores others need, for a few seconds saved."""


def default_workers() -> int:
    """The machine's cores, 1 to :data:`MAX_DEFAULT_WORKERS`."""
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def register(sub: Any) -> None:
    """Add the ``forecast`` and ``sensitivity`` commands."""
    p: argparse.ArgumentParser = sub.add_parser(
        "forecast",
        help="how likely the plan's dates are: P10/P50/P90 and P(complete by the deadline)",
        description="Draw the scenario's uncertain inputs ([uncertainty]; calibrated "
        "defaults from the history) and project each draw; print P(complete by the "
        "deadline) and the P10/P50/P90 Article 5 completion year; with --out write "
        + ", ".join(FORECAST_FILES)
        + f", then {MANIFEST_FILE}. The same seed gives the same files.",
    )
    _common(p)
    p.add_argument("--draws", type=_whole, default=1000, help="number of draws (default 1000)")
    p.add_argument(
        "--cases",
        default="plan",
        help=f"comma-separated cases (of {', '.join(CASES)}; default plan)",
    )
    p.set_defaults(run=run_forecast)
    s: argparse.ArgumentParser = sub.add_parser(
        "sensitivity",
        help="which uncertain input moves the Article 5 completion year most (tornado)",
        description="Swing each uncertain input between its P10 and P90 with the others at "
        "P50; print the table, largest swing first; with --out write "
        + " and ".join(SENSITIVITY_FILES)
        + f", then {MANIFEST_FILE}. With --draws N the other inputs are drawn and the "
        "figures are medians over the N draws.",
    )
    _common(s)
    s.add_argument(
        "--draws", type=_whole, default=0, help="draws of the other inputs (default 0: at P50)"
    )
    s.set_defaults(run=run_sensitivity)


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _positive(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give 1 or more")
    return value


@contextmanager
def _executor(workers: int | None) -> Iterator[Executor | None]:
    """A process pool of ``workers`` (default :func:`default_workers`), ``None`` for one:
    the draws then run in this process. The pool starts its processes only when a forecast
    has more than one chunk of draws to give it."""
    with process_pool(default_workers() if workers is None else workers) as pool:
        yield pool


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("country", type=Path, help="a country folder")
    p.add_argument(
        "--scenario",
        default="baseline",
        help="a scenario name in the country's scenarios/ folder, or a TOML file "
        "(default: baseline)",
    )
    p.add_argument("--seed", type=_whole, default=0, help="seed of the draws (default 0)")
    p.add_argument(
        "--workers",
        type=_positive,
        default=None,
        help="processes that work the draws (default: the machine's cores, at most "
        f"{MAX_DEFAULT_WORKERS}); the results are the same whatever the number",
    )
    p.add_argument(
        "--out", type=Path, help="folder to write the files to (created if needed; may be .)"
    )


def run_forecast(args: argparse.Namespace) -> int:
    """Forecast, print the headline per case, write the files when asked."""
    country, (scenario,) = country_and_scenarios(args.country, [args.scenario])
    cases = [c.strip() for c in str(args.cases).split(",") if c.strip()]
    realisation = reference_realisation(country, scenario)
    with (
        draw_progress(args.draws * max(len(cases), 1)) as progress,
        _executor(args.workers) as pool,
    ):
        result = forecast(
            country,
            scenario,
            draws=args.draws,
            seed=args.seed,
            cases=cases,
            executor=pool,
            progress=progress,
            realisation=realisation,
        )
    for case in cases:
        c = result.case(case)
        label = "" if len(cases) == 1 else f"{case}: "
        print(f"{label}{result.headline(case)}")
        print(
            f"{' ' * len(label)}P(by {result.summary['within_10_years_date']}, ten years "
            f"after the deadline) = {percent(c['p_within_10_years'])}"
            + (
                ""
                if c["p_complete_by_requested"] is None
                else f"; P(by the requested {result.summary['requested_deadline_date']}) = "
                f"{percent(c['p_complete_by_requested'])}"
            )
        )
    print(f"{result.n_draws} draws, seed {result.seed}; Article 5 completion (AP-mined areas)")
    if args.out is not None:
        paths = write_forecast(
            result.annual,
            result.by_region,
            result.summary,
            result.draws,
            args.out,
            origin=result.provenance,
            command=getattr(args, "command_line", None),
        )
        print(
            f"wrote {len(paths)} files to {args.out}: "
            + ", ".join(p.name for p in paths)
            + f", then {MANIFEST_FILE}"
        )
    return 0


def run_sensitivity(args: argparse.Namespace) -> int:
    """One-at-a-time sensitivity: print the table, write it and the chart when asked."""
    country, (scenario,) = country_and_scenarios(args.country, [args.scenario])
    with _executor(args.workers) as pool:
        result = sensitivity(country, scenario, draws=args.draws, seed=args.seed, executor=pool)
    base = result.base["article5_completion_year"]
    print(
        f"Article 5 completion with every input at its P50: "
        f"{base if base is not None else f'after {result.end_year}'}"
    )
    shown = result.table.copy()
    for col in ("article5_completion_year_low", "article5_completion_year_high"):
        shown[col] = shown[col].astype(object).where(shown[col].notna(), "after")
    print(shown.to_string(index=False))
    if args.out is not None:
        paths = write_sensitivity(
            result.table,
            args.out,
            title=f"{country.info.name}, {scenario.name}: Article 5 completion year",
            end_year=result.end_year,
            base_year=base,
            origin=result.provenance,
            command=getattr(args, "command_line", None),
        )
        print(
            f"wrote {len(paths)} files to {args.out}: "
            + ", ".join(p.name for p in paths)
            + f", then {MANIFEST_FILE}"
        )
    return 0
