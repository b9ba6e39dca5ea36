"""The ablation's levers: which rows a language gets, and what its data levers add."""

from __future__ import annotations

import pytest

from indictok import paths
from indictok.tools import ablation, corpus


@pytest.mark.corpus
def test_each_extra_source_and_related_language_is_a_row_judged_beside_sentencepiece() -> None:
    labels = [v.label for v in ablation.variants("ml")]
    assert any("extra/ml/smc_wikipedia.txt" in label for label in labels)
    assert any("extra/ml/commonvoice_sentences.txt" in label for label in labels)
    assert not any("train/" in label for label in labels)  # no related language for ml
    marathi = ablation.variants("mr")
    assert [v.label for v in marathi if "train/hi.txt" in v.label]
    assert all(v.new_data for v in marathi if "extra/" in v.label or "train/" in v.label)


@pytest.mark.corpus
def test_mixing_adds_related_text_up_to_a_quarter_of_the_own_text() -> None:
    own = corpus.read_training_lines(paths.train_file("ne"))
    mixed = ablation._with_related("hi")(own)
    added = mixed[len(own) :]
    assert mixed[: len(own)] == own and added
    assert sum(map(len, added)) < sum(map(len, own)) // ablation.MIX_SHARE + max(map(len, added))
    hindi = corpus.read_training_lines(paths.train_file("hi"))
    assert added == hindi[: len(added)]


@pytest.mark.corpus
def test_halves_add_up_to_the_whole_file() -> None:
    from indictok import loaded

    files = {"flores": corpus.read_lines(corpus.eval_file("flores200_devtest", "hi"))[:40]}
    even, odd, whole = ablation.measure(loaded.get("indic-bpe-hi"), files)
    assert even.tokens + odd.tokens == whole.tokens > 0
    assert even.words + odd.words == whole.words


@pytest.mark.corpus
def test_length_scored_merges_at_power_zero_are_plain_bpe_and_longer_with_power() -> None:
    from indictok.languages import LANGUAGES
    from indictok.tokenizer import IndicBPETokenizer
    from indictok.tools.scored_bpe import train_scored

    lines = corpus.read_training_lines(paths.train_file("ta"))[:3000]
    alphabet = LANGUAGES["ta"].alphabet
    plain = IndicBPETokenizer.train(lines, 1500, name="t", alphabet=alphabet)
    same = train_scored(lines, 1500, name="t", alphabet=alphabet, power=0)
    assert same.model.merges == plain.model.merges
    assert same.special_tokens == plain.special_tokens and same.vocab_size == 1500
    longer = train_scored(lines, 1500, name="t", alphabet=alphabet, power=1)
    mean = lambda t: sum(map(len, t.model.vocab.values())) / len(t.model.vocab)  # noqa: E731
    assert mean(longer) > mean(plain)
    text = "".join(lines[:50])
    assert longer.decode(longer.encode(text)) == text
    assert longer.to_tiktoken().encode_ordinary(text) == longer.encode_ordinary(text)
