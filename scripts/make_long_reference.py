"""Write docs/long_format.md, the variable list of the long (IAMC-style) table, from its data.

Run ``python scripts/make_long_reference.py`` after editing
``src/landrelease/reports/long_variables.toml``; ``tests/reports/test_long_format.py`` fails
while the document is stale.
"""

from __future__ import annotations

from pathlib import Path

from landrelease.reports.long_format import ADDS_UP, LONG_COLUMNS, markdown_reference

ADDS = "\n".join(
    f"  - `{total}` = " + " + ".join(f"`{p}`" for p in parts) for total, parts in ADDS_UP.items()
)
HEADER = f"""# The long table (IAMC style)

Generated from `src/landrelease/reports/long_variables.toml` by
`scripts/make_long_reference.py`; do not edit by hand.

`landrelease project COUNTRY_DIR --out DIR --format long` writes `long.csv` beside the other
tables (and in the folder's manifest): one row per value, with the columns

`{", ".join(LONG_COLUMNS)}`

of the IAMC format that pyam and other integrated-assessment tools read, so plans from
several countries, scenarios and runs stack into one table (concatenate the files) and can be
compared and charted with common tools. No two rows of a stacked table share
`model, scenario, region, variable, year`.

- `model`: `landrelease <version>`, the tool that made the numbers.
- `scenario`: the scenario's name.
- `region`: the country (`Aurelia`) or one of its regions (`Aurelia|Norvale`). Regional rows
  exist for the variables marked "by region"; regions add up to the country.
- `variable`: levels separated by `|`. Anti-personnel mined area (Article 5: `ap_mine`,
  `ap_improvised`, `mixed`) is `|AP`; improvised AP mines are kept apart (`|AP|Improvised`,
  Oslo Action Plan #21). Names with a space at the top (`Cost Deployed`, `Funding Gap`) are
  quantities of their own, not parts of `Cost` or `Funding`. These add up, every year and
  region (a test checks them):
{ADDS}
- `unit`: per variable, always the same: `m2` for stocks at the end of a year, `m2/yr`,
  `USD/yr`, `team-years/yr`, `areas/yr` for flows during the year. Money is at each year's
  prices (the scenario's cost inflation applied). Areas stay in m² (convert when charting).
- `year`, `value`: the calendar year and the number; a value equals the source column named
  below for that year (the Article 5 total by region is the sum of the AP types' rows).

Quantiles (a forecast's P10, P50, P90) are a last level: `Area|Remaining|AP|P50`. A later
producer (the forecast, a portfolio) adds its variables as entries of the same file, naming
the table it hands in and its column; nothing else changes.

## Variables

"""


def render() -> str:
    """The whole document."""
    return HEADER + markdown_reference()


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "docs" / "long_format.md"
    target.write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
