"""The rules of the open models' tokenizers that ship as tiktoken rank files: Meta's Llama 3
and Llama 4, Alibaba's Qwen, Mistral's Tekken. Patterns, special tokens and text handling
are copied from each vendor's own code (named below); tests/test_vendors.py checks them
against that code and its ids on held-out text of every language."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .openai import O200K_SPLIT_PATTERN
from .ranks import RankEncoding

# llama_models 0.3.0, llama3/tokenizer.py: Tokenizer.pat_str and its 256 special tokens
LLAMA3_PATTERN = (
    r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}"
    r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
_LLAMA3_NAMED = [
    "<|begin_of_text|>",
    "<|end_of_text|>",
    "<|reserved_special_token_0|>",
    "<|reserved_special_token_1|>",
    "<|finetune_right_pad_id|>",
    "<|step_id|>",
    "<|start_header_id|>",
    "<|end_header_id|>",
    "<|eom_id|>",
    "<|eot_id|>",
    "<|python_tag|>",
    "<|image|>",
]
LLAMA3_SPECIALS = _LLAMA3_NAMED + [
    f"<|reserved_special_token_{2 + i}|>" for i in range(256 - len(_LLAMA3_NAMED))
]


def _reserved(name: str, count: int, start: int = 0) -> list[str]:
    return [f"<|{name}_reserved_special_token_{i}|>" for i in range(start, start + count)]


# llama_models 0.3.0, llama4/tokenizer.py: BASIC_SPECIAL_TOKENS + LLAMA4_SPECIAL_TOKENS, then
# reserved tokens up to 2,048; the split pattern is o200k_base's (O200K_PATTERN there)
_LLAMA4_NAMED = [
    "<|begin_of_text|>",
    "<|end_of_text|>",
    "<|fim_prefix|>",
    "<|fim_middle|>",
    "<|fim_suffix|>",
    "<|header_start|>",
    "<|header_end|>",
    "<|eom|>",
    "<|eot|>",
    "<|step|>",
    *(f"<|text_post_train_reserved_special_token_{i}|>" for i in range(6)),
    "<|python_start|>",
    "<|python_end|>",
    "<|finetune_right_pad|>",
    *_reserved("text_post_train", 61, 8),
    "<|image_start|>",
    "<|image_end|>",
    "<|vision_reserved_special_token_0|>",
    "<|vision_reserved_special_token_1|>",
    "<|tile_x_separator|>",
    "<|tile_y_separator|>",
    *(f"<|vision_reserved_special_token_{i}|>" for i in range(2, 6)),
    "<|image|>",
    "<|vision_reserved_special_token_6|>",
    "<|patch|>",
    *_reserved("vision", 1041, 7),
    *_reserved("reasoning", 8),
    "<|reasoning_thinking_start|>",
    "<|reasoning_thinking_end|>",
]
LLAMA4_SPECIALS = _LLAMA4_NAMED + [
    f"<|reserved_special_token_{i}|>" for i in range(2048 - len(_LLAMA4_NAMED))
]

# dashscope 2.0.2, tokenizers/qwen_tokenizer.py: PAT_STR, SPECIAL_TOKENS from id 151,643,
# and QwenTokenizer.encode normalises to NFC first
QWEN_PATTERN = (
    r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"""
    r"""| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
)
QWEN_SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
QWEN_SPECIALS += [f"<|extra_{i}|>" for i in range(205)]
QWEN_FIRST_SPECIAL = 151_643
QWEN_CHUNK = 100_000  # QwenTokenizer._split_text: longer texts are cut at line starts

# mistral_common 1.13.1, tokens/tokenizers/tekken.py: Tekkenizer with tekken_240911.json's
# config (pattern; 1,000 special ids before the ranks, named by DEPRECATED_SPECIAL_TOKENS
# and then <SPECIAL_i>); its encode never matches special strings in text
TEKKEN_PATTERN = (
    r"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+"
    r"|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*"
    r"|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"
)
TEKKEN_NUM_SPECIAL = 1000
TEKKEN_VOCAB = 131_072  # config default_vocab_size: the first 130,072 ranks are used
_TEKKEN_NAMED = [
    "<unk>",
    "<s>",
    "</s>",
    "[INST]",
    "[/INST]",
    "[AVAILABLE_TOOLS]",
    "[/AVAILABLE_TOOLS]",
    "[TOOL_RESULTS]",
    "[/TOOL_RESULTS]",
    "[TOOL_CALLS]",
    "[IMG]",
    "<pad>",
    "[IMG_BREAK]",
    "[IMG_END]",
    "[PREFIX]",
    "[MIDDLE]",
    "[SUFFIX]",
    "[SYSTEM_PROMPT]",
    "[/SYSTEM_PROMPT]",
    "[TOOL_CONTENT]",
]
TEKKEN_SPECIALS = _TEKKEN_NAMED + [
    f"<SPECIAL_{i}>" for i in range(len(_TEKKEN_NAMED), TEKKEN_NUM_SPECIAL)
]

LLAMA_MAX_RUN = 25_000  # llama_models: MAX_NO_WHITESPACES_CHARS
LLAMA_MAX_CHARS = 400_000  # llama_models: TIKTOKEN_MAX_ENCODE_CHARS


def llama_pieces(text: str) -> Iterator[str]:
    """The pieces Llama's `Tokenizer.encode` hands to tiktoken one by one: slices of 400,000
    characters, each cut so that no piece holds more than 25,000 consecutive whitespace or
    non-whitespace characters (`_split_whitespaces_or_nonwhitespaces`)."""
    for i in range(0, len(text), LLAMA_MAX_CHARS):
        yield from runs_capped(text[i : i + LLAMA_MAX_CHARS], LLAMA_MAX_RUN)


_LONG_RUN = re.compile(rf"\s{{{LLAMA_MAX_RUN + 1}}}|\S{{{LLAMA_MAX_RUN + 1}}}")  # \s is str.isspace


def runs_capped(s: str, cap: int) -> Iterator[str]:
    if cap == LLAMA_MAX_RUN and not _LONG_RUN.search(s):
        yield s  # nothing to cut (the common case, without a loop over characters)
        return
    run, is_space, start = 0, s[:1].isspace(), 0
    for i, char in enumerate(s):
        if is_space != char.isspace():
            run, is_space = 1, char.isspace()
        else:
            run += 1
            if run > cap:
                yield s[start:i]
                start, run = i, 1
    yield s[start:]


def qwen_pieces(text: str) -> list[str]:
    """The chunks QwenTokenizer.encode hands to tiktoken: the text whole up to 100,000
    characters, else lines (with their newline in front) packed into chunks of at most that."""
    if len(text) <= QWEN_CHUNK:
        return [text]
    parts: list[str] = []
    for i, line in enumerate(text.split("\n")):
        piece = line if i == 0 else "\n" + line
        parts.extend(piece[j : j + QWEN_CHUNK] for j in range(0, max(len(piece), 1), QWEN_CHUNK))
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for part in parts:
        if size + len(part) > QWEN_CHUNK and current:
            chunks.append("".join(current))
            current, size = [], 0
        current.append(part)
        size += len(part)
    if current:
        chunks.append("".join(current))
    return chunks


def llama3_rules(num_ranks: int) -> RankEncoding:
    specials = {token: num_ranks + i for i, token in enumerate(LLAMA3_SPECIALS)}
    return RankEncoding(pattern=LLAMA3_PATTERN, special_tokens=specials, pieces=llama_pieces)


def llama4_rules(num_ranks: int) -> RankEncoding:
    specials = {token: num_ranks + i for i, token in enumerate(LLAMA4_SPECIALS)}
    return RankEncoding(pattern=O200K_SPLIT_PATTERN, special_tokens=specials, pieces=llama_pieces)


def qwen_rules() -> RankEncoding:
    specials = {token: QWEN_FIRST_SPECIAL + i for i, token in enumerate(QWEN_SPECIALS)}
    return RankEncoding(pattern=QWEN_PATTERN, special_tokens=specials, nfc=True, pieces=qwen_pieces)


def tekken_rules() -> RankEncoding:
    """The store's Tekken rank file holds ranks already moved past the 1,000 special ids."""
    specials = {token: i for i, token in enumerate(TEKKEN_SPECIALS)}
    return RankEncoding(pattern=TEKKEN_PATTERN, special_tokens=specials)
