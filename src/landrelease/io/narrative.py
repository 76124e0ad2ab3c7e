"""Read a country's ``narrative/`` folder: one Markdown file per section of the request,
named as in :mod:`landrelease.domain.outline` (``landrelease narrative init`` writes them).

The text is kept as written (placeholders and guidance comments included); reports fill
the placeholders (:mod:`landrelease.reports.request.narrative`). A Markdown file that is not
a section's is a warning naming it (a typo in a file name would otherwise lose a section
silently); other files (images, notes in other formats) are left alone.
"""

from __future__ import annotations

from pathlib import Path

from landrelease.domain.outline import NARRATIVE_FOLDER, NarrativeText, section_by_file
from landrelease.domain.text import read_utf8
from landrelease.errors import CountryError, Problem
from landrelease.io import limits
from landrelease.io.paths import confined_file

__all__ = ["MARKDOWN_SUFFIX", "read_narrative"]

MARKDOWN_SUFFIX = ".md"


def read_narrative(country_folder: Path) -> tuple[dict[str, NarrativeText], list[Problem]]:
    """The section texts of ``country_folder/narrative/`` by section id, and the problems.

    Returns empty results when the folder has no ``narrative/``. Raises
    :class:`~landrelease.errors.CountryError` for a file that is not UTF-8 or that resolves
    outside the country folder (a link).
    """
    folder = country_folder / NARRATIVE_FOLDER
    if not folder.is_dir():
        return {}, []
    known = section_by_file()
    texts: dict[str, NarrativeText] = {}
    problems: list[Problem] = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != MARKDOWN_SUFFIX or not path.is_file():
            continue
        shown = f"{NARRATIVE_FOLDER}/{path.name}"
        section = known.get(path.name)
        if section is None:
            problems.append(
                Problem(
                    check="narrative_files",
                    message=f"{path.name} is not the file of a section of the request; its "
                    "text is left out",
                    file=shown,
                    expected="a file named as `landrelease narrative init` names them, e.g. "
                    + ", ".join(list(known)[:3])
                    + " (docs/placeholders.md lists them all)",
                    severity="warning",
                )
            )
            continue
        confined_file(country_folder, shown, key="narrative file", file=NARRATIVE_FOLDER)
        limits.check_text_file(path)
        texts[section.id] = NarrativeText(file=shown, text=read_utf8(path, CountryError))
    return texts, problems
