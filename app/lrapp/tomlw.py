"""A small TOML writer for the app's scenario and country files.

Top-level scalars first, then one ``[section]`` per table (tables nested in a section are
written inline, ``manual = { 2026 = 260, 2027 = 300 }``, as in ``docs/scenarios.md``; a
list of tables in a section follows it as ``[[section.key]]`` blocks, e.g. the donors'
``[[funding.lines]]``), then arrays of tables (``[[milestones]]``).
``tomllib.loads(dumps(data)) == data`` for the values written here: strings, booleans,
integers, finite floats, dates, lists and tables of them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["dumps"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def _key(key: object) -> str:
    text = str(key)
    return text if _BARE_KEY.match(text) else _basic_string(text)


def _basic_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but JSON leaves DEL, which TOML
    forbids in a string."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be written: give a finite number")
        return repr(value)
    if isinstance(value, str):
        return _basic_string(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} {value!r} as TOML")


def _is_table_array(value: Any) -> bool:
    return (
        isinstance(value, Sequence)
        and not isinstance(value, str)
        and len(value) > 0
        and all(isinstance(v, Mapping) for v in value)
    )


def dumps(data: Mapping[str, Any]) -> str:
    """``data`` as TOML text (UTF-8)."""
    lines: list[str] = []
    tables = {k: v for k, v in data.items() if isinstance(v, Mapping)}
    arrays = {k: v for k, v in data.items() if _is_table_array(v)}
    for key, value in data.items():
        if key not in tables and key not in arrays and value is not None:
            lines.append(f"{_key(key)} = {_value(value)}")
    for key, table in tables.items():
        lines += ["", f"[{_key(key)}]"]
        nested = {k: v for k, v in table.items() if _is_table_array(v)}
        lines += [
            f"{_key(k)} = {_value(v)}"
            for k, v in table.items()
            if v is not None and k not in nested
        ]
        for name, items in nested.items():
            for item in items:
                lines += ["", f"[[{_key(key)}.{_key(name)}]]"]
                lines += [f"{_key(k)} = {_value(v)}" for k, v in item.items() if v is not None]
    for key, items in arrays.items():
        for item in items:
            lines += ["", f"[[{_key(key)}]]"]
            lines += [f"{_key(k)} = {_value(v)}" for k, v in item.items() if v is not None]
    return "\n".join(lines).lstrip("\n") + "\n"
