"""Write a scenario file that overrides a base scenario (``optimise-teams`` writes its teams
as one): a few comment lines, ``name``, ``description``, ``base``, then one ``[section]``
per table of overrides, each with its ``source``; written atomically.

Values are strings, booleans, integers, finite floats, or tables of them by year or kind
(``manual = { 2026 = 280, 2027 = 350 }``), as in ``docs/scenarios.md``; the text reads
back with ``tomllib`` (and :func:`~landrelease.scenario.load_scenario`) to the same values.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from landrelease.export.writers import atomic_write

__all__ = ["override_toml", "write_override"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""Characters a TOML comment may not hold (tab is allowed; line ends split the text)."""


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _comment(text: str) -> list[str]:
    """``text`` as comment lines, control characters shown as ``\\uXXXX``."""
    return [f"# {_CONTROL.sub(_escaped, line)}".rstrip() for line in text.splitlines()]


def _key(key: object) -> str:
    text = str(key)
    return text if _BARE_KEY.match(text) else json.dumps(text, ensure_ascii=False)


def _value(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{where}: {value!r} cannot be written to TOML; give a finite number")
        return repr(value)
    if isinstance(value, str):
        # JSON escapes are TOML basic-string escapes; JSON leaves DEL, which TOML forbids
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v, f'{where}.{k}')}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"{where}: cannot write {type(value).__name__} {value!r} as TOML")


def override_toml(
    *,
    name: str,
    description: str,
    base: str,
    sections: Mapping[str, Mapping[str, Any]],
    comments: Sequence[str] = (),
) -> str:
    """The text of a scenario file: ``comments`` (each line prefixed ``# ``), ``name``,
    ``description``, ``base``, then each section of ``sections`` (its keys in order)."""
    lines = [line for text in comments for line in _comment(text)]
    lines += [
        f"name = {_value(name, 'name')}",
        f"description = {_value(description, 'description')}",
        f"base = {_value(base, 'base')}",
    ]
    for section, table in sections.items():
        lines += ["", f"[{_key(section)}]"]
        lines += [f"{_key(k)} = {_value(v, f'{section}.{k}')}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def write_override(
    path: str | Path,
    *,
    name: str,
    description: str,
    base: str,
    sections: Mapping[str, Mapping[str, Any]],
    comments: Sequence[str] = (),
) -> Path:
    """Write :func:`override_toml` to ``path`` (UTF-8) atomically; return the path."""
    text = override_toml(
        name=name, description=description, base=base, sections=sections, comments=comments
    )
    return atomic_write(path, lambda handle: handle.write(text))
