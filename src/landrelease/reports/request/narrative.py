"""The request's text: each section's Markdown with its placeholders filled from the
request's own tables (:mod:`landrelease.reports.request.quoted`), so text and tables can
never disagree.

Placeholders are jinja2 expressions, ``{{ article5_remaining_area_m2 | km2 }}``, in a
sandbox (a country folder may come from someone else) with ``StrictUndefined``. Figures
are in canonical units (m², US$, 0..1); the filters of :data:`FILTERS` format them.
``<!-- … -->`` comments (the guidance ``landrelease narrative init`` writes) are left out.
Every problem — an unknown placeholder or filter, a figure this request does not give, a
syntax error, an unclosed comment — names the file and the line, and all of them are
raised together as one :class:`~landrelease.errors.ValidationError`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from landrelease.domain.outline import NarrativeText, outline
from landrelease.errors import Problem, ValidationError
from landrelease.reports.request.quoted import QUOTED, quoted_values, unavailable_reason

__all__ = ["FILTERS", "narrative_table", "render_text", "strip_comments"]

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TEMPLATE_FRAME = "<template>"


class _FilterError(ValueError):
    """A filter given something it cannot format."""


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _FilterError(f"the filter {name} formats a number, not {value!r}")
    return float(value)


def km2(value: Any, digits: int = 2) -> str:
    """m² as km²: ``29.50 km²``."""
    return f"{_number(value, 'km2') / 1e6:,.{digits}f} km²"


def ha(value: Any, digits: int = 0) -> str:
    """m² as hectares: ``2,950 ha``."""
    return f"{_number(value, 'ha') / 1e4:,.{digits}f} ha"


def m2(value: Any) -> str:
    """m² with thousands separators: ``29,500,000 m²``."""
    return f"{_number(value, 'm2'):,.0f} m²"


def usd(value: Any) -> str:
    """US$ without cents: ``US$1,250,000``."""
    return f"US${_number(value, 'usd'):,.0f}"


def usd_million(value: Any, digits: int = 1) -> str:
    """US$ in millions: ``US$12.5 million``."""
    return f"US${_number(value, 'usd_million') / 1e6:,.{digits}f} million"


def percent(value: Any, digits: int = 0) -> str:
    """A share (0..1) as a percentage: ``0.953`` → ``95%``."""
    return f"{_number(value, 'percent') * 100:.{digits}f}%"


def number(value: Any, digits: int = 0) -> str:
    """A number with thousands separators: ``1,234``."""
    return f"{_number(value, 'number'):,.{digits}f}"


def date(value: Any) -> str:
    """A date in words: ``1 July 2027``."""
    if not isinstance(value, dt.date):
        raise _FilterError(f"the filter date formats a date, not {value!r}")
    return f"{value.day} {value:%B %Y}"


FILTERS: dict[str, Callable[..., str]] = {
    "km2": km2,
    "ha": ha,
    "m2": m2,
    "usd": usd,
    "usd_million": usd_million,
    "percent": percent,
    "number": number,
    "date": date,
}
"""Formatting filters of placeholders, by name (docs/placeholders.md lists them)."""


def _finalize(value: Any) -> Any:
    """How a figure prints without a filter: yes/no, whole numbers without decimals."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    return value


def _environment() -> ImmutableSandboxedEnvironment:
    env = ImmutableSandboxedEnvironment(
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(FILTERS)
    return env


def strip_comments(text: str) -> str:
    """``text`` without ``<!-- … -->`` comments; their line breaks are kept, so that a line
    number still points at the line in the file."""
    return _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)


def _line_of(exc: BaseException) -> int | None:
    """The template line an error was raised on (jinja2 rewrites tracebacks to show it)."""
    line = getattr(exc, "lineno", None)
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == _TEMPLATE_FRAME:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _names_problems(
    tree: nodes.Template, file: str, values: Mapping[str, Any], tables: Mapping[str, pd.DataFrame]
) -> list[Problem]:
    known = {q.name: q for q in QUOTED}
    problems = []
    for used in tree.find_all(nodes.Filter):
        if used.name not in FILTERS:
            problems.append(
                _problem(
                    file,
                    used.lineno,
                    f"unknown filter {used.name}",
                    None,
                    _suggest(used.name, FILTERS, "a filter"),
                )
            )
    # names the text sets itself ({% set %}, {% for %}) are not figures
    own = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")} | {"loop"}
    reported: set[str] = set()
    for node in tree.find_all(nodes.Name):
        name = node.name
        if node.ctx != "load" or name in own or name in reported:
            continue
        reported.add(name)
        if name not in known:
            problems.append(
                _problem(
                    file,
                    node.lineno,
                    f"unknown placeholder {name}",
                    None,
                    _suggest(name, known, "a figure of docs/placeholders.md"),
                )
            )
        elif values.get(name) is None:
            problems.append(
                _problem(
                    file,
                    node.lineno,
                    f"{name} has no value in this request: "
                    f"{unavailable_reason(known[name], tables)}",
                    None,
                    "a figure the request's tables give, or the number written out",
                )
            )
    return problems


def _suggest(name: str, choices: Mapping[str, Any], kind: str) -> str:
    close = difflib.get_close_matches(name, list(choices), n=1)
    return f"{kind}" + (f"; did you mean {close[0]}?" if close else "")


def _problem(file: str, line: int | None, message: str, value: object, expected: str) -> Problem:
    return Problem(
        check="narrative_placeholders",
        message=message,
        file=file,
        row=line,
        value=value,
        expected=expected,
        row_kind="line",
    )


def render_text(
    source: NarrativeText,
    values: Mapping[str, Any],
    tables: Mapping[str, pd.DataFrame] | None = None,
) -> tuple[str, list[Problem]]:
    """``source``'s text, comments left out and placeholders filled from ``values`` (name →
    figure, ``None`` where the request does not give it), with every problem found."""
    body = strip_comments(source.text)
    if "<!--" in body:
        line = body[: body.index("<!--")].count("\n") + 1
        return "", [
            _problem(
                source.file,
                line,
                "a comment opened with <!-- is not closed",
                None,
                "--> at the end of the comment",
            )
        ]
    env = _environment()
    try:
        tree = env.parse(body)
    except TemplateSyntaxError as exc:
        return "", [
            _problem(source.file, exc.lineno, f"placeholder syntax: {exc.message}", None, _HOW)
        ]
    problems = _names_problems(tree, source.file, values, tables or {})
    if problems:
        return "", problems
    given = {k: v for k, v in values.items() if v is not None}
    try:
        return env.from_string(body).render(given).strip(), []
    except (TemplateError, _FilterError, TypeError, ValueError, ArithmeticError) as exc:
        return "", [_problem(source.file, _line_of(exc), f"placeholder: {exc}", None, _HOW)]


_HOW = (
    "placeholders written as {{ name }} or {{ name | filter }} "
    "(docs/placeholders.md lists the names and filters)"
)


def narrative_table(
    texts: Mapping[str, NarrativeText],
    tables: Mapping[str, pd.DataFrame],
    summary: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """The ``narrative`` request table: one row per section in the order of the request,
    its text with placeholders filled from ``tables`` (and ``summary`` for forecast
    figures), ``empty`` where there is no text yet.

    Raises
    ------
    ValidationError
        listing every placeholder problem in every file, each with its file and line.
    """
    values = quoted_values(tables, summary)
    rows, problems = [], []
    for section in outline():
        source = texts.get(section.id)
        text = ""
        if source is not None:
            text, found = render_text(source, values, tables)
            problems += found
        rows.append(
            {
                "section_id": section.id,
                "number": section.number,
                "title": section.title,
                "file": source.file if source is not None else None,
                "empty": not text.strip(),
                "text": text if text.strip() else None,
            }
        )
    if problems:
        raise ValidationError(problems, source="the request's narrative")
    table = pd.DataFrame(rows)
    for column in ("section_id", "number", "title", "file", "text"):
        table[column] = table[column].astype("string")
    table["empty"] = table["empty"].astype("boolean")
    return table
