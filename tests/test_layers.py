"""The house has one direction: read → validate → project → report → write.

Each part of the package may import only the parts below it. Imports are read from the source
(``ast``), so a test fails as soon as a module imports upwards, whether or not it runs.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "landrelease"

# Each part, with the parts it may import (besides itself and the top-level helpers
# ``errors``). Listed bottom to top.
ALLOWED: dict[str, set[str]] = {
    "domain": set(),
    "io": {"domain", "validation", "reports"},  # read_request builds a RequestPack
    "validation": {"domain"},
    "accounting": {"domain"},
    "scenario": {"domain"},
    "engine": {"domain", "accounting", "scenario"},
    # the team-mix optimiser: above the engine it checks its answers with; only the CLI uses it
    "optimise": {"domain", "accounting", "scenario", "engine"},
    # probabilistic forecasts: draws worked through the engine; history from validation
    "forecast": {"domain", "accounting", "scenario", "engine", "validation"},
    # donors across countries: response curves and allocation over the forecast's draws
    "portfolio": {"domain", "accounting", "scenario", "engine", "validation", "forecast"},
    # the request's confidence table and the review's pace on the record use the forecast
    "reports": {"domain", "accounting", "scenario", "engine", "forecast"},
    "review": {"domain", "accounting", "scenario", "engine", "forecast", "reports", "io"},
    "export": {
        "domain", "accounting", "scenario", "engine", "forecast", "reports", "review", "io"
    },
    "samples": {"domain", "io"},
}
TOP_LEVEL_HELPERS = {"errors", "__init__", "__main__"}


def _landrelease_imports(path: Path) -> set[str]:
    """The parts of ``landrelease`` that a module imports (first name after the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parts: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            bits = name.split(".")
            if bits[0] == "landrelease" and len(bits) > 1:
                parts.add(bits[1])
    return parts


def _modules(part: str) -> list[Path]:
    return sorted((PACKAGE / part).rglob("*.py"))


@pytest.mark.parametrize("part", sorted(ALLOWED))
def test_each_part_imports_only_parts_below_it(part: str) -> None:
    modules = _modules(part)
    assert modules, part
    for path in modules:
        above = _landrelease_imports(path) - ALLOWED[part] - TOP_LEVEL_HELPERS - {part}
        assert not above, f"{path.relative_to(PACKAGE)} imports {sorted(above)}"


def test_no_module_below_the_writers_imports_them() -> None:
    users = {"export", "cli"}
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in users
        and "export" in _landrelease_imports(path)
    ]
    assert offenders == []


def test_every_part_is_placed() -> None:
    parts = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert parts - {"cli"} <= set(ALLOWED), sorted(parts - {"cli"} - set(ALLOWED))


def test_only_the_command_line_uses_the_optimiser() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.relative_to(PACKAGE).parts[0] not in {"optimise", "cli"}
        and "optimise" in _landrelease_imports(path)
    ]
    assert offenders == []
