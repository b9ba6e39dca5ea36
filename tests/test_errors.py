"""errors.py: refusals and how they are worded for the visitor."""

from __future__ import annotations

import pytest

from indictok.app import limits
from indictok.app.errors import InputError, echo, message


@pytest.mark.fast
def test_echoed_values_and_messages_are_cut() -> None:
    assert echo("xx") == "'xx'"
    shown = echo("y" * 1_900_000)
    assert len(shown) < 300 and "1,900,002 characters" in shown
    assert len(message(InputError("z" * 100_000))) <= limits.MAX_MESSAGE_CHARS + 1
