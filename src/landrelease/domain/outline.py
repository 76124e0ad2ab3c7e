"""The sections of an Article 5 extension request, as data (``outline.toml``).

The twenty items of the outline the States Parties agreed in 2006 (domain primer §4) and
the sections the Article 5 Committee asks for beside them (casualties and victims'
information, resource mobilisation, gender and diversity, residual capacity), in the order
a request presents them. Each section names its narrative file (in a country's
``narrative/`` folder), its guidance, the questions the Committee usually asks, and the
request tables and charts shown under it.
"""

from __future__ import annotations

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
CHARTS = ("burndown", "funding")
"""Charts a section may show: remaining area against the deadline; cost against funding."""


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
