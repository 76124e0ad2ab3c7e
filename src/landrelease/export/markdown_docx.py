"""A request section's Markdown as DOCX paragraphs: the small part of Markdown a narrative
needs (paragraphs, headings, bulleted and numbered lists, bold and italic).

Anything else is kept as plain text, never dropped: a table written in Markdown, for
instance, shows as its lines.
"""

from __future__ import annotations

import re

from docx.document import Document as DocumentObject
from docx.text.paragraph import Paragraph

__all__ = ["HEADING_LEVELS", "add_markdown"]

HEADING_LEVELS = (2, 3, 4)
"""DOCX heading levels of Markdown's ``#``, ``##`` and ``###`` (and deeper) inside a
section, whose own heading is level 1."""

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^\s*[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_INLINE = re.compile(r"(\*\*[^*]+\*\*|__[^_]+__|\*[^*\s][^*]*\*|_[^_\s][^_]*_)")


def _runs(paragraph: Paragraph, text: str) -> None:
    """``text`` into ``paragraph``, ``**bold**`` and ``*italic*`` as such."""
    for part in _INLINE.split(text):
        if not part:
            continue
        if part[:2] in ("**", "__") and part[-2:] == part[:2] and len(part) > 4:
            paragraph.add_run(part[2:-2]).bold = True
        elif part[0] in "*_" and part[-1] == part[0] and len(part) > 2:
            paragraph.add_run(part[1:-1]).italic = True
        else:
            paragraph.add_run(part)


def add_markdown(doc: DocumentObject, text: str) -> None:
    """Append ``text`` (Markdown) to ``doc``."""
    lines: list[str] = []

    def flush() -> None:
        if lines:
            _runs(doc.add_paragraph(), " ".join(line.strip() for line in lines))
            lines.clear()

    for line in text.splitlines():
        heading, bullet, numbered = (p.match(line) for p in (_HEADING, _BULLET, _NUMBERED))
        if not line.strip():
            flush()
        elif heading:
            flush()
            level = HEADING_LEVELS[min(len(heading.group(1)), len(HEADING_LEVELS)) - 1]
            doc.add_heading(heading.group(2).strip(), level=level)
        elif bullet or numbered:
            flush()
            match = bullet or numbered
            assert match is not None
            style = "List Bullet" if bullet else "List Number"
            _runs(doc.add_paragraph(style=style), match.group(1).strip())
        else:
            lines.append(line)
    flush()
