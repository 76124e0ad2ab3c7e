"""Keep the memory a draw frees for the next draw (glibc's ``mallopt``), so that a forecast
does not ask the operating system for fresh pages a thousand times.

Why: a draw of a 100,000-area country allocates some 15 MB of work arrays (the compiled
stages, the totals) and frees them at its end. glibc hands arrays that large out with
``mmap`` and gives them back with ``munmap`` (or trims the heap's top), so every draw
faulted the same 15 MB in again, page by page: about 3,600 page faults and a fifth of a
draw's time at 100,000 areas. With the thresholds below, freed arrays stay in the process's
heap and the next draw reuses them (measured: ~240 faults a draw, most of them once per
chunk of draws). The results do not change: only where the memory comes from.

The cost: while it works a chunk of draws a process keeps up to
:data:`TRIM_THRESHOLD_BYTES` of freed heap; :func:`release_freed_memory` gives it back at
the chunk's end. Peak memory is unchanged. Elsewhere than glibc (macOS, Windows, musl)
nothing is done.
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable

__all__ = [
    "MMAP_THRESHOLD_BYTES",
    "TRIM_THRESHOLD_BYTES",
    "keep_freed_memory",
    "release_freed_memory",
]

log = logging.getLogger(__name__)

MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024
"""Blocks at least this large still come from ``mmap``: glibc's largest allowed value on
64-bit systems (half its 64 MiB heap size), above any one work array of a draw at 100,000
areas (~1.6 MB)."""
TRIM_THRESHOLD_BYTES = 256 * 1024 * 1024
"""Free memory at the heap's top is returned to the system only beyond this: well above a
draw's work arrays (~15 MB at 100,000 areas), well below the forecast's 2 GB memory aim."""

_M_TRIM_THRESHOLD = -1  # glibc <malloc.h>
_M_MMAP_THRESHOLD = -3

_done: list[bool] = []
_trim: list[Callable[[int], int]] = []


def keep_freed_memory() -> bool:
    """Set glibc's malloc thresholds (see the module docstring) once per process.

    Returns
    -------
    bool
        whether the thresholds are set (``False`` where the C library is not glibc).
    """
    if _done:
        return _done[0]
    ok = False
    if sys.platform.startswith("linux"):
        try:
            # the C library already loaded (find_library would fork ldconfig: a child as
            # large as this process, which shows in the peak memory of its children)
            libc = ctypes.CDLL(None)
            mallopt = libc.mallopt
        except (OSError, AttributeError):  # not glibc (musl has no mallopt)
            mallopt = None
        if mallopt is not None:
            mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
            mallopt.restype = ctypes.c_int
            ok = bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)) and bool(
                mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
            )
            trim = getattr(libc, "malloc_trim", None)
            if ok and trim is not None:
                trim.argtypes = [ctypes.c_size_t]
                trim.restype = ctypes.c_int
                _trim.append(trim)
    log.debug("malloc thresholds for repeated draws set: %s", ok)
    _done.append(ok)
    return ok


def release_freed_memory() -> None:
    """Give the heap's free memory back to the system (glibc's ``malloc_trim``) once a
    chunk of draws is done, so that a long-lived process (the app, a warm worker) does not
    keep it between forecasts; the next chunk faults its work arrays in once, not at every
    draw."""
    if _trim:
        _trim[0](0)
