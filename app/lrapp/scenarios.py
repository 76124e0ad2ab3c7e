"""Scenarios in the app: the saved ones, building the edited one, donors' funding changes.

The app keeps the scenario being edited as its TOML table (``Scenario.raw``, a plain dict,
with ``base`` already merged in) and builds it with
:func:`landrelease.scenario.scenario_from_dict` whenever it changes.
"""

from __future__ import annotations

import copy
import re
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from landrelease import Country, LandreleaseError
from landrelease.engine.funding import with_international_funding
from landrelease.scenario import (
    SCENARIO_KEYS,
    Scenario,
    ScenarioError,
    list_scenarios,
    load_scenario,
    scenario_from_dict,
)
from lrapp import paths, tomlw

__all__ = [
    "Built",
    "SavedScenario",
    "build",
    "check_base",
    "edited_name",
    "load_raw",
    "parse_toml",
    "same",
    "saved_scenarios",
    "scenario_toml",
    "with_international_change",
]


@dataclass(frozen=True)
class SavedScenario:
    """A scenario file the user can start from: its label, file and ``base`` folder."""

    label: str
    path: Path
    folder: Path


@dataclass(frozen=True)
class Built:
    """A scenario built from a TOML table, or the message saying why it cannot be."""

    scenario: Scenario | None
    message: str | None = None


def edited_name(name: str) -> str:
    """The name of scenario ``name`` once edited in the app: ``baseline (edited)``. The name
    is not part of the scenario's hash: the hash tells edited assumptions apart."""
    return f"{name} (edited)"


def saved_scenarios(country: Country) -> dict[str, SavedScenario]:
    """Scenarios the user can start from, by label: the country's own (``scenarios/``), or,
    for a country that has none (e.g. just uploaded), the sample countries' as templates."""
    folder = country.scenarios_dir
    own = list_scenarios(folder)
    if folder is not None and own:
        return {n: SavedScenario(n, folder / f"{n}.toml", folder) for n in own}
    out: dict[str, SavedScenario] = {}
    for sample, sample_dir in paths.sample_countries().items():
        sample_folder = sample_dir / "scenarios"
        for n in list_scenarios(sample_folder):
            label = f"{n} (template from sample {sample})"
            out[label] = SavedScenario(label, sample_folder / f"{n}.toml", sample_folder)
    return out


def _clean(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy without ``base`` (the table is already merged with its base)."""
    out = copy.deepcopy(dict(raw))
    out.pop("base", None)
    return out


def load_raw(saved: SavedScenario, baseline_year: int) -> dict[str, Any]:
    """The merged TOML table of a saved scenario (through
    :func:`landrelease.scenario.load_scenario`, which checks it).

    Raises
    ------
    ScenarioError
        naming the file and every bad key.
    """
    scenario = load_scenario(saved.path, saved.folder, baseline_year=baseline_year)
    return _clean(scenario.raw)


def check_base(data: Mapping[str, Any], where: str) -> None:
    """Refuse a ``base`` that is not the plain name of a scenario of the country's folder
    (the library would also accept a path to any TOML file on this computer).

    Raises
    ------
    ScenarioError
        for a base given as a path.
    """
    base = data.get("base")
    if base is None:
        return
    name = str(base)
    if not name or any(c in name for c in "/\\:") or name.startswith("."):
        raise ScenarioError(
            f"{where}: base = {name!r}: give the name of a scenario in the country's "
            'scenarios folder (e.g. base = "baseline"), not a path'
        )


def parse_toml(
    text: str, where: str, folder: Path | None, baseline_year: int, work_dir: Path
) -> dict[str, Any]:
    """An uploaded scenario file's table: parsed with ``tomllib``, its ``base`` (if any)
    merged by the library from the scenarios in ``folder``, checked by building it.

    ``where`` is the uploaded file's name (for messages, and the scenario's name when the
    file gives none); ``work_dir`` a folder of the session where the file may be written.

    Raises
    ------
    ScenarioError
        for text that is not TOML or a scenario that does not build.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{where}: not valid TOML: {exc}") from None
    check_base(data, where)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", Path(where.replace("\\", "/")).stem) or "uploaded"
    if data.get("base"):
        if folder is None:
            raise ScenarioError(
                f"{where}: base = {data['base']!r} but there is no scenarios folder"
            )
        # the library merges a base only when it loads a file: write the text to a file of
        # the session (never into the country's folder) and load it with the country's folder
        path = Path(tempfile.mkdtemp(prefix="scenario-", dir=work_dir)) / f"{stem}.toml"
        path.write_text(text, encoding="utf-8")
        data = load_scenario(path, folder, baseline_year=baseline_year).raw
    data.setdefault("name", stem)
    built = build(data, baseline_year, where)
    if built.scenario is None:
        raise ScenarioError(built.message or where)
    return _clean(data)


def build(raw: Mapping[str, Any], baseline_year: int, where: str = "scenario") -> Built:
    """:func:`landrelease.scenario.scenario_from_dict` on ``raw``; a bad value gives the
    library's message (naming every bad key) instead of an exception."""
    try:
        return Built(scenario_from_dict(raw, baseline_year=baseline_year, where=where))
    except LandreleaseError as exc:
        return Built(None, str(exc))


def same(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """True when two scenario tables say the same (``base`` ignored)."""
    if a is None or b is None:
        return a is b
    return _clean(a) == _clean(b)


def scenario_toml(raw: Mapping[str, Any]) -> str:
    """A scenario table as a TOML file: name, description, then the sections in the order of
    ``docs/scenarios.md``, each key in its documented order with ``source`` last."""
    out: dict[str, Any] = {}
    for key in ("name", "description"):
        if key in raw:
            out[key] = raw[key]
    for section, keys in SCENARIO_KEYS.items():
        table = raw.get(section)
        if not isinstance(table, Mapping) or not table:
            continue
        ordered = {k: table[k] for k in (*keys, "source") if k in table}
        ordered.update({k: v for k, v in table.items() if k not in ordered})
        out[section] = ordered
    out.update({k: v for k, v in raw.items() if k not in out and k != "base"})
    return tomlw.dumps(out)


def _plus(value: Any, amount: float) -> Any:
    """A yearly value (number or table of years) with ``amount`` added to every year."""
    if isinstance(value, Mapping):
        added = {k: float(v) + amount for k, v in value.items() if k != "default"}
        # years before the first listed one take the default, or else the first value
        first = value.get("default", value[min(k for k in value if k != "default")])
        added["default"] = float(first) + amount
        return added
    return float(value) + amount


def with_international_change(
    scenario: Scenario, baseline_year: int, *, percent: float = 0.0, amount_usd: float = 0.0
) -> Scenario:
    """The scenario with its international funding changed by ``percent`` (of every
    international line, through :func:`landrelease.engine.funding.with_international_funding`
    in mode ``scale``) and ``amount_usd`` more (or less) international money counted every
    year.

    The amount is added to the secured line of the scenario's TOML table, divided by the
    scenario's ``international_scale`` so that exactly ``amount_usd`` more is counted.

    Raises
    ------
    ScenarioError
        when the change would make a line negative, or an amount is added to a scenario whose
        international funding is scaled to zero.
    """
    changed = scenario
    if amount_usd:
        raw = _clean(scenario.raw)
        funding = dict(raw.get("funding", {}))
        scale = float(funding.get("international_scale", 1.0))
        if scale <= 0:
            raise ScenarioError(
                f"{scenario.name}: international funding is scaled to 0; an amount cannot be added"
            )
        key = "international_secured_usd_per_year"
        funding[key] = _plus(funding.get(key, 0.0), amount_usd / scale)
        raw["funding"] = funding
        built = build(raw, baseline_year, f"{scenario.name} with US${amount_usd:,.0f} a year")
        if built.scenario is None:
            raise ScenarioError(built.message or "the funding change does not build")
        changed = built.scenario
    if percent:
        factor = changed.funding.international_scale * (1 + percent / 100)
        if factor < 0:
            raise ScenarioError(f"{percent:g}%: international funding cannot fall below zero")
        changed = with_international_funding(changed, "scale", factor)
    return changed
