"""Write a sample country's folder: hazard file (GeoPackage, GeoJSON or a zipped IMSMA-style
Shapefile with a DBF written here), releases.csv, stocks.csv, country.toml, README.md and
scenarios."""

from __future__ import annotations

import datetime as dt
import os
import struct
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import geopandas as gpd
import pandas as pd

from landrelease.domain.outline import NARRATIVE_FOLDER
from landrelease.samples.borealis import BLOCKAGE_FLAGS
from landrelease.samples.hazards import Country
from landrelease.samples.milestones import milestone_lines
from landrelease.samples.narrative import sample_narrative
from landrelease.samples.params import BASELINE, IMSMA_TYPE, SCRIPT, SEED
from landrelease.samples.request_files import REQUEST_FILES, request_files
from landrelease.samples.stocks import sample_stocks, stocks_rng

__all__ = ["INDEX_README", "pinned_gdal_date", "sample_scenarios", "write_country"]

GDAL_DATE_VARIABLE = "OGR_CURRENT_DATE"
"""GDAL writes this timestamp into GeoPackages (``gpkg_contents.last_change``) instead of the
clock, so that two runs give identical files."""
GDAL_DATE = "2025-12-31T00:00:00Z"

CANONICAL = [
    "hazard_id",
    "region",
    "status",
    "contamination_type",
    "area_m2",
    "original_area_m2",
    "priority",
    "accessible",
    "border_area",
    "military_area",
    "recorded_date",
    "name",
]


def write_dbf(
    path: Path, fields: list[tuple[str, str, int, int]], records: list[list], last_update: dt.date
) -> None:
    """Write a dBase III table: C (text), N (number, blank = NULL) and D (date) fields."""
    header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(f[2] for f in fields)
    out = bytearray(
        struct.pack(
            "<BBBBIHH20x",
            0x03,
            last_update.year - 1900,
            last_update.month,
            last_update.day,
            len(records),
            header_len,
            record_len,
        )
    )
    for name, kind, width, dec in fields:
        out += struct.pack("<11sc4xBB14x", name.encode("ascii"), kind.encode("ascii"), width, dec)
    out += b"\r"
    for rec in records:
        out += b" "
        for (_, kind, width, dec), v in zip(fields, rec, strict=True):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                cell = ""
            elif kind == "D":
                cell = v.strftime("%Y%m%d")
            elif kind == "N":
                cell = f"{v:.{dec}f}"
            else:
                cell = str(v)
            raw = cell.encode("utf-8")
            if len(raw) > width:
                raise ValueError(f"{name}: {cell!r} wider than {width}")
            out += raw.rjust(width) if kind == "N" else raw.ljust(width)
    out += b"\x1a"
    path.write_bytes(bytes(out))


def write_imsma_zip(gdf: gpd.GeoDataFrame, path: Path) -> None:
    """Zipped Shapefile with the fields of a real IMSMA hazard-polygon export (Hazard_Typ is
    IMSMA's hazard type, Contam_Typ the contamination, Status_1 = Expired when closed);
    fixed timestamps so the zip is reproducible."""
    fields = [
        ("OBJECTID", "N", 9, 0),
        ("Hazard_ID", "C", 20, 0),
        ("Province", "C", 30, 0),
        ("Hazard_Cla", "C", 10, 0),
        ("Hazard_Typ", "C", 30, 0),
        ("Contam_Typ", "C", 30, 0),
        ("Status_1", "C", 12, 0),
        ("Status_Cha", "D", 8, 0),
        ("Status_C_1", "N", 4, 0),
        ("Area_sqm", "N", 16, 2),
        ("Orig_Area", "N", 16, 2),
        ("Priority", "N", 2, 0),
        ("Accessible", "C", 3, 0),
        ("Access_Yr", "N", 4, 0),
        ("Border", "C", 3, 0),
        ("Date_Recor", "D", 8, 0),
        ("Haz_Name", "C", 60, 0),
        *((field, "C", 3, 0) for field in BLOCKAGE_FLAGS.values()),
    ]
    records = [
        [
            objectid,
            h.hazard_id,
            h.region,
            h.status.upper(),
            h.imsma_hazard_type,
            IMSMA_TYPE[h.contamination_type],
            h.imsma_status,
            h.status_changed,
            h.status_changed.year,
            float(h.area_m2),
            float(h.original_area_m2),
            int(h.priority),
            "Yes" if h.accessible else "No",
            None if pd.isna(h.access_year) else int(h.access_year),
            "Yes" if h.border_area else "No",
            h.recorded_date,
            h.name,
            *("Yes" if getattr(h, column) else "No" for column in BLOCKAGE_FLAGS),
        ]
        for objectid, h in enumerate(gdf.itertuples(), start=1)
    ]
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / "hazards_imsma.shp"
        gdf[["hazard_id", "geometry"]].to_file(shp, driver="ESRI Shapefile")
        write_dbf(shp.with_suffix(".dbf"), fields, records, BASELINE)  # replaces GDAL's DBF
        shp.with_suffix(".cpg").write_text("UTF-8", encoding="ascii")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for ext in ("shp", "shx", "dbf", "prj", "cpg"):
                info = zipfile.ZipInfo(f"hazards_imsma.{ext}", date_time=(2025, 12, 31, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, (Path(tmp) / f"hazards_imsma.{ext}").read_bytes())


def country_toml(c: Country) -> str:
    """country.toml text in the format the loader expects."""
    lines = [
        "[country]",
        f'name = "{c.name}"',
        f'code = "{c.code}"            # user-assigned ISO range; synthetic',
        "synthetic = true",
        'currency = "USD"',
        f'entry_into_force_date = "{c.eif}"',
        f'article5_deadline_date = "{c.deadline}"   # current deadline (after extensions)',
        f'baseline_date = "{BASELINE.isoformat()}"',
        "regions = [" + ", ".join(f'"{r}"' for r in c.regions) + "]",
        f'notes = "SYNTHETIC sample country generated by {SCRIPT} (seed {SEED}). Not real data."',
        "",
        "[files]",
        f'hazards = "{c.hazard_file}"',
    ]
    if c.hazard_file.endswith(".gpkg"):
        lines.append('hazards_layer = "hazards"')
    if c.hazards_mapping:
        lines.append(f'hazards_mapping = "{c.hazards_mapping}"')
    lines.append('releases = "releases.csv"')
    lines.append('stocks = "stocks.csv"')
    lines += [f'{key} = "{name}"' for key, name in REQUEST_FILES.items()]
    for granted, deadline in c.extensions:
        lines += [
            "",
            "[[previous_extensions]]",
            f'granted_date = "{granted}"',
            f'deadline_date = "{deadline}"',
        ]
    lines += milestone_lines(c)
    return "\n".join(lines) + "\n"


def country_readme(c: Country) -> str:
    """README.md of a country folder."""
    live = c.hazards[~c.hazards.get("closed", pd.Series(False, index=c.hazards.index))]
    fmt = {
        "hazards.gpkg": "GeoPackage, layer `hazards`, canonical column names",
        "hazards.geojson": "GeoJSON (EPSG:4326), canonical column names",
        "hazards_imsma.zip": "zipped ESRI Shapefile with the field names and values of an "
        "IMSMA export, read through the `imsma` mapping",
    }[c.hazard_file]
    n_km2 = f"{len(live):,} ({live['area_m2'].sum() / 1e6:,.1f} km²)"
    years = f"{c.releases['year'].min()}-{c.releases['year'].max()}"
    milestones = (
        " and the yearly\n  milestones of earlier requests, with the year each was set "
        "(met at 70-90% in most years)"
        if c.extensions
        else ""
    )
    return f"""# {c.name} (SYNTHETIC)

**This country does not exist. Every figure and polygon here is synthetic**, drawn at random by
`{SCRIPT}` (seed {SEED}) to exercise landrelease. The polygons lie in open ocean on purpose.

{c.readme}

| | |
| --- | --- |
| hazardous areas at {BASELINE.isoformat()} | {n_km2} |
| regions | {", ".join(c.regions)} |
| entry into force | {c.eif} |
| current Article 5 deadline | {c.deadline} |
| release history | {years}, {len(c.releases):,} rows |

Files:
- `country.toml`: header (dates, previous extensions, regions, file names){milestones}.
- `{c.hazard_file}`: the baseline hazardous areas ({fmt}).
- `releases.csv`: land cancelled, reduced and cleared per year, region, contamination type and
  asset (aggregated rows), plus a few dated partial releases on hazards still in the baseline.
- `stocks.csv`: the remaining area at the end of each year as reported (Article 7), nationally
  and by region, with the new finds, re-surveys and rounding real histories show.
- `expenditure.csv`, `casualties.csv`, `marking.csv`, `risk_education_plan.csv`,
  `previous_baseline.csv`: what the request reports beside the plan (money spent by source,
  casualties by sex, age and device, areas marked and fenced, the risk-education plan, the
  baseline of the previous request), consistent with the history and the stocks.
- `narrative/`: the request's text, one Markdown file per section, short and synthetic, with
  placeholders filled from the tables on export.
- `scenarios/`: put scenario files here.

Write all three sample countries again, byte-identical, into a folder:

```
landrelease samples DIR
```

(in a source checkout, `python scripts/make_sample_countries.py` regenerates `sample_countries/`).
"""


INDEX_README = f"""# Sample countries (SYNTHETIC)

Three invented countries for trying landrelease. **None of this is real data**: all of it is
drawn at random by `{SCRIPT}` (seed {SEED}); the polygons lie in open ocean on purpose.

| folder | depicts | hazard file |
| --- | --- | --- |
| `aurelia/` | large legacy programme, ~6,000 areas, ~700 km², mostly suspected | GeoPackage |
| `borealis/` | post-conflict, improvised AP mines, ~150 km² | IMSMA-style Shapefile (zip) |
| `cascadia/` | near completion, ~150 border minefields, ~15 km² | GeoJSON |

Write them into any folder with `landrelease samples DIR`; in a source checkout,
`python scripts/make_sample_countries.py` regenerates `sample_countries/`.
"""


@contextmanager
def pinned_gdal_date() -> Iterator[None]:
    """Pin GDAL's timestamp (``OGR_CURRENT_DATE``) while writing, then restore the variable."""
    before = os.environ.get(GDAL_DATE_VARIABLE)
    os.environ[GDAL_DATE_VARIABLE] = GDAL_DATE
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(GDAL_DATE_VARIABLE, None)
        else:
            os.environ[GDAL_DATE_VARIABLE] = before


def sample_scenarios(key: str) -> dict[str, str]:
    """The scenario files shipped for sample country ``key``: file name → TOML text."""
    folder = resources.files("landrelease.samples").joinpath("scenarios", key)
    return {
        f.name: f.read_text(encoding="utf-8")
        for f in sorted(folder.iterdir(), key=lambda f: f.name)
        if f.name.endswith(".toml")
    }


def write_country(c: Country, out: Path) -> None:
    """Write one country folder with its shipped scenarios (other scenario files are kept)."""
    folder = out / c.key
    (folder / "scenarios").mkdir(parents=True, exist_ok=True)
    (folder / "scenarios" / ".gitkeep").touch()
    for name, text in sample_scenarios(c.key).items():
        (folder / "scenarios" / name).write_text(text, encoding="utf-8", newline="\n")
    gdf = c.hazards
    path = folder / c.hazard_file
    path.unlink(missing_ok=True)
    if c.hazard_file == "hazards_imsma.zip":
        write_imsma_zip(gdf, path)
    else:
        table = gdf[[*CANONICAL, "geometry"]].copy()
        table["area_m2"] = table["area_m2"].astype(float)
        if c.hazard_file.endswith(".gpkg"):
            table["recorded_date"] = pd.to_datetime(table["recorded_date"])
            table.to_file(path, layer="hazards", driver="GPKG")
        else:
            table["recorded_date"] = [d.isoformat() for d in table["recorded_date"]]
            table.to_file(
                path, driver="GeoJSON", RFC7946="YES", COORDINATE_PRECISION=6, WRITE_NAME="NO"
            )
    c.releases.to_csv(folder / "releases.csv", index=False, lineterminator="\n")
    stocks = sample_stocks(stocks_rng(c.key), c)
    stocks.to_csv(folder / "stocks.csv", index=False, lineterminator="\n")
    for key, table in request_files(c, stocks).items():
        table.to_csv(folder / REQUEST_FILES[key], index=False, lineterminator="\n")
    (folder / NARRATIVE_FOLDER).mkdir(exist_ok=True)
    for name, text in sample_narrative(c.key, c.name).items():
        (folder / NARRATIVE_FOLDER / name).write_text(text, encoding="utf-8", newline="\n")
    (folder / "country.toml").write_text(country_toml(c), encoding="utf-8", newline="\n")
    (folder / "README.md").write_text(country_readme(c), encoding="utf-8", newline="\n")
