"""cache.py: identical requests answered from memory, bounded."""

from __future__ import annotations

import pytest

from indictok.app.cache import AnswerCache


@pytest.mark.fast
def test_the_answer_cache_is_bounded_in_entries_and_bytes() -> None:
    cache, made = AnswerCache(entries=3, size=100), []

    def make(key: str) -> str:
        made.append(key)
        return key * 10

    for key in "abcd":
        cache.get_or_make(key, lambda k=key: make(k), len)
    cache.get_or_make("d", lambda: make("d"), len)  # identical: from the cache
    assert made == ["a", "b", "c", "d"] and len(cache._data) == 3 and cache.bytes == 30
    cache.get_or_make("big", lambda: "x" * 90, len)  # over a quarter of the bytes: not kept
    assert "big" not in cache._data


@pytest.mark.fast
def test_clearing_the_cache_frees_its_bytes() -> None:
    cache = AnswerCache(entries=3, size=100)
    cache.get_or_make("a", lambda: "aaaa", len)
    cache.clear()
    assert cache.bytes == 0 and not cache._data
    assert cache.get_or_make("a", lambda: "made again", len) == "made again"
