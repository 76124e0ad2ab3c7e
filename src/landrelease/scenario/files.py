"""Read scenario TOML files: ``base`` scenarios merged in, then checked and built into a
:class:`~landrelease.scenario.model.Scenario` (:mod:`.from_table`).

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

from landrelease.domain.text import read_utf8
from landrelease.scenario.from_table import (
    MAX_RAMP_UP_YEARS,
    PACE_COST_METHODS,
    SCENARIO_KEYS,
    ScenarioError,
    key_problems,
    scenario_from_dict,
)
from landrelease.scenario.model import Scenario

__all__ = [
    "MAX_RAMP_UP_YEARS",
    "PACE_COST_METHODS",
    "SCENARIO_KEYS",
    "ScenarioError",
    "list_scenarios",
    "load_scenario",
    "scenario_from_dict",
]


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
        return tomllib.loads(read_utf8(path, ScenarioError))
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


def _base_file(base: object, path: Path, folder: Path) -> Path:
    """The file of scenario ``path``'s ``base``: a scenario name (``"baseline"``, or
    ``"baseline.toml"``) in ``folder``, never a path, and no link that leads out of it."""
    start = f"{path.name}: base = {base!r}"
    name = base.removesuffix(".toml") if isinstance(base, str) else ""
    if not name.strip() or name.startswith(".") or any(c in name for c in "/\\:"):
        raise ScenarioError(
            f"{start}: give the name of a scenario in the scenarios folder "
            '(e.g. base = "baseline"), not a path'
        )
    file = folder / f"{name}.toml"
    if not file.is_file():
        known = ", ".join(list_scenarios(folder)) or "none"
        raise ScenarioError(f"{start}: no scenario {name!r} in {folder} (known: {known})")
    if not file.resolve().is_relative_to(folder.resolve()):
        raise ScenarioError(
            f"{start}: {file} resolves to {file.resolve()}, outside the scenarios folder {folder}"
        )
    return file


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
    if "base" in data:
        base_path = _base_file(data["base"], path, path.parent if folder is None else folder)
        parent = _load_raw(base_path, folder, (*seen, path.resolve()))
        parent.pop("name", None)
        parent.pop("description", None)
        data = _merge(parent, data)
    data.setdefault("name", path.stem)
    return data


def _check_keys(data: Mapping[str, Any], where: str) -> None:
    problems = key_problems(data)
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
