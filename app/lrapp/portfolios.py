"""The Portfolio page's backend: which countries it may open, and a portfolio run with each
country's completion-year band, through :func:`landrelease.portfolio.run.portfolio` (the
same call as ``landrelease portfolio``).

A run is kept small so that the page answers in seconds: :data:`DEFAULT_DRAWS` draws a
country and :data:`DEFAULT_STEPS_PER_COUNTRY` budget steps a country (the command line's
defaults are 500 and 10).
"""

from __future__ import annotations

import io
import tempfile
import time
import tomllib
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease import Country, LandreleaseError
from landrelease.cli.common import reference_realisation
from landrelease.errors import LandreleaseWarning
from landrelease.export.portfolio_write import write_portfolio
from landrelease.portfolio import Prepared, prepare, response_curve
from landrelease.portfolio.objectives import parse_objective
from landrelease.portfolio.run import portfolio
from landrelease.scenario import Scenario

__all__ = [
    "ALLOCATION_FORMATS",
    "BAND_CASES",
    "DEFAULT_BUDGET_USD",
    "DEFAULT_DRAWS",
    "DEFAULT_STEPS_PER_COUNTRY",
    "DRAW_CHOICES",
    "OBJECTIVE_KINDS",
    "PortfolioError",
    "PortfolioView",
    "allocation_table",
    "country_choices",
    "country_label",
    "files_zip",
    "formats",
    "marginal_table",
    "objective_part",
    "objective_text",
    "run",
]

DEFAULT_DRAWS = 50
"""Draws a country on the page: one chunk of the forecast's draws (``CHUNK_DRAWS``), a few
seconds for the three samples; the command line's 500 are for the record."""
DRAW_CHOICES = (20, 50, 100, 200)
"""Draws a country the page offers: more draws, steadier probabilities, longer runs."""
DEFAULT_STEPS_PER_COUNTRY = 5
"""Budget steps a country on the page: money moves in fifths of a country's equal share."""
DEFAULT_BUDGET_USD = 30_000_000.0
"""The budget the page starts with (US$ a year): of the order of a large donor's yearly
support to mine action in a few countries."""
OBJECTIVE_KINDS = {
    "states_completing:requested": "States completing by the deadline each requests",
    "states_completing": "States completing by their current Article 5 deadline",
    "ap_area_released_by": "AP-mined area released by a year (km²)",
}
"""The objectives the page offers (``--objective``), in words. The requested deadline comes
first: a State past or near its deadline is measured next against the one it asks for."""
BAND_CASES = ("current pledges", "allocation")
"""The two completion-year bands of each country: without and with its allocation."""
QUANTILES = {"p10": 0.1, "p50": 0.5, "p90": 0.9}
ALLOCATION_FORMATS = {
    "Allocation (US$ million a year)": "%,.2f",
    "Share of the budget (%)": "%.0f%%",
    "Equal split (US$ million a year)": "%,.2f",
    "All planned teams paid from (US$ million a year)": "%,.1f",
}
"""printf formats of :func:`allocation_table`'s money columns; the objective's columns
take :data:`OBJECTIVE_FORMAT`."""
OBJECTIVE_FORMAT = {"%": "%.0f%%", "km²": "%,.2f"}
"""A chance in whole percent (a share of some tens of draws), an area to 0.01 km² (1 ha)."""


class PortfolioError(LandreleaseError):
    """A country or setting the portfolio cannot use, named."""


def country_label(folder: Path) -> str:
    """The country's name as its ``country.toml`` gives it (the folder's name when the file
    cannot be read: loading it will say why)."""
    try:
        data = tomllib.loads((folder / "country.toml").read_text(encoding="utf-8"))
        name = data["country"]["name"]
    except (OSError, ValueError, KeyError, TypeError):
        return folder.name
    return str(name).strip() or folder.name


def country_choices(
    samples: Mapping[str, Path], uploads_dir: Path | None = None, opened: Path | None = None
) -> dict[str, Path]:
    """Country folders the page may open, by label: the samples, the folders uploaded in
    this session (``uploads_dir``) and the country open now (``opened``: e.g. the folder
    given to ``landrelease app``) when it is neither. Nothing else on the computer."""
    out: dict[str, Path] = {}

    def add(folder: Path, kind: str) -> None:
        if folder.resolve() in {p.resolve() for p in out.values()}:
            return
        label, n = f"{country_label(folder)} ({kind})", 1
        while label in out:
            n += 1
            label = f"{country_label(folder)} ({kind} {n})"
        out[label] = folder

    for folder in samples.values():
        add(folder, "sample")
    if uploads_dir is not None and uploads_dir.is_dir():
        uploaded = [p for p in uploads_dir.iterdir() if (p / "country.toml").is_file()]
        for folder in sorted(uploaded, key=lambda p: p.stat().st_mtime):
            add(folder, "uploaded")
    if opened is not None:
        add(opened, "open now")
    return out


def objective_text(kind: str, year: int | None = None) -> str:
    """The objective as ``--objective`` writes it (``year``: of the area released)."""
    return f"{kind}:{year}" if kind == "ap_area_released_by" else kind


Progress = Callable[[float, str], None]
"""Called with the share done (0..1) and what is being done."""


@dataclass(frozen=True)
class PortfolioView:
    """A portfolio run as the page shows it.

    ``allocation`` and ``summary``: the library's (:class:`~landrelease.portfolio.run.
    PortfolioResult`); ``bands``: per country and case (:data:`BAND_CASES`), the Article 5
    completion year's ``p10, p50, p90`` (``None``: after the horizon, ``end_year``);
    ``notes``: the warnings of the countries' projections, named; ``seconds``: server time
    by part (``prepare``, ``allocation``, ``bands``, ``total``).
    """

    allocation: pd.DataFrame
    summary: dict[str, Any]
    bands: pd.DataFrame
    notes: tuple[str, ...] = ()
    seconds: dict[str, float] = field(default_factory=dict)


def _prepare(country: Country, scenario: Scenario, notes: list[str]) -> Prepared:
    """:func:`landrelease.portfolio.prepare` as the command line calls it, its warnings kept
    as notes and its errors named."""
    where = f"{country.info.name}, scenario {scenario.name}"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LandreleaseWarning)
        try:
            ready = prepare(country, scenario, realisation=reference_realisation(country, scenario))
        except LandreleaseError as exc:
            raise PortfolioError(f"{where}: {exc}") from None
    for w in caught:
        if issubclass(w.category, LandreleaseWarning):
            note = f"{where}: {w.message}"
            if note not in notes:
                notes.append(note)
        else:  # not ours: as it would have been without the recording
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return ready


def _bands(
    ready: Sequence[Prepared],
    usd: Sequence[float],
    *,
    draws: int,
    seed: int,
    progress: Callable[[int, int], None],
) -> pd.DataFrame:
    """Completion-year quantiles at no additional money and at each country's allocation
    (the same draws and seed as the allocation: common random numbers)."""
    rows = []
    for i, (p, x) in enumerate(zip(ready, usd, strict=True)):
        amounts = [0.0, float(x)] if x > 0 else [0.0]
        before = i * draws

        def tick(done: int, _total: int, before: int = before) -> None:
            progress(before + done, len(ready) * draws)

        curve = response_curve(p, amounts_usd=amounts, draws=draws, seed=seed, progress=tick)
        years = {k: curve.year_at(q) for k, q in QUANTILES.items()}
        for case, k in zip(BAND_CASES, (0, len(amounts) - 1), strict=True):
            rows.append(
                {"country": p.name, "case": case}
                | {name: values[k] for name, values in years.items()}
                | {"end_year": int(p.years[-1]), "deadline_date": p.deadline}
            )
    return pd.DataFrame(rows)


PORTFOLIO_SHARE = 2 / 3
"""Share of the progress bar for the allocation's two passes over the draws (the bands
take one more pass at most, the rest)."""


def run(
    pairs: Sequence[tuple[Country, Scenario]],
    budget_usd_per_year: float,
    objective: str,
    *,
    draws: int = DEFAULT_DRAWS,
    steps_per_country: int = DEFAULT_STEPS_PER_COUNTRY,
    seed: int = 0,
    progress: Progress | None = None,
) -> PortfolioView:
    """Split ``budget_usd_per_year`` (US$ a year) across ``pairs`` to maximise
    ``objective`` (``--objective``'s text), then each country's completion-year band with
    and without its share.

    Raises
    ------
    PortfolioError
        naming the country whose preparation failed; the library's
        :class:`~landrelease.errors.LandreleaseError` for a budget or objective it refuses.
    """

    def tell(share: float, text: str) -> None:
        if progress is not None:
            progress(min(max(share, 0.0), 1.0), text)

    goal = parse_objective(objective)
    start = time.perf_counter()
    notes: list[str] = []
    ready = []
    for n, (country, scenario) in enumerate(pairs):
        tell(0.0, f"Preparing {country.info.name} ({n + 1} of {len(pairs)})…")
        ready.append(_prepare(country, scenario, notes))
    prepared_at = time.perf_counter()
    result = portfolio(
        pairs,
        budget_usd_per_year,
        goal,
        draws=draws,
        seed=seed,
        steps_per_country=steps_per_country,
        prepared=ready,
        progress=lambda done, total: tell(
            PORTFOLIO_SHARE * done / total, f"Allocating: {done:,} of {total:,} draws worked"
        ),
    )
    allocated_at = time.perf_counter()
    bands = _bands(
        ready,
        result.allocation["usd_per_year"].tolist(),
        draws=draws,
        seed=seed,
        progress=lambda done, total: tell(
            PORTFOLIO_SHARE + (1 - PORTFOLIO_SHARE) * done / total,
            f"Completion years: {done:,} of {total:,} draws worked",
        ),
    )
    end = time.perf_counter()
    seconds = {
        "prepare": prepared_at - start,
        "allocation": allocated_at - prepared_at,
        "bands": end - allocated_at,
        "total": end - start,
    }
    return PortfolioView(result.allocation, result.summary, bands, tuple(notes), seconds)


def _band_text(row: Mapping[str, Any]) -> str:
    """``2033–2034–2036`` (P10–P50–P90), ``after 2050`` where a quantile is after the
    horizon."""
    return "–".join(
        str(row[k]) if row[k] is not None and not pd.isna(row[k]) else f"after {row['end_year']}"
        for k in QUANTILES
    )


def objective_part(objective: str) -> tuple[str, str, float]:
    """What a country adds to ``objective`` (``--objective``'s text): a short heading with
    its unit, the same in words, and the factor from the summary's unit (a probability
    0..1 is shown in %)."""
    goal = parse_objective(objective)
    if goal.kind == "ap_area_released_by":
        words = f"expected AP-mined area released by the end of {goal.year} (km²)"
        return f"AP km² by {goal.year}", words, 1.0
    date = "the deadline it requests" if goal.deadline == "requested" else "its Article 5 deadline"
    return "Chance (%)", f"chance of completing Article 5 clearance by {date} (%)", 100.0


def _heading(what: str, case: str) -> str:
    """``Chance, equal split (%)``: the case before the unit."""
    head, unit = (
        (what[: what.index(" (")], what[what.index(" (") :]) if " (" in what else (what, "")
    )
    return f"{head}, {case}{unit}"


def allocation_table(view: PortfolioView) -> pd.DataFrame:
    """One row per country: its scenario, share of the budget and the equal split's (US$ a
    year), the objective at current pledges, equal split and allocation, the full-funding
    amount (US$ a year) and its completion band (P10–P50–P90) before and after."""
    budget = float(view.summary["budget_usd_per_year"])
    n = len(view.summary["countries"])
    equal = budget / n if n else 0.0
    bands = {(r["country"], r["case"]): _band_text(r) for r in view.bands.to_dict("records")}
    what, _, scale = objective_part(str(view.summary["objective"]))
    rows = []
    for c in view.summary["countries"]:
        value = c["objective"]
        rows.append(
            {
                "Country": c["country"],
                "Scenario": c["scenario"],
                "Allocation (US$ million a year)": c["usd_per_year"] / 1e6,
                "Share of the budget (%)": 100 * c["usd_per_year"] / budget if budget else 0.0,
                "Equal split (US$ million a year)": equal / 1e6,
                **{
                    _heading(what, case): scale * value[key]
                    for case, key in (
                        ("current pledges", "current_pledges"),
                        ("equal split", "equal_split"),
                        ("allocation", "allocation"),
                    )
                },
                "All planned teams paid from (US$ million a year)": (
                    c["full_funding_usd_per_year"] / 1e6
                ),
                "Completion P10–P50–P90, current pledges": bands.get(
                    (c["country"], BAND_CASES[0]), ""
                ),
                "Completion P10–P50–P90, allocation": bands.get((c["country"], BAND_CASES[1]), ""),
            }
        )
    return pd.DataFrame(rows)


def marginal_table(view: PortfolioView) -> pd.DataFrame:
    """What one more US$1M a year on top of its allocation gives each country: completion
    years gained (mean over draws), probability of meeting its date gained (percentage
    points) and AP-mined area released by a year gained (km²)."""
    rows = []
    for c in view.summary["countries"]:
        m = c["marginal"]
        rows.append(
            {
                "country": c["country"],
                "completion_years_gained": m["completion_years_gained"],
                "probability_gained_points": 100 * m["probability_gained"],
                "ap_km2_gained": m["ap_km2_gained"],
                "ap_km2_by_year": m["ap_km2_by_year"],
                "date": c["date"],
            }
        )
    return pd.DataFrame(rows)


def formats(table: pd.DataFrame) -> dict[str, str]:
    """printf formats of :func:`allocation_table`'s numeric columns, by heading."""
    out = {h: f for h, f in ALLOCATION_FORMATS.items() if h in table.columns}
    for heading in table.columns:
        if heading.startswith("Chance,"):
            out[heading] = OBJECTIVE_FORMAT["%"]
        elif heading.startswith("AP km²"):
            out[heading] = OBJECTIVE_FORMAT["km²"]
    return out


def files_zip(view: PortfolioView) -> bytes:
    """``allocation.csv`` and ``portfolio.json`` with their manifest, written by the
    library's writer as ``landrelease portfolio --out`` writes them, zipped."""
    with tempfile.TemporaryDirectory(prefix="landrelease-portfolio-") as tmp:
        folder = Path(tmp) / "portfolio"
        write_portfolio(view.allocation, view.summary, folder, origin=view.summary["provenance"])
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, arcname=f"portfolio/{path.name}")
        return buffer.getvalue()
