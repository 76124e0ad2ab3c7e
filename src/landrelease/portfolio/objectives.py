"""What a portfolio maximises (``--objective``).

- ``states_completing``: the expected number of States completing Article 5 by their
  current deadline (the sum of each one's ``p_complete_by_deadline``);
  ``states_completing:requested``: by the deadline each one's request asks for (the
  scenario's ``[request] requested_deadline_date``, else the date its plan needs), which is
  what a State seeking an extension is measured against next.
- ``ap_area_released_by:YEAR``: the expected AP area released by the end of ``YEAR``, all
  countries together (km²; the fall of the Article 5 stock, net of new finds and re-survey,
  which money does not change).
- ``priority_weighted_area`` is not available: the hazard table's ``priority`` column is a
  work-order rank (1 = first, ``domain/schemas/hazards.toml``), not a weight, and the
  table has no weight column; a rank turned into a weight would be a number nobody chose.
"""

from __future__ import annotations

from dataclasses import dataclass

from landrelease.errors import LandreleaseError

__all__ = ["OBJECTIVES", "Objective", "ObjectiveError", "parse_objective"]

OBJECTIVES = ("states_completing", "states_completing:requested", "ap_area_released_by:YEAR")
"""The objectives a portfolio can maximise, as written on the command line."""
UNAVAILABLE = {
    "priority_weighted_area": "the hazard table's priority column is a work-order rank "
    "(1 = first), not a weight, and the table has no weight column; use "
    "ap_area_released_by:YEAR, or order the work by priority in the scenario ([priority])",
}
"""Objectives the issue names that the data cannot support yet, with the reason."""


class ObjectiveError(LandreleaseError):
    """An objective the portfolio does not know or cannot compute."""


@dataclass(frozen=True)
class Objective:
    """A parsed objective: ``kind`` (``states_completing`` or ``ap_area_released_by``),
    ``deadline`` (``deadline`` or ``requested``, for States completing) and ``year`` (for
    the area released)."""

    kind: str
    deadline: str = "deadline"
    year: int | None = None

    @property
    def text(self) -> str:
        """As written on the command line."""
        if self.kind == "ap_area_released_by":
            return f"{self.kind}:{self.year}"
        return self.kind if self.deadline == "deadline" else f"{self.kind}:requested"

    @property
    def label(self) -> str:
        """In words, with its unit."""
        if self.kind == "ap_area_released_by":
            return f"expected AP area released by the end of {self.year} (km²)"
        which = "requested" if self.deadline == "requested" else "current Article 5"
        return f"expected number of States completing by their {which} deadline"


def parse_objective(text: str) -> Objective:
    """The objective written as ``text`` (see the module docstring).

    Raises
    ------
    ObjectiveError
        for an unknown objective, a missing or bad year, or one that is unavailable.
    """
    name, _, arg = str(text).strip().partition(":")
    if name in UNAVAILABLE:
        raise ObjectiveError(f"objective {name} is not available: {UNAVAILABLE[name]}")
    if name == "states_completing" and arg in ("", "deadline", "requested"):
        return Objective(name, arg or "deadline")
    if name == "ap_area_released_by":
        if not arg.isdigit():
            raise ObjectiveError(
                f"objective {text!r}: give the year, e.g. ap_area_released_by:2030"
            )
        return Objective(name, year=int(arg))
    raise ObjectiveError(f"objective {text!r} is unknown; give one of {', '.join(OBJECTIVES)}")
