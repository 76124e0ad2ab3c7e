"""Read ``[[funding.lines]]``: named donors' money, with its status, pledge years and
earmark, each problem named by the line's number (1 = the first line) and donor.

A line is ``donor`` and ``status`` (``secured`` or ``expected``), both required, ``usd_per_year``
(a number or a yearly table, as every yearly value), ``from_year`` and ``to_year`` (the
pledge years; default: the years a table gives — from its first year, or the period's start
when it has a ``default`` — or the whole period for a number), an optional ``earmark`` (a
team kind) and ``source``. See ``docs/scenarios.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from landrelease.domain.plausibility import plausibility
from landrelease.scenario.model import FUNDING_STATUSES, TEAM_KINDS, FundingLine
from landrelease.scenario.values import ValueReader

__all__ = ["LINE_KEYS", "read_lines"]

LINE_KEYS = ("donor", "status", "usd_per_year", "from_year", "to_year", "earmark", "source")
"""Keys of one ``[[funding.lines]]`` entry."""


def _pledge_years(value: Any, start: int, end: int) -> tuple[int, int]:
    """Default pledge years of ``usd_per_year``: the years its table gives (from the period's
    start when it has a ``default``), else the whole period."""
    if not isinstance(value, Mapping):
        return start, end
    years = [int(k) for k in value if str(k).isdigit() and len(str(k)) == 4]
    if not years:
        return start, end
    return (start if "default" in value else min(years)), max(years)


def _line(
    r: ValueReader, key: str, entry: Mapping[str, Any], start: int, end: int
) -> FundingLine | None:
    for k in entry:
        if k not in LINE_KEYS:
            r.fail(f"{key}.{k}", f"unknown key; allowed: {', '.join(LINE_KEYS)}")
    status = entry.get("status")
    if status is None:
        r.fail(f"{key}.status", f"missing; give one of {', '.join(FUNDING_STATUSES)}")
    elif status not in FUNDING_STATUSES:
        r.fail(f"{key}.status", f"{status!r} is not one of {', '.join(FUNDING_STATUSES)}")
    earmark = entry.get("earmark")
    if earmark is not None and earmark not in TEAM_KINDS:
        r.fail(
            f"{key}.earmark",
            f"{earmark!r} is not a team kind; expected one of {', '.join(TEAM_KINDS)}",
        )
    if "usd_per_year" not in entry:
        r.fail(key, "no usd_per_year; give the line's US$ a year (a number or a yearly table)")
    value = entry.get("usd_per_year", 0)
    usd = r.year_values(f"{key}.usd_per_year", value, limit=plausibility().usd_per_year_max)
    first, last = _pledge_years(value, start, end)
    given_first = r.year(f"{key}.from_year", entry.get("from_year", first))
    given_last = r.year(f"{key}.to_year", entry.get("to_year", last))
    if given_first is None or given_last is None:
        return None
    if given_first > given_last:
        r.fail(f"{key}.from_year", f"{given_first} is after to_year {given_last}")
    for name, year in (("from_year", given_first), ("to_year", given_last)):
        if not start <= year <= end:
            r.fail(
                f"{key}.{name}",
                f"{year} is outside the scenario's period {start}–{end}; give pledge years "
                "within it (from_year, to_year)",
            )
    return FundingLine(
        donor=str(entry.get("donor", "")),
        status=str(status),
        usd=usd,
        from_year=given_first,
        to_year=given_last,
        earmark=None if earmark is None else str(earmark),
        source=str(entry.get("source", "")),
    )


def read_lines(r: ValueReader, value: Any, start: int, end: int) -> tuple[FundingLine, ...]:
    """The donor lines of ``[funding] lines`` (a list of tables), checked; every problem is
    added to ``r`` under ``funding.lines[N] (donor "…").key`` (N counts from 1).

    ``start``, ``end``: the scenario's period (pledge years must lie within it).
    """
    if value is None:
        return ()
    if isinstance(value, Mapping | str) or not isinstance(value, Sequence):
        r.fail("funding.lines", "must be a list of tables: one [[funding.lines]] per donor line")
        return ()
    lines: list[FundingLine] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    for number, entry in enumerate(value, start=1):
        if not isinstance(entry, Mapping):
            r.fail(f"funding.lines[{number}]", "must be a table (donor, status, usd_per_year …)")
            continue
        donor = entry.get("donor")
        if not isinstance(donor, str) or not donor.strip():
            r.fail(f"funding.lines[{number}].donor", "give the donor's name (text)")
            key = f"funding.lines[{number}]"
        else:
            key = f'funding.lines[{number}] (donor "{donor}")'
        line = _line(r, key, entry, start, end)
        if line is None or not line.donor.strip():
            continue
        ident = (line.donor.strip().casefold(), line.status, line.earmark)
        if ident in seen:
            r.fail(
                key,
                f"same donor, status and earmark as funding.lines[{seen[ident]}]; "
                "merge the two lines or tell them apart",
            )
            continue
        seen[ident] = number
        lines.append(line)
    return tuple(lines)
