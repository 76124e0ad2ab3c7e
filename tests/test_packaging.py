"""The wheel carries the library, the app and their data: pyproject.toml lists every package.

setuptools is given the packages by name (the app lives outside ``src/``), so a new package
folder that is not listed would silently be missing from an installed wheel. The full check —
build the wheel, install it in a fresh venv, run ``samples``, ``summary`` and ``app`` — is
``scripts/wheel_smoke.sh``, run by ``.ci/run``.
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def _package_folders(top: Path, name: str) -> set[str]:
    return {
        ".".join([name, *init.parent.relative_to(top).parts])
        for init in top.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }


def test_every_package_folder_is_listed() -> None:
    found = _package_folders(ROOT / "src" / "landrelease", "landrelease") | _package_folders(
        ROOT / "app", "landrelease_app"
    )
    assert set(CONFIG["packages"]) == found


def test_the_app_folder_is_the_landrelease_app_package() -> None:
    assert CONFIG["package-dir"] == {"": "src", "landrelease_app": "app"}


def _shipped(package: str, folder: Path) -> list[Path]:
    """Files setuptools puts in the wheel: modules of listed packages, and package data
    matching the package's globs (``*`` does not cross ``/`` in setuptools' globs)."""
    globs = CONFIG["package-data"].get(package, [])
    packages = set(CONFIG["packages"])
    shipped = []
    for path in folder.rglob("*"):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(folder)
        owner = ".".join([package, *relative.parent.parts])
        is_module = path.suffix == ".py" and owner in packages
        is_data = any(
            fnmatch(relative.as_posix(), g) and relative.as_posix().count("/") == g.count("/")
            for g in globs
        )
        if is_module or is_data:
            shipped.append(path)
    return shipped


def test_every_app_file_ships() -> None:
    app = ROOT / "app"
    files = {p for p in app.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert files == set(_shipped("landrelease_app", app))


def test_every_data_file_of_the_library_ships() -> None:
    package = ROOT / "src" / "landrelease"
    data = {
        p
        for p in package.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    }
    assert data <= set(_shipped("landrelease", package))
