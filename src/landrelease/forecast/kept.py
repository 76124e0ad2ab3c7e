"""A value derived from arrays a case's draws share, kept for the last arrays it was asked
of (by identity: the same array objects, not equal contents), so a forecast derives it once
per case instead of once per draw."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

import numpy as np

__all__ = ["KeptForArrays"]

T = TypeVar("T")


class KeptForArrays(Generic[T]):
    """``get(arrays)``: ``derive(*arrays)``, computed again only when ``arrays`` are not the
    very objects of the last call. The caller must not change the value returned; the last
    arrays are held, so their identities are never reused while kept."""

    def __init__(self, derive: Callable[..., T]) -> None:
        self._derive = derive
        self._arrays: tuple[np.ndarray, ...] = ()
        self._value: T | None = None

    def get(self, *arrays: np.ndarray) -> T:
        last = self._arrays
        if (
            self._value is None
            or len(arrays) != len(last)
            or any(a is not b for a, b in zip(arrays, last, strict=False))
        ):
            self._value = self._derive(*arrays)
            self._arrays = arrays
        return self._value
