"""`indictok.load()`: tiktoken's methods with their meanings, the same ids on the compiled
route and on tiktoken, and the app's start-up build of the compiled encoder."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import indictok
from indictok import encoding, fastbpe, paths
from indictok.tokenizer import IndicBPETokenizer

SENTENCE = "भारत एक विशाल देश है।"
SAMPLES = [SENTENCE, "", "\u0958ानून", "मैं Hindi में 1,234 ₹ 😀 बात करता हूँ।\n\nनमस्ते", " a  b "]
EOT = "<|endoftext|>"


def both_routes(tokenizer: IndicBPETokenizer) -> tuple[encoding.Encoding, encoding.Encoding]:
    """The same tokenizer on the compiled route and on tiktoken."""
    fast = encoding.Encoding(tokenizer)
    slow = encoding.Encoding(tokenizer)
    slow._two_stage = None
    slow.encode_nfc = slow._tiktoken.encode_ordinary
    slow.route = encoding.TIKTOKEN
    return fast, slow


@pytest.fixture(scope="module")
def routes(compiled: ModuleType) -> tuple[encoding.Encoding, encoding.Encoding]:
    fast, slow = both_routes(indictok.load_reference("hi"))
    assert (fast.route, slow.route) == (encoding.COMPILED, encoding.TIKTOKEN)
    return fast, slow


@pytest.mark.store
def test_load_serves_the_compiled_route_when_it_is_built(compiled: ModuleType) -> None:
    tok = indictok.load("hi")
    assert tok.route == encoding.COMPILED and isinstance(tok, indictok.Encoding)
    assert tok.encode_ordinary(SENTENCE) == [3300, 446, 706, 424, 799, 3998]
    assert repr(tok) == "<Encoding 'indic-bpe-hi' (two-stage (compiled))>"


@pytest.mark.store
def test_every_method_means_what_tiktoken_means(routes) -> None:
    """Each method on both routes equals tiktoken's own method on the same merges (NFC text)."""
    for tok in routes:
        enc = tok.to_tiktoken()
        for text in SAMPLES:
            nfc = indictok.normalize(text)
            ids = enc.encode_ordinary(nfc)
            assert tok.encode_ordinary(text) == tok.encode(text) == ids
            assert tok.decode(ids) == enc.decode(ids) == nfc
            assert tok.decode_bytes(ids) == enc.decode_bytes(ids)
            assert tok.decode_with_offsets(ids) == enc.decode_with_offsets(ids)
            assert [tok.decode_single_token_bytes(i) for i in ids] == enc.decode_tokens_bytes(ids)
        nfc_samples = [indictok.normalize(text) for text in SAMPLES]
        assert tok.encode_ordinary_batch(SAMPLES) == enc.encode_ordinary_batch(nfc_samples)
        assert tok.encode_batch(SAMPLES, num_threads=2) == enc.encode_batch(nfc_samples)
        assert (tok.n_vocab, tok.max_token_value, tok.eot_token) == (4999, 4998, 4998)
        assert tok.special_tokens_set == enc.special_tokens_set == {EOT}


@pytest.mark.store
def test_special_tokens_follow_tiktokens_rules(routes) -> None:
    text = f"पहला {EOT} दूसरा"
    for tok in (*routes, routes[0].to_tiktoken()):
        with pytest.raises(ValueError, match="disallowed special token '<\\|endoftext\\|>'"):
            tok.encode(text)
        with pytest.raises(ValueError, match="disallowed special token"):
            tok.encode_batch(["a", text])
        special = tok.encode(text, allowed_special={EOT})
        assert special == tok.encode(text, allowed_special="all") == [1827, 442, 32, 4998, 2370]
        as_text = tok.encode(text, disallowed_special=())
        assert as_text == tok.encode_ordinary(text) and 4998 not in as_text
        assert tok.encode_batch([text], allowed_special="all") == [special]


@pytest.mark.store
def test_bad_ids_and_text_get_clear_errors(routes) -> None:
    tok = routes[0]
    with pytest.raises(ValueError, match=r"invalid token id 4999: indic-bpe-hi has ids 0\.\.4998"):
        tok.decode([1, 4999])
    with pytest.raises(ValueError, match="unpaired surrogate U\\+D800 at character 1"):
        tok.encode_ordinary("a\ud800")
    partial = [0xE0]  # the first byte of a Devanagari letter, alone
    assert tok.decode(partial) == "\ufffd" and tok.decode(partial, errors="ignore") == ""


RANDOM = st.lists(
    st.sampled_from(["क", "्", "ि", "़", " ", "\n", "।", "a", "1", EOT, "के", "लिए", "ব"])
    | st.characters(codec="utf-8"),
    max_size=40,
).map("".join)


@pytest.mark.store
@settings(max_examples=200, deadline=None)
@given(text=RANDOM)
def test_both_routes_and_the_reference_give_the_same_ids(routes, text: str) -> None:
    fast, slow = routes
    ids = fast.reference.encode_ordinary(text)
    assert fast.encode_ordinary(text) == slow.encode_ordinary(text) == ids
    assert fast.decode(ids) == indictok.normalize(text)


@pytest.mark.corpus
def test_both_routes_agree_on_the_held_out_text(routes, eval_lines: list[str]) -> None:
    fast, slow = routes
    assert fast.encode_ordinary_batch(eval_lines) == slow.encode_ordinary_batch(eval_lines)
    text = "\n".join(eval_lines)
    assert fast.encode_ordinary(text) == slow.encode_ordinary(text)


@pytest.mark.fast
def test_the_reference_stays_reachable_and_names_are_checked() -> None:
    assert encoding.language_of("indic-bpe-ta") == encoding.language_of("ta") == "ta"
    with pytest.raises(ValueError, match="use a language code \\(hi, mr"):
        encoding.language_of("indic-bpe-xx")
    assert indictok.load_reference is encoding.load_reference


@pytest.mark.store
def test_the_app_compiles_the_encoder_at_start_up_when_pip_did_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, compiled: ModuleType
) -> None:
    """What a Space gets (requirements.txt only): `_fastbpe.c` compiled into a cache folder,
    equal to the encoder pip builds; a second start reuses the file."""
    path = fastbpe.compile_extension(tmp_path)
    assert path.is_relative_to(tmp_path) and fastbpe.compile_extension(tmp_path) == path
    monkeypatch.setitem(sys.modules, "indictok._fastbpe", compiled)  # restored afterwards
    module = fastbpe.load_extension(path)
    assert sys.modules["indictok._fastbpe"] is module
    text = paths.ASSETS_DIR.joinpath("reference", "hi.txt").read_text("utf-8")
    hindi = indictok.load("hi")
    vocab = hindi.reference.model.vocab
    tokens = [vocab[i] for i in range(len(vocab))]
    limit = fastbpe.stage_limit(tokens)
    encoder = module.Encoder(tokens, limit, True, True)
    assert encoder.encode(indictok.normalize(text)) == hindi.encode_ordinary(text)


@pytest.mark.store
def test_long_runs_take_tiktokens_route_with_the_same_ids() -> None:
    from indictok.encoding import LONG_RUN

    enc = indictok.load("hi")
    reference = enc.to_tiktoken()
    for text in ["क" * (LONG_RUN - 1), "क" * LONG_RUN + " नमस्ते", "।" * 5000, "क्" * 3000 + "x"]:
        assert enc.encode_ordinary(text) == reference.encode_ordinary(text)
        assert enc.encode_ordinary_batch([text, "नमस्ते"]) == [
            reference.encode_ordinary(text),
            reference.encode_ordinary("नमस्ते"),
        ]
    with pytest.raises(ValueError, match="unpaired surrogate"):
        enc.encode_ordinary("क" * LONG_RUN + "\ud800")
