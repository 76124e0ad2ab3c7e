"""Regenerate the golden projection outputs under tests/data/golden/.

Run ``python scripts/make_golden.py`` ONLY after a deliberate change to the model or to a
sample country; then review ``git diff tests/data/golden`` line by line before committing —
every changed number is a changed result. ``tests/engine/test_golden.py`` compares against
these files.
"""

from __future__ import annotations

import sys
from pathlib import Path

from landrelease import load_country
from landrelease.engine import project
from landrelease.export.writers import write_csv, write_json
from landrelease.scenario import list_scenarios, load_scenario

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "golden"
COUNTRIES = ("aurelia", "borealis", "cascadia")
TABLES = ("annual", "annual_by_region", "annual_by_type")


def main() -> int:
    """Project every scenario of every sample country and write its golden files."""
    for name in COUNTRIES:
        country = load_country(ROOT / "sample_countries" / name)
        for scenario_name in list_scenarios(country.scenarios_dir):
            scenario = load_scenario(scenario_name, country.scenarios_dir,
                                     baseline_year=country.info.baseline_year)
            result = project(country, scenario)
            folder = GOLDEN / name / scenario_name
            for table in TABLES:
                write_csv(getattr(result, table), folder / f"{table}.csv")
            write_json(result.summary, folder / "summary.json")
            print(f"{name}/{scenario_name}: completion {result.completion_year}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
