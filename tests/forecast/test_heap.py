"""The malloc thresholds that keep a draw's freed memory for the next draw."""

from __future__ import annotations

import platform
import resource
from collections.abc import Callable

import numpy as np
import pytest

from landrelease.domain.country import Country
from landrelease.forecast import heap
from landrelease.forecast.draw_inputs import inputs_at
from landrelease.forecast.draws import evaluate, prepare_draws
from landrelease.forecast.uncertainty import resolve_uncertainty
from landrelease.scenario.model import Scenario


def _draw_like_allocations() -> None:
    """Fifteen 1.6 MB arrays alive at once, then freed: a large draw's work arrays."""
    arrays = [np.ones(200_000) for _ in range(15)]
    del arrays


def test_set_on_glibc_only_and_once(monkeypatch: pytest.MonkeyPatch) -> None:
    glibc = platform.libc_ver()[0] == "glibc"
    assert heap.keep_freed_memory() is glibc
    calls: list[int] = []
    monkeypatch.setattr(heap.ctypes, "CDLL", lambda *_: calls.append(1))
    assert heap.keep_freed_memory() is glibc  # remembered: the C library is not asked again
    assert calls == []


def test_freed_arrays_are_reused_without_page_faults() -> None:
    if not heap.keep_freed_memory():  # elsewhere than glibc nothing is set (tested above)
        assert platform.libc_ver()[0] != "glibc"
        return
    _draw_like_allocations()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        _draw_like_allocations()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    # without the thresholds each round faults its 24 MB in again: 20 x ~5,900 pages
    assert faults < 20 * 5_900 / 10


def _rss_kb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(x for x in status if x.startswith("VmRSS:"))
    return int(line.split()[1])


def test_the_freed_memory_is_given_back_at_a_chunk_end() -> None:
    if not heap.keep_freed_memory():  # elsewhere than glibc nothing is set (tested above)
        assert platform.libc_ver()[0] != "glibc"
        return
    _draw_like_allocations()
    kept = _rss_kb()
    heap.release_freed_memory()
    assert kept - _rss_kb() > 12_000  # most of the 24 MB the arrays held


def test_evaluate_sets_them_and_gives_the_memory_back(
    monkeypatch: pytest.MonkeyPatch, sample: Callable[[str], tuple[Country, Scenario]]
) -> None:
    country, scenario = sample("aurelia")
    calls: list[str] = []
    monkeypatch.setattr(
        "landrelease.forecast.draws.keep_freed_memory", lambda: bool(calls.append("keep"))
    )
    monkeypatch.setattr(
        "landrelease.forecast.draws.release_freed_memory", lambda: calls.append("release")
    )
    model = prepare_draws(country, scenario)
    evaluate(model, inputs_at(resolve_uncertainty(country, scenario), {}, model.n_years))
    assert calls == ["keep", "release"]
