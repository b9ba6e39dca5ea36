"""open_models.py: OpenAI's and the open models' tokenizers, as catalog specs."""

from __future__ import annotations

import pytest

from indictok import catalog, open_models


@pytest.mark.fast
def test_openai_specs_carry_tiktoken_s_vocabularies() -> None:
    for name, vocab in open_models.OPENAI_VOCAB.items():
        spec = open_models.openai_spec(name)
        assert (spec.name, spec.vocab, spec.family) == (name, vocab, "tiktoken")
        assert catalog.SPECS[name].vocab == vocab


@pytest.mark.fast
def test_every_open_model_is_in_the_catalog_and_general_purpose() -> None:
    names = [spec.name for spec in open_models.LLMS]
    assert len(names) == len(set(names)) and set(names) <= set(catalog.SPECS)
    assert all(spec.lang == "" and not spec.ours for spec in open_models.LLMS)
    assert catalog.LLMS is open_models.LLMS and catalog.LLAMA_FILES is open_models.LLAMA_FILES
