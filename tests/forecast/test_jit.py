"""The forecast imports where numba has nowhere to cache compiled code (a read-only install
without a home folder): its kernels then compile uncached instead of failing at import."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from landrelease.forecast import jit


def test_here_the_kernels_are_cached():
    assert jit.CACHE is True
    assert jit.can_cache() is True


def test_without_a_cache_folder_the_forecast_still_imports_and_says_why():
    code = textwrap.dedent(
        """
        import logging
        from numba.core import caching
        caching.CacheImpl._locator_classes = []  # no folder numba may write to
        logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
        from landrelease.forecast import compiled, compiled_completion, jit, totals
        from landrelease.forecast import forecast
        print("CACHE", jit.CACHE)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "CACHE False" in done.stdout
    assert "landrelease.forecast.jit: numba has no writable cache folder" in done.stderr
    assert "NUMBA_CACHE_DIR" in done.stderr
