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

__all__ = ["give_back"]


@cache
def _trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def give_back() -> None:
    """Return the heap's free pages to the system (glibc), else nothing.

    >>> give_back()
    """
    trim = _trim()
    if trim is not None:
        trim(0)
