"""The comparison engine: every backend in the one Token shape, grouping and metrics."""

import itertools
from pathlib import Path

import numpy as np
import pytest

from indictok import catalog, loaded, paths
from indictok.languages import LANGUAGES
from indictok.metrics import measure, measure_text
from indictok.segments import group, token_relations
from indictok.token import Encoded
from indictok.tools import corpus

NAMES = catalog.list_names()
EXACT = [n for n in NAMES if loaded.get(n).byte_exact]
WHOLE, SPLIT, PARTIAL = 0, 1, 2  # token_relations' codes


def all_eval_files() -> list[Path]:
    return sorted((paths.corpus_dir() / "eval").rglob("*.txt"))


def eval_files_for(name: str) -> list[Path]:
    """Every eval file for the comparison set; a language's own files (and the English) for
    the other languages' tokenizers, which share their backend's code with the Hindi ones."""
    lang = catalog.SPECS[name].lang
    if name in {spec.name for spec in catalog.LLMS}:  # tests/test_vendors.py checks their ids
        return sorted((paths.corpus_dir() / "eval" / "flores200_devtest").glob("*.txt"))
    if name in catalog.COMPARISON_NAMES:
        return all_eval_files()
    return [*corpus.eval_files(lang), corpus.eval_file("flores200_devtest", "en")]


def check_tiling(encoded: Encoded, byte_exact: bool) -> None:
    """Spans in order; byte-exact tokenizers tile the text; segments give the text back."""
    data = encoded.text.encode("utf-8")
    starts, ends = encoded.starts, encoded.ends
    assert np.all(ends >= starts)
    if byte_exact:
        assert len(encoded) == 0 or (starts[0] == 0 and ends[-1] == len(data))
        assert np.array_equal(starts[1:], ends[:-1])
        assert b"".join(encoded.data) == data
    else:  # SentencePiece: in order, but normalisation may leave text uncovered
        assert np.all(starts[1:] >= ends[:-1])
        assert len(encoded) == 0 or ends[-1] <= len(data)
    grouping = group(encoded)
    bounds = grouping.bounds
    assert bounds[0] == 0 and bounds[-1] == len(data)
    pieces = (data[a:b].decode("utf-8") for a, b in itertools.pairwise(bounds))
    assert "".join(pieces) == encoded.text
    assert grouping.firsts[0] == 0 and grouping.firsts[-1] == len(encoded)
    assert all(a <= b for a, b in itertools.pairwise(grouping.firsts))


@pytest.mark.corpus
@pytest.mark.parametrize("name", NAMES)
def test_every_eval_line_counts_tiles_and_groups(name: str) -> None:
    backend = loaded.get(name)
    for path in eval_files_for(name):
        for line in corpus.read_lines(path):
            encoded = backend.encode(line)
            assert encoded.ids == backend.encode_ids(line)
            check_tiling(encoded, name in EXACT)
            if name in EXACT:
                assert backend.decode(encoded.ids) == line


@pytest.mark.store
def test_counts_equal_the_libraries_own() -> None:
    """SentencePiece here; tiktoken's encodings in test_reliability.py (built by tiktoken's
    own constructors, their downloads answered from the store)."""
    import sentencepiece

    text = "भारत एक विशाल देश है। Hello <|endoftext|> 👩‍💻"
    path = paths.STORE_DIR / "sentencepiece" / "mistral_7b_v01.model"
    own = sentencepiece.SentencePieceProcessor(model_file=str(path)).encode(text)
    assert loaded.get("mistral-7b").encode_ids(text) == own


SAMPLES = {
    "conjunct ksha": "क्ष",
    "conjunct ste": "नमस्ते",
    "ZWJ": "क्\u200dष",
    "ZWNJ": "क्\u200cष",
    "nukta": "क़लम ज़िंदगी",
    "emoji ZWJ family": "👨‍👩‍👧‍👦",
    "mixed": "मैं Hindi में बात करता हूँ",
    "empty": "",
    "special token text": "<|endoftext|><|endofprompt|>",
    "Kannada": "ಸ್ಕಾರ",
}


@pytest.mark.store
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("text", SAMPLES.values(), ids=SAMPLES.keys())
def test_samples_tile_and_group(name: str, text: str) -> None:
    encoded = loaded.get(name).encode(text)
    check_tiling(encoded, name in EXACT)


@pytest.mark.store
def test_gpt2_cuts_devanagari_into_partial_bytes_and_keeps_the_bytes() -> None:
    encoded = loaded.get("gpt2").encode("रें")
    assert len(encoded.tokens) > 3
    assert PARTIAL in token_relations(encoded).tolist()
    assert all(b"\xef\xbf\xbd" not in t.data for t in encoded.tokens)  # no invented U+FFFD
    segments = group(encoded)
    assert [s.text for s in segments] == ["रें"]
    assert len(segments[0].token_indices) == len(encoded.tokens)


@pytest.mark.store
def test_a_token_boundary_inside_an_akshara_is_a_split() -> None:
    encoded = loaded.get("o200k_base").encode("स्ते")  # स् | ते: cut between code points
    assert token_relations(encoded).tolist() == [SPLIT, SPLIT]
    assert [s.text for s in group(encoded)] == ["स्ते"]


@pytest.mark.fast
@pytest.mark.parametrize(
    "spans,codes",
    [([(0, 12)], [WHOLE]), ([(0, 6), (6, 12)], [SPLIT, SPLIT]), ([(0, 1), (1, 12)], [PARTIAL] * 2)],
)
def test_token_relations_tell_whole_split_and_partial_apart(spans, codes) -> None:
    starts, ends = (np.array(column, dtype=np.int64) for column in zip(*spans, strict=True))
    encoded = Encoded("t", "स्ते", list(range(len(spans))), starts, ends, table=None)  # type: ignore[arg-type]
    assert token_relations(encoded).tolist() == codes


@pytest.mark.store
def test_our_tokens_never_hold_partial_characters_on_hindi() -> None:
    encoded = loaded.get("indic-bpe-hi").encode("भारत एक विशाल देश है।")
    kinds = token_relations(encoded).tolist()
    assert PARTIAL not in kinds
    assert kinds[:2] == [WHOLE, WHOLE]
    assert encoded.tokens[0].piece == "भारत"  # our display form is the text itself


@pytest.mark.store
def test_sentencepiece_byte_fallback_gets_one_byte_each() -> None:
    encoded = loaded.get("mistral-7b").encode("👩")
    byte_tokens = [t for t in encoded.tokens if t.piece.startswith("<0x")]
    assert [t.piece for t in byte_tokens] == ["<0xF0>", "<0x9F>", "<0x91>", "<0xA9>"]
    assert [t.end - t.start for t in byte_tokens] == [1, 1, 1, 1]
    assert b"".join(t.data for t in byte_tokens) == "👩".encode()


@pytest.mark.store
def test_text_sentencepiece_drops_is_a_segment_without_tokens() -> None:
    encoded = loaded.get("spm-bpe-hi").encode("नमस्ते   ")
    segments = group(encoded)
    assert "".join(s.text for s in segments) == "नमस्ते   "
    assert len(segments[-1].token_indices) == 0


@pytest.mark.store
def test_metrics_on_a_hand_counted_text() -> None:
    encoded = loaded.get("indic-bpe-hi").encode("नमस्ते दुनिया")
    s = measure(encoded)
    assert (s.bytes, s.chars, s.graphemes, s.words) == (37, 13, 7, 2)  # न म स्ते ␠ दु नि या
    assert s.tokens == len(encoded.tokens)
    assert s.bytes_per_token == pytest.approx(37 / s.tokens)
    assert s.tokens_per_word == pytest.approx(s.tokens / 2)
    assert measure_text("").tokens_per_word == 0.0


@pytest.mark.store
def test_split_share_counts_aksharas_cut_by_tokens() -> None:
    s = measure(loaded.get("gpt2").encode("नमस्ते"))
    assert s.graphemes == 3
    assert 0 < s.split_graphemes <= 3
    assert s.partial_tokens > 0


@pytest.mark.store
@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("ids", [[-1], [10**9], ["x"], [1.5]])
def test_decode_rejects_bad_ids_with_a_clear_message(name: str, ids: list) -> None:
    with pytest.raises(ValueError, match="not valid for"):
        loaded.get(name).decode(ids)


def own_language_text(name: str) -> str:
    """A sentence in the tokenizer's language (Hindi for general-purpose tokenizers)."""
    lang = catalog.SPECS[name].lang or "hi"
    if lang == "hi":
        return "भारत एक विशाल देश है।"
    stem = LANGUAGES[lang].name.lower()
    return (paths.ASSETS_DIR / "examples" / f"{stem}.txt").read_text().strip()


# SentencePiece models trained with defaults have no byte fallback and fold text by NFKC, so
# only the Hindi ones (on plain Hindi) are expected to round-trip; ours and tiktoken always do.
@pytest.mark.store
@pytest.mark.parametrize("name", [*EXACT, "spm-bpe-hi", "spm-unigram-hi", "mistral-7b"])
def test_decode_inverts_encode(name: str) -> None:
    backend = loaded.get(name)
    text = own_language_text(name)
    assert backend.decode(backend.encode_ids(text)) == text


@pytest.mark.store
def test_unknown_tokenizer_name_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="unknown tokenizer 'gpt5'; available: indic-bpe-hi"):
        loaded.get("gpt5")


ODD = [
    "",
    " ",
    "  x",
    "👩‍💻",
    "a\u0300\u0301",
    "x  \n\n y ",
    "ﬁ ＡＢＣ ①",
    "\x00\x01 \u200d",
    "क़ क\u093c",
]


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["mistral-7b", "spm-bpe-hi", "spm-unigram-hi", "spm-bpe-ta"])
def test_sentencepiece_fast_spans_equal_its_own_offsets_on_every_eval_line(name: str) -> None:
    backend = loaded.get(name)
    assert (backend._lengths is not None) == (name == "mistral-7b")  # identity normaliser
    for path in all_eval_files():
        for line in [*corpus.read_lines(path), *ODD]:
            fast, slow = backend.encode(line), backend._encode_with_offsets(line)
            assert fast.ids == slow.ids
            assert np.array_equal(fast.starts, slow.starts), line
            assert np.array_equal(fast.ends, slow.ends), line


@pytest.mark.fast
def test_merge_parents_replays_the_older_merges() -> None:
    from indictok.backends.base import merge_parents

    ranks = {b"a": 0, b"b": 1, b"c": 2, b"bc": 3, b"ab": 4, b"abc": 5}
    assert merge_parents(b"abc", ranks.get) == (0, 3)  # bc (3) is older than ab (4)
    assert merge_parents(b"a", ranks.get) is None
    assert merge_parents(b"zz", ranks.get) is None


@pytest.mark.store
@pytest.mark.parametrize("name", ["indic-bpe-hi", "gpt2", "cl100k_base", "o200k_base"])
def test_every_byte_level_token_has_parents_that_spell_it(name: str) -> None:
    backend = loaded.get(name)
    table = backend.table
    for token_id in range(256, backend.vocab_size, max(1, backend.vocab_size // 300)):
        parents = backend.parents(token_id)
        if parents is None:
            continue  # a special token or a hole
        left, right = parents
        assert max(left, right) < token_id
        assert table.data_of(left) + table.data_of(right) == table.data_of(token_id)
    assert loaded.get("spm-bpe-hi").parents(300) is None
