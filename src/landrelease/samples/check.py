"""Read a written sample country back, independently of the generator, and check it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from landrelease.samples.params import BASELINE, IMSMA_TYPE, METHODS, RELEASE_COLUMNS

__all__ = ["CountryCheck", "check_country"]

IMSMA_COLUMNS = {
    "Hazard_ID": "hazard_id",
    "Province": "region",
    "Hazard_Cla": "status",
    "Contam_Typ": "contamination_type",
    "Area_sqm": "area_m2",
    "Orig_Area": "original_area_m2",
    "Priority": "priority",
    "Accessible": "accessible",
    "Access_Yr": "access_year",
    "Date_Recor": "recorded_date",
    "Haz_Name": "name",
    "Border": "border_area",
}


@dataclass(frozen=True)
class CountryCheck:
    """What the read-back check found: problems (empty when all is well) and a summary
    (counts, areas by status and type, release per year) as text lines."""

    problems: list[str]
    summary: list[str]


def check_country(folder: Path) -> CountryCheck:
    """Read a country folder back with geopandas, independently of the generator, and check
    counts, areas (re-measured in EPSG:6933), validity, overlaps and the release table."""
    problems: list[str] = []
    lines: list[str] = []
    meta = tomllib.loads((folder / "country.toml").read_text(encoding="utf-8"))
    cty, files = meta["country"], meta["files"]
    path = folder / files["hazards"]
    gdf = gpd.read_file(path, layer=files.get("hazards_layer"))
    if str(gdf.crs).upper() not in ("EPSG:4326", "OGC:CRS84"):
        problems.append(f"CRS is {gdf.crs}")
    if files.get("hazards_mapping") == "imsma":
        n_closed = int((gdf["Status_1"] == "Expired").sum())
        if not gdf["Status_1"].isin(["Expired", "Active", "Open", "Worked On"]).all():
            problems.append("Status_1 values other than Expired, Active, Open, Worked On")
        if (gdf["Status_C_1"] != pd.to_datetime(gdf["Status_Cha"]).dt.year).any():
            problems.append("Status_C_1 is not the year of Status_Cha")
        gdf = gdf[gdf["Status_1"] != "Expired"].rename(columns=IMSMA_COLUMNS)
        inv = {v: k for k, v in IMSMA_TYPE.items()}
        gdf["contamination_type"] = gdf["contamination_type"].map(inv)
        gdf["status"] = gdf["status"].str.lower()
        gdf["accessible"] = gdf["accessible"] == "Yes"
        lines.append(f"  dropped {n_closed} Expired (closed) rows")
    gdf = gdf.reset_index(drop=True)
    ea = gdf.to_crs("EPSG:6933")
    measured = ea.area.to_numpy()
    rel_err = np.abs(gdf["area_m2"].to_numpy() / measured - 1)
    if rel_err.max() > 0.01:
        problems.append(f"area attribute off by up to {rel_err.max():.2%}")
    if not gdf.geometry.is_valid.all():
        problems.append(f"{(~gdf.geometry.is_valid).sum()} invalid geometries")
    if not (gdf.geom_type == "Polygon").all():
        problems.append("non-Polygon geometries")
    nv = shapely.get_num_coordinates(gdf.geometry.to_numpy()) - 1
    if nv.min() < 6 or nv.max() > 20:
        problems.append(f"vertex counts {nv.min()}..{nv.max()}")
    tree = shapely.STRtree(ea.geometry.to_numpy())
    a, b = tree.query(ea.geometry.to_numpy(), predicate="intersects")
    pairs = [(i, j) for i, j in zip(a, b, strict=True) if i < j]
    if pairs:
        problems.append(f"{len(pairs)} intersecting pairs")
    if gdf["hazard_id"].duplicated().any():
        problems.append("duplicate hazard_id")
    if set(gdf["region"]) != set(cty["regions"]):
        problems.append(f"hazard regions {sorted(set(gdf['region']))} != {cty['regions']}")
    dates = pd.to_datetime(gdf["recorded_date"])
    if dates.min() < pd.Timestamp("1995-01-01") or dates.max() > pd.Timestamp(BASELINE):
        problems.append("recorded_date out of range")
    if not gdf["priority"].between(1, 5).all():
        problems.append("priority out of 1..5")

    rel = pd.read_csv(
        folder / "releases.csv", dtype={"hazard_id": str, "date": str}, keep_default_na=False
    )
    if list(rel.columns) != RELEASE_COLUMNS:
        problems.append(f"releases columns {list(rel.columns)}")
    if not set(rel["region"]) <= set(cty["regions"]):
        problems.append("release regions not in country.toml")
    if rel["year"].max() > BASELINE.year or (rel["date"][rel["date"] != ""] > str(BASELINE)).any():
        problems.append("release after baseline")
    if (rel["area_m2"] <= 0).any():
        problems.append("non-positive release area")
    bad_asset = ~rel.apply(
        lambda r: (
            (r["method"], r["asset"])
            in {
                ("cancelled", "nts"),
                ("reduced", "ts"),
                ("cleared", "manual"),
                ("cleared", "mechanical"),
                ("cleared", "mdd"),
            }
        ),
        axis=1,
    )
    if bad_asset.any():
        problems.append(f"{bad_asset.sum()} rows with method/asset mismatch")
    ph = rel[rel["hazard_id"] != ""]
    known = gdf.set_index("hazard_id")
    if not set(ph["hazard_id"]) <= set(known.index):
        problems.append("per-hazard release on unknown hazard")
    else:
        sums = ph.groupby("hazard_id")["area_m2"].sum()
        orig = known.loc[sums.index, "original_area_m2"]
        if (orig < known.loc[sums.index, "area_m2"] + sums - 0.5).any():
            problems.append("original_area_m2 below remaining + released")

    km2 = gdf.assign(km2=measured / 1e6)
    lines.append(
        f"  {len(gdf):,} hazards, {km2['km2'].sum():,.1f} km² (EPSG:6933), "
        f"{len(pairs)} overlaps, area attr max err {rel_err.max():.1e}, vertices "
        f"{nv.min()}-{nv.max()}, file {path.stat().st_size / 1e6:.1f} MB"
    )
    lines.append("  km² by status x type:")
    tab = km2.pivot_table(
        index="contamination_type",
        columns="status",
        values="km2",
        aggfunc="sum",
        fill_value=0.0,
        margins=True,
    )
    lines.append("    " + tab.round(1).to_string().replace("\n", "\n    "))
    cnt = gdf.groupby("status").size().to_dict()
    lines.append(
        f"  counts by status: {cnt}; by region: "
        f"{gdf.groupby('region').size().reindex(cty['regions']).to_dict()}"
    )
    if "accessible" in gdf:
        ina = gdf[~gdf["accessible"].astype(bool)]
        lines.append(
            f"  inaccessible: {len(ina)} areas, {ina.area_m2.sum() / 1e6:.1f} km²"
            + (
                f", access_year {ina['access_year'].value_counts(dropna=False).to_dict()}"
                if "access_year" in ina and len(ina)
                else ""
            )
        )
    yearly = (
        rel.pivot_table(
            index="year", columns="method", values="area_m2", aggfunc="sum", fill_value=0
        )[list(METHODS)]
        / 1e6
    )
    yearly["total"] = yearly.sum(axis=1)
    lines.append(f"  releases: {len(rel)} rows ({len(ph)} per hazard), km² per year by method:")
    lines.append("    " + yearly.round(2).to_string().replace("\n", "\n    "))
    shares = yearly[list(METHODS)].sum() / yearly["total"].sum()
    teams = rel.groupby("asset")["teams"].sum()
    prod = rel.groupby("asset")["area_m2"].sum() / teams
    lines.append(
        f"  method shares {shares.round(2).to_dict()}; m²/team-year by asset "
        f"{prod.round(0).astype(int).to_dict()}; AP/AV/other destroyed "
        f"{rel.ap_mines_destroyed.sum()}/{rel.av_mines_destroyed.sum()}/"
        f"{rel.other_items_destroyed.sum()}"
    )
    return CountryCheck(problems, lines)
