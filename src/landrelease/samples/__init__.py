"""The three SYNTHETIC sample countries (``aurelia``, ``borealis``, ``cascadia``) and their
generator.

None of this is real data. The countries are invented, their coordinates lie in open ocean
(South Atlantic, Indian Ocean, South Pacific) so that nobody mistakes them for a real place,
and their figures are drawn from seeded random distributions chosen to look like the public
orders of magnitude in the domain primer (Landmine Monitor, Mine Action Review).

What it makes, one folder per country::

    <out>/<country>/
        country.toml        header read by landrelease (dates, regions, file names)
        <hazard file>       baseline hazardous areas (polygons, EPSG:4326)
        releases.csv        land released 2015-2025 (or 2019-2025), canonical columns
        stocks.csv          remaining area at the end of each year as reported (Article 7)
        expenditure.csv, casualties.csv, marking.csv, risk_education_plan.csv,
        previous_baseline.csv
                            what the request reports beside the plan (:mod:`.request_files`)
        narrative/          the request's text, one Markdown file per section (:mod:`.narrative`)
        scenarios/          the shipped scenarios (package data of this module) and .gitkeep
        README.md           what the country depicts, and that it is synthetic

``aurelia`` (:mod:`.aurelia`) is a large legacy programme, ``hazards.gpkg`` with canonical
columns; ``borealis`` (:mod:`.borealis`) a post-conflict programme with improvised AP mines,
``hazards_imsma.zip``, a zipped Shapefile with IMSMA-style field names and values, closed
hazards included; ``cascadia`` (:mod:`.cascadia`) a programme near completion,
``hazards.geojson``.

How: for each country a local Lambert azimuthal equal-area frame (metres) is centred on the
country. Regions are Voronoi cells or strips of a country-sized box. Hazards are grouped in
clusters (villages, front lines, strike sites, border posts); each gets a lognormal area,
rescaled so that the totals by status and contamination type hit their targets, and an
irregular star-shaped polygon of 6-20 vertices with exactly that area (:mod:`.shapes`).
Polygons are placed largest first near their cluster centre, inside their region, at least
10 m apart. They are then projected to EPSG:4326, rounded to 6 decimals, and their area is
measured again in the equal-area frame; that measured area (nearest m²) is what the files
state. Release history (:mod:`.history`) is drawn per year x region x method x contamination
type x asset, plus a few dozen per-hazard partial releases.

Determinism: one seed, one ``numpy.random.Generator`` per country (spawned from it), stable
row orders. CSV and GeoJSON are byte-identical between runs; GeoPackage timestamps are pinned
with GDAL's ``OGR_CURRENT_DATE`` while writing (:func:`.write.pinned_gdal_date`); the
Shapefile's DBF is written here with the baseline date in its header and zipped with fixed
entry timestamps, so all files are byte-identical too.

>>> from landrelease.samples import write_samples
>>> folders = write_samples(Path("samples"), check=True)  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np

from landrelease.errors import LandreleaseError
from landrelease.samples.aurelia import make_aurelia
from landrelease.samples.borealis import make_borealis
from landrelease.samples.cascadia import make_cascadia
from landrelease.samples.check import CountryCheck, check_country
from landrelease.samples.hazards import Country
from landrelease.samples.params import SEED
from landrelease.samples.write import INDEX_README, pinned_gdal_date, write_country

__all__ = [
    "INDEX_FILE",
    "INDEX_README",
    "SAMPLE_NAMES",
    "CountryCheck",
    "check_country",
    "write_samples",
]

logger = logging.getLogger(__name__)

SAMPLE_NAMES = ("aurelia", "borealis", "cascadia")
"""The sample countries, in the order they are drawn (each from its own spawned stream)."""

_MAKERS: tuple[Callable[[np.random.Generator], Country], ...] = (
    make_aurelia,
    make_borealis,
    make_cascadia,
)
INDEX_FILE = "README.md"
"""The index README written beside the country folders."""


def write_samples(out: Path, *, check: bool = False) -> list[Path]:
    """Write the three sample countries and the index README under ``out``.

    Parameters
    ----------
    out : folder to write into (created if missing). Files of the samples are replaced; other
        files, including other scenarios in a country's ``scenarios/``, are kept.
    check : read every country back (:func:`check_country`) and raise when a check fails;
        the summary of each country is logged at INFO level.

    Returns
    -------
    The country folders written, in the order of :data:`SAMPLE_NAMES`.

    Raises
    ------
    LandreleaseError
        with ``check=True``, listing every problem the read-back check found.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / INDEX_FILE).write_text(INDEX_README, encoding="utf-8", newline="\n")
    streams = np.random.SeedSequence(SEED).spawn(len(_MAKERS))
    folders = []
    with pinned_gdal_date():
        for make, seed in zip(_MAKERS, streams, strict=True):
            country = make(np.random.default_rng(seed))
            write_country(country, out)
            folders.append(out / country.key)
            logger.info("wrote %s", out / country.key)
    if check:
        problems = []
        for folder in folders:
            result = check_country(folder)
            logger.info("%s:\n%s", folder, "\n".join(result.summary))
            problems += [f"{folder.name}: {p}" for p in result.problems]
        if problems:
            raise LandreleaseError(
                "the sample countries failed their read-back check:\n  - " + "\n  - ".join(problems)
            )
    return folders
