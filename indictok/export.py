"""Exports of an IndicBPETokenizer that other tools load.

- `.tiktoken`: tiktoken's rank file (base64 bytes, rank), read by `load_tiktoken_bpe`.
- `tokenizer.json`: HF `tokenizers` (NFC normaliser, our split regex, byte-level BPE).
- `.vocab`: a human-readable dump, one token per line; for reading only, never loaded.
"""

from __future__ import annotations

import base64
import functools
import unicodedata
from pathlib import Path

from .bpe import BPEModel, printable_bytes
from .tokenizer import IndicBPETokenizer


def write_tiktoken_ranks(tokenizer: IndicBPETokenizer, path: str | Path) -> Path:
    """Write `<base64 bytes> <rank>` lines, the format of o200k_base.tiktoken."""
    path = Path(path)
    lines = (
        f"{base64.b64encode(data).decode('ascii')} {i}"
        for i, data in sorted(tokenizer.model.vocab.items())
    )
    path.write_text("\n".join(lines) + "\n", encoding="ascii")
    return path


@functools.cache
def _byte_level_alphabet() -> dict[int, str]:
    """GPT-2's reversible byte -> printable character map, used by HF's ByteLevel."""
    table = {b: chr(b) for b in printable_bytes()}
    for n, b in enumerate(b for b in range(256) if b not in table):
        table[b] = chr(256 + n)
    return table


@functools.lru_cache(maxsize=65536)
def byte_level_string(data: bytes) -> str:
    """bytes -> HF byte-level string, e.g. b' a' -> 'Ġa'."""
    alphabet = _byte_level_alphabet()
    return "".join(alphabet[b] for b in data)


def merges_as_strings(model: BPEModel) -> list[tuple[str, str]]:
    """Our merges in HF's byte-level spelling, e.g. [("à¤", "¨"), ...]."""
    return [
        (byte_level_string(model.vocab[a]), byte_level_string(model.vocab[b]))
        for (a, b), _ in model.merges
    ]


def hf_pipeline(hf, pattern: str) -> None:  # hf: tokenizers.Tokenizer
    """NFC, then our split regex, then bytes -> byte-level characters: our pre-processing."""
    from tokenizers import Regex, normalizers, pre_tokenizers

    hf.normalizer = normalizers.NFC()
    hf.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(pattern), behavior="isolated"),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )


def to_hf_tokenizer(tokenizer: IndicBPETokenizer):  # -> tokenizers.Tokenizer
    """Build an HF `tokenizers.Tokenizer` with the same normaliser, split and merges."""
    from tokenizers import AddedToken, Tokenizer, decoders, models

    vocab = {byte_level_string(data): i for i, data in tokenizer.model.vocab.items()}
    hf = Tokenizer(models.BPE(vocab=vocab, merges=merges_as_strings(tokenizer.model)))
    hf_pipeline(hf, tokenizer.pattern)
    hf.decoder = decoders.ByteLevel()
    for token, _ in sorted(tokenizer.special_tokens.items(), key=lambda kv: kv[1]):
        hf.add_special_tokens([AddedToken(token, special=True, normalized=False)])
    if hf.get_vocab_size() != tokenizer.vocab_size:
        raise ValueError("HF export has a different vocabulary size; special ids out of order?")
    return hf


def write_hf_tokenizer(tokenizer: IndicBPETokenizer, path: str | Path) -> Path:
    path = Path(path)
    to_hf_tokenizer(tokenizer).save(str(path))
    return path


def render_token(data: bytes) -> str:
    """Printable form of token bytes: text where the bytes are whole UTF-8, else hex.

    render_token(b"\\xe0\\xa4") -> '<E0><A4>'; control characters are escaped as \\uXXXX.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(f"<{b:02X}>" for b in data)
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c).startswith("C") else c for c in text
    )


def write_vocab(tokenizer: IndicBPETokenizer, path: str | Path) -> Path:
    """One line per id: `id<TAB>[left][right] -> [token]` (minbpe style), for humans only."""
    path = Path(path)
    created_by = {new_id: pair for pair, new_id in tokenizer.model.merges}
    lines = ["# id\tmerge -> token   (for reading only; load the .model file)"]
    for i, data in sorted(tokenizer.model.vocab.items()):
        pair = created_by.get(i)
        if pair is None:
            lines.append(f"{i}\t[{render_token(data)}]")
        else:
            left, right = (render_token(tokenizer.model.vocab[p]) for p in pair)
            lines.append(f"{i}\t[{left}][{right}] -> [{render_token(data)}]")
    for token, i in tokenizer.special_tokens.items():
        lines.append(f"{i}\t{token} (special)")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
