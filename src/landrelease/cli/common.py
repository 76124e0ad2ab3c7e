"""Helpers shared by commands: print a reader's warnings, load a country and its scenarios."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from tqdm import tqdm

from landrelease.domain.country import Country
from landrelease.errors import LandreleaseError, LandreleaseWarning
from landrelease.forecast.realisation import PlanRealisation, fit_reference_class
from landrelease.forecast.run import Progress
from landrelease.io.country import load_country
from landrelease.io.ratios import read_reference_class
from landrelease.scenario import Scenario, load_scenario

__all__ = [
    "country_and_scenarios",
    "printing_warnings",
    "reference_realisation",
    "warnings_to_stderr",
]

T = TypeVar("T")


def printing_warnings(read: Callable[[], T]) -> T:
    """Call ``read``, printing its landrelease warnings to standard error as ``warning: …``
    (standard output stays clean for tables and CSV)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LandreleaseWarning)
        value = read()
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    return value


@contextmanager
def warnings_to_stderr() -> Iterator[None]:
    """Print every landrelease warning raised inside as ``warning: …`` on standard error, as
    it happens (a projection's calibration warnings, for one), each message once: a command
    that projects several scenarios or cases would otherwise repeat the same warning."""
    shown: set[str] = set()

    def show(message: Warning | str, category: type[Warning], *args: object, **kw: object) -> None:
        text = str(message)
        if text not in shown:
            shown.add(text)
            print(f"warning: {text}", file=sys.stderr)

    with warnings.catch_warnings():
        warnings.simplefilter("always", LandreleaseWarning)
        warnings.showwarning = show
        yield


def country_and_scenarios(country_dir: Path, specs: list[str]) -> tuple[Country, list[Scenario]]:
    """Load the country (printing its warnings) and each scenario (a name or a TOML file)."""
    country = printing_warnings(lambda: load_country(country_dir))
    scenarios = [
        load_scenario(spec, country.scenarios_dir, baseline_year=country.info.baseline_year)
        for spec in specs
    ]
    return country, scenarios


def reference_realisation(country: Country, scenario: Scenario) -> PlanRealisation | None:
    """For ``[uncertainty] plan_realisation = "file"``: the reference class named by
    ``plan_realisation_file``, read from the country folder and fitted; ``None`` for the
    other modes (the forecast finds those itself)."""
    spec = scenario.uncertainty
    if spec.plan_realisation != "file":
        return None
    where = f"scenario {scenario.name}"
    if spec.plan_realisation_file is None or country.path is None:
        raise LandreleaseError(
            f'{where}: uncertainty.plan_realisation = "file" needs plan_realisation_file, '
            "a CSV of ratios achieved / planned inside the country folder"
        )
    table = read_reference_class(
        country.path,
        spec.plan_realisation_file,
        file=where,
        key="uncertainty.plan_realisation_file",
    )
    return fit_reference_class(table)


@contextmanager
def draw_progress(total: int) -> Iterator[Progress]:
    """A progress bar of ``total`` draws on standard error when it is a terminal (tqdm: one
    small, pure-Python dependency that draws a bar, a rate and the time left, and stays
    silent elsewhere)."""
    bar = tqdm(total=total, unit="draw", file=sys.stderr, disable=not sys.stderr.isatty())

    def update(done: int, _total: int) -> None:
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()


@contextmanager
def process_pool(workers: int) -> Iterator[Executor | None]:
    """A process pool of ``workers``, ``None`` for one: the draws then run in this process."""
    if workers <= 1:
        yield None
        return
    with ProcessPoolExecutor(workers) as pool:
        yield pool
