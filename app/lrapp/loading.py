"""Load a country folder through the library and keep every problem it reports."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from landrelease import Country, LandreleaseError, Problem, inspect_country

log = logging.getLogger(__name__)
__all__ = ["CountryLoad", "load"]


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


def load(folder: str | Path) -> CountryLoad:
    """Load ``folder`` with :func:`landrelease.inspect_country`; the country is kept only when
    there is no error, exactly as :func:`landrelease.load_country` decides. Bad input is never
    raised: a malformed ``country.toml`` becomes :attr:`CountryLoad.message`."""
    path = Path(folder)
    try:
        country, problems = inspect_country(path)
    except LandreleaseError as exc:
        return CountryLoad(path, None, (), str(exc))
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
    usable = country if not any(p.severity == "error" for p in problems) else None
    return CountryLoad(path, usable, tuple(problems))
