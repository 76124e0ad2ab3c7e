"""Where the app, its pages and the sample countries are: never relative to the working
directory."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "APP_DIR",
    "COUNTRY_ENV",
    "DEFAULT_SAMPLE",
    "PAGES_DIR",
    "SAMPLES_ENV",
    "SOURCE_SAMPLES_DIR",
    "samples_dir",
    "initial_country",
    "sample_countries",
]

APP_DIR = Path(__file__).resolve().parent.parent
"""The app folder (``app/``: ``main.py``, ``state.py``, ``views/``, ``lrapp/``)."""
PAGES_DIR = APP_DIR / "views"
"""One script per page. Not ``pages/``: Streamlit runs a ``pages/`` folder beside the main
script as a legacy multipage app, without the main script (navigation, sidebar)."""
SOURCE_SAMPLES_DIR = APP_DIR.parent / "sample_countries"
"""The synthetic sample countries of the source tree (absent in an installed wheel)."""
COUNTRY_ENV = "LANDRELEASE_APP_COUNTRY"
"""Environment variable naming the country folder to open first (set by ``landrelease app``)."""
SAMPLES_ENV = "LANDRELEASE_SAMPLES_DIR"
"""Environment variable naming the folder of the sample countries (set by ``landrelease app``:
the source tree's, or the ones the sample generator wrote into the user's cache)."""
DEFAULT_SAMPLE = "aurelia"


def samples_dir() -> Path:
    """The folder of the sample countries: ``$LANDRELEASE_SAMPLES_DIR``, else the source
    tree's ``sample_countries/``."""
    given = os.environ.get(SAMPLES_ENV)
    return Path(given).expanduser().resolve() if given else SOURCE_SAMPLES_DIR


def sample_countries() -> dict[str, Path]:
    """Sample country folders by name (folders with a ``country.toml``), sorted; empty when
    the samples are not there."""
    folder = samples_dir()
    if not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if (p / "country.toml").is_file()}


def initial_country() -> Path | None:
    """The country to open first: ``$LANDRELEASE_APP_COUNTRY``, else the sample ``aurelia``,
    else the first sample; ``None`` when there is none."""
    given = os.environ.get(COUNTRY_ENV)
    if given:
        return Path(given).expanduser().resolve()
    samples = sample_countries()
    if DEFAULT_SAMPLE in samples:
        return samples[DEFAULT_SAMPLE]
    return next(iter(samples.values()), None)
