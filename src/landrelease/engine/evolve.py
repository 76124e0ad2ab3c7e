"""``evolve(obj, **changes)``: :func:`dataclasses.replace` for the engine's hot paths.

A forecast makes a thousand draws, each replacing a few fields of plans and work items
(about twenty fields each) several times; :func:`dataclasses.replace` rebuilds the object
through its ``__init__``, reading every field, a few microseconds each time. The engine's
frozen dataclasses have no ``__post_init__``, no ``InitVar`` and no ``__slots__``, so a copy
of the instance's ``__dict__`` with the changes is the same object, at a fraction of the
cost (tests/engine/test_evolve.py checks it against :func:`dataclasses.replace`).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

__all__ = ["evolve"]

T = TypeVar("T")


def evolve(obj: T, **changes: Any) -> T:
    """A copy of the dataclass instance ``obj`` with ``changes`` (field names to values),
    as :func:`dataclasses.replace` gives it. Only for dataclasses without
    ``__post_init__``, ``InitVar`` or ``__slots__`` (checked: those go through
    :func:`dataclasses.replace`); unknown field names raise ``TypeError`` as it does."""
    cls = type(obj)
    fields = getattr(cls, "__dataclass_fields__", None)
    if fields is None or hasattr(cls, "__post_init__") or not hasattr(obj, "__dict__"):
        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    for name in changes:
        field = fields.get(name)
        if field is None or field._field_type is not dataclasses._FIELD:  # type: ignore[attr-defined]
            return dataclasses.replace(obj, **changes)  # type: ignore[type-var]
    new = object.__new__(cls)
    state = new.__dict__
    state.update(obj.__dict__)
    state.update(changes)
    return new
