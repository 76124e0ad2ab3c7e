"""Every severity and threshold of the review, as data: ``thresholds.toml`` in this package.

One row per (check, parameter): its value (a ratio, a share, a number of years) with its
unit, the severity of the finding it gives, the reason for the value and its source. A
Committee member reads and changes the table, not the code; a copy with changed rows is
passed to :func:`~landrelease.review.review_pack` (``thresholds=``) or to
``landrelease review --thresholds FILE``. The checks read a row with :func:`limit` (its
value) and :func:`severity` (its severity); docs/review.md lists the table.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path

import pandas as pd

from landrelease.errors import Problem, ValidationError
from landrelease.review.findings import SEVERITIES

__all__ = [
    "ANY_CHECK",
    "RULE_COLUMNS",
    "Rule",
    "Rules",
    "default_rules",
    "limit",
    "read_rules",
    "rule",
    "severity",
    "using_rules",
]

RULE_COLUMNS = ("check", "parameter", "value", "unit", "severity", "reason", "source")
"""Columns of :meth:`Rules.table` (and keys of a ``[[rule]]`` entry, with ``reserved``)."""
ANY_CHECK = "*"
"""``check`` of the rows that apply to every check (a check that could not run)."""
_FILE = "thresholds.toml"


@dataclass(frozen=True)
class Rule:
    """One row of the thresholds table.

    ``value`` is ``None`` for a row that only sets a severity; ``severity`` is ``None`` for
    a row that only sets a value (a number of years to average, say). ``reserved``: the row
    waits for a check not written yet (named in ``reason``).
    """

    check: str
    parameter: str
    value: float | None
    unit: str
    severity: str | None
    reason: str
    source: str
    reserved: bool = False

    @property
    def key(self) -> tuple[str, str]:
        """``(check, parameter)``."""
        return self.check, self.parameter


class Rules(Mapping[tuple[str, str], Rule]):
    """The rows of a thresholds table by ``(check, parameter)``, in file order."""

    def __init__(self, rows: Mapping[tuple[str, str], Rule], origin: str) -> None:
        self._rows = dict(rows)
        self.origin = origin
        """Where the table was read from (the package's file, or a file given)."""

    def __getitem__(self, key: tuple[str, str]) -> Rule:
        return self._rows[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def table(self) -> pd.DataFrame:
        """The rows as a table with :data:`RULE_COLUMNS` (``value`` NaN where blank)."""
        records = [
            {c: getattr(r, c) for c in RULE_COLUMNS} | {"reserved": r.reserved}
            for r in self._rows.values()
        ]
        table = pd.DataFrame(records, columns=[*RULE_COLUMNS, "reserved"])
        table["value"] = table["value"].astype(float)
        return table


def _parse(entries: list[object], origin: str, base: Rules | None) -> Rules:
    """Rows of ``[[rule]]`` entries; with ``base``, entries override its rows by key (each
    must name an existing row) and may give only the fields they change."""
    problems: list[Problem] = []
    rows: dict[tuple[str, str], Rule] = dict(base or {})
    seen: set[tuple[str, str]] = set()
    for n, entry in enumerate(entries, 1):

        def bad(column: str, value: object, expected: str, *, n: int = n) -> None:
            problems.append(
                Problem(
                    check="thresholds",
                    message="invalid rule",
                    file=origin,
                    row=n,
                    column=column,
                    value=value,
                    expected=expected,
                    row_kind="[[rule]] entry",
                )
            )

        if not isinstance(entry, dict):
            bad("rule", entry, "a table with check, parameter and the fields to set")
            continue
        check, parameter = entry.get("check"), entry.get("parameter")
        if not isinstance(check, str) or not isinstance(parameter, str):
            bad("check", check, "check and parameter given as text")
            continue
        key = (check, parameter)
        if key in seen:
            bad("parameter", parameter, f"one row per check and parameter ({check} repeats it)")
            continue
        seen.add(key)
        unknown = set(entry) - {*RULE_COLUMNS, "reserved"}
        if unknown:
            bad(sorted(unknown)[0], entry[sorted(unknown)[0]], f"one of {', '.join(RULE_COLUMNS)}")
        old = rows.get(key)
        if base is not None and old is None:
            bad("parameter", parameter, f"a row of the package's table ({check} has no such row)")
            continue
        value = entry.get("value", old.value if old else None)
        if value is not None and (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            bad("value", value, "a number")
            continue
        level = entry.get("severity", old.severity if old else None)
        if level is not None and level not in SEVERITIES:
            bad("severity", level, f"one of {', '.join(SEVERITIES)}")
            continue
        if value is None and level is None:
            bad("value", None, "a value, a severity, or both")
            continue
        if old is not None and (value is None) != (old.value is None):
            bad("value", value, "a value where the package's row has one, and none where not")
            continue
        fields = {
            "value": None if value is None else float(value),
            "severity": level,
            "unit": str(entry.get("unit", old.unit if old else "")),
            "reason": str(entry.get("reason", old.reason if old else "")),
            "source": str(entry.get("source", old.source if old else "")),
            "reserved": bool(entry.get("reserved", old.reserved if old else False)),
        }
        if not fields["reason"] or not fields["source"]:
            bad("reason", fields["reason"], "a reason and a source for every row")
            continue
        rows[key] = replace(old, **fields) if old else Rule(check, parameter, **fields)  # type: ignore[arg-type]
    if problems:
        raise ValidationError(problems, origin)
    return Rules(rows, origin)


@cache
def default_rules() -> Rules:
    """The package's table (``landrelease/review/thresholds.toml``)."""
    text = resources.files("landrelease.review").joinpath(_FILE).read_text(encoding="utf-8")
    return _parse(tomllib.loads(text).get("rule", []), f"landrelease/review/{_FILE}", None)


def read_rules(path: Path) -> Rules:
    """The package's table with the rows of ``path`` (a TOML file of ``[[rule]]`` entries,
    each naming ``check`` and ``parameter`` and the fields it changes) in their place.

    Raises
    ------
    ValidationError
        naming the file and the entry, for an unknown row, a value that is not a number, a
        severity that is not error, warning or info, or a file that is not TOML.
    """
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problem = Problem(
            check="thresholds",
            message=f"cannot be read as TOML ({exc})",
            file=str(path),
            expected="a TOML file of [[rule]] entries (docs/review.md)",
        )
        raise ValidationError([problem], path) from None
    return _parse(data.get("rule", []), str(path), default_rules())


_ACTIVE: ContextVar[Rules | None] = ContextVar("landrelease_review_rules", default=None)


@contextmanager
def using_rules(rules: Rules | None) -> Iterator[Rules]:
    """Within the block, the checks read ``rules`` (``None``: the package's table)."""
    chosen = rules if rules is not None else default_rules()
    token = _ACTIVE.set(chosen)
    try:
        yield chosen
    finally:
        _ACTIVE.reset(token)


def rule(check: str, parameter: str) -> Rule:
    """The row ``(check, parameter)`` of the table in use.

    Raises
    ------
    KeyError
        when the table has no such row (a bug: every row the checks read is in the
        package's table, and tests/review/test_thresholds.py checks it).
    """
    rules = _ACTIVE.get() or default_rules()
    try:
        return rules[(check, parameter)]
    except KeyError:
        raise KeyError(f"{rules.origin} has no rule for check {check!r}, {parameter!r}") from None


def limit(check: str, parameter: str) -> float:
    """The value of row ``(check, parameter)`` (in the row's unit)."""
    value = rule(check, parameter).value
    if value is None:
        raise KeyError(f"the rule {check!r}, {parameter!r} has no value")
    return value


def severity(check: str, parameter: str) -> str:
    """The severity of row ``(check, parameter)``: ``error``, ``warning`` or ``info``."""
    level = rule(check, parameter).severity
    if level is None:
        raise KeyError(f"the rule {check!r}, {parameter!r} has no severity")
    return level
