"""``evolve`` gives what ``dataclasses.replace`` gives, on the engine's dataclasses."""

from __future__ import annotations

import dataclasses
from dataclasses import InitVar, dataclass, field

import numpy as np
import pytest

from landrelease.engine.evolve import evolve
from landrelease.engine.items import WorkItems


@dataclass(frozen=True)
class _Plain:
    a: int
    b: np.ndarray
    c: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Checked:
    a: int

    def __post_init__(self) -> None:
        if self.a < 0:
            raise ValueError("negative")


@dataclass
class _WithInitVar:
    a: int
    scale: InitVar[int] = 1

    def __post_init__(self, scale: int) -> None:
        self.a *= scale


def test_same_as_replace_and_the_original_is_untouched() -> None:
    old = _Plain(1, np.zeros(3), {"x": 1})
    b = np.ones(3)
    new, ref = evolve(old, b=b), dataclasses.replace(old, b=b)
    for f in dataclasses.fields(_Plain):
        assert getattr(new, f.name) is getattr(ref, f.name)
    assert new.b is b
    assert new.a == 1
    assert new.c is old.c
    assert old.b is not b
    assert type(new) is _Plain
    with pytest.raises(dataclasses.FrozenInstanceError):
        new.a = 2  # type: ignore[misc]


def test_post_init_and_unknown_fields_go_through_replace() -> None:
    with pytest.raises(ValueError, match="negative"):
        evolve(_Checked(1), a=-1)
    assert evolve(_WithInitVar(2), a=3).a == 3
    with pytest.raises(TypeError):
        evolve(_Plain(1, np.zeros(1)), d=2)


def test_work_items_fields_are_the_replaced_ones() -> None:
    n = 4
    arrays = {f.name: np.arange(n) for f in dataclasses.fields(WorkItems) if f.name != "regions"}
    items = WorkItems(**arrays, regions=("r",))
    area = np.full(n, 5.0)
    new, ref = evolve(items, area_m2=area), dataclasses.replace(items, area_m2=area)
    for f in dataclasses.fields(WorkItems):
        assert getattr(new, f.name) is getattr(ref, f.name)
