"""conftest.py: a test without a tier marker stops the run, so no tier skips it silently."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import TIERS, untiered


@dataclass
class _Item:
    nodeid: str
    markers: tuple[str, ...]

    def get_closest_marker(self, name: str) -> str | None:
        return name if name in self.markers else None


@pytest.mark.fast
def test_a_test_without_a_tier_is_named() -> None:
    items = [_Item("a", ("fast",)), _Item("b", ("parametrize",)), _Item("c", ("store", "app"))]
    assert untiered(items) == ["b"]  # type: ignore[arg-type]
    assert set(TIERS) == {"fast", "corpus", "store", "app", "browser"}


@pytest.mark.fast
def test_every_collected_test_has_a_tier(request: pytest.FixtureRequest) -> None:
    assert untiered(request.session.items) == []
