"""The request files of a sample country: past expenditure, casualties, marking, the
risk-education plan and the previous request's baseline (all SYNTHETIC), consistent with
the country's release history, its stocks and its baseline scenario.

- ``expenditure.csv``: each history year's team-years by kind (``releases.csv``) priced at
  the baseline scenario's cost per team-year, plus its fixed programme and risk-education
  costs, split into national money (the scenario's national share) and donors; one donor
  reports in euros (``amount_usd`` given), the other rows leave ``amount_usd`` to the
  reader (USD).
- ``casualties.csv``: Poisson counts per year, region and device type, a region's rate
  following its share of the stock, improvised devices where the region has improvised
  contamination; sex and age drawn for each casualty, a few not recorded.
- ``marking.csv``: a share of each region's stock marked each year, fenced where the
  country fences (border minefields).
- ``risk_education_plan.csv``: five plan years, every region with hazards, beneficiaries by
  sex, age and disability; the cost is the scenario's yearly risk-education cost shared by
  beneficiaries.
- ``previous_baseline.csv``: the stock by region at the end of the year before the last
  extension was granted (for a first request, the year before the national strategy),
  split by status and type in the shares of today's baseline; every region is in it.
"""

from __future__ import annotations

import tomllib
import zlib
from dataclasses import dataclass
from importlib import resources

import numpy as np
import pandas as pd

from landrelease.samples.hazards import Country
from landrelease.samples.params import BASELINE, SEED

__all__ = ["REQUEST_FILES", "SampleProfile", "request_files", "request_rng"]

REQUEST_FILES = {
    "expenditure": "expenditure.csv",
    "casualties": "casualties.csv",
    "marking": "marking.csv",
    "risk_education_plan": "risk_education_plan.csv",
    "previous_baseline": "previous_baseline.csv",
}
"""``[files]`` key → file name of each request file a sample country has."""
EUR_IN_USD = 1.08
"""US$ per euro for the donor that reports in euros (a round synthetic rate)."""
PLAN_YEARS = 5
"""Years of the sample risk-education plans (a usual multi-year plan)."""
ROUND_USD = 1_000
ROUND_M2 = 1_000


@dataclass(frozen=True)
class SampleProfile:
    """What a sample's request files depict, per country."""

    donors: tuple[str, ...]
    """Donors named in the expenditure; the first reports in euros."""
    casualties_per_year: float
    """Mean casualties a year across the country."""
    marked_frac: float
    """Share of a region's stock marked in a year."""
    fenced_frac: float
    """Share of a region's stock fenced in a year (0: the country does not fence)."""
    previous_baseline_year: int
    """Year whose end the previous request's (or strategy's) baseline describes."""
    previous_baseline_source: str
    channels: tuple[str, ...]
    """Risk-education channels."""


PROFILES = {
    "aurelia": SampleProfile(
        ("Donor State A", "Donor State B", "Mine Action Trust Fund"),
        45.0,
        0.01,
        0.0,
        2017,
        "Extension request 2018, Annex I (synthetic)",
        ("school sessions", "community liaison", "radio"),
    ),
    "borealis": SampleProfile(
        ("Donor State A", "Donor State C", "Humanitarian pooled fund"),
        140.0,
        0.04,
        0.005,
        2020,
        "National mine action strategy 2021–2025, baseline (synthetic)",
        ("community liaison", "displaced persons' camps", "social media", "radio"),
    ),
    "cascadia": SampleProfile(
        ("Donor State B",),
        2.0,
        0.02,
        0.03,
        2019,
        "Extension request 2020, Annex II (synthetic)",
        ("border community meetings", "school sessions"),
    ),
}
"""Each sample country's profile."""
_DEVICE_OF_TYPE = {
    "ap_mine": "ap_mine",
    "ap_improvised": "ap_improvised",
    "mixed": "mine_unspecified",
    "av_mine": "av_mine",
    "cluster_munition": "cluster_munition",
    "erw": "erw",
}
UNKNOWN_DEVICE_FRAC = 0.08
"""Share of casualties whose device was not recorded."""
KILLED_FRAC = 0.35
"""Share of casualties killed (the rest injured)."""
SEX_SHARES = (0.2, 0.74, 0.06)
"""Female, male, not recorded."""
AGE_SHARES = (0.3, 0.64, 0.06)
"""Child, adult, not recorded."""


def request_rng(key: str) -> np.random.Generator:
    """The request files' own stream for sample ``key`` (apart from every other draw)."""
    spawn = (zlib.crc32(f"request:{key}".encode()),)
    return np.random.default_rng(np.random.SeedSequence(SEED, spawn_key=spawn))


def _scenario(key: str) -> dict:
    text = (
        resources.files("landrelease.samples")
        .joinpath("scenarios", key, "baseline.toml")
        .read_text(encoding="utf-8")
    )
    return tomllib.loads(text)


def _first(value: object) -> float:
    """A yearly scenario value: the number, or the first year's of a table."""
    if isinstance(value, dict):
        return float(next(iter(value.values())))
    return float(value)  # type: ignore[arg-type]


def _live(c: Country) -> pd.DataFrame:
    return c.hazards[~c.hazards.get("closed", pd.Series(False, index=c.hazards.index))]


def expenditure(rng: np.random.Generator, c: Country, p: SampleProfile) -> pd.DataFrame:
    """Past money by year and source (see the module docstring)."""
    sc = _scenario(c.key)
    per_team = sc["costs"]["usd_per_team_year"]
    fixed = _first(sc["costs"]["fixed_programme_usd_per_year"])
    risk = _first(sc["costs"]["risk_education_usd_per_year"])
    national = _first(sc["funding"]["national_usd_per_year"])
    secured = _first(sc["funding"]["international_secured_usd_per_year"]) + sum(
        _first(line["usd_per_year"])  # donors' secured lines of the first year
        for line in sc["funding"].get("lines", [])
        if line["status"] == "secured" and line.get("from_year", 0) <= sc["period"]["start_year"]
    )
    national_frac = national / (national + secured)
    teams = c.releases.groupby(["year", "asset"])["teams"].sum()
    rows = []
    for year in sorted(c.releases["year"].unique()):
        spent = sum(float(t) * per_team[a] for (y, a), t in teams.items() if y == year)
        total = spent + fixed + risk
        own = total * national_frac * rng.uniform(0.85, 1.15)
        shares = rng.dirichlet(np.full(len(p.donors) + 1, 3.0))
        rows.append((year, "national", "USD", own, None))
        for i, (donor, share) in enumerate(zip((*p.donors, "international"), shares, strict=True)):
            usd = (total - own) * share
            if i == 0 and len(p.donors) > 1:
                eur = round(usd / EUR_IN_USD / ROUND_USD) * ROUND_USD
                rows.append((year, donor, "EUR", eur, round(usd / ROUND_USD) * ROUND_USD))
            else:
                rows.append((year, donor, "USD", usd, None))
    table = pd.DataFrame(rows, columns=["year", "source", "currency", "amount", "amount_usd"])
    usd_rows = table["currency"] == "USD"
    table.loc[usd_rows, "amount"] = (table.loc[usd_rows, "amount"] / ROUND_USD).round() * ROUND_USD
    table["amount"] = table["amount"].astype("int64")
    table["amount_usd"] = table["amount_usd"].astype("Int64")
    return table


def casualties(
    rng: np.random.Generator, c: Country, p: SampleProfile, stocks: pd.DataFrame
) -> pd.DataFrame:
    """Casualties by year, region and device type (see the module docstring)."""
    live = _live(c)
    type_share = live.groupby(["region", "contamination_type"])["area_m2"].sum()
    regional = stocks[(stocks["region"] != "all")].set_index(["year", "region"])["area_m2"]
    rows = []
    for year in sorted(c.releases["year"].unique()):
        weights = np.array([float(regional.get((year - 1, r), 0.0)) for r in c.regions])
        if weights.sum() <= 0:
            continue
        counts = rng.poisson(p.casualties_per_year * weights / weights.sum())
        for region, n in zip(c.regions, counts, strict=True):
            if n == 0 or region not in type_share.index.get_level_values(0):
                continue
            types = type_share.loc[region]
            devices = np.array([_DEVICE_OF_TYPE[t] for t in types.index])
            picked = devices[rng.choice(len(devices), size=n, p=(types / types.sum()).to_numpy())]
            picked = np.where(rng.random(n) < UNKNOWN_DEVICE_FRAC, "unknown", picked)
            for device in dict.fromkeys(picked):
                m = int((picked == device).sum())
                killed = int(rng.binomial(m, KILLED_FRAC))
                sex = rng.multinomial(m, SEX_SHARES)
                age = rng.multinomial(m, AGE_SHARES)
                rows.append((year, region, str(device), killed, m - killed, *sex, *age))
    columns = ["year", "region", "device_type", "killed", "injured"]
    columns += ["female", "male", "sex_unknown", "child", "adult", "age_unknown"]
    return pd.DataFrame(rows, columns=columns)


def marking(
    rng: np.random.Generator, c: Country, p: SampleProfile, stocks: pd.DataFrame
) -> pd.DataFrame:
    """Areas marked (and fenced) per year and region (see the module docstring)."""
    live = _live(c)
    mean_area = (live.groupby("region")["area_m2"].mean()).to_dict()
    regional = stocks[stocks["region"] != "all"].set_index(["year", "region"])["area_m2"]
    rows = []
    for year in sorted(c.releases["year"].unique()):
        for region in c.regions:
            stock = float(regional.get((year - 1, region), 0.0))
            for measure, frac in (("marked", p.marked_frac), ("fenced", p.fenced_frac)):
                if frac <= 0 or stock <= 0:
                    continue
                area = round(stock * frac * rng.uniform(0.5, 1.5) / ROUND_M2) * ROUND_M2
                if area <= 0:
                    continue
                count = max(1, round(area / mean_area.get(region, area)))
                rows.append((year, region, measure, count, area))
    return pd.DataFrame(rows, columns=["year", "region", "measure", "area_count", "area_m2"])


def risk_education_plan(rng: np.random.Generator, c: Country, p: SampleProfile) -> pd.DataFrame:
    """The planned risk education per year and region (see the module docstring)."""
    yearly = _scenario(c.key)["costs"]["risk_education_usd_per_year"]
    live = _live(c)
    areas = live.groupby("region").size().reindex(c.regions, fill_value=0)
    regions = [r for r in c.regions if areas[r] > 0]
    rows = []
    for year in range(BASELINE.year + 1, BASELINE.year + 1 + PLAN_YEARS):
        cost = yearly.get(str(year), _first(yearly)) if isinstance(yearly, dict) else yearly
        people = {r: int(rng.poisson(60 * areas[r] ** 0.8) + 50) for r in regions}
        total = sum(people.values())
        for region in regions:
            split = rng.multinomial(people[region], (0.26, 0.28, 0.24, 0.22))
            disabled = int(rng.binomial(people[region], 0.04))
            channels = rng.choice(len(p.channels), size=min(2, len(p.channels)), replace=False)
            share = round(float(cost) * people[region] / total / ROUND_USD) * ROUND_USD
            names = "; ".join(p.channels[i] for i in sorted(channels))
            rows.append((year, region, names, *split, disabled, share))
    columns = ["year", "region", "channels", "beneficiaries_girls", "beneficiaries_boys"]
    columns += ["beneficiaries_women", "beneficiaries_men", "beneficiaries_with_disability"]
    return pd.DataFrame(rows, columns=[*columns, "cost_usd"])


def previous_baseline(c: Country, p: SampleProfile, stocks: pd.DataFrame) -> pd.DataFrame:
    """The previous request's baseline by region, status and type (see the docstring)."""
    live = _live(c)
    year = p.previous_baseline_year
    rows = []
    for region in c.regions:
        total = stocks.loc[(stocks["year"] == year) & (stocks["region"] == region), "area_m2"]
        cells = live[live["region"] == region].groupby(["status", "contamination_type"])
        parts = cells["area_m2"].agg(["sum", "count"])
        if total.empty or parts.empty:
            continue
        stated, today = float(total.iloc[0]), float(parts["sum"].sum())
        areas = (parts["sum"] / today * stated / ROUND_M2).round() * ROUND_M2
        areas.iloc[-1] += stated - areas.sum()  # the region's rows add up to its stock
        counts = np.maximum((parts["count"] * stated / today).round(), 1).astype(int)
        for (status, ctype), area, count in zip(parts.index, areas, counts, strict=True):
            rows.append((year, region, status, ctype, count, area, p.previous_baseline_source))
    columns = ["year", "region", "status", "contamination_type", "hazard_count", "area_m2"]
    table = pd.DataFrame(rows, columns=[*columns, "source"])
    table["area_m2"] = table["area_m2"].astype("int64")
    return table


def request_files(c: Country, stocks: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Every request file of sample ``c`` by ``[files]`` key, drawn from its own stream."""
    rng = request_rng(c.key)
    p = PROFILES[c.key]
    return {
        "expenditure": expenditure(rng, c, p),
        "casualties": casualties(rng, c, p, stocks),
        "marking": marking(rng, c, p, stocks),
        "risk_education_plan": risk_education_plan(rng, c, p),
        "previous_baseline": previous_baseline(c, p, stocks),
    }
