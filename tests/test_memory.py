"""memory.py: the allocator is tuned once and trimmed after large requests (glibc only)."""

from __future__ import annotations

import ctypes
import gc
import weakref

import pytest

from indictok.app import memory

pytestmark = pytest.mark.fast


def test_tune_and_trim_run_on_glibc_and_do_nothing_elsewhere(monkeypatch) -> None:
    glibc = memory._libc() is not None
    assert memory.tune() is glibc
    memory.trim()  # gives pages back, or does nothing: never raises
    memory._libc.cache_clear()
    monkeypatch.setattr(ctypes, "CDLL", lambda name: (_ for _ in ()).throw(OSError(name)))
    try:
        assert memory._libc() is None
        assert memory.tune() is False
        memory.trim()
    finally:
        memory._libc.cache_clear()


def test_trim_collects_unreachable_cycles() -> None:
    class Cycle:
        pass

    a, b = Cycle(), Cycle()
    a.other, b.other = b, a
    gc.disable()
    try:
        alive = weakref.ref(a)
        del a, b
        assert alive() is not None  # a cycle waits for the collector
        memory.trim()
        assert alive() is None
    finally:
        gc.enable()
