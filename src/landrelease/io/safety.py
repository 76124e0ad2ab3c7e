"""Keep text cells from running as formulas when a written table is opened in a spreadsheet.

A hazard, region or source name such as ``=HYPERLINK("…")`` comes from user data and must
stay text. The rule (OWASP, "CSV injection"): a text cell that starts with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is a formula to Excel and LibreOffice.

- XLSX: such text is written as a string cell (``write_string``), never as a formula.
- CSV: such text is prefixed with a single quote ``'``; :func:`unescape_csv_text` undoes it
  when the file is read back. Numbers are never touched (``-5`` stays a number).
- DOCX: text is plain text, nothing to do.

The CSV escape is reversible: a text that already starts with ``'`` followed by something
that would need escaping gets one more quote, so reading back always gives the original.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = [
    "FORMULA_TRIGGERS",
    "escape_csv_column",
    "escape_csv_text",
    "is_formula_like",
    "unescape_csv_column",
    "unescape_csv_text",
]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a text cell as a formula (OWASP)."""
_QUOTE = "'"


def is_formula_like(text: str) -> bool:
    """True if a spreadsheet would treat ``text`` as a formula (starts with a trigger)."""
    return text.startswith(FORMULA_TRIGGERS)


def _needs_quote(text: str) -> bool:
    """Formula-like, or a quote followed by something that needs one (for reversibility)."""
    while text.startswith(_QUOTE):
        text = text[1:]
    return is_formula_like(text)


def escape_csv_text(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would run it as a formula."""
    return _QUOTE + text if _needs_quote(text) else text


def unescape_csv_text(text: str) -> str:
    """Undo :func:`escape_csv_text`: drop the one ``'`` it added, leave other text alone."""
    if text.startswith(_QUOTE) and _needs_quote(text[1:]):
        return text[1:]
    return text


def _map_text(values: pd.Series, func: Any) -> pd.Series:
    return values.map(lambda v: func(v) if isinstance(v, str) else v)


def escape_csv_column(values: pd.Series) -> pd.Series:
    """Escape every text cell of a column (:func:`escape_csv_text`); other cells unchanged."""
    return _map_text(values.astype(object), escape_csv_text)


def unescape_csv_column(values: pd.Series) -> pd.Series:
    """Undo :func:`escape_csv_column` on every text cell of a column."""
    return _map_text(values.astype(object), unescape_csv_text)
