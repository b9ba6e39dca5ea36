"""Hostile and odd text on every tokenizer, property-based invariants, a damaged store,
and start-up with the network blocked."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indictok import corpus, registry
from indictok.analysis import InputError, analyse
from indictok.metrics import stats
from indictok.segments import group

NAMES = list(registry.COMPARISON_NAMES)  # one of each backend kind; the other languages'
# tokenizers run the same code (tests/test_languages.py covers their own text)
BYTE_EXACT = [n for n in NAMES if registry.SPECS[n].family != "sentencepiece"]
ROOT = Path(__file__).resolve().parent.parent

ODD_TEXTS = {
    "empty": "",
    "whitespace only": " \t\n\r\n  ",
    "one 100,000-character word": "क" * 99_999 + "x",
    "run of combining marks": "क" + "\u094d" * 5000,
    "NUL and controls": "a\x00b\x01c\x7f\x1bd",
    "Urdu, right to left": "پاکستان کی قومی زبان اردو ہے۔",
    "emoji ZWJ and skin tones": "👩🏽‍💻👨‍👩‍👧‍👦🏳️‍🌈👍🏿",
    "NFD Hindi": unicodedata.normalize("NFD", "क़लम ज़िंदगी फ़िल्म"),
    "every special token": "<|endoftext|><|endofprompt|><|fim_prefix|><s></s><unk>",
    "markup and templates": "<b>&amp;</b> \"'${1+1}{{7*7}}`\\u12",
}


@pytest.mark.parametrize("text", ODD_TEXTS.values(), ids=ODD_TEXTS.keys())
def test_odd_text_works_on_every_tokenizer(text: str) -> None:
    for result in analyse(text, NAMES):
        assert not result.error, result.error
        encoded = result.encoded
        if result.name in BYTE_EXACT:
            # nothing lost, nothing invented: the token bytes are the text's bytes
            assert b"".join(encoded.data) == encoded.text.encode("utf-8")
        assert result.stats.tokens == len(encoded)
        assert len(group(encoded)) >= (1 if text else 0)


@pytest.mark.parametrize("text", ["\ud800", "ok \udfff ok", "a" * 100_001])
def test_refused_text_gets_a_message(text: str) -> None:
    with pytest.raises(InputError) as info:
        analyse(text, NAMES)
    assert "surrogate" in str(info.value) or "limit is 100,000" in str(info.value)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=60))
def test_invariants_hold_for_arbitrary_text(name: str, text: str) -> None:
    backend = registry.get(name)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(ValueError, match="unpaired surrogate"):
            backend.encode(text)
        return
    encoded = backend.encode(text)
    data = encoded.text.encode("utf-8")
    assert np.all(encoded.ends >= encoded.starts)
    assert np.all(encoded.starts[1:] >= encoded.ends[:-1])
    if name in BYTE_EXACT:
        assert b"".join(encoded.data) == data
        assert backend.decode(encoded.ids) == encoded.text
    grouping = group(encoded)
    joined = "".join(data[a:b].decode() for a, b in itertools.pairwise(grouping.bounds))
    assert joined == encoded.text
    s = stats(encoded)
    assert s.tokens == len(encoded) and s.bytes == len(data)
    assert 0 <= s.partial_tokens <= s.tokens and 0 <= s.split_graphemes <= s.graphemes


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], check=False, cwd=ROOT, env={**os.environ, **env},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


START_APP = """
from indictok import registry
from indictok.ui import build_demo, update_page
demo = build_demo()
ok, failed = registry.load_all()
print("OK", ",".join(ok))
for name, message in failed.items():
    print("FAILED", name, message)
cards = update_page("नमस्ते", ["gpt2", "o200k_base", "indic-bpe-hi"], "characters", False)[0]
print("CARDS", cards.count('<section class="itl-card'), cards.count("itl-unavailable"))
"""


def test_a_damaged_store_disables_only_the_broken_tokenizers(tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(corpus.STORE_DIR, store)
    o200k = store / "tiktoken" / "o200k_base.tiktoken"
    o200k.write_bytes(o200k.read_bytes()[:1000])  # truncated
    (store / "sentencepiece" / "spm_bpe_hi.model").unlink()  # missing
    (store / "indic_bpe_hi.model").write_text("indictok v9\n")  # wrong header
    cl100k = store / "tiktoken" / "cl100k_base.tiktoken"
    cl100k.write_bytes(cl100k.read_bytes().replace(b"IQ== 0", b"IQ== 9"))  # hash mismatch
    result = _run(START_APP, {"INDICTOK_STORE": str(store)})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "OK gpt2,spm-unigram-hi,mistral-7b" in out
    assert "FAILED o200k_base" in out and "o200k_base.tiktoken is corrupt" in out
    assert "FAILED cl100k_base" in out and "cl100k_base.tiktoken is corrupt" in out
    assert "FAILED spm-bpe-hi" in out and "spm_bpe_hi.model is missing" in out
    assert "FAILED indic-bpe-hi" in out and "expected header 'indictok v1'" in out
    assert "Restore it with" in out
    assert "CARDS 3 2" in out  # gpt2 renders; the two broken ones say why


NO_NETWORK = (
    """
import socket
def refuse(*args, **kwargs):
    raise OSError("network access is blocked in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
"""
    + START_APP
)


def test_start_up_with_the_network_blocked_loads_every_tokenizer(tmp_path: Path) -> None:
    result = _run(NO_NETWORK, {"TIKTOKEN_CACHE_DIR": str(tmp_path / "empty-cache")})
    assert result.returncode == 0, result.stderr
    assert f"OK {','.join(registry.list_names())}" in result.stdout
    assert "FAILED" not in result.stdout
