"""Write docs/columns.md, the column reference of the canonical tables, from their schemas.

Run ``python scripts/make_column_reference.py`` after editing a schema file in
``src/landrelease/domain/schemas/``; ``tests/domain/test_schema.py`` fails while it is stale.
"""

from __future__ import annotations

from pathlib import Path

from landrelease.domain.schema import markdown_reference, schema

HEADER = """# Column reference

Generated from the schema files in `src/landrelease/domain/schemas/` by
`scripts/make_column_reference.py`; do not edit by hand. Source files may use other column
names and values: a mapping (e.g. the built-in `imsma`) renames them on reading.

Five tables are optional files of a country folder, named under `[files]` in
`country.toml` (`expenditure`, `casualties`, `marking`, `risk_education_plan`,
`previous_baseline`): what the extension request reports besides the plan. The last,
`funding_by_donor`, is an output: the `funding_by_donor.csv` that `project --out` writes.

"""
TABLES = (
    "hazards",
    "releases",
    "stocks",
    "expenditure",
    "casualties",
    "marking",
    "risk_education_plan",
    "previous_baseline",
    "funding_by_donor",
)


def render() -> str:
    """The whole column reference."""
    return HEADER + "\n".join(markdown_reference(schema(n)) for n in TABLES)


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "docs" / "columns.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
