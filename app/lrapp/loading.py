"""Load a country folder through the library and keep every problem it reports, in words
for the user: their own file names (not the server's temporary copies), no folder paths and
no GDAL jargon."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from landrelease import Country, LandreleaseError, Problem, inspect_country
from lrapp.uploads import user_names

log = logging.getLogger(__name__)
__all__ = ["CRS_FIELD_HINT", "PLAIN_WORDS", "CountryLoad", "load", "plain_message"]

CRS_FIELD_HINT = (
    "the CRS field of the upload form, e.g. EPSG:4326 for longitude/latitude or EPSG:32633 for "
    "UTM zone 33N (a Shapefile's .prj file says which)"
)
"""Where an uploaded layer without a CRS gets one."""
PLAIN_WORDS: tuple[tuple[str, str], ...] = (
    (
        r"(cannot read as a GIS layer: )?'?[^'\s]*'? not recognized as being in a supported "
        r"file format\.?(;? ?It might help to specify the correct driver[^\n]*)?",
        "not a GIS layer landrelease can read (GeoPackage, zipped Shapefile, GeoJSON): the "
        "file is of another kind, or damaged",
    ),
    (
        r"Unable to open (\S+?)\.shx or \S+\. Set SHAPE_RESTORE_SHX config option to YES to "
        r"restore or create it\.",
        r"the Shapefile's index \1.shx is missing: zip the .shp with its .shx, .dbf and .prj",
    ),
    (r"File is not a zip file", "not an Excel workbook (.xlsx), or damaged"),
    (r"/vsizip/+", "/"),
)
"""Library and GDAL wordings (regular expressions) and what the app says instead."""


@dataclass(frozen=True)
class CountryLoad:
    """The outcome of loading a folder: the country when it is usable, every problem found
    (errors and warnings), or a message when the folder itself is wrong."""

    folder: Path
    country: Country | None
    problems: tuple[Problem, ...] = ()
    message: str | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """Problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems of severity ``warning``."""
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        """True when the country loaded without errors (warnings allowed)."""
        return self.country is not None and not self.errors and self.message is None


def plain_message(text: str, folder: Path, names: Mapping[str, str]) -> str:
    """``text`` with the files saved in ``folder`` named as the user named them
    (``names``: user's name by saved name), the folder's path left out, and GDAL's wording
    replaced by plain words (:data:`PLAIN_WORDS`)."""
    for pattern, plain in PLAIN_WORDS[::-1]:  # paths first: the other patterns see names
        text = re.sub(pattern, plain, text)
    base = str(folder).rstrip("/\\")
    for saved, user in names.items():
        text = text.replace(f"{base}/{saved}", user).replace(f"{base}\\{saved}", user)
    text = text.replace(base + "/", "").replace(base + "\\", "").replace(base, "the folder")
    for saved, user in names.items():
        text = re.sub(rf"(?<![\w.-]){re.escape(saved)}(?![\w-])", user, text)
    return text


def _for_the_user(problem: Problem, folder: Path, names: Mapping[str, str]) -> Problem:
    message = plain_message(problem.message, folder, names)
    expected = None if problem.expected is None else plain_message(problem.expected, folder, names)
    if names and "coordinate reference system" in message:  # an upload: the form has a CRS field
        expected = CRS_FIELD_HINT
    file = names.get(problem.file, problem.file) if problem.file else problem.file
    return dataclasses.replace(problem, file=file, message=message, expected=expected)


def load(folder: str | Path) -> CountryLoad:
    """Load ``folder`` with :func:`landrelease.inspect_country`; the country is kept only when
    there is no error, exactly as :func:`landrelease.load_country` decides. Bad input is never
    raised: a malformed ``country.toml`` becomes :attr:`CountryLoad.message`. Problems name
    an upload's files as the user named them (:func:`lrapp.uploads.user_names`)."""
    path = Path(folder)
    names = user_names(path)
    try:
        country, found = inspect_country(path)
    except LandreleaseError as exc:
        return CountryLoad(path, None, (), plain_message(str(exc), path, names))
    except OSError as exc:
        return CountryLoad(path, None, (), f"{path}: cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a reader failed on a file it should have reported on
        log.exception("loading %s failed", path)
        return CountryLoad(
            path,
            None,
            (),
            f"the files could not be read ({type(exc).__name__}: {exc}); this is a bug in "
            "landrelease: please report it with the files",
        )
    problems = tuple(_for_the_user(p, path, names) for p in found)
    usable = country if not any(p.severity == "error" for p in problems) else None
    return CountryLoad(path, usable, problems)
