"""Read scenario TOML files: strict keys, checked values, ``base`` scenarios merged in.

A scenario file is a name, a description, an optional ``base`` scenario it overrides, and
sections of assumptions, each of which may carry a ``source`` note. See
``docs/scenarios.md`` for every key, its unit and its default.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from landrelease.errors import LandreleaseError
from landrelease.scenario.model import (
    CALIBRATED,
    TEAM_KINDS,
    Costs,
    Discoveries,
    Funding,
    Priority,
    Productivity,
    ReleaseShares,
    Scenario,
)
from landrelease.scenario.values import ValueReader, read_bool

__all__ = [
    "SCENARIO_KEYS",
    "ScenarioError",
    "list_scenarios",
    "load_scenario",
    "scenario_from_dict",
]

DEFAULT_HORIZON_YEARS = 30
MAX_HORIZON_YEARS = 100

SCENARIO_KEYS: dict[str, tuple[str, ...]] = {
    "period": ("start_year", "end_year"),
    "release": ("sha_cancelled_frac", "ts_reduced_frac"),
    "productivity": (*TEAM_KINDS, "type_factor"),
    "teams": TEAM_KINDS,
    "costs": (
        "usd_per_team_year",
        "fixed_programme_usd_per_year",
        "risk_education_usd_per_year",
        "residual_capacity_usd_per_year",
        "residual_years",
        "residual_m2_per_year",
    ),
    "funding": (
        "national_usd_per_year",
        "international_secured_usd_per_year",
        "international_expected_usd_per_year",
        "count_expected",
        "international_scale",
    ),
    "discoveries": ("sha_area_m2_per_year", "decay_frac_per_year", "first_year", "last_year"),
    "priority": ("rule", "field", "weights", "region_order"),
    "access": ("inaccessible_from_year",),
    "calibration": ("years",),
}
"""Allowed keys of each section (every section also allows ``source``)."""
_TOP_KEYS = ("name", "description", "base", *SCENARIO_KEYS)


class ScenarioError(LandreleaseError):
    """A scenario file is malformed: names the file and the key."""


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Override's sections replace base's keys one by one; values are replaced whole."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if key in SCENARIO_KEYS and isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key].update(copy.deepcopy(dict(value)))
        else:
            out[key] = copy.deepcopy(value)
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path.name}: not valid TOML: {exc}") from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read: {exc.strerror}") from None


def _resolve_file(spec: str | Path, folder: Path | None) -> Path:
    path = Path(spec)
    if path.suffix.lower() == ".toml" and path.is_file():
        return path
    if folder is not None:
        candidate = folder / f"{spec}.toml" if path.suffix == "" else folder / path
        if candidate.is_file():
            return candidate
    known = ", ".join(list_scenarios(folder)) if folder is not None else "none"
    raise ScenarioError(
        f"scenario {str(spec)!r} not found (a .toml file, or a name in {folder}; known: {known})"
    )


def list_scenarios(folder: Path | None) -> list[str]:
    """Names of the scenarios (``*.toml``) in a scenarios folder, sorted."""
    if folder is None or not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.toml"))


def _load_raw(path: Path, folder: Path | None, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    if path.resolve() in seen:
        chain = " → ".join(p.name for p in (*seen, path.resolve()))
        raise ScenarioError(f"{path.name}: base scenarios form a cycle: {chain}")
    data = _read_toml(path)
    if seen:  # a base file: its own keys, named by its own file (the top file's keys are
        _check_keys(data, path.name)  # checked with its values in scenario_from_dict)
    base = data.get("base")
    if base:
        base_path = _resolve_file(base, path.parent if folder is None else folder)
        parent = _load_raw(base_path, folder, (*seen, path.resolve()))
        parent.pop("name", None)
        parent.pop("description", None)
        data = _merge(parent, data)
    data.setdefault("name", path.stem)
    return data


def _key_problems(data: Mapping[str, Any]) -> list[str]:
    problems = [
        f"unknown key {k!r}; allowed: {', '.join(_TOP_KEYS)}" for k in data if k not in _TOP_KEYS
    ]
    for section, allowed in SCENARIO_KEYS.items():
        value = data.get(section)
        if value is None:
            continue
        if not isinstance(value, Mapping):
            problems.append(f"[{section}] must be a table")
            continue
        problems += [
            f"{section}.{k}: unknown key; allowed: {', '.join((*allowed, 'source'))}"
            for k in value
            if k not in (*allowed, "source")
        ]
    return problems


def _check_keys(data: Mapping[str, Any], where: str) -> None:
    problems = _key_problems(data)
    if problems:
        raise ScenarioError(f"{where}:\n  - " + "\n  - ".join(problems))


def load_scenario(
    spec: str | Path, folder: str | Path | None = None, *, baseline_year: int
) -> Scenario:
    """Load a scenario by name (``baseline`` → ``folder/baseline.toml``) or by file path.

    Parameters
    ----------
    spec : scenario name in ``folder`` or path of a TOML file.
    folder : the country's ``scenarios/`` folder, for names and ``base`` references.
    baseline_year : year of the country's baseline; the default start year is the next one.

    Raises
    ------
    ScenarioError
        naming the file and every bad key.
    """
    scenario_folder = Path(folder) if folder is not None else None
    path = _resolve_file(spec, scenario_folder)
    raw = _load_raw(path, scenario_folder)
    return scenario_from_dict(raw, baseline_year=baseline_year, where=path.name)


def scenario_from_dict(
    data: Mapping[str, Any], *, baseline_year: int, where: str = "scenario"
) -> Scenario:
    """Build a :class:`Scenario` from a parsed (and merged) scenario table."""
    r = ValueReader(where)
    r.problems += _key_problems(data)

    def get(section: str) -> dict[str, Any]:
        value = data.get(section)
        return dict(value) if isinstance(value, Mapping) else {}

    period, release, prod, teams = get("period"), get("release"), get("productivity"), get("teams")
    costs, funding, disc, prio = get("costs"), get("funding"), get("discoveries"), get("priority")
    access, calib = get("access"), get("calibration")

    start = r.year("period.start_year", period.get("start_year", baseline_year + 1))
    end = r.year("period.end_year", period.get("end_year", start + DEFAULT_HORIZON_YEARS - 1))
    if end < start:
        r.fail("period.end_year", f"{end} is before start_year {start}")
    if end - start + 1 > MAX_HORIZON_YEARS:
        r.fail("period.end_year", f"horizon longer than {MAX_HORIZON_YEARS} years")

    def shares(key: str) -> dict[str, float] | None:
        value = release.get(key, CALIBRATED)
        if value == CALIBRATED:
            return None
        return r.by_type(f"release.{key}", value, 0.0, 1.0, complete=True)

    m2: dict[str, float | None] = {}
    for kind in TEAM_KINDS:
        value = prod.get(kind, CALIBRATED)
        m2[kind] = (
            None
            if value == CALIBRATED
            else r.number(f"productivity.{kind}", value, 0.0, strict_low=True)
        )
    type_factor = r.by_type(
        "productivity.type_factor", prod.get("type_factor", 1.0), 0.0, strict_low=True
    )

    unit = costs.get("usd_per_team_year", {})
    if not isinstance(unit, Mapping):
        r.fail("costs.usd_per_team_year", "must be a table by team kind")
        unit = {}
    for k in unit:
        if k not in TEAM_KINDS:
            r.fail(
                f"costs.usd_per_team_year.{k}",
                f"unknown team kind; expected one of {', '.join(TEAM_KINDS)}",
            )

    weights = prio.get("weights", {})
    rule = prio.get("rule", "field")
    if rule not in ("field", "weights"):
        r.fail("priority.rule", f"{rule!r} is not 'field' or 'weights'")
    if rule == "weights" and not weights:
        r.fail("priority.weights", "rule 'weights' needs a table of field weights")
    inacc = access.get("inaccessible_from_year")

    scenario = Scenario(
        name=str(data.get("name", where)),
        description=str(data.get("description", "")),
        start_year=start,
        end_year=end,
        release=ReleaseShares(shares("sha_cancelled_frac"), shares("ts_reduced_frac")),
        productivity=Productivity(m2, type_factor),
        teams={k: r.year_values(f"teams.{k}", teams.get(k, 0)) for k in TEAM_KINDS},
        costs=Costs(
            usd_per_team_year={
                k: r.number(f"costs.usd_per_team_year.{k}", unit.get(k, 0)) for k in TEAM_KINDS
            },
            fixed_programme_usd=r.year_values(
                "costs.fixed_programme_usd_per_year", costs.get("fixed_programme_usd_per_year", 0)
            ),
            risk_education_usd=r.year_values(
                "costs.risk_education_usd_per_year", costs.get("risk_education_usd_per_year", 0)
            ),
            residual_capacity_usd=r.year_values(
                "costs.residual_capacity_usd_per_year",
                costs.get("residual_capacity_usd_per_year", 0),
            ),
            residual_years=(r.whole("costs.residual_years", costs.get("residual_years", 3), 0, 50)),
            residual_m2_per_year=r.number(
                "costs.residual_m2_per_year", costs.get("residual_m2_per_year", 0.0)
            ),
        ),
        funding=Funding(
            national_usd=r.year_values(
                "funding.national_usd_per_year", funding.get("national_usd_per_year", 0)
            ),
            international_secured_usd=r.year_values(
                "funding.international_secured_usd_per_year",
                funding.get("international_secured_usd_per_year", 0),
            ),
            international_expected_usd=r.year_values(
                "funding.international_expected_usd_per_year",
                funding.get("international_expected_usd_per_year", 0),
            ),
            count_expected=read_bool(
                r, "funding.count_expected", funding.get("count_expected", False)
            ),
            international_scale=r.number(
                "funding.international_scale", funding.get("international_scale", 1.0)
            ),
        ),
        discoveries=Discoveries(
            sha_area_m2_first_year=r.by_type(
                "discoveries.sha_area_m2_per_year", disc.get("sha_area_m2_per_year", 0.0)
            ),
            decay_frac_per_year=r.number(
                "discoveries.decay_frac_per_year", disc.get("decay_frac_per_year", 0.0), 0.0, 1.0
            ),
            first_year=None
            if "first_year" not in disc
            else r.year("discoveries.first_year", disc["first_year"]),
            last_year=None
            if "last_year" not in disc
            else r.year("discoveries.last_year", disc["last_year"]),
        ),
        priority=Priority(
            rule=str(rule),
            field=str(prio.get("field", "priority")),
            weights={
                str(k): r.number(f"priority.weights.{k}", v, low=None)
                for k, v in (weights.items() if isinstance(weights, Mapping) else [])
            },
            region_order=tuple(str(x) for x in prio.get("region_order", ())),
        ),
        inaccessible_from_year=None
        if inacc is None
        else r.year("access.inaccessible_from_year", inacc),
        calibration_years=(r.whole("calibration.years", calib.get("years", 5), 1, 50)),
        sources={
            s: str(data[s]["source"])
            for s in SCENARIO_KEYS
            if isinstance(data.get(s), Mapping) and "source" in data[s]
        },
        raw=dict(data),
    )
    if r.problems:
        raise ScenarioError(f"{where}:\n  - " + "\n  - ".join(r.problems))
    return scenario
