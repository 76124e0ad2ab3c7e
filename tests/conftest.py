"""Shared fixtures: a tiny hand-made country and writers for every supported file format.

The hazards are drawn in metres in a Lambert azimuthal equal-area CRS, so the area of each
polygon is known exactly from its coordinates (squares, an L, a triangle, two squares);
files store them in EPSG:4326 as real exports do. Areas are round numbers that the tests
work out by hand.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import warnings
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import MultiPolygon, Polygon, box

LAEA = "+proj=laea +lat_0=45 +lon_0=15 +datum=WGS84 +units=m +no_defs"
"""Equal-area CRS the test polygons are drawn in (metres)."""

GIS_FORMATS = ("gpkg", "shp", "zip", "geojson")
TABLE_FORMATS = ("csv", "xlsx")
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")


def hazard_rows() -> list[dict[str, Any]]:
    """Five hazards; ``area_m2`` is the exact area of ``geometry`` (metres, in LAEA)."""
    return [
        {
            "hazard_id": "H-001",
            "region": "North",
            "status": "sha",
            "contamination_type": "ap_mine",
            "area_m2": 10_000.0,  # 100 m × 100 m
            "original_area_m2": 20_000.0,
            "priority": 1,
            "accessible": "yes",
            "recorded_date": "2010-05-01",
            "geometry": box(0, 0, 100, 100),
        },
        {
            "hazard_id": "H-002",
            "region": "North",
            "status": "cha",
            "contamination_type": "ap_improvised",
            "area_m2": 30_000.0,  # 300 m × 100 m
            "original_area_m2": 40_000.0,
            "priority": 2,
            "accessible": "yes",
            "recorded_date": "2015-06-30",
            "geometry": box(1000, 0, 1300, 100),
        },
        {
            "hazard_id": "H-003",
            "region": "South",
            "status": "sha",
            "contamination_type": "av_mine",
            "area_m2": 60_000.0,  # an L: 400 × 100 plus 100 × 200
            "original_area_m2": None,
            "priority": 3,
            "accessible": "yes",
            "recorded_date": "2018-01-15",
            "geometry": Polygon(
                [(0, 2000), (400, 2000), (400, 2100), (100, 2100), (100, 2300), (0, 2300)]
            ),
        },
        {
            "hazard_id": "H-004",
            "region": "South",
            "status": "cha",
            "contamination_type": "mixed",
            "area_m2": 20_000.0,  # triangle, base 200 m, height 200 m
            "original_area_m2": None,
            "priority": 4,
            "accessible": "no",
            "recorded_date": "2020-02-29",
            "geometry": Polygon([(2000, 2000), (2200, 2000), (2100, 2200)]),
        },
        {
            "hazard_id": "H-005",
            "region": "East",
            "status": "cha",
            "contamination_type": "erw",
            "area_m2": 20_000.0,  # two 100 m squares
            "original_area_m2": None,
            "priority": 5,
            "accessible": "yes",
            "recorded_date": "2021-11-11",
            "geometry": MultiPolygon([box(3000, 0, 3100, 100), box(3200, 0, 3300, 100)]),
        },
    ]


def release_rows() -> list[dict[str, Any]]:
    """Five release records on the hazards above (2023 and 2024), round numbers; improvised
    AP mines destroyed are counted apart (an ``ap_improvised_destroyed`` column)."""
    return [
        {
            "hazard_id": "H-001",
            "region": "North",
            "date": "2023-05-01",
            "year": "",
            "method": "cancelled",
            "area_m2": 5000,
            "contamination_type": "ap_mine",
            "ap_mines_destroyed": 0,
            "av_mines_destroyed": 0,
            "teams": 0.5,
            "asset": "nts",
        },
        {
            "hazard_id": "H-001",
            "region": "North",
            "date": "",
            "year": 2024,
            "method": "cleared",
            "area_m2": 2000,
            "contamination_type": "ap_mine",
            "ap_mines_destroyed": 12,
            "ap_improvised_destroyed": 0,
            "av_mines_destroyed": 0,
            "teams": 1.0,
            "asset": "manual",
        },
        {
            "hazard_id": "H-002",
            "region": "North",
            "date": "2024-03-15",
            "year": 2024,
            "method": "reduced",
            "area_m2": 4000,
            "contamination_type": "ap_improvised",
            "ap_mines_destroyed": 0,
            "av_mines_destroyed": 0,
            "teams": 0.25,
            "asset": "ts",
        },
        {
            "hazard_id": "",
            "region": "South",
            "date": "",
            "year": 2023,
            "method": "cleared",
            "area_m2": 8000,
            "contamination_type": "av_mine",
            "ap_mines_destroyed": 0,
            "av_mines_destroyed": 3,
            "teams": 2.0,
            "asset": "mechanical",
        },
        {
            "hazard_id": "",
            "region": "South",
            "date": "2024-10-01",
            "year": "",
            "method": "cancelled",
            "area_m2": 6000,
            "contamination_type": "av_mine",
            "ap_mines_destroyed": "",
            "av_mines_destroyed": "",
            "teams": "",
            "asset": "nts",
        },
    ]


COUNTRY = {
    "name": "Testland",
    "code": "XTL",
    "synthetic": True,
    "entry_into_force_date": "2004-03-01",
    "article5_deadline_date": "2025-03-01",
    "baseline_date": "2024-12-31",
    "regions": ["North", "South", "East"],
}


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def toml_table(header: str, values: Mapping[str, Any]) -> str:
    """A TOML table; keys whose value is ``None`` are left out."""
    lines = [header]
    lines += [f"{k} = {_toml_value(v)}" for k, v in values.items() if v is not None]
    return "\n".join(lines) + "\n"


class Writer:
    """Writes hazard and release files and country folders into one temporary folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def frame(
        self, rows: Sequence[Mapping[str, Any]] | None = None, crs: str | None = "EPSG:4326"
    ) -> gpd.GeoDataFrame:
        """The rows as a GeoDataFrame drawn in LAEA, reprojected to ``crs``."""
        data = gpd.GeoDataFrame(
            [dict(r) for r in (hazard_rows() if rows is None else rows)], crs=LAEA
        )
        return data if crs is None else data.to_crs(crs)

    def hazards(
        self,
        fmt: str = "gpkg",
        rows: Sequence[Mapping[str, Any]] | None = None,
        name: str = "hazards",
        *,
        crs: str = "EPSG:4326",
        prj: bool = True,
        layer: str = "hazards",
    ) -> Path:
        """Write hazard rows (with a ``geometry`` in LAEA metres) as ``fmt``; return the path.

        GIS formats keep the polygons (stored in ``crs``); CSV and XLSX keep the attributes.
        A Shapefile's field names are cut to 10 characters, as the format requires.
        """
        data = self.frame(rows, crs)
        return self.write(data, fmt, name, prj=prj, layer=layer)

    def write(
        self,
        data: pd.DataFrame,
        fmt: str,
        name: str,
        *,
        prj: bool = True,
        layer: str = "hazards",
    ) -> Path:
        """Write any table (a GeoDataFrame for GIS formats) in ``fmt``; return the path."""
        if fmt in TABLE_FORMATS:
            attributes = pd.DataFrame(data.drop(columns="geometry", errors="ignore"))
            path = self.folder / f"{name}.{fmt}"
            if fmt == "csv":
                attributes.to_csv(path, index=False)
            else:
                attributes.to_excel(path, index=False, engine="openpyxl")
            return path
        if fmt == "gpkg":
            path = self.folder / f"{name}.gpkg"
            data.to_file(path, driver="GPKG", layer=layer, engine="pyogrio")
            return path
        if fmt == "geojson":
            path = self.folder / f"{name}.geojson"
            data.to_file(path, driver="GeoJSON", engine="pyogrio")
            return path
        if fmt in ("shp", "zip"):
            shp_dir = self.folder / f"{name}_shp" if fmt == "zip" else self.folder
            shp_dir.mkdir(exist_ok=True)
            shp = shp_dir / f"{name}.shp"
            short = data.rename(columns={c: c[:10] for c in data.columns if c != "geometry"})
            short.to_file(shp, driver="ESRI Shapefile", engine="pyogrio", encoding="UTF-8")
            if not prj:
                shp.with_suffix(".prj").unlink()
            if fmt == "shp":
                return shp
            path = self.folder / f"{name}.zip"
            with zipfile.ZipFile(path, "w") as archive:
                for suffix in SHAPEFILE_PARTS:
                    part = shp.with_suffix(suffix)
                    if part.exists():
                        archive.write(part, arcname=part.name)
            return path
        raise ValueError(f"unknown test format {fmt}")

    def releases(
        self,
        fmt: str = "csv",
        rows: Sequence[Mapping[str, Any]] | None = None,
        name: str = "releases",
    ) -> Path:
        """Write release rows as CSV or XLSX; return the path."""
        data = pd.DataFrame([dict(r) for r in (release_rows() if rows is None else rows)])
        return self.write(data, fmt, name)

    def csv(self, rows: Sequence[Mapping[str, Any]], name: str = "table") -> Path:
        """Write rows of plain values as ``name.csv``."""
        return self.write(pd.DataFrame([dict(r) for r in rows]), "csv", name)

    def text(self, name: str, content: str | bytes) -> Path:
        """Write a file with exactly this content."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def country(
        self,
        hazards_fmt: str = "csv",
        hazards: Sequence[Mapping[str, Any]] | None = None,
        releases: Sequence[Mapping[str, Any]] | None = None,
        *,
        country: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        extra: str = "",
        with_releases: bool = True,
        folder: str = "testland",
    ) -> Path:
        """A country folder with ``country.toml``, a hazard file and a release history.

        ``country`` and ``files`` override keys of the two TOML tables (``None`` removes
        a key); ``extra`` is appended to ``country.toml`` as is.
        """
        root = self.folder / folder
        root.mkdir(exist_ok=True)
        sub = Writer(root)
        hazard_path = sub.hazards(hazards_fmt, hazards)
        file_keys: dict[str, Any] = {"hazards": hazard_path.name}
        if with_releases:
            file_keys["releases"] = sub.releases("csv", releases).name
        file_keys.update(files or {})
        country_keys = {**COUNTRY, **(country or {})}
        text = toml_table("[country]", country_keys) + "\n" + toml_table("[files]", file_keys)
        (root / "country.toml").write_text(text + extra, encoding="utf-8")
        return root


@pytest.fixture
def write(tmp_path: Path) -> Writer:
    """A :class:`Writer` into this test's temporary folder."""
    return Writer(tmp_path)


@pytest.fixture
def hazards() -> list[dict[str, Any]]:
    """A fresh copy of the five test hazards (edit freely)."""
    return hazard_rows()


@pytest.fixture
def releases() -> list[dict[str, Any]]:
    """A fresh copy of the five test release records (edit freely)."""
    return release_rows()


TESTS = Path(__file__).resolve().parent
_builders_spec = importlib.util.spec_from_file_location(
    "landrelease_tests_shared_engine_builders", TESTS / "engine" / "conftest.py"
)
assert _builders_spec is not None
assert _builders_spec.loader is not None
engine_builders: Any = importlib.util.module_from_spec(_builders_spec)
_builders_spec.loader.exec_module(engine_builders)
"""The engine tests' builders (``tests/engine/conftest.py``, loaded by path: test folders
are not packages), behind the ``make_country`` and ``make_scenario`` fixtures of every
folder (engine, optimise, forecast, portfolio)."""


@pytest.fixture(scope="session")
def make_country() -> Callable[..., Any]:
    """The engine tests' ``country_from_rows``: a country from hazard rows."""
    return engine_builders.country_from_rows


@pytest.fixture(scope="session")
def make_scenario() -> Callable[..., Any]:
    """The engine tests' ``scenario_from_numbers``: a resolved scenario from numbers."""
    return engine_builders.scenario_from_numbers


@pytest.fixture(scope="session")
def sample() -> Callable[..., tuple[Any, Any]]:
    """``sample(name, scenario="baseline")``: a sample country (loaded once) and one of its
    scenarios (folders with a ``sample`` of their own, such as review's, keep theirs)."""
    from landrelease.io.country import load_country
    from landrelease.scenario import load_scenario

    loaded: dict[str, Any] = {}

    def get(name: str, scenario: str = "baseline") -> tuple[Any, Any]:
        if name not in loaded:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # borealis' closed hazards, said elsewhere
                loaded[name] = load_country(TESTS.parent / "sample_countries" / name)
        country = loaded[name]
        return country, load_scenario(
            scenario, country.scenarios_dir, baseline_year=country.info.baseline_year
        )

    return get
