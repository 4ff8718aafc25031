"""Memory the process no longer uses, handed back to the system.

glibc's malloc keeps the pages Python, numpy and GEOS free in its arenas for reuse; between
the stages of a big build (the table read, the basemap, the incidents' payload) those
pages would add up in the peak. :func:`give_back` asks glibc to return them (``malloc_trim``);
elsewhere (macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

__all__ = ["give_back", "lean_heap"]

_M_MMAP_THRESHOLD = -3  # mallopt's parameter numbers (malloc.h)


@cache
def _libc():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None
    except OSError:
        return None


def lean_heap() -> None:
    """Blocks of 256 kB and more mapped on their own and unmapped when freed, for the rest
    of the process (glibc; elsewhere nothing). glibc raises that threshold as big blocks come
    and go, and then keeps them in its heap: ~7 MB of a 100,000-row table map's peak.

    >>> lean_heap()
    """
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_MMAP_THRESHOLD, 256 * 1024)


def give_back() -> None:
    """Return the heap's free pages to the system (glibc), else nothing.

    >>> give_back()
    """
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
