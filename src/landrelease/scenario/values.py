"""Read and check the values of a scenario file, collecting every problem by key."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

from landrelease.domain.plausibility import Limit
from landrelease.scenario.model import TYPES, YearValues

__all__ = ["ValueReader", "read_bool"]


class ValueReader:
    """Checks values of one scenario, naming the file and key of each problem."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[str] = []

    def fail(self, key: str, message: str) -> None:
        self.problems.append(f"{key}: {message}")

    def number(
        self,
        key: str,
        value: Any,
        low: float | None = 0.0,
        high: float | None = None,
        strict_low: bool = False,
        limit: Limit | None = None,
    ) -> float:
        """A finite number from ``low`` to ``high``; above a plausibility ``limit``, a problem
        that names the limit and its reason."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, f"{value!r} is not a number")
            return 0.0
        v = float(value)
        if not math.isfinite(v):  # TOML allows nan and inf; neither is a quantity
            self.fail(key, f"{value!r} is not a finite number")
            return 0.0
        if low is not None and (v < low or (strict_low and v <= low)):
            self.fail(
                key, f"{value!r} must be {'greater than' if strict_low else 'at least'} {low:g}"
            )
        if high is not None and v > high:
            self.fail(key, f"{value!r} must be at most {high:g}")
        if limit is not None and v > limit.value:
            self.fail(key, f"{value!r} is above {limit.describe()}")
        return v

    def whole(self, key: str, value: Any, low: int, high: int) -> int:
        """A whole number between ``low`` and ``high``."""
        number = self.number(key, value, low, high)
        if not float(number).is_integer():
            self.fail(key, f"{value!r} is not a whole number")
        return int(number)

    def year(self, key: str, value: Any) -> int | None:
        """A year from 1997 to 2200; ``None`` (with a problem) otherwise, so that checks
        comparing it with other years are skipped rather than reported against a stand-in."""
        if isinstance(value, bool) or not isinstance(value, int) or not 1997 <= value <= 2200:
            self.fail(key, f"{value!r} is not a year (1997–2200)")
            return None
        return int(value)

    def date(self, key: str, value: Any) -> dt.date | None:
        """A date: a TOML date or ``"YYYY-MM-DD"`` text."""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(key, f"{value!r} is not a date (YYYY-MM-DD)")
            return None

    def names(self, key: str, value: Any, allowed: Sequence[str]) -> tuple[str, ...]:
        """A list of distinct names, each one of ``allowed``."""
        if isinstance(value, str) or not isinstance(value, Sequence):
            self.fail(key, f"{value!r} is not a list; e.g. [{', '.join(map(repr, allowed))}]")
            return ()
        out: list[str] = []
        for item in value:
            if item not in allowed:
                self.fail(key, f"{item!r} is not one of {', '.join(allowed)}")
            elif item in out:
                self.fail(key, f"{item!r} is listed twice")
            else:
                out.append(str(item))
        return tuple(out)

    def year_values(
        self, key: str, value: Any, high: float | None = None, limit: Limit | None = None
    ) -> YearValues:
        """A number (every year) or a table ``{2026 = 10, 2030 = 12, default = 8}``."""
        if isinstance(value, Mapping):
            pairs: list[tuple[int, float]] = []
            default = None
            for k, v in value.items():
                if k == "default":
                    default = self.number(f"{key}.default", v, high=high, limit=limit)
                    continue
                if not (str(k).isdigit() and len(str(k)) == 4):
                    self.fail(
                        f"{key}.{k}", "keys of a yearly table are years (e.g. 2027) or 'default'"
                    )
                    continue
                pairs.append((int(k), self.number(f"{key}.{k}", v, high=high, limit=limit)))
            return YearValues(tuple(sorted(pairs)), default)
        return YearValues.constant(self.number(key, value, high=high, limit=limit))

    def by_type(
        self,
        key: str,
        value: Any,
        low: float = 0.0,
        high: float | None = None,
        strict_low: bool = False,
        complete: bool = False,
        limit: Limit | None = None,
    ) -> dict[str, float]:
        """A number (every contamination type) or a table by type with optional default.

        ``complete``: every type needs a value (given, or through ``default``), so a share
        left out is an error rather than a silent 0.
        """
        if isinstance(value, Mapping):
            unknown = [k for k in value if k not in (*TYPES, "default")]
            for k in unknown:
                self.fail(
                    f"{key}.{k}",
                    f"unknown contamination type; expected one of {', '.join(TYPES)} or default",
                )
            out: dict[str, float] = {}
            if "default" in value:
                d = self.number(f"{key}.default", value["default"], low, high, strict_low, limit)
                out = dict.fromkeys(TYPES, d)
            for t in TYPES:
                if t in value:
                    out[t] = self.number(f"{key}.{t}", value[t], low, high, strict_low, limit)
            missing = [t for t in TYPES if t not in out]
            if complete and missing:
                self.fail(key, f"no value for {', '.join(missing)}; give them or a default")
            return out
        v = self.number(key, value, low, high, strict_low, limit)
        return dict.fromkeys(TYPES, v)


def read_bool(r: ValueReader, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        r.fail(key, f"{value!r} is not true or false")
        return False
    return value
