"""Identical requests answered from memory, bounded in entries and bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from .limits import CACHE_BYTES, CACHE_ENTRIES


class AnswerCache:
    """The last answers to identical requests, bounded in entries and bytes."""

    def __init__(self, entries: int = CACHE_ENTRIES, size: int = CACHE_BYTES) -> None:
        self.entries, self.size = entries, size
        self._data: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0

    def get_or_make(self, key: Any, make: Callable[[], Any], size: Callable[[Any], int]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key][0]
        value = make()
        n = size(value)
        if n > self.size // 4:  # too big to keep
            return value
        with self._lock:
            if key not in self._data:
                self._data[key] = (value, n)
                self.bytes += n
            while len(self._data) > self.entries or self.bytes > self.size:
                self.bytes -= self._data.popitem(last=False)[1][1]
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.bytes = 0


CACHE = AnswerCache()
