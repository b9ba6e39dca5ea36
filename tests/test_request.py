"""request.py: a request's checks (the whole pipeline is exercised by test_workbench.py)."""

from __future__ import annotations

import pytest

from indictok.app import request
from indictok.app.errors import InputError


@pytest.mark.fast
def test_the_length_message_counts_code_points() -> None:
    with pytest.raises(InputError) as refused:
        request.check_text("😀" * 100_001)
    assert str(refused.value) == request.too_long("the text", 100_001)
    assert "(Unicode code points)" in str(refused.value)
    assert request.check_text("😀" * 99_995)  # 199,990 UTF-16 units: accepted


@pytest.mark.fast
def test_text_that_is_not_a_string_or_not_utf8_is_refused() -> None:
    assert request.check_text(None) == ""
    with pytest.raises(InputError, match="must be a string, not int"):
        request.check_text(5)
    with pytest.raises(InputError, match="the text: "):
        request.check_text("a\ud800b")  # a lone surrogate has no UTF-8 bytes
    with pytest.raises(InputError, match="UTF-8 bytes; the limit is 400,000"):
        request.check_text("😀" * 100_001, limit=200_000)
