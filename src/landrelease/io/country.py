"""Load a country folder: ``country.toml``, a hazard file, a release history, scenarios/."""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from pathlib import Path
from typing import Any

import pandas as pd

from landrelease.domain.country import Country, CountryInfo, Extension, Milestone
from landrelease.domain.enums import ReleaseMethod
from landrelease.domain.outline import NARRATIVE_FOLDER
from landrelease.domain.plausibility import plausibility
from landrelease.domain.schema import coerce, schema
from landrelease.domain.text import read_utf8
from landrelease.errors import CountryError, Problem, ValidationError, sort_problems, warn
from landrelease.io.closed import closed_history, drop_expected_warnings
from landrelease.io.files import TABULAR_SUFFIXES
from landrelease.io.mapping import builtin_mappings
from landrelease.io.narrative import read_narrative
from landrelease.io.paths import confined_file
from landrelease.io.request_inputs import REQUEST_INPUTS, inspect_request_inputs
from landrelease.io.stocks import inspect_stocks
from landrelease.io.tables import HazardFile, inspect_hazard_file, inspect_releases
from landrelease.validation.meaning import Sources, run_meaning_checks
from landrelease.validation.plausible import country_fact_problems
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
    "usd_per_local_unit": False,
}
_FILES_KEYS = {
    "hazards": True,
    "hazards_layer": False,
    "hazards_mapping": False,
    "crs": False,
    "releases": False,
    "releases_layer": False,
    "releases_mapping": False,
    "hazards_header_row": False,
    "releases_header_row": False,
    "stocks": False,
    "stocks_mapping": False,
    **dict.fromkeys(REQUEST_INPUTS, False),
}
_TOP_KEYS = {"country", "files", "previous_extensions", "milestones"}
MIN_YEAR, MAX_YEAR = 1997, 2200
"""Years a milestone may name: from the Convention's adoption to the scenario horizon's end."""


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
    kind = "a whole number" if whole else "a number"
    try:
        number = float(value) if not isinstance(value, bool) else math.nan
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not math.isfinite(number):
        what = "is not a finite number" if isinstance(value, float) else f"is not {kind}"
        raise CountryError(f"{file}: {key} = {value!r} {what}")
    if whole and not number.is_integer():
        raise CountryError(f"{file}: {key} = {value!r} is not {kind}")
    return int(number) if whole else number


def _check_keys(table: object, allowed: dict[str, bool], section: str, file: str) -> None:
    if not isinstance(table, dict):
        raise CountryError(
            f"{file}: [{section}] must be a table of keys (found {table!r}); expected e.g. "
            f"[{section.split(' #')[0]}] followed by key = value lines"
        )
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise CountryError(
            f"{file}: unknown key(s) {', '.join(unknown)} in [{section}]; "
            f"allowed: {', '.join(allowed)}"
        )
    missing = [k for k, required in allowed.items() if required and k not in table]
    if missing:
        raise CountryError(f"{file}: [{section}] is missing {', '.join(missing)}")


def _check_file_options(files: dict[str, Any], file: str) -> None:
    """Layers are names (or positions), ``crs`` is text; file names are checked on use."""
    for key in ("hazards_layer", "releases_layer"):
        value = files.get(key, "")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise CountryError(
                f"{file}: [files] {key} = {value!r} is not a layer or sheet name; "
                'expected text such as "hazards"'
            )
    if not isinstance(files.get("crs", ""), str):
        raise CountryError(
            f"{file}: [files] crs = {files['crs']!r} is not a coordinate reference system; "
            'expected text such as "EPSG:32634"'
        )


def _set_year(ms: dict[str, Any], year: int, where: str, file: str) -> int | None:
    """A milestone's ``set_year`` (the year its target was set): a year no later than the
    milestone's own year, since a target is set before the year it is for."""
    if "set_year" not in ms:
        return None
    set_year = int(_number(ms["set_year"], f"{where}: set_year", file, whole=True))
    if not MIN_YEAR <= set_year <= MAX_YEAR:
        raise CountryError(
            f"{file}: {where}: set_year = {ms['set_year']!r} is not a year ({MIN_YEAR}–{MAX_YEAR})"
        )
    if set_year > year:
        raise CountryError(
            f"{file}: {where}: set_year = {set_year} is after the milestone's year {year}; "
            "set_year is the year the target was set (the request's year), on or before it"
        )
    return set_year


def _entries(data: dict[str, Any], key: str, file: str) -> list[Any]:
    """The ``[[key]]`` tables of ``country.toml`` (none when absent)."""
    value = data.get(key, [])
    if not isinstance(value, list):
        raise CountryError(
            f"{file}: {key} = {value!r} is not a list of [[{key}]] tables; write each as a "
            f"[[{key}]] section"
        )
    return value


def _load_toml(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise CountryError(f"{path}: not found; a country folder needs a {COUNTRY_FILE}")
    try:
        return tomllib.loads(read_utf8(path, CountryError))
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
    _check_file_options(files, name)
    extensions = []
    for i, ext in enumerate(_entries(data, "previous_extensions", name), start=1):
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
    for i, ms in enumerate(_entries(data, "milestones", name), start=1):
        _check_keys(
            ms,
            {"year": True, "area_m2": True, "region": False, "method": False, "set_year": False},
            f"milestones #{i}",
            name,
        )
        year = int(_number(ms["year"], f"milestones #{i}: year", name, whole=True))
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise CountryError(
                f"{name}: milestones #{i}: year = {ms['year']!r} is not a year "
                f"({MIN_YEAR}–{MAX_YEAR})"
            )
        area_m2 = _number(ms["area_m2"], f"milestones #{i}: area_m2", name)
        if area_m2 < 0:
            raise CountryError(f"{name}: milestones #{i}: area_m2 must not be negative")
        limit = plausibility().country_area_max_m2
        if area_m2 > limit.value:
            raise CountryError(
                f"{name}: milestones #{i}: area_m2 = {ms['area_m2']!r} is above "
                f"{limit.describe()}"
            )
        region, method = ms.get("region"), ms.get("method")
        if region is not None and not isinstance(region, str):
            raise CountryError(f"{name}: milestones #{i}: region = {region!r} is not a name")
        if method is not None and method not in list(ReleaseMethod):
            raise CountryError(
                f"{name}: milestones #{i}: method = {method!r}; expected one of "
                + ", ".join(ReleaseMethod)
            )
        set_year = _set_year(ms, year, f"milestones #{i}", name)
        milestones.append(Milestone(year, area_m2, region, method, set_year))
    regions = country.get("regions", [])
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        raise CountryError(
            f'{name}: regions = {regions!r} is not a list of names; expected e.g. ["North"]'
        )
    if not isinstance(country.get("synthetic", False), bool):
        raise CountryError(f"{name}: synthetic = {country['synthetic']!r}; expected true or false")
    rate = country.get("usd_per_local_unit")
    if rate is not None:
        rate = _number(rate, "usd_per_local_unit", name)
        if rate <= 0 or str(country.get("currency", "USD")).upper() == "USD":
            raise CountryError(
                f"{name}: usd_per_local_unit = {country['usd_per_local_unit']!r}; expected the "
                "US$ value of one unit of the country's currency (a number above 0), with "
                'currency set to that currency (e.g. currency = "XOF")'
            )
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
        usd_per_local_unit=rate,
    )
    if info.article5_deadline_date < info.entry_into_force_date:
        raise CountryError(f"{name}: article5_deadline_date is before entry_into_force_date")
    implausible = country_fact_problems(info)
    if implausible:
        raise CountryError(f"{name}:\n  - " + "\n  - ".join(implausible))
    return info, files


def _header_row(files: dict[str, Any], key: str) -> int | None:
    """``[files] hazards_header_row`` / ``releases_header_row``: the row of the header."""
    value = files.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise CountryError(
            f"{COUNTRY_FILE}: [files] {key} = {value!r}; expected the row number of the "
            "header in the file, a whole number from 1 (the first row)"
        )
    return value


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
    sources = {"country": folder / COUNTRY_FILE}
    mappings: dict[str, str | Path | None] = {}
    for role in ("hazards", "releases", "stocks"):
        if role in files:
            sources[role] = confined_file(folder, files[role], key=f"[files] {role}")
            mappings[role] = _mapping_file(folder, files, role, sources[role])
    problems: list[Problem] = []
    hazards = releases = None
    read: HazardFile | None = None
    try:
        read = inspect_hazard_file(
            sources["hazards"],
            mappings["hazards"],
            files.get("hazards_layer"),
            files.get("crs"),
            _header_row(files, "hazards_header_row"),
        )
        hazards = read.table
        problems += read.problems
    except ValidationError as exc:
        problems += exc.problems
    if "releases" in sources:
        try:
            releases, more = inspect_releases(
                sources["releases"],
                mappings["releases"],
                files.get("releases_layer"),
                _header_row(files, "releases_header_row"),
            )
            problems += more
        except ValidationError as exc:
            problems += exc.problems
    elif read is not None and read.closed is not None:
        # no releases file: closed hazards of the export are the history (said in a warning)
        releases, more = closed_history(
            read.closed,
            read.mapping,
            baseline_year=info.baseline_year,
            regions=info.regions,
            crs=files.get("crs"),
        )
        problems += more
    else:
        releases = _empty_releases()
    if hazards is None or releases is None:
        return None, sort_problems(problems)
    from_closed = "releases" not in sources and read is not None and read.closed is not None
    history_file = sources["hazards"] if from_closed else sources.get("releases")
    src = Sources(
        hazards_file=sources["hazards"].name,
        releases_file=(history_file or Path("releases")).name,
        hazards_row_kind=row_kind(sources["hazards"]),
        releases_row_kind=row_kind(history_file or Path("releases.csv")),
    )
    checked = run_meaning_checks(hazards, releases, info, src)
    problems += drop_expected_warnings(checked) if from_closed else checked
    stocks = None
    if "stocks" in sources:
        stocks, more = _stocks(sources["stocks"], mappings["stocks"], hazards, info)
        problems += more
    regions = tuple(
        dict.fromkeys([*info.regions, *hazards["region"].dropna(), *releases["region"].dropna()])
    )
    inputs, paths, more = inspect_request_inputs(folder, files, info, regions)
    narrative, found = read_narrative(folder)
    problems += more + found
    if narrative:
        paths["narrative"] = folder / NARRATIVE_FOLDER
    country = Country(
        info=info,
        hazards=hazards,
        releases=releases,
        path=folder.resolve(),
        source_files={**sources, **paths},
        stocks=stocks,
        request_inputs=inputs,
        narrative=narrative,
    )
    return country, sort_problems(problems)


def _mapping_file(folder: Path, files: dict[str, Any], role: str, data: Path) -> str | Path | None:
    """The ``{role}_mapping`` of ``[files]``: a built-in name, or a file next to the data
    file that stays inside the country folder (as an absolute path)."""
    spec = files.get(f"{role}_mapping")
    if spec is None or spec in builtin_mappings():
        return spec
    key = f"[files] {role}_mapping"
    return confined_file(folder, spec, key=key, base=data.parent).absolute()


def _stocks(
    path: Path, mapping: str | Path | None, hazards: pd.DataFrame, info: CountryInfo
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
