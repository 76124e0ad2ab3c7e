"""The sections of an Article 5 extension request, as data (``outline.toml``).

The twenty items of the outline the States Parties agreed in 2006 (domain primer §4) and
the sections the Article 5 Committee asks for beside them (casualties and victims'
information, resource mobilisation, gender and diversity, residual capacity), in the order
a request presents them. Each section names its narrative file (in a country's
``narrative/`` folder), its guidance, the questions the Committee usually asks, and the
request tables and charts shown under it.
"""

from __future__ import annotations

import textwrap
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "CHARTS",
    "NARRATIVE_FOLDER",
    "NarrativeText",
    "Section",
    "outline",
    "section_by_file",
    "sections",
]

NARRATIVE_FOLDER = "narrative"
"""Folder of a country holding one Markdown file per section."""
CHARTS = ("burndown", "funding", "fan")
"""Charts a section may show: remaining area against the deadline; cost against funding;
the forecast's fan of remaining Article 5 area (P10–P90, P50) beside the plan."""


@dataclass(frozen=True)
class Section:
    """One section of the request."""

    id: str
    """Stable snake_case name (the review and the action-plan mapping use it)."""
    number: str
    """As printed: the outline item (``"7"``), with a letter for added sections (``"14a"``)."""
    file: str
    """Its Markdown file in the country's ``narrative/`` folder."""
    outline: int
    """Item of the 2006 outline (1–20); for an added section, the item it follows."""
    added: bool
    """True for sections the Committee asks for beside the 2006 outline."""
    title: str
    guidance: str
    questions: tuple[str, ...]
    tables: tuple[str, ...]
    """Request tables shown under the section, in order."""
    charts: tuple[str, ...]

    @property
    def heading(self) -> str:
        """``"14a. Casualties and victims' information"``."""
        return f"{self.number}. {self.title}"

    def skeleton(self) -> str:
        """The section's file as ``landrelease narrative init`` writes it: the guidance and
        the Committee's usual questions in a comment (left out of the request), then room
        for the text."""
        where = (
            f"(a section the Committee asks for, placed after item {self.outline} of the "
            "2006 outline)"
            if self.added
            else f"(item {self.outline} of the outline agreed in 2006)"
        )
        lines = [f"<!--\n{self.heading}\n{where}", "", *_wrap(f"What to write: {self.guidance}")]
        if self.questions:
            lines += ["", "Questions the Article 5 Committee usually asks:"]
            lines += [f"- {q}" for q in self.questions]
        if self.tables:
            lines += ["", *_wrap("Tables shown under this section: " + ", ".join(self.tables))]
        lines += ["", *_PLACEHOLDER_HINT, "-->", "", ""]
        return "\n".join(lines)


_PLACEHOLDER_HINT = (
    "Write figures as placeholders, so that the text always agrees with the tables, e.g.",
    "  {{ remaining_area_m2 | km2 }}   {{ years_beyond_deadline }}   {{ funding_gap_usd | usd }}",
    "docs/placeholders.md lists every figure and filter. Everything between these comment",
    "marks is left out of the request; write the text below them, in Markdown.",
)


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=88, break_on_hyphens=False, break_long_words=False)


@dataclass(frozen=True)
class NarrativeText:
    """The text of one section as a country folder gives it (Markdown with placeholders)."""

    file: str
    """Where it was read from, relative to the country folder (``narrative/01_….md``)."""
    text: str


@cache
def outline() -> tuple[Section, ...]:
    """Every section, in the order of the request."""
    text = resources.files("landrelease.domain").joinpath("outline.toml").read_text("utf-8")
    found = []
    for raw in tomllib.loads(text)["section"]:
        found.append(
            Section(
                id=raw["id"],
                number=raw["number"],
                file=raw["file"],
                outline=int(raw["outline"]),
                added=bool(raw["added"]),
                title=raw["title"],
                guidance=raw["guidance"],
                questions=tuple(raw["questions"]),
                tables=tuple(raw["tables"]),
                charts=tuple(raw["charts"]),
            )
        )
    return tuple(found)


def sections() -> dict[str, Section]:
    """Sections by id, in the order of the request."""
    return {s.id: s for s in outline()}


def section_by_file() -> dict[str, Section]:
    """Sections by file name."""
    return {s.file: s for s in outline()}
