"""Exceptions and warnings of landrelease, and the :class:`Problem` record they carry.

Every error a user can cause subclasses :class:`ValueError` and carries a list of
:class:`Problem` records, one per thing that is wrong, each naming the file, the row as a
person sees it in a spreadsheet (header = row 1) or the feature number in a GIS layer, the
column, the bad value and what was expected.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CountryError",
    "LandreleaseError",
    "LandreleaseWarning",
    "Problem",
    "ProblemSeverity",
    "ValidationError",
    "render_problems",
    "sort_problems",
    "warn",
]

ProblemSeverity = str  # "error" or "warning"

_MAX_VALUE_CHARS = 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input, located as precisely as we can.

    ``row`` is the spreadsheet row (header is row 1, first data row is row 2) for tabular
    files, or the 1-based feature number for GIS layers (``row_kind="feature"``).
    """

    check: str
    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: object = None
    expected: str | None = None
    severity: ProblemSeverity = "error"
    row_kind: str = "row"

    def location(self) -> str:
        """Where the problem is, e.g. ``hazards.csv, row 4, column area_m2``."""
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.row is not None:
            parts.append(f"{self.row_kind} {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = self.message
        if self.value is not None and not _is_missing(self.value):
            shown = repr(self.value) if isinstance(self.value, str) else str(self.value)
            if len(shown) > _MAX_VALUE_CHARS:
                shown = shown[: _MAX_VALUE_CHARS - 1] + "…"
            text += f" (found {shown})"
        if self.expected:
            text += f"; expected {self.expected}"
        where = self.location()
        return f"{where}: {text}" if where else text

    def as_dict(self) -> dict[str, object]:
        """The problem as a flat record (for tables in the app and ``--csv`` output)."""
        value = None if _is_missing(self.value) else self.value
        return {
            "severity": self.severity,
            "check": self.check,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": None if value is None else str(value),
            "problem": self.message,
            "expected": self.expected,
        }


def _is_missing(value: object) -> bool:
    try:
        return bool(value != value)  # NaN, NaT, pd.NA compare unequal to themselves
    except (TypeError, ValueError):
        return value is None


class LandreleaseError(ValueError):
    """Base class of every error landrelease raises for bad input."""


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` in file and row order, as a person reads the files.

    Files keep the order in which they first appear (the order they were read); within a
    file, problems about the whole file (no row) come first, then rows (or features) in
    ascending order. Problems on the same row keep the order they were found in.
    """
    listed = list(problems)
    first_seen: dict[str | None, int] = {}
    for p in listed:
        first_seen.setdefault(p.file, len(first_seen))
    return sorted(
        listed, key=lambda p: (first_seen[p.file], p.row is not None, p.row if p.row else 0)
    )


class ValidationError(LandreleaseError):
    """An input failed validation; :attr:`problems` lists every problem found, in file and
    row order (:func:`sort_problems`)."""

    def __init__(self, problems: Sequence[Problem], source: str | Path | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(sort_problems(problems))
        self.source = str(source) if source is not None else None
        super().__init__(self._render())

    def _render(self) -> str:
        errors = [p for p in self.problems if p.severity == "error"]
        head = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
        if self.source:
            head += f" in {self.source}"
        return "\n".join([head + ":", *render_problems(errors)])


class CountryError(LandreleaseError):
    """A country folder or its ``country.toml`` is missing or malformed."""


class LandreleaseWarning(UserWarning):
    """A soft problem in an input: the data loads, but a person should look at it."""

    def __init__(self, message: str, problem: Problem | None = None) -> None:
        super().__init__(message)
        self.problem = problem


MAX_SHOWN_PER_GROUP = 5
"""Problems of one kind (same file, check, column and message) listed before summarising."""


def render_problems(problems: Sequence[Problem], per_group: int = MAX_SHOWN_PER_GROUP) -> list[str]:
    """Lines listing ``problems`` in the order given (file and row order when they come
    from a reader); beyond ``per_group`` of one kind, the rest are summarised as a count with
    their rows, on a line right after the last one shown, so a file wrong on every row stays
    readable."""

    def kind(p: Problem) -> tuple[object, ...]:
        return (p.severity, p.check, p.file, p.column, p.message, p.expected)

    groups: dict[tuple[object, ...], list[Problem]] = {}
    for p in problems:
        groups.setdefault(kind(p), []).append(p)
    lines: list[str] = []
    shown: dict[tuple[object, ...], int] = {}
    for p in problems:
        key = kind(p)
        shown[key] = shown.get(key, 0) + 1
        if shown[key] > per_group:
            continue
        lines.append(f"  - {p}")
        rest = groups[key][per_group:]
        if shown[key] == per_group and rest:
            rows = [str(r.row) for r in rest if r.row is not None]
            listed = ", ".join(rows[:10]) + (", …" if len(rows) > 10 else "")
            lines.append(
                f"    … and {len(rest):,} more with the same problem"
                + (f" ({rest[0].row_kind}s {listed})" if rows else "")
            )
    return lines


def warn(problems: Iterable[Problem], stacklevel: int = 3) -> None:
    """Emit each warning-severity problem as a :class:`LandreleaseWarning`."""
    for p in problems:
        if p.severity == "warning":
            warnings.warn(LandreleaseWarning(str(p), p), stacklevel=stacklevel)
