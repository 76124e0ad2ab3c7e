"""KeptForArrays (forecast/kept.py): a value derived once for the same array objects."""

from __future__ import annotations

import numpy as np

from landrelease.forecast.kept import KeptForArrays


def test_derived_again_only_for_other_array_objects():
    calls = []
    kept = KeptForArrays(lambda a, b: calls.append(1) or a * 2 + b)
    region, ap = np.array([0, 1, 2]), np.array([1, 0, 1])
    first = kept.get(region, ap)
    assert kept.get(region, ap) is first  # the same objects: kept
    assert len(calls) == 1
    equal = region.copy()  # equal contents, another object: derived again
    np.testing.assert_array_equal(kept.get(equal, ap), [1, 2, 5])
    assert len(calls) == 2
    np.testing.assert_array_equal(kept.get(region, np.array([0, 0, 0])), [0, 2, 4])
    assert len(calls) == 3
