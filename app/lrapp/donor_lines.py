"""Donors' funding lines (``[[funding.lines]]``, docs/scenarios.md) as a table to edit, and
back to the scenario's TOML values.

One row per line: ``donor``, ``status``, ``earmark`` (empty: none), ``usd_per_year`` (one
amount every pledge year), ``by_year`` (a yearly amount as text, ``2027 = 300000; 2029 =
200000``; when given it wins over the number), ``from_year``, ``to_year`` (empty: the
default pledge years) and ``source``. An unchanged table gives the lines back untouched (an
unedited scenario keeps its hash); a blank row is dropped; anything else goes back as typed,
for the library to check and name (``funding.lines[2] (donor "…").status: …``), never
dropped silently.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd
from lrapp.scenario_tables import clean_number

__all__ = ["LINE_COLUMNS", "lines_from_table", "lines_table"]

LINE_COLUMNS = (
    "donor",
    "status",
    "earmark",
    "usd_per_year",
    "by_year",
    "from_year",
    "to_year",
    "source",
)
"""Columns of the table of lines."""
_PAIR = re.compile(r"^\s*(\d{4}|default)\s*[=:]\s*([0-9][0-9_ ]*(?:\.[0-9]+)?)\s*$")


def _by_year_text(value: Mapping[str, Any]) -> str:
    return "; ".join(f"{k} = {clean_number(v)}" for k, v in value.items())


def _by_year(text: str) -> dict[str, int | float] | str:
    """``2027 = 300000; 2029 = 200000`` as a yearly table; the text itself when it is not
    one (the library then says what is wrong, naming the line)."""
    out: dict[str, int | float] = {}
    for part in re.split(r"[;\n]", text):
        if not part.strip():
            continue
        match = _PAIR.match(part)
        if match is None:
            return text
        out[match.group(1)] = clean_number(float(match.group(2).replace("_", "").replace(" ", "")))
    return out or text


def lines_table(lines: Any) -> pd.DataFrame:
    """The lines of a scenario table (``[funding] lines``) as rows of :data:`LINE_COLUMNS`."""
    rows = []
    for line in lines if isinstance(lines, list) else []:
        line = line if isinstance(line, Mapping) else {}
        usd = line.get("usd_per_year")
        table = isinstance(usd, Mapping)
        rows.append(
            {
                "donor": str(line.get("donor", "")),
                "status": str(line.get("status", "")),
                "earmark": str(line.get("earmark", "")),
                "usd_per_year": None if table or usd is None else usd,
                "by_year": _by_year_text(usd) if table else "",
                "from_year": line.get("from_year"),
                "to_year": line.get("to_year"),
                "source": str(line.get("source", "")),
            }
        )
    out = pd.DataFrame(rows, columns=list(LINE_COLUMNS))
    for column in ("donor", "status", "earmark", "by_year", "source"):
        out[column] = out[column].astype(object)
    out["usd_per_year"] = pd.to_numeric(out["usd_per_year"], errors="coerce").astype(float)
    for column in ("from_year", "to_year"):
        out[column] = pd.to_numeric(out[column], errors="coerce").astype("Int64")
    return out


def _text(value: Any) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _line(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """One row as a line's TOML values; ``None`` for a blank row."""
    if all(_text(row.get(c)).strip() == "" for c in LINE_COLUMNS):
        return None
    line: dict[str, Any] = {"donor": _text(row.get("donor")).strip()}
    for key in ("status", "earmark"):
        if _text(row.get(key)).strip():
            line[key] = _text(row.get(key)).strip()
    by_year = _text(row.get("by_year")).strip()
    amount = row.get("usd_per_year")
    if by_year:
        line["usd_per_year"] = _by_year(by_year)
    elif _text(amount):
        line["usd_per_year"] = clean_number(float(amount))
    for key in ("from_year", "to_year"):
        if _text(row.get(key)):
            line[key] = int(row[key])
    if _text(row.get("source")).strip():
        line["source"] = _text(row.get("source")).strip()
    return line


def lines_from_table(table: pd.DataFrame, original: Any) -> list[dict[str, Any]]:
    """The edited table as ``[funding] lines`` values: ``original`` itself (a copy) when the
    table is unchanged, else one line per row that is not blank, in the table's order."""
    if isinstance(original, list) and table.reset_index(drop=True).equals(lines_table(original)):
        return copy.deepcopy(original)
    lines = (_line(row) for row in table.to_dict("records"))
    return [line for line in lines if line is not None]
