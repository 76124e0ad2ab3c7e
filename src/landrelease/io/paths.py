"""Files named inside a country folder stay inside it.

``country.toml`` names its hazard, release and mapping files; a country folder may come from
someone else (a colleague, a shared drive, an upload), so a name that leads out of the folder
— an absolute path, ``..``, or a link that resolves elsewhere — is refused with a message
naming the file, the key, the path and why. Paths a user types on the command line are
theirs and are not restricted.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from landrelease.errors import CountryError, LandreleaseError

__all__ = ["confined_file"]


def confined_file(
    root: Path,
    name: object,
    *,
    key: str,
    file: str = "country.toml",
    base: Path | None = None,
    error: type[LandreleaseError] = CountryError,
) -> Path:
    """``base / name`` (``base`` defaults to ``root``), checked to lie inside ``root``.

    Parameters
    ----------
    root : the folder the file must stay in (the country folder).
    name : the value as written in ``file`` under ``key``.
    key : the key that names the file (e.g. ``[files] hazards``), for messages.
    file : the file that names it, for messages.
    base : the folder ``name`` is relative to, inside ``root`` (e.g. the hazard file's
        folder for its mapping file).
    error : the exception class raised.

    Returns
    -------
    The path as ``base / name`` (not resolved), so messages show what the user wrote.

    Raises
    ------
    LandreleaseError
        (of class ``error``) when ``name`` is not text, is absolute, climbs out with ``..``,
        or is a link (or lies in a linked folder) that resolves outside ``root``.
    """
    start = f"{file}: {key} = {name!r}"
    if not isinstance(name, str) or not name.strip():
        raise error(f'{start} is not a file name; expected a name such as "hazards.gpkg"')
    inside = f"name a file inside the country folder {root}, relative to it"
    windows = PureWindowsPath(name)
    if PurePosixPath(name).is_absolute() or windows.drive or windows.root:
        raise error(f"{start} is an absolute path; {inside}")
    if ".." in windows.parts:  # PureWindowsPath splits on both / and \
        raise error(f"{start} leads out of the folder with '..'; {inside}")
    path = (base if base is not None else root) / name
    target = path.resolve()
    if not target.is_relative_to(root.resolve()):
        raise error(f"{start}: {path} resolves to {target}, outside the country folder; {inside}")
    return path
