"""The server's memory returns after large requests (glibc's allocator, through ctypes).

By default glibc raises its mmap threshold after each large free and gives every thread an
arena of its own, so the buffers of a 100,000-character request stay in the heap after it
(RSS +250 MB after ten large visitors, measured). `tune()` fixes the threshold (buffers over
256 KB are mapped and unmapped) and keeps two arenas; `trim()` returns freed heap pages.
Elsewhere than glibc both do nothing.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
from functools import cache
from typing import Any

M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
MMAP_THRESHOLD = 256 * 1024
ARENAS = 2


@cache
def _libc() -> Any:
    with contextlib.suppress(OSError):
        libc = ctypes.CDLL("libc.so.6")
        if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim"):
            return libc
    return None


def tune() -> bool:
    """Set the allocator up once, at start-up; True if it is glibc's."""
    libc = _libc()
    if libc is None:
        return False
    threshold = libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    return bool(threshold and libc.mallopt(M_ARENA_MAX, ARENAS))


def trim() -> None:
    """Collect garbage and give freed heap back to the system."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
