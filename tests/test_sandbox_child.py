"""sandbox_child.py: the child's answers (run here in-process on harmless input; the child's
limits are exercised through sandbox.py in test_upload.py)."""

from __future__ import annotations

import pytest

from indictok import sandbox_child


@pytest.mark.fast
def test_a_tokenizer_the_child_no_longer_holds_is_missing_not_an_error() -> None:
    status, said = sandbox_child._answer({}, "encode_ids", ("gone", "नमस्ते"))
    assert status == "missing" and "gone" in said


@pytest.mark.fast
def test_a_refused_file_or_a_failure_comes_back_as_a_message() -> None:
    status, said = sandbox_child._answer({}, "load", ("k", b"", "empty.json", ""))
    assert status == "error" and "empty" in said
    status, said = sandbox_child._answer({"k": None}, "decode", ("k", [1]))
    assert status == "error" and said.startswith("AttributeError: ")
    assert sandbox_child._answer({"k": 1}, "forget", ("k",)) == ("ok", None)
