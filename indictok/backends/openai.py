"""OpenAI's encodings (gpt2, cl100k_base, o200k_base), built from the original rank files
kept in the store, through tiktoken's public API only."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from ..export import byte_level_string
from ..pretokenize import GPT2_SPLIT_PATTERN, GPT4_SPLIT_PATTERN
from ..tokenizer import ENDOFTEXT
from .ranks import RankEncoding, TiktokenBackend, tiktoken_ranks

# Split patterns and special tokens as tiktoken_ext/openai_public.py (tiktoken 0.14.0) defines
# them; a test checks they equal the library's own. O200K_SPLIT_PATTERN copied from there.
O200K_SPLIT_PATTERN = (
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"""
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?"""
    r"""|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"""
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)?"""
    r"""|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
)
ENDOFPROMPT, FIM = "<|endofprompt|>", ("<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>")


@dataclass(frozen=True)
class OpenAIEncoding:
    """One tiktoken encoding: its store files (paths in tokenizers_store/), pattern, specials."""

    files: tuple[str, ...]
    pattern: str
    special_tokens: dict[str, int] = field(default_factory=dict)


OPENAI_ENCODINGS = {
    "gpt2": OpenAIEncoding(
        ("tiktoken/gpt2_vocab.bpe", "tiktoken/gpt2_encoder.json"),
        GPT2_SPLIT_PATTERN,
        {ENDOFTEXT: 50256},
    ),
    "cl100k_base": OpenAIEncoding(
        ("tiktoken/cl100k_base.tiktoken",),
        GPT4_SPLIT_PATTERN,
        {
            ENDOFTEXT: 100257,
            **dict(zip(FIM, range(100258, 100261), strict=True)),
            ENDOFPROMPT: 100276,
        },
    ),
    "o200k_base": OpenAIEncoding(
        ("tiktoken/o200k_base.tiktoken",),
        O200K_SPLIT_PATTERN,
        {ENDOFTEXT: 199999, ENDOFPROMPT: 200018},
    ),
}


def data_gym_ranks(vocab_bpe: bytes, encoder_json: bytes, filename: str) -> dict[bytes, int]:
    """GPT-2's `vocab.bpe` (merges) + `encoder.json` -> {token bytes: rank}, as
    tiktoken.load.data_gym_to_mergeable_bpe_ranks builds them (without its /tmp cache)."""
    byte_of = {byte_level_string(bytes([b])): b for b in range(256)}
    # single bytes first, printable ones (in byte order) before the rest, as GPT-2 ranks them
    printable = [b for b in range(256) if chr(b).isprintable() and chr(b) != " "]
    order = printable + [b for b in range(256) if b not in printable]
    ranks = {bytes([b]): rank for rank, b in enumerate(order)}

    def decode(piece: str) -> bytes:
        return bytes(byte_of[char] for char in piece)

    lines = vocab_bpe.decode("utf-8").split("\n")[1:-1]  # a version line, a final newline
    for number, line in enumerate(lines, 2):
        try:
            first, second = line.split()
            ranks[decode(first) + decode(second)] = len(ranks)
        except (ValueError, KeyError):
            raise ValueError(
                f"{filename} line {number}: expected a merge, got {line[:60]!r}"
            ) from None
    encoder = {decode(k): v for k, v in json.loads(encoder_json).items()}
    encoder.pop(ENDOFTEXT.encode(), None)
    if encoder != ranks:
        raise ValueError(f"{filename} and encoder.json disagree (they come from different models)")
    return ranks


def openai_backend(name: str, read: Callable[[str], bytes]) -> TiktokenBackend:
    """OpenAI's encoding `name` from the store; `read(file)` returns a store file's checked
    bytes (checksums.verify)."""
    spec = OPENAI_ENCODINGS[name]
    data = [read(filename) for filename in spec.files]
    if len(data) == 2:
        ranks = data_gym_ranks(data[0], data[1], spec.files[0])
    else:
        ranks = tiktoken_ranks(data[0], spec.files[0])
    rules = RankEncoding(pattern=spec.pattern, special_tokens=spec.special_tokens)
    return TiktokenBackend.build(name, rules, ranks)
