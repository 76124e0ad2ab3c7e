"""Load a country folder: ``country.toml``, a hazard file, a release history, scenarios/."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.domain.country import Country, CountryInfo, Extension, Milestone
from landrelease.domain.schema import coerce, schema
from landrelease.errors import CountryError, Problem, ValidationError, warn
from landrelease.io.files import TABULAR_SUFFIXES
from landrelease.io.stocks import inspect_stocks
from landrelease.io.tables import inspect_hazards, inspect_releases
from landrelease.validation.meaning import Sources, run_meaning_checks
from landrelease.validation.stocks import check_stocks

__all__ = ["inspect_country", "load_country", "read_country_info"]

COUNTRY_FILE = "country.toml"
_COUNTRY_KEYS = {
    "name": True,
    "code": True,
    "entry_into_force_date": True,
    "article5_deadline_date": True,
    "baseline_date": True,
    "currency": False,
    "synthetic": False,
    "notes": False,
    "regions": False,
}
_FILES_KEYS = {
    "hazards": True,
    "hazards_layer": False,
    "hazards_mapping": False,
    "crs": False,
    "releases": False,
    "releases_layer": False,
    "releases_mapping": False,
    "stocks": False,
    "stocks_mapping": False,
}
_TOP_KEYS = {"country", "files", "previous_extensions", "milestones"}


def _date(value: Any, key: str, file: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise CountryError(
            f"{file}: {key} = {value!r} is not a date; expected YYYY-MM-DD"
        ) from None


def _number(value: Any, key: str, file: str, whole: bool = False) -> float:
    try:
        return int(value) if whole else float(value)
    except (TypeError, ValueError):
        kind = "a whole number" if whole else "a number"
        raise CountryError(f"{file}: {key} = {value!r} is not {kind}") from None


def _check_keys(table: dict[str, Any], allowed: dict[str, bool], section: str, file: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise CountryError(
            f"{file}: unknown key(s) {', '.join(unknown)} in [{section}]; "
            f"allowed: {', '.join(allowed)}"
        )
    missing = [k for k, required in allowed.items() if required and k not in table]
    if missing:
        raise CountryError(f"{file}: [{section}] is missing {', '.join(missing)}")


def _load_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CountryError(f"{path}: not found; a country folder needs a {COUNTRY_FILE}")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CountryError(f"{path}: not valid TOML: {exc}") from None


def read_country_info(path: str | Path) -> tuple[CountryInfo, dict[str, Any]]:
    """Read ``country.toml`` (a file or its folder); return the facts and the ``[files]`` table."""
    path = Path(path)
    file_path = path / COUNTRY_FILE if path.is_dir() else path
    data = _load_toml(file_path)
    name = file_path.name
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise CountryError(
            f"{name}: unknown section(s) {', '.join(unknown)}; allowed: "
            + ", ".join(sorted(_TOP_KEYS))
        )
    country = data.get("country", {})
    files = data.get("files", {})
    _check_keys(country, _COUNTRY_KEYS, "country", name)
    _check_keys(files, _FILES_KEYS, "files", name)
    extensions = []
    for i, ext in enumerate(data.get("previous_extensions", []), start=1):
        _check_keys(
            ext, {"granted_date": True, "deadline_date": True}, f"previous_extensions #{i}", name
        )
        extensions.append(
            Extension(
                _date(ext["granted_date"], "granted_date", name),
                _date(ext["deadline_date"], "deadline_date", name),
            )
        )
    milestones = []
    for i, ms in enumerate(data.get("milestones", []), start=1):
        _check_keys(
            ms,
            {"year": True, "area_m2": True, "region": False, "method": False},
            f"milestones #{i}",
            name,
        )
        year = int(_number(ms["year"], f"milestones #{i}: year", name, whole=True))
        area_m2 = _number(ms["area_m2"], f"milestones #{i}: area_m2", name)
        if area_m2 < 0:
            raise CountryError(f"{name}: milestones #{i}: area_m2 must not be negative")
        milestones.append(Milestone(year, area_m2, ms.get("region"), ms.get("method")))
    regions = country.get("regions", [])
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        raise CountryError(
            f'{name}: regions = {regions!r} is not a list of names; expected e.g. ["North"]'
        )
    if not isinstance(country.get("synthetic", False), bool):
        raise CountryError(f"{name}: synthetic = {country['synthetic']!r}; expected true or false")
    info = CountryInfo(
        name=str(country["name"]),
        code=str(country["code"]),
        entry_into_force_date=_date(
            country["entry_into_force_date"], "entry_into_force_date", name
        ),
        article5_deadline_date=_date(
            country["article5_deadline_date"], "article5_deadline_date", name
        ),
        baseline_date=_date(country["baseline_date"], "baseline_date", name),
        currency=str(country.get("currency", "USD")),
        synthetic=country.get("synthetic", False),
        notes=str(country.get("notes", "")),
        regions=tuple(regions),
        previous_extensions=tuple(extensions),
        milestones=tuple(milestones),
    )
    if info.article5_deadline_date < info.entry_into_force_date:
        raise CountryError(f"{name}: article5_deadline_date is before entry_into_force_date")
    return info, files


def _empty_releases() -> pd.DataFrame:
    table, _ = coerce(pd.DataFrame(), schema("releases"))
    return table


def inspect_country(path: str | Path) -> tuple[Country | None, list[Problem]]:
    """Load a country folder and return it with every problem found (errors and warnings).

    The country is ``None`` when a file could not be read at all. Raises
    :class:`CountryError` only for a missing or malformed ``country.toml``.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise CountryError(f"{folder}: not a folder; a country is a folder with {COUNTRY_FILE}")
    info, files = read_country_info(folder)
    sources = {"country": folder / COUNTRY_FILE, "hazards": folder / files["hazards"]}
    if "releases" in files:
        sources["releases"] = folder / files["releases"]
    if "stocks" in files:
        sources["stocks"] = _inside(folder, files["stocks"], "stocks")
    problems: list[Problem] = []
    hazards = releases = None
    try:
        hazards, more = inspect_hazards(
            sources["hazards"],
            files.get("hazards_mapping"),
            files.get("hazards_layer"),
            files.get("crs"),
        )
        problems += more
    except ValidationError as exc:
        problems += exc.problems
    if "releases" in sources:
        try:
            releases, more = inspect_releases(
                sources["releases"], files.get("releases_mapping"), files.get("releases_layer")
            )
            problems += more
        except ValidationError as exc:
            problems += exc.problems
    else:
        releases = _empty_releases()
    if hazards is None or releases is None:
        return None, problems
    src = Sources(
        hazards_file=sources["hazards"].name,
        releases_file=sources.get("releases", Path("releases")).name,
        hazards_row_kind=row_kind(sources["hazards"]),
        releases_row_kind=row_kind(sources.get("releases", Path("releases.csv"))),
    )
    problems += run_meaning_checks(hazards, releases, info, src)
    stocks = None
    if "stocks" in sources:
        stocks, more = _stocks(sources["stocks"], files.get("stocks_mapping"), hazards, info)
        problems += more
    country = Country(
        info=info,
        hazards=hazards,
        releases=releases,
        path=folder.resolve(),
        source_files=sources,
        stocks=stocks,
    )
    return country, problems


def _inside(folder: Path, name: object, key: str) -> Path:
    """``folder / name``, which must stay inside the country folder."""
    path = folder / str(name)
    if not path.resolve().is_relative_to(folder.resolve()):
        raise CountryError(
            f"{COUNTRY_FILE}: [files] {key} = {str(name)!r} points outside the country folder; "
            "give a file inside it"
        )
    return path


def _stocks(
    path: Path, mapping: str | None, hazards: pd.DataFrame, info: CountryInfo
) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The stocks table with its own problems and its checks against the country."""
    try:
        stocks, problems = inspect_stocks(path, mapping)
    except ValidationError as exc:
        return None, list(exc.problems)
    problems += check_stocks(stocks, hazards, info, path.name, row_kind(path))
    return stocks, problems


def row_kind(path: Path) -> str:
    """``"row"`` for spreadsheets and CSV, ``"feature"`` for GIS layers."""
    return "row" if path.suffix.lower() in TABULAR_SUFFIXES else "feature"


def load_country(path: str | Path) -> Country:
    """Load and validate a country folder.

    Returns a :class:`~landrelease.domain.country.Country`; raises
    :class:`~landrelease.errors.ValidationError` listing every problem in every file, or
    :class:`~landrelease.errors.CountryError` for a bad ``country.toml``. Warnings are
    emitted as :class:`~landrelease.errors.LandreleaseWarning`.
    """
    country, problems = inspect_country(path)
    if any(p.severity == "error" for p in problems) or country is None:
        raise ValidationError(problems, source=path)
    warn(problems)
    return country
