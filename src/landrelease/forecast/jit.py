"""numba's cache for the forecast's compiled kernels, where the machine allows it.

``njit(cache=True)`` keeps compiled code beside the package (``__pycache__``) or in the
user's cache folder, so that only the first run after an install compiles (about half a
minute of CPU: a whole draw is one compiled function, :mod:`.compiled_draw`). Where neither
is writable (a read-only install without a home folder) numba refuses ``cache=True`` when
the module is imported; :data:`CACHE` is then ``False`` and the kernels compile at the
first forecast of each process instead. ``NUMBA_CACHE_DIR`` names a
writable folder for the cache.
"""

from __future__ import annotations

import logging

from numba import njit

__all__ = ["CACHE", "can_cache"]

log = logging.getLogger(__name__)


def _probe() -> int:  # pragma: no cover - never compiled, only located
    return 0


def can_cache() -> bool:
    """True when numba finds a writable place for this package's compiled kernels."""
    try:
        njit(cache=True)(_probe)
    except RuntimeError:
        return False
    return True


CACHE = can_cache()
"""Whether the kernels keep their compiled code between processes (see the module)."""
if not CACHE:
    log.warning(
        "numba has no writable cache folder for landrelease's forecast kernels: they compile "
        "at the first forecast of each process (about half a minute); set NUMBA_CACHE_DIR to a "
        "writable folder to keep them"
    )
