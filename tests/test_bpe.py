import pytest
from helpers import hf_bpetrainer_merges

from indictok import bpe, paths
from indictok.export import merges_as_strings
from indictok.pretokenize import normalize, split
from indictok.tools import corpus


@pytest.mark.fast
def test_wikipedia_example() -> None:
    """aaabdaaabac (Wikipedia's BPE example): aa, then ab (ties with aa+a; 'a' sorts first)."""
    model = bpe.train({b"aaabdaaabac": 1}, 259)
    assert [model.vocab[new] for _, new in model.merges] == [b"aa", b"ab", b"aaab"]
    assert bpe.encode_chunk(b"aaabdaaabac", model.ranks) == [258, 100, 258, 97, 99]


@pytest.mark.fast
def test_ties_follow_bytetrainer_id_order() -> None:
    # every pair occurs once: the pair whose bytes come first in byte-level order wins;
    # "\n" (byte 10) sorts after all printable bytes there
    model = bpe.train({b"\nz": 1, b"ab": 1}, 257)
    assert model.vocab[256] == b"ab"
    assert bpe.byte_level_order()[:3] == [ord("!"), ord('"'), ord("#")]


@pytest.mark.fast
def test_vocab_size_below_256_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="at least 256"):
        bpe.train({b"ab": 1}, 10)


@pytest.mark.fast
def test_training_stops_when_nothing_is_left_to_merge() -> None:
    model = bpe.train({b"abc": 3}, 1000)
    assert len(model.merges) == 2


@pytest.mark.fast
def test_merge_word_reports_count_changes() -> None:
    word = [1, 2, 3, 4]
    changes = bpe._merge_word(word, (2, 3), 9)
    assert word == [1, 9, 4]
    assert changes == [((1, 2), -1), ((1, 9), 1), ((3, 4), -1), ((9, 4), 1)]


@pytest.mark.corpus
def test_merges_equal_hf_bpetrainer_on_a_corpus_sample() -> None:
    lines = corpus.read_training_lines(paths.train_file("hi"))[::20]
    words = bpe.count_words(c for line in lines for c in split(normalize(line)))
    model = bpe.train(words, 1500)
    assert merges_as_strings(model) == hf_bpetrainer_merges(lines, 1500)


@pytest.mark.fast
def test_encode_chunk_applies_lowest_rank_first() -> None:
    # (b, c) learned first, then (a, b): on "abc" the lower rank wins, whatever comes first
    b_c_first = {(98, 99): (0, 256), (97, 98): (1, 257)}
    assert bpe.encode_chunk(b"abc", b_c_first) == [97, 256]
    a_b_first = {(97, 98): (0, 257), (98, 99): (1, 256)}
    assert bpe.encode_chunk(b"abc", a_b_first) == [257, 99]
    assert bpe.encode_chunk(b"abc", {}) == [97, 98, 99]
