"""spec.py: a tokenizer as data, and the hint that says how to get its files back."""

from __future__ import annotations

import dataclasses

import pytest

from indictok import catalog
from indictok.spec import Spec, restore_hint


@pytest.mark.fast
def test_the_restore_hint_names_the_files_and_the_retraining() -> None:
    hint = restore_hint(("a.model", "b.model"), "python -m indictok train --lang hi")
    assert "a.model tokenizers_store/b.model" in hint
    assert hint.endswith("(or retrain: python -m indictok train --lang hi)")
    assert "retrain" not in restore_hint(("a.model",))


@pytest.mark.fast
def test_a_spec_is_frozen_data() -> None:
    spec = catalog.SPECS["indic-bpe-hi"]
    assert isinstance(spec, Spec) and spec.ours and spec.lang == "hi"
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.name = "other"  # type: ignore[misc]
