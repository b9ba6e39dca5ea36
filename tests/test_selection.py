"""selection.py: which tokenizers and which language a request may ask for, and which the
page shows for a text."""

from __future__ import annotations

import pytest

from indictok.app import selection
from indictok.app.errors import InputError
from indictok.app.limits import MAX_TOKENIZERS
from indictok.catalog import SPECS

pytestmark = pytest.mark.fast


def test_names_are_known_kept_once_in_the_order_given() -> None:
    assert selection.check_names(["gpt2", "indic-bpe-hi", "gpt2"]) == ["gpt2", "indic-bpe-hi"]
    assert selection.check_names("gpt2") == ["gpt2"]  # one name, as an API caller sends it
    assert selection.check_names(None) == []
    with pytest.raises(InputError, match="unknown tokenizer 'nope'; available: "):
        selection.check_names(["nope"])
    with pytest.raises(InputError, match="must be a list of tokenizer names"):
        selection.check_names([1, 2])


def test_more_tokenizers_than_the_limit_are_refused() -> None:
    names = list(SPECS)[: MAX_TOKENIZERS + 1]
    assert len(names) == MAX_TOKENIZERS + 1
    with pytest.raises(InputError, match=f"the limit is {MAX_TOKENIZERS}"):
        selection.check_names(names)


def test_a_language_is_auto_or_one_we_have() -> None:
    assert selection.check_language(None) == selection.check_language("") == "auto"
    assert selection.check_language("ta") == "ta"
    with pytest.raises(InputError, match="unknown language 'xx'; use auto or one of: hi, "):
        selection.check_language("xx")


def test_the_language_shown_is_chosen_detected_or_kept() -> None:
    assert selection.pick_language("hello", ["gpt2"], "ta") == ("ta", "Tamil (chosen)")
    assert selection.pick_language("தமிழ் மொழி", ["gpt2"], "auto") == ("ta", "Tamil (detected)")
    kept = selection.pick_language("hello", ["indic-bpe-bn"], "auto")
    assert kept == ("bn", "Bengali (no Indian script detected; kept)")


def test_the_picker_lists_every_tokenizer_with_its_language_name() -> None:
    entries = {e["name"]: e for e in selection.picker_entries()}
    assert list(entries) == list(SPECS)
    assert entries["indic-bpe-ta"]["language"] == "Tamil" and entries["gpt2"]["language"] == ""
