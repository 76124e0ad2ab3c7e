"""The action plans a request is read against (the Oslo Action Plan, 2020–2024; the Siem
Reap–Angkor Action Plan, 2025–2029) and the actions each check and each section of the
request serves, as data: ``action_plans.toml`` in this package.

The plan in force is chosen by the pack's ``submission_date`` (header), else the day the
pack was made (metadata ``created_utc``). A plan whose text was not at hand when the table
was written has no action numbers: the review then names the plan, and the actions of the
plan before it that it builds on, and says so.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from landrelease.reports.request import RequestPack

__all__ = [
    "Action",
    "ActionPlan",
    "InForce",
    "action_plans",
    "actions_of",
    "cite",
    "in_force",
    "label",
    "links",
    "pack_date",
]


@dataclass(frozen=True)
class Action:
    """One action of a plan: its number, the plan's chapter and its first words."""

    number: int
    theme: str
    opening: str


@dataclass(frozen=True)
class ActionPlan:
    """An action plan, the years it covers and its actions (none when its text was not at
    hand: ``text_at_hand`` is then false)."""

    id: str
    name: str
    first_year: int
    last_year: int
    adopted: str
    text_at_hand: bool
    note: str
    actions: Mapping[int, Action]

    @property
    def period(self) -> str:
        """``2020–2024``."""
        return f"{self.first_year}–{self.last_year}"


@dataclass(frozen=True)
class InForce:
    """The plan a pack is read against, the date that chose it and why (``submission
    date``, ``pack created``), and the plan before it (``None`` for the first)."""

    plan: ActionPlan | None
    date: dt.date
    chosen_by: str
    previous: ActionPlan | None = None

    def describe(self) -> str:
        """One line: which plan, and why."""
        if self.plan is None:
            return (
                f"No action plan of the table covers {self.date.year} ({self.chosen_by} "
                f"{self.date.isoformat()})."
            )
        text = (
            f"{self.plan.name} ({self.plan.period}), in force at the {self.chosen_by} "
            f"({self.date.isoformat()})."
        )
        if not self.plan.text_at_hand and self.previous is not None:
            text += (
                f" Its action numbers are not filled in (its text was not at hand); the "
                f"actions named are those of the {self.previous.name} it builds on."
            )
        return text


@cache
def _data() -> dict[str, object]:
    text = resources.files("landrelease.review").joinpath("action_plans.toml")
    return tomllib.loads(text.read_text(encoding="utf-8"))


@cache
def action_plans() -> tuple[ActionPlan, ...]:
    """Every plan of the table, oldest first."""
    plans = []
    for raw in _data()["plan"]:  # type: ignore[attr-defined]
        actions = {
            int(a["number"]): Action(int(a["number"]), str(a["theme"]), str(a["opening"]))
            for a in raw.get("action", [])
        }
        plans.append(
            ActionPlan(
                id=str(raw["id"]),
                name=str(raw["name"]),
                first_year=int(raw["first_year"]),
                last_year=int(raw["last_year"]),
                adopted=str(raw["adopted"]),
                text_at_hand=bool(raw["text_at_hand"]),
                note=str(raw.get("note", "")),
                actions=actions,
            )
        )
    return tuple(sorted(plans, key=lambda p: p.first_year))


@cache
def links() -> dict[tuple[str, str], dict[str, tuple[int, ...]]]:
    """(kind, id) → plan id → action numbers, for every ``[[link]]`` of the table (kind
    ``check`` or ``section``)."""
    ids = [p.id for p in action_plans()]
    out = {}
    for raw in _data()["link"]:  # type: ignore[attr-defined]
        key = (str(raw["kind"]), str(raw["id"]))
        out[key] = {p: tuple(int(n) for n in raw.get(p, [])) for p in ids}
    return out


def pack_date(pack: RequestPack) -> tuple[dt.date, str]:
    """The date that selects the plan in force: the header's ``submission_date``, else the
    day of the metadata's ``created_utc``, else today; and which it was."""
    frame = pack.tables.get("header")
    if frame is not None and {"item", "value"} <= set(frame.columns):
        items = dict(zip(frame["item"].astype(str), frame["value"], strict=True))
        try:
            return dt.date.fromisoformat(str(items.get("submission_date", ""))[:10]), (
                "submission date"
            )
        except ValueError:
            pass
    try:
        return dt.date.fromisoformat(str(pack.metadata.get("created_utc", ""))[:10]), (
            "date the pack was made"
        )
    except ValueError:
        return dt.date.today(), "date of the review (the pack gives no date)"


def in_force(pack: RequestPack) -> InForce:
    """The action plan a request is read against (:func:`pack_date`): the plan whose years
    cover the date, the last plan after the last period, none before the first."""
    date, chosen_by = pack_date(pack)
    plans = action_plans()
    chosen = None
    for plan in plans:
        if plan.first_year <= date.year:
            chosen = plan
    if chosen is None:
        return InForce(None, date, chosen_by)
    at = plans.index(chosen)
    return InForce(chosen, date, chosen_by, plans[at - 1] if at > 0 else None)


def actions_of(kind: str, ident: str, plan: InForce) -> tuple[ActionPlan, tuple[int, ...]] | None:
    """The plan whose actions name ``kind``/``ident`` (the plan in force, or the one before it
    when the plan in force has no numbers), and those numbers; ``None`` when none is known."""
    mapped = links().get((kind, ident))
    if mapped is None or plan.plan is None:
        return None
    numbers = mapped.get(plan.plan.id, ())
    if numbers:
        return plan.plan, numbers
    if not plan.plan.text_at_hand and plan.previous is not None:
        before = mapped.get(plan.previous.id, ())
        if before:
            return plan.previous, before
    return None


def cite(pack: RequestPack, check: str, kind: str = "check") -> str:
    """How a question cites the actions of ``check`` under the plan in force:
    ``Oslo Action Plan #19 and #20``; for a plan without numbers, ``Siem Reap–Angkor Action
    Plan 2025–2029, building on Oslo Action Plan #24``; ``""`` when none is known."""
    plan = in_force(pack)
    found = actions_of(kind, check, plan)
    if found is None:
        return ""
    source, numbers = found
    listed = _listed(numbers)
    if plan.plan is not None and source.id != plan.plan.id:
        return f"{plan.plan.name}, building on {source.name} {listed}"
    return f"{source.name} {listed}"


def label(kind: str, ident: str, plan: InForce, *, say_in_force: bool = True) -> str:
    """The actions of ``kind``/``ident`` as shown beside a finding: ``Oslo Action Plan #19,
    #20`` (or the plan before, said so unless ``say_in_force`` is false: a list of many
    labels says it once, see :func:`in_force_note`), ``""`` when none."""
    found = actions_of(kind, ident, plan)
    if found is None:
        return ""
    source, numbers = found
    shown = f"{source.name} " + ", ".join(f"#{n}" for n in numbers)
    if say_in_force and plan.plan is not None and source.id != plan.plan.id:
        shown += f" ({in_force_note(plan)})"
    return shown


def in_force_note(plan: InForce) -> str:
    """Said once beside actions cited from the plan before the one in force."""
    name = plan.plan.name if plan.plan is not None else ""
    return f"in force: {name}, numbers not filled in"


def _listed(numbers: tuple[int, ...]) -> str:
    marks = [f"#{n}" for n in numbers]
    return marks[0] if len(marks) == 1 else ", ".join(marks[:-1]) + " and " + marks[-1]
