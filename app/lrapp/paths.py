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
    "SAMPLES_DIR",
    "initial_country",
    "sample_countries",
]

APP_DIR = Path(__file__).resolve().parent.parent
"""The app folder (``app/``: ``main.py``, ``state.py``, ``views/``, ``lrapp/``)."""
PAGES_DIR = APP_DIR / "views"
"""One script per page. Not ``pages/``: Streamlit runs a ``pages/`` folder beside the main
script as a legacy multipage app, without the main script (navigation, sidebar)."""
SAMPLES_DIR = APP_DIR.parent / "sample_countries"
"""The synthetic sample countries of the source tree."""
COUNTRY_ENV = "LANDRELEASE_APP_COUNTRY"
"""Environment variable naming the country folder to open first (set by ``landrelease app``)."""
DEFAULT_SAMPLE = "aurelia"


def sample_countries() -> dict[str, Path]:
    """Sample country folders by name (folders of ``sample_countries/`` with a
    ``country.toml``), sorted; empty when the samples are not there."""
    if not SAMPLES_DIR.is_dir():
        return {}
    return {p.name: p for p in sorted(SAMPLES_DIR.iterdir()) if (p / "country.toml").is_file()}


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
